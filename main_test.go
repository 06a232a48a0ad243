package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigil/storage"
)

var refRE = regexp.MustCompile(`VGL-\d{4}-\d{4}`)

// runVigil runs the command line in-process with the given input.
func runVigil(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(input), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestScriptedConsoleFilesAReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "reports.db")
	t.Setenv("VIGIL_DATABASE", db)
	script := "help\nreport\n1\ntoday\n2\nskip\nskip\nA lobbyist offered 500 euros per written question\nno\nskip\n1\nno\nsubmit\n"
	code, out, errOut := runVigil(t, script)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	ref := refRE.FindString(out)
	if ref == "" || !strings.Contains(out, "Commands:") {
		t.Fatalf("no reference in output:\n%s", out)
	}
	if !strings.Contains(errOut, "generated a new encryption key") {
		t.Fatalf("operator not told about the new key: %s", errOut)
	}
	store, err := storage.Open(context.Background(), db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := store.CaseByRef(context.Background(), ref)
	store.Close()
	if err != nil || c.Report.Description != "A lobbyist offered 500 euros per written question" {
		t.Fatalf("case %+v, %v", c, err)
	}
	code, out, _ = runVigil(t, "status "+ref+"\n")
	if code != 0 || !strings.Contains(out, "Status: new") {
		t.Fatalf("status: exit %d\n%s", code, out)
	}
}

func TestCommandLine(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	if code, out, _ := runVigil(t, "", "version"); code != 0 || !strings.HasPrefix(out, "vigil ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errOut := runVigil(t, "", "--help"); code != 0 || !strings.Contains(errOut, "Usage:") {
		t.Fatalf("--help: %d %q", code, errOut)
	}
	if code, _, errOut := runVigil(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Fatalf("unknown verb: %d %q", code, errOut)
	}
	if code, out, _ := runVigil(t, ""); code != 0 || out != "" {
		t.Fatalf("empty input: %d %q", code, out)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, body, env, envValue, want string
	}{
		{"bad yaml", "database: [unclosed", "", "", "config: yaml: line 1"},
		{"unknown key", "databse: x.db\n", "", "", "databse"},
		{"bad idle", "session_idle: 10s\n", "", "", "session_idle"},
		{"bad level", "log_level: loud\n", "", "", "log_level"},
		{"bad env duration", "", "VIGIL_SESSION_IDLE", "soon", "VIGIL_SESSION_IDLE"},
		{"bad key", "data_key: abc\n", "", "", "data_key"},
		{"bad tlp", "export:\n  tlp: purple\n", "", "", "export.tlp: unknown TLP level \"purple\": use one of clear, green, amber, amber+strict, red"},
		{"bad team language", "", "VIGIL_SECURITY_TEAM_LANGUAGE", "it", "security_team.language: must be one of en, fr, de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
			if tt.env != "" {
				t.Setenv(tt.env, tt.envValue)
			}
			args := []string{}
			if tt.body != "" {
				args = []string{"--config", write(strings.ReplaceAll(tt.name, " ", "_")+".yaml", tt.body)}
			}
			code, _, errOut := runVigil(t, "", args...)
			if code == 0 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q, want it to mention %q", code, errOut, tt.want)
			}
			if strings.Contains(errOut, "abc") && tt.name == "bad key" {
				t.Fatalf("error echoes the secret: %q", errOut)
			}
		})
	}
	if _, err := loadConfig(write("empty.yaml", ""), func(string) string { return "" }); err != nil {
		t.Fatalf("empty config file: %v", err)
	}
}

func TestBadDatabaseExitsNonZero(t *testing.T) {
	p := filepath.Join(t.TempDir(), "corrupt.db")
	os.WriteFile(p, bytes.Repeat([]byte("garbage"), 1000), 0o600)
	t.Setenv("VIGIL_DATABASE", p)
	code, _, errOut := runVigil(t, "help\n")
	if code != 1 || !strings.Contains(errOut, "corrupt") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// buildVigil compiles the binary once per test run.
func buildVigil(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "vigil")
	cmd := exec.Command("go", "build", "-tags", "goolm", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	return bin
}

// process is a running vigil binary fed line by line.
type process struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func start(t *testing.T, bin, db string) *process {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "VIGIL_DATABASE="+db)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, in: in, lines: make(chan string, 1000)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return p
}

// say sends a line and waits for an output line containing want.
func (p *process) say(t *testing.T, line, want string) {
	t.Helper()
	io.WriteString(p.in, line+"\n")
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("vigil exited before answering %q with %q", line, want)
			}
			if strings.Contains(l, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no %q after %q", want, line)
		}
	}
}

func TestKilledMidReportResumesAfterRestart(t *testing.T) {
	bin := buildVigil(t)
	db := filepath.Join(t.TempDir(), "v.db")
	p := start(t, bin, db)
	p.say(t, "report", "What kind of approach")
	p.say(t, "2", "When did it happen")
	p.say(t, "yesterday", "How were you approached")
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()

	p = start(t, bin, db)
	p.say(t, "1", "Who approached")
	p.say(t, "back", "How were you approached")
}

func TestAuditAndPurgeCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	code, out, _ := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\nCash offered\nno\nskip\n1\nno\nsubmit\n")
	ref := refRE.FindString(out)
	if code != 0 || ref == "" {
		t.Fatalf("report: %d\n%s", code, out)
	}
	code, out, _ = runVigil(t, "case "+ref+"\ntriage "+ref+" closed resolved\n")
	if code != 0 || !strings.Contains(out, "Cash offered") || !strings.Contains(out, "closed (resolved)") {
		t.Fatalf("console operator cannot triage: %d\n%s", code, out)
	}
	code, out, errOut := runVigil(t, "", "audit")
	if code != 0 || !strings.Contains(out, "console:operator") || !strings.Contains(out, "\tview\t"+ref+"\tok") || !strings.Contains(out, "\ttriage\t"+ref+"\tok") {
		t.Fatalf("audit: %d %s\n%s", code, errOut, out)
	}
	if code, _, errOut := runVigil(t, "", "purge"); code != 1 || !strings.Contains(errOut, "retention_days") {
		t.Fatalf("purge without retention: %d %q", code, errOut)
	}
	t.Setenv("VIGIL_RETENTION_DAYS", "30")
	if code, out, _ := runVigil(t, "", "purge"); code != 0 || !strings.Contains(out, "purged 0 closed cases") {
		t.Fatalf("purge keeps a case closed today: %d %q", code, out)
	}
	if _, out, _ := runVigil(t, "", "audit"); !strings.Contains(out, "cli:operator (command line)\tpurge\t0 cases\tok") {
		t.Fatalf("purge not audited:\n%s", out)
	}
}

func TestConfigCheckRedactsSecrets(t *testing.T) {
	t.Setenv("VIGIL_SLACK_BOT_TOKEN", "xoxb-1111-SECRETBOT")
	t.Setenv("VIGIL_SLACK_APP_TOKEN", "xapp-1-SECRETAPP")
	t.Setenv("VIGIL_DATA_KEY", strings.Repeat("ab", 32))
	t.Setenv("VIGIL_SECURITY_TEAM_SLACK", "U1, U2")
	code, out, errOut := runVigil(t, "", "config", "check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, secret := range []string{"SECRETBOT", "SECRETAPP", strings.Repeat("ab", 32)} {
		if strings.Contains(out+errOut, secret) {
			t.Fatalf("config check prints a secret:\n%s", out)
		}
	}
	for _, want := range []string{"adapters: slack", "bot_token: <redacted>", "data_key: <redacted>", "- U1", "- U2"} {
		if !strings.Contains(out, want) {
			t.Fatalf("config check output lacks %q:\n%s", want, out)
		}
	}
	t.Setenv("VIGIL_SLACK_APP_TOKEN", "")
	if code, _, errOut := runVigil(t, "", "config", "check"); code != 1 || !strings.Contains(errOut, "slack.app_token") {
		t.Fatalf("missing app token: %d %q", code, errOut)
	}
	if code, _, errOut := runVigil(t, "", "config", "chekc"); code != 2 || !strings.Contains(errOut, "config check") {
		t.Fatalf("typo: %d %q", code, errOut)
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("database: a.db\nsession_idle: 5m\n"), "VIGIL_RETENTION_DAYS", "3")
	f.Add([]byte("slack:\n  bot_token: xoxb-1\n  app_token: xapp-1\n"), "VIGIL_SLACK_MODE", "http")
	f.Add([]byte("matrix:\n  homeserver: http://x\n"), "VIGIL_SECURITY_TEAM_MATRIX", "@a:b,@c:d")
	f.Add([]byte("rate_limits: {messages_per_minute: -1}"), "VIGIL_LOG_LEVEL", "loud")
	f.Add([]byte("\t- [ : }"), "", "")
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		env := func(k string) string {
			if k == key {
				return value
			}
			return ""
		}
		cfg, err := parseConfig(data, env)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config") {
				t.Fatalf("error does not say it is about the configuration: %v", err)
			}
			return
		}
		if cfg.Database == "" || cfg.SessionIdle < time.Minute {
			t.Fatalf("invalid configuration accepted: %+v", cfg)
		}
		if _, err := cfg.redacted(); err != nil {
			t.Fatalf("valid configuration cannot be printed: %v", err)
		}
	})
}

// TestStaleArticlesAreNamed: an article not reviewed within
// articles_review_months is named by `vigil config check` and in the
// start-up log; the built-in articles are all current.
func TestStaleArticlesAreNamed(t *testing.T) {
	if code, out, errOut := runVigil(t, "", "config", "check"); code != 0 || !strings.Contains(out, "every article reviewed within 12 months") || strings.Contains(errOut, "last reviewed") {
		t.Fatalf("built-in articles: exit %d\n%s\n%s", code, out, errOut)
	}
	dir := t.TempDir()
	old, err := os.ReadFile("knowledge/articles/de/sponsored-travel.md")
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^reviewed: .*$`).ReplaceAllString(string(old), "reviewed: 2024-03-01")
	file := filepath.Join(dir, "reisen.md")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIL_KNOWLEDGE_DIR", dir)
	code, _, errOut := runVigil(t, "", "config", "check")
	if code != 0 || !strings.Contains(errOut, file+" was last reviewed on 2024-03-01, more than 12 months ago") {
		t.Fatalf("stale override: exit %d\n%s", code, errOut)
	}
	t.Setenv("VIGIL_ARTICLES_REVIEW_MONTHS", "120")
	if _, _, errOut := runVigil(t, "", "config", "check"); strings.Contains(errOut, "last reviewed") {
		t.Fatalf("within 120 months: %s", errOut)
	}
	t.Setenv("VIGIL_ARTICLES_REVIEW_MONTHS", "")
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	if _, _, errOut := runVigil(t, "help\n"); !strings.Contains(errOut, "guidance article due for review") || !strings.Contains(errOut, "reisen.md") {
		t.Fatalf("start-up log: %s", errOut)
	}
}
