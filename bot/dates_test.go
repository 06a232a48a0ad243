package bot_test

import (
	"errors"
	"testing"
	"time"

	"vigil/bot"
)

func TestParseDay(t *testing.T) {
	now := time.Date(2026, 11, 19, 15, 30, 0, 0, time.UTC) // Thursday
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"today", day(11, 19)}, {"Today.", day(11, 19)}, {"yesterday", day(11, 18)},
		{"3 days ago", day(11, 16)}, {"1 day ago", day(11, 18)},
		{"last Tuesday", day(11, 17)}, {"tuesday", day(11, 17)}, {"last thursday", day(11, 12)},
		{"thursday", day(11, 19)}, {"last fri", day(11, 13)},
		{"2026-11-02", day(11, 2)}, {"02/11/2026", day(11, 2)}, {"2.11.2026", day(11, 2)},
		{"2 November 2026", day(11, 2)}, {"2 nov 2026", day(11, 2)}, {"November 2, 2026", day(11, 2)},
	}
	for _, tt := range tests {
		got, err := bot.ParseDay(tt.in, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDay(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "soon", "2026-13-01", "31/02/2026", "last blursday"} {
		if _, err := bot.ParseDay(in, now); !errors.Is(err, bot.ErrUnknownDate) {
			t.Errorf("ParseDay(%q) err = %v, want ErrUnknownDate", in, err)
		}
	}
	if _, err := bot.ParseDay("2026-11-20", now); !errors.Is(err, bot.ErrFutureDate) {
		t.Errorf("tomorrow's date err = %v, want ErrFutureDate", err)
	}
}

func TestReceipts(t *testing.T) {
	a, err := bot.NewReceipt()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := bot.NewReceipt()
	if a == b || len(a) != 23 {
		t.Fatalf("receipts %q %q", a, b)
	}
	if bot.HashReceipt(a) != bot.HashReceipt(" "+toLowerSpaced(a)+" ") {
		t.Fatal("typed variations of a receipt do not match")
	}
	if bot.HashReceipt(a) == bot.HashReceipt(b) {
		t.Fatal("different receipts hash alike")
	}
}

func toLowerSpaced(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '-' {
			r = ' '
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

func TestParseDayFrenchAndGerman(t *testing.T) {
	now := time.Date(2026, 11, 19, 15, 30, 0, 0, time.UTC) // Thursday
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"aujourd'hui", day(11, 19)}, {"Aujourd’hui", day(11, 19)}, {"hier", day(11, 18)}, {"hier soir", day(11, 18)},
		{"avant-hier", day(11, 17)}, {"avant hier", day(11, 17)}, {"il y a 3 jours", day(11, 16)}, {"il y a 1 jour", day(11, 18)},
		{"mardi dernier", day(11, 17)}, {"Mardi", day(11, 17)}, {"jeudi dernier", day(11, 12)}, {"jeudi", day(11, 19)},
		{"20 novembre 2025", time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)}, {"1er février 2026", day(2, 1)}, {"3 fevrier 2026", day(2, 3)},
		{"heute", day(11, 19)}, {"Gestern", day(11, 18)}, {"vorgestern", day(11, 17)}, {"vor 3 Tagen", day(11, 16)},
		{"vor 1 Tag", day(11, 18)}, {"letzten Dienstag", day(11, 17)}, {"am Dienstag", day(11, 17)},
		{"letzten Donnerstag", day(11, 12)}, {"Donnerstag", day(11, 19)}, {"vergangenen Freitag", day(11, 13)},
		{"20. November 2025", time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)}, {"2. März 2026", day(3, 2)}, {"2. Maerz 2026", day(3, 2)},
		{"17.11.2026", day(11, 17)}, {"17/11/2026", day(11, 17)},
	}
	for _, tt := range tests {
		got, err := bot.ParseDay(tt.in, now)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDay(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"demain", "morgen", "mardi prochain", "31 février 2026", "vor Tagen", "il y a jours", "letzten Blursday"} {
		if _, err := bot.ParseDay(in, now); !errors.Is(err, bot.ErrUnknownDate) {
			t.Errorf("ParseDay(%q) err = %v, want ErrUnknownDate", in, err)
		}
	}
	for _, in := range []string{"20 novembre 2026", "21. November 2026"} {
		if _, err := bot.ParseDay(in, now); !errors.Is(err, bot.ErrFutureDate) {
			t.Errorf("ParseDay(%q) err = %v, want ErrFutureDate", in, err)
		}
	}
}
