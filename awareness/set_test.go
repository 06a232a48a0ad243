package awareness

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

func loadEmbedded(t *testing.T) *Set {
	t.Helper()
	s, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// allBut returns done with every topic of s except keep.
func allBut(s *Set, keep ...string) map[string]bool {
	done := map[string]bool{}
	for _, t := range s.Topics() {
		if !slices.Contains(keep, t) {
			done[t] = true
		}
	}
	return done
}

func TestPickPrefersUndoneTopics(t *testing.T) {
	s := loadEmbedded(t).WithSource(rand.NewPCG(1, 2))
	keep := []string{"gifts-and-hospitality", "travel-security"}
	done := allBut(s, keep...)
	seen := map[string]bool{}
	for range 200 {
		sc := s.Pick("de", done)
		if !slices.Contains(keep, sc.Topic) {
			t.Fatalf("picked %s of done topic %s", sc.ID, sc.Topic)
		}
		if sc.Lang != "de" {
			t.Fatalf("picked %s in %s", sc.ID, sc.Lang)
		}
		seen[sc.ID] = true
	}
	// Both undone topics and all their scenarios come up.
	if len(seen) != 4 {
		t.Errorf("picked %v, want the 4 scenarios of %v", seen, keep)
	}
}

func TestPickThenUndoneScenarios(t *testing.T) {
	s := loadEmbedded(t).WithSource(rand.NewPCG(3, 4))
	done := allBut(s)
	// Every scenario done except one: that one comes up every time.
	for _, topic := range s.Topics() {
		for _, sc := range s.List(topic, "en") {
			done[sc.ID] = true
		}
	}
	delete(done, "phishing-2")
	for range 50 {
		if sc := s.Pick("en", done); sc.ID != "phishing-2" {
			t.Fatalf("picked %s, want the only scenario not done", sc.ID)
		}
	}
	// Everything done: any scenario, over many picks more than one topic.
	done["phishing-2"] = true
	topics := map[string]bool{}
	for range 200 {
		sc := s.Pick("en", done)
		if sc.ID == "" {
			t.Fatal("no scenario when everything is done")
		}
		topics[sc.Topic] = true
	}
	if len(topics) < 10 {
		t.Errorf("only %d topics over 200 picks with everything done", len(topics))
	}
}

func TestPickUndoneTopicBeforeUndoneScenario(t *testing.T) {
	s := loadEmbedded(t).WithSource(rand.NewPCG(5, 6))
	done := allBut(s, "devices-and-apps")
	// Both scenarios of the undone topic were seen (answered wrong, say):
	// the topic still comes first, ahead of unseen scenarios of done
	// topics.
	done["devices-1"], done["devices-2"] = true, true
	seen := map[string]bool{}
	for range 50 {
		sc := s.Pick("fr", done)
		if sc.Topic != "devices-and-apps" {
			t.Fatalf("picked %s of done topic %s", sc.ID, sc.Topic)
		}
		seen[sc.ID] = true
	}
	if len(seen) != 2 {
		t.Errorf("picked %v, want both scenarios of the topic", seen)
	}
	// With one unseen scenario left in the undone topic, only it comes up.
	delete(done, "devices-2")
	for range 50 {
		if sc := s.Pick("fr", done); sc.ID != "devices-2" {
			t.Fatalf("picked %s, want devices-2", sc.ID)
		}
	}
}

func TestPickIsDeterministicGivenTheSource(t *testing.T) {
	base := loadEmbedded(t)
	sequence := func(seed uint64) []string {
		s := base.WithSource(rand.NewPCG(seed, seed))
		var ids []string
		done := map[string]bool{}
		for range 30 {
			sc := s.Pick("en", done)
			ids = append(ids, sc.ID)
			done[sc.Topic] = true
		}
		return ids
	}
	a, b, c := sequence(7), sequence(7), sequence(8)
	if !slices.Equal(a, b) {
		t.Errorf("same source, different picks:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("different sources, same 30 picks: %v", a)
	}
	// Marking each picked topic done covers all 23 topics first.
	topics := map[string]bool{}
	for _, id := range a[:len(base.Topics())] {
		sc, _ := base.Lookup(id, "en")
		topics[sc.Topic] = true
	}
	if len(topics) != len(base.Topics()) {
		t.Errorf("the first %d picks covered %d topics", len(base.Topics()), len(topics))
	}
}

func TestPickLanguageFallbackAndEmptySet(t *testing.T) {
	s := loadEmbedded(t)
	if sc := s.Pick("es", nil); sc.Lang != "en" || sc.ID == "" {
		t.Errorf("Pick(es) = %s in %q, want English", sc.ID, sc.Lang)
	}
	if sc := (&Set{}).Pick("en", nil); sc.ID != "" {
		t.Errorf("empty set picked %q", sc.ID)
	}
}

func TestPickConcurrently(t *testing.T) {
	s := loadEmbedded(t).WithSource(rand.NewPCG(9, 9))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				if sc := s.Pick("de", nil); sc.ID == "" {
					t.Error("no scenario")
				}
			}
		})
	}
	wg.Wait()
}

func TestJudge(t *testing.T) {
	s := loadEmbedded(t)
	for _, lang := range s.Languages() {
		sc, ok := s.Lookup("gifts-1", lang)
		if !ok {
			t.Fatalf("gifts-1 missing in %s", lang)
		}
		link := "`ask " + sc.Title + "`"
		right, fb := s.Judge(sc.ID, lang, sc.Right)
		if !right || !strings.HasPrefix(fb, messages[lang].right+"\n\n") || !strings.Contains(fb, sc.Feedback) || !strings.HasSuffix(fb, link) {
			t.Errorf("%s right answer: %v %q", lang, right, fb)
		}
		wrong := sc.Right%len(sc.Choices) + 1
		right, fb = s.Judge(sc.ID, lang, wrong)
		if right || !strings.Contains(fb, sc.Choices[sc.Right-1]) || !strings.Contains(fb, sc.Feedback) || !strings.HasSuffix(fb, link) {
			t.Errorf("%s wrong answer: %v %q", lang, right, fb)
		}
	}
	en, _ := s.Lookup("gifts-1", "en")
	_, fb := s.Judge("gifts-1", "en", 1)
	if want := "Not quite. The best choice was 3: " + en.Choices[2]; !strings.HasPrefix(fb, want) {
		t.Errorf("feedback %q\ndoes not start with %q", fb, want)
	}
	if _, fb := s.Judge("gifts-1", "it", 3); !strings.HasPrefix(fb, "Right.") {
		t.Errorf("unknown language: %q, want English", fb)
	}
	for _, tt := range []struct {
		id     string
		choice int
	}{{"gifts-1", 0}, {"gifts-1", 5}, {"gifts-1", -1}, {"no-such", 1}, {"", 1}} {
		if right, fb := s.Judge(tt.id, "en", tt.choice); right || fb != "" {
			t.Errorf("Judge(%q, %d) = %v, %q; want false and no feedback", tt.id, tt.choice, right, fb)
		}
	}
}

func TestListAndLookupReturnCopies(t *testing.T) {
	s := loadEmbedded(t)
	list := s.List("sponsored-travel", "fr")
	if len(list) < 2 || list[0].ID != "trip-1" || list[1].ID != "trip-2" {
		t.Fatalf("List = %+v", list)
	}
	list[0].Choices[0] = "changed"
	again, _ := s.Lookup("trip-1", "fr")
	if again.Choices[0] == "changed" {
		t.Error("List shares its choices with the set")
	}
	if s.List("no-such-topic", "en") != nil || s.List("sponsored-travel", "es") != nil {
		t.Error("List of an unknown topic or language is not nil")
	}
	if _, ok := s.Lookup("trip-1", "es"); !ok {
		t.Error("Lookup does not fall back to English")
	}
	if _, ok := s.Lookup("no-such", "en"); ok {
		t.Error("Lookup found an unknown id")
	}
	topics := s.Topics()
	topics[0] = "changed"
	if s.Topics()[0] == "changed" {
		t.Error("Topics shares its slice")
	}
}
