-- Improvement (27001 10.1, 10.2): nonconformities with their handling
-- (correction, root cause, similar ones, effectiveness checks), their
-- tasks (nc_actions: corrective actions and effectiveness checks), and the
-- improvement register.
--
-- requirements is JSON (isms.RequirementRef); checks is JSON
-- (isms.EffectivenessCheck). Each step's date and author are columns.
-- The records concerned, similar nonconformities and the records an
-- action changes are record links.
CREATE TABLE nonconformities (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	source           TEXT NOT NULL,
	source_type      TEXT NOT NULL DEFAULT '',
	source_id        TEXT NOT NULL DEFAULT '',
	grade            TEXT NOT NULL,
	requirements     TEXT NOT NULL DEFAULT '[]',
	detected_on      TEXT NOT NULL,
	detected_by      TEXT NOT NULL DEFAULT '',
	owner_id         TEXT REFERENCES users (id),
	deadline         TEXT,
	status           TEXT NOT NULL,
	correction       TEXT NOT NULL DEFAULT '',
	correction_on    TEXT,
	correction_by    TEXT NOT NULL DEFAULT '',
	rca_method       TEXT NOT NULL DEFAULT '',
	root_cause       TEXT NOT NULL DEFAULT '',
	rca_on           TEXT,
	rca_by           TEXT NOT NULL DEFAULT '',
	"similar"        TEXT NOT NULL DEFAULT '', -- SIMILAR is reserved in PostgreSQL
	similar_on       TEXT,
	similar_by       TEXT NOT NULL DEFAULT '',
	check_due        TEXT,
	check_task_id    TEXT NOT NULL DEFAULT '',
	checks           TEXT NOT NULL DEFAULT '[]',
	closed_on        TEXT,
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX nonconformities_ref_key ON nonconformities (organization_id, ref);
CREATE INDEX nonconformities_status_idx ON nonconformities (organization_id, status, detected_on);
CREATE INDEX nonconformities_source_idx ON nonconformities (organization_id, source_type, source_id);

-- kind: action (a corrective action) | check (an effectiveness check).
CREATE TABLE nc_actions (
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	nonconformity_id TEXT NOT NULL REFERENCES nonconformities (id),
	task_id          TEXT NOT NULL REFERENCES tasks (id),
	kind             TEXT NOT NULL,
	created_at       TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (nonconformity_id, task_id)
);
CREATE UNIQUE INDEX nc_actions_task_key ON nc_actions (organization_id, task_id);

-- status: proposed | accepted | in_progress | done | rejected | deferred.
CREATE TABLE improvements (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	source           TEXT NOT NULL,
	source_type      TEXT NOT NULL DEFAULT '',
	source_id        TEXT NOT NULL DEFAULT '',
	proposed_by      TEXT NOT NULL DEFAULT '',
	evaluation       TEXT NOT NULL DEFAULT '',
	decision_reason  TEXT NOT NULL DEFAULT '',
	decided_on       TEXT,
	decided_by       TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL,
	owner_id         TEXT REFERENCES users (id),
	due_on           TEXT,
	change_id        TEXT NOT NULL DEFAULT '',
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX improvements_ref_key ON improvements (organization_id, ref);
CREATE INDEX improvements_source_idx ON improvements (organization_id, source_type, source_id);
