// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Nonconformity and corrective action (27001 10.2): raise, correct,
// analyse the root cause, look for similar ones, act (tasks), schedule and
// record the effectiveness check; close only when effective.

// objectNonconformity is the object type of nonconformities in the audit
// trail and in links.
const objectNonconformity = "nonconformity"

func init() {
	linkables[objectNonconformity] = linkable{
		label: "nonconformity",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			n, err := findNCByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return n.ID, "Nonconformity " + n.Ref + ": " + n.Title, nil
		},
	}
}

// findNCByIDOrRef returns a nonconformity by its ID or, failing that, its
// reference ("NC-4", in any case).
func findNCByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Nonconformity, error) {
	return byIDOrRef(ctx, org, s, tx.FindNonconformityByID, tx.FindNonconformityByRef)
}

// ncKind is the register of nonconformities for the generic use cases.
var ncKind = recordKind[*isms.Nonconformity]{
	object: objectNonconformity, label: "nonconformity", edit: isms.EditImprovement,
	id:     func(n *isms.Nonconformity) isms.ID { return n.ID },
	ver:    func(n *isms.Nonconformity) int { return n.Version },
	fields: ncFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Nonconformity, error) {
		return findNCByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity) error {
		return tx.InsertNonconformity(ctx, n)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity, v int) error {
		return tx.UpdateNonconformity(ctx, n, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteNonconformity(ctx, org, id)
	},
}

// ncFields are the descriptive fields of n as the audit trail records
// them.
func ncFields(n *isms.Nonconformity) []fieldDiff {
	return []fieldDiff{{"ref", nil, n.Ref}, {"title", nil, n.Title}, {"description", nil, n.Description},
		{"source", nil, string(n.Source)}, {"sourceRecord", nil, linkText(n.SourceRecord)}, {"grade", nil, string(n.Grade)},
		{"requirements", nil, requirementRefsText(n.Requirements)}, {"detectedOn", nil, n.DetectedOn.String()},
		{"detectedBy", nil, n.DetectedName}, {"owner", nil, n.OwnerName}, {"deadline", nil, n.Deadline.String()}}
}

// NCInput is what people enter to raise or edit a nonconformity.
type NCInput struct {
	Title       string
	Description string
	Source      isms.NCSource
	// SourceRecord is the record it comes from, as "type:id" or a
	// reference the type's linkable resolves ("audit_finding:F-3"); empty
	// for none.
	SourceRecord string
	Grade        isms.NCGrade
	// Framework and Requirements name the requirements not met: the
	// framework's ID or key (ISO/IEC 27001:2022 when empty) and its
	// references, comma-separated ("A.5.18, 9.2").
	Framework    string
	Requirements string
	DetectedOn   isms.Date
	DetectedBy   isms.ID // the actor when empty
	OwnerID      isms.ID
	Deadline     isms.Date
	// Records are the records concerned, by reference or type:id,
	// comma-separated ("C-3, R-12, document:doc_1").
	Records string
}

// NCView is a nonconformity as its page shows it.
type NCView struct {
	NC      *isms.Nonconformity
	Actions []*isms.NCAction // corrective actions and checks, oldest first
	Links   []RecordLink     // records concerned, similar nonconformities, the source
	// Next says what to do next in people's words ("Record the
	// correction.").
	Next string
}

// RaiseNonconformity records a new nonconformity (EditImprovement).
func (a *App) RaiseNonconformity(ctx context.Context, actor isms.Actor, in NCInput) (*isms.Nonconformity, error) {
	n := &isms.Nonconformity{ID: isms.NewID("nc"), OrgID: actor.OrgID, Status: isms.NCOpen, CreatedBy: actor.UserID,
		Requirements: []isms.RequirementRef{}, Checks: []isms.EffectivenessCheck{}}
	return createRecord(ctx, a, actor, ncKind, n, a.fillNonconformity(ctx, actor, in, true))
}

// openNonconformityIn raises, within tx, the nonconformity of an audit
// finding graded major or minor (once per finding, see raiseFromSource),
// as actor; it returns the nonconformity, or nil when the finding already
// has one.
func (a *App) openNonconformityIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, f *isms.AuditFinding) (*isms.Nonconformity, error) {
	if !f.Grade.Nonconformity() {
		return nil, nil
	}
	n := &isms.Nonconformity{OrgID: f.OrgID, Title: f.Title, Description: f.Description, Source: isms.NCInternalAudit,
		SourceRecord: isms.Link{Type: objectFinding, ID: f.ID}, Grade: isms.NCGrade(f.Grade),
		Requirements: append([]isms.RequirementRef{}, f.Requirements...), DetectedOn: a.today(), DetectedBy: f.RaisedBy,
		DetectedName: f.RaisedByName}
	if n.Description == "" {
		n.Description = "Finding " + f.Ref + " of audit " + f.AuditRef + "."
	}
	return raiseFromSource(ctx, tx, actor, n, f.Ref)
}

// raiseFromSource raises, within tx, nonconformity n of the finding
// n.SourceRecord (whose reference is findingRef), once per finding
// (NotFound-checked with FindNonconformityBySource): it returns nil when
// the finding has one already. It gives n its ID and reference, opens it
// as actor (the detector too when n names none), links it both ways with
// the finding and records its "nonconformity.create" event.
func raiseFromSource(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, findingRef string) (*isms.Nonconformity, error) {
	src := n.SourceRecord
	if _, err := tx.FindNonconformityBySource(ctx, n.OrgID, src); err == nil || isms.ErrorCode(err) != isms.NotFound {
		return nil, err
	}
	ref, num, err := nextRecordRef(ctx, tx, n.OrgID, "nonconformities", "NC-")
	if err != nil {
		return nil, err
	}
	n.ID, n.Ref, n.Number, n.Status, n.CreatedBy, n.Checks = isms.NewID("nc"), ref, num, isms.NCOpen, actor.UserID, []isms.EffectivenessCheck{}
	if n.DetectedBy == "" {
		n.DetectedBy, n.DetectedName = actor.UserID, actor.Name
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if err := tx.InsertNonconformity(ctx, n); err != nil {
		return nil, err
	}
	if err := addRecordLink(ctx, tx, n.OrgID, src, isms.Link{Type: objectNonconformity, ID: n.ID}); err != nil {
		return nil, err
	}
	ch := createdSupport(ncFields(n))
	ch["finding"] = isms.Change{After: findingRef}
	return n, audit(ctx, tx, orgChain(n.OrgID), actor, "nonconformity.create", objectNonconformity, n.ID, ch)
}

// UpdateNonconformity changes the description fields of nonconformity id,
// read at version (EditImprovement); a closed one cannot change.
func (a *App) UpdateNonconformity(ctx context.Context, actor isms.Actor, id isms.ID, version int, in NCInput) (*isms.Nonconformity, error) {
	return updateRecord(ctx, a, actor, ncKind, id, version, a.fillNonconformity(ctx, actor, in, false))
}

// DeleteNonconformity deletes an open nonconformity that has no actions
// (EditImprovement).
func (a *App) DeleteNonconformity(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, ncKind, id, func(tx *sqldb.Tx, n *isms.Nonconformity) error {
		actions, err := tx.FindNCActions(ctx, n.OrgID, n.ID)
		if err != nil {
			return err
		}
		if len(actions) > 0 {
			return isms.Errorf(isms.Conflict, "%s has corrective actions; it stays on record.", n.Ref)
		}
		return nil
	})
}

// FindNonconformity returns nonconformity id (its ID or reference "NC-4")
// to anyone who reads the ISMS.
func (a *App) FindNonconformity(ctx context.Context, actor isms.Actor, id string) (*NCView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see nonconformities."); err != nil {
		return nil, err
	}
	v := &NCView{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.NC, err = findNCByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if v.Actions, err = ncActions(ctx, tx, v.NC); err != nil {
			return err
		}
		v.Links, err = recordLinksIn(ctx, tx, actor.OrgID, isms.Link{Type: objectNonconformity, ID: v.NC.ID})
		return err
	})
	if err != nil {
		return nil, err
	}
	v.Next = ncNext(v.NC, v.Actions)
	return v, nil
}

// ListNonconformities returns a page of nonconformities and the total.
func (a *App) ListNonconformities(ctx context.Context, actor isms.Actor, f isms.NCFilter) ([]*isms.Nonconformity, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see nonconformities."); err != nil {
		return nil, 0, err
	}
	var list []*isms.Nonconformity
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindNonconformities(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

// fillNonconformity returns the fill of the generic use cases for in: it
// applies the fields, checks the people, resolves the requirements, the
// source record and the records concerned, reporting every problem at
// once.
func (a *App) fillNonconformity(ctx context.Context, actor isms.Actor, in NCInput, creating bool) fillFunc[*isms.Nonconformity] {
	return func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		if n.Status == isms.NCClosed {
			return nil, isms.Errorf(isms.Conflict, "%s is closed; it can no longer change.", n.Ref)
		}
		if creating {
			ref, num, err := nextRecordRef(ctx, tx, n.OrgID, "nonconformities", "NC-")
			if err != nil {
				return nil, err
			}
			n.Ref, n.Number = ref, num
		}
		p := isms.Problems{}
		n.Title, n.Description, n.Source, n.Grade = in.Title, in.Description, in.Source, in.Grade
		n.DetectedOn, n.Deadline = in.DetectedOn, in.Deadline
		if n.DetectedOn.After(a.today()) {
			p.Add("detectedOn", "The detection date cannot be in the future.")
		}
		if err := a.ncPeople(ctx, tx, actor, n, in, p); err != nil {
			return nil, err
		}
		reqs, err := ncRequirements(ctx, tx, n.OrgID, in.Framework, in.Requirements, p)
		if err != nil {
			return nil, err
		}
		n.Requirements = reqs
		if err := addProblems(p, n.Validate()); err != nil {
			return nil, err
		}
		return ncLinks(ctx, tx, n, in, p)
	}
}

// ncPeople sets the detector (the actor when none is named) and the owner
// of n; a person newly named must be an active member.
func (a *App) ncPeople(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, in NCInput, p isms.Problems) error {
	by := in.DetectedBy
	if by == "" {
		by = actor.UserID
	}
	if by != n.DetectedBy {
		name, err := activeMemberName(ctx, tx, n.OrgID, by, "detectedBy", p)
		if err != nil {
			return err
		}
		n.DetectedBy, n.DetectedName = by, name
	}
	if in.OwnerID == "" {
		n.OwnerID, n.OwnerName = "", ""
	} else if in.OwnerID != n.OwnerID {
		name, err := activeMemberName(ctx, tx, n.OrgID, in.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		n.OwnerID, n.OwnerName = in.OwnerID, name
	}
	return nil
}

// ncFramework is the framework a nonconformity's requirements are read
// in when the person names none.
const ncFramework = "iso27001-2022"

// ncRequirements reads refs, requirement references of the framework
// named fw (ISO/IEC 27001:2022 when empty); those it does not know are a
// problem on "requirements".
func ncRequirements(ctx context.Context, tx *sqldb.Tx, org isms.ID, fw, refs string, p isms.Problems) ([]isms.RequirementRef, error) {
	list := SplitRefs(refs)
	if len(list) == 0 {
		return []isms.RequirementRef{}, nil
	}
	if strings.TrimSpace(fw) == "" {
		fw = ncFramework
	}
	f, err := findFrameworkByIDOrKey(ctx, tx, org, fw)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("framework", "No framework "+quote(strings.TrimSpace(fw))+" in this organization.")
		return []isms.RequirementRef{}, nil
	} else if err != nil {
		return nil, err
	}
	out, unknown, err := requirementRefsIn(ctx, tx, org, f.ID, list)
	if len(unknown) > 0 {
		p.Add("requirements", "No requirement "+strings.Join(unknown, ", ")+" in "+f.Title()+".")
	}
	return out, err
}

// requirementRefsIn resolves refs against the requirements of framework
// fw; it returns those it knows and, quoted, those it does not.
func requirementRefsIn(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID, refs []string) ([]isms.RequirementRef, []string, error) {
	all, err := tx.RequirementRefs(ctx, org, fw)
	if err != nil {
		return nil, nil, err
	}
	byRef := make(map[string]isms.RequirementRef, len(all))
	for ref, id := range all {
		byRef[strings.ToLower(ref)] = isms.RequirementRef{ID: id, Ref: ref}
	}
	out := []isms.RequirementRef{}
	var unknown []string
	for _, ref := range refs {
		if r, ok := byRef[strings.ToLower(ref)]; ok {
			out = append(out, r)
		} else {
			unknown = append(unknown, quote(ref))
		}
	}
	return out, unknown, nil
}
