package bot

import (
	"context"
	"errors"
	"time"
)

// Subscriber is a staffer who subscribed to the security team's advisories
// (and to the scenario of the week) in a direct conversation.
type Subscriber struct {
	User    User
	Lang    string  // the language advisories are sent in: en, fr or de
	Address Address // the direct conversation advisories go to
	Since   time.Time
}

// Target is a Slack channel or Matrix room the security team added as a
// destination of advisories.
type Target struct {
	ID       int64
	Platform string
	Address  string // the channel or room ID
	Name     string // what to show, e.g. "#general"
	Lang     string // the one language posted there; "" for every language written
	AddedAt  time.Time
	AddedBy  User
}

// AdvisoryState is where an advisory stands.
type AdvisoryState string

// Advisory states.
const (
	AdvisoryDraft     AdvisoryState = "draft"     // being written
	AdvisorySent      AdvisoryState = "sent"      // queued for delivery, or delivered
	AdvisoryWithdrawn AdvisoryState = "withdrawn" // taken back by the team
)

// AdvisoryText is an advisory's text in one language.
type AdvisoryText struct {
	Lang string `json:"lang"`
	Text string `json:"text"`
}

// Advisory is a message from the security team to staff. Texts are in the
// order they were written; the first is what readers of a language without
// its own text get.
type Advisory struct {
	ID             int64
	State          AdvisoryState
	Title          string
	Texts          []AdvisoryText
	AllSubscribers bool    // sent to every subscriber
	TargetIDs      []int64 // and to these targets
	Step           string  // the composition step of a draft
	Author         User
	CreatedAt      time.Time
	UpdatedAt      time.Time // last change to a draft
	Sender         User
	SentAt         time.Time
	WithdrawnBy    User
	WithdrawnAt    time.Time
	Deliveries     DeliveryCounts // of a sent advisory
}

// Text returns the advisory's text in lang and the language it is in: the
// first text written when there is none in lang.
func (a Advisory) Text(lang string) (text, in string) {
	for _, t := range a.Texts {
		if t.Lang == lang {
			return t.Text, t.Lang
		}
	}
	if len(a.Texts) == 0 {
		return "", lang
	}
	return a.Texts[0].Text, a.Texts[0].Lang
}

// DeliveryState is where one delivery of an advisory stands.
type DeliveryState string

// Delivery states.
const (
	DeliveryPending   DeliveryState = "pending"   // in the outbox
	DeliveryDelivered DeliveryState = "delivered" // posted
	DeliveryWithdrawn DeliveryState = "withdrawn" // dropped before delivery, or taken back
)

// Recipient is one recipient of an advisory or of the scenario of the
// week: a subscriber's direct conversation, or a target.
type Recipient struct {
	Platform   string
	Lang       string // the subscriber's language, or the target's ("" for every language)
	To         Address
	Subscriber bool
}

// DeliveryCounts says how many recipients of an advisory were reached, are
// still waiting, could not be reached, or saw it withdrawn.
type DeliveryCounts struct {
	Delivered, Pending, Failed, Withdrawn int
}

// Total is the number of recipients.
func (c DeliveryCounts) Total() int { return c.Delivered + c.Pending + c.Failed + c.Withdrawn }

// ErrTargetExists is returned by AddTarget for a channel or room already
// added.
var ErrTargetExists = errors.New("target already added")

// SubscriptionStore keeps the subscribers of advisories and the targets
// they are posted to. Subscribers are found by a keyed hash of their chat
// identity; only what delivery needs is kept, encrypted.
type SubscriptionStore interface {
	// Subscribe records s, or updates the language and address of an
	// existing subscription. It reports whether s is new.
	Subscribe(ctx context.Context, s Subscriber) (bool, error)
	// Unsubscribe removes u's subscription and reports whether there was
	// one.
	Unsubscribe(ctx context.Context, u User) (bool, error)
	// Subscribers counts the subscribers.
	Subscribers(ctx context.Context) (int, error)
	// AddTarget records t and returns it with its ID, or ErrTargetExists.
	AddTarget(ctx context.Context, t Target) (Target, error)
	// RemoveTarget removes the target with the platform and address and
	// reports whether there was one.
	RemoveTarget(ctx context.Context, platform, address string) (bool, error)
	// Targets returns the targets, oldest first.
	Targets(ctx context.Context) ([]Target, error)
}

// AdvisoryStore keeps advisories: each author's draft while it is written,
// then the sent advisories and their deliveries.
type AdvisoryStore interface {
	// SaveDraft creates or replaces the draft of a.Author and returns it
	// with its ID.
	SaveDraft(ctx context.Context, a Advisory) (Advisory, error)
	// Draft returns author's draft, or ErrNotFound.
	Draft(ctx context.Context, author User) (Advisory, error)
	// DiscardDraft deletes author's draft; none is not an error.
	DiscardDraft(ctx context.Context, author User) error
	// SendAdvisory turns draft id into a sent advisory and, in the same
	// transaction, writes one delivery per recipient and its outbox item,
	// which message gives (the store sets its Subject): every subscriber
	// (when AllSubscribers), and every chosen target that still exists.
	// It returns the sent advisory with its counts, or ErrNotFound when id
	// is not a draft; nothing changes on error.
	SendAdvisory(ctx context.Context, id int64, sender User, at time.Time, message func(a Advisory, to Recipient) OutboxItem) (Advisory, error)
	// Advisory returns the sent or withdrawn advisory id with its
	// delivery counts, or ErrNotFound.
	Advisory(ctx context.Context, id int64) (Advisory, error)
	// Advisories returns the latest sent or withdrawn advisories, newest
	// first, at most limit, with their delivery counts.
	Advisories(ctx context.Context, limit int) ([]Advisory, error)
	// WithdrawAdvisory marks a sent advisory withdrawn by by at at, drops
	// its deliveries still waiting (their outbox items are deleted) and
	// writes, in the same transaction, for every delivered message the
	// outbox item retract gives. It returns the advisory, with Deliveries
	// counting the messages dropped (Withdrawn) and to take back
	// (Delivered), or ErrNotFound when id is not a sent advisory.
	WithdrawAdvisory(ctx context.Context, id int64, by User, at time.Time, retract func(advisory int64, to Recipient) OutboxItem) (Advisory, error)
}

// PendingScenario is the awareness scenario a staffer was last given and
// has not answered yet.
type PendingScenario struct {
	ScenarioID string
	Lang       string
	AskedAt    time.Time
}

// ScenarioStore keeps each staffer's awareness-scenario progress under a
// keyed hash of their chat identity.
type ScenarioStore interface {
	// ScenarioAsked records that u was given scenario id in lang at at,
	// replacing any scenario u had not answered.
	ScenarioAsked(ctx context.Context, u User, id, lang string, at time.Time) error
	// PendingScenario returns the scenario u was given and has not
	// answered, or ErrNotFound.
	PendingScenario(ctx context.Context, u User) (PendingScenario, error)
	// ScenarioAnswered records u's answer to scenario id of topic (the
	// first answer to a scenario counts; later ones change nothing) and
	// clears the pending scenario, in one transaction.
	ScenarioAnswered(ctx context.Context, u User, id, topic string, right bool, at time.Time) error
	// ScenarioProgress returns what u has done: every topic and scenario
	// id answered, and how many scenarios were answered right first time.
	ScenarioProgress(ctx context.Context, u User) (done map[string]bool, answered, right int, err error)
	// QueueWeeklyScenario records week's scenario of the week and, in the
	// same transaction, writes for every subscriber the outbox item
	// message gives and makes scenario id their pending scenario, in their
	// language. It returns false, and writes nothing, when week was
	// already recorded.
	QueueWeeklyScenario(ctx context.Context, week, id string, at time.Time, message func(to Recipient) OutboxItem) (bool, error)
	// WeeklyScenarios returns the scenario ids of the weeks sent so far.
	WeeklyScenarios(ctx context.Context) ([]string, error)
	// ScenarioStats counts the answers given since the given time: per
	// topic (sorted by topic id) and in all, how many people answered, how
	// many scenarios, and how many right first time. No one is named.
	ScenarioStats(ctx context.Context, since time.Time) (topics []Practice, all Practice, err error)
}

// Practice is how much staff practised one topic, or all of them.
type Practice struct {
	Topic                  string // "" for every topic
	People, Answers, Right int
}

// DeliveryInfo is where the delivery of an advisory named by an outbox
// item's Subject stands.
type DeliveryInfo struct {
	State     DeliveryState
	Withdrawn bool   // its advisory was withdrawn
	Posted    Posted // the message it was posted as, when the adapter said
}

// DeliveryResult is the outcome of one attempt at a claimed outbox item
// of an advisory, its retraction or the scenario of the week.
type DeliveryResult struct {
	Item    OutboxItem
	Sent    bool      // it reached the platform
	Posted  Posted    // as what, when the adapter said
	Skipped bool      // not sent, and never to be: its advisory was withdrawn, or it was delivered already
	RetryAt time.Time // when not sent: due again then; zero to release it unsent (it was never tried)
}

// DeliveryStore keeps what delivery needs beside the outbox.
type DeliveryStore interface {
	// Deliveries returns, for outbox items' subjects (advisory delivery
	// IDs), where each delivery stands; unknown subjects are left out.
	Deliveries(ctx context.Context, subjects []string) (map[string]DeliveryInfo, error)
	// SettleDeliveries records outcomes in one transaction, each only if
	// its claim (ID and Attempts) still holds: a sent item leaves the
	// outbox and its delivery is recorded (delivered, or withdrawn for a
	// retraction), and when its advisory was withdrawn meanwhile the
	// outbox item retract gives is written to take the message back; a
	// skipped item leaves the outbox; a failed one is due again at
	// RetryAt; one never tried is released, due at once.
	SettleDeliveries(ctx context.Context, results []DeliveryResult, at time.Time, retract func(advisory int64, to Recipient) OutboxItem) error
}

// advisoryStores is what writing and serving advisories needs: the
// advisories and their recipients.
type advisoryStores interface {
	AdvisoryStore
	SubscriptionStore
}

// OutreachStore is what advisories, subscriptions and awareness scenarios
// need from storage, besides the Store.
type OutreachStore interface {
	SubscriptionStore
	AdvisoryStore
	DeliveryStore
	ScenarioStore
}

// Conversation is a channel or room as an adapter sees it.
type Conversation struct {
	ID     string // the platform's ID ("C0123", "!abc:example.org")
	Name   string // what to show ("#general")
	Member bool   // the bot is in it, so it may post there
}

// ErrNoConversation is returned by a ConversationFinder when no channel or
// room by that name is visible to the bot.
var ErrNoConversation = errors.New("no such channel or room")

// ConversationFinder is implemented by adapters that can look up a channel
// or room and tell whether the bot was invited to it. Advisories are
// posted only there.
type ConversationFinder interface {
	// FindConversation resolves what a user typed to name a channel or
	// room ("#general", "C0123", "!abc:example.org", "#news:example.org").
	// It returns ErrNoConversation (possibly wrapped) when the bot sees
	// none by that name, and any other error when the platform could not
	// be asked.
	FindConversation(ctx context.Context, ref string) (Conversation, error)
}

// Posted identifies a message an adapter posted.
type Posted struct {
	ConversationID string `json:"conversation"`
	MessageID      string `json:"message"` // Slack's ts, Matrix's event ID
}

// Poster is implemented by adapters that can say which message they
// posted, so that it can be withdrawn, and that can avoid posting it twice.
type Poster interface {
	// Post delivers r like Send and returns the message posted. key
	// identifies the delivery; when retry is set (an earlier attempt with
	// the same key may have reached the platform before Vigil stopped),
	// the adapter returns the message posted then instead of posting a
	// second one, where the platform lets it find out. It returns an
	// error when the platform refused or could not be reached.
	Post(ctx context.Context, to Address, r Reply, key string, retry bool) (Posted, error)
}

// Retractor is implemented by adapters that can take back a message they
// posted: delete it (Slack) or redact it (Matrix), or, where the platform
// refuses, replace its text with notice.
type Retractor interface {
	// Retract removes m, or replaces it with notice. A message already
	// gone is not an error.
	Retract(ctx context.Context, m Posted, notice Reply) error
}
