package indicators

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// partRe splits the approacher field into parts: punctuation that
// separates a name from an organisation, and the words that do the same
// in a sentence ("Jan Novák from Voice of Europe", "someone called Ivan
// Petrov").
var partRe = regexp.MustCompile(`(?i)[,;:()\[\]{}|/<>"\n\r\t\x{201C}\x{201D}\x{00AB}\x{00BB}]|\s[-\x{2013}\x{2014}]\s|\s(?:from|at|who|called|named|representing|chez|bei|namens)\s`)

// filler are words around a name or an organisation that are not part of
// it: articles and pronouns, titles, roles and the verbs of "a man who
// said he was", in English, French and German (folded, see fold).
var filler = set(`a an the someone somebody man woman person guy lady gentleman he she they i we me my our
was is were are be to by who said says say claimed claiming claims calling himself herself themselves
approached contacted unknown probably maybe possibly allegedly apparently his her their
mr mrs ms miss mx dr prof professor sir dame madam madame monsieur mme mlle m herr frau hr excellency hon rev
ambassador diplomat lobbyist recruiter headhunter journalist consultant official attache counsellor counselor
secretary director manager ceo head representative agent employee staff staffer assistant advisor adviser
contact colleague friend mp mep minister deputy senator
un une quelqu quelquun homme femme nomme appele se disant il elle
ein eine einer jemand mann namens sich nannte er sie`)

// prose are words of sentences that are in no name: a part of the
// approacher field with one of them ("I do not know who it was") is
// neither a name nor an organisation.
var prose = set(`not no nor know knew do did does done it its this that these those there here about only
spoke speak talked talk asked ask wanted want told tell have had has would could should will can may might
what when where why how very some any all next last week weeks day days time vote report meeting if but so
then also just than too again ne pas je nous vous est sont ont ai avait ich nicht weiss es ist war hat habe wir`)

// joiners join the words of an organisation's name ("Voice of Europe"):
// a part with one of them is an organisation, not a person.
var joiners = set(`of for and pour et und fur`)

// particles are the small words of names ("Charles de Gaulle", "von der
// Leyen") and articles; like joiners, they are left out of names and
// organisations.
var particles = set(`de du des la le les l d der die das von zu van den di da del`)

// legalForms are company forms, left out of an organisation's name.
var legalForms = set(`ltd llc inc gmbh ag sa sarl sas bv nv sro spa srl plc oy ab kft zrt doo ooo oao pjsc corp co
limited incorporated ug`)

// orgWords mark a part of the approacher field as an organisation. On
// their own ("the embassy") they name none.
var orgWords = set(`company group holding holdings partners consulting consultancy consultants advisory associates
agency institute institut foundation fondation stiftung embassy ambassade botschaft consulate consulat
ministry ministere ministerium association verein society council centre center university universite
universitat news media press tv radio magazine bank fund forum network committee party parti partei office
bureau ngo club chamber trust alliance union federation service services government delegation mission
academy think tank lab labs research solutions ventures capital international`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// part is one part of the approacher field.
type part struct {
	raw     string
	content []string // folded words without filler, joiners and particles
	marked  bool     // by a word of an organisation or a joiner
}

// readPart returns the part raw; ok is false when it has no content or
// is a sentence.
func readPart(raw string) (p part, ok bool) {
	p.raw = raw
	for _, t := range words(raw) {
		switch {
		case prose[t]:
			return part{}, false
		case filler[t]:
		case joiners[t]:
			p.marked = true
		case particles[t]:
		default:
			p.content = append(p.content, t)
			p.marked = p.marked || orgWords[t] || legalForms[t]
		}
	}
	return p, len(p.content) > 0
}

// people reads the approacher field (contact details already masked) as
// "name, organisation". The name is the first part of two to five words
// that marks no organisation, or a one-word surname followed by the given
// names ("NOVÁK, Jan"); the organisations are the parts that mark one,
// a lone word in capitals ("RT"), and the unmarked parts after the name.
func people(text string) (name string, orgs []string) {
	var parts []part
	for _, raw := range partRe.Split(text, -1) {
		if p, ok := readPart(raw); ok {
			parts = append(parts, p)
		}
	}
	if len(parts) >= 2 && len(parts[0].content) == 1 && len(parts[1].content) <= 3 && !parts[0].marked && !parts[1].marked {
		name = normWords(append(parts[0].content, parts[1].content...))
		parts = parts[2:]
	}
	for _, p := range parts {
		switch {
		case p.marked:
			if o := org(p.content); o != "" && len(p.content) <= 8 {
				orgs = append(orgs, o)
			}
		case name == "" && len(p.content) >= 2 && len(p.content) <= 5:
			name = normWords(p.content)
		case len(p.content) == 1 && isAcronym(p.raw, p.content[0]):
			orgs = append(orgs, p.content[0])
		case name != "" && len(p.content) <= 5:
			orgs = append(orgs, normWords(p.content))
		}
	}
	return name, orgs
}

// isAcronym reports whether word, a folded word of part, is written there
// in capitals ("RT", "CGTN"): a lone capitalised word is more likely a
// first name.
func isAcronym(part, word string) bool {
	for _, f := range strings.FieldsFunc(part, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if fold(f) == word {
			return len(f) >= 2 && strings.ToUpper(f) == f && strings.ToLower(f) != f
		}
	}
	return false
}

// org returns the normalised organisation of content words, or "" when
// only generic words remain ("the embassy").
func org(content []string) string {
	var kept []string
	specific := false
	for _, t := range content {
		if legalForms[t] {
			continue
		}
		kept = append(kept, t)
		specific = specific || !orgWords[t]
	}
	if !specific {
		return ""
	}
	return normWords(kept)
}

// normName returns a person's or an organisation's name in the form
// Extract gives it: folded to lower-case letters without accents, the
// words sorted, and titles, connecting words and company forms left out.
// "Dr. Jan Novák" and "NOVAK, Jan" give "jan novak"; "Voice of Europe
// s.r.o." and "Europe Voice" give "europe voice".
func normName(s string) string {
	var content []string
	for _, t := range words(s) {
		if !filler[t] && !joiners[t] && !particles[t] && !legalForms[t] {
			content = append(content, t)
		}
	}
	return normWords(content)
}

// normWords sorts words and joins them with spaces, once each.
func normWords(w []string) string {
	w = slices.Clone(w)
	slices.Sort(w)
	return strings.Join(slices.Compact(w), " ")
}

// joinMarks are the punctuation marks inside words.
var joinMarks = strings.NewReplacer(".", "", "'", "", "\u2019", "")

// words returns the folded words of s. Dots and apostrophes join
// ("s.r.o." is "sro", "O'Brien" is "obrien"); other punctuation separates.
func words(s string) []string {
	s = joinMarks.Replace(fold(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// foldLetters are letters that Unicode does not decompose into a base
// letter and an accent.
var foldLetters = strings.NewReplacer("ß", "ss", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "æ", "ae",
	"œ", "oe", "ı", "i", "ħ", "h")

// fold returns s in lower case without accents: "Nováková" is
// "novakova", "Straße" is "strasse".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return foldLetters.Replace(b.String())
}
