-- Vigil schema version 2: the security team's workflow (resolution,
-- assignee, closing time for retention) and event details.

ALTER TABLE cases ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN closed_at TEXT;
CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;

ALTER TABLE case_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
