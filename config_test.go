package main

import (
	"path/filepath"
	"strings"
	"testing"
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
