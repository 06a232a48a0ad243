package export_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

// documentedJSONKeys are the top-level keys of a JSON Lines record, as
// README.md documents them.
var documentedJSONKeys = []string{
	"schema", "ref", "filed_at", "last_update", "category", "category_label", "severity", "status",
	"resolution", "assignee", "occurred_on", "channel", "approacher", "approacher_country",
	"description", "accepted", "accepted_detail", "evidence", "source_link", "anonymous",
	"reporter", "contact_allowed", "disarm", "events", "linked",
}

func lines(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v", len(recs)+1, err)
		}
		recs = append(recs, m)
	}
	return recs
}

func TestJSONLinesSchemaIsStable(t *testing.T) {
	recs := lines(t, run(t, "json", export.Options{}))
	if len(recs) != len(exporttest.Samples()) {
		t.Fatalf("%d lines, want one per case", len(recs))
	}
	want := slices.Sorted(slices.Values(documentedJSONKeys))
	for _, r := range recs {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("%v: keys %v\nwant %v", r["ref"], keys, want)
		}
		if r["schema"] != 1.0 {
			t.Errorf("%v: schema %v", r["ref"], r["schema"])
		}
		for _, ev := range r["events"].([]any) {
			e := ev.(map[string]any)
			for _, k := range []string{"at", "kind", "actor", "status", "detail", "text"} {
				if _, ok := e[k]; !ok {
					t.Errorf("%v: event lacks %s", r["ref"], k)
				}
			}
		}
	}
}

func TestJSONLinesContent(t *testing.T) {
	recs := lines(t, run(t, "json", export.Options{}))
	named, anon := recs[0], recs[1]
	if rep := named["reporter"].(map[string]any); rep["name"] != exporttest.NamedReporter || rep["platform"] != "slack" {
		t.Errorf("named reporter = %v", rep)
	}
	if named["description"] != exporttest.Samples()[0].Case.Report.Description {
		t.Error("description not exported verbatim")
	}
	if got := len(named["events"].([]any)); got != 5 {
		t.Errorf("named case has %d events, want 5", got)
	}
	if d := named["disarm"].([]any); len(d) != 2 || d[0].(map[string]any)["id"] != "T0100.001" {
		t.Errorf("disarm = %v", d)
	}
	if anon["reporter"] != nil || anon["anonymous"] != true || anon["contact_allowed"] != false {
		t.Errorf("anonymous case: reporter %v anonymous %v contact %v", anon["reporter"], anon["anonymous"], anon["contact_allowed"])
	}
	for _, ev := range anon["events"].([]any) {
		if a := ev.(map[string]any)["actor"]; a != nil {
			t.Errorf("anonymous case event names actor %v", a)
		}
	}
	if !strings.Contains(string(run(t, "json", export.Options{})), `"=HYPERLINK(`) {
		t.Error("JSON must carry text verbatim, without spreadsheet quoting")
	}
}
