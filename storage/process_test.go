package storage_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// helperEnv names the helper a re-executed test binary runs instead of
// the tests (see TestMain).
const helperEnv = "STORAGE_TEST_HELPER"

// TestMain runs the tests, or, in a process started by startHelper, one
// helper that does what a real Vigil process would do to the database.
func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "open":
		os.Exit(helperOpen())
	case "writekey":
		os.Exit(helperWriteKey())
	default:
		fmt.Fprintln(os.Stderr, "unknown helper", os.Getenv(helperEnv))
		os.Exit(3)
	}
}

// helperOpen opens the database STORAGE_TEST_DB as soon as the file "go"
// appears in STORAGE_TEST_BARRIER (after writing "ready-<pid>" there), with
// the key STORAGE_TEST_KEY when set, and files one case. It exits 0 on
// success, 4 on ErrWrongKey and 1 on any other error, printed on stderr.
func helperOpen() int {
	barrier := os.Getenv("STORAGE_TEST_BARRIER")
	if err := os.WriteFile(filepath.Join(barrier, "ready-"+strconv.Itoa(os.Getpid())), nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, err := os.Stat(filepath.Join(barrier, "go")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "no start signal")
			return 1
		}
		time.Sleep(100 * time.Microsecond)
	}
	var opts storage.Options
	if k := os.Getenv("STORAGE_TEST_KEY"); k != "" {
		key, err := storage.ParseKey(k)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		opts.Key = key
	}
	db, err := storage.Open(ctx, os.Getenv("STORAGE_TEST_DB"), opts)
	if errors.Is(err, storage.ErrWrongKey) {
		return 4
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	if _, err := db.FileCase(ctx, sampleCase("filed by helper "+strconv.Itoa(os.Getpid()))); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startTogether starts one helper per environment, waits until each is
// ready, lets them all open the database at once and returns their exit
// codes and error output.
func startTogether(t *testing.T, db string, envs [][]string) (codes []int, stderr []string) {
	t.Helper()
	barrier := t.TempDir()
	cmds := make([]*exec.Cmd, len(envs))
	outs := make([]*os.File, len(envs))
	for i, env := range envs {
		f, err := os.CreateTemp(barrier, "stderr-*")
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = f
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(append(os.Environ(), helperEnv+"=open", "STORAGE_TEST_DB="+db, "STORAGE_TEST_BARRIER="+barrier), env...)
		cmd.Stderr = f
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(time.Millisecond) {
		ready, _ := filepath.Glob(filepath.Join(barrier, "ready-*"))
		if len(ready) == len(envs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d helpers ready", len(ready), len(envs))
		}
	}
	if err := os.WriteFile(filepath.Join(barrier, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, cmd := range cmds {
		err := cmd.Wait()
		code := 0
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
		b, _ := os.ReadFile(outs[i].Name())
		outs[i].Close()
		stderr = append(stderr, string(b))
	}
	return codes, stderr
}

// TestProcessesStartingTogetherOnANewDatabase starts four processes at
// once on a new database, ten times over: each must migrate (or find the
// migrations done), share the one key file the first of them creates, and
// file its case.
func TestProcessesStartingTogetherOnANewDatabase(t *testing.T) {
	const trials, procs = 10, 4
	for trial := range trials {
		dir := t.TempDir()
		path := filepath.Join(dir, "v.db")
		codes, stderr := startTogether(t, path, make([][]string, procs))
		for i, code := range codes {
			if code != 0 {
				t.Errorf("trial %d, process %d: exit %d: %s", trial, i, code, stderr[i])
			}
		}
		db := open(t, path, storage.Options{})
		cases, err := db.ListCases(ctx, bot.CaseFilter{})
		if err != nil || len(cases) != procs {
			t.Fatalf("trial %d: %d cases, %v", trial, len(cases), err)
		}
		db.Close()
	}
}

// TestProcessesWithDifferentKeysOnANewDatabase starts four processes at
// once on a new database, each with its own key: exactly one key becomes
// the database's, and the others are refused as wrong keys (not with a
// constraint error, and never two key checks).
func TestProcessesWithDifferentKeysOnANewDatabase(t *testing.T) {
	const trials, procs = 5, 4
	for trial := range trials {
		path := filepath.Join(t.TempDir(), "v.db")
		envs := make([][]string, procs)
		for i := range envs {
			envs[i] = []string{fmt.Sprintf("STORAGE_TEST_KEY=%064x", i+1)}
		}
		codes, stderr := startTogether(t, path, envs)
		won := 0
		for i, code := range codes {
			switch code {
			case 0:
				won++
			case 4:
			default:
				t.Errorf("trial %d, process %d: exit %d: %s", trial, i, code, stderr[i])
			}
		}
		if won != 1 {
			t.Fatalf("trial %d: %d processes accepted their key, want exactly 1 (exit codes %v)", trial, won, codes)
		}
	}
}
