package testkit_test

import (
	"testing"

	"vigil/internal/testkit"
)

func TestMemStoreKeepsTheStoreContract(t *testing.T) {
	testkit.CheckStore(t, func(*testing.T) testkit.Store { return testkit.NewMemStore() })
}
