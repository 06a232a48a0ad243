package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"vigil/bot"
)

// AdvisoryRecords keeps advisories: each author's draft while it is written,
// then the sent advisories, their deliveries and the outcomes of their
// outbox items (bot.AdvisoryStore and bot.DeliveryStore).
type AdvisoryRecords struct {
	d    *DB
	subs *Subscriptions // the recipients
}

var (
	_ bot.AdvisoryStore = (*AdvisoryRecords)(nil)
	_ bot.DeliveryStore = (*AdvisoryRecords)(nil)
)

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
func (o *AdvisoryRecords) SaveDraft(ctx context.Context, a bot.Advisory) (bot.Advisory, error) {
	idx := o.d.person(a.Author)
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
func (o *AdvisoryRecords) Draft(ctx context.Context, author bot.User) (bot.Advisory, error) {
	row := o.d.sql.QueryRowContext(ctx, advisoryColumns+" WHERE state = 'draft' AND author_index = ?", o.d.person(author))
	a, err := o.scanAdvisory(row)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Advisory{}, bot.ErrNotFound
	}
	return a, err
}

// DiscardDraft implements bot.AdvisoryStore.
func (o *AdvisoryRecords) DiscardDraft(ctx context.Context, author bot.User) error {
	_, err := o.d.sql.ExecContext(ctx, "DELETE FROM advisories WHERE state = 'draft' AND author_index = ?", o.d.person(author))
	return describe("discard draft", err)
}

// advisoryColumns selects what scanAdvisory reads.
const advisoryColumns = `SELECT id, state, author_index, content_enc, author_enc, created_at,
	sender_enc, coalesce(sent_at, ''), withdrawn_by_enc, coalesce(withdrawn_at, '') FROM advisories`

// scanAdvisory reads one row of advisoryColumns.
func (o *AdvisoryRecords) scanAdvisory(row rowScanner) (bot.Advisory, error) {
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
func (o *AdvisoryRecords) Advisory(ctx context.Context, id int64) (bot.Advisory, error) {
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
func (o *AdvisoryRecords) Advisories(ctx context.Context, limit int) ([]bot.Advisory, error) {
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
// pending whose outbox item is gone (dropped when it expired undelivered)
// counts as failed.
func (o *AdvisoryRecords) counts(ctx context.Context, q outreachQuerier, ids []int64) (map[int64]bot.DeliveryCounts, error) {
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
