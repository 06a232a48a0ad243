package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// TestBackupWhileVigilRuns backs up the database with `vigil backup`
// three times while three vigil processes file reports into it, and once
// after they stop. Each backup must be a private (0600), consistent
// snapshot: restored as the README says (the copy in place of the
// database, the same key file), it opens, passes SQLite's integrity check
// and holds the references VGL-<year>-0001 to -N without a gap (references
// are numbered in commit order), each with the text its writer sent. The
// last one holds every acknowledged report. Every backup is audited.
func TestBackupWhileVigilRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for several seconds")
	}
	bin := buildVigil(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	first := start(t, bin, db)
	first.in.Close()
	if err := first.cmd.Wait(); err != nil {
		t.Fatalf("first run: %v", err)
	}

	procs := startWriters(t, bin, db)
	logs := make([]chan writerLog, len(procs))
	for i, p := range procs {
		logs[i] = make(chan writerLog, 1)
		go func() { logs[i] <- p.fileReports(writerID(i), 0, nil) }()
	}
	backup := func(name string) string {
		t.Helper()
		file := filepath.Join(dir, name)
		cmd := exec.Command(bin, "backup", file)
		cmd.Env = append(os.Environ(), "VIGIL_DATABASE="+db)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "backed up") {
			t.Fatalf("vigil backup %s: %v\n%s", name, err, out)
		}
		return file
	}
	// Back up once some reports are in, then twice more as others come.
	live, err := storage.Open(context.Background(), db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		cases, err := live.ListCases(context.Background(), bot.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d reports filed after a minute", len(cases))
		}
	}
	live.Close()
	var backups []string
	for i := range 3 {
		backups = append(backups, backup(fmt.Sprintf("during-%d.db", i)))
		time.Sleep(500 * time.Millisecond)
	}
	var all []writerLog
	for i, p := range procs {
		p.in.Close()
		all = append(all, <-logs[i])
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("%s: %v", writerID(i), err)
		}
	}
	final := backup("after.db")

	sent := map[string]filing{}
	for _, l := range all {
		for _, p := range l.problems {
			t.Error(p)
		}
		for _, f := range l.filed {
			sent[f.ref] = f
		}
	}
	if len(sent) < 10 {
		t.Fatalf("only %d reports acknowledged: the writers did not get far enough to test anything", len(sent))
	}
	keyFile := filepath.Join(dir, "vigil.key")
	for _, b := range backups {
		checkRestoredBackup(t, b, keyFile, sent, false)
	}
	checkRestoredBackup(t, final, keyFile, sent, true)

	code, out, errOut := runVigilWithDB(t, db, "audit")
	if code != 0 || strings.Count(out, "\tbackup\t") != 4 || strings.Count(out, "cases)\tok") != 4 {
		t.Fatalf("backups not audited: %d %s\n%s", code, errOut, out)
	}
}

// runVigilWithDB runs the command line in-process on the database db.
func runVigilWithDB(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("VIGIL_DATABASE", db)
	return runVigil(t, "", args...)
}

// checkRestoredBackup restores a backup as the README says (copied in
// place of the database, the same key file) and checks it: mode 0600,
// integrity, references 1..N without a gap, each with its writer's text,
// and with complete true every acknowledged report.
func checkRestoredBackup(t *testing.T, backup, keyFile string, sent map[string]filing, complete bool) {
	t.Helper()
	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %04o, want 0600", filepath.Base(backup), fi.Mode().Perm())
	}
	restored := filepath.Join(t.TempDir(), "vigil.db")
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, restored, storage.Options{KeyFile: keyFile})
	if err != nil {
		t.Fatalf("%s: restored copy does not open with the key: %v", filepath.Base(backup), err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Errorf("%s: %v", filepath.Base(backup), err)
	}
	cases, err := db.ListCases(ctx, bot.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	for _, c := range cases {
		refs[c.Ref] = true
		if f, ok := sent[c.Ref]; ok && (c.Report.Description != f.desc || c.Reporter.ID != f.writer) {
			t.Errorf("%s: %s holds %q by %s, want %q by %s", filepath.Base(backup), c.Ref, c.Report.Description, c.Reporter.ID, f.desc, f.writer)
		}
	}
	year := time.Now().UTC().Year()
	for i := 1; i <= len(cases); i++ {
		if ref := bot.FormatRef(year, i); !refs[ref] {
			t.Errorf("%s: %d cases but %s is missing: not a consistent snapshot", filepath.Base(backup), len(cases), ref)
		}
	}
	if complete {
		for ref := range sent {
			if !refs[ref] {
				t.Errorf("%s: acknowledged %s is missing", filepath.Base(backup), ref)
			}
		}
	}
	t.Logf("%s: %d cases", filepath.Base(backup), len(cases))

	// The binary works on the restored copy with the same key file.
	t.Setenv("VIGIL_KEY_FILE", keyFile)
	defer t.Setenv("VIGIL_KEY_FILE", "")
	code, out, errOut := runVigilWithDB(t, restored, "export", "--format", "json")
	if code != 0 || strings.Count(out, "\n") != len(cases) {
		t.Errorf("%s: export of the restored copy: exit %d, %d lines for %d cases: %s", filepath.Base(backup), code, strings.Count(out, "\n"), len(cases), errOut)
	}
}
