// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The Statement of Applicability's versions (soas) and lines (soa_lines),
// and the queries that derive each line's sources for one framework
// (soa_derive.go).

// soaColumns are the columns an SoA version is read from.
const soaColumns = `id, organization_id, framework_id, framework_name, number, status, note, frozen, approved_at,
	approval_id, created_by, version, created_at, updated_at`

// maxSoAs caps the versions read at once; an organization makes a few a
// year per framework.
const maxSoAs = 1000

// soaNotFound is the message of a version that is not the organization's.
const soaNotFound = "No such version of the Statement of Applicability in this organization."

func scanSoA(s rowScanner) (*isms.SoA, error) {
	var a isms.SoA
	err := s.Scan(&a.ID, &a.OrgID, &a.FrameworkID, &a.FrameworkName, &a.Number, &a.Status, &a.Note, &a.Frozen,
		(*timestamp)(&a.ApprovedAt), &a.ApprovalID, &a.CreatedBy, &a.Version, (*timestamp)(&a.CreatedAt), (*timestamp)(&a.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// InsertSoA inserts a new SoA version. A second version with the same
// number for the same framework is a Conflict.
func (tx *Tx) InsertSoA(ctx context.Context, s *isms.SoA) error {
	s.Version, s.CreatedAt, s.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO soas (`+soaColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.OrgID, s.FrameworkID, s.FrameworkName, s.Number, s.Status, s.Note, s.Frozen, tx.ts(s.ApprovedAt),
		s.ApprovalID, s.CreatedBy, s.Version, tx.ts(s.CreatedAt), tx.ts(s.UpdatedAt))
	if isUniqueIndex(err, "soas_number_key", "soas.organization_id, soas.framework_id, soas.number") {
		return isms.Errorf(isms.Conflict, "Version %d of the Statement of Applicability exists already; reload the page and try again.", s.Number)
	}
	if err != nil {
		return fmt.Errorf("insert soa: %w", err)
	}
	return nil
}

// UpdateSoA writes s's status, note, frozen flag, approval time and
// approval, read at version; it bumps s.Version and s.UpdatedAt. A stale
// version is a Conflict.
func (tx *Tx) UpdateSoA(ctx context.Context, s *isms.SoA, version int) error {
	res, err := tx.exec(ctx, `UPDATE soas SET status = ?, note = ?, frozen = ?, approved_at = ?, approval_id = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		s.Status, s.Note, s.Frozen, tx.ts(s.ApprovedAt), s.ApprovalID, tx.ts(tx.now), s.OrgID, s.ID, version)
	if err != nil {
		return fmt.Errorf("update soa: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("Statement of Applicability")
	}
	s.Version, s.UpdatedAt = version+1, tx.now
	return nil
}

// FindSoAByID returns one SoA version of org.
func (tx *Tx) FindSoAByID(ctx context.Context, org, id isms.ID) (*isms.SoA, error) {
	return tx.findSoA(ctx, org, id, "")
}

// FindSoAByIDForUpdate is FindSoAByID, locking the row until the
// transaction ends.
func (tx *Tx) FindSoAByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.SoA, error) {
	return tx.findSoA(ctx, org, id, tx.forUpdate())
}

func (tx *Tx) findSoA(ctx context.Context, org, id isms.ID, lock string) (*isms.SoA, error) {
	s, err := scanSoA(tx.queryRow(ctx, `SELECT `+soaColumns+` FROM soas WHERE organization_id = ? AND id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, soaNotFound)
	}
	return s, nil
}

// FindSoAByNumber returns version number of framework's SoA.
func (tx *Tx) FindSoAByNumber(ctx context.Context, org, framework isms.ID, number int) (*isms.SoA, error) {
	s, err := scanSoA(tx.queryRow(ctx, `SELECT `+soaColumns+` FROM soas
		WHERE organization_id = ? AND framework_id = ? AND number = ?`, org, framework, number))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The Statement of Applicability has no version v%d.", number))
	}
	return s, nil
}

// FindSoAs lists the SoA versions of framework in org (every framework's
// for ""), by framework name then newest first.
func (tx *Tx) FindSoAs(ctx context.Context, org, framework isms.ID) ([]*isms.SoA, error) {
	where, args := `organization_id = ?`, []any{org}
	if framework != "" {
		where, args = where+` AND framework_id = ?`, append(args, framework)
	}
	return selectRows(ctx, tx, "soa", "soas", `SELECT `+soaColumns+` FROM soas WHERE `+where+
		` ORDER BY LOWER(framework_name), framework_id, number DESC LIMIT ?`, append(args, maxSoAs), scanSoA)
}

// FindSoAWithStatus returns framework's SoA version with status; NotFound
// when there is none.
func (tx *Tx) FindSoAWithStatus(ctx context.Context, org, framework isms.ID, status isms.SoAStatus) (*isms.SoA, error) {
	s, err := scanSoA(tx.queryRow(ctx, `SELECT `+soaColumns+` FROM soas
		WHERE organization_id = ? AND framework_id = ? AND status = ? ORDER BY number DESC LIMIT 1`, org, framework, status))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The framework has no %s Statement of Applicability.", status))
	}
	return s, nil
}

// MaxSoANumber returns the highest version number of framework's SoA, 0
// when there is none.
func (tx *Tx) MaxSoANumber(ctx context.Context, org, framework isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM soas WHERE organization_id = ? AND framework_id = ?`,
		org, framework).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max soa number: %w", err)
	}
	return n, nil
}

// DeleteSoA deletes an SoA version and its lines.
func (tx *Tx) DeleteSoA(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM soa_lines WHERE organization_id = ? AND soa_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete soa lines: %w", err)
	}
	return tx.deleteOne(ctx, "soas", org, id, soaNotFound)
}

// soaLineColumns are the columns a line is read from. The owner's name is
// a scalar subquery rather than an outer join, so that PostgreSQL can lock
// the line FOR UPDATE.
const soaLineColumns = `l.soa_id, l.organization_id, l.requirement_id, l.ref, l.title, l.position, l.applicable,
	l.business, l.practice, l.reason, l.exclusion, l.status_override, l.override_reason, COALESCE(l.owner_id, ''),
	COALESCE((SELECT u.name FROM users u WHERE u.id = l.owner_id), ''), l.change_reason, l.sources, l.updated_by,
	l.version, l.updated_at`

// maxSoALines caps the lines read at once: one per requirement of a
// framework.
const maxSoALines = maxRequirements

func scanSoALine(s rowScanner) (*isms.SoALine, error) {
	var l isms.SoALine
	var sources string
	err := s.Scan(&l.SoAID, &l.OrgID, &l.RequirementID, &l.Ref, &l.Title, &l.Position, &l.Applicable,
		&l.Business, &l.Practice, &l.Reason, &l.Exclusion, &l.Override, &l.OverrideReason, &l.OwnerID,
		&l.OwnerName, &l.ChangeReason, &sources, &l.UpdatedBy, &l.Version, (*timestamp)(&l.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(sources), &l.Sources); err != nil {
		return nil, fmt.Errorf("soa %s line %s: sources: %w", l.SoAID, l.Ref, err)
	}
	return &l, nil
}

// soaSourcesJSON returns the sources column of a line.
func soaSourcesJSON(s isms.SoASources) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("encode soa sources: %w", err)
	}
	return string(b), nil
}

// soaLinesPerInsert is how many lines one statement of InsertSoALines
// carries: 19 arguments a row, 9,500 a statement, under SQLite's 32,766.
const soaLinesPerInsert = 500

// InsertSoALines inserts the lines of a version, in batches.
func (tx *Tx) InsertSoALines(ctx context.Context, lines []*isms.SoALine) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for start := 0; start < len(lines); start += soaLinesPerInsert {
		batch := lines[start:min(start+soaLinesPerInsert, len(lines))]
		args := make([]any, 0, 19*len(batch))
		for _, l := range batch {
			sources, err := soaSourcesJSON(l.Sources)
			if err != nil {
				return err
			}
			l.Version, l.UpdatedAt = 1, tx.now
			args = append(args, l.SoAID, l.OrgID, l.RequirementID, l.Ref, l.Title, l.Position, l.Applicable,
				l.Business, l.Practice, l.Reason, l.Exclusion, l.Override, l.OverrideReason, nullID(l.OwnerID),
				l.ChangeReason, sources, l.UpdatedBy, l.Version, tx.ts(l.UpdatedAt))
		}
		_, err := tx.exec(ctx, `INSERT INTO soa_lines (soa_id, organization_id, requirement_id, ref, title, position,
			applicable, business, practice, reason, exclusion, status_override, override_reason, owner_id, change_reason,
			sources, updated_by, version, updated_at) VALUES `+repeatList(row, len(batch)), args...)
		if err != nil {
			return fmt.Errorf("insert soa lines %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// FindSoALines returns the lines of a version in position order, with
// their owners' names.
func (tx *Tx) FindSoALines(ctx context.Context, org, soa isms.ID) ([]*isms.SoALine, error) {
	return selectRows(ctx, tx, "soa line", "soa lines", `SELECT `+soaLineColumns+` FROM soa_lines l
		WHERE l.organization_id = ? AND l.soa_id = ? ORDER BY l.position, l.requirement_id LIMIT ?`,
		[]any{org, soa, maxSoALines}, scanSoALine)
}

// FindSoALineForUpdate returns one line of a version, locking it until the
// transaction ends; a requirement that is not a line of the version is
// NotFound.
func (tx *Tx) FindSoALineForUpdate(ctx context.Context, org, soa, requirement isms.ID) (*isms.SoALine, error) {
	l, err := scanSoALine(tx.queryRow(ctx, `SELECT `+soaLineColumns+` FROM soa_lines l
		WHERE l.organization_id = ? AND l.soa_id = ? AND l.requirement_id = ?`+tx.forUpdate(), org, soa, requirement))
	if err != nil {
		return nil, notFound(err, "The Statement of Applicability has no such line.")
	}
	return l, nil
}

// UpdateSoALine writes a line's decision fields, owner, change reason and
// updated_by, read at version; it bumps l.Version and l.UpdatedAt. A stale
// version is a Conflict.
func (tx *Tx) UpdateSoALine(ctx context.Context, l *isms.SoALine, version int) error {
	res, err := tx.exec(ctx, `UPDATE soa_lines SET applicable = ?, business = ?, practice = ?, reason = ?, exclusion = ?,
		status_override = ?, override_reason = ?, owner_id = ?, change_reason = ?, updated_by = ?, version = version + 1,
		updated_at = ? WHERE organization_id = ? AND soa_id = ? AND requirement_id = ? AND version = ?`,
		l.Applicable, l.Business, l.Practice, l.Reason, l.Exclusion, l.Override, l.OverrideReason, nullID(l.OwnerID),
		l.ChangeReason, l.UpdatedBy, tx.ts(tx.now), l.OrgID, l.SoAID, l.RequirementID, version)
	if err != nil {
		return fmt.Errorf("update soa line: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("line of the Statement of Applicability")
	}
	l.Version, l.UpdatedAt = version+1, tx.now
	return nil
}

// soaSourcesPerUpdate is how many lines one statement of SetSoASources
// writes: 3 arguments a line.
const soaSourcesPerUpdate = 1000

// SetSoASources records the sources of the lines of version soa, keyed by
// requirement ID (submission freezes them).
func (tx *Tx) SetSoASources(ctx context.Context, org, soa isms.ID, sources map[isms.ID]isms.SoASources) error {
	ids := make([]isms.ID, 0, len(sources))
	for id := range sources {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for start := 0; start < len(ids); start += soaSourcesPerUpdate {
		batch := ids[start:min(start+soaSourcesPerUpdate, len(ids))]
		cases, args := make([]string, len(batch)), make([]any, 0, 3*len(batch)+2)
		for i, id := range batch {
			text, err := soaSourcesJSON(sources[id])
			if err != nil {
				return err
			}
			cases[i], args = "WHEN ? THEN ?", append(args, id, text)
		}
		args = append(args, org, soa)
		for _, id := range batch {
			args = append(args, id)
		}
		res, err := tx.exec(ctx, `UPDATE soa_lines SET sources = CASE requirement_id `+strings.Join(cases, " ")+` END
			WHERE organization_id = ? AND soa_id = ? AND requirement_id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return fmt.Errorf("set soa sources: %w", err)
		}
		if n, _ := res.RowsAffected(); int(n) != len(batch) {
			return fmt.Errorf("set soa sources: %d of %d requirements are lines of soa %s", n, len(batch), soa)
		}
	}
	return nil
}
