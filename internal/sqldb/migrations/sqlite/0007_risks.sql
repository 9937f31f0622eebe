-- Risk management: versioned risk methods, assets, the risk register,
-- treatment actions, residual-risk acceptances and dated assessments.

-- One row per version of an organization's method. content is the JSON of
-- the scales, levels, matrix and acceptance criteria (isms.RiskMethod).
CREATE TABLE risk_methods (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	number          INTEGER NOT NULL,
	name            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	content         TEXT NOT NULL,
	review_months   INTEGER NOT NULL,
	status          TEXT NOT NULL,
	approved_at     TEXT,
	approval_id     TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX risk_methods_number_key ON risk_methods (organization_id, number);

-- number is the numeric part of ref ("AS-12" → 12), for natural order.
CREATE TABLE assets (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	number          INTEGER NOT NULL DEFAULT 0,
	name            TEXT NOT NULL,
	type            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	classification  TEXT NOT NULL DEFAULT '',
	conf            INTEGER NOT NULL DEFAULT 0,
	integ           INTEGER NOT NULL DEFAULT 0,
	avail           INTEGER NOT NULL DEFAULT 0,
	location        TEXT NOT NULL DEFAULT '',
	parent_id       TEXT REFERENCES assets (id),
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX assets_ref_key ON assets (organization_id, ref);
CREATE INDEX assets_number_idx ON assets (organization_id, number, ref);
CREATE INDEX assets_name_idx ON assets (organization_id, LOWER(name), id);
CREATE INDEX assets_type_idx ON assets (organization_id, type, number, ref);
CREATE INDEX assets_owner_idx ON assets (organization_id, owner_id, number, ref);
CREATE INDEX assets_parent_idx ON assets (organization_id, parent_id);
CREATE INDEX assets_classification_idx ON assets (organization_id, classification, number, ref);
CREATE INDEX assets_updated_idx ON assets (organization_id, updated_at, id);

-- asset_id depends on depends_on_id.
CREATE TABLE asset_dependencies (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	asset_id        TEXT NOT NULL REFERENCES assets (id),
	depends_on_id   TEXT NOT NULL REFERENCES assets (id),
	PRIMARY KEY (asset_id, depends_on_id)
);
CREATE INDEX asset_dependencies_on_idx ON asset_dependencies (organization_id, depends_on_id);

-- Scores are positions on the method's scales (0 unset); *_level is the
-- matrix level number under method_id. acceptance_id and accepted_until
-- hold the standing acceptance, if any.
CREATE TABLE risks (
	id                  TEXT PRIMARY KEY,
	organization_id     TEXT NOT NULL REFERENCES organizations (id),
	ref                 TEXT NOT NULL,
	number              INTEGER NOT NULL DEFAULT 0,
	title               TEXT NOT NULL,
	kind                TEXT NOT NULL,
	threat_source       TEXT NOT NULL DEFAULT '',
	event               TEXT NOT NULL DEFAULT '',
	consequence         TEXT NOT NULL DEFAULT '',
	threat              TEXT NOT NULL DEFAULT '',
	vulnerability       TEXT NOT NULL DEFAULT '',
	description         TEXT NOT NULL DEFAULT '',
	category            TEXT NOT NULL DEFAULT '',
	owner_id            TEXT REFERENCES users (id),
	method_id           TEXT REFERENCES risk_methods (id),
	inherent_likelihood INTEGER NOT NULL DEFAULT 0,
	inherent_impact     INTEGER NOT NULL DEFAULT 0,
	inherent_c          INTEGER NOT NULL DEFAULT 0,
	inherent_i          INTEGER NOT NULL DEFAULT 0,
	inherent_a          INTEGER NOT NULL DEFAULT 0,
	inherent_level      INTEGER NOT NULL DEFAULT 0,
	residual_likelihood INTEGER NOT NULL DEFAULT 0,
	residual_impact     INTEGER NOT NULL DEFAULT 0,
	residual_c          INTEGER NOT NULL DEFAULT 0,
	residual_i          INTEGER NOT NULL DEFAULT 0,
	residual_a          INTEGER NOT NULL DEFAULT 0,
	residual_level      INTEGER NOT NULL DEFAULT 0,
	treatment           TEXT NOT NULL DEFAULT '',
	treatment_plan      TEXT NOT NULL DEFAULT '',
	status              TEXT NOT NULL,
	next_review         TEXT,
	last_reviewed       TEXT,
	review_task_id      TEXT NOT NULL DEFAULT '',
	acceptance_id       TEXT NOT NULL DEFAULT '',
	accepted_until      TEXT,
	created_by          TEXT NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX risks_ref_key ON risks (organization_id, ref);
CREATE INDEX risks_number_idx ON risks (organization_id, number, ref);
CREATE INDEX risks_title_idx ON risks (organization_id, LOWER(title), id);
CREATE INDEX risks_owner_idx ON risks (organization_id, owner_id, number, ref);
CREATE INDEX risks_status_idx ON risks (organization_id, status, number, ref);
CREATE INDEX risks_residual_idx ON risks (organization_id, method_id, residual_level, number, ref);
CREATE INDEX risks_inherent_idx ON risks (organization_id, method_id, inherent_level, number, ref);
-- The heatmap counts the cells of one method version off these alone.
CREATE INDEX risks_residual_cell_idx ON risks (organization_id, method_id, residual_likelihood, residual_impact);
CREATE INDEX risks_inherent_cell_idx ON risks (organization_id, method_id, inherent_likelihood, inherent_impact);
CREATE INDEX risks_review_idx ON risks (organization_id, next_review);
CREATE INDEX risks_updated_idx ON risks (organization_id, updated_at, id);

CREATE TABLE risk_assets (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	risk_id         TEXT NOT NULL REFERENCES risks (id),
	asset_id        TEXT NOT NULL REFERENCES assets (id),
	PRIMARY KEY (risk_id, asset_id)
);
CREATE INDEX risk_assets_asset_idx ON risk_assets (organization_id, asset_id);

CREATE TABLE risk_controls (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	risk_id         TEXT NOT NULL REFERENCES risks (id),
	control_id      TEXT NOT NULL REFERENCES controls (id),
	PRIMARY KEY (risk_id, control_id)
);
CREATE INDEX risk_controls_control_idx ON risk_controls (organization_id, control_id);

-- A treatment action is a task linked to the risk; this row ties it to the
-- risk's plan and, optionally, to the control it carries out.
CREATE TABLE risk_actions (
	task_id         TEXT PRIMARY KEY REFERENCES tasks (id),
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	risk_id         TEXT NOT NULL REFERENCES risks (id),
	control_id      TEXT REFERENCES controls (id)
);
CREATE INDEX risk_actions_risk_idx ON risk_actions (organization_id, risk_id);

CREATE TABLE risk_acceptances (
	id                  TEXT PRIMARY KEY,
	organization_id     TEXT NOT NULL REFERENCES organizations (id),
	risk_id             TEXT NOT NULL REFERENCES risks (id),
	accepted_by         TEXT NOT NULL REFERENCES users (id),
	accepted_by_name    TEXT NOT NULL,
	accepted_at         TEXT NOT NULL,
	method_id           TEXT NOT NULL REFERENCES risk_methods (id),
	method_number       INTEGER NOT NULL,
	residual_likelihood INTEGER NOT NULL,
	residual_impact     INTEGER NOT NULL,
	residual_c          INTEGER NOT NULL DEFAULT 0,
	residual_i          INTEGER NOT NULL DEFAULT 0,
	residual_a          INTEGER NOT NULL DEFAULT 0,
	residual_level      INTEGER NOT NULL,
	level_label         TEXT NOT NULL,
	comment             TEXT NOT NULL DEFAULT '',
	expires_on          TEXT NOT NULL,
	ended_at            TEXT,
	end_reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_acceptances_risk_idx ON risk_acceptances (organization_id, risk_id, accepted_at);

-- Assessments are insert-only. snapshot is the JSON array of entries;
-- sha256 its hash.
CREATE TABLE risk_assessments (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	title           TEXT NOT NULL,
	reason          TEXT NOT NULL DEFAULT '',
	performed_on    TEXT NOT NULL,
	method_id       TEXT REFERENCES risk_methods (id),
	method_number   INTEGER NOT NULL DEFAULT 0,
	risk_count      INTEGER NOT NULL,
	snapshot        TEXT NOT NULL,
	sha256          TEXT NOT NULL,
	created_by      TEXT NOT NULL REFERENCES users (id),
	created_by_name TEXT NOT NULL,
	created_at      TEXT NOT NULL
);
CREATE INDEX risk_assessments_date_idx ON risk_assessments (organization_id, performed_on, created_at);
