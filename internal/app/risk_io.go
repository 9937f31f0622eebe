// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The register is exported to and imported from CSV and XLSX with the
// same columns, so that an import of what an export produced changes
// nothing. An import checks every row before anything is stored: either
// every row is taken, or none is and every problem is reported by row and
// column.

// RiskColumns are the columns of the export and import, in order. Scores
// are positions on the scales of the risk's method version (an import
// also takes level labels); owner is an e-mail address; assets and
// controls are references separated by "; ". The level and method
// version columns are for reading and are ignored by an import.
var RiskColumns = []string{"ref", "title", "kind", "threat_source", "event", "consequence", "threat",
	"vulnerability", "description", "category", "owner",
	"inherent_likelihood", "inherent_impact", "inherent_c", "inherent_i", "inherent_a", "inherent_level",
	"residual_likelihood", "residual_impact", "residual_c", "residual_i", "residual_a", "residual_level",
	"treatment", "treatment_plan", "status", "next_review", "method_version", "assets", "controls"}

// riskReadOnly are the columns an import ignores.
var riskReadOnly = map[string]bool{"inherent_level": true, "residual_level": true, "method_version": true}

// riskFieldColumns maps the fields that risk problems name to the columns
// their values come from.
var riskFieldColumns = map[string]string{"ref": "ref", "title": "title", "kind": "kind",
	"threatSource": "threat_source", "event": "event", "consequence": "consequence", "threat": "threat",
	"vulnerability": "vulnerability", "description": "description", "category": "category", "owner": "owner",
	"inherentLikelihood": "inherent_likelihood", "inherentImpact": "inherent_impact", "inherentImpactC": "inherent_c",
	"inherentImpactI": "inherent_i", "inherentImpactA": "inherent_a", "residualLikelihood": "residual_likelihood",
	"residualImpact": "residual_impact", "residualImpactC": "residual_c", "residualImpactI": "residual_i",
	"residualImpactA": "residual_a", "treatment": "treatment", "treatmentPlan": "treatment_plan", "status": "status",
	"nextReview": "next_review", "assets": "assets", "controls": "controls"}

// riskColumn is the position of each column in RiskColumns.
var riskColumn = func() map[string]int {
	m := make(map[string]int, len(RiskColumns))
	for i, c := range RiskColumns {
		m[c] = i
	}
	return m
}()

// ExportRisks returns every risk the filter selects (no page limit) in
// RiskColumns, in the filter's order.
func (a *App) ExportRisks(ctx context.Context, actor isms.Actor, f isms.RiskFilter) (*report.Table, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read risks."); err != nil {
		return nil, err
	}
	t := &report.Table{Title: "Risks", Columns: RiskColumns,
		Meta: [][2]string{{"Exported at", a.now().UTC().Format(time.RFC3339)}, {"Exported by", actor.Name}}}
	f.OrgID, f.Today, f.Limit, f.Offset = actor.OrgID, a.today(), isms.MaxPageSize, 0
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		methods, current, err := riskMethodsOf(ctx, tx, actor.OrgID)
		if err != nil {
			return err
		}
		if f.MethodID == "" && current != nil {
			f.MethodID = current.ID
		}
		emails := map[isms.ID]string{}
		for {
			list, total, err := tx.FindRisks(ctx, f)
			if err != nil {
				return err
			}
			for _, r := range list {
				rec, err := riskExportRecord(ctx, tx, r, methods, emails)
				if err != nil {
					return err
				}
				t.Rows = append(t.Rows, rec)
			}
			f.Offset += len(list)
			if len(list) == 0 || f.Offset >= total {
				return nil
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// riskExportRecord is r as a row of the export, with its links.
func riskExportRecord(ctx context.Context, tx *sqldb.Tx, r *isms.Risk, methods map[isms.ID]*isms.RiskMethod, emails map[isms.ID]string) ([]string, error) {
	rec, err := riskRecord(ctx, tx, r, methods, emails)
	if err != nil {
		return nil, err
	}
	if r.Assets > 0 {
		list, err := tx.RiskAssets(ctx, r.OrgID, r.ID)
		if err != nil {
			return nil, err
		}
		refs := make([]string, len(list))
		for i, as := range list {
			refs[i] = as.Ref
		}
		rec[riskColumn["assets"]] = strings.Join(refs, "; ")
	}
	if r.Controls > 0 {
		list, err := tx.RiskControls(ctx, r.OrgID, r.ID)
		if err != nil {
			return nil, err
		}
		refs := make([]string, len(list))
		for i, c := range list {
			refs[i] = c.Ref
		}
		rec[riskColumn["controls"]] = strings.Join(refs, "; ")
	}
	return rec, nil
}

// riskRecord is r as a row of RiskColumns, without its links; emails
// caches the owners' addresses.
func riskRecord(ctx context.Context, tx *sqldb.Tx, r *isms.Risk, methods map[isms.ID]*isms.RiskMethod, emails map[isms.ID]string) ([]string, error) {
	email, ok := emails[r.OwnerID]
	if !ok && r.OwnerID != "" {
		u, err := tx.FindUserByID(ctx, r.OwnerID)
		if err != nil {
			return nil, err
		}
		email, emails[r.OwnerID] = u.Email, u.Email
	}
	m := methods[r.MethodID]
	level, version := func(int) string { return "" }, ""
	if m != nil {
		level, version = m.LevelLabel, m.VersionLabel()
	}
	in, re := r.Inherent, r.Residual
	return []string{r.Ref, r.Title, string(r.Kind), r.ThreatSource, r.Event, r.Consequence, r.Threat,
		r.Vulnerability, r.Description, r.Category, email,
		position(in.Likelihood), position(in.Impact), position(in.C), position(in.I), position(in.A), level(in.Level),
		position(re.Likelihood), position(re.Impact), position(re.C), position(re.I), position(re.A), level(re.Level),
		string(r.Treatment), r.TreatmentPlan, string(r.Status), r.NextReview.String(), version, "", ""}, nil
}

// position writes a scale position, "" when unset.
func position(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// RiskImportResult counts what an import did, or would do on a dry run:
// risks created, updated and left unchanged, and the references of those
// created or updated.
type RiskImportResult struct {
	Created, Updated, Unchanged int
	Refs                        []string
}

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("dry run")

// ImportRisks reads a CSV or XLSX file of RiskColumns (at least ref and
// title) into the register: a row with a new or empty reference creates a
// risk, one with an existing reference updates it, and one equal to the
// stored risk leaves it alone. Columns missing from the file keep their
// stored values. Every problem of every row is reported at once, keyed by
// its row and column, and then nothing is stored. A dry run checks and
// counts without storing.
func (a *App) ImportRisks(ctx context.Context, actor isms.Actor, name string, data []byte, dryRun bool) (*RiskImportResult, error) {
	if err := forbid(actor.Can(isms.EditRisks), "You may not import risks."); err != nil {
		return nil, err
	}
	sheet, err := report.ReadTable(name, data, "")
	if err != nil {
		return nil, err
	}
	if err := checkRiskColumns(sheet); err != nil {
		return nil, err
	}
	res := &RiskImportResult{}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := a.newRiskSave(ctx, tx, actor)
		if err != nil {
			return err
		}
		imp := &riskImport{s: s, sheetProblems: newSheetProblems(sheet), res: res, users: map[string]isms.ID{},
			emails: map[isms.ID]string{}, lines: map[string]int{}}
		s.reserved = imp.fileRefs()
		for _, row := range sheet.Rows {
			if err := imp.row(ctx, row); err != nil {
				return err
			}
		}
		if err := imp.err(); err != nil || !dryRun {
			return err
		}
		return errDryRun
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	return res, nil
}

// checkRiskColumns requires the ref and title columns and refuses columns
// that are not RiskColumns.
func checkRiskColumns(sheet *report.Sheet) error {
	p := isms.Problems{}
	head := report.SheetRow{Line: 1}
	if len(sheet.Rows) > 0 {
		head.Line = sheet.Rows[0].Line - 1
	}
	for i, c := range sheet.Columns {
		if _, ok := riskColumn[c]; !ok && c != "" {
			p.Add(sheet.Where(head, i), fmt.Sprintf("Column %q is not one of the risk columns (%s); rename or remove it.", c, strings.Join(RiskColumns, ", ")))
		}
	}
	for _, c := range []string{"ref", "title"} {
		if sheet.Index(c) < 0 {
			p.Add(sheet.Where(head, -1), "The heading row needs at least the columns ref and title.")
		}
	}
	if len(p) == 0 {
		return nil
	}
	return &isms.Error{Code: isms.Invalid, Message: fmt.Sprintf("The columns of %s cannot be imported; nothing was imported.", sheet.Name), Fields: p}
}

// riskImport reads the rows of one import into the register.
type riskImport struct {
	s *riskSave
	*sheetProblems
	res    *RiskImportResult
	users  map[string]isms.ID // e-mail address → account, "" when none
	emails map[isms.ID]string // account → e-mail address
	lines  map[string]int     // reference → line of the row that has it
}

// fileRefs returns the references the file gives, which new references
// must not take.
func (imp *riskImport) fileRefs() map[string]bool {
	out := map[string]bool{}
	col := imp.sheet.Index("ref")
	for _, row := range imp.sheet.Rows {
		if ref := strings.TrimSpace(imp.sheet.Cell(row, col)); ref != "" {
			out[ref] = true
		}
	}
	return out
}

// row creates or updates the risk of one row, recording its problems.
func (imp *riskImport) row(ctx context.Context, row report.SheetRow) error {
	ref := strings.TrimSpace(imp.sheet.Cell(row, imp.sheet.Index("ref")))
	var before *isms.Risk
	if ref != "" {
		if line, dup := imp.lines[ref]; dup {
			imp.add(row, "ref", fmt.Sprintf("%s is also on line %d; give each risk one row.", ref, line))
			return nil
		}
		imp.lines[ref] = row.Line
		r, err := imp.s.tx.FindRiskByRef(ctx, imp.s.actor.OrgID, ref)
		if err != nil && isms.ErrorCode(err) != isms.NotFound {
			return err
		}
		before = r
	}
	in, err := imp.input(ctx, row, before)
	if err != nil {
		return err
	}
	var r *isms.Risk
	changed := true
	if before == nil {
		r, err = imp.s.create(ctx, in)
	} else {
		r, changed, err = imp.s.update(ctx, before, in)
	}
	switch {
	case err != nil:
		return imp.report(row, err)
	case before == nil:
		imp.res.Created++
	case changed:
		imp.res.Updated++
	default:
		imp.res.Unchanged++
		return nil
	}
	imp.res.Refs = append(imp.res.Refs, r.Ref)
	return nil
}

// input is the risk of row: the stored risk's values (before is nil for a
// new risk) with the file's columns over them.
func (imp *riskImport) input(ctx context.Context, row report.SheetRow, before *isms.Risk) (RiskInput, error) {
	rec := make([]string, len(RiskColumns))
	if before != nil {
		var err error
		if rec, err = riskRecord(ctx, imp.s.tx, before, imp.s.methods, imp.emails); err != nil {
			return RiskInput{}, err
		}
	}
	for i, c := range imp.sheet.Columns {
		if k, ok := riskColumn[c]; ok && !riskReadOnly[c] {
			rec[k] = imp.sheet.Cell(row, i)
		}
	}
	v := func(c string) string { return rec[riskColumn[c]] }
	owner, err := imp.owner(ctx, row, v("owner"))
	if err != nil {
		return RiskInput{}, err
	}
	in := RiskInput{Ref: v("ref"), Title: v("title"), Kind: v("kind"), ThreatSource: v("threat_source"), Event: v("event"),
		Consequence: v("consequence"), Threat: v("threat"), Vulnerability: v("vulnerability"), Description: v("description"),
		Category: v("category"), OwnerID: string(owner),
		InherentLikelihood: v("inherent_likelihood"), InherentImpact: v("inherent_impact"),
		InherentC: v("inherent_c"), InherentI: v("inherent_i"), InherentA: v("inherent_a"),
		ResidualLikelihood: v("residual_likelihood"), ResidualImpact: v("residual_impact"),
		ResidualC: v("residual_c"), ResidualI: v("residual_i"), ResidualA: v("residual_a"),
		Treatment: v("treatment"), TreatmentPlan: v("treatment_plan"), Status: v("status"), NextReview: v("next_review")}
	if imp.sheet.Index("assets") >= 0 {
		in.Assets = splitRiskRefs(v("assets"))
	}
	if imp.sheet.Index("controls") >= 0 {
		in.Controls = splitRiskRefs(v("controls"))
	}
	return in, nil
}

// owner returns the account with e-mail address email ("" for none),
// recording a problem when there is none.
func (imp *riskImport) owner(ctx context.Context, row report.SheetRow, email string) (isms.ID, error) {
	email = isms.NormalizeEmail(email)
	if email == "" {
		return "", nil
	}
	id, ok := imp.users[email]
	if !ok {
		u, _, err := imp.s.tx.FindUserByEmail(ctx, email)
		if err != nil && isms.ErrorCode(err) != isms.NotFound {
			return "", err
		}
		if u != nil {
			id = u.ID
		}
		imp.users[email] = id
	}
	if id == "" {
		imp.add(row, "owner", "Nobody has the e-mail address "+quote(email)+"; give the address of a member of this organization.")
	}
	return id, nil
}

// splitRiskRefs splits a list of references separated by semicolons or
// commas; an empty text is no reference.
func splitRiskRefs(s string) []string {
	out := []string{}
	for _, ref := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if ref = strings.TrimSpace(ref); ref != "" {
			out = append(out, ref)
		}
	}
	return out
}

// report records the problems of err at row; an error that is not the
// user's to correct is returned.
func (imp *riskImport) report(row report.SheetRow, err error) error {
	if imp.addFields(row, err, riskFieldColumns) {
		return nil
	}
	if isms.ErrorCode(err) == "" {
		return err
	}
	imp.add(row, "", isms.ErrorMessage(err))
	return nil
}

// nounCount writes n and a noun, in the plural unless n is 1.
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
