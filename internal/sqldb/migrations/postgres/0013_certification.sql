-- External audit and certification: certificates, the certification
-- body's audits (stage 1, stage 2, surveillance, recertification) and
-- their findings, evidence requests (an auditor's request list), the
-- organization's package-signing key, and time-bound, framework-limited
-- memberships for external auditors.
--
-- A finding's requirements are JSON (isms.RequirementRef); a request's
-- thread is JSON (isms.RequestMessage). The evidence attached to a
-- request is record links (evidence_request -> evidence).
CREATE TABLE certificates (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	cert_number     TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL,
	standard        TEXT NOT NULL,
	framework_id    TEXT NOT NULL DEFAULT '',
	scope           TEXT NOT NULL DEFAULT '',
	issued_on       TEXT,
	expires_on      TEXT,
	status          TEXT NOT NULL,
	owner_id        TEXT NOT NULL REFERENCES users (id),
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX certificates_ref_key ON certificates (organization_id, ref);

-- kind: stage1 | stage2 | surveillance | recertification | special.
-- status: planned | in_progress | completed | cancelled.
-- result: '' | recommended | conditional | not_recommended.
CREATE TABLE external_audits (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	certificate_id   TEXT NOT NULL REFERENCES certificates (id),
	kind             TEXT NOT NULL,
	cycle            INTEGER NOT NULL DEFAULT 1,
	sequence         INTEGER NOT NULL DEFAULT 0,
	start_on         TEXT NOT NULL,
	end_on           TEXT NOT NULL,
	team             TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL,
	result           TEXT NOT NULL DEFAULT '',
	summary          TEXT NOT NULL DEFAULT '',
	reminder_task_id TEXT NOT NULL DEFAULT '',
	created_by       TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX external_audits_ref_key ON external_audits (organization_id, ref);
CREATE INDEX external_audits_certificate_idx ON external_audits (organization_id, certificate_id, start_on);

CREATE TABLE external_findings (
	id               TEXT PRIMARY KEY,
	organization_id  TEXT NOT NULL REFERENCES organizations (id),
	audit_id         TEXT NOT NULL REFERENCES external_audits (id),
	ref              TEXT NOT NULL,
	number           INTEGER NOT NULL DEFAULT 0,
	grade            TEXT NOT NULL,
	title            TEXT NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	requirements     TEXT NOT NULL DEFAULT '[]',
	cap_due          TEXT,
	nonconformity_id TEXT NOT NULL DEFAULT '',
	raised_by        TEXT NOT NULL DEFAULT '',
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TIMESTAMPTZ NOT NULL,
	updated_at       TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX external_findings_ref_key ON external_findings (organization_id, ref);
CREATE INDEX external_findings_audit_idx ON external_findings (organization_id, audit_id);

-- status: open | answered | accepted | cancelled.
CREATE TABLE evidence_requests (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	audit_id        TEXT NOT NULL DEFAULT '',
	requirement_id  TEXT NOT NULL DEFAULT '',
	requirement_ref TEXT NOT NULL DEFAULT '',
	framework_id    TEXT NOT NULL DEFAULT '',
	control_id      TEXT NOT NULL DEFAULT '',
	title           TEXT NOT NULL,
	detail          TEXT NOT NULL DEFAULT '',
	due_on          TEXT NOT NULL,
	owner_id        TEXT NOT NULL REFERENCES users (id),
	requested_by    TEXT NOT NULL REFERENCES users (id),
	status          TEXT NOT NULL,
	round           INTEGER NOT NULL DEFAULT 1,
	task_id         TEXT NOT NULL DEFAULT '',
	thread          TEXT NOT NULL DEFAULT '[]',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX evidence_requests_ref_key ON evidence_requests (organization_id, ref);
CREATE INDEX evidence_requests_status_idx ON evidence_requests (organization_id, status, due_on);
CREATE INDEX evidence_requests_task_idx ON evidence_requests (organization_id, task_id);

-- The private key is sealed with the installation's secret key
-- (AES-256-GCM, the organization's ID as additional data).
CREATE TABLE signing_keys (
	organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
	public_key      TEXT NOT NULL,
	private_sealed  TEXT NOT NULL,
	fingerprint     TEXT NOT NULL,
	created_by      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);

ALTER TABLE memberships ADD COLUMN access_until TEXT;
ALTER TABLE memberships ADD COLUMN framework_id TEXT NOT NULL DEFAULT '';
