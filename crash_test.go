package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

var crashSeed = flag.Uint64("crash.seed", 0, "seed of TestCrashKeepsAcknowledgedReports' kill times (0: from the clock)")

const (
	crashWriters = 3                      // vigil processes writing to one database at a time
	crashRounds  = 4                      // rounds of start, write, SIGKILL
	crashMinLife = 100 * time.Millisecond // earliest kill after a start
	crashMaxLife = 4 * time.Second        // latest kill after a start
	// crashStall is how long a writer waits for any output before it
	// declares the process stuck.
	crashStall = 20 * time.Second
)

// filing is a report whose reference a vigil process printed.
type filing struct{ ref, desc, writer string }

// writerLog is what one writer saw from one vigil process.
type writerLog struct {
	filed    []filing // references acknowledged with "filed as"
	printed  []string // every reference printed, notices included
	problems []string // storage errors and stalls
	exited   bool     // the process closed its output
}

// TestCrashKeepsAcknowledgedReports runs several vigil processes on one
// database, each a different console user filing reports in a loop, kills
// them with SIGKILL at random moments over several rounds, and checks that
// every reference a process printed is stored exactly once with what its
// writer sent, and that the database is intact.
func TestCrashKeepsAcknowledgedReports(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs the binary for about half a minute")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (repeat with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1|1))

	bin := buildVigil(t)
	db := filepath.Join(t.TempDir(), "v.db")
	// One clean run creates the database and its key file, so that the
	// concurrent writers do not race to generate the key.
	first := start(t, bin, db)
	first.in.Close()
	if err := first.cmd.Wait(); err != nil {
		t.Fatalf("first run: %v", err)
	}

	var all []writerLog
	for round := range crashRounds {
		procs := startWriters(t, bin, db)
		logs := make([]chan writerLog, len(procs))
		for i, p := range procs {
			logs[i] = make(chan writerLog, 1)
			go func() { logs[i] <- p.fileReports(writerID(i), round, nil) }()
		}
		lives := make([]time.Duration, len(procs))
		for i := range lives {
			lives[i] = crashMinLife + time.Duration(rng.Int64N(int64(crashMaxLife-crashMinLife)))
		}
		t.Logf("round %d: kills after %v", round, lives)
		killAt(t, procs, lives)
		for i, p := range procs {
			all = append(all, <-logs[i])
			p.cmd.Wait()
		}
	}

	// A last, clean run per writer resumes whatever the kills left behind,
	// files one more report each and exits normally at the end of input.
	procs := startWriters(t, bin, db)
	logs := make([]chan writerLog, len(procs))
	for i, p := range procs {
		logs[i] = make(chan writerLog, 1)
		go func() { logs[i] <- p.fileReports(writerID(i), crashRounds, p.in) }()
	}
	for i, p := range procs {
		l := <-logs[i]
		if len(l.filed) != 1 {
			t.Errorf("%s: clean run filed %d reports, want 1", writerID(i), len(l.filed))
		}
		all = append(all, l)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("%s: clean run: %v", writerID(i), err)
		}
	}
	checkCrashDatabase(t, db, all)
}

func writerID(i int) string { return fmt.Sprintf("crash-writer-%d", i) }

// startWriters starts one vigil process per writer, each a different
// console user on the same database.
func startWriters(t *testing.T, bin, db string) []*process {
	t.Helper()
	procs := make([]*process, crashWriters)
	for i := range procs {
		t.Setenv("VIGIL_CONSOLE_USER", writerID(i))
		procs[i] = start(t, bin, db)
	}
	return procs
}

// killAt sends SIGKILL to each process when its life time has passed.
func killAt(t *testing.T, procs []*process, lives []time.Duration) {
	t.Helper()
	began := time.Now()
	order := make([]int, len(procs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(lives[a] - lives[b]) })
	for _, i := range order {
		time.Sleep(time.Until(began.Add(lives[i])))
		if err := procs[i].cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Logf("%s: kill: %v", writerID(i), err)
		}
	}
}

// reportScript is the console input that files one report (after
// cancelling any report a kill left unfinished).
func reportScript(desc string) string {
	return "cancel\nreport\n1\ntoday\n2\nskip\nskip\n" + desc + "\nno\nskip\n1\nno\nsubmit\n"
}

// fileReports sends report scripts to p until its output ends. When
// closeAfterOne is not nil it is closed after the first acknowledged
// report, which ends a healthy process; otherwise the loop runs until the
// process is killed. It reads all output, so it never blocks the process.
func (p *process) fileReports(writer string, round int, closeAfterOne io.Closer) writerLog {
	var l writerLog
	send := func(n int) (string, bool) {
		desc := fmt.Sprintf("%s round %d report %d: an attaché offered cash for a vote", writer, round, n)
		_, err := io.WriteString(p.in, reportScript(desc))
		return desc, err == nil
	}
	n := 0
	desc, writing := send(n)
	for {
		var line string
		var ok bool
		select {
		case line, ok = <-p.lines:
		case <-time.After(crashStall):
			l.problems = append(l.problems, fmt.Sprintf("%s: no output for %v", writer, crashStall))
			p.cmd.Process.Kill()
			continue
		}
		if !ok {
			l.exited = true
			return l
		}
		l.printed = append(l.printed, refRE.FindAllString(line, -1)...)
		if strings.Contains(line, "storage problem") {
			l.problems = append(l.problems, fmt.Sprintf("%s: %s", writer, line))
		}
		if !strings.Contains(line, "Your report is filed as") || !writing {
			continue
		}
		l.filed = append(l.filed, filing{ref: refRE.FindString(line), desc: desc, writer: writer})
		if closeAfterOne != nil {
			closeAfterOne.Close()
			writing = false
			continue
		}
		n++
		desc, writing = send(n)
	}
}

// checkCrashDatabase opens the database the writers used and checks that
// every printed reference is stored once with the right content, that no
// report was stored twice and that SQLite finds the file intact.
func checkCrashDatabase(t *testing.T, path string, logs []writerLog) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.Options{})
	if err != nil {
		t.Fatalf("reopen after crashes: %v", err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Errorf("integrity: %v", err)
	}
	cases, err := db.ListCases(ctx, bot.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byRef := map[string]int{}
	byDesc := map[string]int{}
	for _, c := range cases {
		byRef[c.Ref]++
		byDesc[c.Report.Description]++
		evs, err := db.CaseEvents(ctx, c.ID)
		if err != nil {
			t.Fatalf("events of %s: %v", c.Ref, err)
		}
		if len(evs) != 1 || evs[0].Kind != bot.EventFiled {
			t.Errorf("%s has events %v, want exactly one filed event", c.Ref, evs)
		}
	}
	for ref, n := range byRef {
		if n != 1 {
			t.Errorf("reference %s stored %d times", ref, n)
		}
	}
	for desc, n := range byDesc {
		if n != 1 {
			t.Errorf("report %q stored %d times", desc, n)
		}
	}
	acknowledged := 0
	printed := map[string]bool{}
	for _, l := range logs {
		for _, p := range l.problems {
			t.Error(p)
		}
		for _, ref := range l.printed {
			if byRef[ref] != 1 && !printed[ref] {
				t.Errorf("printed reference %s is stored %d times", ref, byRef[ref])
			}
			printed[ref] = true
		}
		for _, f := range l.filed {
			acknowledged++
			c, err := db.CaseByRef(ctx, f.ref)
			if err != nil {
				t.Errorf("%s: acknowledged %s: %v", f.writer, f.ref, err)
				continue
			}
			if c.Report.Description != f.desc || c.Reporter.ID != f.writer {
				t.Errorf("%s holds %q by %s, want %q by %s", f.ref, c.Report.Description, c.Reporter.ID, f.desc, f.writer)
			}
		}
	}
	t.Logf("%d reports acknowledged, %d stored (a kill can fall between a commit and its acknowledgement)", acknowledged, len(cases))
	if acknowledged < crashRounds {
		t.Errorf("only %d reports acknowledged: the writers did not get far enough to test anything", acknowledged)
	}
}
