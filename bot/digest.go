package bot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
)

// DigestSchedule sets when the weekly digest goes to the security team's
// channels and rooms (every SecurityDesk).
type DigestSchedule struct {
	// Enabled turns the digest on; the zero DigestSchedule sends none.
	Enabled bool
	// Weekday and Hour (0 to 23) are when it goes out, in Location.
	Weekday time.Weekday
	Hour    int
	// Location is the time zone of Weekday and Hour; nil means UTC.
	Location *time.Location
}

// The digest's place in the store and the audit log.
const (
	digestJob = "digest" // its ScheduleStore job
	// digestLease is how long a process that claimed a week's digest has
	// to send it; after a crash or a failed delivery another process (or
	// the same one) tries again once it ran out.
	digestLease = 10 * time.Minute
	// digestWeeks is how many weeks the digest's chart shows.
	digestWeeks = 12
	// digestListed bounds the references the digest lists.
	digestListed = 10
)

// digestActor is the audit log's actor for the weekly digest.
var digestActor = User{Platform: "system", ID: "digest", Name: "weekly digest"}

// digest sends the security team a summary once a week: the cases filed
// since the last one by category, the links found between cases when the
// store keeps them, the open high-severity cases, the oldest untriaged
// case, and the chart. Each ISO week's digest is claimed
// in the store before it is sent, so that one process sends it, once,
// whatever the restarts; a digest missed while Vigil was down goes out
// when it runs again (one, however many weeks it missed).
type digest struct {
	*env
	team *texts // the security team's language
	when DigestSchedule
}

// sendDue sends the digest when its latest slot has passed and no process
// sent that week's yet, and returns the week it sent ("" when none). The
// first time it runs on a store, it records the latest slot as done
// without sending: the first digest goes out at the next slot. It returns
// an error when the store fails or when no security desk took the digest
// (which is then tried again once the claim's lease ran out).
func (d *digest) sendDue(ctx context.Context) (string, error) {
	if !d.when.Enabled {
		return "", nil
	}
	now := d.now()
	slot := d.slot(now)
	week := isoWeek(slot)
	last, err := d.store.LastRun(ctx, digestJob)
	switch {
	case err != nil:
		return "", fmt.Errorf("read the last digest: %w", err)
	case last == "":
		if err := d.store.RunDone(ctx, digestJob, week); err != nil {
			return "", fmt.Errorf("record the first digest week: %w", err)
		}
		return "", nil
	case last >= week:
		return "", nil
	}
	desks := d.desks()
	if len(desks) == 0 {
		return "", nil
	}
	claimed, err := d.store.ClaimRun(ctx, digestJob, week, now, now.Add(digestLease))
	if err != nil || !claimed {
		return "", err
	}
	text, png, err := d.compose(ctx, slot, now)
	if err != nil {
		return "", err
	}
	if delivered := d.deliver(ctx, desks, text, png, "vigil-digest-"+week+".png"); delivered == 0 {
		return "", fmt.Errorf("the digest of %s reached none of %d security desks", week, len(desks))
	}
	d.audit(ctx, digestActor, "digest", week, "ok")
	if err := d.store.RunDone(ctx, digestJob, week); err != nil {
		return week, fmt.Errorf("record the digest as sent: %w", err)
	}
	return week, nil
}

// slot returns the latest time at or before now when a digest was due.
func (d *digest) slot(now time.Time) time.Time {
	loc := d.when.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	back := (int(t.Weekday()) - int(d.when.Weekday) + 7) % 7
	s := time.Date(t.Year(), t.Month(), t.Day()-back, d.when.Hour, 0, 0, 0, loc)
	if s.After(now) {
		s = time.Date(t.Year(), t.Month(), t.Day()-back-7, d.when.Hour, 0, 0, 0, loc)
	}
	return s
}

// desk is a security channel or room and the adapter that posts there.
type desk struct {
	a  Adapter
	to Address
}

// desks returns the security desks of the registered adapters.
func (d *digest) desks() []desk {
	var out []desk
	for _, a := range d.registered() {
		if sd, ok := a.(SecurityDesk); ok {
			if to, ok := sd.SecurityAddress(); ok {
				out = append(out, desk{a, to})
			}
		}
	}
	return out
}

// deliver posts the digest's text to every desk, then its chart to the
// desks whose adapter takes files, and returns how many desks took the
// text.
func (d *digest) deliver(ctx context.Context, desks []desk, text string, png []byte, name string) int {
	delivered := 0
	for _, k := range desks {
		if err := k.a.Send(ctx, k.to, Reply{Text: text}); err != nil {
			d.log.Error("digest not delivered", "platform", k.a.Platform(), "err", err)
			continue
		}
		delivered++
		if fs, ok := k.a.(FileSender); ok {
			if err := fs.SendFile(ctx, k.to, name, chartType, bytes.NewReader(png)); err != nil {
				d.log.Error("digest chart not delivered", "platform", k.a.Platform(), "err", err)
			}
		}
	}
	return delivered
}

// compose writes the digest of the week whose slot is given, in the
// team's language, and draws its chart (the latest digestWeeks weeks).
// It names cases by reference, category and date only, never their
// content.
func (d *digest) compose(ctx context.Context, slot, now time.Time) (string, []byte, error) {
	x := d.team
	since := slot.AddDate(0, 0, -7)
	st, err := d.store.CaseStats(ctx, since)
	if err != nil {
		return "", nil, fmt.Errorf("count the digest's cases: %w", err)
	}
	high, err := d.store.ListCases(ctx, CaseFilter{OpenOnly: true, Severity: SeverityHigh, Limit: digestListed})
	if err != nil {
		return "", nil, fmt.Errorf("list the open high-severity cases: %w", err)
	}
	oldest, err := d.store.ListCases(ctx, CaseFilter{Status: StatusNew, Limit: 1, OldestFirst: true})
	if err != nil {
		return "", nil, fmt.Errorf("find the oldest untriaged case: %w", err)
	}

	lines := []string{fmt.Sprintf(x.digestHeader, isoWeek(slot), since.Format("2006-01-02 15:04 MST")), ""}
	if st.Total == 0 {
		lines = append(lines, x.digestNoNew)
	} else {
		lines = append(lines, fmt.Sprintf(x.digestNew, st.Total))
		for _, c := range Categories() {
			if n := st.ByCategory[c]; n > 0 {
				lines = append(lines, fmt.Sprintf("  %s: %d", c.LabelIn(x.code), n))
			}
		}
	}
	if links, ok := d.store.(LinkStore); ok {
		n, err := newLinks(ctx, links, since)
		if err != nil {
			return "", nil, err
		}
		lines = append(lines, fmt.Sprintf(x.digestLinks, n))
	}
	if n := st.OpenBySeverity[SeverityHigh]; n > 0 && len(high) > 0 {
		refs := make([]string, len(high))
		for i, c := range high {
			refs[i] = c.Ref
		}
		list := strings.Join(refs, ", ")
		if n > len(refs) {
			list += ", " + fmt.Sprintf(x.digestMore, n-len(refs))
		}
		lines = append(lines, fmt.Sprintf(x.digestHigh, n, list))
	} else {
		lines = append(lines, x.digestNoHigh)
	}
	if len(oldest) > 0 {
		c := oldest[0]
		lines = append(lines, fmt.Sprintf(x.digestOldest, c.Ref, c.FiledAt.Format("2006-01-02"), int(now.Sub(c.FiledAt).Hours()/24)))
	} else {
		lines = append(lines, x.digestNoOldest)
	}

	chartSince := monday(slot).AddDate(0, 0, -7*(digestWeeks-1))
	weekly, err := d.store.CaseStats(ctx, chartSince)
	if err != nil {
		return "", nil, fmt.Errorf("count the cases of the digest's chart: %w", err)
	}
	png, err := picture(weekly, chartSince, now, x)
	if err != nil {
		return "", nil, err
	}
	return strings.Join(lines, "\n"), png, nil
}

// newLinks counts the live links between cases that were made since the
// given time.
func newLinks(ctx context.Context, store LinkStore, since time.Time) (int, error) {
	all, err := store.AllLinks(ctx)
	if err != nil {
		return 0, fmt.Errorf("count the new links: %w", err)
	}
	n := 0
	for id, links := range all {
		for _, l := range links {
			if id < l.CaseID && !l.LinkedAt.Before(since) { // each link is listed from both cases
				n++
			}
		}
	}
	return n, nil
}
