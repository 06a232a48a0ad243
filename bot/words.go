package bot

import "strings"

// Words a reporter may type during a guided report. Every language's words
// are accepted whatever the language of the conversation, so that a French
// speaker in an English conversation (or the reverse) is understood. The
// sets hold folded forms (see fold), so "zurück", "Zurück" and "zuruck"
// are one word.
var (
	wordsBack   = wordSet("back", "retour", "zurück", "zurueck")
	wordsSkip   = wordSet("skip", "passer", "überspringen", "ueberspringen")
	wordsCancel = wordSet("cancel", "stop", "abort", "annuler", "abbrechen")
	wordsHelp   = wordSet("help", "aide", "hilfe")
	wordsSubmit = wordSet("submit", "send", "file", "yes", "envoyer", "soumettre", "oui", "absenden", "senden", "ja")
	wordsEdit   = wordSet("edit", "change", "modifier", "bearbeiten", "ändern", "aendern")
	wordsYes    = wordSet("yes", "y", "yeah", "yep", "ok", "sure", "oui", "ja")
	wordsNo     = wordSet("no", "n", "nope", "non", "nein")
	wordsUnsure = wordSet("not sure", "unsure", "maybe", "don't know", "dont know", "i don't know", "?",
		"pas sûr", "pas sûre", "je ne sais pas", "je sais pas", "peut-être",
		"weiß nicht", "weiss nicht", "ich weiß nicht", "unsicher", "nicht sicher", "vielleicht")
	wordsNamed = wordSet("1", "named", "name", "with my name",
		"nom", "sous mon nom", "avec mon nom", "mit namen", "mit meinem namen", "namentlich")
	wordsAnonymous = wordSet("2", "anonymous", "anonymously", "anon", "anonyme", "anonymement", "anonym")
)

// wordSet returns the folded forms of words as a set.
func wordSet(words ...string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[fold(w)] = true
	}
	return set
}

// folder maps the accented letters of French and German to plain ones, and
// typographic apostrophes and non-breaking spaces to ASCII ones.
var folder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y",
	"œ", "oe", "ß", "ss", "’", "'", "‘", "'", "\u00a0", " ", "\u202f", " ",
)

// fold normalises a short answer for comparison with known words: lower
// case, accents folded, runs of space collapsed, surrounding " .!" removed,
// and a trailing "?" removed unless it is the whole answer.
func fold(s string) string {
	s = strings.Join(strings.Fields(folder.Replace(strings.ToLower(s))), " ")
	s = strings.Trim(s, " .!")
	if t := strings.TrimRight(s, " ?"); t != "" {
		s = t
	}
	return s
}

// parseYesNo understands yes and no in any language.
func parseYesNo(t string) (yes, ok bool) {
	w := fold(t)
	return wordsYes[w], wordsYes[w] || wordsNo[w]
}

// parseAccepted understands "was anything accepted or promised?" answers.
func parseAccepted(t string) (Accepted, bool) {
	if wordsUnsure[fold(t)] {
		return AcceptedUnsure, true
	}
	if yes, ok := parseYesNo(t); ok {
		if yes {
			return AcceptedYes, true
		}
		return AcceptedNo, true
	}
	return "", false
}
