//go:build unix

package main

import "syscall"

// privateFiles makes every file the process creates private to its user
// (files 0600, directories 0700) whatever the operator's umask: the
// reports database and its -wal and -shm files, the Matrix crypto store
// and session file, exports and backups all hold what reporters said or
// the keys to it.
func privateFiles() { syscall.Umask(0o077) }
