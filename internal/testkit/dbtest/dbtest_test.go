package dbtest_test

import (
	"testing"

	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
)

// TestStorageKeepsTheStoreContract runs the contract MemStore is held to
// against the real database, so that the core's tests on MemStore hold
// on SQLite.
func TestStorageKeepsTheStoreContract(t *testing.T) {
	testkit.CheckStore(t, func(t *testing.T) testkit.Store { return dbtest.Open(t, "") })
}
