package knowledge

import (
	"regexp"
	"strings"
)

// expansion adds plain words to a question that uses parliamentary or
// security jargon the articles describe in other words ("trilogue" is a
// non-public negotiation, "kompromat" is compromising material). It is
// general domain vocabulary, not tied to particular questions.
type expansion struct {
	re    *regexp.Regexp // on normalizeText output (lower case, no accents)
	words string         // added to the question, in the language
}

// expansions per language. Patterns are written without accents.
var expansions = map[string][]expansion{
	"en": compileExpansions(
		`\btrilogues?\b`, "confidential negotiations non-public documents",
		`\b(closed[- ]doors?|in camera|behind closed doors)\b`, "non-public confidential",
		`\blimite documents?\b|\brestricted documents?\b`, "non-public documents",
		`\bspooks?\b`, "spy intelligence officer",
		`\bfreebies?\b`, "gift",
		`\bjunkets?\b`, "sponsored trip",
		`\bhoney ?-?traps?\b`, "compromising situation blackmail",
		`\bsextortion\b`, "blackmail compromising",
		`\bastroturf\w*\b`, "coordinated fake accounts",
		`\b(2fa|mfa|two[- ]step)\b`, "multi-factor authentication",
		`\bvoice clon\w*\b`, "deepfake impersonation",
		`\bapas?\b|\baccredited assistants?\b`, "staff assistant",
		`\bwhistle-?blow\w*\b`, "report confidential",
	),
	"fr": compileExpansions(
		`\btrilogues?\b`, "négociations confidentielles documents non publics",
		`\bhuis clos\b|\bportes? closes?\b`, "non public confidentiel",
		`\bpots?-de-vin\b|\bdessous-de-table\b`, "argent corruption",
		`\bbarbouzes?\b`, "espion renseignement",
		`\b(2fa|mfa|double facteur)\b`, "authentification multifacteur",
		`\bclonage de (la )?voix\b|\bvoix clonee\b`, "deepfake usurpation",
	),
	"de": compileExpansions(
		`\btriloge?n?\b`, "vertrauliche Verhandlungen nicht öffentliche Dokumente",
		`\bverschlossenen turen\b`, "nicht öffentlich vertraulich",
		`\bschmiergeld\w*\b|\bbestechungsgeld\w*\b`, "Bestechung Geld",
		`\bspitzel\w*\b`, "Spion Nachrichtendienst",
		`\b(2fa|mfa|zwei-?faktor\w*)\b`, "Mehr-Faktor-Authentifizierung",
		`\bgeklonte stimme\b|\bstimmklon\w*\b`, "Deepfake Identitätsbetrug",
	),
}

// compileExpansions pairs patterns with their words.
func compileExpansions(pairs ...string) []expansion {
	out := make([]expansion, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, expansion{re: regexp.MustCompile(pairs[i]), words: pairs[i+1]})
	}
	return out
}

// expand returns the question with the plain words for any jargon it
// uses in lang appended.
func expand(question, lang string) string {
	norm := normalizeText(question)
	var extra []string
	for _, e := range expansions[lang] {
		if e.re.MatchString(norm) {
			extra = append(extra, e.words)
		}
	}
	if len(extra) == 0 {
		return question
	}
	return question + " " + strings.Join(extra, " ")
}
