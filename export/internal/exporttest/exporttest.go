// Package exporttest builds export records for the export package's tests,
// benchmarks and memory check: a few hand-written cases covering the edge
// cases, and any number of generated ones.
package exporttest

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"vigil/bot"
	"vigil/export"
)

// Base is the filing time of the first generated and sample case.
var Base = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// Secret names that must never appear in STIX or MISP exports, and, for
// AnonymousName, in no export at all.
const (
	NamedReporter = "Nadia Named-Reporter"
	AnonymousName = "Zed Hidden-Reporter"
)

// Samples returns hand-written records: a named payment case with history,
// an anonymous case whose reporter field was wrongly filled in, a case with
// nothing to map (category other, no approacher), and a case full of cells a
// spreadsheet would evaluate.
func Samples() []export.Record {
	named := bot.User{Platform: bot.PlatformSlack, ID: "U0NAMED", Name: NamedReporter}
	team := bot.User{Platform: bot.PlatformSlack, ID: "U0TEAM", Name: "Tess Team"}
	hidden := bot.User{Platform: bot.PlatformMatrix, ID: "@zed:example.org", Name: AnonymousName}
	return []export.Record{
		{
			Case: bot.Case{ID: 1, Ref: "VGL-2026-0001", Reporter: named, Status: bot.StatusTriaged,
				Severity: bot.SeverityHigh, Assignee: team.Key(), FiledAt: Base, Updated: Base.Add(2 * time.Hour),
				Report: bot.Report{Category: bot.CategoryPayment, OccurredOn: Base.Truncate(24 * time.Hour).Add(-48 * time.Hour),
					Channel: bot.ChannelEmail, Approacher: "Consultancy \"Bridge\" Ltd", ApproacherCountry: "Russie",
					Description: "Offered 5,000 EUR for drafting an amendment.\nSecond line, with a comma.",
					Accepted:    bot.AcceptedNo, Evidence: "E-mail kept", ContactAllowed: true,
					SourceLink: "https://example.slack.com/archives/C1/p1"}},
			Events: []bot.CaseEvent{
				{ID: 10, CaseID: 1, At: Base, Kind: bot.EventFiled, Actor: named},
				{ID: 11, CaseID: 1, At: Base.Add(time.Hour), Kind: bot.EventStatus, Actor: team, Status: bot.StatusTriaged},
				{ID: 12, CaseID: 1, At: Base.Add(time.Hour), Kind: bot.EventAssigned, Actor: team, Detail: team.Key()},
				{ID: 13, CaseID: 1, At: Base.Add(90 * time.Minute), Kind: bot.EventNote, Actor: team, Text: "Same sender as last year."},
				{ID: 14, CaseID: 1, At: Base.Add(2 * time.Hour), Kind: bot.EventReply, Actor: team, Text: "Thank you, we are on it."},
			},
		},
		{
			Case: bot.Case{ID: 2, Ref: "VGL-2026-0002", Reporter: hidden, Status: bot.StatusNew,
				Severity: bot.SeverityMedium, FiledAt: Base.Add(24 * time.Hour), Updated: Base.Add(24 * time.Hour),
				Report: bot.Report{Category: bot.CategoryOnline, OccurredOn: Base.Truncate(24 * time.Hour),
					Channel: bot.ChannelSocial, Approacher: "Recruiter 'Anna'", ApproacherCountry: "Chinese embassy",
					Description: "A recruiter offered paid research on committee work.", Accepted: bot.AcceptedUnsure,
					Anonymous: true, ContactAllowed: true}},
			Events: []bot.CaseEvent{
				{ID: 20, CaseID: 2, At: Base.Add(24 * time.Hour), Kind: bot.EventFiled, Actor: hidden},
				{ID: 21, CaseID: 2, At: Base.Add(26 * time.Hour), Kind: bot.EventAddition, Actor: hidden, Text: "They wrote again today."},
			},
		},
		{
			Case: bot.Case{ID: 3, Ref: "VGL-2026-0003", Status: bot.StatusClosed, Resolution: bot.ResolutionFalsePositive,
				Severity: bot.SeverityLow, FiledAt: Base.Add(48 * time.Hour), Updated: Base.Add(50 * time.Hour),
				Report: bot.Report{Category: bot.CategoryOther, Channel: bot.ChannelPhone,
					Description: "Odd phone call.", Accepted: bot.AcceptedNo, Anonymous: true}},
		},
		{
			Case: bot.Case{ID: 4, Ref: "VGL-2026-0004", Reporter: named, Status: bot.StatusInvestigating,
				Severity: bot.SeverityHigh, FiledAt: Base.Add(72 * time.Hour), Updated: Base.Add(73 * time.Hour),
				Report: bot.Report{Category: bot.CategoryCyber, OccurredOn: Base, Channel: bot.ChannelEmail,
					Approacher: "=HYPERLINK(\"http://evil.example\",\"click\")", ApproacherCountry: "RU",
					Description: "  +SUM(A1:A9)\n@cmd\n-2+3\nplain line\n\tTabbed", Accepted: bot.AcceptedYes,
					AcceptedDetail: "\rDDE payload", Evidence: "=1+1"}},
			Events: []bot.CaseEvent{
				{ID: 40, CaseID: 4, At: Base.Add(73 * time.Hour), Kind: bot.EventNote, Actor: bot.User{Platform: bot.PlatformSlack, ID: "U0TEAM", Name: "@tess"}, Text: "=cmd|' /C calc'!A0"},
			},
		},
	}
}

// Seq yields the records of a slice.
func Seq(records []export.Record) iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		for _, r := range records {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Records yields n generated records, each built when the iterator is
// pulled, so that no slice of all records ever exists.
func Records(n int) iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		for i := range n {
			if !yield(Generate(i), nil) {
				return
			}
		}
	}
}

var (
	countries = []string{"Russia", "Chine", "Deutschland", "", "RU", "Chinese embassy", "Iran", "Türkiye"}
	paragraph = strings.Repeat("Someone from an association offered a paid trip and asked about committee amendments. ", 5)
)

// Generate returns the i-th generated record; the same i always yields the
// same record.
func Generate(i int) export.Record {
	filed := Base.Add(time.Duration(i) * time.Minute)
	team := bot.User{Platform: bot.PlatformMatrix, ID: "@team:example.org", Name: "Team member"}
	reporter := bot.User{Platform: bot.PlatformSlack, ID: fmt.Sprintf("U%07d", i), Name: "Staffer"}
	anonymous := i%3 == 0
	if anonymous {
		reporter = bot.User{}
	}
	desc := paragraph
	if i%50 == 0 {
		desc = "=HYPERLINK(\"http://x\")\n" + paragraph
	}
	r := bot.Report{
		Category: bot.Categories()[i%len(bot.Categories())], OccurredOn: filed.Truncate(24 * time.Hour),
		Channel: bot.Channels()[i%len(bot.Channels())], ApproacherCountry: countries[i%len(countries)],
		Description: desc, Accepted: bot.AcceptedNo, Anonymous: anonymous, ContactAllowed: !anonymous,
	}
	if i%2 == 0 {
		r.Approacher = fmt.Sprintf("Approacher %d", i%997)
	}
	if i%5 != 0 { // contact details, for the indicators of STIX and MISP
		r.Evidence = fmt.Sprintf("mail from agent%d@media%d.example, calls from +32 2 555 %04d", i%997, i%50, i%10000)
	}
	c := bot.Case{ID: int64(i + 1), Ref: fmt.Sprintf("VGL-2026-%06d", i+1), Report: r, Reporter: reporter,
		Status: bot.StatusNew, Severity: bot.AssessSeverity(r), FiledAt: filed, Updated: filed}
	events := []bot.CaseEvent{{ID: int64(4*i + 1), CaseID: c.ID, At: filed, Kind: bot.EventFiled, Actor: reporter}}
	if i%4 == 1 {
		c.Status, c.Updated = bot.StatusTriaged, filed.Add(time.Hour)
		events = append(events,
			bot.CaseEvent{ID: int64(4*i + 2), CaseID: c.ID, At: c.Updated, Kind: bot.EventStatus, Actor: team, Status: bot.StatusTriaged},
			bot.CaseEvent{ID: int64(4*i + 3), CaseID: c.ID, At: c.Updated, Kind: bot.EventNote, Actor: team, Text: "Checked the sender against earlier cases."})
	}
	return export.Record{Case: c, Events: events}
}
