package matrix

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// openSQLite opens an SQLite file; it is closed when the test ends.
func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func schemaVersion(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow(`SELECT version FROM vigil_matrix_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSchemaIsVersioned(t *testing.T) {
	changes, err := schemaChanges()
	if err != nil || len(changes) == 0 {
		t.Fatalf("schema changes: %v, %v", changes, err)
	}
	db := openSQLite(t, filepath.Join(t.TempDir(), "crypto.db"))
	for range 2 { // the second run changes nothing
		if err := upgradeSchema(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		if v := schemaVersion(t, db); v != len(changes) {
			t.Fatalf("version %d, want %d", v, len(changes))
		}
	}
	var rows int
	if err := db.QueryRow(`SELECT COUNT(*) FROM vigil_matrix_version`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("version rows: %d, %v", rows, err)
	}
}

// TestSchemaAdoptsTheUnversionedTable opens a crypto database of a release
// that created vigil_handled_event without a version: the table and its
// rows are kept, and the version recorded.
func TestSchemaAdoptsTheUnversionedTable(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "crypto.db"))
	if _, err := db.Exec(`CREATE TABLE vigil_handled_event (event_id TEXT PRIMARY KEY, handled_at INTEGER NOT NULL) WITHOUT ROWID;
		INSERT INTO vigil_handled_event VALUES ('$old', 1700000000)`); err != nil {
		t.Fatal(err)
	}
	h, err := openHandled(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	if fresh, err := h.begin(t.Context(), "$old"); err != nil || fresh {
		t.Fatalf("the message handled before the upgrade: %v, %v; want it known", fresh, err)
	}
	if v := schemaVersion(t, db); v != 1 {
		t.Fatalf("version %d", v)
	}
}

func TestSchemaFromANewerVigilIsRefused(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "crypto.db"))
	if _, err := db.Exec(`CREATE TABLE vigil_matrix_version (version INTEGER NOT NULL); INSERT INTO vigil_matrix_version VALUES (99)`); err != nil {
		t.Fatal(err)
	}
	err := upgradeSchema(t.Context(), db)
	if err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Fatalf("a newer schema gave %v", err)
	}
}
