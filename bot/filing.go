package bot

import (
	"context"
	"errors"
	"fmt"
)

// ErrTooManyReports is returned when a user has reached the limit of
// reports per hour.
var ErrTooManyReports = errors.New("too many reports in the last hour")

// filing files reports, from the conversation and from platform forms:
// it validates them, applies the hourly limit, issues anonymous receipts,
// and stores the case durably together with its outbox items (the
// security notice, the reporter's reference or receipt).
type filing struct {
	*env
	courier *courier
	links   *linker  // the report's indicators, hashed for the store
	limit   *limiter // reports per user per hour
}

// limited reports whether u has used up the hourly reports (the security
// team is never limited), counting the refusal.
func (f *filing) limited(ctx context.Context, u User) bool {
	if f.limit.full(u.Key(), f.now()) && !f.isTeam(ctx, u) {
		f.observe.Refused("rate")
		return true
	}
	return false
}

// file validates (with messages in lang) and durably files r, closing the
// session with the given key (if any) in the same transaction. The same
// transaction writes to the outbox, claimed by this filer, the security
// notice (when this process has a security desk) and the confirmation for
// the reporter at the address to. The notice is sent in the background at
// once; the confirmation is the caller's to send (Filed.reply), and the
// outbox sends either again until it is delivered.
func (f *filing) file(ctx context.Context, from User, r Report, sessionKey, lang string, to Address) (Filed, error) {
	r = r.normalised()
	now := f.now().UTC()
	if err := r.Validate(now, lang); err != nil {
		return Filed{}, err
	}
	if !f.isTeam(ctx, from) && !f.limit.allow(from.Key(), now) {
		f.observe.Refused("rate")
		return Filed{}, ErrTooManyReports
	}
	nc := NewCase{Report: r, Severity: AssessSeverity(r), FiledAt: now, SessionKey: sessionKey}
	nc.Indicators = f.links.hashes(r, nil) // stored and linked in the filing transaction
	var receipt string
	if r.Anonymous {
		var err error
		if receipt, err = NewReceipt(); err != nil {
			return Filed{}, fmt.Errorf("create receipt: %w", err)
		}
		nc.ReceiptHash = HashReceipt(receipt)
	} else {
		nc.Reporter = from
	}
	route, desk := f.courier.routeTo(from.Platform), f.courier.desk()
	nc.Messages = &CaseMessages{Compose: func(c Case) []OutboxItem {
		lease := now.Add(outboxLease)
		items := []OutboxItem{{Kind: OutboxMessage, Route: route, To: to, Text: filedText(lang, Filed{Case: c, Receipt: receipt}),
			CreatedAt: now, ExpiresAt: now.Add(referenceLife), LeaseUntil: lease}}
		if desk {
			items = append(items, OutboxItem{Kind: OutboxNotice, CreatedAt: now, LeaseUntil: lease})
		}
		return items
	}}
	c, err := f.store.FileCase(ctx, nc)
	if err != nil {
		return Filed{}, fmt.Errorf("file report: %w", err)
	}
	f.observe.ReportFiled(c.Report.Category)
	f.log.Info("report filed", "ref", c.Ref, "category", string(c.Report.Category), "severity", string(c.Severity))
	filed := Filed{Case: c, Receipt: receipt}
	filed.Confirmation = filedText(lang, filed)
	for _, it := range nc.Messages.Written {
		switch it.Kind {
		case OutboxNotice:
			f.courier.later(ctx, it, nil) // the reporter's reply does not wait on it
		case OutboxMessage:
			filed.reply = &it
		}
	}
	return filed, nil
}

// filedText tells the reporter, in lang, that the report is filed (not
// that the team was told: the notice may still be on its way): its
// reference, and the anonymous receipt code with how to use it.
func filedText(lang string, f Filed) string {
	x := tr(lang)
	text := fmt.Sprintf(x.filed, f.Case.Ref)
	if f.Receipt != "" {
		return text + fmt.Sprintf(x.receipt, f.Receipt)
	}
	return text + fmt.Sprintf(x.statusHint, f.Case.Ref)
}
