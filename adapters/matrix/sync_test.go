package matrix

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

const self = id.UserID("@vigil:example.org")

// timeline decodes events given as JSON, as they come from /sync.
func timeline(t *testing.T, raw ...string) []*event.Event {
	t.Helper()
	evts := make([]*event.Event, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal([]byte(r), &evts[i]); err != nil {
			t.Fatal(err)
		}
	}
	return evts
}

const (
	msgOld   = `{"type":"m.room.message","event_id":"$old","sender":"@a:example.org","content":{"msgtype":"m.text","body":"old"}}`
	topic    = `{"type":"m.room.topic","event_id":"$topic","state_key":"","sender":"@a:example.org","content":{"topic":"t"}}`
	join     = `{"type":"m.room.member","event_id":"$join","state_key":"@vigil:example.org","sender":"@vigil:example.org","content":{"membership":"join"},"unsigned":{"prev_content":{"membership":"invite"}}}`
	rename   = `{"type":"m.room.member","event_id":"$rename","state_key":"@vigil:example.org","sender":"@vigil:example.org","content":{"membership":"join","displayname":"V"},"unsigned":{"prev_content":{"membership":"join"}}}`
	msgNew   = `{"type":"m.room.message","event_id":"$new","sender":"@a:example.org","content":{"msgtype":"m.text","body":"new"}}`
	joinElse = `{"type":"m.room.member","event_id":"$other","state_key":"@a:example.org","sender":"@a:example.org","content":{"membership":"join"}}`
)

func ids(evts []*event.Event) []id.EventID {
	out := make([]id.EventID, len(evts))
	for i, e := range evts {
		out[i] = e.ID
	}
	return out
}

func TestDropOldEvents(t *testing.T) {
	tests := []struct {
		name  string
		since string
		in    []string
		want  []id.EventID
	}{
		{"first sync keeps only state", "", []string{msgOld, topic, join, msgNew}, []id.EventID{"$topic", "$join"}},
		{"messages before the bot joined", "s1", []string{msgOld, topic, join, msgNew}, []id.EventID{"$topic", "$join", "$new"}},
		{"no join in batch", "s1", []string{msgOld, msgNew}, []id.EventID{"$old", "$new"}},
		{"profile change is not a join", "s1", []string{msgOld, rename, msgNew}, []id.EventID{"$old", "$rename", "$new"}},
		{"another user's join", "s1", []string{msgOld, joinElse, msgNew}, []id.EventID{"$old", "$other", "$new"}},
	}
	for _, tt := range tests {
		resp := &mautrix.RespSync{Rooms: mautrix.RespSyncRooms{Join: map[id.RoomID]*mautrix.SyncJoinedRoom{
			"!r:example.org": {Timeline: mautrix.SyncTimeline{SyncEventsList: mautrix.SyncEventsList{Events: timeline(t, tt.in...)}}},
		}}}
		if !dropOldEvents(self)(context.Background(), resp, tt.since) {
			t.Fatalf("%s: handler stopped processing", tt.name)
		}
		got := ids(resp.Rooms.Join["!r:example.org"].Timeline.Events)
		if len(got) != len(tt.want) {
			t.Errorf("%s: kept %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: kept %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

// memStore is a SyncStore that records saved positions.
type memStore struct {
	mautrix.SyncStore
	saved []string
}

func (m *memStore) SaveNextBatch(_ context.Context, _ id.UserID, token string) error {
	m.saved = append(m.saved, token)
	return nil
}

func TestBatchStoreCommitsOnlyAfterHandling(t *testing.T) {
	inner := &memStore{SyncStore: mautrix.NewMemorySyncStore()}
	b := &batchStore{SyncStore: inner}
	ctx := context.Background()
	if err := b.SaveNextBatch(ctx, self, "s2"); err != nil {
		t.Fatal(err)
	}
	if len(inner.saved) != 0 {
		t.Fatalf("position stored before the batch was handled: %v", inner.saved)
	}
	if err := b.commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.commit(ctx); err != nil {
		t.Fatal(err)
	}
	if len(inner.saved) != 1 || inner.saved[0] != "s2" {
		t.Errorf("stored %v, want [s2] once", inner.saved)
	}
}

func TestSyncerCommitsAfterProcessing(t *testing.T) {
	inner := &memStore{SyncStore: mautrix.NewMemorySyncStore()}
	s := newSyncer(defaultTimelineLimit, &backoff{max: DefaultMaxRetryDelay}, &linkState{}, slog.New(slog.DiscardHandler))
	s.store = &batchStore{SyncStore: inner}
	var savedWhileHandling int
	s.OnEventType(event.EventMessage, func(context.Context, *event.Event) { savedWhileHandling = len(inner.saved) })
	_ = s.store.SaveNextBatch(context.Background(), self, "s3")
	resp := &mautrix.RespSync{NextBatch: "s3", Rooms: mautrix.RespSyncRooms{Join: map[id.RoomID]*mautrix.SyncJoinedRoom{
		"!r:example.org": {Timeline: mautrix.SyncTimeline{SyncEventsList: mautrix.SyncEventsList{Events: timeline(t, msgNew)}}},
	}}}
	if err := s.ProcessResponse(context.Background(), resp, "s2"); err != nil {
		t.Fatal(err)
	}
	if savedWhileHandling != 0 || len(inner.saved) != 1 {
		t.Errorf("stored %d positions while handling and %d after, want 0 and 1", savedWhileHandling, len(inner.saved))
	}
}
