package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envOf returns an environment lookup holding only vars.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestConfigBounds refuses every count and duration outside its range,
// from the file or from the environment, with an error naming the key, and
// accepts the limits themselves.
func TestConfigBounds(t *testing.T) {
	tests := []struct {
		yaml, envKey, envValue string
		wantKey                string // empty: valid
	}{
		{"retention_days: 36500\n", "", "", ""},
		{"articles_review_months: 120\n", "", "", ""},
		{"articles_review_months: 0\n", "", "", "articles_review_months"},
		{"", "VIGIL_ARTICLES_REVIEW_MONTHS", "121", "articles_review_months"},
		{"retention_days: 36501\n", "", "", "retention_days"},
		{"", "VIGIL_RETENTION_DAYS", "9999999999999999", "retention_days"},
		{"", "VIGIL_RETENTION_DAYS", "99999999999999999999", "VIGIL_RETENTION_DAYS"},
		{"retention_days: -1\n", "", "", "retention_days"},
		{"session_idle: 720h\n", "", "", ""},
		{"session_idle: 721h\n", "", "", "session_idle"},
		{"", "VIGIL_SESSION_IDLE", "2000000h", "session_idle"},
		{"session_idle: 59s\n", "", "", "session_idle"},
		{"rate_limits: {messages_per_minute: 10000, reports_per_hour: 1000}\n", "", "", ""},
		{"rate_limits: {messages_per_minute: 10001}\n", "", "", "rate_limits.messages_per_minute"},
		{"", "VIGIL_RATE_LIMITS_MESSAGES_PER_MINUTE", "-5", "rate_limits.messages_per_minute"},
		{"rate_limits: {reports_per_hour: 1001}\n", "", "", "rate_limits.reports_per_hour"},
		{"", "VIGIL_RATE_LIMITS_REPORTS_PER_HOUR", "9223372036854775807", "rate_limits.reports_per_hour"},
		{"matrix: {max_retry_delay: 1h}\n", "", "", ""},
		{"matrix: {max_retry_delay: 2h}\n", "", "", "matrix.max_retry_delay"},
		{"matrix: {max_retry_delay: 10ms}\n", "", "", "matrix.max_retry_delay"},
		{"", "VIGIL_MATRIX_MAX_RETRY_DELAY", "-1s", "matrix.max_retry_delay"},
		{"digest: {day: Sun, hour: 0, time_zone: UTC}\n", "", "", ""},
		{"digest: {day: saturday, hour: 23, time_zone: America/New_York}\n", "", "", ""},
		{"digest: {hour: 24}\n", "", "", "digest.hour"},
		{"", "VIGIL_DIGEST_HOUR", "-1", "digest.hour"},
		{"digest: {day: funday}\n", "", "", "digest.day"},
		{"", "VIGIL_DIGEST_DAY", "", ""},
		{"digest: {day: \"\"}\n", "", "", "digest.day"},
		{"digest: {time_zone: Mars/Olympus_Mons}\n", "", "", "digest.time_zone"},
		{"digest: {time_zone: \"\"}\n", "", "", "digest.time_zone"},
		{"", "VIGIL_DIGEST_TIME_ZONE", "Local", "digest.time_zone"},
		{"", "VIGIL_DIGEST_ENABLED", "sometimes", "VIGIL_DIGEST_ENABLED"},
		{"digest: {enabled: maybe}\n", "", "", "digest.enabled"},
		{"scenario_of_the_week: {enabled: true, day: wed, hour: 0, time_zone: Europe/Paris}\n", "", "", ""},
		{"scenario_of_the_week: {hour: 24}\n", "", "", "scenario_of_the_week.hour"},
		{"scenario_of_the_week: {day: someday}\n", "", "", "scenario_of_the_week.day"},
		{"", "VIGIL_SCENARIO_OF_THE_WEEK_TIME_ZONE", "Local", "scenario_of_the_week.time_zone"},
		{"scenario_of_the_week: {enabled: yes please}\n", "", "", "scenario_of_the_week.enabled"},
		{"scenarios_dir: [a]\n", "", "", "scenarios_dir"},
	}
	for _, tt := range tests {
		name := strings.TrimSpace(tt.yaml + tt.envKey + "=" + tt.envValue)
		t.Run(name, func(t *testing.T) {
			_, err := parseConfig([]byte(tt.yaml), envOf(map[string]string{tt.envKey: tt.envValue}))
			switch {
			case tt.wantKey == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.wantKey != "" && (err == nil || !strings.HasPrefix(err.Error(), "config: ") || !strings.Contains(err.Error(), tt.wantKey)):
				t.Fatalf("err = %v, want a configuration error naming %s", err, tt.wantKey)
			}
		})
	}
}

// TestPurgeRefusesAnOverflowingRetention runs `vigil purge` with a
// retention so large that the cut-off date overflowed into the future: it
// is refused, naming the key, and the case closed a moment ago stays.
func TestPurgeRefusesAnOverflowingRetention(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	code, out, _ := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\nCash offered\nno\nskip\n1\nno\nsubmit\n")
	ref := refRE.FindString(out)
	if code != 0 || ref == "" {
		t.Fatalf("report: %d\n%s", code, out)
	}
	if code, out, _ := runVigil(t, "triage "+ref+" closed resolved\n"); code != 0 || !strings.Contains(out, "closed (resolved)") {
		t.Fatalf("triage: %d\n%s", code, out)
	}
	t.Setenv("VIGIL_RETENTION_DAYS", "9999999999999999")
	code, out, errOut := runVigil(t, "", "purge")
	if code == 0 || !strings.Contains(errOut, "retention_days") {
		t.Fatalf("purge with an overflowing retention: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	t.Setenv("VIGIL_RETENTION_DAYS", "")
	if code, out, _ := runVigil(t, "case "+ref+"\n"); code != 0 || !strings.Contains(out, "Cash offered") {
		t.Fatalf("the closed case is gone: %d\n%s", code, out)
	}
}

// TestConfigCheckRefusesABadDataKey: `vigil config check` refuses a data
// key that start-up would refuse, without echoing it.
func TestConfigCheckRefusesABadDataKey(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	for _, key := range []string{"abc", strings.Repeat("zz", 32), strings.Repeat("ab", 31)} {
		t.Setenv("VIGIL_DATA_KEY", key)
		code, out, errOut := runVigil(t, "", "config", "check")
		if code != 1 || !strings.Contains(errOut, "data_key") || strings.Contains(out+errOut, key) {
			t.Fatalf("data key of %d characters: exit %d, stdout %q, stderr %q", len(key), code, out, errOut)
		}
	}
	t.Setenv("VIGIL_DATA_KEY", strings.Repeat("ab", 32))
	if code, _, errOut := runVigil(t, "", "config", "check"); code != 0 {
		t.Fatalf("a valid key: exit %d, %s", code, errOut)
	}
}

// TestConfigCheckShowsTheDefaultsInUse: the printed settings are the ones
// Vigil will use, the adapters' defaults included, not the zero values of
// unset keys.
func TestConfigCheckShowsTheDefaultsInUse(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	t.Setenv("VIGIL_MATRIX_HOMESERVER", "https://matrix.example.org")
	t.Setenv("VIGIL_MATRIX_USER_ID", "@vigil:example.org")
	t.Setenv("VIGIL_MATRIX_PASSWORD", "password-not-shown")
	t.Setenv("VIGIL_MATRIX_PICKLE_KEY", "pickle-key-not-shown")
	t.Setenv("VIGIL_MATRIX_STATE_DIR", filepath.Join(dir, "state"))
	code, out, errOut := runVigil(t, "", "config", "check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"command_prefix: '!vigil'",
		"max_retry_delay: 1m0s",
		"crypto_db: " + filepath.Join(dir, "state", "matrix-crypto.db"),
		"session_file: " + filepath.Join(dir, "state", "matrix-session.json"),
		"mode: socket",
		"api_url: https://slack.com/api/",
		"key_file: " + filepath.Join(dir, "vigil.key"),
		"log_level: info",
		"password: <redacted>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config check does not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "not-shown") {
		t.Fatalf("a secret is printed:\n%s", out)
	}
}

// TestYAMLTypeErrorsNameTheKey: a value of the wrong type in the file is
// reported with its key (nested keys joined by dots) and line, and an
// unknown key with the nearest known one.
func TestYAMLTypeErrorsNameTheKey(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"retention_days: ten\n", `config: retention_days: must be a whole number, got "ten" (line 1)`},
		{"database: a.db\nrate_limits:\n  messages_per_minute: 5\n  reports_per_hour: many\n", `rate_limits.reports_per_hour: must be a whole number, got "many" (line 4)`},
		{"rate_limits: {messages_per_minute: 5, reports_per_hour: lots}\n", `rate_limits.reports_per_hour: must be a whole number, got "lots" (line 1)`},
		{"session_idle: soon\n", `session_idle: must be a duration such as 30m or 2h, got "soon" (line 1)`},
		{"security_team:\n  slack: U123\n", `security_team.slack: must be a list, got "U123" (line 2)`},
		{"security_team:\n  slack:\n    - U1\n    - {id: U2}\n", `a list item of security_team.slack: must be a single value, got a section (line 4)`},
		{"slack:\n  bot_token: [xoxb-1, xoxb-2]\n", `slack.bot_token: must be a single value, got a list (line 2)`},
		{"matrix:\n  cross_signing: maybe\n", `matrix.cross_signing: must be true or false, got "maybe" (line 2)`},
		{"monitor: 9090\n", `monitor: must be a section of keys, got "9090" (line 1)`},
		{"slack:\n  bot_tokn: xoxb-1\n", `slack.bot_tokn: unknown key (line 2); did you mean slack.bot_token?`},
		{"retention_days: ten\nsession_idle: soon\n", `retention_days: must be a whole number, got "ten" (line 1); session_idle: must be`},
	}
	for _, tt := range tests {
		_, err := parseConfig([]byte(tt.yaml), envOf(nil))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q:\n got %v\nwant %s", tt.yaml, err, tt.want)
		}
	}
}

// TestUnknownVigilVariablesAreWarnedAbout: a misspelt VIGIL_ variable is
// named (never its value) with the setting it probably meant, both by
// `config check` and at start.
func TestUnknownVigilVariablesAreWarnedAbout(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	t.Setenv("VIGIL_RETENTON_DAYS", "value-not-shown")
	t.Setenv("VIGIL_FROBNICATE", "value-not-shown")
	t.Setenv("VIGIL_CONFIG", "")
	for _, args := range [][]string{{"config", "check"}, {}} {
		code, _, errOut := runVigil(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		for _, want := range []string{
			"warning: environment variable VIGIL_RETENTON_DAYS is not a Vigil setting and is ignored (did you mean VIGIL_RETENTION_DAYS?)",
			"warning: environment variable VIGIL_FROBNICATE is not a Vigil setting and is ignored\n",
		} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, errOut)
			}
		}
		if strings.Contains(errOut, "value-not-shown") || strings.Contains(errOut, "VIGIL_DATABASE ") || strings.Contains(errOut, "VIGIL_CONFIG ") {
			t.Errorf("%v: stderr warns about a known variable or shows a value:\n%s", args, errOut)
		}
	}
}

// TestConfigFlagAfterTheVerb: --config works after the verb as before it,
// for export and the other verbs.
func TestConfigFlagAfterTheVerb(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "from-file.db")
	cfgFile := filepath.Join(dir, "vigil.yaml")
	if err := os.WriteFile(cfgFile, []byte("database: "+db+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIL_CONFIG", "")
	t.Setenv("VIGIL_DATABASE", "")
	code, out, errOut := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\nCash offered\nno\nskip\n1\nno\nsubmit\n", "--config", cfgFile)
	ref := refRE.FindString(out)
	if code != 0 || ref == "" {
		t.Fatalf("report: %d %s\n%s", code, errOut, out)
	}
	for _, args := range [][]string{
		{"export", "--format", "csv", "--config", cfgFile},
		{"export", "--config=" + cfgFile, "--format", "json"},
		{"export", "-config", cfgFile, "--format=csv", "--status", "open"},
		{"--config", cfgFile, "export", "--format", "csv"},
	} {
		code, out, errOut := runVigil(t, "", args...)
		if code != 0 || !strings.Contains(out, ref) {
			t.Errorf("%v: exit %d, stderr %q, export lacks %s", args, code, errOut, ref)
		}
	}
	if code, out, errOut := runVigil(t, "", "audit", "--config", cfgFile); code != 0 || !strings.Contains(out, "\texport\t") {
		t.Errorf("audit --config: exit %d, %s\n%s", code, errOut, out)
	}
	if code, out, errOut := runVigil(t, "", "config", "check", "--config", cfgFile); code != 0 || !strings.Contains(out, "database: "+db) {
		t.Errorf("config check --config: exit %d, %s\n%s", code, errOut, out)
	}
	if code, _, errOut := runVigil(t, "", "export", "--format", "csv", "--config"); code != 2 || !strings.Contains(errOut, "--config") {
		t.Errorf("--config without a file: exit %d, %s", code, errOut)
	}
}

// TestDigestIsOnWhereNoticesGoToAChannelOrRoom: the weekly digest is on by
// default when a Slack security channel or a Matrix security room is
// configured, off in the terminal chat, and digest.enabled decides
// otherwise; its schedule defaults to Monday 09:00 in Brussels.
func TestDigestIsOnWhereNoticesGoToAChannelOrRoom(t *testing.T) {
	slackEnv := map[string]string{"VIGIL_SLACK_BOT_TOKEN": "xoxb-1-test", "VIGIL_SLACK_APP_TOKEN": "xapp-1-test"}
	matrixEnv := map[string]string{"VIGIL_MATRIX_HOMESERVER": "https://matrix.example.org", "VIGIL_MATRIX_USER_ID": "@vigil:example.org",
		"VIGIL_MATRIX_PASSWORD": "pw", "VIGIL_MATRIX_PICKLE_KEY": "a pickle key of the test", "VIGIL_MATRIX_STATE_DIR": "state"}
	with := func(base map[string]string, extra ...string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for i := 0; i+1 < len(extra); i += 2 {
			env[extra[i]] = extra[i+1]
		}
		return env
	}
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"terminal chat", nil, false},
		{"terminal chat, enabled", map[string]string{"VIGIL_DIGEST_ENABLED": "true"}, true},
		{"Slack without a security channel", slackEnv, false},
		{"Slack with a security channel", with(slackEnv, "VIGIL_SLACK_SECURITY_CHANNEL", "C0SECURITY"), true},
		{"Slack with a security channel, disabled", with(slackEnv, "VIGIL_SLACK_SECURITY_CHANNEL", "C0SECURITY", "VIGIL_DIGEST_ENABLED", "false"), false},
		{"Matrix with a security room", with(matrixEnv, "VIGIL_MATRIX_SECURITY_ROOM", "#security:example.org"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseConfig(nil, envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.digestSchedule()
			if got.Enabled != tt.want {
				t.Fatalf("digest enabled = %v, want %v", got.Enabled, tt.want)
			}
			if got.Weekday != time.Monday || got.Hour != 9 || got.Location.String() != "Europe/Brussels" {
				t.Fatalf("default schedule %v %d:00 %v, want Monday 09:00 Europe/Brussels", got.Weekday, got.Hour, got.Location)
			}
			if shown := *cfg.effective().Digest.Enabled; shown != tt.want {
				t.Fatalf("config check would show enabled: %v", shown)
			}
		})
	}
}
