package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAskCommand(t *testing.T) {
	code, out, errOut := runVigil(t, "", "ask", "--json", "can staff accept a bottle of wine from a visitor")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a struct {
		Q         string `json:"q"`
		Lang      string `json:"lang"`
		Intent    string `json:"intent"`
		Confident bool   `json:"confident"`
		Results   []struct {
			ID    string  `json:"id"`
			Score float64 `json:"score"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if a.Lang != "en" || !a.Confident || len(a.Results) == 0 || a.Results[0].ID != "gifts-and-hospitality" {
		t.Fatalf("answer = %+v", a)
	}

	in := "Qu'est-ce que l'ingérence étrangère ?\nwhere can I park my bike\nJemand bedroht mich\n"
	code, out, _ = runVigil(t, in, "ask", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 {
		t.Fatalf("JSON Lines: exit %d, %d lines\n%s", code, len(lines), out)
	}
	want := []struct {
		lang, intent string
		confident    bool
	}{{"fr", "question", true}, {"en", "question", false}, {"de", "report", true}}
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		if a.Lang != want[i].lang || a.Intent != want[i].intent || a.Confident != want[i].confident {
			t.Errorf("line %d = %+v, want %+v", i, a, want[i])
		}
	}

	code, out, _ = runVigil(t, "", "ask", "someone offered me 2000 euros to table an amendment")
	if code != 0 || !strings.Contains(out, "report") || !strings.Contains(out, "Offers of money") {
		t.Fatalf("text answer: %d\n%s", code, out)
	}
	if code, _, errOut := runVigil(t, "", "ask"); code != 2 || !strings.Contains(errOut, "needs a question") {
		t.Fatalf("ask without a question: %d %q", code, errOut)
	}
}

func TestConsoleAnswersQuestions(t *testing.T) {
	t.Setenv("VIGIL_DATABASE", filepath.Join(t.TempDir(), "v.db"))
	code, out, _ := runVigil(t, "topics\nWie schütze ich mein Konto vor Phishing?\norder lunch for the team\n")
	if code != 0 || !strings.Contains(out, "Phishing") || !strings.Contains(out, "report") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	desc := "=HYPERLINK(\"http://evil\") offered cash"
	if code, out, _ := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\n"+desc+"\nno\nskip\n2\nsubmit\n"); code != 0 || refRE.FindString(out) == "" {
		t.Fatalf("report not filed:\n%s", out)
	}
	outFile := filepath.Join(dir, "cases.csv")
	code, _, errOut := runVigil(t, "", "export", "--format", "CSV", "--since", "30d", "--status", "open", "--out", outFile)
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	fi, err := os.Stat(outFile)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file %v, %v", fi, err)
	}
	f, _ := os.Open(outFile)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv rows %d, %v", len(rows), err)
	}
	var found bool
	for _, cell := range rows[1] {
		if strings.Contains(cell, "HYPERLINK") {
			found = true
			if !strings.HasPrefix(cell, "'=") {
				t.Fatalf("formula not neutralised: %q", cell)
			}
		}
	}
	if !found {
		t.Fatalf("description missing from %v", rows[1])
	}
	for _, format := range []string{"json", "stix", "misp"} {
		code, out, errOut := runVigil(t, "", "export", "--format", format)
		if code != 0 || !strings.Contains(out, "offered cash") && format != "misp" {
			t.Fatalf("%s export: %d %s\n%s", format, code, errOut, out)
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if format != "stix" && !json.Valid(sc.Bytes()) {
				t.Fatalf("%s line is not JSON: %s", format, sc.Text())
			}
		}
		if format == "stix" && !json.Valid([]byte(out)) {
			t.Fatalf("stix bundle is not JSON")
		}
	}
	for _, args := range [][]string{{"--format", "pdf"}, {"--format", "csv", "--since", "soon"}, {"--format", "csv", "--until", "31/12"}, {"--format", "csv", "--status", "lost"}} {
		if code, _, errOut := runVigil(t, "", append([]string{"export"}, args...)...); code != 2 || errOut == "" {
			t.Fatalf("export %v: %d %q", args, code, errOut)
		}
	}
	if _, out, _ := runVigil(t, "", "audit"); strings.Count(out, "\texport\t") != 4 {
		t.Fatalf("exports not audited:\n%s", out)
	}
}
