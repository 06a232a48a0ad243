package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScenarioOfTheWeekSchedule: the schedule reaches the core as
// configured, and is off by default.
func TestScenarioOfTheWeekSchedule(t *testing.T) {
	cfg, err := parseConfig([]byte("scenario_of_the_week: {enabled: true, day: Fri, hour: 14, time_zone: Europe/Berlin}\n"), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.scenarioSchedule()
	if !got.Enabled || got.Weekday != time.Friday || got.Hour != 14 || got.Location.String() != "Europe/Berlin" {
		t.Fatalf("schedule = %+v", got)
	}
	def, err := parseConfig(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s := def.scenarioSchedule(); s.Enabled || s.Weekday != time.Tuesday || s.Hour != 10 || s.Location.String() != "Europe/Brussels" {
		t.Fatalf("default schedule = %+v", s)
	}
}

// TestScenariosDirIsValidatedAtStart: an invalid scenario file in
// scenarios_dir makes `vigil config check` fail, naming the file.
func TestScenariosDirIsValidatedAtStart(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	t.Setenv("VIGIL_SCENARIOS_DIR", filepath.Join(dir, "scenarios"))
	if err := os.MkdirAll(filepath.Join(dir, "scenarios"), 0o700); err != nil {
		t.Fatal(err)
	}
	bad := "---\ntopic: gifts-and-hospitality\nlang: en\ntitle: Gifts, dinners and hospitality\nreviewed: 2026-11-30\n---\n\n## gifts-1\n\nA situation.\n\n1. Only one choice.\n\nAnswer: 1\n\nFeedback.\n"
	if err := os.WriteFile(filepath.Join(dir, "scenarios", "gifts.md"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runVigil(t, "", "config", "check")
	if code != 1 || !strings.Contains(errOut, "gifts.md") {
		t.Fatalf("exit %d, stderr %q; want a failure naming gifts.md", code, errOut)
	}
	if err := os.Remove(filepath.Join(dir, "scenarios", "gifts.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runVigil(t, "", "config", "check"); code != 0 {
		t.Fatalf("an empty scenarios_dir: exit %d, %s", code, errOut)
	}
}
