package main

import (
	"context"
	"fmt"
	"io"
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
