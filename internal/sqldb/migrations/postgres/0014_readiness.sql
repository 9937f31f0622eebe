-- Readiness check: one row per organization and day keeps that day's
-- latest result (score, counts and the score of each clause as JSON
-- {"4.1": 80, …}), so the check page can draw the trend. A run is derived
-- from the registers and changes none of them.
CREATE TABLE readiness_runs (
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	day             TEXT NOT NULL,
	run_at          TIMESTAMPTZ NOT NULL,
	score           INTEGER NOT NULL,
	blockers        INTEGER NOT NULL,
	warnings        INTEGER NOT NULL,
	hints           INTEGER NOT NULL,
	clauses         TEXT NOT NULL DEFAULT '{}',
	PRIMARY KEY (organization_id, day)
);
