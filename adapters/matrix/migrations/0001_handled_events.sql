-- Vigil's Matrix tables, version 1: the messages the bot has handled, so
-- that a sync fetched again after a crash is not answered twice. The
-- table lives in the crypto store's database, next to the sync position.
-- IF NOT EXISTS adopts the table that releases before versioned schemas
-- created, with its rows.

CREATE TABLE IF NOT EXISTS vigil_handled_event (
    event_id   TEXT PRIMARY KEY,
    handled_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vigil_handled_event_at ON vigil_handled_event (handled_at);
