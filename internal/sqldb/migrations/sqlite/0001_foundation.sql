-- Organizations, accounts, memberships, sessions, API tokens, the audit
-- trail, approvals and installation settings.

CREATE TABLE organizations (
	id          TEXT PRIMARY KEY,
	slug        TEXT NOT NULL,
	name        TEXT NOT NULL,
	legal_name  TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);

CREATE TABLE users (
	id                   TEXT PRIMARY KEY,
	email                TEXT NOT NULL,
	name                 TEXT NOT NULL,
	hashed_password      TEXT NOT NULL,
	owner                INTEGER NOT NULL DEFAULT 0,
	disabled             INTEGER NOT NULL DEFAULT 0,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	version              INTEGER NOT NULL DEFAULT 1,
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	user_id         TEXT NOT NULL REFERENCES users (id),
	role            TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE sessions (
	hashed_id       TEXT PRIMARY KEY,
	user_id         TEXT NOT NULL REFERENCES users (id),
	organization_id TEXT NOT NULL DEFAULT '',
	csrf_token      TEXT NOT NULL,
	client_addr     TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	last_seen_at    TEXT NOT NULL,
	expires_at      TEXT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
	id              TEXT PRIMARY KEY,
	user_id         TEXT NOT NULL REFERENCES users (id),
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	name            TEXT NOT NULL,
	scope           TEXT NOT NULL,
	prefix          TEXT NOT NULL,
	hashed_secret   TEXT NOT NULL,
	expires_at      TEXT NOT NULL,
	last_used_at    TEXT,
	revoked_at      TEXT,
	created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX api_tokens_hashed_secret_key ON api_tokens (hashed_secret);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, organization_id);

CREATE TABLE audit_chains (
	chain     TEXT PRIMARY KEY,
	head_seq  INTEGER NOT NULL,
	head_hash TEXT NOT NULL
);

CREATE TABLE audit_events (
	chain       TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	time        TEXT NOT NULL,
	actor_id    TEXT NOT NULL DEFAULT '',
	actor_name  TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL DEFAULT '',
	object_id   TEXT NOT NULL DEFAULT '',
	changes     TEXT NOT NULL DEFAULT '{}',
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL,
	PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_events_object_idx ON audit_events (chain, object_type, object_id, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (chain, actor_id, seq);
CREATE INDEX audit_events_time_idx ON audit_events (chain, time);

-- The audit trail is append-only.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

CREATE TABLE approvals (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	object_type     TEXT NOT NULL,
	object_id       TEXT NOT NULL,
	object_version  INTEGER NOT NULL,
	title           TEXT NOT NULL,
	content         TEXT NOT NULL,
	content_sha256  TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL,
	submitted_by    TEXT NOT NULL REFERENCES users (id),
	submitter_name  TEXT NOT NULL,
	submitted_at    TEXT NOT NULL,
	closed_at       TEXT
);
CREATE INDEX approvals_object_idx ON approvals (organization_id, object_type, object_id, object_version);
CREATE INDEX approvals_status_idx ON approvals (organization_id, status, submitted_at);

-- The content of a submission never changes.
CREATE TRIGGER approvals_content_immutable BEFORE UPDATE OF content, content_sha256, object_version ON approvals
BEGIN SELECT RAISE(ABORT, 'approved content is immutable'); END;

CREATE TABLE approval_approvers (
	approval_id     TEXT NOT NULL REFERENCES approvals (id),
	organization_id TEXT NOT NULL,
	user_id         TEXT NOT NULL REFERENCES users (id),
	position        INTEGER NOT NULL,
	name            TEXT NOT NULL,
	decision        TEXT NOT NULL DEFAULT '',
	comment         TEXT NOT NULL DEFAULT '',
	content_sha256  TEXT NOT NULL DEFAULT '',
	decided_at      TEXT,
	PRIMARY KEY (approval_id, user_id)
);
CREATE INDEX approval_approvers_user_idx ON approval_approvers (organization_id, user_id);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
