package bot

// FormText is the report form of a FormOpener (the Slack modal) in one
// language: its title and buttons, a label for each answer with menu
// placeholders and hints, and the direct messages an adapter sends when a
// form cannot be opened or filed. Answer menus use Category.LabelIn and
// Channel.LabelIn with Lang.
type FormText struct {
	Lang string // en, fr or de

	Title, Submit, Close string // Slack allows 24 characters for each
	Intro                string // above the questions

	Category, CategoryPlaceholder string
	Date                          string
	Channel, ChannelPlaceholder   string
	Who, WhoHint                  string
	Country                       string
	Description, DescriptionHint  string
	Accepted, AcceptedHint        string
	Yes, No, Unsure               string // answers to Accepted
	AcceptedDetail                string
	Evidence, EvidenceHint        string
	Source                        string // link to a reported message
	Identity                      string
	IdentityHint                  string // %[1]s: the platform's name
	Anonymous                     string // the check box that makes the report anonymous
	Contact, ContactHint          string
	ContactAllowed                string // the check box that allows contact

	NotFiled        string // the report was not stored (a technical fault)
	NeedsCorrecting string // followed by the ValidationError's messages
	RateLimited     string // the reporter filed too many reports
	AnswersKept     string // %s: how to open the form again, e.g. "`/vigil report`"
	NotOpened       string // %s: how to open the form another way
	ReportWord      string // the word that starts a report in Lang
}

// FormTextIn returns the report form's texts in lang (en, fr or de; other
// values give English).
func FormTextIn(lang string) FormText {
	x := tr(lang)
	f := formTexts[reportLang(lang)]
	f.Lang = reportLang(lang)
	f.Yes, f.No, f.Unsure = x.yes, x.no, x.unsure
	f.Source, f.Identity = x.labelSource, x.labelIdentity
	f.RateLimited = x.rateReports
	return f
}

// formTexts holds each language's form texts that the conversation does
// not have; FormTextIn adds the ones it shares with it.
var formTexts = map[string]FormText{
	langEN: {
		Title:               "Report an approach",
		Submit:              "Submit report",
		Close:               "Cancel",
		Intro:               "Tell the security team what happened. Nothing is filed until you submit the form. If you are in danger, call 112 first.",
		Category:            "What kind of approach was it?",
		CategoryPlaceholder: "Choose a category",
		Date:                "When did it happen?",
		Channel:             "How were you approached?",
		ChannelPlaceholder:  "Choose one",
		Who:                 "Who approached you?",
		WhoHint:             "Name and organisation, as far as you know them.",
		Country:             "Which country did they say they represent, or seem linked to?",
		Description:         "What happened?",
		DescriptionHint:     "In your own words: what was said or offered, what they asked for, anything that struck you.",
		Accepted:            "Was anything accepted or promised, even informally?",
		AcceptedHint:        "It is better to say so now: it will not be held against you.",
		AcceptedDetail:      "If so, what, and is it still with you?",
		Evidence:            "What evidence have you kept?",
		EvidenceHint:        "E-mails, messages, screenshots, business cards, the gift itself. Keep the originals; just list them here.",
		IdentityHint:        "Anonymous: your name and %[1]s user ID are not stored with the report, and you get a receipt code, the only way to follow up. %[1]s itself still sees that you used Vigil, and the details you give may identify you.",
		Anonymous:           "File this report anonymously",
		Contact:             "Contact",
		ContactHint:         "Only for reports filed with your name.",
		ContactAllowed:      "The security team may contact me about it",
		NotFiled:            "Sorry, your report could not be filed because of a technical problem, and nothing was stored. If it is urgent, contact the security team directly.",
		NeedsCorrecting:     "Some answers need correcting, so the report was not filed:",
		AnswersKept:         "Your answers are kept for an hour: type %s to open the form again with them.",
		NotOpened:           "Sorry, I could not open the report form in time. Please use the shortcut again, or type %s.",
		ReportWord:          "report",
	},
	langFR: {
		Title:               "Signaler une approche",
		Submit:              "Envoyer le signalement",
		Close:               "Annuler",
		Intro:               "Décrivez à l'équipe de sécurité ce qui s'est passé. Rien n'est transmis tant que vous n'avez pas envoyé le formulaire. Si vous êtes en danger, appelez d'abord le 112.",
		Category:            "De quel type d'approche s'agit-il ?",
		CategoryPlaceholder: "Choisissez une catégorie",
		Date:                "Quand cela s'est-il passé ?",
		Channel:             "Comment vous a-t-on approché ?",
		ChannelPlaceholder:  "Faites votre choix",
		Who:                 "Qui vous a approché ?",
		WhoHint:             "Nom et organisation, dans la mesure où vous les connaissez.",
		Country:             "Quel pays ces personnes disaient-elles représenter, ou à quel pays semblent-elles liées ?",
		Description:         "Que s'est-il passé ?",
		DescriptionHint:     "Avec vos mots : ce qui a été dit ou proposé, ce qu'on vous a demandé, tout ce qui vous a frappé.",
		Accepted:            "Avez-vous accepté ou promis quelque chose, même de façon informelle ?",
		AcceptedHint:        "Mieux vaut le dire maintenant : cela ne sera pas retenu contre vous.",
		AcceptedDetail:      "Si oui, quoi, et l'avez-vous encore ?",
		Evidence:            "Quelles preuves avez-vous conservées ?",
		EvidenceHint:        "E-mails, messages, captures d'écran, cartes de visite, le cadeau lui-même. Gardez les originaux ; énumérez-les simplement ici.",
		IdentityHint:        "Anonymement : votre nom et votre identifiant %[1]s ne sont pas enregistrés avec le signalement, et vous recevez un code de reçu, seul moyen de suivre le signalement. %[1]s voit tout de même que vous avez utilisé Vigil, et les détails que vous donnez peuvent permettre de vous identifier.",
		Anonymous:           "Faire ce signalement anonymement",
		Contact:             "Prise de contact",
		ContactHint:         "Uniquement pour les signalements faits sous votre nom.",
		ContactAllowed:      "L'équipe de sécurité peut me contacter à ce sujet",
		NotFiled:            "Désolé, un problème technique a empêché l'enregistrement de votre signalement : rien n'a été transmis. En cas d'urgence, contactez directement l'équipe de sécurité.",
		NeedsCorrecting:     "Certaines réponses sont à corriger, le signalement n'a donc pas été transmis :",
		AnswersKept:         "Vos réponses sont conservées pendant une heure : tapez %s pour rouvrir le formulaire avec elles.",
		NotOpened:           "Désolé, je n'ai pas pu ouvrir le formulaire de signalement à temps. Réessayez depuis le menu du message, ou tapez %s.",
		ReportWord:          "signaler",
	},
	langDE: {
		Title:               "Kontaktaufnahme melden",
		Submit:              "Meldung absenden",
		Close:               "Abbrechen",
		Intro:               "Schildern Sie dem Sicherheitsteam, was passiert ist. Nichts wird übermittelt, bevor Sie das Formular absenden. Wenn Sie in Gefahr sind, rufen Sie zuerst die 112 an.",
		Category:            "Welche Art von Kontaktaufnahme war es?",
		CategoryPlaceholder: "Kategorie wählen",
		Date:                "Wann ist es passiert?",
		Channel:             "Wie wurden Sie angesprochen?",
		ChannelPlaceholder:  "Bitte auswählen",
		Who:                 "Wer hat Sie angesprochen?",
		WhoHint:             "Name und Organisation, soweit Sie sie kennen.",
		Country:             "Welches Land gaben die Personen an zu vertreten, oder mit welchem Land scheinen sie verbunden?",
		Description:         "Was ist passiert?",
		DescriptionHint:     "In eigenen Worten: was gesagt oder angeboten wurde, worum man Sie gebeten hat, was Ihnen aufgefallen ist.",
		Accepted:            "Wurde etwas angenommen oder versprochen, auch informell?",
		AcceptedHint:        "Sagen Sie es besser jetzt: Es wird Ihnen nicht zur Last gelegt.",
		AcceptedDetail:      "Falls ja: was, und haben Sie es noch?",
		Evidence:            "Welche Beweise haben Sie aufbewahrt?",
		EvidenceHint:        "E-Mails, Nachrichten, Screenshots, Visitenkarten, das Geschenk selbst. Bewahren Sie die Originale auf; zählen Sie sie hier nur auf.",
		IdentityHint:        "Anonym: Ihr Name und Ihre %[1]s-Benutzerkennung werden nicht mit der Meldung gespeichert, und Sie erhalten einen Belegcode, die einzige Möglichkeit, die Meldung weiterzuverfolgen. %[1]s selbst sieht trotzdem, dass Sie Vigil genutzt haben, und Ihre Angaben können Sie erkennbar machen.",
		Anonymous:           "Diese Meldung anonym abgeben",
		Contact:             "Kontakt",
		ContactHint:         "Nur für Meldungen mit Ihrem Namen.",
		ContactAllowed:      "Das Sicherheitsteam darf mich dazu kontaktieren",
		NotFiled:            "Entschuldigung, Ihre Meldung konnte wegen eines technischen Problems nicht erfasst werden; es wurde nichts gespeichert. Wenn es dringend ist, wenden Sie sich direkt an das Sicherheitsteam.",
		NeedsCorrecting:     "Einige Antworten müssen korrigiert werden, daher wurde die Meldung nicht erfasst:",
		AnswersKept:         "Ihre Antworten bleiben eine Stunde lang erhalten: Schreiben Sie %s, um das Formular mit ihnen erneut zu öffnen.",
		NotOpened:           "Entschuldigung, ich konnte das Meldeformular nicht rechtzeitig öffnen. Versuchen Sie es erneut über das Menü der Nachricht, oder schreiben Sie %s.",
		ReportWord:          "melden",
	},
}
