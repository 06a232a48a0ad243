-- Vigil schema version 3: remember which new-case notices have reached the
-- security team, so that a notice lost in a crash or an outage is sent again.

ALTER TABLE cases ADD COLUMN notice_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_notice_pending ON cases (id) WHERE notice_pending = 1;
