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
// stores the case durably and notifies the security team.
type filing struct {
	*env
	notices *notices
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
// session with the given key (if any) in the same transaction, then
// notifies the security team. Notification failures are logged; the report
// stays filed.
func (f *filing) file(ctx context.Context, from User, r Report, sessionKey, lang string) (Filed, error) {
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
	c, err := f.store.FileCase(ctx, nc)
	if err != nil {
		return Filed{}, fmt.Errorf("file report: %w", err)
	}
	f.observe.ReportFiled(c.Report.Category)
	f.log.Info("report filed", "ref", c.Ref, "category", string(c.Report.Category), "severity", string(c.Severity))
	f.notices.newCase(ctx, c)
	return Filed{Case: c, Receipt: receipt}, nil
}

// filedText tells the reporter, in lang, that the report is filed: its
// reference, and the anonymous receipt code with how to use it.
func filedText(lang string, f Filed) string {
	x := tr(lang)
	text := fmt.Sprintf(x.filed, f.Case.Ref)
	if f.Receipt != "" {
		return text + fmt.Sprintf(x.receipt, f.Receipt)
	}
	return text + fmt.Sprintf(x.statusHint, f.Case.Ref)
}
