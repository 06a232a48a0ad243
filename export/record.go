package export

import (
	"strconv"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// view is what every format derives from a record: the anonymity rule,
// timestamps that are never zero, and the DISARM techniques.
type view struct {
	Record
	anonymous  bool
	reporter   bot.User // zero when anonymous: never export it otherwise
	filed      time.Time
	updated    time.Time
	techniques []technique
}

func newView(r Record, now func() time.Time) view {
	c := r.Case
	v := view{Record: r, techniques: techniquesFor(c.Report.Category)}
	v.anonymous = c.Report.Anonymous || c.Reporter.ID == ""
	if !v.anonymous {
		v.reporter = c.Reporter
	}
	v.filed = c.FiledAt.UTC()
	if v.filed.IsZero() && len(r.Events) > 0 {
		v.filed = r.Events[0].At.UTC()
	}
	if v.filed.IsZero() {
		v.filed = now().UTC()
	}
	v.updated = c.Updated.UTC()
	for _, ev := range r.Events {
		if ev.At.After(v.updated) {
			v.updated = ev.At.UTC()
		}
	}
	if v.updated.Before(v.filed) {
		v.updated = v.filed
	}
	return v
}

// actor returns who did ev, or the zero user when that would reveal an
// anonymous reporter.
func (v view) actor(ev bot.CaseEvent) bot.User {
	if v.anonymous && (ev.Kind == bot.EventFiled || ev.Kind == bot.EventAddition || ev.Actor == v.Case.Reporter) {
		return bot.User{}
	}
	return ev.Actor
}

// occurredOn returns the date of the approach, or the filing date when the
// report has none.
func (v view) occurredOn() time.Time {
	if d := v.Case.Report.OccurredOn; !d.IsZero() {
		return d.UTC()
	}
	return v.filed
}

// indicators returns the indicators of the case and its additions that
// are not common, most specific first, or none when o extracts none.
func (v view) indicators(o options) []indicators.Indicator {
	if o.extractor == nil {
		return nil
	}
	var out []indicators.Indicator
	for _, ind := range o.extractor.Extract(bot.IndicatorFields(v.Case.Report, v.Events)) {
		if !o.common.Has(ind) {
			out = append(out, ind)
		}
	}
	return out
}

// linkKinds names the kinds of a link (["phone", "email-domain"]); none
// for a link the team made.
func linkKinds(l bot.CaseLink) []string {
	kinds := make([]string, len(l.Kinds))
	for i, k := range l.Kinds {
		kinds[i] = string(k)
	}
	return kinds
}

// eventKey names an event of a case for stable ids: by its storage ID, or
// by its position in the history when it has none.
func eventKey(ref string, ev bot.CaseEvent, index int) string {
	if ev.ID != 0 {
		return ref + ":" + strconv.FormatInt(ev.ID, 10)
	}
	return ref + ":#" + strconv.Itoa(index)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

const (
	dateLayout = "2006-01-02"
	timeLayout = time.RFC3339
)
