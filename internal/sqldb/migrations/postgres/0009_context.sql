-- Context, leadership, planning and measurement (27001 4.1–4.4, 5.1–5.3,
-- 6.1.1, 6.2, 6.3, 9.1): context issues, interested parties and their
-- requirements, the versioned ISMS scope, ISMS processes, records of
-- management commitment, ISMS roles and the RACI, ISMS risks and
-- opportunities, metrics and measurements, objectives and planned changes.
-- number is the numeric part of ref ("CI-3" → 3), for natural order.

-- A link between two records of any modules (isms.Link on both ends): a
-- requirement addressed by a control, an issue behind a risk, an
-- objective measured by a metric. Each link is stored once and shown on
-- both records.
CREATE TABLE record_links (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	from_type       TEXT NOT NULL,
	from_id         TEXT NOT NULL,
	to_type         TEXT NOT NULL,
	to_id           TEXT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (organization_id, from_type, from_id, to_type, to_id)
);
CREATE INDEX record_links_to_idx ON record_links (organization_id, to_type, to_id);

-- 4.1: kind internal|external; effect positive|negative; climate marks an
-- issue about climate change (Amd 1:2024).
CREATE TABLE context_issues (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	title           TEXT NOT NULL,
	kind            TEXT NOT NULL,
	category        TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	effect          TEXT NOT NULL,
	climate         BOOLEAN NOT NULL DEFAULT FALSE,
	owner_id        TEXT REFERENCES users (id),
	review_on       TEXT,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX context_issues_ref_key ON context_issues (organization_id, ref);
CREATE INDEX context_issues_number_idx ON context_issues (organization_id, number, ref);
CREATE INDEX context_issues_review_idx ON context_issues (organization_id, review_on);

-- 4.2: the parties and, below, their requirements.
CREATE TABLE interested_parties (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	name            TEXT NOT NULL,
	kind            TEXT NOT NULL,
	category        TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	contact         TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX interested_parties_ref_key ON interested_parties (organization_id, ref);
CREATE INDEX interested_parties_number_idx ON interested_parties (organization_id, number, ref);

-- type legal|regulatory|contractual|other; addressed says whether the ISMS
-- addresses it and how says how (or why not). Controls, documents and
-- risks that address it are record_links from the requirement.
CREATE TABLE party_requirements (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	party_id        TEXT NOT NULL REFERENCES interested_parties (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	type            TEXT NOT NULL,
	source          TEXT NOT NULL DEFAULT '',
	addressed       BOOLEAN NOT NULL DEFAULT FALSE,
	how             TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX party_requirements_ref_key ON party_requirements (organization_id, ref);
CREATE INDEX party_requirements_number_idx ON party_requirements (organization_id, number, ref);
CREATE INDEX party_requirements_party_idx ON party_requirements (organization_id, party_id, number);

-- 4.3: one row per version of the scope statement. content is the JSON of
-- the statement, units, locations, what is in scope, interfaces and
-- exclusions (isms.Scope). status draft|approved|superseded.
CREATE TABLE isms_scopes (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	number          INTEGER NOT NULL,
	content         TEXT NOT NULL,
	status          TEXT NOT NULL,
	approved_at     TIMESTAMPTZ,
	approval_id     TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX isms_scopes_number_key ON isms_scopes (organization_id, number);

-- 4.4: the processes the ISMS needs. clauses: JSON array of clause numbers.
CREATE TABLE isms_processes (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	name            TEXT NOT NULL,
	purpose         TEXT NOT NULL DEFAULT '',
	clauses         TEXT NOT NULL DEFAULT '[]',
	owner_id        TEXT REFERENCES users (id),
	inputs          TEXT NOT NULL DEFAULT '',
	outputs         TEXT NOT NULL DEFAULT '',
	interactions    TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX isms_processes_ref_key ON isms_processes (organization_id, ref);
CREATE INDEX isms_processes_number_idx ON isms_processes (organization_id, number, ref);

-- 5.1: records of top management's commitment. kind
-- decision|resource|communication|review|other. Evidence links to them.
CREATE TABLE commitments (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	made_on         TEXT NOT NULL,
	kind            TEXT NOT NULL,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	made_by         TEXT NOT NULL,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX commitments_ref_key ON commitments (organization_id, ref);
CREATE INDEX commitments_made_idx ON commitments (organization_id, made_on, number);

-- 5.3: ISMS roles. Who holds a role is read from people.roles (the same
-- names competence requirements use).
CREATE TABLE isms_roles (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	name             TEXT NOT NULL,
	responsibilities TEXT NOT NULL DEFAULT '',
	authorities      TEXT NOT NULL DEFAULT '',
	appointed_by     TEXT NOT NULL DEFAULT '',
	appointed_on     TEXT,
	position         INTEGER NOT NULL DEFAULT 0,
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX isms_roles_name_key ON isms_roles (organization_id, LOWER(name));

-- One RACI cell: what role role_id is for an ISMS process or a control
-- (subject_type process|control). letters holds R, A, C and I in that
-- order, each at most once ("RA", "C").
CREATE TABLE raci_cells (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	role_id         TEXT NOT NULL REFERENCES isms_roles (id),
	subject_type    TEXT NOT NULL,
	subject_id      TEXT NOT NULL,
	letters         TEXT NOT NULL,
	PRIMARY KEY (organization_id, subject_type, subject_id, role_id)
);
CREATE INDEX raci_cells_role_idx ON raci_cells (organization_id, role_id);

-- 6.1.1: risks and opportunities for the ISMS itself. kind
-- risk|opportunity; likelihood and impact low|medium|high; status
-- open|planned|addressed|closed; effective ''|yes|no after evaluation.
-- Actions are tasks linked to the record.
CREATE TABLE isms_risks (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	kind            TEXT NOT NULL,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	likelihood      TEXT NOT NULL,
	impact          TEXT NOT NULL,
	owner_id        TEXT REFERENCES users (id),
	status          TEXT NOT NULL,
	evaluation_method TEXT NOT NULL DEFAULT '',
	evaluation      TEXT NOT NULL DEFAULT '',
	evaluated_on    TEXT,
	effective       TEXT NOT NULL DEFAULT '',
	review_on       TEXT,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX isms_risks_ref_key ON isms_risks (organization_id, ref);
CREATE INDEX isms_risks_number_idx ON isms_risks (organization_id, number, ref);
CREATE INDEX isms_risks_status_idx ON isms_risks (organization_id, status, number);

-- 9.1: what is measured and how. direction higher|lower says which way is
-- better; warning is the threshold between on target and off target (null:
-- none). frequency is a recurrence rule; schedule_id the recurring
-- activity that creates the "measure" task.
CREATE TABLE metrics (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	name            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	method          TEXT NOT NULL,
	unit            TEXT NOT NULL DEFAULT '',
	direction       TEXT NOT NULL,
	target          DOUBLE PRECISION NOT NULL,
	warning         DOUBLE PRECISION,
	frequency       TEXT NOT NULL,
	schedule_id     TEXT REFERENCES schedules (id),
	measured_by     TEXT REFERENCES users (id),
	analysed_by     TEXT REFERENCES users (id),
	analysis        TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX metrics_ref_key ON metrics (organization_id, ref);
CREATE INDEX metrics_number_idx ON metrics (organization_id, number, ref);

CREATE TABLE measurements (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	metric_id       TEXT NOT NULL REFERENCES metrics (id),
	value           DOUBLE PRECISION NOT NULL,
	measured_on     TEXT NOT NULL,
	measured_by     TEXT REFERENCES users (id),
	comment         TEXT NOT NULL DEFAULT '',
	evidence_id     TEXT REFERENCES evidence (id),
	created_by      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX measurements_metric_idx ON measurements (organization_id, metric_id, measured_on);

-- 6.2: status planned|in_progress|achieved|not_achieved|cancelled. The
-- metrics that measure an objective are record_links from it.
CREATE TABLE objectives (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	statement       TEXT NOT NULL,
	policy_id       TEXT REFERENCES documents (id),
	target          TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	resources       TEXT NOT NULL DEFAULT '',
	due_on          TEXT,
	evaluation      TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX objectives_ref_key ON objectives (organization_id, ref);
CREATE INDEX objectives_number_idx ON objectives (organization_id, number, ref);

-- 6.3: status proposed|approved|in_progress|implemented|cancelled.
CREATE TABLE isms_changes (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	reason           TEXT NOT NULL DEFAULT '',
	consequences     TEXT NOT NULL DEFAULT '',
	resources        TEXT NOT NULL DEFAULT '',
	responsibilities TEXT NOT NULL DEFAULT '',
	owner_id         TEXT REFERENCES users (id),
	planned_on       TEXT,
	completed_on     TEXT,
	status           TEXT NOT NULL,
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX isms_changes_ref_key ON isms_changes (organization_id, ref);
CREATE INDEX isms_changes_number_idx ON isms_changes (organization_id, number, ref);
CREATE INDEX isms_changes_status_idx ON isms_changes (organization_id, status, completed_on);
