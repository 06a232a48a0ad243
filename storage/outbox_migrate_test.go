package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"vigil/bot"
)

// TestPendingNoticesMoveIntoTheOutbox builds a database as schema version
// 3 left it, with two of three notices still pending, and opens it: the
// migration to the outbox keeps exactly those two, due at once.
func TestPendingNoticesMoveIntoTheOutbox(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	key := make([]byte, KeySize)
	for i := range key {
		key[i] = byte(i + 1)
	}
	raw, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{sql: raw, path: path}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:3] {
		if _, err := raw.ExecContext(ctx, m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	if _, err := raw.ExecContext(ctx, "PRAGMA user_version = 3"); err != nil {
		t.Fatal(err)
	}
	if err := old.setUpKey(ctx, path, Options{Key: key}); err != nil {
		t.Fatal(err)
	}
	filed := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i, pending := range []int{1, 0, 1} {
		ref := bot.FormatRef(2026, i+1)
		details := old.seal.seal([]byte(`{"description":"wine"}`), caseContext(ref))
		if _, err := raw.ExecContext(ctx, `INSERT INTO cases (ref, category, channel, occurred_on, accepted, anonymous,
			contact_allowed, status, severity, filed_at, updated_at, receipt_hash, details_enc, notice_pending)
			VALUES (?, 'gift', 'event', '2026-11-19', 'no', 1, 0, 'new', 'low', ?, ?, ?, ?, ?)`,
			ref, formatTime(filed), formatTime(filed), fmt.Sprintf("h%d", i), details, pending); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path, Options{Key: key})
	if err != nil {
		t.Fatalf("open the version 3 database: %v", err)
	}
	defer db.Close()
	items, err := db.Outbox().Claim(ctx, filed, time.Minute, []string{""}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].CaseRef != "VGL-2026-0001" || items[1].CaseRef != "VGL-2026-0003" ||
		items[0].Kind != bot.OutboxNotice || items[0].Attempts != 1 || !items[0].DueAt.Equal(filed) {
		t.Fatalf("pending notices after the migration: %+v", items)
	}
	if _, err := db.CaseByRef(ctx, "VGL-2026-0002"); err != nil {
		t.Fatalf("a case did not survive the migration: %v", err)
	}
}
