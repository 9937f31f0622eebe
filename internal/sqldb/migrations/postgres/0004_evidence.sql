-- Evidence: items (a file, a link or a note) with a validity date, every
-- version of their files, and links to the records they support. File
-- content lives in the blob store under its SHA-256; rows hold the hash.
-- Dates are calendar days stored as YYYY-MM-DD text, as tasks' are.

CREATE TABLE evidence (
	id                  TEXT PRIMARY KEY,
	organization_id     TEXT NOT NULL REFERENCES organizations (id),
	title               TEXT NOT NULL,
	description         TEXT NOT NULL DEFAULT '',
	kind                TEXT NOT NULL,
	url                 TEXT NOT NULL DEFAULT '',
	note                TEXT NOT NULL DEFAULT '',
	owner_id            TEXT REFERENCES users (id),
	collected_on        TEXT NOT NULL,
	valid_until         TEXT,
	validity_days       INTEGER NOT NULL DEFAULT 0,
	source              TEXT NOT NULL,
	current_version     INTEGER NOT NULL DEFAULT 0,
	-- file_missing: a file item without a file, or whose current file
	-- failed its integrity check; kept with the file versions.
	file_missing        BOOLEAN NOT NULL DEFAULT FALSE,
	-- The validity date a renewal task was made for, and the one whose
	-- expiry was recorded, so the freshness check acts once per date.
	renewal_for         TEXT,
	expiry_recorded_for TEXT,
	created_by          TEXT NOT NULL DEFAULT '',
	creator_name        TEXT NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TIMESTAMPTZ NOT NULL,
	updated_at          TIMESTAMPTZ NOT NULL
);
-- The list's orders: each keeps an unfiltered page in order (items without
-- expiry after every date, the order sqldb.evidenceSorts asks for).
CREATE INDEX evidence_title_idx ON evidence (organization_id, title, id);
CREATE INDEX evidence_kind_idx ON evidence (organization_id, kind, title, id);
CREATE INDEX evidence_valid_until_idx ON evidence (organization_id, (valid_until IS NULL), valid_until, id);
CREATE INDEX evidence_collected_idx ON evidence (organization_id, collected_on, id);
CREATE INDEX evidence_updated_idx ON evidence (organization_id, updated_at, id);
CREATE INDEX evidence_owner_idx ON evidence (organization_id, owner_id, title);
-- The freshness filters and counts; title and id let a filtered page be
-- chosen from the index alone.
CREATE INDEX evidence_freshness_idx ON evidence (organization_id, file_missing, valid_until, title, id);

-- How many items each organization has: the total of the unfiltered
-- list, which would otherwise count every row of a large register.
CREATE TABLE evidence_counts (
	organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
	items           INTEGER NOT NULL
);

CREATE TABLE evidence_files (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	evidence_id     TEXT NOT NULL REFERENCES evidence (id),
	version         INTEGER NOT NULL,
	sha256          TEXT NOT NULL,
	size            BIGINT NOT NULL,
	media_type      TEXT NOT NULL,
	file_name       TEXT NOT NULL,
	uploaded_by     TEXT NOT NULL DEFAULT '',
	uploader_name   TEXT NOT NULL DEFAULT '',
	uploaded_at     TIMESTAMPTZ NOT NULL,
	integrity       TEXT NOT NULL DEFAULT 'ok',
	checked_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX evidence_files_version_key ON evidence_files (evidence_id, version);
CREATE INDEX evidence_files_sha256_idx ON evidence_files (sha256);
CREATE INDEX evidence_files_org_idx ON evidence_files (organization_id, evidence_id, version);
CREATE INDEX evidence_files_integrity_idx ON evidence_files (organization_id, integrity);

-- A stored version never changes; only its integrity check is recorded.
CREATE FUNCTION evidence_files_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'evidence file versions are immutable'; END $$;
CREATE TRIGGER evidence_files_immutable BEFORE UPDATE OF organization_id, evidence_id, version, sha256, size, media_type, file_name ON evidence_files
FOR EACH ROW EXECUTE FUNCTION evidence_files_immutable();

CREATE TABLE evidence_links (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	evidence_id     TEXT NOT NULL REFERENCES evidence (id),
	record_type     TEXT NOT NULL,
	record_id       TEXT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX evidence_links_key ON evidence_links (evidence_id, record_type, record_id);
CREATE INDEX evidence_links_record_idx ON evidence_links (organization_id, record_type, record_id);
