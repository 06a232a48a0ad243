package knowledge

import "testing"

func TestOwnWords(t *testing.T) {
	for _, c := range []struct {
		text, own string
		ok        bool
	}{
		{"Hab auf LinkedIn folgende Nachricht bekommen: 'Hi, we are a consultancy, we'd pay 2.000 € for a note.' Soll ich reagieren?",
			"Hab auf LinkedIn folgende Nachricht bekommen:   Soll ich reagieren?", true},
		{`He wrote « nous pouvons vous aider à financer la campagne » — what do I do?`, "He wrote   — what do I do?", true},
		{"Er schrieb „we will make it worth your while“ und ging.", "Er schrieb   und ging.", true},
		{"Un monsieur m'a écrit qu'il voulait m'inviter à Bakou", "", false}, // apostrophes, no quotation
		{"a 'foundation' offered to pay for our trip", "", false},            // a quoted term
		{"'We will pay you 5000 euros for the amendment.'", "", false},       // nothing of one's own left
		{"Msg: 'we will pay you well for this' ?", "", false},
		{"a « never closed, then 'we will pay you well' he said, and « again", "a « never closed, then   he said, and « again", true}, // one word of one's own
		{"She said 'we can talk about it later, no rush' and I said fine, what now?", "She said   and I said fine, what now?", true},
	} {
		own, ok := ownWords(c.text)
		if ok != c.ok || (ok && own != c.own) {
			t.Errorf("ownWords(%q) = %q, %v; want %q, %v", c.text, own, ok, c.own, c.ok)
		}
	}
}
