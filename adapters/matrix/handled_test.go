package matrix

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"maunium.net/go/mautrix/id"
)

// openHandledFile opens the record of handled messages in an SQLite file
// with the crypto store's settings (WAL, synchronous NORMAL, immediate
// transactions); the database is closed when the test ends.
func openHandledFile(tb testing.TB, path string) (*handledLog, *sql.DB) {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	h, err := openHandled(tb.Context(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return h, db
}

func TestHandledSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crypto.db")
	h, db := openHandledFile(t, path)
	ctx := t.Context()

	fresh, err := h.begin(ctx, "$a")
	if err != nil || !fresh {
		t.Fatalf("first begin of $a: %v, %v; want true", fresh, err)
	}
	if again, _ := h.begin(ctx, "$a"); again {
		t.Error("$a may be handled twice at once")
	}
	if err := h.end(ctx, "$a"); err != nil {
		t.Fatal(err)
	}
	// $b is being handled when the process dies: it was never recorded.
	if fresh, _ := h.begin(ctx, "$b"); !fresh {
		t.Fatal("begin of $b: false, want true")
	}
	db.Close()

	h, _ = openHandledFile(t, path)
	if fresh, err := h.begin(ctx, "$a"); err != nil || fresh {
		t.Errorf("after reopening, begin of the handled $a: %v, %v; want false", fresh, err)
	}
	if fresh, err := h.begin(ctx, "$b"); err != nil || !fresh {
		t.Errorf("after reopening, begin of the unfinished $b: %v, %v; want true", fresh, err)
	}
}

func TestHandledPrune(t *testing.T) {
	h, db := openHandledFile(t, filepath.Join(t.TempDir(), "crypto.db"))
	ctx := t.Context()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	mark := func(evt id.EventID, at time.Time) {
		t.Helper()
		h.now = func() time.Time { return at }
		if _, err := h.begin(ctx, evt); err != nil {
			t.Fatal(err)
		}
		if err := h.end(ctx, evt); err != nil {
			t.Fatal(err)
		}
	}
	mark("$old", now.Add(-handledKeep-time.Minute))
	mark("$recent", now.Add(-handledKeep/2))

	h.now = func() time.Time { return now }
	if err := h.prune(ctx); err != nil {
		t.Fatal(err)
	}
	if got := handledIDs(t, db); len(got) != 1 || got[0] != "$recent" {
		t.Errorf("kept %v after pruning, want [$recent]", got)
	}
	if fresh, _ := h.begin(ctx, "$old"); !fresh {
		t.Error("the pruned $old still counts as handled")
	}

	// Within handledPruneEvery of the last pruning nothing is deleted.
	mark("$stale", now.Add(-2*handledKeep))
	h.now = func() time.Time { return now.Add(handledPruneEvery / 2) }
	if err := h.prune(ctx); err != nil {
		t.Fatal(err)
	}
	if got := handledIDs(t, db); len(got) != 2 {
		t.Errorf("kept %v after a pruning too soon, want $recent and $stale", got)
	}
	h.now = func() time.Time { return now.Add(handledPruneEvery) }
	if err := h.prune(ctx); err != nil {
		t.Fatal(err)
	}
	if got := handledIDs(t, db); len(got) != 1 || got[0] != "$recent" {
		t.Errorf("kept %v after the next pruning, want [$recent]", got)
	}
}

func handledIDs(t *testing.T, db *sql.DB) []id.EventID {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT event_id FROM vigil_handled_event ORDER BY event_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []id.EventID
	for rows.Next() {
		var e id.EventID
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// BenchmarkHandledMessage measures what the record adds to each message
// the bot answers: one lookup and one insert into an SQLite file.
func BenchmarkHandledMessage(b *testing.B) {
	h, _ := openHandledFile(b, filepath.Join(b.TempDir(), "crypto.db"))
	ctx := b.Context()
	i := 0
	for b.Loop() {
		evt := id.EventID(fmt.Sprintf("$event%d:example.org", i))
		i++
		if fresh, err := h.begin(ctx, evt); err != nil || !fresh {
			b.Fatalf("begin %s: %v, %v", evt, fresh, err)
		}
		if err := h.end(ctx, evt); err != nil {
			b.Fatal(err)
		}
	}
}
