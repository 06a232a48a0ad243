-- Vigil schema version 5: linked cases (issue 13).
-- What ties reports together (an e-mail address, a phone number, a web
-- site, a handle, a bank account, a name) is kept only as keyed hashes, a
-- blind index (see package indicators): no indicator is stored in clear,
-- the values stay in the encrypted case details. A link between two cases
-- keeps the kinds of indicator that matched, never the values, and the
-- security team's decision on it.

-- One row per indicator and case, clustered on the hash, so that linking a
-- new report is one index seek per hash whatever the table's size.
CREATE TABLE case_indicators (
    hash    BLOB    NOT NULL CHECK (length(hash) = 32), -- indicators.Key.Hash
    kind    TEXT    NOT NULL,                           -- indicators.Kind
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, case_id, kind)
) WITHOUT ROWID;
CREATE INDEX case_indicators_case ON case_indicators (case_id);

-- A link between two cases, stored once with case_a < case_b. kinds lists
-- the matching kinds, comma-separated, most specific first ('' for a link
-- the team made by hand). state is 'suggested' when Vigil found it,
-- 'confirmed' or 'rejected' once a team member decided; decided_by_enc is
-- that member, sealed with the data key like every actor.
CREATE TABLE case_links (
    case_a         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    case_b         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kinds          TEXT    NOT NULL DEFAULT '',
    state          TEXT    NOT NULL DEFAULT 'suggested'
                   CHECK (state IN ('suggested', 'confirmed', 'rejected')),
    linked_at      TEXT    NOT NULL,
    decided_at     TEXT,
    decided_by_enc BLOB,
    PRIMARY KEY (case_a, case_b),
    CHECK (case_a < case_b),
    CHECK ((state = 'suggested') = (decided_at IS NULL))
) WITHOUT ROWID;
CREATE INDEX case_links_b ON case_links (case_b);
