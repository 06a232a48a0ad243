package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

// documentedCSVColumns is the column list of README.md, in order.
var documentedCSVColumns = []string{
	"ref", "filed_at", "last_update", "category", "category_label", "severity", "status",
	"resolution", "assignee", "occurred_on", "channel", "approacher", "approacher_country",
	"description", "accepted", "accepted_detail", "evidence", "source_link", "anonymous",
	"reporter", "reporter_id", "contact_allowed", "disarm_techniques", "notes_count",
	"replies_count", "additions_count", "notes", "additions", "linked",
}

// readCSV parses an export into maps keyed by column name, after checking
// the header.
func readCSV(t *testing.T, out []byte) []map[string]string {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("csv does not end with CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v", err)
	}
	if strings.Join(rows[0], ",") != strings.Join(documentedCSVColumns, ",") {
		t.Fatalf("header = %v\nwant %v", rows[0], documentedCSVColumns)
	}
	var cases []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = row[i]
		}
		cases = append(cases, m)
	}
	return cases
}

func TestCSVRows(t *testing.T) {
	rows := readCSV(t, run(t, "csv", export.Options{}))
	samples := exporttest.Samples()
	if len(rows) != len(samples) {
		t.Fatalf("%d rows, want %d", len(rows), len(samples))
	}
	named := rows[0]
	for col, want := range map[string]string{
		"ref": "VGL-2026-0001", "filed_at": "2026-03-02T09:30:00Z", "last_update": "2026-03-02T11:30:00Z",
		"category": "payment", "severity": "high", "status": "triaged", "assignee": "slack:U0TEAM",
		"occurred_on": "2026-02-28", "channel": "email", "approacher": `Consultancy "Bridge" Ltd`,
		"approacher_country": "Russie", "description": samples[0].Case.Report.Description,
		"anonymous": "no", "reporter": exporttest.NamedReporter, "reporter_id": "slack:U0NAMED",
		"contact_allowed": "yes", "notes_count": "1", "replies_count": "1", "additions_count": "0",
		"disarm_techniques": "T0100.001 Co-Opt Trusted Individuals; T0091.001 Recruit Contractors",
		"notes":             "[2026-03-02T11:00:00Z] Tess Team: Same sender as last year.",
	} {
		if named[col] != want {
			t.Errorf("named case %s = %q, want %q", col, named[col], want)
		}
	}
	anon := rows[1]
	for col, want := range map[string]string{
		"anonymous": "yes", "reporter": "", "reporter_id": "", "contact_allowed": "no",
		"additions_count": "1", "additions": "[2026-03-03T11:30:00Z] reporter: They wrote again today.",
	} {
		if anon[col] != want {
			t.Errorf("anonymous case %s = %q, want %q", col, anon[col], want)
		}
	}
	if rows[2]["resolution"] != "false-positive" || rows[2]["disarm_techniques"] != "" {
		t.Errorf("closed other case: resolution %q, techniques %q", rows[2]["resolution"], rows[2]["disarm_techniques"])
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	row := readCSV(t, run(t, "csv", export.Options{}))[3]
	for col, want := range map[string]string{
		"approacher":      `'=HYPERLINK("http://evil.example","click")`,
		"description":     "'  +SUM(A1:A9)\n'@cmd\n'-2+3\nplain line\n'\tTabbed",
		"accepted_detail": "'DDE payload", // the writer drops the lone CR; the quote stays
		"evidence":        "'=1+1",
		"notes":           "[2026-03-05T10:30:00Z] @tess: =cmd|' /C calc'!A0",
	} {
		if row[col] != want {
			t.Errorf("%s = %q, want %q", col, row[col], want)
		}
	}
	for col, cell := range row {
		for _, line := range strings.Split(cell, "\n") {
			if l := strings.TrimLeft(line, " "); l != "" && strings.ContainsRune("=+-@\t\r", rune(l[0])) {
				t.Errorf("%s has a live formula line %q", col, line)
			}
		}
	}
}
