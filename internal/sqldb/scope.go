// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The versions of the ISMS scope (27001 4.3). The parts of a version are
// stored as one JSON document in the content column.

// scopeContent is what the content column of isms_scopes holds.
type scopeContent struct {
	Statement  string                `json:"statement"`
	Units      []string              `json:"units"`
	Locations  []string              `json:"locations"`
	InScope    []string              `json:"inScope"`
	Interfaces []isms.ScopeInterface `json:"interfaces"`
	Exclusions []isms.ScopeExclusion `json:"exclusions"`
}

// scopeColumns are the columns a scope version is read from.
const scopeColumns = `id, organization_id, number, content, status, approved_at, approval_id, created_by,
	version, created_at, updated_at`

// maxScopes caps the versions read at once; an organization makes a few
// in its life.
const maxScopes = 1000

func scanScope(s interface{ Scan(...any) error }) (*isms.Scope, error) {
	var sc isms.Scope
	var content string
	err := s.Scan(&sc.ID, &sc.OrgID, &sc.Number, &content, &sc.Status, (*timestamp)(&sc.ApprovedAt), &sc.ApprovalID,
		&sc.CreatedBy, &sc.Version, (*timestamp)(&sc.CreatedAt), (*timestamp)(&sc.UpdatedAt))
	if err != nil {
		return nil, err
	}
	var c scopeContent
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return nil, fmt.Errorf("scope %s: content: %w", sc.ID, err)
	}
	sc.Statement, sc.Units, sc.Locations, sc.InScope = c.Statement, c.Units, c.Locations, c.InScope
	sc.Interfaces, sc.Exclusions = c.Interfaces, c.Exclusions
	sc.Normalize()
	return &sc, nil
}

// scopeJSON returns the content column of s.
func scopeJSON(s *isms.Scope) (string, error) {
	b, err := json.Marshal(scopeContent{s.Statement, s.Units, s.Locations, s.InScope, s.Interfaces, s.Exclusions})
	if err != nil {
		return "", fmt.Errorf("encode scope: %w", err)
	}
	return string(b), nil
}

// InsertScope stores a new scope version at edit revision 1 and sets its
// times. A number the organization has used already is a Conflict.
func (tx *Tx) InsertScope(ctx context.Context, s *isms.Scope) error {
	content, err := scopeJSON(s)
	if err != nil {
		return err
	}
	s.Version, s.CreatedAt, s.UpdatedAt = 1, tx.now, tx.now
	_, err = tx.exec(ctx, `INSERT INTO isms_scopes (`+scopeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.OrgID, s.Number, content, s.Status, tx.ts(s.ApprovedAt), s.ApprovalID, s.CreatedBy, s.Version,
		tx.ts(s.CreatedAt), tx.ts(s.UpdatedAt))
	if isUniqueIndex(err, "isms_scopes_number_key", "isms_scopes.organization_id, isms_scopes.number") {
		return isms.Errorf(isms.Conflict, "Version %d of the scope exists already; reload the page and try again.", s.Number)
	}
	if err != nil {
		return fmt.Errorf("insert scope: %w", err)
	}
	return nil
}

// UpdateScope stores every field of s, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateScope(ctx context.Context, s *isms.Scope, version int) error {
	content, err := scopeJSON(s)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE isms_scopes SET content = ?, status = ?, approved_at = ?, approval_id = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		content, s.Status, tx.ts(s.ApprovedAt), s.ApprovalID, tx.ts(tx.now), s.OrgID, s.ID, version)
	if err != nil {
		return fmt.Errorf("update scope: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("scope")
	}
	s.Version, s.UpdatedAt = version+1, tx.now
	return nil
}

// FindScopeByID returns scope version id of org.
func (tx *Tx) FindScopeByID(ctx context.Context, org, id isms.ID) (*isms.Scope, error) {
	return tx.findScope(ctx, org, id, "")
}

// FindScopeByIDForUpdate is FindScopeByID that also locks the row until
// the transaction ends (PostgreSQL).
func (tx *Tx) FindScopeByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Scope, error) {
	return tx.findScope(ctx, org, id, tx.forUpdate())
}

func (tx *Tx) findScope(ctx context.Context, org, id isms.ID, lock string) (*isms.Scope, error) {
	s, err := scanScope(tx.queryRow(ctx, `SELECT `+scopeColumns+` FROM isms_scopes
		WHERE organization_id = ? AND id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, "No such version of the scope in this organization.")
	}
	return s, nil
}

// FindScopeByNumber returns version number of org's scope (2 for v2).
func (tx *Tx) FindScopeByNumber(ctx context.Context, org isms.ID, number int) (*isms.Scope, error) {
	s, err := scanScope(tx.queryRow(ctx, `SELECT `+scopeColumns+` FROM isms_scopes
		WHERE organization_id = ? AND number = ?`, org, number))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The scope has no version v%d.", number))
	}
	return s, nil
}

// FindScopes returns every version of org's scope, newest first.
func (tx *Tx) FindScopes(ctx context.Context, org isms.ID) ([]*isms.Scope, error) {
	rows, err := tx.query(ctx, `SELECT `+scopeColumns+` FROM isms_scopes
		WHERE organization_id = ? ORDER BY number DESC LIMIT ?`, org, maxScopes)
	if err != nil {
		return nil, fmt.Errorf("select scopes: %w", err)
	}
	defer rows.Close()
	var out []*isms.Scope
	for rows.Next() {
		s, err := scanScope(rows)
		if err != nil {
			return nil, fmt.Errorf("scan scope: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindScopeWithStatus returns org's newest scope version with status:
// the approved one in force, or the draft; NotFound when there is none.
func (tx *Tx) FindScopeWithStatus(ctx context.Context, org isms.ID, status isms.ScopeStatus) (*isms.Scope, error) {
	s, err := scanScope(tx.queryRow(ctx, `SELECT `+scopeColumns+` FROM isms_scopes
		WHERE organization_id = ? AND status = ? ORDER BY number DESC LIMIT 1`, org, status))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no %s scope.", status))
	}
	return s, nil
}

// MaxScopeNumber returns the highest version number of org's scope, 0
// when it has none.
func (tx *Tx) MaxScopeNumber(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM isms_scopes WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max scope number: %w", err)
	}
	return n, nil
}

// DeleteScope deletes scope version id of org. The caller makes sure it
// is a draft.
func (tx *Tx) DeleteScope(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "isms_scopes", org, id, "No such version of the scope in this organization.")
}
