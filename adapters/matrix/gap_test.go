package matrix

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

const gapRoom = id.RoomID("!gap:example.org")

// fakeRoom serves /messages from a room's history (oldest first). A token
// "s<n>" (sync position) or "t<n>" (pagination) stands for the point just
// after the first n events.
type fakeRoom struct {
	history []*event.Event
	fail    error // returned by every request when set
	calls   []string
}

func (f *fakeRoom) Messages(_ context.Context, room id.RoomID, from, to string, dir mautrix.Direction, _ *mautrix.FilterPart, limit int) (*mautrix.RespMessages, error) {
	f.calls = append(f.calls, fmt.Sprintf("from=%s to=%s dir=%c limit=%d", from, to, dir, limit))
	if f.fail != nil {
		return nil, f.fail
	}
	if room != gapRoom || dir != mautrix.DirectionBackward || to != "" || limit < 1 || limit > gapPageSize {
		return nil, fmt.Errorf("unexpected request room=%s from=%s to=%s dir=%c limit=%d", room, from, to, dir, limit)
	}
	pos, err := strconv.Atoi(from[1:])
	if err != nil || pos > len(f.history) {
		return nil, fmt.Errorf("bad token %q", from)
	}
	start := max(0, pos-limit)
	resp := &mautrix.RespMessages{Start: from}
	for i := pos - 1; i >= start; i-- {
		resp.Chunk = append(resp.Chunk, f.history[i])
	}
	if start > 0 {
		resp.End = "t" + strconv.Itoa(start)
	}
	return resp, nil
}

// history returns n messages $e0 ... $e(n-1), decoded from JSON as from
// the homeserver; at index join (when >= 0) the bot joins instead.
func history(t *testing.T, n, join int) []*event.Event {
	t.Helper()
	evts := make([]*event.Event, n)
	for i := range evts {
		raw := fmt.Sprintf(`{"type":"m.room.message","event_id":"$e%d","sender":"@a:example.org","content":{"msgtype":"m.text","body":"secret question %d"}}`, i, i)
		if i == join {
			raw = fmt.Sprintf(`{"type":"m.room.member","event_id":"$e%d","state_key":"%s","sender":"%s","content":{"membership":"join"}}`, i, self, self)
		}
		if err := json.Unmarshal([]byte(raw), &evts[i]); err != nil {
			t.Fatal(err)
		}
	}
	return evts
}

// limitedSync is an incremental sync of gapRoom whose timeline holds the
// events from index first on, the ones before it left out.
func limitedSync(hist []*event.Event, first int) *mautrix.RespSync {
	return &mautrix.RespSync{Rooms: mautrix.RespSyncRooms{Join: map[id.RoomID]*mautrix.SyncJoinedRoom{gapRoom: {
		Timeline: mautrix.SyncTimeline{
			SyncEventsList: mautrix.SyncEventsList{Events: slices.Clone(hist[first:])},
			Limited:        true, PrevBatch: "t" + strconv.Itoa(first),
		},
	}}}}
}

func span(from, to int) []id.EventID {
	var out []id.EventID
	for i := from; i < to; i++ {
		out = append(out, id.EventID("$e"+strconv.Itoa(i)))
	}
	return out
}

func TestWithMissed(t *testing.T) {
	ev := func(s string) *event.Event { return &event.Event{ID: id.EventID(s)} }
	tests := []struct {
		name             string
		missed, timeline []string
		want             []id.EventID
	}{
		{"newest first becomes oldest first", []string{"$3", "$2", "$1"}, []string{"$4", "$5"}, []id.EventID{"$1", "$2", "$3", "$4", "$5"}},
		{"overlap with the timeline", []string{"$4", "$3", "$2"}, []string{"$4", "$5"}, []id.EventID{"$2", "$3", "$4", "$5"}},
		{"fetched twice", []string{"$3", "$2", "$2", "$1"}, []string{"$4"}, []id.EventID{"$1", "$2", "$3", "$4"}},
		{"nothing missed", nil, []string{"$4"}, []id.EventID{"$4"}},
	}
	for _, tt := range tests {
		var missed, timeline []*event.Event
		for _, s := range tt.missed {
			missed = append(missed, ev(s))
		}
		for _, s := range tt.timeline {
			timeline = append(timeline, ev(s))
		}
		if got := ids(withMissed(missed, timeline)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGapFill(t *testing.T) {
	tests := []struct {
		name      string
		hist      []*event.Event
		since     string
		first     int // index of the first timeline event
		max       int
		want      []id.EventID
		requests  int
		warnCount string // "fetched=<n>" expected in a warning, or ""
	}{
		{name: "back to the last event seen", hist: history(t, 20, -1), since: "s5", first: 15, max: maxGapEvents,
			want: span(5, 20), requests: 2},
		{name: "several pages", hist: history(t, 260, -1), since: "s10", first: 255, max: maxGapEvents,
			want: span(10, 260), requests: 4},
		{name: "own join in the gap ends it", hist: history(t, 20, 8), since: "s3", first: 15, max: maxGapEvents,
			want: span(8, 20), requests: 2},
		{name: "to the start of the room", hist: history(t, 20, -1), since: "s0", first: 15, max: maxGapEvents,
			want: span(0, 20), requests: 2},
		{name: "cap", hist: history(t, 20, -1), since: "s0", first: 15, max: 4,
			want: span(11, 20), requests: 2, warnCount: "fetched=4"},
		{name: "first sync", hist: history(t, 20, -1), since: "", first: 15, max: maxGapEvents,
			want: span(15, 20)},
		{name: "own join in the timeline", hist: history(t, 20, 16), since: "s5", first: 15, max: maxGapEvents,
			want: span(15, 20)},
	}
	for _, tt := range tests {
		var logs bytes.Buffer
		f := &fakeRoom{history: tt.hist}
		g := &gapFiller{pager: f, self: self, max: tt.max, log: slog.New(slog.NewTextHandler(&logs, nil))}
		resp := limitedSync(tt.hist, tt.first)
		if err := g.fill(context.Background(), resp, tt.since); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := ids(resp.Rooms.Join[gapRoom].Timeline.Events); !slices.Equal(got, tt.want) {
			t.Errorf("%s: timeline %v, want %v", tt.name, got, tt.want)
		}
		if len(f.calls) != tt.requests {
			t.Errorf("%s: %d requests %v, want %d", tt.name, len(f.calls), f.calls, tt.requests)
		}
		warned := strings.Contains(logs.String(), "level=WARN")
		if warned != (tt.warnCount != "") || !strings.Contains(logs.String(), tt.warnCount) {
			t.Errorf("%s: log %q, want a warning with %q", tt.name, logs.String(), tt.warnCount)
		}
		if strings.Contains(logs.String(), "secret question") {
			t.Errorf("%s: message text in the log: %q", tt.name, logs.String())
		}
	}
}

func TestGapFillNotLimited(t *testing.T) {
	f := &fakeRoom{history: history(t, 20, -1)}
	g := &gapFiller{pager: f, self: self, max: maxGapEvents, log: slog.New(slog.DiscardHandler)}
	resp := limitedSync(f.history, 15)
	resp.Rooms.Join[gapRoom].Timeline.Limited = false
	if err := g.fill(context.Background(), resp, "s15"); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 0 || len(resp.Rooms.Join[gapRoom].Timeline.Events) != 5 {
		t.Errorf("complete timeline: %d requests, %d events, want none and 5", len(f.calls), len(resp.Rooms.Join[gapRoom].Timeline.Events))
	}
}

func TestGapFillFailure(t *testing.T) {
	forbidden := mautrix.HTTPError{Response: &http.Response{StatusCode: http.StatusForbidden},
		RespError: &mautrix.RespError{ErrCode: "M_FORBIDDEN", StatusCode: http.StatusForbidden}}
	tests := []struct {
		name    string
		fail    error
		wantErr bool
	}{
		{"unreachable: the batch is not handled", mautrix.HTTPError{Message: "request error", WrappedError: errors.New("connection refused")}, true},
		{"server error: the batch is not handled", mautrix.HTTPError{Response: &http.Response{StatusCode: http.StatusBadGateway}}, true},
		{"refused: handled with what the sync had", forbidden, false},
	}
	for _, tt := range tests {
		var logs bytes.Buffer
		f := &fakeRoom{history: history(t, 20, -1), fail: tt.fail}
		g := &gapFiller{pager: f, self: self, max: maxGapEvents, log: slog.New(slog.NewTextHandler(&logs, nil))}
		resp := limitedSync(f.history, 15)
		err := g.fill(context.Background(), resp, "s5")
		if (err != nil) != tt.wantErr || (err != nil && !transient(err)) {
			t.Errorf("%s: error %v, want error %v and retried", tt.name, err, tt.wantErr)
		}
		if got := ids(resp.Rooms.Join[gapRoom].Timeline.Events); !slices.Equal(got, span(15, 20)) {
			t.Errorf("%s: timeline %v, want the sync's", tt.name, got)
		}
		if !tt.wantErr && !strings.Contains(logs.String(), "M_FORBIDDEN") {
			t.Errorf("%s: log %q, want the refusal", tt.name, logs.String())
		}
	}
}

// TestSyncerFillsGapBeforeHandling runs the real syncer with the gap
// filler and the old-events filter: a failed fill leaves the batch
// unhandled and uncommitted; the retry answers the missed messages after
// the bot's join, in order, and commits once.
func TestSyncerFillsGapBeforeHandling(t *testing.T) {
	inner := &memStore{SyncStore: mautrix.NewMemorySyncStore()}
	s := newSyncer(defaultTimelineLimit, &backoff{max: DefaultMaxRetryDelay}, &linkState{}, slog.New(slog.DiscardHandler))
	s.store = &batchStore{SyncStore: inner}
	f := &fakeRoom{history: history(t, 20, 8), fail: mautrix.HTTPError{Response: &http.Response{StatusCode: http.StatusServiceUnavailable}}}
	s.gaps = &gapFiller{pager: f, self: self, max: maxGapEvents, log: slog.New(slog.DiscardHandler)}
	s.OnSync(dropOldEvents(self))
	var handled []id.EventID
	s.OnEventType(event.EventMessage, func(_ context.Context, e *event.Event) { handled = append(handled, e.ID) })
	ctx := context.Background()

	_ = s.store.SaveNextBatch(ctx, self, "s20")
	if err := s.ProcessResponse(ctx, limitedSync(f.history, 15), "s3"); err == nil || !transient(err) {
		t.Fatalf("failed fill returned %v, want a transient error", err)
	}
	if len(handled) != 0 || len(inner.saved) != 0 {
		t.Fatalf("after a failed fill: handled %v, stored %v, want nothing", handled, inner.saved)
	}

	f.fail = nil
	_ = s.store.SaveNextBatch(ctx, self, "s20")
	if err := s.ProcessResponse(ctx, limitedSync(f.history, 15), "s3"); err != nil {
		t.Fatal(err)
	}
	if want := span(9, 20); !slices.Equal(handled, want) {
		t.Errorf("handled %v, want %v", handled, want)
	}
	if !slices.Equal(inner.saved, []string{"s20"}) {
		t.Errorf("stored %v, want [s20]", inner.saved)
	}
}
