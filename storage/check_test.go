package storage_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigil/storage"
)

// TestCorruptPagesAreRefusedAtStart damages one page in the middle of a
// database whose header and schema are intact, as a disk or a careless
// copy can: the file still opens in SQLite and its key check still reads,
// but Open refuses it with a message that says to restore a backup.
func TestCorruptPagesAreRefusedAtStart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	db := open(t, path, storage.Options{})
	for i := range 300 {
		if _, err := db.FileCase(ctx, sampleCase(fmt.Sprintf("case %d: %s", i, strings.Repeat("cash for amendments ", 40)))); err != nil {
			t.Fatal(err)
		}
	}
	db.Close() // checkpoints the WAL into the file

	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var pageSize, pages int
	raw.QueryRow("PRAGMA page_size").Scan(&pageSize)
	raw.QueryRow("PRAGMA page_count").Scan(&pages)
	raw.Close()
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, pageSize), int64(pages/2)*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
	f.Close()

	// Behind a valid header: SQLite opens the file and reads the schema
	// version and the meta table without an error.
	raw, err = sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var version, checks int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != storage.SchemaVersion() {
		t.Fatalf("user_version %d, %v", version, err)
	}
	if err := raw.QueryRow("SELECT count(*) FROM meta").Scan(&checks); err != nil || checks != 1 {
		t.Fatalf("meta: %d, %v", checks, err)
	}
	raw.Close()

	_, err = storage.Open(ctx, path, storage.Options{})
	if err == nil || !strings.Contains(err.Error(), "corrupt") || !strings.Contains(err.Error(), "restore the last backup") {
		t.Fatalf("Open of a damaged database: %v", err)
	}
}
