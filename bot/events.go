package bot

import "time"

// EventKind names an entry of a case's history.
type EventKind string

// Kinds of case events.
const (
	EventFiled    EventKind = "filed"    // the report was filed
	EventStatus   EventKind = "status"   // status changed; Status holds the new one, Detail the resolution when closed
	EventSeverity EventKind = "severity" // severity changed; Detail holds the new one
	EventAssigned EventKind = "assigned" // case assigned; Detail holds the assignee's user key
	EventNote     EventKind = "note"     // internal team note
	EventReply    EventKind = "reply"    // team reply that reaches the reporter
	EventAddition EventKind = "addition" // information added by the reporter
)

// CaseEvent is one entry of a case's history.
type CaseEvent struct {
	ID     int64
	CaseID int64
	At     time.Time
	Kind   EventKind
	Actor  User   // who did it; zero for an anonymous reporter
	Status Status // for EventStatus
	Detail string // short non-sensitive detail: resolution, severity or assignee
	Text   string // free text (note, reply, addition, or a note on a change); stored encrypted
}
