package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"vigil/bot"
	"vigil/storage"
)

var ctx = context.Background()

func open(t *testing.T, path string, opts storage.Options) *storage.DB {
	t.Helper()
	db, err := storage.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sampleCase(desc string) bot.NewCase {
	return bot.NewCase{
		Report: bot.Report{Category: bot.CategoryPayment, OccurredOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
			Channel: bot.ChannelPhone, Approacher: "Agent Zebra of Bogus Media", ApproacherCountry: "Ruritania",
			Description: desc, Accepted: bot.AcceptedNo, Evidence: "voicemail from Zebra"},
		Reporter: bot.User{Platform: "slack", ID: "UREPORTER7", Name: "Reporter Seven"},
		Severity: bot.SeverityHigh, FiledAt: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC),
	}
}

func TestFileAndReadBack(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	nc := sampleCase("They offered cash for a question")
	c, err := db.FileCase(ctx, nc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.CaseByRef(ctx, c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Report != nc.Report || got.Reporter != nc.Reporter || got.Ref != "VGL-2026-0001" || !got.FiledAt.Equal(nc.FiledAt) {
		t.Fatalf("read back %+v\nwant %+v", got, nc)
	}
	if _, err := db.CaseByRef(ctx, "VGL-2026-0002"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("missing case err = %v", err)
	}
	// A new year restarts the sequence.
	nc.FiledAt = time.Date(2027, 1, 1, 0, 0, 1, 0, time.UTC)
	c2, err := db.FileCase(ctx, nc)
	if err != nil || c2.Ref != "VGL-2027-0001" {
		t.Fatalf("next year ref %q, %v", c2.Ref, err)
	}
}

func TestAnonymousCaseByReceipt(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	nc := sampleCase("anonymous text")
	nc.Report.Anonymous, nc.Reporter, nc.ReceiptHash = true, bot.User{}, "hash-1"
	c, err := db.FileCase(ctx, nc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.CaseByReceipt(ctx, "hash-1")
	if err != nil || got.Ref != c.Ref {
		t.Fatalf("by receipt: %+v, %v", got, err)
	}
	nc.Reporter = bot.User{Platform: "slack", ID: "U1"}
	if _, err := db.FileCase(ctx, nc); err == nil {
		t.Fatal("an anonymous case with a reporter was accepted")
	}
}

func TestNoPlaintextInTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	db, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	secret := "Quetzalcoatl offered 7777 euros"
	if _, err := db.FileCase(ctx, sampleCase(secret)); err != nil {
		t.Fatal(err)
	}
	s := bot.Session{Key: "slack:USESSION9", User: bot.User{Platform: "slack", ID: "USESSION9"}, Step: bot.StepEvidence,
		Draft: bot.Report{Description: "Draft mentions Xylophone Holdings"}, UpdatedAt: time.Now()}
	if err := db.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	// Read the file while open (WAL) and after closing (checkpointed).
	check := func() {
		var all []byte
		for _, f := range []string{path, path + "-wal"} {
			b, _ := os.ReadFile(f)
			all = append(all, b...)
		}
		for _, needle := range []string{secret, "Quetzalcoatl", "Agent Zebra", "Ruritania", "voicemail", "UREPORTER7", "Reporter Seven", "Xylophone", "USESSION9"} {
			if bytes.Contains(all, []byte(needle)) {
				t.Fatalf("database file contains %q in clear", needle)
			}
		}
		if len(all) == 0 {
			t.Fatal("nothing written")
		}
	}
	check()
	db.Close()
	check()
}

func TestKeyFileIsCreatedPrivateAndChecked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	db, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !db.KeyCreated || db.KeyFile != filepath.Join(dir, "vigil.key") {
		t.Fatalf("key file not reported: %v %q", db.KeyCreated, db.KeyFile)
	}
	fi, err := os.Stat(db.KeyFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	if _, err := db.FileCase(ctx, sampleCase("x")); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open(t, path, storage.Options{})
	if db.KeyCreated {
		t.Fatal("key regenerated on second open")
	}
	db.Close()

	wrong := bytes.Repeat([]byte{7}, storage.KeySize)
	if _, err := storage.Open(ctx, path, storage.Options{Key: wrong}); !errors.Is(err, storage.ErrWrongKey) {
		t.Fatalf("wrong key err = %v", err)
	}
	os.Rename(filepath.Join(dir, "vigil.key"), filepath.Join(dir, "moved.key"))
	_, err = storage.Open(ctx, path, storage.Options{})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("missing key err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "vigil.key")); !os.IsNotExist(err) {
		t.Fatal("a new key was generated for a database that has data")
	}
	open(t, path, storage.Options{KeyFile: filepath.Join(dir, "moved.key")})
}

func TestBadDatabases(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing directory", func(t *testing.T) {
		_, err := storage.Open(ctx, filepath.Join(dir, "nope", "v.db"), storage.Options{})
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("not a database", func(t *testing.T) {
		p := filepath.Join(dir, "garbage.db")
		os.WriteFile(p, bytes.Repeat([]byte("not sqlite at all "), 500), 0o600)
		_, err := storage.Open(ctx, p, storage.Options{})
		if err == nil || !strings.Contains(err.Error(), "corrupt") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		p := filepath.Join(dir, "newer.db")
		raw, err := sql.Open("sqlite3", p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec("PRAGMA user_version = 999"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = storage.Open(ctx, p, storage.Options{})
		if err == nil || !strings.Contains(err.Error(), "schema version 999") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("locked", func(t *testing.T) {
		p := filepath.Join(dir, "locked.db")
		raw, err := sql.Open("sqlite3", p)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		conn, err := raw.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE; CREATE TABLE x (a)"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "ROLLBACK")
		_, err = storage.Open(ctx, p, storage.Options{})
		if err == nil || !strings.Contains(err.Error(), "locked") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestMigrationsAreIdempotentAndVersioned(t *testing.T) {
	p := filepath.Join(t.TempDir(), "v.db")
	open(t, p, storage.Options{}).Close()
	open(t, p, storage.Options{}).Close()
	raw, err := sql.Open("sqlite3", p)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != storage.SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d (%v), want %d", v, err, storage.SchemaVersion())
	}
	var mode string
	raw.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode = %q", mode)
	}
}

func TestSessions(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	old := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	s := bot.Session{Key: "matrix:@a:b", User: bot.User{Platform: "matrix", ID: "@a:b"}, Address: bot.DirectTo("@a:b"),
		Step: bot.StepWho, History: []bot.Step{bot.StepCategory}, Draft: bot.Report{Category: bot.CategoryGift}, UpdatedAt: old}
	if err := db.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := db.LoadSession(ctx, s.Key)
	if err != nil || got.Step != s.Step || got.Draft.Category != bot.CategoryGift || len(got.History) != 1 || got.Address != s.Address {
		t.Fatalf("loaded %+v, %v", got, err)
	}
	idle, err := db.IdleSessions(ctx, old.Add(time.Minute))
	if err != nil || len(idle) != 1 {
		t.Fatalf("idle = %v, %v", idle, err)
	}
	if idle, _ := db.IdleSessions(ctx, old); len(idle) != 0 {
		t.Fatalf("idle before update time = %v", idle)
	}
	if err := db.DeleteSession(ctx, s.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadSession(ctx, s.Key); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := db.DeleteSession(ctx, s.Key); err != nil {
		t.Fatalf("deleting a missing session: %v", err)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestFilingClosesTheSessionAtomically(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	s := bot.Session{Key: "slack:UREP", Step: bot.StepConfirm, UpdatedAt: time.Now()}
	if err := db.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	nc := sampleCase("x")
	nc.SessionKey = s.Key
	if _, err := db.FileCase(ctx, nc); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadSession(ctx, s.Key); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("session survives filing: %v", err)
	}
	// A failed filing leaves the session in place.
	if err := db.SaveSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	bad := sampleCase("y")
	bad.SessionKey = s.Key
	bad.Report.Anonymous = true // anonymous without a receipt: refused
	if _, err := db.FileCase(ctx, bad); err == nil {
		t.Fatal("invalid case filed")
	}
	if _, err := db.LoadSession(ctx, s.Key); err != nil {
		t.Fatalf("session lost by a failed filing: %v", err)
	}
}
