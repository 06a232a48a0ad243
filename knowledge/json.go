package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"vigil/bot"
)

// JSONAnswer is the machine-readable answer printed by `vigil ask --json`.
type JSONAnswer struct {
	Q         string       `json:"q"`
	Lang      string       `json:"lang"`
	Intent    string       `json:"intent"` // "report" when a report is offered, else "question"
	Kind      string       `json:"kind"`   // "question", "incident" or "report" (a request to report)
	Confident bool         `json:"confident"`
	Results   []JSONResult `json:"results"` // best first: the answer, or suggestions when not confident; empty when out of scope
}

// JSONResult is one ranked topic of a JSONAnswer.
type JSONResult struct {
	ID    string  `json:"id"`
	Lang  string  `json:"lang"`
	Title string  `json:"title"`
	Score float64 `json:"score"` // relative to the best result (1.0)
}

// AnswerJSON looks up one question and returns its JSON form. It fails
// only when ctx is done.
func AnswerJSON(ctx context.Context, b *Base, q string) (JSONAnswer, error) {
	r, err := b.lookup(ctx, q, "")
	if err != nil {
		return JSONAnswer{}, err
	}
	intent := bot.IntentQuestion
	if r.decision.flag {
		intent = bot.IntentReport
	}
	out := JSONAnswer{Q: q, Lang: r.lang, Intent: string(intent), Kind: string(r.kind), Confident: r.decision.confident,
		Results: make([]JSONResult, 0, len(r.results))}
	for _, res := range r.results {
		out.Results = append(out.Results, JSONResult{ID: res.ID, Lang: res.Lang, Title: res.Title, Score: res.Score})
	}
	return out, nil
}

// WriteJSONLines reads one question per line from questions and writes
// one JSON object per line to out, in the same order (JSON Lines). Blank
// lines give an object with no results, so output lines stay aligned
// with input lines.
func WriteJSONLines(ctx context.Context, b *Base, questions io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(questions)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	line := 0
	for sc.Scan() {
		line++
		a, err := AnswerJSON(ctx, b, strings.TrimRight(sc.Text(), "\r"))
		if err != nil {
			return fmt.Errorf("question on line %d: %w", line, err)
		}
		if err := enc.Encode(a); err != nil {
			return fmt.Errorf("writing answer %d: %w", line, err)
		}
		if err := w.Flush(); err != nil { // answer each line as it comes, for interactive use
			return fmt.Errorf("writing answer %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading questions: %w", err)
	}
	return nil
}
