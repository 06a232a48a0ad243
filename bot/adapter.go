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

// Core is what an adapter calls. *Bot implements it.
type Core interface {
	// HandleMessage processes one message and delivers every reply through
	// the message's adapter before returning.
	HandleMessage(ctx context.Context, msg Message)
	// SubmitReport files a report entered in a platform form by from, in
	// lang, the form's language (en, fr or de; other values mean English).
	// On success the reporter receives the case reference in a direct
	// message in lang and the security team is notified. A
	// *ValidationError lists fields to correct, with messages in lang;
	// ErrTooManyReports means the reporter reached the hourly limit; any
	// error means nothing was filed.
	SubmitReport(ctx context.Context, from User, r Report, lang string) (Filed, error)
	// Language returns the language Vigil last spoke with u (en, fr or de),
	// English when it remembers none. A form opened without a command
	// word (a Slack message shortcut) uses it.
	Language(u User) string
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

// Reactor is implemented by adapters that can react to a message with an
// emoji, used to acknowledge messages quietly.
type Reactor interface {
	React(ctx context.Context, msg Message, emoji string) error
}

// SecurityDesk is implemented by adapters configured with a security-team
// channel or room, which receives a notice for every new report.
type SecurityDesk interface {
	SecurityAddress() (Address, bool)
}
