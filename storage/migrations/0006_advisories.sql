-- Vigil schema version 6: advisories from the security team, the staff who
-- subscribed to them, the channels and rooms they are posted to, and staff
-- progress in the awareness scenarios.
-- Columns named *_index hold a keyed hash (HMAC) of a chat identity, as
-- cases.reporter_index does; *_enc columns hold AES-256-GCM ciphertext.

-- subscriptions: one row per subscribed staffer, found by the keyed hash of
-- the chat identity; address_enc is what delivery needs (the direct
-- conversation's address, sealed), lang the staffer's language.
CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY,
    user_index    TEXT    NOT NULL UNIQUE,
    platform      TEXT    NOT NULL,
    lang          TEXT    NOT NULL,
    address_enc   BLOB    NOT NULL,
    subscribed_at TEXT    NOT NULL
);

-- advisory_targets: Slack channels and Matrix rooms the team added.
CREATE TABLE advisory_targets (
    id        INTEGER PRIMARY KEY,
    platform  TEXT    NOT NULL,
    address   TEXT    NOT NULL,
    lang      TEXT    NOT NULL,
    added_at  TEXT    NOT NULL,
    added_enc BLOB    NOT NULL,
    UNIQUE (platform, address)
);

-- advisories: written by a team member in chat. A draft is kept here while
-- it is composed (so it survives a restart); content_enc holds the title
-- and the text per language, sealed; langs lists the languages in the order
-- they were written (the first is the fallback). The actors are sealed, as
-- in the audit log.
CREATE TABLE advisories (
    id               INTEGER PRIMARY KEY,
    state            TEXT    NOT NULL CHECK (state IN ('draft', 'sent', 'withdrawn')),
    langs            TEXT    NOT NULL DEFAULT '',
    content_enc      BLOB    NOT NULL,
    all_subscribers  INTEGER NOT NULL DEFAULT 0 CHECK (all_subscribers IN (0, 1)),
    target_ids       TEXT    NOT NULL DEFAULT '',
    author_index     TEXT    NOT NULL,
    author_enc       BLOB    NOT NULL,
    created_at       TEXT    NOT NULL,
    sender_enc       BLOB,
    sent_at          TEXT,
    withdrawn_by_enc BLOB,
    withdrawn_at     TEXT
);
CREATE INDEX advisories_sent ON advisories (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX advisories_draft ON advisories (author_index) WHERE state = 'draft';

-- advisory_deliveries: one row per recipient of a sent advisory (a
-- subscriber's direct conversation or a target), created with the outbox
-- item that carries it, in the same transaction. message_enc is the
-- platform's reference of the posted message, kept to withdraw it.
CREATE TABLE advisory_deliveries (
    id           INTEGER PRIMARY KEY,
    advisory_id  INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
    recipient    TEXT    NOT NULL,
    platform     TEXT    NOT NULL,
    lang         TEXT    NOT NULL,
    address_enc  BLOB    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'withdrawn')),
    message_enc  BLOB,
    updated_at   TEXT    NOT NULL,
    UNIQUE (advisory_id, recipient)
);
CREATE INDEX advisory_deliveries_state ON advisory_deliveries (advisory_id, state);

-- scenario_progress: the awareness scenarios a staffer was given and how
-- they answered, under the keyed hash of the chat identity. answered_at is
-- NULL while the scenario waits for an answer; right_first records whether
-- the first answer was right.
CREATE TABLE scenario_progress (
    user_index  TEXT    NOT NULL,
    scenario_id TEXT    NOT NULL,
    topic       TEXT    NOT NULL,
    asked_at    TEXT    NOT NULL,
    answered_at TEXT,
    right_first INTEGER CHECK (right_first IN (0, 1)),
    PRIMARY KEY (user_index, scenario_id)
);
CREATE INDEX scenario_progress_asked ON scenario_progress (user_index, asked_at);
CREATE INDEX scenario_progress_answered ON scenario_progress (answered_at) WHERE answered_at IS NOT NULL;

-- scenario_weeks: the scenario of the week, one row per ISO week sent, so
-- that it goes out once per week whatever the restarts.
CREATE TABLE scenario_weeks (
    week        TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
