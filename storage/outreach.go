package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"vigil/bot"
)

// Outreach keeps what advisories, subscriptions and awareness scenarios
// need (schema version 6): subscribers under a keyed hash of their chat
// identity with their direct conversation sealed, the channels and rooms
// advisories go to, advisories and their deliveries (queued in the outbox
// in the same transaction), and each staffer's scenario progress. It
// implements bot.OutreachStore; get it with DB.Outreach.
type Outreach struct {
	d *DB
}

var _ bot.OutreachStore = (*Outreach)(nil)

// Outreach returns the advisory, subscription and scenario store of d.
func (d *DB) Outreach() *Outreach { return &Outreach{d: d} }

// person is the keyed hash under which a chat identity is stored, the one
// named reporters are found by (cases.reporter_index).
func (o *Outreach) person(u bot.User) string { return o.d.seal.index(u.Key()) }

func subscriptionContext(index string) string { return "subscription:" + index }

// Subscribe implements bot.SubscriptionStore.
func (o *Outreach) Subscribe(ctx context.Context, s bot.Subscriber) (bool, error) {
	idx := o.person(s.User)
	addr, err := json.Marshal(s.Address)
	if err != nil {
		return false, fmt.Errorf("subscribe: %w", err)
	}
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, describe("subscribe", err)
	}
	defer tx.Rollback()
	sealed := o.d.seal.seal(addr, subscriptionContext(idx))
	res, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (user_index, platform, lang, address_enc, subscribed_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_index) DO NOTHING`, idx, s.User.Platform, s.Lang, sealed, formatTime(s.Since))
	if err != nil {
		return false, describe("subscribe", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, describe("subscribe", err)
	}
	if n == 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE subscriptions SET platform = ?, lang = ?, address_enc = ? WHERE user_index = ?",
			s.User.Platform, s.Lang, sealed, idx); err != nil {
			return false, describe("subscribe", err)
		}
	}
	return n > 0, describe("subscribe", tx.Commit())
}

// Unsubscribe implements bot.SubscriptionStore.
func (o *Outreach) Unsubscribe(ctx context.Context, u bot.User) (bool, error) {
	res, err := o.d.sql.ExecContext(ctx, "DELETE FROM subscriptions WHERE user_index = ?", o.person(u))
	if err != nil {
		return false, describe("unsubscribe", err)
	}
	n, err := res.RowsAffected()
	return n > 0, describe("unsubscribe", err)
}

// Subscribers implements bot.SubscriptionStore.
func (o *Outreach) Subscribers(ctx context.Context) (int, error) {
	var n int
	err := o.d.sql.QueryRowContext(ctx, "SELECT count(*) FROM subscriptions").Scan(&n)
	return n, describe("count subscribers", err)
}

// subscriber is a subscription as delivery needs it.
type subscriber struct {
	id       int64
	platform string
	lang     string
	index    string
	addr     bot.Address
}

// eachSubscriber calls fn for every subscriber, inside tx.
func (o *Outreach) eachSubscriber(ctx context.Context, tx *sql.Tx, fn func(subscriber) error) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, user_index, platform, lang, address_enc FROM subscriptions ORDER BY id")
	if err != nil {
		return describe("read subscribers", err)
	}
	defer rows.Close()
	var subs []subscriber
	for rows.Next() {
		var s subscriber
		var sealed []byte
		if err := rows.Scan(&s.id, &s.index, &s.platform, &s.lang, &sealed); err != nil {
			return describe("read subscribers", err)
		}
		if err := o.d.openJSON(sealed, subscriptionContext(s.index), &s.addr); err != nil {
			return fmt.Errorf("read subscribers: %w", err)
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return describe("read subscribers", err)
	}
	rows.Close()
	for _, s := range subs {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

const targetContext = "target"

// AddTarget implements bot.SubscriptionStore.
func (o *Outreach) AddTarget(ctx context.Context, t bot.Target) (bot.Target, error) {
	by, err := json.Marshal(t.AddedBy)
	if err != nil {
		return bot.Target{}, fmt.Errorf("add target: %w", err)
	}
	res, err := o.d.sql.ExecContext(ctx, `INSERT INTO advisory_targets (platform, address, name, lang, added_at, added_by_enc)
		VALUES (?, ?, ?, ?, ?, ?)`, t.Platform, t.Address, t.Name, t.Lang, formatTime(t.AddedAt), o.d.seal.seal(by, targetContext))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return bot.Target{}, bot.ErrTargetExists
	}
	if err != nil {
		return bot.Target{}, describe("add target", err)
	}
	t.ID, err = res.LastInsertId()
	return t, describe("add target", err)
}

// RemoveTarget implements bot.SubscriptionStore.
func (o *Outreach) RemoveTarget(ctx context.Context, platform, address string) (bool, error) {
	res, err := o.d.sql.ExecContext(ctx, "DELETE FROM advisory_targets WHERE platform = ? AND address = ?", platform, address)
	if err != nil {
		return false, describe("remove target", err)
	}
	n, err := res.RowsAffected()
	return n > 0, describe("remove target", err)
}

// Targets implements bot.SubscriptionStore.
func (o *Outreach) Targets(ctx context.Context) ([]bot.Target, error) {
	return o.targets(ctx, o.d.sql)
}

// outreachQuerier is a database or a transaction.
type outreachQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (o *Outreach) targets(ctx context.Context, q outreachQuerier) ([]bot.Target, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, platform, address, name, lang, added_at, added_by_enc FROM advisory_targets ORDER BY id")
	if err != nil {
		return nil, describe("read targets", err)
	}
	defer rows.Close()
	var out []bot.Target
	for rows.Next() {
		var t bot.Target
		var at string
		var by []byte
		if err := rows.Scan(&t.ID, &t.Platform, &t.Address, &t.Name, &t.Lang, &at, &by); err != nil {
			return nil, describe("read targets", err)
		}
		if t.AddedAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("read targets: %w", err)
		}
		if err := o.d.openJSON(by, targetContext, &t.AddedBy); err != nil {
			return nil, fmt.Errorf("read targets: %w", err)
		}
		out = append(out, t)
	}
	return out, describe("read targets", rows.Err())
}

// advisoryContent is the sealed part of an advisory.
type advisoryContent struct {
	Title     string             `json:"title"`
	Texts     []bot.AdvisoryText `json:"texts"`
	All       bool               `json:"all_subscribers"`
	TargetIDs []int64            `json:"targets,omitempty"`
	Step      string             `json:"step,omitempty"`
	Updated   time.Time          `json:"updated"`
}

func advisoryContext(authorIndex string) string { return "advisory:" + authorIndex }

func actorContext(what string, id int64) string { return what + ":" + strconv.FormatInt(id, 10) }

// SaveDraft implements bot.AdvisoryStore.
func (o *Outreach) SaveDraft(ctx context.Context, a bot.Advisory) (bot.Advisory, error) {
	idx := o.person(a.Author)
	content, err := json.Marshal(advisoryContent{Title: a.Title, Texts: a.Texts, All: a.AllSubscribers,
		TargetIDs: a.TargetIDs, Step: a.Step, Updated: a.UpdatedAt.UTC()})
	if err != nil {
		return bot.Advisory{}, fmt.Errorf("save draft: %w", err)
	}
	author, err := json.Marshal(a.Author)
	if err != nil {
		return bot.Advisory{}, fmt.Errorf("save draft: %w", err)
	}
	err = o.d.sql.QueryRowContext(ctx, `INSERT INTO advisories (state, author_index, content_enc, author_enc, created_at)
		VALUES ('draft', ?, ?, ?, ?)
		ON CONFLICT (author_index) WHERE state = 'draft' DO UPDATE SET content_enc = excluded.content_enc
		RETURNING id`,
		idx, o.d.seal.seal(content, advisoryContext(idx)), o.d.seal.seal(author, advisoryContext(idx)), formatTime(a.CreatedAt)).Scan(&a.ID)
	if err != nil {
		return bot.Advisory{}, describe("save draft", err)
	}
	a.State = bot.AdvisoryDraft
	return a, nil
}

// Draft implements bot.AdvisoryStore.
func (o *Outreach) Draft(ctx context.Context, author bot.User) (bot.Advisory, error) {
	row := o.d.sql.QueryRowContext(ctx, advisoryColumns+" WHERE state = 'draft' AND author_index = ?", o.person(author))
	a, err := o.scanAdvisory(row)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Advisory{}, bot.ErrNotFound
	}
	return a, err
}

// DiscardDraft implements bot.AdvisoryStore.
func (o *Outreach) DiscardDraft(ctx context.Context, author bot.User) error {
	_, err := o.d.sql.ExecContext(ctx, "DELETE FROM advisories WHERE state = 'draft' AND author_index = ?", o.person(author))
	return describe("discard draft", err)
}

// advisoryColumns selects what scanAdvisory reads.
const advisoryColumns = `SELECT id, state, author_index, content_enc, author_enc, created_at,
	sender_enc, coalesce(sent_at, ''), withdrawn_by_enc, coalesce(withdrawn_at, '') FROM advisories`

// scanAdvisory reads one row of advisoryColumns.
func (o *Outreach) scanAdvisory(row rowScanner) (bot.Advisory, error) {
	var a bot.Advisory
	var state, idx, created, sent, withdrawn string
	var content, author, sender, withdrawer []byte
	if err := row.Scan(&a.ID, &state, &idx, &content, &author, &created, &sender, &sent, &withdrawer, &withdrawn); err != nil {
		return bot.Advisory{}, err
	}
	a.State = bot.AdvisoryState(state)
	var c advisoryContent
	if err := o.d.openJSON(content, advisoryContext(idx), &c); err != nil {
		return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
	}
	a.Title, a.Texts, a.AllSubscribers, a.TargetIDs, a.Step, a.UpdatedAt = c.Title, c.Texts, c.All, c.TargetIDs, c.Step, c.Updated
	if err := o.d.openJSON(author, advisoryContext(idx), &a.Author); err != nil {
		return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
	}
	var err error
	if a.CreatedAt, err = parseTime(created); err != nil {
		return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
	}
	if sent != "" {
		if a.SentAt, err = parseTime(sent); err != nil {
			return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
		}
		if err := o.d.openJSON(sender, actorContext("sender", a.ID), &a.Sender); err != nil {
			return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
		}
	}
	if withdrawn != "" {
		if a.WithdrawnAt, err = parseTime(withdrawn); err != nil {
			return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
		}
		if err := o.d.openJSON(withdrawer, actorContext("withdrawn", a.ID), &a.WithdrawnBy); err != nil {
			return bot.Advisory{}, fmt.Errorf("read advisory: %w", err)
		}
	}
	return a, nil
}

// Advisory implements bot.AdvisoryStore.
func (o *Outreach) Advisory(ctx context.Context, id int64) (bot.Advisory, error) {
	a, err := o.scanAdvisory(o.d.sql.QueryRowContext(ctx, advisoryColumns+" WHERE id = ? AND state <> 'draft'", id))
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Advisory{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Advisory{}, describe("read advisory", err)
	}
	counts, err := o.counts(ctx, o.d.sql, []int64{a.ID})
	a.Deliveries = counts[a.ID]
	return a, err
}

// Advisories implements bot.AdvisoryStore.
func (o *Outreach) Advisories(ctx context.Context, limit int) ([]bot.Advisory, error) {
	rows, err := o.d.sql.QueryContext(ctx, advisoryColumns+" WHERE state <> 'draft' ORDER BY sent_at DESC, id DESC LIMIT ?", limit)
	if err != nil {
		return nil, describe("list advisories", err)
	}
	defer rows.Close()
	var out []bot.Advisory
	var ids []int64
	for rows.Next() {
		a, err := o.scanAdvisory(rows)
		if err != nil {
			return nil, describe("list advisories", err)
		}
		out = append(out, a)
		ids = append(ids, a.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, describe("list advisories", err)
	}
	rows.Close()
	counts, err := o.counts(ctx, o.d.sql, ids)
	for i := range out {
		out[i].Deliveries = counts[out[i].ID]
	}
	return out, err
}

// counts returns the delivery counts of the advisories. A delivery still
// pending whose outbox item is gone (it expired undelivered) counts as
// failed.
func (o *Outreach) counts(ctx context.Context, q outreachQuerier, ids []int64) (map[int64]bot.DeliveryCounts, error) {
	out := map[int64]bot.DeliveryCounts{}
	for _, id := range ids {
		rows, err := q.QueryContext(ctx, `SELECT state, EXISTS (SELECT 1 FROM outbox WHERE kind = ? AND subject = CAST(d.id AS TEXT)), count(*)
			FROM advisory_deliveries d WHERE advisory_id = ? GROUP BY 1, 2`, bot.OutboxAdvisory, id)
		if err != nil {
			return nil, describe("count deliveries", err)
		}
		var c bot.DeliveryCounts
		for rows.Next() {
			var state string
			var queued bool
			var n int
			if err := rows.Scan(&state, &queued, &n); err != nil {
				rows.Close()
				return nil, describe("count deliveries", err)
			}
			switch bot.DeliveryState(state) {
			case bot.DeliveryDelivered:
				c.Delivered += n
			case bot.DeliveryPending:
				if queued {
					c.Pending += n
				} else {
					c.Failed += n
				}
			case bot.DeliveryFailed:
				c.Failed += n
			case bot.DeliveryWithdrawn:
				c.Withdrawn += n
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, describe("count deliveries", err)
		}
		out[id] = c
	}
	return out, nil
}

// ScenarioAsked implements bot.ScenarioStore.
func (o *Outreach) ScenarioAsked(ctx context.Context, u bot.User, id, lang string, at time.Time) error {
	_, err := o.d.sql.ExecContext(ctx, `INSERT INTO scenario_pending (user_index, scenario_id, lang, asked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_index) DO UPDATE SET scenario_id = excluded.scenario_id, lang = excluded.lang, asked_at = excluded.asked_at`,
		o.person(u), id, lang, formatTime(at))
	return describe("record scenario", err)
}

// PendingScenario implements bot.ScenarioStore.
func (o *Outreach) PendingScenario(ctx context.Context, u bot.User) (bot.PendingScenario, error) {
	var p bot.PendingScenario
	var at string
	err := o.d.sql.QueryRowContext(ctx, "SELECT scenario_id, lang, asked_at FROM scenario_pending WHERE user_index = ?", o.person(u)).
		Scan(&p.ScenarioID, &p.Lang, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.PendingScenario{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.PendingScenario{}, describe("read scenario", err)
	}
	p.AskedAt, err = parseTime(at)
	return p, err
}

// ScenarioAnswered implements bot.ScenarioStore.
func (o *Outreach) ScenarioAnswered(ctx context.Context, u bot.User, id, topic string, right bool, at time.Time) error {
	idx := o.person(u)
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return describe("record answer", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_progress (user_index, scenario_id, topic, answered_at, right_first)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, idx, id, topic, formatTime(at), right); err != nil {
		return describe("record answer", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM scenario_pending WHERE user_index = ? AND scenario_id = ?", idx, id); err != nil {
		return describe("record answer", err)
	}
	return describe("record answer", tx.Commit())
}

// ScenarioProgress implements bot.ScenarioStore.
func (o *Outreach) ScenarioProgress(ctx context.Context, u bot.User) (map[string]bool, int, int, error) {
	rows, err := o.d.sql.QueryContext(ctx, "SELECT scenario_id, topic, right_first FROM scenario_progress WHERE user_index = ?", o.person(u))
	if err != nil {
		return nil, 0, 0, describe("read progress", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	var answered, right int
	for rows.Next() {
		var id, topic string
		var r bool
		if err := rows.Scan(&id, &topic, &r); err != nil {
			return nil, 0, 0, describe("read progress", err)
		}
		done[id], done[topic] = true, true
		answered++
		if r {
			right++
		}
	}
	return done, answered, right, describe("read progress", rows.Err())
}

// WeeklyScenarios implements bot.ScenarioStore.
func (o *Outreach) WeeklyScenarios(ctx context.Context) ([]string, error) {
	rows, err := o.d.sql.QueryContext(ctx, "SELECT scenario_id FROM scenario_weeks ORDER BY week")
	if err != nil {
		return nil, describe("read weekly scenarios", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, describe("read weekly scenarios", err)
		}
		out = append(out, id)
	}
	return out, describe("read weekly scenarios", rows.Err())
}

// ScenarioStats implements bot.ScenarioStore.
func (o *Outreach) ScenarioStats(ctx context.Context, since time.Time) ([]bot.Practice, bot.Practice, error) {
	var all bot.Practice
	err := o.d.sql.QueryRowContext(ctx, `SELECT count(DISTINCT user_index), count(*), coalesce(sum(right_first), 0)
		FROM scenario_progress WHERE answered_at >= ?`, formatTime(since)).Scan(&all.People, &all.Answers, &all.Right)
	if err != nil {
		return nil, bot.Practice{}, describe("count answers", err)
	}
	rows, err := o.d.sql.QueryContext(ctx, `SELECT topic, count(DISTINCT user_index), count(*), sum(right_first)
		FROM scenario_progress WHERE answered_at >= ? GROUP BY topic ORDER BY topic`, formatTime(since))
	if err != nil {
		return nil, bot.Practice{}, describe("count answers", err)
	}
	defer rows.Close()
	var topics []bot.Practice
	for rows.Next() {
		var p bot.Practice
		if err := rows.Scan(&p.Topic, &p.People, &p.Answers, &p.Right); err != nil {
			return nil, bot.Practice{}, describe("count answers", err)
		}
		topics = append(topics, p)
	}
	return topics, all, describe("count answers", rows.Err())
}
