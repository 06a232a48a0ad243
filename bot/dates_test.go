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
