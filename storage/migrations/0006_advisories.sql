-- Vigil schema version 6: advisories from the security team, the staff who
-- subscribed to them, the channels and rooms they are posted to, and staff
-- progress in the awareness scenarios (issue 14).
-- Columns named *_index hold the keyed hash (HMAC) of a chat identity, as
-- cases.reporter_index does for named reporters; *_enc columns hold
-- AES-256-GCM ciphertext. No chat identity is stored in clear.

-- subscriptions: one row per subscribed staffer. address_enc is what
-- delivery needs: the direct conversation (and the user in it), sealed.
-- lang is the language the staffer reads advisories in.
CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY,
    user_index    TEXT    NOT NULL UNIQUE,
    platform      TEXT    NOT NULL,
    lang          TEXT    NOT NULL,
    address_enc   BLOB    NOT NULL,
    subscribed_at TEXT    NOT NULL
);

-- advisory_targets: Slack channels and Matrix rooms the team added, where
-- the bot was invited. name is what to show ("#general"); lang is the one
-- language posted there, '' for every language the advisory was written in.
CREATE TABLE advisory_targets (
    id           INTEGER PRIMARY KEY,
    platform     TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    name         TEXT    NOT NULL DEFAULT '',
    lang         TEXT    NOT NULL DEFAULT '',
    added_at     TEXT    NOT NULL,
    added_by_enc BLOB    NOT NULL,
    UNIQUE (platform, address)
);

-- advisories: written by a team member in chat. A draft is kept here while
-- it is composed, so that it survives a restart (one per author, found by
-- author_index); content_enc holds the title, the text per language in the
-- order written (the first is the fallback) and the chosen targets, sealed.
-- The actors are sealed, as in the audit log.
CREATE TABLE advisories (
    id               INTEGER PRIMARY KEY,
    state            TEXT    NOT NULL CHECK (state IN ('draft', 'sent', 'withdrawn')),
    author_index     TEXT    NOT NULL,
    content_enc      BLOB    NOT NULL,
    author_enc       BLOB    NOT NULL,
    created_at       TEXT    NOT NULL,
    sender_enc       BLOB,
    sent_at          TEXT,
    withdrawn_by_enc BLOB,
    withdrawn_at     TEXT
);
CREATE INDEX advisories_sent ON advisories (sent_at) WHERE sent_at IS NOT NULL;
CREATE UNIQUE INDEX advisories_draft ON advisories (author_index) WHERE state = 'draft';

-- advisory_deliveries: one row per recipient of a sent advisory (a
-- subscriber's direct conversation, or a target), written with the outbox
-- item that carries it in the same transaction. recipient is 's<id>' for a
-- subscription, 't<id>' for a target, so that nobody gets it twice.
-- message_enc is the platform's reference of the posted message, kept to
-- withdraw it.
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

-- scenario_pending: the awareness scenario each staffer was last given and
-- has not answered yet, in the language it was given in.
CREATE TABLE scenario_pending (
    user_index  TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    lang        TEXT NOT NULL,
    asked_at    TEXT NOT NULL
);

-- scenario_progress: the scenarios a staffer answered, under the keyed hash
-- of the chat identity; right_first records whether the first answer was
-- right (later answers to the same scenario change nothing).
CREATE TABLE scenario_progress (
    user_index  TEXT    NOT NULL,
    scenario_id TEXT    NOT NULL,
    topic       TEXT    NOT NULL,
    answered_at TEXT    NOT NULL,
    right_first INTEGER NOT NULL CHECK (right_first IN (0, 1)),
    PRIMARY KEY (user_index, scenario_id)
);
CREATE INDEX scenario_progress_answered ON scenario_progress (answered_at, topic);

-- scenario_weeks: the scenario of the week, one row per ISO week sent,
-- written with its outbox items, so that it goes out once per week
-- whatever the restarts.
CREATE TABLE scenario_weeks (
    week        TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    sent_at     TEXT NOT NULL
);
