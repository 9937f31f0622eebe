// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// mappingSetColumns are the columns a mapping set is read from: the set
// joined to its two frameworks for their titles.
const mappingSetColumns = `s.id, s.organization_id, s.name, s.description, s.source_framework_id, s.target_framework_id,
	sf.name, sf.edition, tf.name, tf.edition, s.origin, s.source_file, s.mapping_count, s.created_by, s.created_at`

const mappingSetFrom = ` FROM mapping_sets s
	JOIN frameworks sf ON sf.id = s.source_framework_id
	JOIN frameworks tf ON tf.id = s.target_framework_id`

func scanMappingSet(sc interface{ Scan(...any) error }) (*isms.MappingSet, error) {
	var s isms.MappingSet
	var src, tgt isms.Framework
	err := sc.Scan(&s.ID, &s.OrgID, &s.Name, &s.Description, &s.SourceFrameworkID, &s.TargetFrameworkID,
		&src.Name, &src.Edition, &tgt.Name, &tgt.Edition, &s.Origin, &s.SourceFile, &s.Mappings, &s.CreatedBy,
		(*timestamp)(&s.CreatedAt))
	s.SourceName, s.TargetName = src.Title(), tgt.Title()
	return &s, err
}

// mappingColumns are the columns a mapping is read from: the mapping
// joined to its source (a) and target (b) requirements.
const mappingColumns = `m.set_id, m.source_id, m.target_id, a.ref, b.ref, a.title, b.title,
	m.relationship, m.rationale, m.strength, m.composed, m.via`

const mappingFrom = ` FROM mappings m
	JOIN requirements a ON a.id = m.source_id
	JOIN requirements b ON b.id = m.target_id`

// maxMappings caps the mappings read at once between two frameworks.
const maxMappings = 100000

func scanMapping(sc interface{ Scan(...any) error }) (isms.Mapping, error) {
	var m isms.Mapping
	err := sc.Scan(&m.SetID, &m.SourceID, &m.TargetID, &m.SourceRef, &m.TargetRef, &m.SourceTitle, &m.TargetTitle,
		&m.Relationship, &m.Rationale, &m.Strength, &m.Composed, &m.Via)
	return m, err
}

// InsertMappingSet stores a new mapping set, without mappings, and sets
// its creation time.
func (tx *Tx) InsertMappingSet(ctx context.Context, s *isms.MappingSet) error {
	s.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO mapping_sets (id, organization_id, name, description, source_framework_id,
		target_framework_id, origin, source_file, mapping_count, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.OrgID, s.Name, s.Description, s.SourceFrameworkID, s.TargetFrameworkID, s.Origin, s.SourceFile,
		s.Mappings, s.CreatedBy, tx.ts(s.CreatedAt))
	if isUniqueIndex(err, "mapping_sets_name_key", "mapping_sets.organization_id, mapping_sets.name") {
		return isms.Errorf(isms.Conflict, "A mapping set named %q exists already; delete it first or choose another name.", s.Name)
	}
	if err != nil {
		return fmt.Errorf("insert mapping set: %w", err)
	}
	return nil
}

// mappingsPerInsert is how many mappings one statement of InsertMappings
// carries: 9 arguments a row, 9,000 a statement.
const mappingsPerInsert = 1000

// InsertMappings stores mappings of org with multi-row INSERT statements
// and recounts the mappings of the organization's sets.
func (tx *Tx) InsertMappings(ctx context.Context, org isms.ID, ms []isms.Mapping) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for start := 0; start < len(ms); start += mappingsPerInsert {
		batch := ms[start:min(start+mappingsPerInsert, len(ms))]
		args := make([]any, 0, 9*len(batch))
		for _, m := range batch {
			args = append(args, org, m.SetID, m.SourceID, m.TargetID, m.Relationship, m.Rationale, m.Strength, m.Composed, m.Via)
		}
		q := `INSERT INTO mappings (organization_id, set_id, source_id, target_id, relationship, rationale,
			strength, composed, via) VALUES ` + repeatList(row, len(batch))
		if _, err := tx.exec(ctx, q, args...); err != nil {
			if isUniqueIndex(err, "mappings_key", "mappings.set_id, mappings.source_id, mappings.target_id") {
				return isms.Errorf(isms.Invalid, "Mappings %d to %d relate the same two requirements twice.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert mappings %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return tx.recountMappingSets(ctx, org)
}

// recountMappingSets sets the mapping counts of org's sets from their
// mappings. An organization has few sets.
func (tx *Tx) recountMappingSets(ctx context.Context, org isms.ID) error {
	_, err := tx.exec(ctx, `UPDATE mapping_sets SET mapping_count = (SELECT COUNT(*) FROM mappings m
		WHERE m.set_id = mapping_sets.id) WHERE organization_id = ?`, org)
	if err != nil {
		return fmt.Errorf("count mappings: %w", err)
	}
	return nil
}

// FindMappingSets returns the mapping sets of org by name.
func (tx *Tx) FindMappingSets(ctx context.Context, org isms.ID) ([]*isms.MappingSet, error) {
	rows, err := tx.query(ctx, `SELECT `+mappingSetColumns+mappingSetFrom+`
		WHERE s.organization_id = ? ORDER BY LOWER(s.name), s.id LIMIT ?`, org, isms.MaxPageSize)
	if err != nil {
		return nil, fmt.Errorf("select mapping sets: %w", err)
	}
	defer rows.Close()
	var out []*isms.MappingSet
	for rows.Next() {
		s, err := scanMappingSet(rows)
		if err != nil {
			return nil, fmt.Errorf("scan mapping set: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindMappingSetByID returns mapping set id of org.
func (tx *Tx) FindMappingSetByID(ctx context.Context, org, id isms.ID) (*isms.MappingSet, error) {
	s, err := scanMappingSet(tx.queryRow(ctx, `SELECT `+mappingSetColumns+mappingSetFrom+`
		WHERE s.organization_id = ? AND s.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such mapping set in this organization.")
	}
	return s, nil
}

// FindMappingSetByName returns the mapping set of org named name.
func (tx *Tx) FindMappingSetByName(ctx context.Context, org isms.ID, name string) (*isms.MappingSet, error) {
	s, err := scanMappingSet(tx.queryRow(ctx, `SELECT `+mappingSetColumns+mappingSetFrom+`
		WHERE s.organization_id = ? AND s.name = ?`, org, name))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no mapping set named %q.", name))
	}
	return s, nil
}

// DeleteMappingSet deletes mapping set id of org with its mappings.
func (tx *Tx) DeleteMappingSet(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM mappings WHERE organization_id = ? AND set_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete mappings: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM mapping_sets WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete mapping set: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such mapping set in this organization.")
	}
	return nil
}

// FindMappings returns a page of the mappings of set in the source
// framework's order, and the total.
func (tx *Tx) FindMappings(ctx context.Context, org, set isms.ID, limit, offset int) ([]isms.Mapping, int, error) {
	var total int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM mappings WHERE organization_id = ? AND set_id = ?`, org, set).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("count mappings: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	out, err := tx.mappings(ctx, `SELECT `+mappingColumns+mappingFrom+` WHERE m.organization_id = ? AND m.set_id = ?
		ORDER BY a.position, b.position, m.target_id LIMIT ? OFFSET ?`, org, set, isms.ClampPage(limit), offset)
	return out, total, err
}

// MappingsOf returns the mappings from or to requirement of org, in either
// set, with the references and titles of both ends.
func (tx *Tx) MappingsOf(ctx context.Context, org, requirement isms.ID) ([]isms.Mapping, error) {
	return tx.mappings(ctx, `SELECT `+mappingColumns+mappingFrom+` WHERE m.organization_id = ? AND m.source_id = ?
		UNION ALL
		SELECT `+mappingColumns+mappingFrom+` WHERE m.organization_id = ? AND m.target_id = ? AND m.source_id <> m.target_id
		ORDER BY 1, 4, 5 LIMIT ?`, org, requirement, org, requirement, isms.MaxPageSize)
}

// MappingsBetween returns the mappings of every set between frameworks a
// and b of org, in either direction.
func (tx *Tx) MappingsBetween(ctx context.Context, org, a, b isms.ID) ([]isms.Mapping, error) {
	return tx.mappings(ctx, `SELECT `+mappingColumns+mappingFrom+`
		JOIN mapping_sets s ON s.id = m.set_id
		WHERE m.organization_id = ? AND ((s.source_framework_id = ? AND s.target_framework_id = ?)
			OR (s.source_framework_id = ? AND s.target_framework_id = ?))
		ORDER BY m.set_id, a.position, b.position LIMIT ?`, org, a, b, b, a, maxMappings)
}

func (tx *Tx) mappings(ctx context.Context, query string, args ...any) ([]isms.Mapping, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select mappings: %w", err)
	}
	defer rows.Close()
	var out []isms.Mapping
	for rows.Next() {
		m, err := scanMapping(rows)
		if err != nil {
			return nil, fmt.Errorf("scan mapping: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
