package knowledge

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestWriteJSONLines(t *testing.T) {
	b := loadBase(t)
	in := "someone offered me money to table an amendment\n\nwo ist die nächste Apotheke\r\nOn m'a offert un voyage tous frais payés\n"
	var out bytes.Buffer
	if err := WriteJSONLines(context.Background(), b, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d output lines for 4 input lines:\n%s", len(lines), out.String())
	}
	var got []JSONAnswer
	for _, l := range lines {
		var raw map[string]any
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		var keys []string
		for k := range raw {
			keys = append(keys, k)
		}
		for _, k := range []string{"q", "lang", "intent", "kind", "confident", "results"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %q lacks key %q", l, k)
			}
		}
		if len(raw) != 6 {
			t.Errorf("unexpected keys %v", keys)
		}
		var a JSONAnswer
		_ = json.Unmarshal([]byte(l), &a)
		got = append(got, a)
	}
	first := got[0]
	if first.Q != "someone offered me money to table an amendment" || first.Lang != "en" || first.Intent != "report" ||
		first.Kind != "incident" || !first.Confident || len(first.Results) == 0 || first.Results[0].ID != "offers-of-payment" ||
		first.Results[0].Score < answerMin || first.Results[0].Score > 1 {
		t.Errorf("first answer: %+v", first)
	}
	for i := 1; i < len(first.Results); i++ {
		if first.Results[i].Score > first.Results[i-1].Score {
			t.Errorf("results not ranked best first: %+v", first.Results)
		}
	}
	if got[1].Q != "" || got[1].Confident || len(got[1].Results) != 0 {
		t.Errorf("blank line: %+v", got[1])
	}
	if got[2].Q != "wo ist die nächste Apotheke" || got[2].Lang != "de" || got[2].Confident || got[2].Results == nil || len(got[2].Results) != 0 {
		t.Errorf("out of scope: %+v (results must be an empty array, not null)", got[2])
	}
	if !strings.Contains(lines[2], `"results":[]`) {
		t.Errorf("out-of-scope results not an empty array: %s", lines[2])
	}
	if got[3].Lang != "fr" || got[3].Results[0].Lang != "fr" || got[3].Results[0].ID != "sponsored-travel" {
		t.Errorf("fr answer: %+v", got[3])
	}
}

func TestAnswerJSONMatchesAnswer(t *testing.T) {
	b := loadBase(t)
	q := "is TikTok allowed on my work phone"
	j, err := AnswerJSON(context.Background(), b, q)
	if err != nil {
		t.Fatal(err)
	}
	a, err := b.Answer(context.Background(), q, "")
	if err != nil {
		t.Fatal(err)
	}
	var fromAnswer []JSONResult
	for _, r := range a.Results {
		fromAnswer = append(fromAnswer, JSONResult(r))
	}
	if j.Lang != a.Lang || j.Intent != string(a.Intent) || j.Confident != a.Confident || !reflect.DeepEqual(j.Results, fromAnswer) {
		t.Errorf("AnswerJSON %+v differs from Answer %+v", j, a)
	}
}

func TestWriteJSONLinesCancelled(t *testing.T) {
	b := loadBase(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := WriteJSONLines(ctx, b, strings.NewReader("what is foreign interference\n"), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("cancelled context: got %v", err)
	}
}

// TestConcurrentAnswers runs answers in parallel (run with -race).
func TestConcurrentAnswers(t *testing.T) {
	b := loadBase(t)
	items := readEval(t, "testdata/dev-questions.jsonl")
	want := make([]string, len(items))
	for i, it := range items {
		a, err := b.Answer(context.Background(), it.Q, "")
		if err != nil {
			t.Fatal(err)
		}
		want[i] = a.Text
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for i, it := range items {
				a, err := b.Answer(context.Background(), it.Q, "")
				if err != nil || a.Text != want[i] {
					t.Errorf("concurrent answer to %q differs (err %v)", it.Q, err)
				}
			}
		})
	}
	wg.Wait()
}

func TestReadsLongLines(t *testing.T) {
	b := loadBase(t)
	long := strings.Repeat("bribe ", 20000) // 120 kB on one line
	var out bytes.Buffer
	if err := WriteJSONLines(context.Background(), b, strings.NewReader(long+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 1 {
		t.Errorf("got %d lines", n)
	}
}
