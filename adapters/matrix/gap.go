package matrix

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// maxGapEvents bounds how many left-out events are fetched for one room in
// one sync; older ones are not answered, and a warning gives the count.
const maxGapEvents = 1000

// gapPageSize is how many events one /messages request asks for.
const gapPageSize = 100

// messagePager is the part of mautrix.Client the gap filler uses:
// GET /rooms/{roomId}/messages.
type messagePager interface {
	Messages(ctx context.Context, roomID id.RoomID, from, to string, dir mautrix.Direction, filter *mautrix.FilterPart, limit int) (*mautrix.RespMessages, error)
}

// gapFiller fetches the events that a limited sync timeline left out, so
// that messages sent while the bot was down are answered however many
// there were.
type gapFiller struct {
	pager messagePager
	self  id.UserID
	max   int // events fetched per room and sync at most
	log   *slog.Logger
}

// fill puts in front of each limited timeline of a joined room the events
// sent since the previous sync that the homeserver left out, oldest first,
// so that they are decrypted, filtered and answered like the rest of the
// batch. Nothing is fetched after the very first sync (it is not answered)
// or when the bot's own join is in the timeline (what came before is not
// answered either).
//
// A failure that may pass (the homeserver unreachable or overloaded, or
// ctx ended) is returned before anything was handled, so that the batch is
// not committed and the same sync is made again: no message is lost. Any
// other failure would repeat forever and hold up every room, so it is
// logged and the room keeps the timeline the sync gave.
func (g *gapFiller) fill(ctx context.Context, resp *mautrix.RespSync, since string) error {
	if since == "" {
		return nil
	}
	for roomID, room := range resp.Rooms.Join {
		tl := &room.Timeline
		if !tl.Limited || tl.PrevBatch == "" || slices.ContainsFunc(tl.Events, func(e *event.Event) bool { return isOwnJoin(g.self, e) }) {
			continue
		}
		missed, err := g.missed(ctx, roomID, tl.PrevBatch, since)
		switch {
		case err != nil && (ctx.Err() != nil || transient(err)):
			return fmt.Errorf("room %s: %w", roomID, err)
		case err != nil:
			g.log.Warn("could not fetch the events a sync left out; they are not answered", "room", roomID, "err", err)
			continue
		}
		tl.Events = withMissed(missed, tl.Events)
		g.log.Info("fetched events the sync left out", "room", roomID, "events", len(missed))
	}
	return nil
}

// missed returns the room's events from after the previous sync position
// (since) up to the start of the timeline (prevBatch), newest first. It
// pages backwards until the newest event the bot was already given, its
// own join (anything older is not answered), the start of the room, or
// g.max events.
//
// The previous position is not passed as `to`: Dendrite v0.15.2 treats it
// as an exclusive bound on the depth of the room's first event at or after
// it, which drops the first missed event whenever the last event the bot
// saw was in another room.
func (g *gapFiller) missed(ctx context.Context, room id.RoomID, prevBatch, since string) ([]*event.Event, error) {
	seen, err := g.lastSeen(ctx, room, since)
	if err != nil {
		return nil, err
	}
	var out []*event.Event
	from := prevBatch
	for len(out) < g.max {
		page, err := g.pager.Messages(ctx, room, from, "", mautrix.DirectionBackward, nil, min(gapPageSize, g.max-len(out)))
		if err != nil {
			return nil, fmt.Errorf("fetch left-out events: %w", err)
		}
		for _, e := range page.Chunk {
			if e.ID == seen {
				return out, nil
			}
			out = append(out, e)
			if isOwnJoin(g.self, e) {
				return out, nil
			}
		}
		if len(page.Chunk) == 0 || page.End == "" || page.End == from {
			return out, nil
		}
		from = page.End
	}
	g.log.Warn("too many events left out of a sync; older ones are not answered", "room", room, "fetched", len(out))
	return out, nil
}

// lastSeen returns the ID of the room's newest event at the sync position
// since, the last one the bot was given; "" when it may see none.
func (g *gapFiller) lastSeen(ctx context.Context, room id.RoomID, since string) (id.EventID, error) {
	page, err := g.pager.Messages(ctx, room, since, "", mautrix.DirectionBackward, nil, 1)
	if err != nil {
		return "", fmt.Errorf("find the last event seen: %w", err)
	}
	if len(page.Chunk) == 0 {
		return "", nil
	}
	return page.Chunk[0].ID, nil
}

// withMissed returns the missed events (newest first, as paging backwards
// gives them) in chronological order, followed by the timeline. An event
// that is already in the timeline, or was fetched twice, appears once.
func withMissed(missed, timeline []*event.Event) []*event.Event {
	have := make(map[id.EventID]bool, len(missed)+len(timeline))
	for _, e := range timeline {
		have[e.ID] = true
	}
	out := make([]*event.Event, 0, len(missed)+len(timeline))
	for _, e := range slices.Backward(missed) {
		if !have[e.ID] {
			have[e.ID] = true
			out = append(out, e)
		}
	}
	return append(out, timeline...)
}
