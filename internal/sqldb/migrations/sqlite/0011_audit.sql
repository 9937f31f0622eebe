-- Internal audit (27001 9.2) and management review (9.3).
--
-- An audit programme covers a framework over a period; its audits have a
-- checklist (audit_items, one per requirement in scope, which is the
-- audit's scope) and findings. team and overrides are JSON (lists of user
-- IDs and of isms.IndependenceOverride); a finding's requirements are
-- JSON (isms.RequirementRef, reference kept). The ISMS processes an audit
-- covers and the evidence of a finding are record links.
CREATE TABLE audit_programmes (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	framework_id    TEXT NOT NULL,
	start_on        TEXT NOT NULL,
	end_on          TEXT NOT NULL,
	owner_id        TEXT REFERENCES users (id),
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_programmes_ref_key ON audit_programmes (organization_id, ref);

CREATE TABLE internal_audits (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	programme_id    TEXT NOT NULL REFERENCES audit_programmes (id),
	title           TEXT NOT NULL,
	criteria        TEXT NOT NULL DEFAULT '',
	units           TEXT NOT NULL DEFAULT '',
	lead_id         TEXT NOT NULL REFERENCES users (id),
	team            TEXT NOT NULL DEFAULT '[]',
	planned_start   TEXT NOT NULL,
	planned_end     TEXT NOT NULL,
	status          TEXT NOT NULL,
	summary         TEXT NOT NULL DEFAULT '',
	reported_on     TEXT,
	overrides       TEXT NOT NULL DEFAULT '[]',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX internal_audits_ref_key ON internal_audits (organization_id, ref);
CREATE INDEX internal_audits_programme_idx ON internal_audits (organization_id, programme_id, planned_start);

-- result: '' (not yet audited) | conforming | nonconforming | observation | not_audited.
CREATE TABLE audit_items (
	audit_id        TEXT NOT NULL REFERENCES internal_audits (id),
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	requirement_id  TEXT NOT NULL,
	ref             TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	position        INTEGER NOT NULL,
	result          TEXT NOT NULL DEFAULT '',
	notes           TEXT NOT NULL DEFAULT '',
	sampling        TEXT NOT NULL DEFAULT '',
	audited_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	updated_at      TEXT NOT NULL,
	PRIMARY KEY (audit_id, requirement_id)
);
CREATE INDEX audit_items_requirement_idx ON audit_items (organization_id, requirement_id);

-- grade: major | minor | observation | ofi.
CREATE TABLE audit_findings (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	audit_id        TEXT NOT NULL REFERENCES internal_audits (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	grade           TEXT NOT NULL,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	requirements    TEXT NOT NULL DEFAULT '[]',
	raised_by       TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_findings_ref_key ON audit_findings (organization_id, ref);
CREATE INDEX audit_findings_audit_idx ON audit_findings (organization_id, audit_id, number);

-- status: planned | held | approved. attendees is JSON (a list of
-- strings); pack is JSON (isms.ReviewPack), frozen when the review is
-- held, with its SHA-256.
CREATE TABLE management_reviews (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	title           TEXT NOT NULL,
	planned_on      TEXT NOT NULL,
	chair_id        TEXT NOT NULL REFERENCES users (id),
	status          TEXT NOT NULL,
	held_on         TEXT,
	attendees       TEXT NOT NULL DEFAULT '[]',
	minutes         TEXT NOT NULL DEFAULT '',
	pack            TEXT NOT NULL DEFAULT '',
	pack_sha256     TEXT NOT NULL DEFAULT '',
	schedule_id     TEXT NOT NULL DEFAULT '',
	approval_id     TEXT NOT NULL DEFAULT '',
	approved_at     TEXT,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX management_reviews_ref_key ON management_reviews (organization_id, ref);

-- kind: improvement | change | resource (9.3.3).
CREATE TABLE review_outputs (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	review_id       TEXT NOT NULL REFERENCES management_reviews (id),
	kind            TEXT NOT NULL,
	description     TEXT NOT NULL,
	owner_id        TEXT REFERENCES users (id),
	due_on          TEXT,
	task_id         TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX review_outputs_review_idx ON review_outputs (organization_id, review_id, created_at);
