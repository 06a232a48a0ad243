package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"vigil/knowledge"
)

// askCommand answers questions from the command line: one question given as
// arguments, or one per line of standard input. With --json it prints one
// JSON object per question (JSON Lines).
func askCommand(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vigil ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON (one object per question)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: vigil ask [--json] [question]\nWithout a question, reads questions one per line from standard input.")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	kb, err := knowledge.Load(cfg.KnowledgeDir)
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case question == "" && *asJSON:
		err = knowledge.WriteJSONLines(ctx, kb, stdin, stdout)
	case question == "":
		fmt.Fprintln(stderr, "vigil: ask needs a question, or --json to read questions from standard input")
		return 2
	case *asJSON:
		var a knowledge.JSONAnswer
		if a, err = knowledge.AnswerJSON(ctx, kb, question); err == nil {
			err = json.NewEncoder(stdout).Encode(a)
		}
	default:
		a, aerr := kb.Answer(ctx, question, "")
		if err = aerr; err == nil {
			fmt.Fprintln(stdout, a.Text)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	return 0
}
