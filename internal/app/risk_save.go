// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// riskSave carries creates and updates of risks, in one transaction,
// through the checks and writes they share.
type riskSave struct {
	a       *App
	tx      *sqldb.Tx
	actor   isms.Actor
	today   isms.Date
	current *isms.RiskMethod // nil while no method is approved
	methods map[isms.ID]*isms.RiskMethod
	// notify queues the usual notice to the owner of a review task that is
	// created or reassigned.
	notify bool
	// next is the last reference number handed out; reserved holds
	// references that an import gives explicitly, which new numbers skip.
	next     int
	reserved map[string]bool
}

// newRiskSave reads the organization's method versions for tx.
func (a *App) newRiskSave(ctx context.Context, tx *sqldb.Tx, actor isms.Actor) (*riskSave, error) {
	methods, current, err := riskMethodsOf(ctx, tx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	return &riskSave{a: a, tx: tx, actor: actor, today: a.today(), current: current, methods: methods}, nil
}

// riskMethodsOf returns every method version of org by ID, and the
// approved one (nil when none is).
func riskMethodsOf(ctx context.Context, tx *sqldb.Tx, org isms.ID) (map[isms.ID]*isms.RiskMethod, *isms.RiskMethod, error) {
	list, err := tx.FindRiskMethods(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[isms.ID]*isms.RiskMethod, len(list))
	var current *isms.RiskMethod
	for _, m := range list {
		out[m.ID] = m
		if m.Status == isms.MethodApproved {
			current = m
		}
	}
	return out, current, nil
}

// riskLinks are the assets and controls a create or update asks for: nil
// leaves the stored links as they are.
type riskLinks struct {
	assets, controls       []isms.ID
	assetRefs, controlRefs []string
}

// create checks and stores a new risk with its links, review task and
// audit event.
func (s *riskSave) create(ctx context.Context, in RiskInput) (*isms.Risk, error) {
	r := &isms.Risk{ID: isms.NewID("rsk"), OrgID: s.actor.OrgID, CreatedBy: s.actor.UserID}
	links, err := s.prepare(ctx, nil, r, in)
	if err != nil {
		return nil, err
	}
	r.AutoStatus()
	t, err := s.syncReviewTask(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := s.tx.InsertRisk(ctx, r); err != nil {
		return nil, err
	}
	if err := s.storeLinks(ctx, r, links); err != nil {
		return nil, err
	}
	if err := audit(ctx, s.tx, orgChain(r.OrgID), s.actor, "risk.create", objectRisk, r.ID, riskCreated(r, s.methods, links)); err != nil {
		return nil, err
	}
	return r, s.notifyAssigned(ctx, t)
}

// update checks and stores the changes in asks of before, which the
// caller read locked. It reports whether anything changed; an unchanged
// risk is not written and leaves no audit event. A change is refused
// while the risk's treatment plan awaits approval.
func (s *riskSave) update(ctx context.Context, before *isms.Risk, in RiskInput) (*isms.Risk, bool, error) {
	c := *before
	r := &c
	links, err := s.prepare(ctx, before, r, in)
	if err != nil {
		return nil, false, err
	}
	ch := isms.Changes{}
	if err := s.settleAcceptance(ctx, before, r, ch); err != nil {
		return nil, false, err
	}
	r.AutoStatus()
	riskChanges(before, r, s.methods, ch)
	if err := s.linkChanges(ctx, r, &links, ch); err != nil || len(ch) == 0 {
		return before, false, err
	}
	if err := checkNotPending(ctx, s.tx, r.OrgID, objectRiskTreatment, r.ID); err != nil {
		return nil, false, err
	}
	t, err := s.syncReviewTask(ctx, r)
	if err != nil {
		return nil, false, err
	}
	if err := s.tx.UpdateRisk(ctx, r, before.Version); err != nil {
		return nil, false, err
	}
	if err := s.storeLinks(ctx, r, links); err != nil {
		return nil, false, err
	}
	if err := audit(ctx, s.tx, orgChain(r.OrgID), s.actor, "risk.update", objectRisk, r.ID, ch); err != nil {
		return nil, false, err
	}
	return r, true, s.notifyAssigned(ctx, t)
}

// notifyAssigned queues the notice of a review task given to someone,
// when s notifies.
func (s *riskSave) notifyAssigned(ctx context.Context, t *isms.Task) error {
	if t == nil || !s.notify {
		return nil
	}
	return s.a.enqueueAssigned(ctx, s.tx, s.actor, t)
}

// prepare applies in to r (before is nil for a new risk) and checks the
// result, reporting every problem at once.
func (s *riskSave) prepare(ctx context.Context, before, r *isms.Risk, in RiskInput) (riskLinks, error) {
	p := isms.Problems{}
	in.applyText(r)
	in.applyStatus(r, p)
	m := s.scoreMethod(before)
	months := 12
	if m != nil {
		months = m.ReviewMonths
	}
	in.applyNextReview(r, s.today, months, p)
	s.applyScores(before, r, in, m, p)
	self := isms.ID("")
	if before != nil {
		self = before.ID
	}
	if err := s.checkRef(ctx, r, self, p); err != nil {
		return riskLinks{}, err
	}
	if err := s.checkOwner(ctx, before, r, p); err != nil {
		return riskLinks{}, err
	}
	links, err := s.resolveLinks(ctx, in, p)
	if err != nil {
		return riskLinks{}, err
	}
	return links, mergeProblems(p, r.Validate(m))
}

// checkOwner requires a new owner of r to be an active member; an owner
// who is not changed is left as is, so that other edits of a risk whose
// owner left need not reassign it.
func (s *riskSave) checkOwner(ctx context.Context, before, r *isms.Risk, p isms.Problems) error {
	if before != nil && before.OwnerID == r.OwnerID {
		r.OwnerName = before.OwnerName
		return nil
	}
	r.OwnerName = ""
	if r.OwnerID == "" {
		return nil
	}
	name, err := activeMemberName(ctx, s.tx, r.OrgID, r.OwnerID, "owner", p)
	r.OwnerName = name
	return err
}

// scoreMethod is the method a risk's new scores are read under: the
// version it is scored under, or the current one when it is not scored.
func (s *riskSave) scoreMethod(before *isms.Risk) *isms.RiskMethod {
	if before != nil && before.MethodID != "" && !(before.Inherent.IsZero() && before.Residual.IsZero()) {
		if m := s.methods[before.MethodID]; m != nil {
			return m
		}
	}
	return s.current
}

// applyScores reads both scores of in under m into r. A risk scored under
// an older version keeps its scores until it is re-scored.
func (s *riskSave) applyScores(before, r *isms.Risk, in RiskInput, m *isms.RiskMethod, p isms.Problems) {
	inh := parseScore(in.scoreTexts(false), "inherent", m, p)
	res := parseScore(in.scoreTexts(true), "residual", m, p)
	if m != nil {
		inh.Score(m)
		res.Score(m)
	}
	r.Inherent, r.Residual = inh, res
	if before != nil && m != nil && s.current != nil && m.ID != s.current.ID &&
		(inh != before.Inherent || res != before.Residual) {
		field := "inherentLikelihood"
		if inh == before.Inherent {
			field = "residualLikelihood"
		}
		p.Add(field, before.Ref+" is scored under "+m.VersionLabel()+"; re-score it under "+s.current.VersionLabel()+" first.")
	}
	r.MethodID, r.MethodNumber = "", 0
	if m != nil && !(inh.IsZero() && res.IsZero()) {
		r.MethodID, r.MethodNumber = m.ID, m.Number
	}
}

// checkRef gives r the next free reference when it has none, or records a
// problem when another risk than self has its reference.
func (s *riskSave) checkRef(ctx context.Context, r *isms.Risk, self isms.ID, p isms.Problems) (err error) {
	if r.Ref == "" {
		r.Ref, err = s.nextRef(ctx)
		return err
	}
	return checkRefFree(ctx, r.OrgID, r.Ref, self, p, s.tx.FindRiskByRef, func(o *isms.Risk) (isms.ID, string) { return o.ID, o.Title })
}

// nextRef returns "R-<n>" with n above every reference number in use and
// not reserved.
func (s *riskSave) nextRef(ctx context.Context) (string, error) {
	if s.next == 0 {
		n, err := s.tx.MaxRiskNumber(ctx, s.actor.OrgID)
		if err != nil {
			return "", err
		}
		s.next = n
	}
	for {
		s.next++
		if ref := "R-" + strconv.Itoa(s.next); !s.reserved[ref] {
			return ref, nil
		}
	}
}

// resolveLinks finds the assets and controls in names, by ID or
// reference, recording those that do not exist.
func (s *riskSave) resolveLinks(ctx context.Context, in RiskInput, p isms.Problems) (l riskLinks, err error) {
	org := s.actor.OrgID
	if in.Assets != nil {
		l.assets, l.assetRefs, err = resolveRefs(in.Assets, "assets", "asset", p, func(v string) (isms.ID, string, error) {
			as, err := findAssetByIDOrRef(ctx, s.tx, org, v)
			if err != nil {
				return "", "", err
			}
			return as.ID, as.Ref, nil
		})
		if err != nil {
			return l, err
		}
	}
	if in.Controls != nil {
		l.controls, l.controlRefs, err = resolveRefs(in.Controls, "controls", "control", p, func(v string) (isms.ID, string, error) {
			c, err := findControlByIDOrRef(ctx, s.tx, org, v)
			if err != nil {
				return "", "", err
			}
			return c.ID, c.Ref, nil
		})
	}
	return l, err
}

// resolveRefs finds each of vals with find, once each, and records those
// not found under field.
func resolveRefs(vals []string, field, label string, p isms.Problems, find func(string) (isms.ID, string, error)) ([]isms.ID, []string, error) {
	ids, refs, missing := []isms.ID{}, []string{}, []string{}
	for _, v := range vals {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		id, ref, err := find(v)
		switch {
		case isms.ErrorCode(err) == isms.NotFound:
			missing = append(missing, quote(v))
		case err != nil:
			return nil, nil, err
		case !slices.Contains(ids, id):
			ids, refs = append(ids, id), append(refs, ref)
		}
	}
	if len(missing) > 0 {
		p.Add(field, "There is no "+label+" "+strings.Join(missing, ", ")+" in this organization.")
	}
	return ids, refs, nil
}

// linkChanges records how the links asked for differ from r's stored
// ones, and drops from l those that do not.
func (s *riskSave) linkChanges(ctx context.Context, r *isms.Risk, l *riskLinks, ch isms.Changes) error {
	if l.assets != nil {
		cur, err := s.tx.RiskAssets(ctx, r.OrgID, r.ID)
		if err != nil {
			return err
		}
		var ids []isms.ID
		var refs []string
		for _, as := range cur {
			ids, refs = append(ids, as.ID), append(refs, as.Ref)
		}
		if sameIDs(ids, l.assets) {
			l.assets = nil
		} else {
			ch["assets"] = isms.Change{Before: strings.Join(refs, ", "), After: strings.Join(l.assetRefs, ", ")}
		}
	}
	if l.controls != nil {
		cur, err := s.tx.RiskControls(ctx, r.OrgID, r.ID)
		if err != nil {
			return err
		}
		var ids []isms.ID
		var refs []string
		for _, c := range cur {
			ids, refs = append(ids, c.ID), append(refs, c.Ref)
		}
		if sameIDs(ids, l.controls) {
			l.controls = nil
		} else {
			ch["controls"] = isms.Change{Before: strings.Join(refs, ", "), After: strings.Join(l.controlRefs, ", ")}
		}
	}
	return nil
}

// sameIDs reports whether a and b hold the same IDs, in any order.
func sameIDs(a, b []isms.ID) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// storeLinks replaces r's links that l asks to change.
func (s *riskSave) storeLinks(ctx context.Context, r *isms.Risk, l riskLinks) error {
	if l.assets != nil {
		if err := s.tx.SetRiskAssets(ctx, r.OrgID, r.ID, l.assets); err != nil {
			return err
		}
		r.Assets = len(l.assets)
	}
	if l.controls != nil {
		if err := s.tx.SetRiskControls(ctx, r.OrgID, r.ID, l.controls); err != nil {
			return err
		}
		r.Controls = len(l.controls)
	}
	return nil
}

// riskCreated is the audit record of a new risk.
func riskCreated(r *isms.Risk, methods map[isms.ID]*isms.RiskMethod, l riskLinks) isms.Changes {
	fields := map[string]any{"ref": r.Ref, "title": r.Title, "kind": string(r.Kind), "status": string(r.Status)}
	for k, v := range map[string]string{"threatSource": r.ThreatSource, "event": r.Event, "consequence": r.Consequence,
		"threat": r.Threat, "vulnerability": r.Vulnerability, "description": r.Description, "category": r.Category,
		"owner": r.OwnerName, "treatment": string(r.Treatment), "treatmentPlan": r.TreatmentPlan,
		"nextReview": r.NextReview.String(), "assets": strings.Join(l.assetRefs, ", "),
		"controls": strings.Join(l.controlRefs, ", ")} {
		if v != "" {
			fields[k] = v
		}
	}
	if m := methods[r.MethodID]; m != nil {
		fields["methodVersion"] = m.Number
		fields["inherent"], fields["residual"] = riskScoreRecord(m, r.Inherent), riskScoreRecord(m, r.Residual)
	}
	return isms.Created(fields)
}

// riskChanges records in ch what changed between two versions of a risk.
func riskChanges(b, r *isms.Risk, methods map[isms.ID]*isms.RiskMethod, ch isms.Changes) {
	for _, f := range []struct {
		name          string
		before, after string
	}{
		{"ref", b.Ref, r.Ref}, {"title", b.Title, r.Title}, {"kind", string(b.Kind), string(r.Kind)},
		{"threatSource", b.ThreatSource, r.ThreatSource}, {"event", b.Event, r.Event},
		{"consequence", b.Consequence, r.Consequence}, {"threat", b.Threat, r.Threat},
		{"vulnerability", b.Vulnerability, r.Vulnerability}, {"description", b.Description, r.Description},
		{"category", b.Category, r.Category}, {"owner", b.OwnerName, r.OwnerName},
		{"treatment", string(b.Treatment), string(r.Treatment)}, {"treatmentPlan", b.TreatmentPlan, r.TreatmentPlan},
		{"status", string(b.Status), string(r.Status)}, {"nextReview", b.NextReview.String(), r.NextReview.String()},
	} {
		if f.before != f.after {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	if b.OwnerID != r.OwnerID && ch["owner"] == (isms.Change{}) {
		ch["owner"] = isms.Change{Before: string(b.OwnerID), After: string(r.OwnerID)}
	}
	bm, rm := methods[b.MethodID], methods[r.MethodID]
	if b.Inherent != r.Inherent {
		ch["inherent"] = isms.Change{Before: riskScoreRecord(bm, b.Inherent), After: riskScoreRecord(rm, r.Inherent)}
	}
	if b.Residual != r.Residual {
		ch["residual"] = isms.Change{Before: riskScoreRecord(bm, b.Residual), After: riskScoreRecord(rm, r.Residual)}
	}
	if b.MethodID != r.MethodID {
		ch["methodVersion"] = isms.Change{Before: b.MethodNumber, After: r.MethodNumber}
	}
}

// riskScoreRecord is how the audit trail records a score: nil when
// unscored.
func riskScoreRecord(m *isms.RiskMethod, s isms.RiskScore) any {
	if m == nil || s.IsZero() {
		return nil
	}
	return scoreRecord(m, s)
}
