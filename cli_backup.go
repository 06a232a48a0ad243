package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// backupCommand implements `vigil backup FILE`: a consistent copy of the
// database, made while Vigil may be running, checked before it replaces
// FILE, and audited whatever its outcome. It returns the exit code.
func backupCommand(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "Usage: vigil backup FILE\nWrites a checked copy of the database to FILE (mode 0600), also while Vigil runs.")
		return 2
	}
	path := args[0]
	err := withStore(ctx, cfg, stderr, func(db *storage.DB) error {
		cases, err := db.Backup(ctx, path)
		entry := bot.AuditEntry{At: time.Now().UTC(), Actor: operator, Action: "backup", Target: fmt.Sprintf("%s (%d cases)", path, cases), Outcome: "ok"}
		if err != nil {
			entry.Target, entry.Outcome = path, "error"
		}
		// Audited even when the backup was interrupted (Ctrl-C).
		if aerr := db.Audit(context.WithoutCancel(ctx), entry); err == nil {
			err = aerr
		}
		if err == nil {
			fmt.Fprintf(stdout, "backed up %d cases to %s and checked the copy; it is encrypted with the data key and does not contain it: keep the key backed up too\n", cases, path)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(stderr, "vigil:", err)
		return 1
	}
	return 0
}
