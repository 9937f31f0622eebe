-- At most one pending submission per record.
CREATE UNIQUE INDEX approvals_pending_key ON approvals (organization_id, object_type, object_id) WHERE status = 'pending';
