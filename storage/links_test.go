package storage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/indicators"
	"vigil/internal/testkit"
	"vigil/storage"
)

// linkingBot is the core on db with linking set up as main.go does: the
// blind-index key derived from the database's data key, Belgian phone
// numbers, the built-in common list.
func linkingBot(t *testing.T, db *storage.DB, now func() time.Time) *bot.Bot {
	t.Helper()
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	common, err := indicators.NewCommon()
	if err != nil {
		t.Fatal(err)
	}
	b := bot.New(bot.Options{Store: db, Now: now, Roles: bot.StaticRoles{Users: map[string]bool{"test:SEC1": true}},
		Linking: bot.Linking{Key: db.IndicatorKey(), Extractor: x, Common: common}})
	b.Register(&testkit.Recorder{Name: "test", Security: true})
	return b
}

// TestNoIndicatorInTheDatabaseFile files reports full of indicators, and
// adds one, on the real database, checks that they are linked there, then
// reads the database file and its write-ahead log, while Vigil has them
// open and after it closed them, for every indicator value, normalised and
// as the reporters wrote it: none is there.
func TestNoIndicatorInTheDatabaseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vigil.db")
	db := open(t, path, storage.Options{Key: bytes.Repeat([]byte{5}, storage.KeySize)})
	now := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	b := linkingBot(t, db, func() time.Time { return now })
	reports := []struct {
		from                string
		who, text, evidence string
	}{
		{"U1", "Dr. Jan Novák, Voice of Europe Consulting", "He called from +32 470 12 34 56 and wrote from J.Novak@Voice-EU.com.",
			"https://www.voice-eu.com/join?utm_source=x and t.me/voiceofeurope"},
		{"U2", "NOVAK Jan", "A man rang from 0470/123456 and offered money.", "IBAN BE71 0961 2345 6769"},
		{"U3", "", "Mail from j.novak@voice-eu.com, then a call from 0032470123456.", "@voiceofeurope on X"},
	}
	var refs []string
	for _, r := range reports {
		f, err := b.SubmitReport(ctx, bot.User{Platform: "test", ID: r.from}, bot.Report{Category: bot.CategoryPayment,
			OccurredOn: now, Channel: bot.ChannelPhone, Approacher: r.who, Description: r.text, Evidence: r.evidence,
			Accepted: bot.AcceptedNo}, "en")
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, f.Case.Ref)
	}
	b.Respond(ctx, bot.Message{Platform: "test", ConversationID: "D-U3", Sender: bot.User{Platform: "test", ID: "U3"}, Direct: true,
		Text: "add " + refs[2] + " He also sent the account DE89 3704 0044 0532 0130 00"})

	byRef := func(ref string) int64 {
		c, err := db.CaseByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	links, err := db.CaseLinks(ctx, byRef(refs[2]))
	if err != nil || len(links) != 2 || links[0].Ref != refs[0] || links[1].Ref != refs[1] ||
		!slices.Equal(links[1].Kinds, []indicators.Kind{indicators.Phone}) {
		t.Fatalf("links of %s on SQLite: %+v, %v", refs[2], links, err)
	}
	if links, _ := db.CaseLinks(ctx, byRef(refs[1])); len(links) != 2 || !slices.Equal(links[0].Kinds, []indicators.Kind{indicators.Phone, indicators.Name}) {
		t.Fatalf("links of %s on SQLite: %+v", refs[1], links)
	}

	// Every value, as extracted and as written.
	x, _ := indicators.NewExtractor("BE")
	var values []string
	for _, r := range reports {
		for _, ind := range x.Extract(indicators.Fields{Approacher: r.who, Description: r.text, Evidence: r.evidence}) {
			values = append(values, ind.Value)
		}
	}
	values = append(values, "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "+32 470 12 34 56", "0470/123456",
		"0032470123456", "Novák", "Novak", "voice-eu", "Voice of Europe", "voiceofeurope", "BE71 0961")
	if len(values) < 20 {
		t.Fatalf("only %d values extracted: %q", len(values), values)
	}
	grep := func(when string) {
		t.Helper()
		files, _ := filepath.Glob(path + "*")
		if len(files) == 0 {
			t.Fatal("no database file")
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lower := bytes.ToLower(data)
			for _, v := range values {
				if bytes.Contains(lower, []byte(strings.ToLower(v))) {
					t.Errorf("%s: %s holds %q", when, filepath.Base(f), v)
				}
			}
		}
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no write-ahead log while Vigil runs: %v", err)
	}
	grep("while open")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	grep("after closing")
}

// TestIndicatorKeyIsTheDataKeys checks that the blind-index key follows the
// data key: the same key gives the same hashes after a restart, another
// key others.
func TestIndicatorKeyIsTheDataKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	key := bytes.Repeat([]byte{3}, storage.KeySize)
	first := open(t, path, storage.Options{Key: key})
	h := first.IndicatorKey().Hash(indicators.Phone, "+32470123456")
	first.Close()
	again := open(t, path, storage.Options{Key: key})
	if !bytes.Equal(again.IndicatorKey().Hash(indicators.Phone, "+32470123456"), h) {
		t.Fatal("the blind index changed across a restart with the same key")
	}
	other := open(t, filepath.Join(t.TempDir(), "w.db"), storage.Options{Key: bytes.Repeat([]byte{4}, storage.KeySize)})
	if bytes.Equal(other.IndicatorKey().Hash(indicators.Phone, "+32470123456"), h) {
		t.Fatal("two data keys give the same blind index")
	}
}
