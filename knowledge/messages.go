package knowledge

// messages are the fixed phrases of chat replies in one language.
type messages struct {
	whatToDo, sources, related string
	reportOffer                string // for incident-like messages
	reportOfferCategory        string // the same, with the guessed category (%s)
	suggestIntro               string // before the numbered closest topics
	suggestFooter              string // after them
	hello, thanks              string // replies to small talk
	reviewedOn                 string // %s: the date an article was last reviewed
	noMatch                    string // out of scope: honest first sentence
	covered                    string // out of scope: before the topic list
	outOfScopeHelp             string // out of scope: where to go instead
	topicsHeader, topicsFooter string
}

// phrases holds the messages per language; English is the fallback.
var phrases = map[string]messages{
	"en": {
		whatToDo:            "What to do:",
		sources:             "Sources:",
		related:             "Related topics:",
		reportOffer:         "This sounds like something that happened to you. You can report it now: type `report` (you may stay anonymous).",
		reportOfferCategory: "This sounds like something that happened to you (%s). You can report it now: type `report` and I will fill in the category (you may stay anonymous).",
		suggestIntro:        "I am not sure which topic you mean. The closest are:",
		suggestFooter:       "Reply with a number to read one, or ask in other words. If something happened to you, type `report`.",
		hello:               "Hello! I am Vigil. Ask me about foreign interference (offers of money, gifts, paid trips, pressure, fake recruiters, phishing...) or type `report` to report a suspicious approach. `help` lists what I can do.",
		thanks:              "You are welcome. If anything else comes up, ask me or type `report`.",
		reviewedOn:          "reviewed %s",
		noMatch:             "Sorry, I have no guidance that fits this question.",
		covered:             "I cover these foreign-interference topics:",
		outOfScopeHelp:      "Try other words, or type `topics` for the list. If something happened to you, type `report`; for anything urgent, contact your institution's security team (in an emergency, call 112).",
		topicsHeader:        "I can answer questions on these topics:",
		topicsFooter:        "Ask in your own words, for example: `ask can I accept a dinner invitation from an embassy?`. To report something, type `report`.",
	},
	"fr": {
		whatToDo:            "Que faire :",
		sources:             "Sources :",
		related:             "Sujets liés :",
		reportOffer:         "Cela ressemble à un incident qui vous est arrivé. Vous pouvez le signaler tout de suite : tapez `signaler` (l'anonymat est possible).",
		reportOfferCategory: "Cela ressemble à un incident qui vous est arrivé (%s). Vous pouvez le signaler tout de suite : tapez `signaler` et je remplirai la catégorie (l'anonymat est possible).",
		suggestIntro:        "Je ne suis pas sûr du sujet. Les plus proches sont :",
		suggestFooter:       "Répondez par un numéro pour en lire un, ou reformulez. S'il vous est arrivé quelque chose, tapez `signaler`.",
		hello:               "Bonjour ! Je suis Vigil. Posez-moi vos questions sur l'ingérence étrangère (offres d'argent, cadeaux, voyages payés, pressions, faux recruteurs, hameçonnage...) ou tapez `signaler` pour signaler une approche suspecte. `help` liste ce que je sais faire.",
		thanks:              "Avec plaisir. Si autre chose se présente, demandez-moi ou tapez `signaler`.",
		reviewedOn:          "revu le %s",
		noMatch:             "Désolé, je n'ai pas de conseils qui correspondent à cette question.",
		covered:             "Je couvre ces sujets liés à l'ingérence étrangère :",
		outOfScopeHelp:      "Reformulez, ou tapez `topics fr` pour la liste. S'il vous est arrivé quelque chose, tapez `signaler` ; en cas d'urgence, contactez le service de sécurité de votre institution (urgence vitale : 112).",
		topicsHeader:        "Je réponds aux questions sur ces sujets :",
		topicsFooter:        "Posez votre question avec vos mots, par exemple : `ask puis-je accepter un dîner offert par une ambassade ?`. Pour signaler quelque chose, tapez `signaler`.",
	},
	"de": {
		whatToDo:            "Was tun:",
		sources:             "Quellen:",
		related:             "Verwandte Themen:",
		reportOffer:         "Das klingt nach einem Vorfall, der Ihnen passiert ist. Sie können ihn sofort melden: schreiben Sie `melden` (auch anonym möglich).",
		reportOfferCategory: "Das klingt nach einem Vorfall, der Ihnen passiert ist (%s). Sie können ihn sofort melden: schreiben Sie `melden`, die Kategorie fülle ich aus (auch anonym möglich).",
		suggestIntro:        "Ich bin nicht sicher, welches Thema Sie meinen. Am nächsten liegen:",
		suggestFooter:       "Antworten Sie mit einer Nummer, um eines zu lesen, oder formulieren Sie anders. Wenn Ihnen etwas passiert ist, schreiben Sie `melden`.",
		hello:               "Hallo! Ich bin Vigil. Fragen Sie mich zu ausländischer Einflussnahme (Geldangebote, Geschenke, bezahlte Reisen, Druck, falsche Recruiter, Phishing...) oder schreiben Sie `melden`, um eine verdächtige Annäherung zu melden. `help` zeigt, was ich kann.",
		thanks:              "Gern geschehen. Wenn noch etwas ist, fragen Sie mich oder schreiben Sie `melden`.",
		reviewedOn:          "geprüft am %s",
		noMatch:             "Leider habe ich zu dieser Frage keine passenden Hinweise.",
		covered:             "Ich decke diese Themen zu ausländischer Einflussnahme ab:",
		outOfScopeHelp:      "Versuchen Sie andere Worte, oder schreiben Sie `topics de` für die Liste. Wenn Ihnen etwas passiert ist, schreiben Sie `melden`; in dringenden Fällen wenden Sie sich an den Sicherheitsdienst Ihrer Institution (im Notfall 112).",
		topicsHeader:        "Ich beantworte Fragen zu diesen Themen:",
		topicsFooter:        "Fragen Sie in eigenen Worten, zum Beispiel: `ask darf ich eine Einladung einer Botschaft zum Abendessen annehmen?`. Um etwas zu melden, schreiben Sie `melden`.",
	},
}

// phrasesFor returns the messages for lang, English when unknown.
func phrasesFor(lang string) messages {
	if m, ok := phrases[lang]; ok {
		return m
	}
	return phrases["en"]
}
