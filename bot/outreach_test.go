package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/awareness"
	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
	"vigil/storage"
)

// chatPlatform is an adapter with what advisories need: it finds channels
// (the bot is a member of those marked so), posts with a delivery key and
// finds an earlier post by its key on a retry (as the Slack adapter does
// with message metadata), and retracts messages. It records every message
// it posts. It is safe for concurrent use.
type chatPlatform struct {
	*testkit.Recorder

	mu        sync.Mutex
	channels  map[string]bot.Conversation // by what is typed
	posted    map[string]bot.Posted       // by delivery key
	retracted []bot.Posted
	failAfter int // posts that succeed before the platform goes down; <0 never
	seq       int
}

var (
	_ bot.Poster             = (*chatPlatform)(nil)
	_ bot.Retractor          = (*chatPlatform)(nil)
	_ bot.ConversationFinder = (*chatPlatform)(nil)
)

func newChatPlatform() *chatPlatform {
	return &chatPlatform{Recorder: &testkit.Recorder{Name: "test", Security: true}, failAfter: -1,
		posted: map[string]bot.Posted{}, channels: map[string]bot.Conversation{
			"#general": {ID: "CGENERAL", Name: "#general", Member: true},
			"#random":  {ID: "CRANDOM", Name: "#random", Member: false},
		}}
}

func (p *chatPlatform) FindConversation(_ context.Context, ref string) (bot.Conversation, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.channels[ref]
	if !ok {
		return bot.Conversation{}, bot.ErrNoConversation
	}
	return c, nil
}

func (p *chatPlatform) Post(ctx context.Context, to bot.Address, r bot.Reply, key string, retry bool) (bot.Posted, error) {
	p.mu.Lock()
	if m, ok := p.posted[key]; ok && retry {
		p.mu.Unlock()
		return m, nil
	}
	if p.failAfter == 0 {
		p.mu.Unlock()
		return bot.Posted{}, errors.New("platform unreachable")
	}
	if p.failAfter > 0 {
		p.failAfter--
	}
	p.seq++
	conv := to.ConversationID
	if conv == "" {
		conv = "D-" + to.UserID
	}
	m := bot.Posted{ConversationID: conv, MessageID: fmt.Sprintf("m%d", p.seq)}
	p.posted[key] = m
	p.mu.Unlock()
	return m, p.Recorder.Send(ctx, to, r)
}

func (p *chatPlatform) Retract(_ context.Context, m bot.Posted, _ bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.retracted = append(p.retracted, m)
	return nil
}

// setFailAfter makes the platform fail after n more posts (n < 0: never).
func (p *chatPlatform) setFailAfter(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failAfter = n
}

// to returns the texts posted to a conversation.
func (p *chatPlatform) to(conv string) []string {
	var out []string
	for _, s := range p.All() {
		if s.To.ConversationID == conv {
			out = append(out, s.Reply.Text)
		}
	}
	return out
}

// outreachHarness is a bot with advisories and scenarios on a real SQLite
// database in dir.
type outreachHarness struct {
	t     *testing.T
	dir   string
	db    *storage.DB
	bot   *bot.Bot
	clock *testkit.Clock
	chat  *chatPlatform
	set   *awareness.Set
}

func newOutreachHarness(t *testing.T) *outreachHarness {
	t.Helper()
	set, err := awareness.Load("")
	if err != nil {
		t.Fatal(err)
	}
	h := &outreachHarness{t: t, dir: t.TempDir(), chat: newChatPlatform(), set: set.WithSource(rand.NewPCG(1, 2)),
		clock: testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))}
	h.db = dbtest.Open(t, h.dir)
	h.restart(nil)
	return h
}

// restart replaces the bot by a new one on the same database (reopened),
// as after a crash; wrap, when set, wraps its outreach store.
func (h *outreachHarness) restart(wrap func(bot.OutreachStore) bot.OutreachStore) {
	var store bot.OutreachStore = h.db.Outreach()
	if wrap != nil {
		store = wrap(store)
	}
	h.bot = bot.New(bot.Options{Store: h.db, Outreach: store, Scenarios: h.set, Now: h.clock.Now, SessionIdle: 30 * time.Minute,
		Roles: bot.StaticRoles{Users: map[string]bool{sec.Key(): true}}})
	h.bot.Register(h.chat)
}

// reopen closes the database and opens it again, as a new process does.
func (h *outreachHarness) reopen() {
	h.db.Close()
	h.db = dbtest.Open(h.t, h.dir)
	h.restart(nil)
}

func (h *outreachHarness) dm(u bot.User, text string) string {
	h.t.Helper()
	return joinReplies(h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "D-" + u.ID,
		Sender: u, Direct: true, Text: text}))
}

// deliver runs delivery passes until nothing is due.
func (h *outreachHarness) deliver() {
	h.t.Helper()
	for range 100 {
		n, err := h.bot.DeliverAdvisories(context.Background())
		if err != nil {
			h.t.Fatalf("DeliverAdvisories: %v", err)
		}
		if n == 0 {
			return
		}
	}
	h.t.Fatal("delivery does not end")
}

// audited returns the audit entries with the action.
func (h *outreachHarness) audited(action string) []bot.AuditEntry {
	var out []bot.AuditEntry
	err := h.db.EachAudit(context.Background(), func(e bot.AuditEntry) error {
		if e.Action == action {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// compose writes and sends an advisory as sec and returns the reply to
// `send`.
func (h *outreachHarness) compose(title string, texts []string, targets string) string {
	h.t.Helper()
	mustContain(h.t, h.dm(sec, "advisory new"), "title")
	mustContain(h.t, h.dm(sec, title), "`en <text>`")
	for _, text := range texts {
		mustContain(h.t, h.dm(sec, text), "saved")
	}
	mustContain(h.t, h.dm(sec, "done"), "Who should receive it?")
	mustContain(h.t, h.dm(sec, targets), "exactly what will be sent")
	return h.dm(sec, "send")
}

func staffer(i int) bot.User { return bot.User{Platform: "test", ID: fmt.Sprintf("S%03d", i)} }

func TestSubscribeAndUnsubscribe(t *testing.T) {
	h := newOutreachHarness(t)
	mustContain(t, joinReplies(h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "CGENERAL",
		Sender: alice, Text: "subscribe"})), "direct message")
	mustContain(t, h.dm(alice, "subscribe"), "You are subscribed", "in English")
	mustContain(t, h.dm(alice, "subscribe"), "already subscribed")
	mustContain(t, h.dm(alice, "s'abonner"), "déjà abonné", "en français")
	mustContain(t, h.dm(alice, "désabonner"), "désabonné")
	mustContain(t, h.dm(alice, "unsubscribe"), "n'êtes pas abonné")
	mustContain(t, h.dm(alice, "abonnieren"), "angemeldet", "auf Deutsch")
	mustContain(t, h.dm(alice, "abbestellen"), "abgemeldet")
	mustContain(t, h.dm(alice, "abonner"), "Vous êtes abonné")
	if n, err := h.db.Outreach().Subscribers(context.Background()); n != 1 || err != nil {
		t.Fatalf("subscribers = %d, %v", n, err)
	}
	if got := len(h.audited("subscribe")) + len(h.audited("unsubscribe")); got != 7 {
		t.Fatalf("audited %d subscription changes, want 7", got)
	}
}

func TestAdvisoryReachesEverySubscriberInTheirLanguage(t *testing.T) {
	h := newOutreachHarness(t)
	alice, bob, carl := staffer(1), staffer(2), staffer(3)
	h.dm(alice, "subscribe")
	h.dm(bob, "abonner")
	h.dm(carl, "abonnieren")
	mustContain(t, h.dm(sec, "target add #general"), "Added #general")

	mustContain(t, h.dm(sec, "advisory new"), "title")
	h.dm(sec, "Fake think tank inviting assistants to Baku")
	mustContain(t, h.dm(sec, "fr Un faux think tank invite des assistants à Bakou ce mois-ci."), "Text in French saved (written so far: fr)")
	mustContain(t, h.dm(sec, "en A fake think tank is inviting assistants to Baku this month."), "fr, en")
	mustContain(t, h.dm(sec, "done"), "1. every subscriber (3)", "2. #general")
	preview := h.dm(sec, "1 2")
	mustContain(t, preview, "Subscribers in English", "> Security advisory #1 from the security team: Fake think tank",
		"> A fake think tank", "Subscribers in French", "> Alerte de sécurité n° 1", "> Un faux think tank",
		"Subscribers in German (of 3 subscribers in all) (no text in their language: they get the French one)", "In #general")
	if len(h.chat.All()) != 0 {
		t.Fatal("the preview sent something")
	}
	mustContain(t, h.dm(sec, "send"), "Advisory #1 is on its way to 4 recipients")
	h.deliver()

	for conv, want := range map[string]string{"D-S001": "A fake think tank", "D-S002": "Un faux think tank", "D-S003": "Un faux think tank"} {
		got := h.chat.to(conv)
		if len(got) != 1 || !strings.Contains(got[0], want) {
			t.Fatalf("%s received %q, want one message with %q", conv, got, want)
		}
	}
	channel := h.chat.to("CGENERAL")
	if len(channel) != 1 || !strings.Contains(channel[0], "A fake think tank") || !strings.Contains(channel[0], "Un faux think tank") {
		t.Fatalf("#general received %q, want both languages once", channel)
	}
	mustContain(t, h.dm(sec, "advisories"), "#1", "reached 4 of 4 · 0 pending · 0 failed")
	mustContain(t, h.dm(alice, "advisories"), "#1", "Fake think tank")
	mustContain(t, h.dm(alice, "advisories 1"), "A fake think tank is inviting")
	if len(h.audited("advisory send")) != 1 || len(h.audited("advisory new")) != 1 {
		t.Fatal("composition and sending not audited")
	}
}

func TestAdvisoryDraftSurvivesARestartAndCanBeCancelled(t *testing.T) {
	h := newOutreachHarness(t)
	h.dm(sec, "advisory new")
	h.dm(sec, "Expect DDoS after Thursday's vote")
	h.reopen()
	mustContain(t, h.dm(sec, "de Nach der Abstimmung am Donnerstag ist mit DDoS zu rechnen."), "Text in German saved")
	mustContain(t, h.dm(sec, "back"), "title")
	mustContain(t, h.dm(sec, "cancel"), "Advisory discarded")
	mustContain(t, h.dm(sec, "hello"), "Guidance is not loaded") // no draft any more: an ordinary question
	mustContain(t, h.dm(alice, "advisory new"), "reserved for the security team")
	if refused := h.audited("advisory"); len(refused) != 1 || refused[0].Outcome != "refused" {
		t.Fatalf("refused attempt audited as %+v", refused)
	}
}

func TestAdvisoryReachesEverySubscriberOnceThroughAnOutageAndACrash(t *testing.T) {
	h := newOutreachHarness(t)
	const n = 120
	for i := range n {
		h.dm(staffer(i), "subscribe")
	}
	mustContain(t, h.compose("Phishing wave", []string{"en Do not open the 'invitation.pdf' attachments."}, "1"), "to 120 recipients")

	// An outage: the platform goes down after 40 messages.
	h.chat.setFailAfter(40)
	if _, err := h.bot.DeliverAdvisories(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.dm(sec, "advisories"), "reached 40 of 120 · 80 pending")

	// Back up, and a crash: everything is posted but nothing recorded.
	h.chat.setFailAfter(-1)
	h.clock.Add(time.Minute)
	h.restart(func(s bot.OutreachStore) bot.OutreachStore { return crashBeforeSettling{s} })
	if _, err := h.bot.DeliverAdvisories(context.Background()); err == nil {
		t.Fatal("the crash did not happen")
	}

	// A new process once the claims' lease ran out: it finds the posts.
	h.clock.Add(6 * time.Minute)
	h.reopen()
	h.deliver()
	for i := range n {
		if got := h.chat.to("D-" + staffer(i).ID); len(got) != 1 {
			t.Fatalf("%s received %d messages", staffer(i).ID, len(got))
		}
	}
	mustContain(t, h.dm(sec, "advisories"), "reached 120 of 120 · 0 pending · 0 failed")
}

// crashBeforeSettling is an outreach store that loses every outcome, as a
// process killed after posting and before recording does.
type crashBeforeSettling struct{ bot.OutreachStore }

func (crashBeforeSettling) SettleDeliveries(context.Context, []bot.DeliveryResult, time.Time, func(int64, bot.Recipient) bot.OutboxItem) error {
	return errors.New("killed")
}

func TestAdvisoryNotDeliveredInAWeekCountsAsFailed(t *testing.T) {
	h := newOutreachHarness(t)
	h.dm(alice, "subscribe")
	h.compose("Expect DDoS", []string{"en Expect DDoS after the vote."}, "1")
	h.chat.setFailAfter(0)
	h.deliver()
	h.clock.Add(8 * 24 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.bot.RunMaintenance(ctx, time.Hour); close(done) }()
	waitFor(t, func() bool {
		return strings.Contains(h.dm(sec, "advisories"), "reached 0 of 1 · 0 pending · 1 failed")
	})
	cancel()
	<-done
}

func TestWithdrawDeletesDeliveredMessagesAndDropsTheRest(t *testing.T) {
	h := newOutreachHarness(t)
	for i := range 3 {
		h.dm(staffer(i), "subscribe")
	}
	h.dm(sec, "target add #general")
	h.compose("Wrong alert", []string{"en This was sent by mistake."}, "1 2")
	h.chat.setFailAfter(2)
	h.deliver()
	mustContain(t, h.dm(sec, "withdraw 1"), "2 delivered messages are being deleted", "2 not yet delivered will not be sent")
	h.chat.setFailAfter(-1)
	h.clock.Add(time.Hour)
	h.deliver()
	if got := len(h.chat.retracted); got != 2 {
		t.Fatalf("retracted %d messages, want 2", got)
	}
	if got := len(h.chat.All()); got != 2 {
		t.Fatalf("%d messages posted, want only the 2 delivered before the withdrawal", got)
	}
	mustContain(t, h.dm(sec, "advisories"), "withdrawn on")
	mustContain(t, h.dm(staffer(0), "advisories"), "No advisories")
	mustContain(t, h.dm(sec, "withdraw 1"), "There is no advisory #1")
	if w := h.audited("withdraw"); len(w) != 2 || w[0].Outcome != "ok" || w[1].Outcome != "not found" {
		t.Fatalf("withdrawals audited as %+v", w)
	}
}

func TestTargetsOnlyWhereTheBotWasInvited(t *testing.T) {
	h := newOutreachHarness(t)
	mustContain(t, h.dm(sec, "target add #random"), "I am not a member of #random")
	mustContain(t, h.dm(sec, "target add #nowhere"), "cannot see a channel or room #nowhere")
	mustContain(t, h.dm(sec, "target add #general fr"), "Added #general (test, fr)")
	mustContain(t, h.dm(sec, "target add #general"), "already a target")
	mustContain(t, h.dm(sec, "targets"), "#general (test, fr)")
	mustContain(t, h.dm(alice, "target add #general"), "reserved for the security team")
	mustContain(t, h.dm(sec, "target remove #general"), "Removed #general")
	mustContain(t, h.dm(sec, "targets"), "No channels or rooms")
	if got := h.audited("target add"); len(got) != 3 || got[0].Outcome != "refused" || got[0].Target != "test CRANDOM" || got[2].Outcome != "ok" {
		t.Fatalf("target additions audited as %+v", got)
	}
	if got := h.audited("target"); len(got) != 1 || got[0].Outcome != "refused" || got[0].Actor.Key() != alice.Key() {
		t.Fatalf("the non-member's attempt audited as %+v", got)
	}
}

// rightAnswer returns the right choice of the scenario whose text was
// given, and a wrong one.
func rightAnswer(t *testing.T, set *awareness.Set, text, lang string) (right, wrong int) {
	t.Helper()
	for _, topic := range set.Topics() {
		for _, sc := range set.List(topic, lang) {
			if strings.Contains(text, sc.Situation) {
				return sc.Right, sc.Right%len(sc.Choices) + 1
			}
		}
	}
	t.Fatalf("no scenario in %q", text)
	return 0, 0
}

func TestScenarioFlowAndProgress(t *testing.T) {
	h := newOutreachHarness(t)
	out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "D-U1", Sender: alice, Direct: true, Text: "scenario"})
	if len(out) != 1 || len(out[0].Reply.Choices) < 3 || out[0].Reply.Choices[0].Reply != "1" {
		t.Fatalf("scenario reply = %+v, want numbered choices as buttons", out)
	}
	first := out[0].Reply.Text
	mustContain(t, first, "Practice scenario:", "Reply with the number")
	right, wrong := rightAnswer(t, h.set, first, "en")
	mustContain(t, h.dm(alice, "9"), "Please reply with a number from 1 to")
	mustContain(t, h.dm(alice, fmt.Sprint(wrong)), "Not quite", "Guidance: `ask ", "practised 1 of 23 topics", "0 of 1 scenarios right first time")
	mustContain(t, h.dm(alice, fmt.Sprint(right)), "Guidance is not loaded") // answered: a number is no longer an answer

	second := h.dm(alice, "practice")
	r2, _ := rightAnswer(t, h.set, second, "en")
	mustContain(t, h.dm(alice, fmt.Sprint(r2)), "Right.", "practised 2 of 23 topics", "1 of 2 scenarios right first time")

	fr := h.dm(alice, "exercice")
	mustContain(t, fr, "Exercice :", "Répondez par le numéro")
	r3, _ := rightAnswer(t, h.set, fr, "fr")
	mustContain(t, h.dm(alice, fmt.Sprint(r3)), "Bonne réponse", "Pour en savoir plus")
	mustContain(t, h.dm(alice, "Übung"), "Übung:", "Antworten Sie mit der Nummer")

	// Every topic before any twice: 23 scenarios in a row cover 23 topics.
	done, _, _, err := h.db.Outreach().ScenarioProgress(context.Background(), alice)
	if err != nil {
		t.Fatal(err)
	}
	topics := map[string]bool{}
	for _, topic := range h.set.Topics() {
		if done[topic] {
			topics[topic] = true
		}
	}
	for len(topics) < len(h.set.Topics()) {
		text := h.dm(alice, "scenario")
		for _, topic := range h.set.Topics() {
			for _, sc := range h.set.List(topic, "en") {
				if strings.Contains(text, sc.Situation) {
					if topics[topic] {
						t.Fatalf("topic %s given again while others were not done", topic)
					}
					topics[topic] = true
					h.dm(alice, fmt.Sprint(sc.Right))
				}
			}
		}
	}
}

func TestScenarioOfTheWeekOnceAcrossRestarts(t *testing.T) {
	h := newOutreachHarness(t)
	h.dm(alice, "subscribe")
	h.dm(staffer(2), "abonner")
	when := bot.ScenarioSchedule{Enabled: true, Weekday: time.Thursday, Hour: 9, Location: time.UTC}
	restart := func() {
		h.bot = bot.New(bot.Options{Store: h.db, Outreach: h.db.Outreach(), Scenarios: h.set, Now: h.clock.Now, ScenarioOfTheWeek: when})
		h.bot.Register(h.chat)
	}
	restart()
	for _, want := range []string{"2026-W47", ""} {
		if week, err := h.bot.QueueScenarioOfTheWeek(context.Background()); week != want || err != nil {
			t.Fatalf("QueueScenarioOfTheWeek = %q, %v; want %q", week, err, want)
		}
		restart()
	}
	h.deliver()
	got := map[string]bot.Reply{}
	for _, s := range h.chat.All() {
		got[s.To.ConversationID] = s.Reply
	}
	en, fr := got["D-U1"], got["D-S002"]
	if len(got) != 2 || !strings.Contains(en.Text, "Scenario of the week:") || len(en.Choices) < 3 ||
		!strings.Contains(fr.Text, "Exercice de la semaine :") {
		t.Fatalf("sent %+v", got)
	}
	right, _ := rightAnswer(t, h.set, en.Text, "en")
	mustContain(t, h.dm(alice, fmt.Sprint(right)), "Right.")
	h.clock.Add(7 * 24 * time.Hour)
	if week, err := h.bot.QueueScenarioOfTheWeek(context.Background()); week != "2026-W48" || err != nil {
		t.Fatalf("next week: %q, %v", week, err)
	}
}

func TestNoChatIdentityInTheDatabase(t *testing.T) {
	h := newOutreachHarness(t)
	staff := bot.User{Platform: "test", ID: "U7Q3SECRETSTAFF", Name: "Secret Staffer"}
	team := bot.User{Platform: "test", ID: "U9TEAMSECRET", Name: "Team Secret"}
	h.bot = bot.New(bot.Options{Store: h.db, Outreach: h.db.Outreach(), Scenarios: h.set, Now: h.clock.Now,
		Roles: bot.StaticRoles{Users: map[string]bool{team.Key(): true}}})
	h.bot.Register(h.chat)
	h.dm(staff, "subscribe")
	h.dm(staff, "scenario")
	h.dm(staff, "1")
	h.dm(team, "target add #general")
	h.dm(team, "advisory new")
	h.dm(team, "Title")
	h.dm(team, "en Text")
	h.dm(team, "done")
	h.dm(team, "1 2")
	h.dm(team, "send")
	h.deliver()
	h.dm(team, "withdraw 1")
	h.deliver()
	h.db.Close()
	for _, name := range []string{"vigil.db", "vigil.db-wal"} {
		data, err := os.ReadFile(filepath.Join(h.dir, name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		for _, secret := range []string{staff.ID, staff.Name, team.ID, team.Name} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q in clear", name, secret)
			}
		}
	}
}

func TestPracticeStatsOnlyFromFivePeople(t *testing.T) {
	h := newOutreachHarness(t)
	answer := func(u bot.User, right bool) {
		text := h.dm(u, "scenario")
		r, w := rightAnswer(t, h.set, text, "en")
		if !right {
			r = w
		}
		h.dm(u, fmt.Sprint(r))
	}
	for i := range 4 {
		answer(staffer(i), true)
	}
	mustContain(t, h.dm(sec, "scenarios"), "Fewer than 5 people answered")
	answer(staffer(4), false)
	for i := range 5 {
		answer(staffer(i), i%2 == 0)
	}
	out := h.dm(sec, "scenarios 30d")
	mustContain(t, out, "5 people answered 10 scenarios, 70% right first time", "practised by fewer than 5 people are not shown")
	for _, u := range []bot.User{staffer(0), staffer(4)} {
		if strings.Contains(out, u.ID) {
			t.Fatalf("a staffer is named: %s", out)
		}
	}
	mustContain(t, h.dm(staffer(0), "scenarios"), "reserved for the security team")

	// A topic five people answered is shown.
	for i := range 5 {
		if err := h.db.Outreach().ScenarioAnswered(context.Background(), staffer(10+i), "gifts-1", "gifts-and-hospitality", i < 4, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	mustContain(t, h.dm(sec, "scenarios"), "10 people answered 15 scenarios", "• Gifts, dinners and hospitality: ")
}

func TestStaffSeeOnlyAdvisoriesForEveryone(t *testing.T) {
	h := newOutreachHarness(t)
	h.dm(alice, "subscribe")
	h.dm(sec, "target add #general")
	mustContain(t, h.compose("For the channel only", []string{"en Only for #general."}, "2"), "to 1 recipients")
	mustContain(t, h.compose("For everyone", []string{"en For every subscriber."}, "1"), "to 1 recipients")
	list := h.dm(alice, "advisories")
	mustContain(t, list, "For everyone")
	if strings.Contains(list, "For the channel only") {
		t.Fatalf("staff see an advisory sent to a channel only:\n%s", list)
	}
	mustContain(t, h.dm(alice, "advisories 1"), "There is no advisory #1")
	mustContain(t, h.dm(sec, "advisories"), "For the channel only", "For everyone")
	mustContain(t, h.dm(sec, "advisory 1"), "Only for #general.")

	// While writing, help explains instead of becoming the title.
	h.dm(sec, "advisory new")
	mustContain(t, h.dm(sec, "help"), "You are writing an advisory")
}
