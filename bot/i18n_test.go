package bot

import (
	"slices"
	"testing"
	"time"
)

func TestDayAndDurationPerLanguage(t *testing.T) {
	day := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, day, hour, hours, minutes string
	}{
		{langEN, "Tuesday 17 November 2026", "1 hour", "2 hours", "30 minutes"},
		{langFR, "mardi 17 novembre 2026", "1 heure", "2 heures", "30 minutes"},
		{langDE, "Dienstag, 17. November 2026", "1 Stunde", "2 Stunden", "30 Minuten"},
		{"", "Tuesday 17 November 2026", "1 hour", "2 hours", "30 minutes"},
	}
	for _, tt := range tests {
		x := tr(tt.lang)
		got := []string{x.day(day), x.duration(time.Hour), x.duration(2 * time.Hour), x.duration(30 * time.Minute)}
		if want := []string{tt.day, tt.hour, tt.hours, tt.minutes}; !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", tt.lang, got, want)
		}
	}
}

func TestAnswerWordsInEveryLanguage(t *testing.T) {
	tests := []struct {
		in   string
		want Accepted
	}{
		{"yes", AcceptedYes}, {"Oui", AcceptedYes}, {"ja!", AcceptedYes},
		{"no", AcceptedNo}, {"non.", AcceptedNo}, {"Nein", AcceptedNo},
		{"not sure", AcceptedUnsure}, {"pas sûr", AcceptedUnsure}, {"Pas sûre !", AcceptedUnsure},
		{"je ne sais pas", AcceptedUnsure}, {"weiß nicht", AcceptedUnsure}, {"Weiss nicht", AcceptedUnsure},
		{"unsicher", AcceptedUnsure}, {"don’t know", AcceptedUnsure}, {"?", AcceptedUnsure},
		{"peut-être", AcceptedUnsure},
	}
	for _, tt := range tests {
		if got, ok := parseAccepted(tt.in); !ok || got != tt.want {
			t.Errorf("parseAccepted(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "perhaps later", "oui non", "jein"} {
		if got, ok := parseAccepted(in); ok {
			t.Errorf("parseAccepted(%q) = %q, want not understood", in, got)
		}
	}
	for _, tt := range []struct {
		in      string
		yes, ok bool
	}{{"yes", true, true}, {"OUI", true, true}, {"ja", true, true}, {"non", false, true}, {"nein.", false, true}, {"pas sûr", false, false}} {
		if yes, ok := parseYesNo(tt.in); yes != tt.yes || ok != tt.ok {
			t.Errorf("parseYesNo(%q) = %v, %v; want %v, %v", tt.in, yes, ok, tt.yes, tt.ok)
		}
	}
}

func TestPickAcceptsLabelsInEveryLanguage(t *testing.T) {
	label := func(lang string, i int) string { return Categories()[i].LabelIn(lang) }
	tests := []struct {
		in, lang string
		want     Category
	}{
		{"gift", langEN, CategoryGift}, {"cadeau", langEN, CategoryGift}, {"Geschenk", langFR, CategoryGift},
		{"pression", langDE, CategoryPressure}, {"Druck", langEN, CategoryPressure}, {"désinfo", langDE, CategoryDisinformation},
		{"desinfo", langFR, CategoryDisinformation}, {"2.", langDE, CategoryGift}, {"sonst", langFR, CategoryOther},
	}
	for _, tt := range tests {
		i, ok := pick(tt.in, len(Categories()), tt.lang, label)
		if !ok || Categories()[i] != tt.want {
			t.Errorf("pick(%q) in %s = %d, %v; want %s", tt.in, tt.lang, i, ok, tt.want)
		}
	}
	for _, in := range []string{"0", "10", "ca", "zzz"} {
		if _, ok := pick(in, len(Categories()), langFR, label); ok {
			t.Errorf("pick(%q) accepted", in)
		}
	}
}

func TestLangMemoryIsBoundedAndForgetsEnglish(t *testing.T) {
	m := newLangMemory(3)
	for _, k := range []string{"a", "b", "c"} {
		m.remember(k, langFR)
	}
	if m.lang("a") != langFR { // a is now the most recently seen
		t.Fatal("a forgotten too early")
	}
	m.remember("d", langDE) // evicts b, the least recently seen
	if got := []string{m.lang("a"), m.lang("b"), m.lang("c"), m.lang("d")}; !slices.Equal(got, []string{langFR, langEN, langFR, langDE}) {
		t.Fatalf("languages = %v", got)
	}
	if m.order.Len() != 3 || len(m.users) != 3 {
		t.Fatalf("memory holds %d/%d users, want 3", m.order.Len(), len(m.users))
	}
	m.remember("c", langEN)
	m.remember("a", "pt") // not spoken: English
	if m.lang("c") != langEN || m.lang("a") != langEN || m.order.Len() != 1 || len(m.users) != 1 {
		t.Fatalf("English did not forget: %d users", m.order.Len())
	}
}
