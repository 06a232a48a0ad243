package bot

import "time"

// Observer receives the core's operational events, for metrics. All methods
// must be safe for concurrent use and fast.
type Observer interface {
	// MessageIn counts a message received from a platform.
	MessageIn(platform string)
	// MessageOut counts a reply delivered (ok) or not (failed) to a platform.
	MessageOut(platform string, ok bool)
	// Answered records how long the core took to answer one message.
	Answered(platform string, d time.Duration)
	// ReportFiled counts a filed report by category.
	ReportFiled(c Category)
	// Exported counts an export by format and outcome ("ok", "error").
	Exported(format, outcome string)
	// Refused counts a refused command ("team" for a non-member, "rate" for
	// a rate limit, "lookup" for look-ups paused after repeated failures).
	Refused(reason string)
}

// ConnectionReporter is implemented by adapters that hold a connection to
// their platform, for readiness checks and metrics.
type ConnectionReporter interface {
	// Connection returns the current state of the platform connection.
	Connection() ConnectionState
}

// ConnectionState describes an adapter's connection.
type ConnectionState struct {
	Connected  bool
	Reconnects int // reconnections since start
}

// noObserver discards every event.
type noObserver struct{}

func (noObserver) MessageIn(string)               {}
func (noObserver) MessageOut(string, bool)        {}
func (noObserver) Answered(string, time.Duration) {}
func (noObserver) ReportFiled(Category)           {}
func (noObserver) Exported(string, string)        {}
func (noObserver) Refused(string)                 {}
