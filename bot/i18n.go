package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Languages the guided report conversation speaks. The security team's
// views (cases, notices, exports) stay in English.
const (
	langEN = "en"
	langFR = "fr"
	langDE = "de"
)

// reportLang returns lang when the report conversation speaks it, and
// English for anything else (including "", the language of sessions stored
// before languages existed).
func reportLang(lang string) string {
	if _, ok := catalogue[lang]; ok {
		return lang
	}
	return langEN
}

// texts is everything a reporter reads during a guided report, in one
// language. Strings with verbs are fmt formats; the verbs are the same in
// every language (a test checks it).
type texts struct {
	intro         string // before the first question
	movedToDirect string // in the group where a report was started

	// Prompts, one per step. Menu prompts are followed by the numbered menu;
	// confirm takes the summary.
	promptCategory, promptDate, promptChannel, promptWho, promptCountry,
	promptDescription, promptAccepted, promptAcceptedDetail, promptEvidence,
	promptAnonymity, promptContact, promptConfirm, promptEdit string

	// promptCategoryKept replaces promptCategory when a category is
	// already filled in (guessed from the question, or before an edit);
	// %s: its label.
	promptCategoryKept string

	// Problems with an answer.
	numberRange      string // %d: menu length
	editRange        string // %d: menu length
	dateFuture       string
	dateUnknown      string
	tooLong          string // %d: limit, %d: length of the answer
	messageTooLong   string // %d: length of the message, %d: limit
	answerAccepted   string
	answerAnonymity  string
	answerYesNo      string
	answerConfirm    string
	firstQuestion    string
	cannotSkip       string
	helpInFlow       string
	cancelled        string
	incomplete       string // %s: the fields to correct
	answersKept      string // after rateReports, when a submit was refused
	filingFailed     string
	storageTrouble   string
	rateMessages     string
	rateReports      string
	filed            string // %s: case reference
	receipt          string // %[1]s: the receipt code
	statusHint       string // %s: case reference
	expired          string // %s: the idle time
	oneHour          string
	hours, minutes   string // %d
	labelSeparator   string // between a summary label and its value
	notGiven         string
	noneListed       string
	yes, no, unsure  string
	withName         string
	anonymous        string
	contactAllowed   string // appended to withName
	contactForbidden string // appended to withName

	// Summary labels; the edit menu uses them too, with editIdentity for
	// the identity line.
	labelCategory, labelWhen, labelHow, labelWho, labelCountry, labelWhat,
	labelAccepted, labelEvidence, labelSource, labelIdentity, editIdentity string

	// Problems with a complete report (Report.Validate); tooLong serves
	// for answers over a limit.
	missingCategory, missingDate, dateAhead, missingChannel, missingDescription,
	missingAccepted string

	categories map[Category]string
	channels   map[Channel]string
	weekdays   [7]string  // Sunday first, as time.Weekday
	months     [12]string // January first
	dayFormat  string     // %[1]s weekday, %[2]d day, %[3]s month, %[4]d year
}

// storageTrouble is the English storage-problem reply.
const storageTrouble = "Sorry, I cannot save anything right now because of a storage problem. Please try again in a few minutes; if it is urgent, contact the security team directly."

// catalogue holds the texts of every language the conversation speaks.
var catalogue = map[string]*texts{langEN: &english, langFR: &french, langDE: &german}

// spoken lists the conversation's languages in a fixed order.
var spoken = []string{langEN, langFR, langDE}

// languagesFrom returns lang (made a spoken language) followed by the other
// spoken languages.
func languagesFrom(lang string) []string {
	lang = reportLang(lang)
	out := []string{lang}
	for _, l := range spoken {
		if l != lang {
			out = append(out, l)
		}
	}
	return out
}

// tr returns the texts for lang, English when the language is not spoken.
func tr(lang string) *texts { return catalogue[reportLang(lang)] }

// Languages returns the languages of the report conversation and form,
// English first.
func Languages() []string { return slices.Clone(spoken) }

// LabelIn returns the name of the category in lang (en, fr or de; other
// values give English). Stored reports keep the canonical code.
func (c Category) LabelIn(lang string) string {
	if l, ok := tr(lang).categories[c]; ok {
		return l
	}
	return string(c)
}

// LabelIn returns the name of the channel in lang (en, fr or de; other
// values give English). Stored reports keep the canonical code.
func (c Channel) LabelIn(lang string) string {
	if l, ok := tr(lang).channels[c]; ok {
		return l
	}
	return string(c)
}

// day renders a date such as "Tuesday 17 November 2026".
func (x *texts) day(t time.Time) string {
	return fmt.Sprintf(x.dayFormat, x.weekdays[t.Weekday()], t.Day(), x.months[t.Month()-1], t.Year())
}

// duration renders an idle time such as "1 hour" or "30 minutes".
func (x *texts) duration(d time.Duration) string {
	switch {
	case d == time.Hour:
		return x.oneHour
	case d > time.Hour && d%time.Hour == 0:
		return fmt.Sprintf(x.hours, d/time.Hour)
	case d >= time.Minute:
		return fmt.Sprintf(x.minutes, d/time.Minute)
	default:
		return d.String()
	}
}

// editLabel names an answer in the edit menu.
func (x *texts) editLabel(s Step) string {
	switch s {
	case StepCategory:
		return x.labelCategory
	case StepDate:
		return x.labelWhen
	case StepChannel:
		return x.labelHow
	case StepWho:
		return x.labelWho
	case StepCountry:
		return x.labelCountry
	case StepDescription:
		return x.labelWhat
	case StepAccepted:
		return x.labelAccepted
	case StepEvidence:
		return x.labelEvidence
	case StepAnonymity:
		return x.editIdentity
	}
	return string(s)
}

// fieldLabels names the report fields of a ValidationError (category,
// occurred_on, ...) with their summary labels, in a stable order.
func (x *texts) fieldLabels(fields map[string]string) string {
	byField := map[string]string{
		"category": x.labelCategory, "occurred_on": x.labelWhen, "channel": x.labelHow,
		"approacher": x.labelWho, "approacher_country": x.labelCountry, "description": x.labelWhat,
		"accepted": x.labelAccepted, "accepted_detail": x.labelAccepted, "evidence": x.labelEvidence,
		"source_link": x.labelSource,
	}
	var names []string
	seen := map[string]bool{}
	for _, f := range sortedKeys(fields) {
		name, ok := byField[f]
		if !ok {
			name = f
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

var english = texts{
	intro:         "Let's record what happened. I will ask a few short questions; at any point reply `back` to go to the previous question, `skip` to leave out an optional one, or `cancel` to stop. Nothing is filed until you confirm.",
	movedToDirect: "I have sent you a direct message so that your report stays private.",

	promptCategory:       "What kind of approach was it? Reply with a number:",
	promptCategoryKept:   "What kind of approach was it? I have filled in: %s. Reply `yes` to keep it, or a number to change it:",
	promptDate:           "When did it happen? For example `today`, `yesterday`, `last Tuesday`, `3 days ago` or a date such as `2026-11-20` or `20/11/2026`.",
	promptChannel:        "How were you approached? Reply with a number:",
	promptWho:            "Who approached you? Name and organisation as far as you know them (or `skip`).",
	promptCountry:        "Which country did they say they represent, or seem linked to? (or `skip`)",
	promptDescription:    "What happened? Describe it in your own words: what was said or offered, what they asked for, anything that struck you.",
	promptAccepted:       "Was anything accepted or promised, even informally? Reply `no`, `yes` or `not sure`. It is better to say so now: it will not be held against you.",
	promptAcceptedDetail: "What was accepted or promised, and is it still with you? (or `skip`)",
	promptEvidence:       "What evidence have you kept? For example e-mails, messages, screenshots, business cards, the gift itself. Keep the originals; just list them here (or `skip`).",
	promptAnonymity: "Do you want to file this report with your name or anonymously? Reply with a number:\n" +
		"1. With my name: the security team sees who you are and can follow up with you.\n" +
		"2. Anonymously: your name and chat user ID are not stored with the report. You get a receipt code, the only way to follow up.\n" +
		"Anonymity has limits: the chat platform itself (its operators and logs) sees that you messaged Vigil, and the details you give may identify you.",
	promptContact: "May the security team contact you about this report? Reply `yes` or `no`.",
	promptConfirm: "Please check your report:\n\n%s\n\nReply `submit` to file it, `edit` to change an answer, or `cancel` to discard it.",
	promptEdit:    "Which answer do you want to change? Reply with a number:",

	numberRange:      "Please reply with a number from 1 to %d.",
	editRange:        "Please reply with a number from 1 to %d, or `back` to return to the summary.",
	dateFuture:       "That date is in the future. When did it happen?",
	dateUnknown:      "Sorry, I did not understand that date. Try `today`, `yesterday`, `last Tuesday` or `2026-11-20`.",
	tooLong:          "Please keep this under %d characters (yours has %d).",
	messageTooLong:   "Sorry, that message is too long (%d characters). Please keep messages under %d characters; for a long account, send it in several parts or summarise it and keep the original as evidence.",
	answerAccepted:   "Please reply `no`, `yes` or `not sure`.",
	answerAnonymity:  "Please reply `1` (with my name) or `2` (anonymously).",
	answerYesNo:      "Please reply `yes` or `no`.",
	answerConfirm:    "Please reply `submit`, `edit` or `cancel`.",
	firstQuestion:    "This is the first question.",
	cannotSkip:       "This question cannot be skipped.",
	helpInFlow:       "You are filing a report. Reply `back` for the previous question, `skip` for an optional one, or `cancel` to stop.",
	cancelled:        "Report cancelled. Nothing was filed.",
	incomplete:       "Some answers are missing or too long (%s). Reply `edit` to change them.",
	answersKept:      "Your answers are kept: reply `submit` later to file this report.",
	filingFailed:     "Sorry, your report could not be saved because of a storage problem. Your answers are kept: reply `submit` to try again in a moment. If it is urgent, contact the security team directly.",
	storageTrouble:   storageTrouble,
	rateMessages:     "You are sending messages faster than I can take them. Please wait a minute and try again; if it is urgent, contact the security team directly.",
	rateReports:      "You have filed several reports in the last hour, which is the most I accept from one person. Please wait an hour, or contact the security team directly if it is urgent.",
	filed:            "Thank you. Your report is filed as %s and the security team has been notified.",
	receipt:          "\n\nYour anonymous receipt code is:\n%[1]s\n\nKeep it somewhere safe: it is the only way to follow up on this report (`status %[1]s`, `add %[1]s <text>`). It cannot be recovered.",
	statusHint:       "\nType `status %s` at any time to see where it stands.",
	expired:          "Your unfinished report was discarded after %s without an answer; nothing was filed. Type `report` to start again.",
	oneHour:          "1 hour",
	hours:            "%d hours",
	minutes:          "%d minutes",
	labelSeparator:   ": ",
	notGiven:         "(not given)",
	noneListed:       "(none listed)",
	yes:              "Yes",
	no:               "No",
	unsure:           "Not sure",
	withName:         "With my name",
	anonymous:        "Anonymous",
	contactAllowed:   ", the security team may contact me",
	contactForbidden: ", please do not contact me",

	labelCategory: "Category", labelWhen: "When", labelHow: "How", labelWho: "Who", labelCountry: "Country",
	labelWhat: "What happened", labelAccepted: "Accepted or promised", labelEvidence: "Evidence",
	labelSource: "Reported message", labelIdentity: "Identity", editIdentity: "Name or anonymous",

	missingCategory:    "Choose a category.",
	missingDate:        "Give the date it happened.",
	dateAhead:          "The date cannot be in the future.",
	missingChannel:     "Choose how the approach was made.",
	missingDescription: "Describe what happened.",
	missingAccepted:    "Say whether anything was accepted or promised.",

	categories: categoryLabels,
	channels:   channelLabels,
	weekdays:   [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
	dayFormat: "%[1]s %[2]d %[3]s %[4]d",
}

var french = texts{
	intro:         "Notons ce qui s'est passé. Je vais vous poser quelques questions courtes ; à tout moment, répondez `retour` pour revenir à la question précédente, `passer` pour laisser de côté une question facultative, ou `annuler` pour arrêter. Rien n'est transmis avant votre confirmation.",
	movedToDirect: "Je vous ai envoyé un message direct pour que votre signalement reste confidentiel.",

	promptCategory:       "De quel type d'approche s'agit-il ? Répondez par un numéro :",
	promptCategoryKept:   "De quel type d'approche s'agit-il ? J'ai rempli : %s. Répondez `oui` pour le garder, ou un numéro pour le changer :",
	promptDate:           "Quand cela s'est-il passé ? Par exemple `aujourd'hui`, `hier`, `mardi dernier`, `il y a 3 jours` ou une date comme `20/11/2026`.",
	promptChannel:        "Comment vous a-t-on approché ? Répondez par un numéro :",
	promptWho:            "Qui vous a approché ? Nom et organisation, dans la mesure où vous les connaissez (ou `passer`).",
	promptCountry:        "Quel pays ces personnes disaient-elles représenter, ou à quel pays semblent-elles liées ? (ou `passer`)",
	promptDescription:    "Que s'est-il passé ? Décrivez-le avec vos mots : ce qui a été dit ou proposé, ce qu'on vous a demandé, tout ce qui vous a frappé.",
	promptAccepted:       "Avez-vous accepté ou promis quelque chose, même de façon informelle ? Répondez `non`, `oui` ou `pas sûr`. Mieux vaut le dire maintenant : cela ne sera pas retenu contre vous.",
	promptAcceptedDetail: "Qu'avez-vous accepté ou promis, et l'avez-vous encore ? (ou `passer`)",
	promptEvidence:       "Quelles preuves avez-vous conservées ? Par exemple des e-mails, des messages, des captures d'écran, des cartes de visite, le cadeau lui-même. Gardez les originaux ; énumérez-les simplement ici (ou `passer`).",
	promptAnonymity: "Voulez-vous faire ce signalement sous votre nom ou anonymement ? Répondez par un numéro :\n" +
		"1. Sous mon nom : l'équipe de sécurité voit qui vous êtes et peut revenir vers vous.\n" +
		"2. Anonymement : votre nom et votre identifiant de messagerie ne sont pas enregistrés avec le signalement. Vous recevez un code de reçu, seul moyen de suivre le signalement.\n" +
		"L'anonymat a des limites : la plateforme de messagerie elle-même (ses opérateurs et ses journaux) voit que vous avez écrit à Vigil, et les détails que vous donnez peuvent permettre de vous identifier.",
	promptContact: "L'équipe de sécurité peut-elle vous contacter au sujet de ce signalement ? Répondez `oui` ou `non`.",
	promptConfirm: "Vérifiez votre signalement :\n\n%s\n\nRépondez `envoyer` pour le transmettre, `modifier` pour changer une réponse, ou `annuler` pour l'abandonner.",
	promptEdit:    "Quelle réponse voulez-vous changer ? Répondez par un numéro :",

	numberRange:      "Répondez par un numéro de 1 à %d.",
	editRange:        "Répondez par un numéro de 1 à %d, ou `retour` pour revenir au récapitulatif.",
	dateFuture:       "Cette date est dans le futur. Quand cela s'est-il passé ?",
	dateUnknown:      "Désolé, je n'ai pas compris cette date. Essayez `aujourd'hui`, `hier`, `mardi dernier` ou `20/11/2026`.",
	tooLong:          "Restez sous %d caractères, s'il vous plaît (votre réponse en compte %d).",
	messageTooLong:   "Désolé, ce message est trop long (%d caractères). Restez sous %d caractères par message ; pour un long récit, envoyez-le en plusieurs parties, ou résumez-le et gardez l'original comme preuve.",
	answerAccepted:   "Répondez `non`, `oui` ou `pas sûr`.",
	answerAnonymity:  "Répondez `1` (sous mon nom) ou `2` (anonymement).",
	answerYesNo:      "Répondez `oui` ou `non`.",
	answerConfirm:    "Répondez `envoyer`, `modifier` ou `annuler`.",
	firstQuestion:    "C'est la première question.",
	cannotSkip:       "Cette question ne peut pas être passée.",
	helpInFlow:       "Vous êtes en train de faire un signalement. Répondez `retour` pour la question précédente, `passer` pour une question facultative, ou `annuler` pour arrêter.",
	cancelled:        "Signalement annulé. Rien n'a été transmis.",
	incomplete:       "Des réponses manquent ou sont trop longues (%s). Répondez `modifier` pour les changer.",
	answersKept:      "Vos réponses sont conservées : répondez `envoyer` plus tard pour transmettre ce signalement.",
	filingFailed:     "Désolé, votre signalement n'a pas pu être enregistré à cause d'un problème de stockage. Vos réponses sont conservées : répondez `envoyer` pour réessayer dans un moment. En cas d'urgence, contactez directement l'équipe de sécurité.",
	storageTrouble:   "Désolé, je ne peux rien enregistrer pour l'instant à cause d'un problème de stockage. Réessayez dans quelques minutes ; en cas d'urgence, contactez directement l'équipe de sécurité.",
	rateMessages:     "Vous envoyez des messages plus vite que je ne peux les traiter. Attendez une minute et réessayez ; en cas d'urgence, contactez directement l'équipe de sécurité.",
	rateReports:      "Vous avez fait plusieurs signalements au cours de la dernière heure, c'est le maximum que j'accepte d'une même personne. Attendez une heure, ou contactez directement l'équipe de sécurité en cas d'urgence.",
	filed:            "Merci. Votre signalement est enregistré sous la référence %s et l'équipe de sécurité a été prévenue.",
	receipt:          "\n\nVotre code de reçu anonyme est :\n%[1]s\n\nGardez-le en lieu sûr : c'est le seul moyen de suivre ce signalement (`status %[1]s`, `add %[1]s <texte>`). Il ne peut pas être récupéré.",
	statusHint:       "\nTapez `status %s` à tout moment pour savoir où il en est.",
	expired:          "Votre signalement inachevé a été supprimé après %s sans réponse ; rien n'a été transmis. Tapez `signaler` pour recommencer.",
	oneHour:          "1 heure",
	hours:            "%d heures",
	minutes:          "%d minutes",
	labelSeparator:   " : ",
	notGiven:         "(non précisé)",
	noneListed:       "(aucune indiquée)",
	yes:              "Oui",
	no:               "Non",
	unsure:           "Pas sûr",
	withName:         "Sous mon nom",
	anonymous:        "Anonyme",
	contactAllowed:   ", l'équipe de sécurité peut me contacter",
	contactForbidden: ", merci de ne pas me contacter",

	labelCategory: "Catégorie", labelWhen: "Date", labelHow: "Moyen", labelWho: "Qui", labelCountry: "Pays",
	labelWhat: "Ce qui s'est passé", labelAccepted: "Accepté ou promis", labelEvidence: "Preuves",
	labelSource: "Message signalé", labelIdentity: "Identité", editIdentity: "Nom ou anonymat",

	missingCategory:    "Choisissez une catégorie.",
	missingDate:        "Indiquez la date des faits.",
	dateAhead:          "La date ne peut pas être dans le futur.",
	missingChannel:     "Choisissez comment on vous a approché.",
	missingDescription: "Décrivez ce qui s'est passé.",
	missingAccepted:    "Indiquez si quelque chose a été accepté ou promis.",

	categories: map[Category]string{
		CategoryPayment:        "Offre d'argent ou de travail rémunéré",
		CategoryGift:           "Cadeau ou hospitalité",
		CategoryTravel:         "Voyage financé ou invitation",
		CategoryDiplomat:       "Contact d'un diplomate ou d'un représentant officiel",
		CategoryOnline:         "Approche en ligne ou recruteur",
		CategoryPressure:       "Pression, menace ou chantage",
		CategoryDisinformation: "Désinformation ou manipulation présumée",
		CategoryCyber:          "Cyber (hameçonnage, compte, appareil)",
		CategoryOther:          "Autre",
	},
	channels: map[Channel]string{
		ChannelInPerson:  "En personne",
		ChannelEmail:     "E-mail",
		ChannelPhone:     "Téléphone",
		ChannelMessaging: "Messagerie instantanée",
		ChannelSocial:    "Réseaux sociaux",
		ChannelEvent:     "Événement",
		ChannelOther:     "Autre",
	},
	weekdays: [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"},
	dayFormat: "%[1]s %[2]d %[3]s %[4]d",
}

var german = texts{
	intro:         "Halten wir fest, was passiert ist. Ich stelle Ihnen einige kurze Fragen; antworten Sie jederzeit `zurück`, um zur vorigen Frage zu gehen, `überspringen`, um eine freiwillige Frage auszulassen, oder `abbrechen`, um aufzuhören. Nichts wird übermittelt, bevor Sie bestätigen.",
	movedToDirect: "Ich habe Ihnen eine Direktnachricht geschickt, damit Ihre Meldung vertraulich bleibt.",

	promptCategory:       "Welche Art von Kontaktaufnahme war es? Antworten Sie mit einer Nummer:",
	promptCategoryKept:   "Welche Art von Kontaktaufnahme war es? Ausgefüllt habe ich: %s. Antworten Sie `ja`, um das zu behalten, oder mit einer Nummer, um es zu ändern:",
	promptDate:           "Wann ist es passiert? Zum Beispiel `heute`, `gestern`, `letzten Dienstag`, `vor 3 Tagen` oder ein Datum wie `20.11.2026`.",
	promptChannel:        "Wie wurden Sie angesprochen? Antworten Sie mit einer Nummer:",
	promptWho:            "Wer hat Sie angesprochen? Name und Organisation, soweit Sie sie kennen (oder `überspringen`).",
	promptCountry:        "Welches Land gaben die Personen an zu vertreten, oder mit welchem Land scheinen sie verbunden? (oder `überspringen`)",
	promptDescription:    "Was ist passiert? Beschreiben Sie es in eigenen Worten: was gesagt oder angeboten wurde, worum man Sie gebeten hat, was Ihnen aufgefallen ist.",
	promptAccepted:       "Wurde etwas angenommen oder versprochen, auch informell? Antworten Sie `nein`, `ja` oder `weiß nicht`. Sagen Sie es besser jetzt: Es wird Ihnen nicht zur Last gelegt.",
	promptAcceptedDetail: "Was wurde angenommen oder versprochen, und haben Sie es noch? (oder `überspringen`)",
	promptEvidence:       "Welche Beweise haben Sie aufbewahrt? Zum Beispiel E-Mails, Nachrichten, Screenshots, Visitenkarten, das Geschenk selbst. Bewahren Sie die Originale auf; zählen Sie sie hier nur auf (oder `überspringen`).",
	promptAnonymity: "Möchten Sie diese Meldung mit Ihrem Namen oder anonym abgeben? Antworten Sie mit einer Nummer:\n" +
		"1. Mit meinem Namen: Das Sicherheitsteam sieht, wer Sie sind, und kann sich bei Ihnen melden.\n" +
		"2. Anonym: Ihr Name und Ihre Chat-Benutzerkennung werden nicht mit der Meldung gespeichert. Sie erhalten einen Belegcode, die einzige Möglichkeit, die Meldung weiterzuverfolgen.\n" +
		"Anonymität hat Grenzen: Die Chat-Plattform selbst (ihre Betreiber und Protokolle) sieht, dass Sie Vigil geschrieben haben, und Ihre Angaben können Sie erkennbar machen.",
	promptContact: "Darf das Sicherheitsteam Sie zu dieser Meldung kontaktieren? Antworten Sie `ja` oder `nein`.",
	promptConfirm: "Bitte prüfen Sie Ihre Meldung:\n\n%s\n\nAntworten Sie `absenden`, um sie zu übermitteln, `bearbeiten`, um eine Antwort zu ändern, oder `abbrechen`, um sie zu verwerfen.",
	promptEdit:    "Welche Antwort möchten Sie ändern? Antworten Sie mit einer Nummer:",

	numberRange:      "Bitte antworten Sie mit einer Nummer von 1 bis %d.",
	editRange:        "Bitte antworten Sie mit einer Nummer von 1 bis %d, oder `zurück`, um zur Zusammenfassung zurückzukehren.",
	dateFuture:       "Dieses Datum liegt in der Zukunft. Wann ist es passiert?",
	dateUnknown:      "Entschuldigung, dieses Datum habe ich nicht verstanden. Versuchen Sie `heute`, `gestern`, `letzten Dienstag` oder `20.11.2026`.",
	tooLong:          "Bitte bleiben Sie unter %d Zeichen (Ihre Antwort hat %d).",
	messageTooLong:   "Entschuldigung, diese Nachricht ist zu lang (%d Zeichen). Bitte bleiben Sie unter %d Zeichen pro Nachricht; einen langen Bericht senden Sie in mehreren Teilen, oder fassen Sie ihn zusammen und bewahren Sie das Original als Beweis auf.",
	answerAccepted:   "Bitte antworten Sie `nein`, `ja` oder `weiß nicht`.",
	answerAnonymity:  "Bitte antworten Sie `1` (mit meinem Namen) oder `2` (anonym).",
	answerYesNo:      "Bitte antworten Sie `ja` oder `nein`.",
	answerConfirm:    "Bitte antworten Sie `absenden`, `bearbeiten` oder `abbrechen`.",
	firstQuestion:    "Dies ist die erste Frage.",
	cannotSkip:       "Diese Frage kann nicht übersprungen werden.",
	helpInFlow:       "Sie erstellen gerade eine Meldung. Antworten Sie `zurück` für die vorige Frage, `überspringen` für eine freiwillige Frage oder `abbrechen`, um aufzuhören.",
	cancelled:        "Meldung abgebrochen. Es wurde nichts übermittelt.",
	incomplete:       "Einige Antworten fehlen oder sind zu lang (%s). Antworten Sie `bearbeiten`, um sie zu ändern.",
	answersKept:      "Ihre Antworten bleiben erhalten: Antworten Sie später `absenden`, um diese Meldung zu übermitteln.",
	filingFailed:     "Entschuldigung, Ihre Meldung konnte wegen eines Speicherproblems nicht gespeichert werden. Ihre Antworten bleiben erhalten: Antworten Sie gleich noch einmal `absenden`. Wenn es dringend ist, wenden Sie sich direkt an das Sicherheitsteam.",
	storageTrouble:   "Entschuldigung, wegen eines Speicherproblems kann ich gerade nichts speichern. Bitte versuchen Sie es in einigen Minuten erneut; wenn es dringend ist, wenden Sie sich direkt an das Sicherheitsteam.",
	rateMessages:     "Sie senden Nachrichten schneller, als ich sie annehmen kann. Bitte warten Sie eine Minute und versuchen Sie es erneut; wenn es dringend ist, wenden Sie sich direkt an das Sicherheitsteam.",
	rateReports:      "Sie haben in der letzten Stunde mehrere Meldungen abgegeben; mehr nehme ich von einer Person nicht an. Bitte warten Sie eine Stunde, oder wenden Sie sich direkt an das Sicherheitsteam, wenn es dringend ist.",
	filed:            "Danke. Ihre Meldung ist unter %s erfasst, und das Sicherheitsteam wurde benachrichtigt.",
	receipt:          "\n\nIhr anonymer Belegcode lautet:\n%[1]s\n\nBewahren Sie ihn sicher auf: Nur mit ihm können Sie diese Meldung weiterverfolgen (`status %[1]s`, `add %[1]s <Text>`). Er kann nicht wiederhergestellt werden.",
	statusHint:       "\nSchreiben Sie jederzeit `status %s`, um den Stand zu sehen.",
	expired:          "Ihre unvollständige Meldung wurde nach %s ohne Antwort verworfen; es wurde nichts übermittelt. Schreiben Sie `melden`, um neu zu beginnen.",
	oneHour:          "1 Stunde",
	hours:            "%d Stunden",
	minutes:          "%d Minuten",
	labelSeparator:   ": ",
	notGiven:         "(keine Angabe)",
	noneListed:       "(keine angegeben)",
	yes:              "Ja",
	no:               "Nein",
	unsure:           "Weiß nicht",
	withName:         "Mit meinem Namen",
	anonymous:        "Anonym",
	contactAllowed:   ", das Sicherheitsteam darf mich kontaktieren",
	contactForbidden: ", bitte nicht kontaktieren",

	labelCategory: "Kategorie", labelWhen: "Wann", labelHow: "Wie", labelWho: "Wer", labelCountry: "Land",
	labelWhat: "Was geschah", labelAccepted: "Angenommen oder versprochen", labelEvidence: "Beweise",
	labelSource: "Gemeldete Nachricht", labelIdentity: "Identität", editIdentity: "Name oder anonym",

	missingCategory:    "Wählen Sie eine Kategorie.",
	missingDate:        "Geben Sie an, wann es passiert ist.",
	dateAhead:          "Das Datum darf nicht in der Zukunft liegen.",
	missingChannel:     "Wählen Sie, wie Sie angesprochen wurden.",
	missingDescription: "Beschreiben Sie, was passiert ist.",
	missingAccepted:    "Geben Sie an, ob etwas angenommen oder versprochen wurde.",

	categories: map[Category]string{
		CategoryPayment:        "Angebot von Geld oder bezahlter Arbeit",
		CategoryGift:           "Geschenk oder Bewirtung",
		CategoryTravel:         "Gesponserte Reise oder Einladung",
		CategoryDiplomat:       "Kontakt durch Diplomaten oder Amtsträger",
		CategoryOnline:         "Online-Kontaktaufnahme oder Anwerber",
		CategoryPressure:       "Druck, Drohung oder Erpressung",
		CategoryDisinformation: "Verdacht auf Desinformation oder Manipulation",
		CategoryCyber:          "Cyber (Phishing, Konto, Gerät)",
		CategoryOther:          "Sonstiges",
	},
	channels: map[Channel]string{
		ChannelInPerson:  "Persönlich",
		ChannelEmail:     "E-Mail",
		ChannelPhone:     "Telefon",
		ChannelMessaging: "Messenger-App",
		ChannelSocial:    "Soziale Medien",
		ChannelEvent:     "Veranstaltung",
		ChannelOther:     "Sonstiges",
	},
	weekdays: [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
	months: [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
		"September", "Oktober", "November", "Dezember"},
	dayFormat: "%[1]s, %[2]d. %[3]s %[4]d",
}
