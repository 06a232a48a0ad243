-- Vigil schema version 1: cases, their history, reference counters,
-- unfinished report conversations and the audit log.
-- Columns named *_enc hold AES-256-GCM ciphertext (see crypt.go).

CREATE TABLE ref_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    ref              TEXT    NOT NULL UNIQUE,
    category         TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    occurred_on      TEXT    NOT NULL,
    accepted         TEXT    NOT NULL,
    anonymous        INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    contact_allowed  INTEGER NOT NULL CHECK (contact_allowed IN (0, 1)),
    status           TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    filed_at         TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    -- reporter_index is a keyed hash of the reporter's platform identity,
    -- so a named reporter's cases can be found without storing it in clear.
    reporter_index   TEXT,
    receipt_hash     TEXT UNIQUE,
    details_enc      BLOB    NOT NULL,
    CHECK (anonymous = 0 OR (reporter_index IS NULL AND receipt_hash IS NOT NULL))
);
CREATE INDEX cases_status ON cases (status, filed_at);
CREATE INDEX cases_filed ON cases (filed_at);
CREATE INDEX cases_reporter ON cases (reporter_index);

CREATE TABLE case_events (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at        TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    status    TEXT    NOT NULL DEFAULT '',
    actor_enc BLOB,
    text_enc  BLOB
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE sessions (
    key_index  TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    data_enc   BLOB NOT NULL
);
CREATE INDEX sessions_updated ON sessions (updated_at);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_enc BLOB NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT '',
    outcome   TEXT NOT NULL DEFAULT 'ok'
);

-- meta holds a value sealed with the data key, to detect a wrong key early.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
