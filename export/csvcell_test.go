package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestNeutraliseCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"plain":           "plain",
		"=1+1":            "'=1+1",
		"+1":              "'+1",
		"-1":              "'-1",
		"@SUM(A1)":        "'@SUM(A1)",
		"\tx":             "'\tx",
		"\rx":             "'\rx",
		"   =x":           "'   =x",
		"a=b":             "a=b",
		"a\n=b\nc":        "a\n'=b\nc",
		"=a\r\n-b":        "'=a\r\n'-b",
		"\n\n":            "\n\n",
		"'=already":       "'=already",
		"x\n  @y\n":       "x\n'  @y\n",
		"\u00a0=nbsp":     "\u00a0=nbsp",
		"２=fullwidth":     "２=fullwidth",
		"e-mail, -dashes": "e-mail, -dashes",
	} {
		if got := neutraliseCell(in); got != want {
			t.Errorf("neutraliseCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", " \t=x", "a\n=b", "\r\n@c", "-\n+\n=", "'=x", "x\r=y", "\"=\"\"\"", "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := neutraliseCell(in)

		// Line by line, the output is the input or the input behind one
		// apostrophe, and the apostrophe is there exactly when needed.
		inLines, outLines := strings.Split(in, "\n"), strings.Split(out, "\n")
		if len(inLines) != len(outLines) {
			t.Fatalf("%q -> %q changed the number of lines", in, out)
		}
		for i := range inLines {
			switch outLines[i] {
			case inLines[i]:
				if lineTriggers(inLines[i]) {
					t.Fatalf("line %q of %q left live", inLines[i], in)
				}
			case "'" + inLines[i]:
				if !lineTriggers(inLines[i]) {
					t.Fatalf("line %q of %q quoted without need", inLines[i], in)
				}
			default:
				t.Fatalf("line %q became %q", inLines[i], outLines[i])
			}
		}
		if again := neutraliseCell(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}

		// Through an RFC 4180 writer and back, no line of the cell a
		// spreadsheet reads starts a formula.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = true
		if err := w.Write([]string{out, "end"}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		rec, err := csv.NewReader(&buf).Read()
		if err != nil {
			t.Fatalf("cell %q does not read back: %v", out, err)
		}
		if rec[0] != strings.ReplaceAll(out, "\r", "") {
			t.Fatalf("cell %q read back as %q", out, rec[0])
		}
		for line := range strings.SplitSeq(rec[0], "\n") {
			if !strings.HasPrefix(line, "'") && lineTriggers(line) {
				t.Fatalf("read-back line %q of %q starts a formula", line, in)
			}
		}
	})
}
