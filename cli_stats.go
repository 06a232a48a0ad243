package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// statsCommand implements `vigil stats [--since D] [--png FILE]`: the
// counts the team's `stats` command shows, printed in the security team's
// language, and with --png the chart written to FILE (mode 0600, replaced
// only once complete). It is audited whatever its outcome, and returns
// the exit code.
func statsCommand(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vigil stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	since := fs.String("since", "90d", "cases filed since this date (2026-01-31) or period (30d, 12w, all)")
	pngPath := fs.String("png", "", "also write the chart (reports per week, open cases by severity) to this PNG file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	now := time.Now()
	from, ok := bot.ParseSince(*since, now)
	if !ok || fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vigil stats: --since: %q is neither a date (2026-01-31) nor a period (30d, 12w, all)\n", *since)
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "vigil stats: unexpected argument %q\n", fs.Arg(0))
		}
		return 2
	}
	err := withStore(ctx, cfg, stderr, func(db *storage.DB) error {
		err := writeStats(ctx, db, from, now, cfg.SecurityTeam.Language, stdout, *pngPath)
		target := *since
		if *pngPath != "" {
			target += " " + *pngPath
		}
		entry := bot.AuditEntry{At: now.UTC(), Actor: operator, Action: "stats", Target: target, Outcome: "ok"}
		if err != nil {
			entry.Outcome = "error"
		}
		if aerr := db.Audit(context.WithoutCancel(ctx), entry); err == nil {
			err = aerr
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(stderr, "vigil stats:", err)
		return 1
	}
	return 0
}

// writeStats prints the counts of the cases filed since from and, when
// path is not empty, writes the chart there: to a temporary file beside
// it, private (mode 0600, as os.CreateTemp makes it), renamed over path
// once written and synced.
func writeStats(ctx context.Context, db *storage.DB, from, now time.Time, lang string, stdout io.Writer, path string) error {
	if path == "" {
		return bot.WriteStats(ctx, db, from, now, lang, stdout, nil)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("--png: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a failure; gone after the rename
	err = bot.WriteStats(ctx, db, from, now, lang, stdout, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("the chart was not written: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "chart written to %s\n", path)
	return err
}
