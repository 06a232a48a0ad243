package bot

import "strings"

// summaryIn renders a report in lang: the draft a reporter checks, or the
// case a team member reads.
func summaryIn(lang string, r Report) string {
	x := tr(lang)
	or := func(s, alt string) string {
		if s == "" {
			return alt
		}
		return s
	}
	day := x.notGiven
	if !r.OccurredOn.IsZero() {
		day = x.day(r.OccurredOn)
	}
	accepted := map[Accepted]string{AcceptedNo: x.no, AcceptedYes: x.yes, AcceptedUnsure: x.unsure}[r.Accepted]
	if r.AcceptedDetail != "" {
		accepted += x.labelSeparator + r.AcceptedDetail
	}
	identity := x.withName
	if r.Anonymous {
		identity = x.anonymous
	} else if r.ContactAllowed {
		identity += x.contactAllowed
	} else {
		identity += x.contactForbidden
	}
	line := func(label, value string) string { return label + x.labelSeparator + value }
	lines := []string{
		line(x.labelCategory, r.Category.LabelIn(lang)),
		line(x.labelWhen, day),
		line(x.labelHow, r.Channel.LabelIn(lang)),
		line(x.labelWho, or(r.Approacher, x.notGiven)),
		line(x.labelCountry, or(r.ApproacherCountry, x.notGiven)),
		line(x.labelWhat, r.Description),
		line(x.labelAccepted, or(accepted, x.notGiven)),
		line(x.labelEvidence, or(r.Evidence, x.noneListed)),
	}
	if r.SourceLink != "" {
		lines = append(lines, line(x.labelSource, r.SourceLink))
	}
	return strings.Join(append(lines, line(x.labelIdentity, identity)), "\n")
}

// normalised cleans every text field of a report (CleanReport), whichever
// way it came in.
func (r Report) normalised() Report {
	r = CleanReport(r)
	if r.Anonymous {
		r.ContactAllowed = false
	}
	return r
}
