package bot

import (
	"context"
	"errors"
	"io"
)

// Adapter connects Vigil to one chat platform. Adapters turn platform events
// into Message values for a Core and deliver Reply values; they never decide
// anything about guidance, reports or permissions.
type Adapter interface {
	// Platform returns the platform name (PlatformSlack, ...).
	Platform() string
	// Run receives events and passes them to core until ctx ends. It returns
	// nil after ctx ends and an error when the platform cannot be used (for
	// example a revoked token).
	Run(ctx context.Context, core Core) error
	// Send delivers r to the address. It returns an error when the platform
	// refused or could not be reached.
	Send(ctx context.Context, to Address, r Reply) error
}

// Core is what an adapter calls. *Bot implements it. The core decides
// what to answer, what to keep and what to refuse; adapters carry.
type Core interface {
	// HandleMessage processes one message and delivers every reply through
	// the message's adapter before returning.
	HandleMessage(ctx context.Context, msg Message)
	// SubmitReport files a report entered in a platform form by from, in
	// lang, the form's language (en, fr or de; other values mean English).
	// On success the reporter receives the case reference in a direct
	// message in lang and the security team is notified. Otherwise the
	// core tells the reporter why in lang, and keeps the answers (stored
	// encrypted, for the idle time of a report) for the next form it
	// opens for them; the error is a *ValidationError listing fields to
	// correct, ErrTooManyReports when the reporter reached the hourly
	// limit, or any other error, and nothing was filed.
	SubmitReport(ctx context.Context, from User, r Report, lang string) (Filed, error)
	// ReportMessage answers a platform's own way of starting a report (a
	// Slack message shortcut) for msg's sender: within the hourly limit,
	// the core opens the adapter's form in the sender's language, filled in
	// from prefill; otherwise, or when the form cannot open, it tells the
	// sender in a direct message.
	ReportMessage(ctx context.Context, msg Message, prefill Report)
}

// ErrFormUnavailable is returned by a FormOpener that cannot open a form for
// this message (for example a Slack message without a trigger ID); the core
// then falls back to the step-by-step conversation.
var ErrFormUnavailable = errors.New("form not available for this message")

// FormOpener is implemented by adapters that can show the report as a form
// (a Slack modal). The form's submission comes back through Core.SubmitReport.
type FormOpener interface {
	// OpenReportForm shows msg's sender the report form in lang (en, fr or
	// de; see FormTextIn), filled in from prefill, and keeps lang for the
	// submission. It returns ErrFormUnavailable (possibly wrapped) when no
	// form can be shown for msg, and any other error when the platform
	// refused.
	OpenReportForm(ctx context.Context, msg Message, prefill Report, lang string) error
	// FormCommand returns what a user types to open the form with the
	// command word ("/vigil report" in Slack); the core names it in
	// replies.
	FormCommand(word string) string
}

// GroupCommander is implemented by adapters whose group conversations
// (channels, rooms) pass Vigil only the messages addressed to it. The
// core shows the commands it names in replies there the way they are
// typed there.
type GroupCommander interface {
	// GroupCommand returns how a command is typed in a group conversation:
	// "!vigil report" in a Matrix room, "/vigil report" in a Slack channel.
	GroupCommand(command string) string
}

// FileSender is implemented by adapters that can send a file as an
// attachment to a direct conversation.
type FileSender interface {
	SendFile(ctx context.Context, to Address, name, contentType string, content io.Reader) error
}

// EphemeralSender is implemented by adapters that can show a message to one
// user only inside a shared conversation.
type EphemeralSender interface {
	SendEphemeral(ctx context.Context, to Address, r Reply) error
}

// SecurityDesk is implemented by adapters configured with a security-team
// channel or room, which receives a notice for every new report.
type SecurityDesk interface {
	SecurityAddress() (Address, bool)
}
