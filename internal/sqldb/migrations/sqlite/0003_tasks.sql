-- Tasks, and the schedules of recurring activities that generate them.
-- Dates (due, start, occurrence) are calendar days stored as YYYY-MM-DD
-- text, which sorts in date order.

CREATE TABLE schedules (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	owner_id        TEXT NOT NULL REFERENCES users (id),
	link_type       TEXT NOT NULL DEFAULT '',
	link_id         TEXT NOT NULL DEFAULT '',
	rule            TEXT NOT NULL,
	start_date      TEXT NOT NULL,
	lead_days       INTEGER NOT NULL,
	active          INTEGER NOT NULL DEFAULT 1,
	last_occurrence TEXT,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX schedules_title_idx ON schedules (organization_id, title, id);
CREATE INDEX schedules_link_idx ON schedules (organization_id, link_type, link_id);
-- The generation job walks the active schedules of every organization.
CREATE INDEX schedules_active_idx ON schedules (active, id);

CREATE TABLE tasks (
	id                TEXT PRIMARY KEY,
	organization_id   TEXT NOT NULL REFERENCES organizations (id),
	title             TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	owner_id          TEXT NOT NULL REFERENCES users (id),
	due_date          TEXT NOT NULL,
	status            TEXT NOT NULL,
	link_type         TEXT NOT NULL DEFAULT '',
	link_id           TEXT NOT NULL DEFAULT '',
	schedule_id       TEXT REFERENCES schedules (id),
	occurrence        TEXT,
	completion_note   TEXT NOT NULL DEFAULT '',
	completed_by      TEXT NOT NULL DEFAULT '',
	completed_by_name TEXT NOT NULL DEFAULT '',
	completed_at      TEXT,
	created_by        TEXT NOT NULL DEFAULT '',
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
-- "My work": one owner's open tasks in due order, read straight off the index.
CREATE INDEX tasks_owner_idx ON tasks (organization_id, owner_id, status, due_date, id);
-- Overdue counts per module and the status-filtered list in due order.
CREATE INDEX tasks_status_idx ON tasks (organization_id, status, due_date, link_type);
-- The unfiltered list in due order.
CREATE INDEX tasks_due_idx ON tasks (organization_id, due_date, id);
-- A record's tasks.
CREATE INDEX tasks_link_idx ON tasks (organization_id, link_type, link_id);
-- A schedule generates each occurrence once, whatever runs it.
CREATE UNIQUE INDEX tasks_occurrence_key ON tasks (schedule_id, occurrence);
