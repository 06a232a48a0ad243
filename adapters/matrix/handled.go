package matrix

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"maunium.net/go/mautrix/id"
)

// handledKeep is how long the record of a handled message is kept. Only
// the messages of the batch not yet committed are needed (a committed
// position is never fetched again); the rest is a margin.
const handledKeep = 7 * 24 * time.Hour

// handledPruneEvery is how often, at most, old records are deleted.
const handledPruneEvery = time.Hour

// handledLog is the durable record of the messages the bot has handled,
// so that a batch handled in part before a crash is not answered again
// when the same sync is fetched after the restart. Its table,
// vigil_handled_event, is in migrations/.
type handledLog struct {
	db  *sql.DB
	now func() time.Time

	mu        sync.Mutex
	busy      map[id.EventID]bool // being handled now
	lastPrune time.Time
}

// openHandled brings the adapter's tables in db up to date and returns the
// log kept there.
func openHandled(ctx context.Context, db *sql.DB) (*handledLog, error) {
	if err := upgradeSchema(ctx, db); err != nil {
		return nil, err
	}
	return &handledLog{db: db, now: time.Now, busy: map[id.EventID]bool{}}, nil
}

// begin reports whether the message evt should be handled: it was neither
// handled before nor is being handled now. When it returns true the
// caller must call end after handling it. A database that cannot be read
// counts as "not handled" (true with the error): answering twice is
// better than not at all.
func (h *handledLog) begin(ctx context.Context, evt id.EventID) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.busy[evt] {
		return false, nil
	}
	var one int
	err := h.db.QueryRowContext(ctx, `SELECT 1 FROM vigil_handled_event WHERE event_id = ?`, evt).Scan(&one)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, sql.ErrNoRows):
		err = nil
	default:
		err = fmt.Errorf("look up handled matrix message: %w", err)
	}
	h.busy[evt] = true
	return true, err
}

// end records that evt was handled.
func (h *handledLog) end(ctx context.Context, evt id.EventID) error {
	defer func() {
		h.mu.Lock()
		delete(h.busy, evt)
		h.mu.Unlock()
	}()
	_, err := h.db.ExecContext(ctx, `INSERT OR IGNORE INTO vigil_handled_event (event_id, handled_at) VALUES (?, ?)`,
		evt, h.now().Unix())
	if err != nil {
		return fmt.Errorf("record handled matrix message: %w", err)
	}
	return nil
}

// prune deletes the records older than handledKeep, at most once every
// handledPruneEvery. Call it only after a batch was committed.
func (h *handledLog) prune(ctx context.Context) error {
	now := h.now()
	h.mu.Lock()
	due := now.Sub(h.lastPrune) >= handledPruneEvery
	if due {
		h.lastPrune = now
	}
	h.mu.Unlock()
	if !due {
		return nil
	}
	if _, err := h.db.ExecContext(ctx, `DELETE FROM vigil_handled_event WHERE handled_at < ?`, now.Add(-handledKeep).Unix()); err != nil {
		return fmt.Errorf("prune handled matrix messages: %w", err)
	}
	return nil
}
