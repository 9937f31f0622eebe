-- The Statement of Applicability (27001 6.1.3 d): numbered versions per
-- framework, each with one line per requirement. A version and its lines
-- keep the framework's name and the requirements' references and titles,
-- so that an approved version stays readable after its framework changes.
-- sources is JSON (isms.SoASources): derived live for a draft, recorded
-- when the draft is submitted (frozen).
CREATE TABLE soas (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	framework_id    TEXT NOT NULL,
	framework_name  TEXT NOT NULL,
	number          INTEGER NOT NULL,
	status          TEXT NOT NULL,
	note            TEXT NOT NULL DEFAULT '',
	frozen          BOOLEAN NOT NULL DEFAULT FALSE,
	approved_at     TIMESTAMPTZ,
	approval_id     TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX soas_number_key ON soas (organization_id, framework_id, number);

CREATE TABLE soa_lines (
	soa_id          TEXT NOT NULL REFERENCES soas (id),
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	requirement_id  TEXT NOT NULL,
	ref             TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	position        INTEGER NOT NULL,
	applicable      TEXT NOT NULL DEFAULT '',
	business        BOOLEAN NOT NULL DEFAULT FALSE,
	practice        BOOLEAN NOT NULL DEFAULT FALSE,
	reason          TEXT NOT NULL DEFAULT '',
	exclusion       TEXT NOT NULL DEFAULT '',
	status_override TEXT NOT NULL DEFAULT '',
	override_reason TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	change_reason   TEXT NOT NULL DEFAULT '',
	sources         TEXT NOT NULL DEFAULT '{}',
	updated_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	updated_at      TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (soa_id, requirement_id)
);
CREATE INDEX soa_lines_org_idx ON soa_lines (organization_id, soa_id, position);

-- The SoA reads which risks use each control: an index that holds both
-- spares a table lookup per pair.
DROP INDEX risk_controls_control_idx;
CREATE INDEX risk_controls_control_idx ON risk_controls (organization_id, control_id, risk_id);
