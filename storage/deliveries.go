package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vigil/bot"
)

func deliveryContext(advisory int64, recipient string) string {
	return "delivery:" + strconv.FormatInt(advisory, 10) + ":" + recipient
}

// SendAdvisory implements bot.AdvisoryStore: the advisory, its deliveries
// and their outbox items are written in one durable transaction.
func (o *AdvisoryRecords) SendAdvisory(ctx context.Context, id int64, sender bot.User, at time.Time,
	message func(a bot.Advisory, to bot.Recipient) bot.OutboxItem) (bot.Advisory, error) {
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return bot.Advisory{}, describe("send advisory", err)
	}
	defer tx.Rollback()
	a, err := o.scanAdvisory(tx.QueryRowContext(ctx, advisoryColumns+" WHERE id = ? AND state = 'draft'", id))
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Advisory{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Advisory{}, describe("send advisory", err)
	}
	by, err := json.Marshal(sender)
	if err != nil {
		return bot.Advisory{}, fmt.Errorf("send advisory: %w", err)
	}
	a.State, a.Sender, a.SentAt = bot.AdvisorySent, sender, at.UTC()
	if _, err := tx.ExecContext(ctx, "UPDATE advisories SET state = 'sent', sender_enc = ?, sent_at = ? WHERE id = ?",
		o.d.seal.seal(by, actorContext("sender", id)), formatTime(at), id); err != nil {
		return bot.Advisory{}, describe("send advisory", err)
	}
	var items []bot.OutboxItem
	add := func(recipient string, r bot.Recipient) error {
		addr, err := json.Marshal(r.To)
		if err != nil {
			return fmt.Errorf("send advisory: %w", err)
		}
		var did int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO advisory_deliveries (advisory_id, recipient, platform, lang, address_enc, state, updated_at)
			VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id`, id, recipient, r.Platform, r.Lang,
			o.d.seal.seal(addr, deliveryContext(id, recipient)), formatTime(at)).Scan(&did); err != nil {
			return describe("send advisory", err)
		}
		it := message(a, r)
		it.Subject = strconv.FormatInt(did, 10)
		items = append(items, it)
		return nil
	}
	if a.AllSubscribers {
		err := o.subs.eachSubscriber(ctx, tx, func(s subscriber) error {
			return add("s"+strconv.FormatInt(s.id, 10), bot.Recipient{Platform: s.platform, Lang: s.lang, To: s.addr, Subscriber: true})
		})
		if err != nil {
			return bot.Advisory{}, err
		}
	}
	targets, err := o.subs.targets(ctx, tx)
	if err != nil {
		return bot.Advisory{}, err
	}
	for _, t := range targets {
		if !containsID(a.TargetIDs, t.ID) {
			continue
		}
		if err := add("t"+strconv.FormatInt(t.ID, 10), bot.Recipient{Platform: t.Platform, Lang: t.Lang, To: bot.Address{ConversationID: t.Address}}); err != nil {
			return bot.Advisory{}, err
		}
	}
	if _, err := o.d.enqueue(ctx, tx, items); err != nil {
		return bot.Advisory{}, fmt.Errorf("send advisory: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return bot.Advisory{}, describe("send advisory", err)
	}
	a.Deliveries = bot.DeliveryCounts{Pending: len(items)}
	return a, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// delivery is one row of advisory_deliveries as retraction needs it.
type delivery struct {
	id, advisory int64
	key          string // the recipient column: s<subscription> or t<target>
	recipient    bot.Recipient
	posted       bot.Posted
}

// readDelivery reads the delivery with the ID inside tx.
func (o *AdvisoryRecords) readDelivery(ctx context.Context, tx *sql.Tx, id int64) (delivery, string, error) {
	var d delivery
	var state string
	var addr, posted []byte
	err := tx.QueryRowContext(ctx, `SELECT advisory_id, recipient, platform, lang, address_enc, state, message_enc
		FROM advisory_deliveries WHERE id = ?`, id).Scan(&d.advisory, &d.key, &d.recipient.Platform, &d.recipient.Lang, &addr, &state, &posted)
	if err != nil {
		return delivery{}, "", err
	}
	d.id = id
	d.recipient.Subscriber = strings.HasPrefix(d.key, "s")
	ctxName := deliveryContext(d.advisory, d.key)
	if err := o.d.openJSON(addr, ctxName, &d.recipient.To); err != nil {
		return delivery{}, "", fmt.Errorf("read delivery: %w", err)
	}
	if posted != nil {
		if err := o.d.openJSON(posted, ctxName+":posted", &d.posted); err != nil {
			return delivery{}, "", fmt.Errorf("read delivery: %w", err)
		}
	}
	return d, state, nil
}

// WithdrawAdvisory implements bot.AdvisoryStore. A delivery whose outbox
// item is being sent (leased) stays pending: SettleDeliveries takes its
// message back once it is posted.
func (o *AdvisoryRecords) WithdrawAdvisory(ctx context.Context, id int64, by bot.User, at time.Time,
	retract func(advisory int64, to bot.Recipient) bot.OutboxItem) (bot.Advisory, error) {
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	defer tx.Rollback()
	a, err := o.scanAdvisory(tx.QueryRowContext(ctx, advisoryColumns+" WHERE id = ? AND state = 'sent'", id))
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Advisory{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	who, err := json.Marshal(by)
	if err != nil {
		return bot.Advisory{}, fmt.Errorf("withdraw advisory: %w", err)
	}
	a.State, a.WithdrawnBy, a.WithdrawnAt = bot.AdvisoryWithdrawn, by, at.UTC()
	if _, err := tx.ExecContext(ctx, "UPDATE advisories SET state = 'withdrawn', withdrawn_by_enc = ?, withdrawn_at = ? WHERE id = ?",
		o.d.seal.seal(who, actorContext("withdrawn", id)), formatTime(at), id); err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	// Drop what is still waiting and not being sent.
	res, err := tx.ExecContext(ctx, `UPDATE advisory_deliveries SET state = 'withdrawn', updated_at = ?1
		WHERE advisory_id = ?2 AND state = 'pending' AND CAST(id AS TEXT) IN (
			SELECT subject FROM outbox WHERE kind = ?3 AND (lease_until IS NULL OR lease_until <= ?1))`,
		formatTime(at), id, bot.OutboxAdvisory)
	if err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	dropped, err := res.RowsAffected()
	if err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = ? AND subject IN (
			SELECT CAST(id AS TEXT) FROM advisory_deliveries WHERE advisory_id = ? AND state = 'withdrawn')`, bot.OutboxAdvisory, id); err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	// Take back what was delivered.
	rows, err := tx.QueryContext(ctx, "SELECT id FROM advisory_deliveries WHERE advisory_id = ? AND state = 'delivered' ORDER BY id", id)
	if err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	var ids []int64
	for rows.Next() {
		var did int64
		if err := rows.Scan(&did); err != nil {
			rows.Close()
			return bot.Advisory{}, describe("withdraw advisory", err)
		}
		ids = append(ids, did)
	}
	if err := rows.Close(); err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	items := make([]bot.OutboxItem, 0, len(ids))
	for _, did := range ids {
		d, _, err := o.readDelivery(ctx, tx, did)
		if err != nil {
			return bot.Advisory{}, fmt.Errorf("withdraw advisory: %w", err)
		}
		it := retract(id, d.recipient)
		it.Subject = strconv.FormatInt(did, 10)
		items = append(items, it)
	}
	if _, err := o.d.enqueue(ctx, tx, items); err != nil {
		return bot.Advisory{}, fmt.Errorf("withdraw advisory: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return bot.Advisory{}, describe("withdraw advisory", err)
	}
	a.Deliveries = bot.DeliveryCounts{Delivered: len(items), Withdrawn: int(dropped)}
	return a, nil
}

// Deliveries implements bot.DeliveryStore.
func (o *AdvisoryRecords) Deliveries(ctx context.Context, subjects []string) (map[string]bot.DeliveryInfo, error) {
	out := map[string]bot.DeliveryInfo{}
	var ids []any
	for _, s := range subjects {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := o.d.sql.QueryContext(ctx, `SELECT d.id, d.advisory_id, d.recipient, d.state, d.message_enc, a.state
			FROM advisory_deliveries d JOIN advisories a ON a.id = d.advisory_id
			WHERE d.id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, chunk...)
		if err != nil {
			return nil, describe("read deliveries", err)
		}
		for rows.Next() {
			var id, advisory int64
			var recipient, state, astate string
			var posted []byte
			if err := rows.Scan(&id, &advisory, &recipient, &state, &posted, &astate); err != nil {
				rows.Close()
				return nil, describe("read deliveries", err)
			}
			info := bot.DeliveryInfo{State: bot.DeliveryState(state), Withdrawn: astate == string(bot.AdvisoryWithdrawn)}
			if posted != nil {
				if err := o.d.openJSON(posted, deliveryContext(advisory, recipient)+":posted", &info.Posted); err != nil {
					rows.Close()
					return nil, fmt.Errorf("read deliveries: %w", err)
				}
			}
			out[strconv.FormatInt(id, 10)] = info
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, describe("read deliveries", err)
		}
	}
	return out, nil
}

// SettleDeliveries implements bot.DeliveryStore.
func (o *AdvisoryRecords) SettleDeliveries(ctx context.Context, results []bot.DeliveryResult, at time.Time,
	retract func(advisory int64, to bot.Recipient) bot.OutboxItem) error {
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return describe("settle deliveries", err)
	}
	defer tx.Rollback()
	var retractions []bot.OutboxItem
	for _, r := range results {
		it := r.Item
		switch {
		case r.Sent || r.Skipped:
			res, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = ? AND attempts = ?", it.ID, it.Attempts)
			if err != nil {
				return describe("settle deliveries", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue // the claim lapsed: whoever holds it now settles it
			}
			more, err := o.settleDelivery(ctx, tx, r, at, retract)
			if err != nil {
				return err
			}
			retractions = append(retractions, more...)
		case r.RetryAt.IsZero():
			_, err = tx.ExecContext(ctx, "UPDATE outbox SET lease_until = NULL, attempts = attempts - 1 WHERE id = ? AND attempts = ?", it.ID, it.Attempts)
		default:
			_, err = tx.ExecContext(ctx, "UPDATE outbox SET lease_until = NULL, due_at = ? WHERE id = ? AND attempts = ?", formatTime(r.RetryAt), it.ID, it.Attempts)
		}
		if err != nil {
			return describe("settle deliveries", err)
		}
	}
	if _, err := o.d.enqueue(ctx, tx, retractions); err != nil {
		return fmt.Errorf("settle deliveries: %w", err)
	}
	return describe("settle deliveries", tx.Commit())
}

// settleDelivery records, inside tx, what a sent or skipped item did to
// its advisory delivery, and returns the retraction to queue when the
// advisory was withdrawn while its message was being posted.
func (o *AdvisoryRecords) settleDelivery(ctx context.Context, tx *sql.Tx, r bot.DeliveryResult, at time.Time,
	retract func(advisory int64, to bot.Recipient) bot.OutboxItem) ([]bot.OutboxItem, error) {
	if r.Item.Kind != bot.OutboxAdvisory && r.Item.Kind != bot.OutboxRetract {
		return nil, nil
	}
	id, err := strconv.ParseInt(r.Item.Subject, 10, 64)
	if err != nil {
		return nil, nil // not a delivery of this store
	}
	var advisory int64
	var key, state string
	var withdrawn bool
	err = tx.QueryRowContext(ctx, `SELECT d.advisory_id, d.recipient, d.state, a.state = 'withdrawn'
		FROM advisory_deliveries d JOIN advisories a ON a.id = d.advisory_id WHERE d.id = ?`, id).Scan(&advisory, &key, &state, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, describe("settle deliveries", err)
	}
	switch {
	case r.Item.Kind == bot.OutboxRetract:
		_, err = tx.ExecContext(ctx, "UPDATE advisory_deliveries SET state = 'withdrawn', updated_at = ? WHERE id = ?", formatTime(at), id)
	case r.Skipped:
		if withdrawn && state == string(bot.DeliveryPending) {
			_, err = tx.ExecContext(ctx, "UPDATE advisory_deliveries SET state = 'withdrawn', updated_at = ? WHERE id = ?", formatTime(at), id)
		}
	default:
		var posted []byte
		if r.Posted != (bot.Posted{}) {
			p, err := json.Marshal(r.Posted)
			if err != nil {
				return nil, fmt.Errorf("settle deliveries: %w", err)
			}
			posted = o.d.seal.seal(p, deliveryContext(advisory, key)+":posted")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE advisory_deliveries SET state = 'delivered', message_enc = ?, updated_at = ? WHERE id = ?",
			posted, formatTime(at), id); err != nil {
			return nil, describe("settle deliveries", err)
		}
		if withdrawn {
			d, _, err := o.readDelivery(ctx, tx, id)
			if err != nil {
				return nil, fmt.Errorf("settle deliveries: %w", err)
			}
			it := retract(d.advisory, d.recipient)
			it.Subject = r.Item.Subject
			return []bot.OutboxItem{it}, nil
		}
	}
	return nil, describe("settle deliveries", err)
}
