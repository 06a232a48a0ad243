//go:build !unix

package main

// privateFiles does nothing where there is no umask; storage still
// creates the reports database with owner-only permissions.
func privateFiles() {}
