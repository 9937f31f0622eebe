-- The evidence of a control (posture, the SoA, the readiness check) is read
-- from its links: with the evidence ID in the record index and the validity
-- and collection dates in an index on evidence, those reads need neither
-- table, which matters when a control has hundreds of items.
DROP INDEX evidence_links_record_idx;
CREATE INDEX evidence_links_record_idx ON evidence_links (organization_id, record_type, record_id, evidence_id);
CREATE INDEX evidence_link_facts_idx ON evidence (id, organization_id, valid_until, collected_on, file_missing);
