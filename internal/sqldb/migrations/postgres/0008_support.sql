-- Support (27001 clause 7): controlled documents and their versions,
-- reviews and retention; people, competence requirements and training
-- records; awareness campaigns and acknowledgements; resources and the
-- communication plan.

-- audience: JSON {everyone, roles, people}; clauses: JSON array of
-- strings. number is the numeric part of ref ("DOC-3" → 3).
CREATE TABLE documents (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	type             TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	owner_id         TEXT NOT NULL REFERENCES users (id),
	classification   TEXT NOT NULL DEFAULT '',
	audience         TEXT NOT NULL DEFAULT '{}',
	review_months    INTEGER NOT NULL DEFAULT 0,
	next_review      TEXT,
	clauses          TEXT NOT NULL DEFAULT '[]',
	external         BOOLEAN NOT NULL DEFAULT FALSE,
	source           TEXT NOT NULL DEFAULT '',
	external_version TEXT NOT NULL DEFAULT '',
	retired          BOOLEAN NOT NULL DEFAULT FALSE,
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX documents_ref_key ON documents (organization_id, ref);
CREATE INDEX documents_number_idx ON documents (organization_id, number, ref);
CREATE INDEX documents_owner_idx ON documents (organization_id, owner_id, number);
CREATE INDEX documents_review_idx ON documents (organization_id, next_review);

-- A version's body is Markdown (body) or a file kept in the blob store
-- by its SHA-256 (file_sha256).
CREATE TABLE document_versions (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	document_id     TEXT NOT NULL REFERENCES documents (id),
	number          INTEGER NOT NULL,
	status          TEXT NOT NULL,
	format          TEXT NOT NULL,
	body            TEXT NOT NULL DEFAULT '',
	file_name       TEXT NOT NULL DEFAULT '',
	file_sha256     TEXT NOT NULL DEFAULT '',
	file_size       INTEGER NOT NULL DEFAULT 0,
	media_type      TEXT NOT NULL DEFAULT '',
	change_summary  TEXT NOT NULL DEFAULT '',
	author_id       TEXT NOT NULL REFERENCES users (id),
	approved_at     TIMESTAMPTZ,
	approval_id     TEXT NOT NULL DEFAULT '',
	retain_until    TEXT,
	disposed_at     TIMESTAMPTZ,
	disposed_by     TEXT NOT NULL DEFAULT '',
	revision        INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX document_versions_number_key ON document_versions (document_id, number);
CREATE INDEX document_versions_status_idx ON document_versions (organization_id, status, retain_until);

-- Records a document relates to ("control", "risk", …).
CREATE TABLE document_links (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	document_id     TEXT NOT NULL REFERENCES documents (id),
	link_type       TEXT NOT NULL,
	link_id         TEXT NOT NULL,
	PRIMARY KEY (document_id, link_type, link_id)
);
CREATE INDEX document_links_target_idx ON document_links (organization_id, link_type, link_id);

CREATE TABLE document_reviews (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	document_id     TEXT NOT NULL REFERENCES documents (id),
	version_id      TEXT NOT NULL REFERENCES document_versions (id),
	reviewer_id     TEXT NOT NULL REFERENCES users (id),
	reviewer_name   TEXT NOT NULL,
	reviewed_at     TIMESTAMPTZ NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	next_review     TEXT NOT NULL
);
CREATE INDEX document_reviews_document_idx ON document_reviews (organization_id, document_id, reviewed_at);

CREATE TABLE retention_rules (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	type            TEXT NOT NULL,
	months          INTEGER NOT NULL,
	PRIMARY KEY (organization_id, type)
);

-- roles: JSON array of the ISMS roles the person holds.
CREATE TABLE people (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	name            TEXT NOT NULL,
	email           TEXT NOT NULL DEFAULT '',
	user_id         TEXT REFERENCES users (id),
	department      TEXT NOT NULL DEFAULT '',
	roles           TEXT NOT NULL DEFAULT '[]',
	start_date      TEXT,
	active          BOOLEAN NOT NULL DEFAULT TRUE,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX people_name_idx ON people (organization_id, name, id);
CREATE INDEX people_user_idx ON people (organization_id, user_id);

CREATE TABLE competence_requirements (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	role            TEXT NOT NULL,
	skill           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX competence_requirements_role_idx ON competence_requirements (organization_id, role);

CREATE TABLE training_records (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	person_id       TEXT NOT NULL REFERENCES people (id),
	requirement_id  TEXT REFERENCES competence_requirements (id),
	course          TEXT NOT NULL,
	completed_on    TEXT NOT NULL,
	expires_on      TEXT,
	evidence_id     TEXT,
	notes           TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX training_records_person_idx ON training_records (organization_id, person_id, completed_on);

-- audience: JSON {everyone, roles, people}.
CREATE TABLE campaigns (
	id                  TEXT PRIMARY KEY,
	organization_id     TEXT NOT NULL REFERENCES organizations (id),
	title               TEXT NOT NULL,
	description         TEXT NOT NULL DEFAULT '',
	audience            TEXT NOT NULL,
	due                 TEXT NOT NULL,
	follow_new_versions BOOLEAN NOT NULL DEFAULT FALSE,
	closed              BOOLEAN NOT NULL DEFAULT FALSE,
	created_by          TEXT NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TIMESTAMPTZ NOT NULL,
	updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX campaigns_due_idx ON campaigns (organization_id, closed, due);

-- version_id is the approved version asked for when the campaign started
-- (a campaign that follows new versions asks for the one in force).
CREATE TABLE campaign_documents (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	campaign_id     TEXT NOT NULL REFERENCES campaigns (id),
	document_id     TEXT NOT NULL REFERENCES documents (id),
	version_id      TEXT NOT NULL REFERENCES document_versions (id),
	PRIMARY KEY (campaign_id, document_id)
);

CREATE TABLE acknowledgements (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	campaign_id     TEXT NOT NULL REFERENCES campaigns (id),
	user_id         TEXT NOT NULL REFERENCES users (id),
	document_id     TEXT NOT NULL REFERENCES documents (id),
	version_id      TEXT NOT NULL REFERENCES document_versions (id),
	at              TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX acknowledgements_key ON acknowledgements (campaign_id, user_id, version_id);
CREATE INDEX acknowledgements_user_idx ON acknowledgements (organization_id, user_id, at);

CREATE TABLE resources (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	title           TEXT NOT NULL,
	kind            TEXT NOT NULL,
	amount          TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL,
	approved_by     TEXT NOT NULL DEFAULT '',
	approved_on     TEXT,
	notes           TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX resources_status_idx ON resources (organization_id, status, title);

CREATE TABLE communication_items (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	topic           TEXT NOT NULL,
	audience        TEXT NOT NULL,
	frequency       TEXT NOT NULL,
	channel         TEXT NOT NULL,
	responsible_id  TEXT REFERENCES users (id),
	notes           TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX communication_items_topic_idx ON communication_items (organization_id, topic, id);

CREATE TABLE communication_records (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	item_id         TEXT NOT NULL REFERENCES communication_items (id),
	held_on         TEXT NOT NULL,
	summary         TEXT NOT NULL DEFAULT '',
	evidence_id     TEXT,
	recorded_by     TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX communication_records_item_idx ON communication_records (organization_id, item_id, held_on);
