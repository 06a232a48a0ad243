package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"vigil/bot"
)

// Practice keeps each staffer's awareness-scenario progress under a keyed
// hash of their chat identity, and the scenario of each week
// (bot.ScenarioStore).
type Practice struct {
	d    *DB
	subs *Subscriptions // who gets the scenario of the week
}

var _ bot.ScenarioStore = (*Practice)(nil)

// ScenarioAsked implements bot.ScenarioStore.
func (o *Practice) ScenarioAsked(ctx context.Context, u bot.User, id, lang string, at time.Time) error {
	_, err := o.d.sql.ExecContext(ctx, `INSERT INTO scenario_pending (user_index, scenario_id, lang, asked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_index) DO UPDATE SET scenario_id = excluded.scenario_id, lang = excluded.lang, asked_at = excluded.asked_at`,
		o.d.person(u), id, lang, formatTime(at))
	return describe("record scenario", err)
}

// PendingScenario implements bot.ScenarioStore.
func (o *Practice) PendingScenario(ctx context.Context, u bot.User) (bot.PendingScenario, error) {
	var p bot.PendingScenario
	var at string
	err := o.d.sql.QueryRowContext(ctx, "SELECT scenario_id, lang, asked_at FROM scenario_pending WHERE user_index = ?", o.d.person(u)).
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
func (o *Practice) ScenarioAnswered(ctx context.Context, u bot.User, id, topic string, right bool, at time.Time) error {
	idx := o.d.person(u)
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
func (o *Practice) ScenarioProgress(ctx context.Context, u bot.User) (map[string]bool, int, int, error) {
	rows, err := o.d.sql.QueryContext(ctx, "SELECT scenario_id, topic, right_first FROM scenario_progress WHERE user_index = ?", o.d.person(u))
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
func (o *Practice) WeeklyScenarios(ctx context.Context) ([]string, error) {
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
func (o *Practice) ScenarioStats(ctx context.Context, since time.Time) ([]bot.Practice, bot.Practice, error) {
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

// QueueWeeklyScenario implements bot.ScenarioStore.
func (o *Practice) QueueWeeklyScenario(ctx context.Context, week, id string, at time.Time, message func(to bot.Recipient) bot.OutboxItem) (bool, error) {
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, describe("queue the scenario of the week", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "INSERT INTO scenario_weeks (week, scenario_id, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		week, id, formatTime(at))
	if err != nil {
		return false, describe("queue the scenario of the week", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, describe("queue the scenario of the week", err)
	}
	var items []bot.OutboxItem
	err = o.subs.eachSubscriber(ctx, tx, func(s subscriber) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_pending (user_index, scenario_id, lang, asked_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_index) DO UPDATE SET scenario_id = excluded.scenario_id, lang = excluded.lang, asked_at = excluded.asked_at`,
			s.index, id, s.lang, formatTime(at)); err != nil {
			return describe("queue the scenario of the week", err)
		}
		items = append(items, message(bot.Recipient{Platform: s.platform, Lang: s.lang, To: s.addr, Subscriber: true}))
		return nil
	})
	if err != nil {
		return false, err
	}
	if _, err := o.d.enqueue(ctx, tx, items); err != nil {
		return false, fmt.Errorf("queue the scenario of the week: %w", err)
	}
	return true, describe("queue the scenario of the week", tx.Commit())
}
