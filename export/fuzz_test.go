package export_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"iter"
	"strings"
	"testing"

	"vigil/bot"
	"vigil/export"
	"vigil/export/internal/exporttest"
)

// FuzzFormats puts arbitrary report text through every format and checks
// that each output still parses with one case in it.
func FuzzFormats(f *testing.F) {
	f.Add("Offered cash", "Bogus Media", "Russie", "=cmd|' /C calc'!A0")
	f.Add("line1\nline2\r\n\"quoted\"", "<script>", "DE", "\x00\xff")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, description, approacher, country, note string) {
		rec := exporttest.Samples()[0]
		rec.Case.Report.Description = description
		rec.Case.Report.Approacher = approacher
		rec.Case.Report.ApproacherCountry = country
		rec.Events = append(rec.Events, bot.CaseEvent{ID: 99, CaseID: rec.Case.ID, At: rec.Case.Updated, Kind: bot.EventNote, Text: note})
		one := iter.Seq2[export.Record, error](func(yield func(export.Record, error) bool) { yield(rec, nil) })
		for _, format := range export.Formats() {
			var buf bytes.Buffer
			if err := export.Write(&buf, format, one, export.Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			switch format {
			case "csv":
				rows, err := csv.NewReader(&buf).ReadAll()
				if err != nil || len(rows) != 2 {
					t.Fatalf("csv: %d rows, %v", len(rows), err)
				}
				for _, cell := range rows[1] {
					for _, line := range strings.Split(cell, "\n") {
						if l := strings.TrimLeft(line, " "); l != "" && strings.ContainsRune("=+-@\t\r", rune(l[0])) {
							t.Fatalf("csv cell line starts a formula: %q", line)
						}
					}
				}
			case "stix":
				if !json.Valid(buf.Bytes()) {
					t.Fatalf("stix: invalid JSON")
				}
			default:
				sc := bufio.NewScanner(&buf)
				sc.Buffer(make([]byte, 1<<20), 1<<22)
				lines := 0
				for sc.Scan() {
					lines++
					if !json.Valid(sc.Bytes()) {
						t.Fatalf("%s: invalid JSON line", format)
					}
				}
				if lines != 1 {
					t.Fatalf("%s: %d lines for one case", format, lines)
				}
			}
		}
	})
}
