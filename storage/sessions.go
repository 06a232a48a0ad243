package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"vigil/bot"
)

func sessionContext(index string) string { return "session:" + index }

// sessionIndex is the keyed hash under which a user's session is stored.
func (d *DB) sessionIndex(key string) string { return d.seal.index("session:" + key) }

// LoadSession implements bot.SessionStore.
func (d *DB) LoadSession(ctx context.Context, key string) (bot.Session, error) {
	idx := d.sessionIndex(key)
	var sealed []byte
	err := d.sql.QueryRowContext(ctx, "SELECT data_enc FROM sessions WHERE key_index = ?", idx).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Session{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Session{}, describe("read session", err)
	}
	var s bot.Session
	if err := d.openJSON(sealed, sessionContext(idx), &s); err != nil {
		return bot.Session{}, fmt.Errorf("read session: %w", err)
	}
	return s, nil
}

// SaveSession implements bot.SessionStore.
func (d *DB) SaveSession(ctx context.Context, s bot.Session) error {
	idx := d.sessionIndex(s.Key)
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	_, err = d.sql.ExecContext(ctx, `INSERT INTO sessions (key_index, updated_at, data_enc) VALUES (?, ?, ?)
		ON CONFLICT (key_index) DO UPDATE SET updated_at = excluded.updated_at, data_enc = excluded.data_enc`,
		idx, formatTime(s.UpdatedAt), d.seal.seal(data, sessionContext(idx)))
	return describe("save session", err)
}

// DeleteSession implements bot.SessionStore.
func (d *DB) DeleteSession(ctx context.Context, key string) error {
	_, err := d.sql.ExecContext(ctx, "DELETE FROM sessions WHERE key_index = ?", d.sessionIndex(key))
	return describe("delete session", err)
}

// IdleSessions implements bot.SessionStore.
func (d *DB) IdleSessions(ctx context.Context, before time.Time) ([]bot.Session, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT key_index, data_enc FROM sessions WHERE updated_at < ? ORDER BY updated_at", formatTime(before))
	if err != nil {
		return nil, describe("list sessions", err)
	}
	defer rows.Close()
	var out []bot.Session
	for rows.Next() {
		var idx string
		var sealed []byte
		if err := rows.Scan(&idx, &sealed); err != nil {
			return nil, describe("list sessions", err)
		}
		var s bot.Session
		if err := d.openJSON(sealed, sessionContext(idx), &s); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, s)
	}
	return out, describe("list sessions", rows.Err())
}
