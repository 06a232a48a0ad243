package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"

	"vigil/bot"
)

// Outreach is what advisories, subscriptions and awareness scenarios
// need (schema version 6), in three parts: Subscriptions (subscribers
// under a keyed hash of their chat identity with their direct
// conversation sealed, and the channels and rooms advisories go to),
// AdvisoryRecords (drafts, sent advisories and their deliveries, queued
// in the outbox in the same transaction) and Practice (each staffer's
// scenario progress, the scenario of the week). It implements
// bot.OutreachStore; get it with DB.Outreach.
type Outreach struct {
	*Subscriptions
	*AdvisoryRecords
	*Practice
}

var _ bot.OutreachStore = Outreach{}

// Outreach returns the advisory, subscription and scenario store of d.
func (d *DB) Outreach() Outreach {
	subs := &Subscriptions{d: d}
	return Outreach{Subscriptions: subs, AdvisoryRecords: &AdvisoryRecords{d: d, subs: subs}, Practice: &Practice{d: d, subs: subs}}
}

// person is the keyed hash under which a chat identity is stored, the one
// named reporters are found by (cases.reporter_index).
func (d *DB) person(u bot.User) string { return d.seal.index(u.Key()) }

// Subscriptions keeps the subscribers of advisories and the channels and
// rooms advisories go to (bot.SubscriptionStore).
type Subscriptions struct{ d *DB }

var _ bot.SubscriptionStore = (*Subscriptions)(nil)

func subscriptionContext(index string) string { return "subscription:" + index }

// Subscribe implements bot.SubscriptionStore.
func (o *Subscriptions) Subscribe(ctx context.Context, s bot.Subscriber) (bool, error) {
	idx := o.d.person(s.User)
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
func (o *Subscriptions) Unsubscribe(ctx context.Context, u bot.User) (bool, error) {
	res, err := o.d.sql.ExecContext(ctx, "DELETE FROM subscriptions WHERE user_index = ?", o.d.person(u))
	if err != nil {
		return false, describe("unsubscribe", err)
	}
	n, err := res.RowsAffected()
	return n > 0, describe("unsubscribe", err)
}

// Subscribers implements bot.SubscriptionStore.
func (o *Subscriptions) Subscribers(ctx context.Context) (int, error) {
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
func (o *Subscriptions) eachSubscriber(ctx context.Context, tx *sql.Tx, fn func(subscriber) error) error {
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
func (o *Subscriptions) AddTarget(ctx context.Context, t bot.Target) (bot.Target, error) {
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
func (o *Subscriptions) RemoveTarget(ctx context.Context, platform, address string) (bool, error) {
	res, err := o.d.sql.ExecContext(ctx, "DELETE FROM advisory_targets WHERE platform = ? AND address = ?", platform, address)
	if err != nil {
		return false, describe("remove target", err)
	}
	n, err := res.RowsAffected()
	return n > 0, describe("remove target", err)
}

// Targets implements bot.SubscriptionStore.
func (o *Subscriptions) Targets(ctx context.Context) ([]bot.Target, error) {
	return o.targets(ctx, o.d.sql)
}

// outreachQuerier is a database or a transaction.
type outreachQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (o *Subscriptions) targets(ctx context.Context, q outreachQuerier) ([]bot.Target, error) {
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
