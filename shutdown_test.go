package main

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigil/storage"
)

// TestStopDuringALockedSubmitFilesTheReport sends SIGTERM to a console
// Vigil while its `submit` waits for another process's write lock on the
// database: the report is still filed and acknowledged once the lock is
// released, within the shutdown grace, and Vigil exits 0.
func TestStopDuringALockedSubmitFilesTheReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildVigil(t)
	db := filepath.Join(t.TempDir(), "v.db")
	p := start(t, bin, db)
	for _, step := range [][2]string{{"report", "What kind of approach"}, {"1", "When did it happen"}, {"today", "How were you approached"},
		{"2", "Who approached"}, {"skip", "Which country"}, {"skip", "What happened"}, {"A diplomat offered cash for a vote", "accepted or promised"},
		{"no", "What evidence"}, {"skip", "name or anonymously"}, {"1", "contact you"}, {"no", "Reply `submit`"}} {
		p.say(t, step[0], step[1])
	}

	// Another process takes the write lock, as a long transaction would.
	locker, err := sql.Open("sqlite3", "file:"+url.PathEscape(db)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	ctx := context.Background()
	conn, err := locker.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.in.Write([]byte("submit\n")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the submit now waits on the lock
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the stop is under way
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}

	var ack string
	for l := range p.lines {
		if m := refRE.FindString(l); m != "" && ack == "" {
			if !strings.Contains(l, "Your report is filed as "+m) {
				t.Fatalf("the first reference came in %q, not in the acknowledgement", l)
			}
			ack = m
		}
	}
	err = p.cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) || (err != nil && !errors.Is(err, exec.ErrWaitDelay)) {
		t.Fatalf("vigil exited with %v after SIGTERM", err)
	}
	if ack == "" {
		t.Fatal("the report was not acknowledged after SIGTERM")
	}
	store, err := storage.Open(ctx, db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := store.CaseByRef(ctx, ack)
	if err != nil || c.Report.Description != "A diplomat offered cash for a vote" {
		t.Fatalf("acknowledged %s: %+v, %v", ack, c, err)
	}
}
