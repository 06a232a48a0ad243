package bot

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by stores when a case or session does not exist.
var ErrNotFound = errors.New("not found")

// CaseStore keeps filed reports.
type CaseStore interface {
	// FileCase stores a new case and its first "filed" event in one durable
	// transaction and returns it with its reference. Nothing is stored when
	// it returns an error.
	FileCase(ctx context.Context, c NewCase) (Case, error)
	// CaseByRef returns the case with the reference, or ErrNotFound.
	CaseByRef(ctx context.Context, ref string) (Case, error)
	// CaseByReceipt returns the anonymous case whose receipt code hashes to
	// receiptHash, or ErrNotFound.
	CaseByReceipt(ctx context.Context, receiptHash string) (Case, error)
}

// SessionStore keeps unfinished report conversations so that they survive
// a restart.
type SessionStore interface {
	// LoadSession returns the session with the key, or ErrNotFound.
	LoadSession(ctx context.Context, key string) (Session, error)
	// SaveSession creates or replaces the session.
	SaveSession(ctx context.Context, s Session) error
	// DeleteSession removes the session; removing a missing one is not an error.
	DeleteSession(ctx context.Context, key string) error
	// IdleSessions returns sessions last updated before the given time.
	IdleSessions(ctx context.Context, before time.Time) ([]Session, error)
}

// Store is everything the core needs from storage.
type Store interface {
	CaseStore
	SessionStore
}
