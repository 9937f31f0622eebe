// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// assetColumns are the columns an asset is read from: the asset joined to
// its owner's account and its parent, with its linked risks counted.
const assetColumns = `a.id, a.organization_id, a.ref, a.name, a.type, a.description, COALESCE(a.owner_id, ''),
	COALESCE(u.name, ''), a.classification, a.conf, a.integ, a.avail, a.location, COALESCE(a.parent_id, ''),
	COALESCE(p.name, ''), (SELECT COUNT(*) FROM risk_assets x WHERE x.organization_id = a.organization_id AND x.asset_id = a.id),
	a.created_by, a.version, a.created_at, a.updated_at`

const assetJoins = ` LEFT JOIN users u ON u.id = a.owner_id LEFT JOIN assets p ON p.id = a.parent_id`

const assetFrom = ` FROM assets a` + assetJoins

// maxAssetRows caps the rows of the lists read without paging (the
// dependents of one asset, the dependencies of one asset).
const maxAssetRows = 10000

func scanAsset(s interface{ Scan(...any) error }) (*isms.Asset, error) {
	var a isms.Asset
	err := s.Scan(&a.ID, &a.OrgID, &a.Ref, &a.Name, &a.Type, &a.Description, &a.OwnerID, &a.OwnerName,
		&a.Classification, &a.C, &a.I, &a.A, &a.Location, &a.ParentID, &a.ParentName, &a.Risks,
		&a.CreatedBy, &a.Version, (*timestamp)(&a.CreatedAt), (*timestamp)(&a.UpdatedAt))
	return &a, err
}

// refNumber returns the number a reference ends with ("AS-12" → 12, "R-3"
// → 3), 0 when it ends with none; lists sort by it so that R-2 comes before
//
func refNumber(ref string) int {
	i := len(ref)
	for i > 0 && ref[i-1] >= '0' && ref[i-1] <= '9' {
		i--
	}
	n := 0
	for _, c := range ref[i:] {
		if n > 100_000_000 {
			return n // absurdly long digit runs still sort last
		}
		n = n*10 + int(c-'0')
	}
	return n
}

const insertAssetSQL = `INSERT INTO assets (id, organization_id, ref, number, name, type, description, owner_id,
	classification, conf, integ, avail, location, parent_id, created_by, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (tx *Tx) insertAssetArgs(a *isms.Asset) []any {
	a.Version, a.CreatedAt, a.UpdatedAt = 1, tx.now, tx.now
	return []any{a.ID, a.OrgID, a.Ref, refNumber(a.Ref), a.Name, a.Type, a.Description, nullID(a.OwnerID),
		a.Classification, a.C, a.I, a.A, a.Location, nullID(a.ParentID), a.CreatedBy, a.Version,
		tx.ts(a.CreatedAt), tx.ts(a.UpdatedAt)}
}

// duplicateAssetRef turns a violation of assets_ref_key into a Conflict.
func duplicateAssetRef(err error, ref string) error {
	if isUniqueIndex(err, "assets_ref_key", "assets.organization_id, assets.ref") {
		return isms.Errorf(isms.Conflict, "Another asset has the reference %q; choose another.", ref)
	}
	return err
}

// InsertAsset stores a new asset at version 1 with its dependencies and
// sets its times.
func (tx *Tx) InsertAsset(ctx context.Context, a *isms.Asset) error {
	if _, err := tx.exec(ctx, insertAssetSQL, tx.insertAssetArgs(a)...); err != nil {
		if err := duplicateAssetRef(err, a.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("insert asset: %w", err)
	}
	return tx.insertAssetDependencies(ctx, []*isms.Asset{a})
}

// assetsPerInsert is how many assets one statement of InsertAssets
// carries: 18 arguments a row, 9,000 a statement.
const assetsPerInsert = 500

// InsertAssets stores many new assets and their dependencies with
// multi-row INSERT statements, for bulk loads. A parent must come before
// its children, or within the same 500.
func (tx *Tx) InsertAssets(ctx context.Context, as []*isms.Asset) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	head, _, _ := strings.Cut(insertAssetSQL, "VALUES")
	for start := 0; start < len(as); start += assetsPerInsert {
		batch := as[start:min(start+assetsPerInsert, len(as))]
		args := make([]any, 0, 18*len(batch))
		for _, a := range batch {
			args = append(args, tx.insertAssetArgs(a)...)
		}
		if _, err := tx.exec(ctx, head+"VALUES "+repeatList(row, len(batch)), args...); err != nil {
			if isUniqueIndex(err, "assets_ref_key", "assets.organization_id, assets.ref") {
				return isms.Errorf(isms.Conflict, "A reference of assets %d to %d is taken already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert assets %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return tx.insertAssetDependencies(ctx, as)
}

// dependenciesPerInsert is how many dependencies one statement carries: 3
// arguments a row, 6,000 a statement.
const dependenciesPerInsert = 2000

// insertAssetDependencies stores the dependencies of as, each once.
func (tx *Tx) insertAssetDependencies(ctx context.Context, as []*isms.Asset) error {
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		q := `INSERT INTO asset_dependencies (organization_id, asset_id, depends_on_id) VALUES ` + repeatList("(?, ?, ?)", len(args)/3)
		_, err := tx.exec(ctx, q, args...)
		args = args[:0]
		if err != nil {
			return fmt.Errorf("insert asset dependencies: %w", err)
		}
		return nil
	}
	for _, a := range as {
		seen := map[isms.ID]bool{}
		for _, d := range a.Dependencies {
			if seen[d] {
				continue
			}
			seen[d] = true
			args = append(args, a.OrgID, a.ID, d)
			if len(args) == 3*dependenciesPerInsert {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// UpdateAsset stores the fields of a, which was read at version, replaces
// its dependencies and advances its version; a changed version is a
// Conflict.
func (tx *Tx) UpdateAsset(ctx context.Context, a *isms.Asset, version int) error {
	res, err := tx.exec(ctx, `UPDATE assets SET ref = ?, number = ?, name = ?, type = ?, description = ?, owner_id = ?,
		classification = ?, conf = ?, integ = ?, avail = ?, location = ?, parent_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		a.Ref, refNumber(a.Ref), a.Name, a.Type, a.Description, nullID(a.OwnerID), a.Classification, a.C, a.I, a.A,
		a.Location, nullID(a.ParentID), tx.ts(tx.now), a.OrgID, a.ID, version)
	if err != nil {
		if err := duplicateAssetRef(err, a.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("update asset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("asset")
	}
	if _, err := tx.exec(ctx, `DELETE FROM asset_dependencies WHERE organization_id = ? AND asset_id = ?`, a.OrgID, a.ID); err != nil {
		return fmt.Errorf("delete asset dependencies: %w", err)
	}
	if err := tx.insertAssetDependencies(ctx, []*isms.Asset{a}); err != nil {
		return err
	}
	a.Version, a.UpdatedAt = version+1, tx.now
	return nil
}

// FindAssetByID returns asset id of org with its dependencies.
func (tx *Tx) FindAssetByID(ctx context.Context, org, id isms.ID) (*isms.Asset, error) {
	return tx.findAsset(ctx, "a.id = ?", org, id, "No such asset in this organization.")
}

// FindAssetByRef returns the asset of org with reference ref, with its
// dependencies.
func (tx *Tx) FindAssetByRef(ctx context.Context, org isms.ID, ref string) (*isms.Asset, error) {
	return tx.findAsset(ctx, "a.ref = ?", org, ref, fmt.Sprintf("The organization has no asset %q.", ref))
}

func (tx *Tx) findAsset(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.Asset, error) {
	a, err := scanAsset(tx.queryRow(ctx, `SELECT `+assetColumns+assetFrom+`
		WHERE a.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	rows, err := tx.query(ctx, `SELECT d.depends_on_id FROM asset_dependencies d JOIN assets a ON a.id = d.depends_on_id
		WHERE d.organization_id = ? AND d.asset_id = ? ORDER BY a.number, a.ref LIMIT ?`, org, a.ID, maxAssetRows)
	if err != nil {
		return nil, fmt.Errorf("select asset dependencies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d isms.ID
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("scan asset dependency: %w", err)
		}
		a.Dependencies = append(a.Dependencies, d)
	}
	return a, rows.Err()
}

// FindAssetsByIDs returns the assets of org among ids, by reference; IDs
// of other organizations and unknown IDs are left out.
func (tx *Tx) FindAssetsByIDs(ctx context.Context, org isms.ID, ids []isms.ID) ([]*isms.Asset, error) {
	var out []*isms.Asset
	err := chunkIDs(ids, func(args []any) error {
		list, err := tx.assets(ctx, `SELECT `+assetColumns+assetFrom+` WHERE a.organization_id = ? AND a.id IN (`+
			placeholders(len(args))+`) ORDER BY a.number, a.ref LIMIT ?`, append(append([]any{org}, args...), len(args))...)
		out = append(out, list...)
		return err
	})
	return out, err
}

// assetSorts are the list's sort keys. References sort by their number,
// so that AS-2 comes before AS-10. No key may contain a comma inside an
// expression: order splits on commas to make a key descending.
var assetSorts = map[string]string{
	"ref":            "a.number, a.ref",
	"name":           "LOWER(a.name), a.id",
	"type":           "a.type, a.number, a.ref",
	"owner":          "u.name IS NOT NULL, u.name, a.number, a.ref",
	"classification": "a.classification, a.number, a.ref",
	"updated":        "a.updated_at, a.id",
}

// assetWhere returns the conditions and arguments of f.
func assetWhere(f isms.AssetFilter) (string, []any) {
	where, args := "a.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(a.ref) LIKE ? ESCAPE '\' OR LOWER(a.name) LIKE ? ESCAPE '\' OR LOWER(a.description) LIKE ? ESCAPE '\'
			OR LOWER(a.location) LIKE ? ESCAPE '\')`, s, s, s, s)
	}
	if f.Type != "" {
		add("a.type = ?", f.Type)
	}
	if f.OwnerID != "" {
		add("a.owner_id = ?", f.OwnerID)
	}
	if f.Classification != "" {
		add("a.classification = ?", f.Classification)
	}
	if f.ParentID != "" {
		add("a.parent_id = ?", f.ParentID)
	}
	if f.RiskID != "" {
		add("a.id IN (SELECT asset_id FROM risk_assets WHERE organization_id = ? AND risk_id = ?)", f.OrgID, f.RiskID)
	}
	return where, args
}

// FindAssets returns a page of the assets of f.OrgID matching f, by
// reference by default, and the total matching.
func (tx *Tx) FindAssets(ctx context.Context, f isms.AssetFilter) ([]*isms.Asset, int, error) {
	where, args := assetWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM assets a WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count assets: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	// The page's rows are chosen first, by ID, so that the risk counts are
	// computed for those rows only, whatever the sort.
	sort := order(f.Sort, assetSorts, "ref")
	q := `SELECT ` + assetColumns + ` FROM (SELECT a.id FROM assets a LEFT JOIN users u ON u.id = a.owner_id WHERE ` +
		where + sort + ` LIMIT ? OFFSET ?) page JOIN assets a ON a.id = page.id` + assetJoins + sort
	list, err := tx.assets(ctx, q, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	return list, total, err
}

// AssetDependents returns the assets of org that depend on asset id, by
// reference.
func (tx *Tx) AssetDependents(ctx context.Context, org, id isms.ID) ([]*isms.Asset, error) {
	return tx.assets(ctx, `SELECT `+assetColumns+assetFrom+` WHERE a.organization_id = ? AND a.id IN
		(SELECT asset_id FROM asset_dependencies WHERE organization_id = ? AND depends_on_id = ?)
		ORDER BY a.number, a.ref LIMIT ?`, org, org, id, maxAssetRows)
}

func (tx *Tx) assets(ctx context.Context, q string, args ...any) ([]*isms.Asset, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select assets: %w", err)
	}
	defer rows.Close()
	var out []*isms.Asset
	for rows.Next() {
		a, err := scanAsset(rows)
		if err != nil {
			return nil, fmt.Errorf("scan asset: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteAsset deletes asset id of org with its dependencies (both ways)
// and its links to risks. The caller makes sure it has no children.
func (tx *Tx) DeleteAsset(ctx context.Context, org, id isms.ID) error {
	for _, q := range []string{
		`DELETE FROM asset_dependencies WHERE organization_id = ? AND asset_id = ?`,
		`DELETE FROM asset_dependencies WHERE organization_id = ? AND depends_on_id = ?`,
		`DELETE FROM risk_assets WHERE organization_id = ? AND asset_id = ?`,
	} {
		if _, err := tx.exec(ctx, q, org, id); err != nil {
			return fmt.Errorf("delete asset links: %w", err)
		}
	}
	res, err := tx.exec(ctx, `DELETE FROM assets WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete asset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such asset in this organization.")
	}
	return nil
}

// MaxAssetNumber returns the highest reference number of org's assets, 0
// when it has none.
func (tx *Tx) MaxAssetNumber(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM assets WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max asset number: %w", err)
	}
	return n, nil
}

// CountAssetChildren returns how many assets of org have asset id as
// their parent.
func (tx *Tx) CountAssetChildren(ctx context.Context, org, id isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM assets WHERE organization_id = ? AND parent_id = ?`, org, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count asset children: %w", err)
	}
	return n, nil
}
