package bot

import "strings"

// Words a reporter may type during a guided report, in every language
// (see vocabulary). The sets hold folded forms (see fold), so "zurück",
// "Zurück" and "zuruck" are one word.
var (
	wordsBack      = wordSet(func(v *vocabulary) []string { return v.back })
	wordsSkip      = wordSet(func(v *vocabulary) []string { return v.skip })
	wordsCancel    = wordSet(func(v *vocabulary) []string { return v.cancel })
	wordsHelp      = wordSet(func(v *vocabulary) []string { return v.help })
	wordsSubmit    = wordSet(func(v *vocabulary) []string { return v.submit })
	wordsEdit      = wordSet(func(v *vocabulary) []string { return v.edit })
	wordsYes       = wordSet(func(v *vocabulary) []string { return v.yes })
	wordsNo        = wordSet(func(v *vocabulary) []string { return v.no })
	wordsUnsure    = wordSet(func(v *vocabulary) []string { return v.unsure })
	wordsNamed     = wordSet(func(v *vocabulary) []string { return v.named })
	wordsAnonymous = wordSet(func(v *vocabulary) []string { return v.anonymous })
)

// wordSet returns the folded forms of one list of words of every language.
func wordSet(list func(*vocabulary) []string) map[string]bool {
	set := map[string]bool{}
	for _, lang := range spoken {
		for _, w := range list(&catalogue[lang].words) {
			set[fold(w)] = true
		}
	}
	return set
}

// reportWords maps the words that start a report in a language other than
// English (signaler, melden) to that language.
func reportWords() map[string]string {
	words := map[string]string{}
	for _, lang := range spoken {
		for _, w := range catalogue[lang].words.report {
			words[fold(w)] = lang
		}
	}
	return words
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
