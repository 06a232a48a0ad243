package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// operator is the identity recorded in the audit log for command-line use.
var operator = bot.User{Platform: "cli", ID: "operator", Name: "command line"}

// printAudit writes the audit log, oldest first, one entry per line.
func printAudit(ctx context.Context, db *storage.DB, w io.Writer) error {
	return db.EachAudit(ctx, func(e bot.AuditEntry) error {
		actor := e.Actor.Key()
		if e.Actor.Name != "" && e.Actor.Name != e.Actor.ID {
			actor += " (" + e.Actor.Name + ")"
		}
		target := e.Target
		if target == "" {
			target = "-"
		}
		_, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", e.At.Format(time.RFC3339), actor, e.Action, target, e.Outcome)
		return err
	})
}

// purge deletes closed cases older than the retention period and audits it.
func purge(ctx context.Context, db *storage.DB, retentionDays int, now time.Time, actor bot.User) ([]string, error) {
	refs, err := db.PurgeClosed(ctx, now.AddDate(0, 0, -retentionDays))
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	if aerr := db.Audit(ctx, bot.AuditEntry{At: now.UTC(), Actor: actor, Action: "purge", Target: fmt.Sprintf("%d cases", len(refs)), Outcome: outcome}); aerr != nil && err == nil {
		err = aerr
	}
	return refs, err
}

// runRetention purges old closed cases now and then daily until ctx ends.
func runRetention(ctx context.Context, db *storage.DB, retentionDays int, logger *slog.Logger) {
	job := bot.User{Platform: "system", ID: "retention", Name: "daily retention job"}
	for {
		refs, err := purge(ctx, db, retentionDays, time.Now(), job)
		if err != nil && ctx.Err() == nil {
			logger.Error("retention purge failed", "err", err)
		} else if len(refs) > 0 {
			logger.Info("retention purge", "cases", len(refs))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}
