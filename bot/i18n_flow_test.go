package bot_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/bot"
)

// turn is one message of a scripted conversation and what its reply must
// contain.
type turn struct {
	in   string
	want []string
}

// play sends each turn from u in a direct conversation and checks the
// replies; it returns the last one.
func (h *harness) play(u bot.User, turns []turn) string {
	h.t.Helper()
	var got string
	for i, tt := range turns {
		got = h.dm(u, tt.in)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				h.t.Fatalf("turn %d %q: reply does not contain %q:\n%s", i+1, tt.in, w, got)
			}
		}
	}
	return got
}

// langGuidance answers every question in the language its map gives for
// the question (English when absent).
type langGuidance map[string]string

func (g langGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	lang := g[q]
	if lang == "" {
		lang = "en"
	}
	return bot.Answer{Question: q, Lang: lang, Confident: true, Text: "guidance (" + lang + ") for: " + q}, nil
}
func (langGuidance) Topic(string, string) (bot.Answer, bool) { return bot.Answer{}, false }
func (langGuidance) TopicList(lang string, _ bool) string    { return "topics in " + lang }

func TestFrenchReportEndToEnd(t *testing.T) {
	h := newHarness(t)
	out := h.play(alice, []turn{
		{"signaler", []string{"Notons ce qui s'est passé", "`retour`", "De quel type d'approche", "1. Offre d'argent ou de travail rémunéré", "9. Autre"}},
		{"retour", []string{"C'est la première question", "De quel type d'approche"}},
		{"42", []string{"Répondez par un numéro de 1 à 9."}},
		{"passer", []string{"ne peut pas être passée"}},
		{"cadeau", []string{"Quand cela s'est-il passé"}},
		{"demain", []string{"je n'ai pas compris cette date"}},
		{"2030-01-01", []string{"Cette date est dans le futur"}},
		{"retour", []string{"De quel type d'approche"}},
		{"2", []string{"Quand cela s'est-il passé"}},
		{"mardi dernier", []string{"Comment vous a-t-on approché", "1. En personne", "6. Événement"}},
		{"8", []string{"Répondez par un numéro de 1 à 7."}},
		{"téléphone", []string{"Qui vous a approché"}},
		{"passer", []string{"Quel pays"}},
		{strings.Repeat("é", bot.MaxShortField+1), []string{"Restez sous 300 caractères", "en compte 301"}},
		{"Examplestan", []string{"Que s'est-il passé"}},
		{"passer", []string{"ne peut pas être passée"}},
		{strings.Repeat("x", bot.MaxLongField+1), []string{"ce message est trop long (4001 caractères)", "sous 4000 caractères"}},
		{"Un conseiller m'a offert une montre de luxe", []string{"Avez-vous accepté ou promis"}},
		{"peut-être plus tard", []string{"Répondez `non`, `oui` ou `pas sûr`."}},
		{"Pas sûr", []string{"Qu'avez-vous accepté ou promis"}},
		{"Je l'ai rangée dans un tiroir", []string{"Quelles preuves"}},
		{"la boîte et la carte", []string{"sous votre nom ou anonymement", "1. Sous mon nom", "2. Anonymement", "L'anonymat a des limites"}},
		{"3", []string{"Répondez `1` (sous mon nom) ou `2` (anonymement)."}},
		{"1", []string{"L'équipe de sécurité peut-elle vous contacter"}},
		{"peut-être", []string{"Répondez `oui` ou `non`."}},
		{"oui", []string{"Vérifiez votre signalement", "Catégorie : Cadeau ou hospitalité", "Date : mardi 17 novembre 2026",
			"Moyen : Téléphone", "Qui : (non précisé)", "Pays : Examplestan", "Ce qui s'est passé : Un conseiller",
			"Accepté ou promis : Pas sûr : Je l'ai rangée dans un tiroir", "Preuves : la boîte et la carte",
			"Identité : Sous mon nom, l'équipe de sécurité peut me contacter", "`envoyer`"}},
		{"n'importe quoi", []string{"Répondez `envoyer`, `modifier` ou `annuler`."}},
		{"modifier", []string{"Quelle réponse voulez-vous changer", "4. Qui", "9. Nom ou anonymat"}},
		{"10", []string{"Répondez par un numéro de 1 à 9, ou `retour`"}},
		{"qui", []string{"Qui vous a approché"}},
		{"M. X, ambassade d'Examplestan", []string{"Vérifiez votre signalement", "Qui : M. X, ambassade d'Examplestan"}},
		{"Modifier", []string{"Quelle réponse"}},
		{"2", []string{"Quand cela s'est-il passé"}},
		{"il y a 3 jours", []string{"Date : lundi 16 novembre 2026"}},
		{"aide", []string{"Vous êtes en train de faire un signalement", "Vérifiez votre signalement"}},
		{"envoyer", []string{"Merci. Votre signalement est enregistré sous la référence VGL-2026-0001", "`status VGL-2026-0001`"}},
	})
	if strings.Contains(out, "Thank you") {
		t.Fatalf("confirmation in English: %s", out)
	}
	c, err := h.store.CaseByRef(context.Background(), "VGL-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Report{Category: bot.CategoryGift, OccurredOn: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
		Channel: bot.ChannelPhone, Approacher: "M. X, ambassade d'Examplestan", ApproacherCountry: "Examplestan",
		Description: "Un conseiller m'a offert une montre de luxe", Accepted: bot.AcceptedUnsure,
		AcceptedDetail: "Je l'ai rangée dans un tiroir", Evidence: "la boîte et la carte", ContactAllowed: true}
	if c.Report != want || c.Reporter != alice {
		t.Fatalf("stored case = %+v\nwant report %+v", c, want)
	}
	// The security team reads English with canonical codes.
	notice := h.securityNotice()
	mustContain(t, notice, "New report VGL-2026-0001", "Category: Gift or hospitality")
	team := bot.User{Platform: "test", ID: "SEC1"}
	mustContain(t, h.dm(team, "case VGL-2026-0001"), "Category: Gift or hospitality", "How: Phone", "Accepted or promised: Not sure")
}

func TestGermanAnonymousReportEndToEnd(t *testing.T) {
	h := newHarness(t)
	out := h.play(alice, []turn{
		{"Melden", []string{"Halten wir fest", "`zurück`", "Welche Art von Kontaktaufnahme", "1. Angebot von Geld oder bezahlter Arbeit"}},
		{"hilfe", []string{"Sie erstellen gerade eine Meldung", "Welche Art"}},
		{"1", []string{"Wann ist es passiert"}},
		{"morgen", []string{"dieses Datum habe ich nicht verstanden"}},
		{"zurück", []string{"Welche Art von Kontaktaufnahme"}},
		{"Druck", []string{"Wann ist es passiert"}},
		{"letzten Dienstag", []string{"Wie wurden Sie angesprochen", "1. Persönlich", "4. Messenger-App"}},
		{"4", []string{"Wer hat Sie angesprochen"}},
		{strings.Repeat("ü", bot.MaxShortField+1), []string{"Bitte bleiben Sie unter 300 Zeichen (Ihre Antwort hat 301)"}},
		{"Unbekannter Anrufer", []string{"Welches Land"}},
		{"überspringen", []string{"Was ist passiert"}},
		{"ueberspringen", []string{"kann nicht übersprungen werden"}},
		{strings.Repeat("x", bot.MaxLongField+1), []string{"diese Nachricht ist zu lang (4001 Zeichen)", "unter 4000 Zeichen"}},
		{"Man drohte, private Fotos zu veröffentlichen", []string{"Wurde etwas angenommen oder versprochen"}},
		{"vielleicht später", []string{"Bitte antworten Sie `nein`, `ja` oder `weiß nicht`."}},
		{"nein", []string{"Welche Beweise"}},
		{"Screenshots der Nachrichten", []string{"mit Ihrem Namen oder anonym", "2. Anonym", "Anonymität hat Grenzen"}},
		{"2", []string{"Bitte prüfen Sie Ihre Meldung", "Kategorie: Druck, Drohung oder Erpressung",
			"Wann: Dienstag, 17. November 2026", "Wie: Messenger-App", "Wer: Unbekannter Anrufer", "Land: (keine Angabe)",
			"Angenommen oder versprochen: Nein\n", "Beweise: Screenshots der Nachrichten", "Identität: Anonym", "`absenden`"}},
		{"bearbeiten", []string{"Welche Antwort möchten Sie ändern", "3. Wie"}},
		{"zurück", []string{"Bitte prüfen Sie Ihre Meldung"}},
		{"ändern", []string{"Welche Antwort"}},
		{"3", []string{"Wie wurden Sie angesprochen"}},
		{"telefon", []string{"Bitte prüfen Sie Ihre Meldung", "Wie: Telefon"}},
		{"bearbeiten", []string{"Welche Antwort"}},
		{"wann", []string{"Wann ist es passiert"}},
		{"vor 3 Tagen", []string{"Wann: Montag, 16. November 2026"}},
		{"weiter", []string{"Bitte antworten Sie `absenden`, `bearbeiten` oder `abbrechen`."}},
		{"Absenden", []string{"Danke. Ihre Meldung ist unter VGL-2026-0001 erfasst", "Ihr anonymer Belegcode lautet", "kann nicht wiederhergestellt werden"}},
	})
	receipt := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(out)
	if receipt == "" || !strings.Contains(out, "`status "+receipt+"`") {
		t.Fatalf("no receipt with its use in %q", out)
	}
	c, err := h.store.CaseByRef(context.Background(), "VGL-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Report{Category: bot.CategoryPressure, OccurredOn: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC),
		Channel: bot.ChannelPhone, Approacher: "Unbekannter Anrufer", Description: "Man drohte, private Fotos zu veröffentlichen",
		Accepted: bot.AcceptedNo, Evidence: "Screenshots der Nachrichten", Anonymous: true}
	if c.Report != want || c.Reporter != (bot.User{}) {
		t.Fatalf("stored case = %+v\nwant report %+v", c, want)
	}
	mustContain(t, h.dm(bot.User{Platform: "test", ID: "U9"}, "status "+receipt), "VGL-2026-0001", "Category: Pressure")
}

func TestReportLanguageFollowsTheLatestGuidanceAnswer(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Guidance: langGuidance{
		"on m'a offert de l'argent": "fr", "jemand bedroht mich": "de", "can I keep a gift?": "en",
	}})
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	h.play(alice, []turn{
		{"report", []string{"What kind of approach"}},
		{"cancel", []string{"Report cancelled"}},
		{"on m'a offert de l'argent", []string{"guidance (fr)"}},
		{"report", []string{"De quel type d'approche", "`annuler`"}},
		{"annuler", []string{"Signalement annulé. Rien n'a été transmis."}},
		{"report", []string{"De quel type d'approche"}}, // still French: the latest answer was French
		{"cancel", []string{"Signalement annulé"}},
	})
	// The language is remembered per user.
	h.play(bob, []turn{{"report", []string{"What kind of approach"}}, {"cancel", []string{"Report cancelled"}}})
	h.play(alice, []turn{
		{"melden", []string{"Welche Art von Kontaktaufnahme"}}, // a localized word wins
		{"abbrechen", []string{"Meldung abgebrochen"}},
		{"jemand bedroht mich", []string{"guidance (de)"}},
		{"REPORT", []string{"Welche Art von Kontaktaufnahme"}},
		{"cancel", []string{"Meldung abgebrochen"}},
		{"can I keep a gift?", []string{"guidance (en)"}},
		{"report", []string{"What kind of approach"}},
		{"cancel", []string{"Report cancelled"}},
		// Followed by more text, a localized word opens a question.
		{"Meldung an wen?", []string{"guidance (en) for: Meldung an wen?"}},
		{"signaler", []string{"De quel type d'approche"}},
	})
}

func TestControlWordsInEveryLanguage(t *testing.T) {
	prompts := map[string]struct{ category, date, who, country, help, cancelled, edit, noGuidance string }{
		"report":   {"What kind of approach", "When did it happen", "Who approached", "Which country", "You are filing a report", "Report cancelled", "Which answer", "Guidance is not loaded"},
		"signaler": {"De quel type d'approche", "Quand cela s'est-il passé", "Qui vous a approché", "Quel pays", "Vous êtes en train", "Signalement annulé", "Quelle réponse", "Les conseils ne sont pas encore chargés"},
		"melden":   {"Welche Art von Kontaktaufnahme", "Wann ist es passiert", "Wer hat Sie angesprochen", "Welches Land", "Sie erstellen gerade", "Meldung abgebrochen", "Welche Antwort", "Die Hinweise sind noch nicht geladen"},
	}
	h := newHarness(t)
	users := 0
	as := func(turns ...turn) string { // a fresh user plays the turns
		users++
		return h.play(bot.User{Platform: "test", ID: fmt.Sprintf("W%d", users)}, turns)
	}
	for start, p := range prompts {
		for _, w := range []string{"back", "retour", "Zurück", "zuruck", "zurueck"} {
			as(turn{start, []string{p.category}}, turn{"1", []string{p.date}}, turn{w, []string{p.category}})
		}
		for _, w := range []string{"skip", "passer", "überspringen", "Ueberspringen"} {
			as(turn{start, nil}, turn{"1", nil}, turn{"today", nil}, turn{"1", []string{p.who}}, turn{w, []string{p.country}})
		}
		for _, w := range []string{"cancel", "annuler", "abbrechen", "Abbrechen!"} {
			// After the report, replies stay in its language.
			as(turn{start, nil}, turn{w, []string{p.cancelled}}, turn{"1", []string{p.noGuidance}})
		}
		for _, w := range []string{"help", "aide", "Hilfe"} {
			as(turn{start, nil}, turn{w, []string{p.help, p.category}})
		}
		toSummary := []turn{{start, nil}, {"1", nil}, {"hier", nil}, {"2", nil}, {"skip", nil}, {"skip", nil},
			{"something happened", nil}, {"non", nil}, {"passer", nil}, {"1", nil}, {"ja", nil}}
		for _, w := range []string{"edit", "modifier", "bearbeiten", "ändern", "aendern", "change"} {
			as(append(toSummary, turn{w, []string{p.edit}})...)
		}
		for _, w := range []string{"submit", "envoyer", "soumettre", "absenden", "yes", "oui", "ja"} {
			out := as(append(toSummary, turn{w, []string{"VGL-2026-"}})...)
			c, err := h.store.CaseByRef(context.Background(), refRE.FindString(out))
			if err != nil || c.Report.Category != bot.CategoryPayment || c.Report.Channel != bot.ChannelEmail ||
				c.Report.Accepted != bot.AcceptedNo || !c.Report.ContactAllowed || !c.Report.OccurredOn.Equal(time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("%s/%s: stored case %+v, %v", start, w, c.Report, err)
			}
		}
	}
}

func TestLocalizedNotesAroundTheFlow(t *testing.T) {
	t.Run("expiry", func(t *testing.T) {
		h := newHarness(t)
		bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
		h.play(alice, []turn{{"signaler", nil}, {"1", nil}})
		h.play(bob, []turn{{"melden", nil}})
		h.clock.Add(31 * time.Minute)
		if n, err := h.bot.ExpireSessions(context.Background()); err != nil || n != 2 {
			t.Fatalf("expired %d, %v", n, err)
		}
		notes := map[string]string{}
		for _, s := range h.rec.All() {
			notes[s.To.ConversationID] = s.Reply.Text
		}
		mustContain(t, notes["D-U1"], "Votre signalement inachevé a été supprimé après 30 minutes", "`signaler`")
		mustContain(t, notes["D-U2"], "Ihre unvollständige Meldung wurde nach 30 Minuten", "`melden`")
		// Found expired on the next message.
		h.play(bob, []turn{{"melden", nil}})
		h.clock.Add(31 * time.Minute)
		mustContain(t, h.dm(bob, "1"), "nach 30 Minuten ohne Antwort verworfen")
	})
	t.Run("from a group", func(t *testing.T) {
		h := newHarness(t)
		group := func(text string) []bot.Outgoing {
			return h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C1", Sender: alice, Text: text})
		}
		out := group("melden")
		if len(out) != 2 || !strings.Contains(out[0].Reply.Text, "Direktnachricht") || !strings.Contains(out[1].Reply.Text, "Welche Art") {
			t.Fatalf("replies = %+v", out)
		}
		mustContain(t, joinReplies(group("cancel")), "Meldung abgebrochen")
	})
	t.Run("rate limits", func(t *testing.T) {
		h := newHarness(t)
		h.rebuild(bot.Options{Limits: bot.RateLimits{ReportsPerHour: 1}})
		h.play(alice, []turn{{"signaler", nil}, {"1", nil}, {"hier", nil}, {"2", nil}, {"passer", nil}, {"passer", nil},
			{"quelque chose", nil}, {"non", nil}, {"passer", nil}, {"1", nil}, {"non", nil}, {"envoyer", []string{"VGL-2026-0001"}}})
		mustContain(t, h.dm(alice, "signaler"), "plusieurs signalements au cours de la dernière heure")
		mustContain(t, h.dm(alice, "melden"), "mehrere Meldungen abgegeben")

		h = newHarness(t)
		h.rebuild(bot.Options{Limits: bot.RateLimits{MessagesPerMinute: 2}})
		h.play(alice, []turn{{"melden", nil}, {"1", nil}, {"gestern", []string{"Sie senden Nachrichten schneller"}}})
	})
	t.Run("stored session without a language", func(t *testing.T) {
		h := newHarness(t)
		s := bot.Session{Key: alice.Key(), User: alice, Address: bot.DirectTo(alice.ID), Step: bot.StepDate,
			History: []bot.Step{bot.StepCategory}, Draft: bot.Report{Category: bot.CategoryGift}, UpdatedAt: h.clock.Now()}
		if err := h.store.SaveSession(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		h.play(alice, []turn{{"hier", []string{"How were you approached"}}, {"retour", []string{"When did it happen"}}})
	})
}

// TestEveryReplyFollowsTheUsersLanguage checks help, status, add, the
// team's replies and the notices: each reader gets their own language, and
// the security desk the configured team language.
func TestEveryReplyFollowsTheUsersLanguage(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{TeamLanguage: "de", Guidance: langGuidance{"puis-je garder un cadeau ?": "fr", "was tun?": "de"}})
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	h.dm(alice, "puis-je garder un cadeau ?")
	mustContain(t, h.dm(alice, "help"), "Commandes :", "`signaler`", "`status <référence ou code de reçu>`", "appelez d'abord la police")
	mustContain(t, h.dm(bob, "help"), "Commands:", "`status <reference or receipt code>`")
	mustContain(t, h.dm(alice, "/frobnicate"), "Je ne connais pas la commande")
	mustContain(t, h.dm(alice, "cases"), "réservée à l'équipe de sécurité")

	out := h.play(alice, []turn{{"signaler", nil}, {"1", nil}, {"hier", nil}, {"2", nil}, {"passer", nil}, {"passer", nil},
		{"On m'a offert de l'argent", nil}, {"non", nil}, {"passer", nil}, {"1", nil}, {"oui", nil}, {"envoyer", []string{"VGL-2026-0001"}}})
	ref := refRE.FindString(out)
	notice := h.securityNotice()
	mustContain(t, notice, "Neue Meldung "+ref, "Angebot von Geld", "Schreiben Sie `case "+ref+"`")
	mustContain(t, h.dm(alice, "status "+ref), "Signalement "+ref, "Statut : nouveau", "`add "+ref+" <texte>`")
	mustContain(t, h.dm(alice, "status"), "Utilisation : `status")
	mustContain(t, h.dm(alice, "add "+ref+" Il a rappelé"), "vos informations ont été ajoutées à "+ref)
	mustContain(t, h.rec.All()[len(h.rec.All())-1].Reply.Text, "Die meldende Person hat "+ref+" Informationen hinzugefügt")

	// A team member who wrote in German reads the case work in German;
	// the reporter reads the team's reply in French.
	h.dm(sec, "was tun?")
	mustContain(t, h.dm(sec, "cases"), "neuesten passenden Fälle", ref)
	mustContain(t, h.dm(sec, "case "+ref), "Fall "+ref, "Verlauf:", "Kategorie: Angebot von Geld", "erfasst von Alice")
	mustContain(t, h.dm(sec, "note"), "Verwendung: `note <Referenz> <Text>`, zum Beispiel `note VGL-2026-0042 <Text>`")
	mustContain(t, h.dm(sec, "reply "+ref+" Merci, nous vous rappelons."), "der meldenden Person per Direktnachricht")
	mustContain(t, h.rec.All()[len(h.rec.All())-1].Reply.Text, "L'équipe de sécurité a répondu au sujet de votre signalement "+ref)
	mustContain(t, h.dm(alice, "status "+ref), "L'équipe de sécurité a écrit le 19 novembre 2026")
	mustContain(t, h.dm(sec, "stats"), "Nach Kategorie:", "Angebot von Geld oder bezahlter Arbeit: 1")
}
