//go:build goolm

package matrix_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

// TestReplayedBatchIsNotAnsweredAgain: a staffer files a report in a typed
// conversation in an encrypted direct room. Then the bot's stored sync
// position is set back to what it was before the conversation, as after a
// crash before the batch was committed, and the bot is restarted. The
// homeserver sends the whole conversation again; the bot answers none of
// it and files no second case, and a new message is answered.
func TestReplayedBatchIsNotAnsweredAgain(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	dir := t.TempDir()
	cfg := botConfig(hs, botAcc, dir)
	db := openStore(t, t.TempDir())
	cryptoDB := filepath.Join(dir, "matrix-crypto.db")

	first := startVigil(t, cfg, db)
	dm := alice.createRoom(true, true, botAcc.UserID)
	alice.waitMembership(dm, botAcc.UserID, event.MembershipJoin)
	alice.say(dm, "help")
	checkNotice(t, alice.next(dm), botAcc.UserID)
	first.stop()
	before := syncPosition(t, cryptoDB)

	second := startVigil(t, cfg, db)
	steps := []struct{ say, want string }{
		{"report", "What kind of approach"},
		{"1", "When did it happen"},
		{"yesterday", "How were you approached"},
		{"2", "Who approached you"},
		{"skip", "Which country"},
		{"skip", "What happened"},
		{"Someone offered my MEP money for an amendment.", "accepted or promised"},
		{"no", "What evidence"},
		{"skip", "with your name or anonymously"},
		{"1", "May the security team contact you"},
		{"yes", "Please check your report"},
		{"submit", "Your report is filed as"},
	}
	for _, s := range steps {
		alice.say(dm, s.say)
		if body := checkNotice(t, alice.next(dm), botAcc.UserID); !strings.Contains(body, s.want) {
			t.Fatalf("after %q the bot said %q, want %q", s.say, body, s.want)
		}
	}
	second.stop()
	if after := syncPosition(t, cryptoDB); after == before {
		t.Fatalf("sync position %q did not move while the report was made", after)
	}

	setSyncPosition(t, cryptoDB, before)
	third := startVigil(t, cfg, db)
	alice.say(dm, "help") // a marker: anything answered again would arrive before its answer
	if body := checkNotice(t, alice.next(dm), botAcc.UserID); !strings.HasPrefix(body, "I am Vigil") {
		t.Fatalf("first answer after the replay %q, want help (a replayed message was answered again)", body)
	}
	if want := 1 + len(steps) + 1; alice.count(dm) != want {
		t.Errorf("bot sent %d messages, want %d (one per message)", alice.count(dm), want)
	}
	cases, err := db.ListCases(t.Context(), bot.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 {
		t.Errorf("%d cases filed, want 1", len(cases))
	}
	if n := strings.Count(third.logs.String(), "message already handled"); n < len(steps) {
		t.Errorf("%d replayed messages skipped, want at least %d (was the batch fetched again?)", n, len(steps))
	}
}

// syncPosition returns the sync position stored in the bot's crypto
// database (while the bot is stopped).
func syncPosition(t *testing.T, path string) string {
	t.Helper()
	db := openCryptoDB(t, path)
	var token string
	if err := db.QueryRowContext(t.Context(), `SELECT sync_token FROM crypto_account`).Scan(&token); err != nil {
		t.Fatalf("read the sync position: %v", err)
	}
	return token
}

// setSyncPosition stores token as the bot's sync position.
func setSyncPosition(t *testing.T, path, token string) {
	t.Helper()
	db := openCryptoDB(t, path)
	if _, err := db.ExecContext(t.Context(), `UPDATE crypto_account SET sync_token = ?`, token); err != nil {
		t.Fatalf("set the sync position: %v", err)
	}
}

func openCryptoDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
