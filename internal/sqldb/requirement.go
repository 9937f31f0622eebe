// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// requirementColumns are the columns a requirement is read from: the
// requirement joined to its parent for the parent's reference.
const requirementColumns = `r.id, r.organization_id, r.framework_id, COALESCE(r.parent_id, ''), COALESCE(p.ref, ''),
	r.ref, r.title, r.description, r.kind, r.assessable, r.attributes, r.position, r.depth, r.group_ref`

const requirementFrom = ` FROM requirements r LEFT JOIN requirements p ON p.id = r.parent_id`

// maxRequirements caps the requirements read at once: a whole framework's
// tree (NIST SP 800-53 has about 1,200) is read in one query.
const maxRequirements = 50000

func scanRequirement(s interface{ Scan(...any) error }) (*isms.Requirement, error) {
	var r isms.Requirement
	var attrs string
	err := s.Scan(&r.ID, &r.OrgID, &r.FrameworkID, &r.ParentID, &r.ParentRef, &r.Ref, &r.Title, &r.Description,
		&r.Kind, &r.Assessable, &attrs, &r.Position, &r.Depth, &r.GroupRef)
	if err != nil {
		return nil, err
	}
	if attrs != "" && attrs != "{}" {
		if err := json.Unmarshal([]byte(attrs), &r.Attributes); err != nil {
			return nil, fmt.Errorf("requirement %s attributes: %w", r.ID, err)
		}
	}
	return &r, nil
}

// attributesJSON returns a as the JSON text stored in requirements.attributes.
func attributesJSON(a isms.Attributes) (string, error) {
	if len(a) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(a)
	return string(b), err
}

// idsPerStatement is how many IDs one IN list carries.
const idsPerStatement = 500

// chunkIDs calls fn with successive slices of ids of at most
// idsPerStatement, as query arguments.
func chunkIDs(ids []isms.ID, fn func(args []any) error) error {
	for start := 0; start < len(ids); start += idsPerStatement {
		batch := ids[start:min(start+idsPerStatement, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		if err := fn(args); err != nil {
			return err
		}
	}
	return nil
}

// requirementsPerInsert is how many requirements one statement of
// InsertRequirements carries: 13 arguments a row, 13,000 a statement,
// under both databases' limits.
const requirementsPerInsert = 1000

// InsertRequirements stores new requirements with multi-row INSERT
// statements and recounts the requirements of their frameworks.
func (tx *Tx) InsertRequirements(ctx context.Context, rs []*isms.Requirement) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	frameworks := map[isms.ID]isms.ID{} // framework → organization
	for start := 0; start < len(rs); start += requirementsPerInsert {
		batch := rs[start:min(start+requirementsPerInsert, len(rs))]
		args := make([]any, 0, 13*len(batch))
		for _, r := range batch {
			attrs, err := attributesJSON(r.Attributes)
			if err != nil {
				return fmt.Errorf("insert requirement %s: attributes: %w", r.Ref, err)
			}
			args = append(args, r.ID, r.OrgID, r.FrameworkID, nullID(r.ParentID), r.Ref, r.Title, r.Description,
				r.Kind, r.Assessable, attrs, r.Position, r.Depth, r.GroupRef)
			frameworks[r.FrameworkID] = r.OrgID
		}
		q := `INSERT INTO requirements (id, organization_id, framework_id, parent_id, ref, title, description,
			kind, assessable, attributes, position, depth, group_ref) VALUES ` +
			repeatList(row, len(batch))
		if _, err := tx.exec(ctx, q, args...); err != nil {
			if isUniqueIndex(err, "requirements_ref_key", "requirements.framework_id, requirements.ref") {
				return isms.Errorf(isms.Conflict, "A requirement reference of requirements %d to %d is in the framework already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert requirements %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	for fw, org := range frameworks {
		if err := tx.recountFrameworks(ctx, org, []isms.ID{fw}); err != nil {
			return err
		}
	}
	return nil
}

// UpdateRequirement stores the title, description, kind, assessability,
// attributes, position, depth, parent and group of r, and recounts its
// framework's assessable requirements.
func (tx *Tx) UpdateRequirement(ctx context.Context, r *isms.Requirement) error {
	attrs, err := attributesJSON(r.Attributes)
	if err != nil {
		return fmt.Errorf("update requirement %s: attributes: %w", r.Ref, err)
	}
	res, err := tx.exec(ctx, `UPDATE requirements SET title = ?, description = ?, kind = ?, assessable = ?,
		attributes = ?, position = ?, depth = ?, parent_id = ?, group_ref = ?
		WHERE organization_id = ? AND id = ?`,
		r.Title, r.Description, r.Kind, r.Assessable, attrs, r.Position, r.Depth, nullID(r.ParentID), r.GroupRef,
		r.OrgID, r.ID)
	if err != nil {
		return fmt.Errorf("update requirement %s: %w", r.Ref, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such requirement in this organization.")
	}
	_, err = tx.exec(ctx, `UPDATE frameworks SET assessable_count = (SELECT COUNT(*) FROM requirements r
		WHERE r.organization_id = ? AND r.framework_id = frameworks.id AND r.assessable = ?)
		WHERE organization_id = ? AND id = (SELECT framework_id FROM requirements WHERE id = ?)`, r.OrgID, true, r.OrgID, r.ID)
	if err != nil {
		return fmt.Errorf("count assessable requirements: %w", err)
	}
	return nil
}

// DeleteRequirements deletes requirements ids of org with their control
// links and the mappings touching them, then recounts their frameworks
// and the mapping sets.
func (tx *Tx) DeleteRequirements(ctx context.Context, org isms.ID, ids []isms.ID) error {
	if len(ids) == 0 {
		return nil
	}
	frameworks := map[isms.ID]bool{}
	err := chunkIDs(ids, func(args []any) error {
		in := placeholders(len(args))
		rows, err := tx.query(ctx, `SELECT DISTINCT framework_id FROM requirements
			WHERE organization_id = ? AND id IN (`+in+`)`, append([]any{org}, args...)...)
		if err != nil {
			return fmt.Errorf("select frameworks of requirements: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var fw isms.ID
			if err := rows.Scan(&fw); err != nil {
				return fmt.Errorf("scan framework: %w", err)
			}
			frameworks[fw] = true
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	err = chunkIDs(ids, func(args []any) error {
		in := placeholders(len(args))
		for _, q := range []string{
			`DELETE FROM control_links WHERE organization_id = ? AND requirement_id IN (` + in + `)`,
			`DELETE FROM mappings WHERE organization_id = ? AND source_id IN (` + in + `)`,
			`DELETE FROM mappings WHERE organization_id = ? AND target_id IN (` + in + `)`,
			`DELETE FROM requirements WHERE organization_id = ? AND id IN (` + in + `)`,
		} {
			if _, err := tx.exec(ctx, q, append([]any{org}, args...)...); err != nil {
				return fmt.Errorf("delete requirements: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fws := make([]isms.ID, 0, len(frameworks))
	for fw := range frameworks {
		fws = append(fws, fw)
	}
	if err := tx.recountFrameworks(ctx, org, fws); err != nil {
		return err
	}
	return tx.recountMappingSets(ctx, org)
}

// requirementWhere returns the conditions and arguments of f. An attribute
// filter is narrowed here by the attribute value's JSON text and decided
// exactly by attrMatch.
func requirementWhere(f isms.RequirementFilter) (string, []any) {
	where, args := "r.organization_id = ? AND r.framework_id = ?", []any{f.OrgID, f.FrameworkID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(r.ref) LIKE ? ESCAPE '\' OR LOWER(r.title) LIKE ? ESCAPE '\' OR LOWER(r.description) LIKE ? ESCAPE '\')`, s, s, s)
	}
	if f.Kind != "" {
		add("r.kind = ?", f.Kind)
	}
	if f.Assessable != nil {
		add("r.assessable = ?", *f.Assessable)
	}
	if f.GroupRef != "" {
		add("r.group_ref = ?", f.GroupRef)
	}
	if f.AttrName != "" && f.AttrValue != "" && isASCII(f.AttrValue) { // SQLite's LOWER folds ASCII only
		v, _ := json.Marshal(strings.ToLower(f.AttrValue))
		add(`LOWER(r.attributes) LIKE ? ESCAPE '\'`, like(string(v)))
	}
	return where, args
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// attrMatch reports whether r passes the attribute filter of f.
func attrMatch(f isms.RequirementFilter, r *isms.Requirement) bool {
	return f.AttrName == "" || f.AttrValue == "" || r.Attributes.Has(f.AttrName, f.AttrValue)
}

// FindRequirements returns the requirements of f.FrameworkID matching f in
// document order, a page of them when f.Limit is set (every one when it is
// 0), and the total matching.
func (tx *Tx) FindRequirements(ctx context.Context, f isms.RequirementFilter) ([]*isms.Requirement, int, error) {
	where, args := requirementWhere(f)
	rows, err := tx.query(ctx, `SELECT `+requirementColumns+requirementFrom+` WHERE `+where+
		` ORDER BY r.position, r.id LIMIT ?`, append(args, maxRequirements)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select requirements: %w", err)
	}
	defer rows.Close()
	var all []*isms.Requirement
	for rows.Next() {
		r, err := scanRequirement(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan requirement: %w", err)
		}
		if attrMatch(f, r) {
			all = append(all, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("select requirements: %w", err)
	}
	total := len(all)
	if f.Offset >= total {
		return nil, total, nil
	}
	all = all[f.Offset:]
	if f.Limit > 0 {
		all = all[:min(len(all), isms.ClampPage(f.Limit))]
	}
	return all, total, nil
}

// FindRequirementByID returns requirement id of org.
func (tx *Tx) FindRequirementByID(ctx context.Context, org, id isms.ID) (*isms.Requirement, error) {
	r, err := scanRequirement(tx.queryRow(ctx, `SELECT `+requirementColumns+requirementFrom+`
		WHERE r.organization_id = ? AND r.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such requirement in this organization.")
	}
	return r, nil
}

// FindRequirementByRef returns the requirement of framework with ref.
func (tx *Tx) FindRequirementByRef(ctx context.Context, org, framework isms.ID, ref string) (*isms.Requirement, error) {
	r, err := scanRequirement(tx.queryRow(ctx, `SELECT `+requirementColumns+requirementFrom+`
		WHERE r.organization_id = ? AND r.framework_id = ? AND r.ref = ?`, org, framework, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The framework has no requirement %q.", ref))
	}
	return r, nil
}

// RequirementRefs returns the IDs of framework's requirements by reference.
func (tx *Tx) RequirementRefs(ctx context.Context, org, framework isms.ID) (map[string]isms.ID, error) {
	rows, err := tx.query(ctx, `SELECT ref, id FROM requirements WHERE organization_id = ? AND framework_id = ?
		ORDER BY position LIMIT ?`, org, framework, maxRequirements)
	if err != nil {
		return nil, fmt.Errorf("select requirement refs: %w", err)
	}
	defer rows.Close()
	out := map[string]isms.ID{}
	for rows.Next() {
		var ref string
		var id isms.ID
		if err := rows.Scan(&ref, &id); err != nil {
			return nil, fmt.Errorf("scan requirement ref: %w", err)
		}
		out[ref] = id
	}
	return out, rows.Err()
}

// CountControlLinksTo returns how many control links, confirmed or
// inferred, point at requirements reqIDs of org.
func (tx *Tx) CountControlLinksTo(ctx context.Context, org isms.ID, reqIDs []isms.ID) (int, error) {
	total := 0
	err := chunkIDs(reqIDs, func(args []any) error {
		var n int
		err := tx.queryRow(ctx, `SELECT COUNT(*) FROM control_links WHERE organization_id = ? AND requirement_id IN (`+
			placeholders(len(args))+`)`, append([]any{org}, args...)...).Scan(&n)
		total += n
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count control links: %w", err)
	}
	return total, nil
}
