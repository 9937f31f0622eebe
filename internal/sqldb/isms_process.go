// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The processes of the ISMS (27001 4.4). The clauses a process serves are
// a JSON array of clause numbers; the processes it interacts with are
// record links.

// processColumns are the columns a process is read from, joined to its
// owner's account.
const processColumns = `p.id, p.organization_id, p.ref, p.number, p.name, p.purpose, p.clauses,
	COALESCE(p.owner_id, ''), COALESCE(u.name, ''), p.inputs, p.outputs, p.interactions, p.created_by,
	p.version, p.created_at, p.updated_at`

const processFrom = ` FROM isms_processes p LEFT JOIN users u ON u.id = p.owner_id`

func scanProcess(s interface{ Scan(...any) error }) (*isms.ISMSProcess, error) {
	var p isms.ISMSProcess
	var clauses string
	err := s.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Number, &p.Name, &p.Purpose, &clauses, &p.OwnerID, &p.OwnerName,
		&p.Inputs, &p.Outputs, &p.Interactions, &p.CreatedBy, &p.Version, (*timestamp)(&p.CreatedAt), (*timestamp)(&p.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(clauses), &p.Clauses); err != nil {
		return nil, fmt.Errorf("process %s: clauses: %w", p.ID, err)
	}
	if p.Clauses == nil {
		p.Clauses = []string{}
	}
	return &p, nil
}

func clausesJSON(cs []string) string {
	if cs == nil {
		cs = []string{}
	}
	b, _ := json.Marshal(cs) // strings; cannot fail
	return string(b)
}

// InsertISMSProcess stores a new process at version 1 and sets its times.
func (tx *Tx) InsertISMSProcess(ctx context.Context, p *isms.ISMSProcess) error {
	p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
	p.Number = refNumber(p.Ref)
	_, err := tx.exec(ctx, `INSERT INTO isms_processes (id, organization_id, ref, number, name, purpose, clauses,
		owner_id, inputs, outputs, interactions, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.OrgID, p.Ref, p.Number, p.Name, p.Purpose, clausesJSON(p.Clauses), nullID(p.OwnerID), p.Inputs,
		p.Outputs, p.Interactions, p.CreatedBy, p.Version, tx.ts(p.CreatedAt), tx.ts(p.UpdatedAt))
	if isUniqueIndex(err, "isms_processes_ref_key", "isms_processes.organization_id, isms_processes.ref") {
		return isms.Errorf(isms.Conflict, "Process %s exists already; save again to get the next reference.", p.Ref)
	}
	if err != nil {
		return fmt.Errorf("insert ISMS process: %w", err)
	}
	return nil
}

// UpdateISMSProcess stores the fields of p, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateISMSProcess(ctx context.Context, p *isms.ISMSProcess, version int) error {
	res, err := tx.exec(ctx, `UPDATE isms_processes SET name = ?, purpose = ?, clauses = ?, owner_id = ?, inputs = ?,
		outputs = ?, interactions = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		p.Name, p.Purpose, clausesJSON(p.Clauses), nullID(p.OwnerID), p.Inputs, p.Outputs, p.Interactions,
		tx.ts(tx.now), p.OrgID, p.ID, version)
	if err != nil {
		return fmt.Errorf("update ISMS process: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("process")
	}
	p.Version, p.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteISMSProcess deletes process id of org and its row of the RACI
// grid.
func (tx *Tx) DeleteISMSProcess(ctx context.Context, org, id isms.ID) error {
	if err := tx.deleteRACIRow(ctx, org, isms.RACIProcess, id); err != nil {
		return err
	}
	return tx.deleteOne(ctx, "isms_processes", org, id, "No such ISMS process in this organization.")
}

// FindISMSProcessByID returns process id of org; id may also be its
// reference ("PRC-3", any case).
func (tx *Tx) FindISMSProcessByID(ctx context.Context, org, id isms.ID) (*isms.ISMSProcess, error) {
	p, err := scanProcess(tx.queryRow(ctx, `SELECT `+processColumns+processFrom+`
		WHERE p.organization_id = ? AND (p.id = ? OR p.ref = ?)`, org, id, strings.ToUpper(strings.TrimSpace(string(id)))))
	if err != nil {
		return nil, notFound(err, "No such ISMS process in this organization.")
	}
	return p, nil
}

// ProcessFilter selects processes: text in the reference, name or
// purpose; the owner; a clause they serve ("6.1" also finds those that
// name 6.1.2). Clause must be a clause number (isms.ClauseColumn).
type ProcessFilter struct {
	Text    string
	OwnerID isms.ID
	Clause  string
}

// processSorts are the list's sort keys.
var processSorts = map[string]string{
	"ref":     "p.number, p.ref",
	"name":    "LOWER(p.name), p.number",
	"owner":   "u.name IS NULL, u.name, p.number",
	"updated": "p.updated_at, p.number",
}

// processWhere returns the conditions and arguments of f.
func processWhere(org isms.ID, f ProcessFilter) (string, []any) {
	where, args := "p.organization_id = ?", []any{org}
	if s := strings.TrimSpace(f.Text); s != "" {
		l := like(s)
		where += ` AND (LOWER(p.ref) LIKE ? ESCAPE '\' OR LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.purpose) LIKE ? ESCAPE '\')`
		args = append(args, l, l, l)
	}
	if f.OwnerID != "" {
		where, args = where+" AND p.owner_id = ?", append(args, f.OwnerID)
	}
	if c := strings.TrimSpace(f.Clause); c != "" {
		// The array holds quoted clause numbers: "6.1" matches itself and
		// its sub-clauses "6.1.x", not "6.10".
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(c)
		where += ` AND (p.clauses LIKE ? ESCAPE '\' OR p.clauses LIKE ? ESCAPE '\')`
		args = append(args, `%"`+esc+`"%`, `%"`+esc+`.%`)
	}
	return where, args
}

// FindISMSProcesses returns up to limit processes of org matching f, in
// the order of sort (by reference by default), and the total matching.
func (tx *Tx) FindISMSProcesses(ctx context.Context, org isms.ID, f ProcessFilter, sort string, limit, offset int) ([]*isms.ISMSProcess, int, error) {
	where, args := processWhere(org, f)
	return findPage(ctx, tx, pageQuery{one: "ISMS process", many: "ISMS processes", columns: processColumns,
		from: processFrom, count: ` FROM isms_processes p`, where: where, args: args, orderBy: order(sort, processSorts, "ref")},
		limit, offset, scanProcess)
}
