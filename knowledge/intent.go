package knowledge

import (
	"regexp"
	"strings"

	"vigil/bot"
)

// Incident patterns (written without accents, see normalizeText):
// first-person accounts of something that happened
// ("I was offered", "someone threatened me", "on m'a proposé",
// "mir wurde angeboten", "jemand bedroht mich"). They are matched on the
// lower-cased question in every language, so a misdetected language does
// not hide an incident.
var incidentPatterns = compileAll(
	// English
	`\b(i|we)((( have|'ve| had|'d)?( just| already| recently| also)? (was|were|been|am|are|got|get|keep getting|keep being))|'m|'re)\b.{0,20}\b(offer|given|promis|handed|paid|brib|threat|blackmail|approach|contact|target|pressur|harass|follow|hack|phish|asked|invit|sent|told|warned|intimidat|recruit|filmed|photographed|extort|spied|watched)`,
	`\b(someone|somebody|a (man|woman|guy|person|stranger)|they|he|she|(an?|the|this|that) [a-z'-]+( [a-z'-]+)?) (has |have |had |just |keeps? |kept |tried to |tries to |is trying to |was trying to )?(offered|offering|offers|promised|gave|paid|threaten|blackmail|brib|approached|contacted|asked|asking|invited|sent|pressur|intimidat|follow|harass|hacked|want|demand|said|says|told)\w*\b.{0,30}\b(me|us|my|our|him|her)\b`,
	`\b(i|we)( have|'ve| had)?( just| already| recently| accidentally| mistakenly)? (received|got|accepted|took|clicked|opened|entered|typed|gave|signed|downloaded|installed|met|lost|shared|sent)\b`,
	`^(just |recently )?(got|received|had|been)( \w+){0,2} (call|email|e-mail|mail|message|dm|letter|invitation|invite|offer|gift|visit|parcel|package|request|approach|threat)s?\b`,
	`\b(threaten|blackmail|brib|extort|intimidat|harass|stalk)\w* (me|us|my|our)\b`,
	`\b(said|says|will|would|'d|wants? to|offered to|offering to|promised to) (pay|bribe|fund|sponsor|reward)\b`,
	`\b(my|our) (account|website|site|email|e-mail|phone|laptop|server|page|profile)s? (was|were|got|has been|have been|is|went|are)( \w+)? (hacked|down|attacked|compromised|taken over|flooded|hit|targeted|hijacked|cloned)\b`,
	// French
	`\b(m'|me |nous )(a |ont |avait |avaient |a ete |ont ete )?(propos|offert|offre|promis|donn|menac|fait chanter|contact|approch|demand|invit|envoy|harcel|suiv|pay|soudoy|pieg|vers|remis|sollicit)`,
	`\binsist\w* pour (me|nous) (voir|rencontrer|parler)\b`,
	`\b(j'ai|nous avons|on a)( \w+)? (recu|accepte|clique|ouvert|donne|signe|pris|entre|saisi|tape|telecharge|installe|rencontre|perdu)\b`,
	`\b(je suis|nous sommes|j'ai ete|nous avons ete|je me suis fait|on s'est fait)( \w+)? (menac|victime|suivi|harcel|contact|approch|pieg|fait chanter|cibl|pirat|soudoy|sollicit|avoir)`,
	`\b(mon|ma|notre|nos|mes) (compte|site|telephone|ordinateur|portable|messagerie|boite)\b.{0,20}\b(pirat|hack|compromis|attaqu|usurp)`,
	// German
	`\b(mir|uns|mich)\b.{0,40}\b(angeboten|versprochen|geschenkt|gegeben|gedroht|geschickt|uberwiesen|bezahlt|zugesteckt|erpresst|bedroht|kontaktiert|angesprochen|angeschrieben|eingeladen|bestochen|angerufen|verfolgt|belastigt)\b`,
	`\b(bedroht|erpresst|verfolgt|belastigt|bedrangt|besticht|notigt|bietet|schickt|droht|kontaktiert)\b (mich|uns|mir|meine\w*|unsere\w*)\b`,
	`\b(will|wollen|verlangt|verlangen|fordert|fordern)\b.{0,40}\bvon (mir|uns)\b`,
	`\b(ich|wir) (habe|haben|hab|hatte|hatten)\b.{0,40}\b(angenommen|bekommen|erhalten|geklickt|eingegeben|geoffnet|unterschrieben|installiert|heruntergeladen|akzeptiert|getroffen|verloren)\b`,
	`\b(ich|wir) (werde|wurde|bin|wurden|sind|werden)\b.{0,30}\b(bedroht|erpresst|bestochen|verfolgt|kontaktiert|angesprochen|unter druck gesetzt|gehackt|belastigt|angegriffen|eingeladen|angeworben)\b`,
	`\b(mein|meine|unser|unsere)\w* (konto|account|webseite|website|handy|telefon|laptop|seite|e-mail|postfach)\b.{0,40}\b(gehackt|angegriffen|kompromittiert|lahmgelegt|ubernommen)\b`,
)

// hypothetical marks a condition ("if", "si", "wenn"): an incident
// pattern after it describes a what-if question, not an incident.
var hypothetical = regexp.MustCompile(`\b(if|in case|suppose|whenever|si|s'il|s'ils|au cas ou|lorsque|quand|wenn|falls|sollte)\b`)

// compileAll compiles the patterns (kept separate: Go runs a small
// pattern on a short text with its fast backtracker, a single large
// alternation with the slower NFA); they are constants, so an error is a
// programming mistake caught by the first test run.
func compileAll(patterns ...string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// detectIntent tells a report of something that happened from a
// question looking for guidance.
func detectIntent(question string) bot.Intent {
	text := normalizeText(question)
	for _, re := range incidentPatterns {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			if !hypothetical.MatchString(text[:loc[0]]) {
				return bot.IntentReport
			}
		}
	}
	return bot.IntentQuestion
}

// foldAccents maps accented letters to ASCII so that the patterns (which
// use Go's ASCII word boundaries) can match French and German words.
var foldAccents = strings.NewReplacer(
	"’", "'", "‘", "'", "`", "'", "´", "'",
	"à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y",
	"œ", "oe", "æ", "ae", "ß", "ss",
)

// normalizeText lower-cases text, folds accents, straightens apostrophes
// and collapses white space.
func normalizeText(s string) string {
	s = foldAccents.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}
