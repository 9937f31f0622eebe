-- Frameworks and their requirement trees, mapping sets between frameworks,
-- the organization's controls and their links to requirements. Each
-- organization holds its own copy of every framework it uses.

CREATE TABLE frameworks (
	id                TEXT PRIMARY KEY,
	organization_id   TEXT NOT NULL REFERENCES organizations (id),
	key               TEXT NOT NULL,
	name              TEXT NOT NULL,
	edition           TEXT NOT NULL DEFAULT '',
	publisher         TEXT NOT NULL DEFAULT '',
	description       TEXT NOT NULL DEFAULT '',
	source            TEXT NOT NULL,
	source_file       TEXT NOT NULL DEFAULT '',
	sha256            TEXT NOT NULL DEFAULT '',
	requirement_count INTEGER NOT NULL DEFAULT 0,
	assessable_count  INTEGER NOT NULL DEFAULT 0,
	imported_by       TEXT NOT NULL DEFAULT '',
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX frameworks_key ON frameworks (organization_id, key);
CREATE INDEX frameworks_name_idx ON frameworks (organization_id, name, id);

-- Requirements: position is document order within the framework; depth and
-- group_ref (the top-level ancestor's reference) serve the tree and the
-- posture breakdown without recursive queries. attributes is a JSON object
-- of string arrays.
CREATE TABLE requirements (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	framework_id    TEXT NOT NULL REFERENCES frameworks (id),
	parent_id       TEXT,
	ref             TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	description     TEXT NOT NULL DEFAULT '',
	kind            TEXT NOT NULL,
	assessable      INTEGER NOT NULL,
	attributes      TEXT NOT NULL DEFAULT '{}',
	position        INTEGER NOT NULL,
	depth           INTEGER NOT NULL,
	group_ref       TEXT NOT NULL
);
CREATE UNIQUE INDEX requirements_ref_key ON requirements (framework_id, ref);
CREATE INDEX requirements_tree_idx ON requirements (organization_id, framework_id, position);

CREATE TABLE mapping_sets (
	id                  TEXT PRIMARY KEY,
	organization_id     TEXT NOT NULL REFERENCES organizations (id),
	name                TEXT NOT NULL,
	description         TEXT NOT NULL DEFAULT '',
	source_framework_id TEXT NOT NULL REFERENCES frameworks (id),
	target_framework_id TEXT NOT NULL REFERENCES frameworks (id),
	origin              TEXT NOT NULL,
	source_file         TEXT NOT NULL DEFAULT '',
	mapping_count       INTEGER NOT NULL DEFAULT 0,
	created_by          TEXT NOT NULL DEFAULT '',
	created_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX mapping_sets_name_key ON mapping_sets (organization_id, name);

CREATE TABLE mappings (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	set_id          TEXT NOT NULL REFERENCES mapping_sets (id),
	source_id       TEXT NOT NULL REFERENCES requirements (id),
	target_id       TEXT NOT NULL REFERENCES requirements (id),
	relationship    TEXT NOT NULL,
	rationale       TEXT NOT NULL DEFAULT '',
	strength        INTEGER NOT NULL DEFAULT 0,
	composed        INTEGER NOT NULL DEFAULT 0,
	via             TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX mappings_key ON mappings (set_id, source_id, target_id);
CREATE INDEX mappings_source_idx ON mappings (organization_id, source_id);
CREATE INDEX mappings_target_idx ON mappings (organization_id, target_id);

CREATE TABLE controls (
	id              TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	ref             TEXT NOT NULL,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	owner_id        TEXT REFERENCES users (id),
	status          TEXT NOT NULL,
	notes           TEXT NOT NULL DEFAULT '',
	review_months   INTEGER NOT NULL DEFAULT 0,
	next_review     TEXT,
	created_by      TEXT NOT NULL DEFAULT '',
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX controls_ref_key ON controls (organization_id, ref);
CREATE INDEX controls_title_idx ON controls (organization_id, title, id);
CREATE INDEX controls_status_idx ON controls (organization_id, status, ref);
CREATE INDEX controls_owner_idx ON controls (organization_id, owner_id, ref);

-- A control's links to requirements. inferred links were proposed from a
-- mapping and count only as inferred coverage until confirmed.
CREATE TABLE control_links (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	control_id      TEXT NOT NULL REFERENCES controls (id),
	requirement_id  TEXT NOT NULL REFERENCES requirements (id),
	inferred        INTEGER NOT NULL DEFAULT 0,
	basis           TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX control_links_key ON control_links (control_id, requirement_id);
CREATE INDEX control_links_requirement_idx ON control_links (organization_id, requirement_id);
