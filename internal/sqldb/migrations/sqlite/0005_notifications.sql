-- Notifications by e-mail: each person's preferences, the keys of the
-- notifications already sent (so that a job that runs again sends nothing
-- twice), and the secret calendar feeds.

CREATE TABLE notification_prefs (
	user_id           TEXT PRIMARY KEY REFERENCES users (id),
	assigned          INTEGER NOT NULL DEFAULT 1,
	due_soon_days     INTEGER NOT NULL DEFAULT 3,
	digest            INTEGER NOT NULL DEFAULT 1,
	approvals         INTEGER NOT NULL DEFAULT 1,
	-- Part of every unsubscribe link's signature: a new nonce revokes
	-- the links in the mails already sent.
	unsubscribe_nonce TEXT NOT NULL,
	version           INTEGER NOT NULL DEFAULT 1,
	updated_at        TEXT NOT NULL
);

-- One row per notification sent, keyed by what it is about, such as
-- "due:<task>:<due date>" or "digest:<user>:<date>".
CREATE TABLE notifications_sent (
	key     TEXT PRIMARY KEY,
	user_id TEXT NOT NULL,
	sent_at TEXT NOT NULL
);
CREATE INDEX notifications_sent_time_idx ON notifications_sent (sent_at);

-- A person's calendar feed, found by the SHA-256 of its secret token.
CREATE TABLE calendar_feeds (
	user_id      TEXT PRIMARY KEY REFERENCES users (id),
	hashed_token TEXT NOT NULL,
	created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_token_key ON calendar_feeds (hashed_token);

-- The due-date reminders and the digest walk the open tasks of every
-- organization by owner and due date.
CREATE INDEX tasks_open_owner_idx ON tasks (status, owner_id, due_date);
