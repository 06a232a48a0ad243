package bot

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"vigil/indicators"
)

// Category is the kind of approach being reported.
type Category string

// Report categories, in the order the conversation offers them.
const (
	CategoryPayment        Category = "payment"
	CategoryGift           Category = "gift"
	CategoryTravel         Category = "travel"
	CategoryDiplomat       Category = "diplomat"
	CategoryOnline         Category = "online"
	CategoryPressure       Category = "pressure"
	CategoryDisinformation Category = "disinformation"
	CategoryCyber          Category = "cyber"
	CategoryOther          Category = "other"
)

// Categories returns every category in menu order.
func Categories() []Category {
	return []Category{
		CategoryPayment, CategoryGift, CategoryTravel, CategoryDiplomat, CategoryOnline,
		CategoryPressure, CategoryDisinformation, CategoryCyber, CategoryOther,
	}
}

// Label returns the English name of the category.
func (c Category) Label() string { return c.LabelIn(langEN) }

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

// Channel is how the approach was made.
type Channel string

// Channels of approach, in menu order.
const (
	ChannelInPerson  Channel = "in-person"
	ChannelEmail     Channel = "email"
	ChannelPhone     Channel = "phone"
	ChannelMessaging Channel = "messaging"
	ChannelSocial    Channel = "social-media"
	ChannelEvent     Channel = "event"
	ChannelOther     Channel = "other"
)

// Channels returns every channel in menu order.
func Channels() []Channel {
	return []Channel{ChannelInPerson, ChannelEmail, ChannelPhone, ChannelMessaging, ChannelSocial, ChannelEvent, ChannelOther}
}

// Label returns the English name of the channel.
func (c Channel) Label() string { return c.LabelIn(langEN) }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels(), c) }

// Accepted records whether anything was accepted or promised.
type Accepted string

// Answers to "was anything accepted or promised?".
const (
	AcceptedNo     Accepted = "no"
	AcceptedYes    Accepted = "yes"
	AcceptedUnsure Accepted = "unsure"
)

// Valid reports whether a is a known answer.
func (a Accepted) Valid() bool { return a == AcceptedNo || a == AcceptedYes || a == AcceptedUnsure }

// Report is what a reporter tells Vigil about an approach.
type Report struct {
	Category          Category
	OccurredOn        time.Time // date only, in UTC
	Channel           Channel
	Approacher        string // who approached: name, organisation (optional)
	ApproacherCountry string // claimed or apparent country (optional)
	Description       string // what happened, in the reporter's words
	Accepted          Accepted
	AcceptedDetail    string // what was accepted or promised (optional)
	Evidence          string // evidence kept (optional)
	Anonymous         bool
	ContactAllowed    bool   // named reporters only
	SourceLink        string // permalink of a reported message (optional)
}

// Limits on report fields, in characters.
const (
	MaxShortField = 300
	MaxLongField  = 4000
)

// Validate checks a complete report and returns a *ValidationError naming
// every field to correct, with messages in lang (en, fr or de; other
// values give English), or nil.
func (r Report) Validate(now time.Time, lang string) error {
	x := tr(lang)
	v := &ValidationError{Fields: map[string]string{}}
	if !r.Category.Valid() {
		v.Fields["category"] = x.missingCategory
	}
	switch {
	case r.OccurredOn.IsZero():
		v.Fields["occurred_on"] = x.missingDate
	case r.OccurredOn.After(now.Add(24 * time.Hour)):
		v.Fields["occurred_on"] = x.dateAhead
	}
	if !r.Channel.Valid() {
		v.Fields["channel"] = x.missingChannel
	}
	if strings.TrimSpace(r.Description) == "" {
		v.Fields["description"] = x.missingDescription
	}
	if !r.Accepted.Valid() {
		v.Fields["accepted"] = x.missingAccepted
	}
	for name, f := range map[string]struct {
		text string
		max  int
	}{
		"approacher": {r.Approacher, MaxShortField}, "approacher_country": {r.ApproacherCountry, MaxShortField},
		"description": {r.Description, MaxLongField}, "accepted_detail": {r.AcceptedDetail, MaxLongField},
		"evidence": {r.Evidence, MaxLongField}, "source_link": {r.SourceLink, MaxShortField},
	} {
		if n := len([]rune(f.text)); n > f.max {
			v.Fields[name] = fmt.Sprintf(x.tooLong, f.max, n)
		}
	}
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// ValidationError lists report fields that need correcting, keyed by field
// name (category, occurred_on, channel, description, ...), each with a
// message for the reporter in the language given to Report.Validate.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	return "report is incomplete: " + strings.Join(sortedKeys(e.Fields), ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Status is where a case stands in the security team's workflow.
type Status string

// Case statuses.
const (
	StatusNew           Status = "new"
	StatusTriaged       Status = "triaged"
	StatusInvestigating Status = "investigating"
	StatusEscalated     Status = "escalated"
	StatusClosed        Status = "closed"
)

// Resolutions of a closed case.
const (
	ResolutionResolved      = "resolved"
	ResolutionFalsePositive = "false-positive"
	ResolutionDuplicate     = "duplicate"
)

// Statuses returns every status in workflow order.
func Statuses() []Status {
	return []Status{StatusNew, StatusTriaged, StatusInvestigating, StatusEscalated, StatusClosed}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Severity ranks how urgently a case needs attention.
type Severity string

// Severities, lowest first.
const (
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s == SeverityLow || s == SeverityMedium || s == SeverityHigh }

// AssessSeverity ranks a new report: offers of payment, pressure or threats
// and anything accepted are high; approaches by officials, sponsored travel
// and cyber incidents are medium; the rest low.
func AssessSeverity(r Report) Severity {
	switch {
	case r.Category == CategoryPayment, r.Category == CategoryPressure, r.Accepted == AcceptedYes:
		return SeverityHigh
	case r.Category == CategoryDiplomat, r.Category == CategoryTravel, r.Category == CategoryCyber,
		r.Category == CategoryOnline, r.Accepted == AcceptedUnsure:
		return SeverityMedium
	default:
		return SeverityLow
	}
}

// Case is a filed report as the security team sees it.
type Case struct {
	ID         int64
	Ref        string // e.g. VGL-2026-0042
	Report     Report
	Reporter   User // zero when the report is anonymous
	Status     Status
	Resolution string // for closed cases: resolved, false-positive or duplicate
	Severity   Severity
	Assignee   string // user key (User.Key) of the team member in charge; empty when unassigned
	FiledAt    time.Time
	Updated    time.Time
}

// NewCase is what the core hands to storage to file a report.
type NewCase struct {
	Report      Report
	Reporter    User   // zero when anonymous
	ReceiptHash string // hash of the anonymous receipt code; empty when named
	Severity    Severity
	FiledAt     time.Time
	// SessionKey names the report conversation that produced the case; it
	// is closed in the same transaction, so that a crash can neither leave
	// a filed report's draft behind nor let it be filed twice.
	SessionKey string
	// Messages, when not nil, are the outbox items the case causes (its
	// notice, the reporter's reference), written in the same transaction.
	Messages *CaseMessages
	// Indicators are the keyed hashes of the report's indicators (see
	// package indicators): the store keeps them and links the case in the
	// same transaction, as LinkStore.IndexCase does.
	Indicators []indicators.Hashed
}

// CaseMessages are the outbox items a new case causes. Their text names
// the case's reference, which the store assigns while filing: it calls
// Compose with the case (ID and reference set), writes the items with
// that CaseID, and records them, with their IDs, in Written.
type CaseMessages struct {
	Compose func(Case) []OutboxItem
	Written []OutboxItem
}

// Filed is the result of filing a report.
type Filed struct {
	Case    Case
	Receipt string // anonymous receipt code, shown once; empty when named
	// Confirmation tells the reporter, in the report's language, that the
	// report is filed: its reference and, when anonymous, the receipt
	// code. A form shows it at once; it also goes to the reporter's direct
	// conversation through the outbox.
	Confirmation string
	// reply is the outbox item that carries Confirmation, claimed by the
	// filer; nil when the reporter's conversation is not reachable.
	reply *OutboxItem
}
