-- Vigil schema version 4: one durable outbox for everything that must reach
-- a person (a security notice, a reporter's reference or receipt, later an
-- advisory). An item is written in the same transaction as what caused it,
-- claimed with a lease before it is sent, deleted once delivered, and
-- otherwise tried again later, until it expires.
-- The pending-notice flag of schema version 3 moves here: every notice still
-- pending becomes a due outbox item.

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    -- kind names the message: 'notice' (a new case, to the security team,
    -- composed from the case when sent), 'message' (to one person, its
    -- address and text sealed in payload_enc), ...
    kind        TEXT    NOT NULL,
    -- route: which running adapters may deliver the item: a platform
    -- ('slack'), a narrower route (a console process delivers only its
    -- own user's items), or '' for any process with a security desk.
    route       TEXT    NOT NULL DEFAULT '',
    -- case_id: the case the item is about (deleted with it); NULL for none.
    case_id     INTEGER REFERENCES cases (id) ON DELETE CASCADE,
    -- subject: what else the item is about, for its kind's sender (e.g.
    -- an advisory delivery's id); never sensitive.
    subject     TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    -- due_at: not sent before then (the backoff of a failed attempt).
    due_at      TEXT    NOT NULL,
    -- expires_at: dropped (with an audit line) after then; NULL never.
    expires_at  TEXT,
    -- attempts counts claims; a claim is identified by (id, attempts), so
    -- a sender whose lease ran out cannot settle someone else's claim.
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- lease_until: claimed by a sender until then; NULL when not claimed.
    lease_until TEXT,
    -- payload_enc: the destination and text, AES-256-GCM sealed; NULL when
    -- the message is composed from the case when sent (a notice).
    payload_enc BLOB
);
CREATE INDEX outbox_due ON outbox (due_at);
CREATE INDEX outbox_subject ON outbox (kind, subject) WHERE subject <> '';
CREATE UNIQUE INDEX outbox_case_notice ON outbox (case_id) WHERE kind = 'notice';

INSERT INTO outbox (kind, case_id, created_at, due_at)
    SELECT 'notice', id, filed_at, filed_at FROM cases WHERE notice_pending = 1 ORDER BY id;

DROP INDEX cases_notice_pending;
ALTER TABLE cases DROP COLUMN notice_pending;
