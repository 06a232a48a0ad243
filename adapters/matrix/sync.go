package matrix

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// defaultTimelineLimit is how many events per room one sync returns; when
// more were sent (while the bot was down), the homeserver marks the
// timeline limited and the gap filler fetches the rest.
const defaultTimelineLimit = 100

// shutdownGrace is how long a sync batch being handled may go on after Run
// is asked to stop, so that it can be answered and committed.
const shutdownGrace = 10 * time.Second

// syncer wraps mautrix's DefaultSyncer: it retries with backoff, lets a
// batch finish when stopping, and commits the sync position only after the
// whole batch was handled, so a restart neither replays nor loses messages.
type syncer struct {
	*mautrix.DefaultSyncer
	store   *batchStore
	handled *handledLog // nil: nothing to prune
	gaps    *gapFiller  // nil: limited timelines are handled as they are
	retry   *backoff
	link    *linkState
	log     *slog.Logger
}

// newSyncer returns a syncer whose sync filter asks for at most limit
// timeline events per room.
func newSyncer(limit int, retry *backoff, link *linkState, log *slog.Logger) *syncer {
	s := &syncer{DefaultSyncer: mautrix.NewDefaultSyncer(), retry: retry, link: link, log: log}
	s.FilterJSON = &mautrix.Filter{Room: &mautrix.RoomFilter{Timeline: &mautrix.FilterPart{Limit: limit}}}
	return s
}

// ProcessResponse fills the gaps of limited timelines, handles the batch,
// then commits its position and prunes the record of handled messages
// (which a committed batch no longer needs). When a gap could not be
// filled for a reason that may pass, it returns the error before anything
// was handled, so the same batch is fetched again. The homeserver counts as reachable from the
// moment the batch was complete, so the connection state is right while
// the batch's replies go out.
func (s *syncer) ProcessResponse(ctx context.Context, resp *mautrix.RespSync, since string) error {
	if s.gaps != nil {
		if err := s.gaps.fill(ctx, resp, since); err != nil {
			return fmt.Errorf("fill timeline gaps: %w", err)
		}
	}
	s.retry.reset()
	s.link.markUp()
	// Handlers get a context that survives a stop request for a grace
	// period, and afterwards (for late decryptions) is never cancelled.
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(shutdownGrace, cancel) })
	err := s.DefaultSyncer.ProcessResponse(hctx, resp, since)
	stop()
	if err != nil {
		return fmt.Errorf("handle sync: %w", err)
	}
	if s.store == nil {
		return nil
	}
	if err := s.store.commit(hctx); err != nil {
		return err
	}
	if s.handled != nil {
		if err := s.handled.prune(hctx); err != nil {
			s.log.Warn("could not prune the record of handled messages", "err", err)
		}
	}
	return nil
}

// OnFailedSync waits with backoff after a failed sync; a rejected access
// token stops syncing.
func (s *syncer) OnFailedSync(_ *mautrix.RespSync, err error) (time.Duration, error) {
	if errors.Is(err, mautrix.MUnknownToken) {
		return 0, err
	}
	s.link.markDown()
	d := s.retry.next()
	s.log.Warn("sync failed, retrying", "in", d, "err", err)
	return d, nil
}

// batchStore holds back the sync position given by the client until the
// batch was handled (commit); everything else goes to the wrapped store.
type batchStore struct {
	mautrix.SyncStore

	mu      sync.Mutex
	userID  id.UserID
	pending string
}

// SaveNextBatch remembers the position without storing it yet.
func (b *batchStore) SaveNextBatch(_ context.Context, userID id.UserID, token string) error {
	b.mu.Lock()
	b.userID, b.pending = userID, token
	b.mu.Unlock()
	return nil
}

// commit stores the remembered position.
func (b *batchStore) commit(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pending == "" {
		return nil
	}
	if err := b.SyncStore.SaveNextBatch(ctx, b.userID, b.pending); err != nil {
		return fmt.Errorf("save sync position: %w", err)
	}
	b.pending = ""
	return nil
}

// dropOldEvents returns a sync handler that removes messages the bot must
// not answer: everything in the very first sync (since == ""), and in each
// room the messages from before the bot joined it. State events stay, so
// that room state is kept up to date.
func dropOldEvents(self id.UserID) mautrix.SyncHandler {
	return func(_ context.Context, resp *mautrix.RespSync, since string) bool {
		for _, room := range resp.Rooms.Join {
			cut := len(room.Timeline.Events)
			if since != "" {
				cut = ownJoinIndex(self, room.Timeline.Events)
			}
			room.Timeline.Events = stateOnlyBefore(room.Timeline.Events, cut)
		}
		return true
	}
}

// ownJoinIndex returns the index of the last event in which self joined,
// or 0.
func ownJoinIndex(self id.UserID, evts []*event.Event) int {
	for i := len(evts) - 1; i >= 0; i-- {
		if isOwnJoin(self, evts[i]) {
			return i
		}
	}
	return 0
}

// isOwnJoin reports whether e is self joining the room (not a profile
// change of an existing member).
func isOwnJoin(self id.UserID, e *event.Event) bool {
	if e.Type != event.StateMember || e.GetStateKey() != self.String() || membership(e.Content) != "join" {
		return false
	}
	return e.Unsigned.PrevContent == nil || membership(*e.Unsigned.PrevContent) != "join"
}

func membership(c event.Content) string {
	m, _ := c.Raw["membership"].(string)
	return m
}

// stateOnlyBefore drops non-state events with an index below cut.
func stateOnlyBefore(evts []*event.Event, cut int) []*event.Event {
	if cut == 0 {
		return evts
	}
	kept := evts[:0:0]
	for i, e := range evts {
		if i >= cut || e.StateKey != nil {
			kept = append(kept, e)
		}
	}
	return kept
}
