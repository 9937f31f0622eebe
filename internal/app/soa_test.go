// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// soaWorld is the test world with ISO/IEC 27001:2022 and a small
// organization's records: an implemented access control (A.5.15) used by
// the treatment plan of risk R-1 and evidenced, a planned legal register
// (A.5.31) meeting an addressed obligation, and a planned logging control
// (A.8.15) that nothing else uses.
type soaWorld struct {
	*world
	iso                     *isms.Framework
	access, legal, logging  *isms.Control
	risk                    *isms.Risk
	obligation, unaddressed *isms.PartyRequirement
}

func newSoAWorld(t *testing.T, db *sqldb.DB) *soaWorld {
	t.Helper()
	w := &soaWorld{world: newWorld(t, db)}
	w.iso = w.importBuiltin("iso27001-2022")
	w.access = w.control("Access control", isms.ControlImplemented)
	w.link(w.access, w.requirement(w.iso.ID, "A.5.15").ID)
	w.legal = w.control("Legal register", isms.ControlPlanned)
	w.link(w.legal, w.requirement(w.iso.ID, "A.5.31").ID)
	w.logging = w.control("Logging", isms.ControlPlanned)
	w.link(w.logging, w.requirement(w.iso.ID, "A.8.15").ID)
	w.risk = w.newRisk(app.RiskInput{Title: "Accounts misused", Controls: []string{w.access.Ref}})
	c := w.asContributor()
	party, err := w.app.CreateParty(w.ctx, c, app.PartyInput{Name: "Data protection authority", Kind: "external", Category: "regulator"})
	if err != nil {
		t.Fatal(err)
	}
	w.obligation, err = w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: party.Ref,
		Title: "Keep a register of legal requirements", Type: "legal", Addressed: true, How: "The legal register.",
		Controls: []string{w.legal.Ref}})
	if err != nil {
		t.Fatal(err)
	}
	w.unaddressed, err = w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: party.Ref,
		Title: "Log every access", Type: "legal", How: "Not yet.", Controls: []string{w.logging.Ref}})
	if err != nil {
		t.Fatal(err)
	}
	today := isms.DateOf(w.clock.Now())
	_, err = w.app.CreateEvidence(w.ctx, c, app.EvidenceInput{Title: "Access review", Kind: isms.EvidenceKindNote,
		Note: "Reviewed.", CollectedOn: today, Source: isms.EvidenceSourceUpload,
		Links: []isms.Link{{Type: "control", ID: isms.ID(w.access.Ref)}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// soaLine returns the line of v with ref.
func soaLine(t *testing.T, v *app.SoAView, ref string) *isms.SoALine {
	t.Helper()
	for _, l := range v.Lines {
		if l.Ref == ref {
			return l
		}
	}
	t.Fatalf("SoA %s has no line %s", v.SoA.VersionLabel(), ref)
	return nil
}

// findSoA reads a version as the viewer.
func (w *soaWorld) findSoA(id string) *app.SoAView {
	w.t.Helper()
	v, err := w.app.FindSoA(w.ctx, w.asViewer(), "", id)
	if err != nil {
		w.t.Fatalf("FindSoA(%q) = %v", id, err)
	}
	return v
}

// setLine saves a line of draft s as the manager.
func (w *soaWorld) setLine(s *isms.SoA, l *isms.SoALine, in app.SoALineInput) *isms.SoALine {
	w.t.Helper()
	got, err := w.app.UpdateSoALine(w.ctx, w.asManager(), s.ID, l.RequirementID, l.Version, in)
	if err != nil {
		w.t.Fatalf("UpdateSoALine(%s) = %v", l.Ref, err)
	}
	return got
}

// decideAll makes every undecided line of draft v applicable as good
// practice, but A.7.4, which it excludes.
func (w *soaWorld) decideAll(v *app.SoAView) {
	w.t.Helper()
	for _, l := range v.Lines {
		switch {
		case l.Ref == "A.7.4":
			w.setLine(v.SoA, l, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "No premises: every employee works remotely."})
		case l.Applicable == isms.SoAUndecided:
			w.setLine(v.SoA, l, app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "Good practice for a cloud service."})
		}
	}
}

// submitSoA submits draft s as the admin to the manager.
func (w *soaWorld) submitSoA(s *isms.SoA) *isms.Approval {
	w.t.Helper()
	ap, err := w.app.SubmitSoA(w.ctx, w.asAdmin(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}, Note: "Please approve."})
	if err != nil {
		w.t.Fatalf("SubmitSoA(%s) = %v", s.VersionLabel(), err)
	}
	return ap
}

// decide records the manager's decision on ap.
func (w *soaWorld) decide(ap *isms.Approval, d isms.Decision) {
	w.t.Helper()
	if _, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, d, "Seen."); err != nil {
		w.t.Fatalf("DecideApproval(%s) = %v", d, err)
	}
}

func TestSoAGeneratedFromRisksAndObligations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		_, err := w.app.GenerateSoA(w.ctx, w.asContributor(), "", "")
		wantCode(t, "GenerateSoA as contributor", err, isms.Forbidden)
		_, err = w.app.FindSoA(w.ctx, w.asViewer(), "", "")
		wantCode(t, "FindSoA before any version", err, isms.NotFound)
		s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "iso27001-2022", " First version. ")
		if err != nil {
			t.Fatal(err)
		}
		if s.Number != 1 || s.Status != isms.SoADraft || s.Note != "First version." || s.FrameworkID != w.iso.ID {
			t.Errorf("GenerateSoA = %+v, want draft v1 of ISO 27001 with the note trimmed", s)
		}
		_, err = w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		wantCode(t, "GenerateSoA(second draft)", err, isms.Conflict)
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "soa.create" || e.ObjectID != s.ID || ch["lines"].After != float64(93) || ch["applicable"].After != float64(2) {
			t.Errorf("last event = %s %s %v, want soa.create of 93 lines, 2 applicable", e.Action, e.ObjectID, ch)
		}

		v := w.findSoA("")
		if v.SoA.ID != s.ID || len(v.Lines) != 93 || v.Lines[0].Ref != "A.5.1" || v.Pending {
			t.Fatalf("FindSoA = %s with %d lines, first %s; want the draft's 93 Annex A lines", v.SoA.ID, len(v.Lines), v.Lines[0].Ref)
		}
		access := soaLine(t, v, "A.5.15")
		if access.Applicable != isms.SoAApplicable || len(access.Sources.Risks) != 1 || access.Sources.Risks[0].Ref != w.risk.Ref ||
			len(access.Sources.Controls) != 1 || access.Sources.Controls[0].ID != w.access.ID || access.Status() != isms.SoAImplemented ||
			access.Sources.Evidence != 1 || access.Sources.Fresh != 1 || access.Sources.ReadOn != isms.DateOf(w.clock.Now()) {
			t.Errorf("A.5.15 = %+v, want applicable from %s, implemented by %s with 1 current evidence item", access, w.risk.Ref, w.access.Ref)
		}
		legal := soaLine(t, v, "A.5.31")
		if legal.Applicable != isms.SoAApplicable || len(legal.Sources.Obligations) != 1 || legal.Sources.Obligations[0].ID != w.obligation.ID ||
			len(legal.Sources.Risks) != 0 || legal.Status() != isms.SoAPlanned {
			t.Errorf("A.5.31 = %+v, want applicable from %s, planned", legal, w.obligation.Ref)
		}
		logging := soaLine(t, v, "A.8.15")
		if logging.Applicable != isms.SoAUndecided || len(logging.Sources.Obligations) != 0 || len(logging.Sources.Controls) != 1 {
			t.Errorf("A.8.15 = %+v, want undecided: its only obligation is not addressed", logging)
		}
		want := app.SoACounts{Lines: 93, Applicable: 2, Undecided: 91, Errors: 91,
			ByStatus: map[isms.SoAImplStatus]int{isms.SoAImplemented: 1, isms.SoAPlanned: 1}}
		if v.Counts.Lines != want.Lines || v.Counts.Applicable != 2 || v.Counts.Undecided != 91 || v.Counts.Errors != 91 ||
			v.Counts.Warnings != 0 || !sameCounts(v.Counts.ByStatus, want.ByStatus) {
			t.Errorf("counts = %+v, want %+v", v.Counts, want)
		}
		if len(v.Issues) != 91 || v.Issues[0].Ref != "A.5.1" || v.Issues[0].Rule != isms.SoARuleUndecided {
			t.Errorf("issues = %d, first %+v; want 91, A.5.1 undecided first", len(v.Issues), v.Issues[0])
		}

		// The draft follows the records until it is submitted.
		w.newRisk(app.RiskInput{Title: "Logs lost", Controls: []string{w.logging.Ref}})
		if l := soaLine(t, w.findSoA(""), "A.8.15"); len(l.Sources.Risks) != 1 || l.Applicable != isms.SoAUndecided {
			t.Errorf("A.8.15 after a new risk = %+v, want the risk as a source, still undecided", l)
		}
	})
}

func sameCounts(a, b map[isms.SoAImplStatus]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func TestSoALineEditsAndSubmission(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		v := w.findSoA(string(s.ID))
		l := soaLine(t, v, "A.7.4")
		_, err = w.app.UpdateSoALine(w.ctx, w.asManager(), s.ID, l.RequirementID, l.Version,
			app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "  ", OwnerID: "usr_nobody", Business: true})
		wantFields(t, "UpdateSoALine(invalid)", err, isms.Invalid, "exclusion", "ownerId", "reason")
		_, err = w.app.UpdateSoALine(w.ctx, w.asContributor(), s.ID, l.RequirementID, l.Version, app.SoALineInput{})
		wantCode(t, "UpdateSoALine as contributor", err, isms.Forbidden)
		_, err = w.app.UpdateSoALine(w.ctx, w.asManager(), s.ID, "req_nothing", 1, app.SoALineInput{})
		wantCode(t, "UpdateSoALine(no such line)", err, isms.NotFound)

		seq := w.seq()
		got := w.setLine(s, l, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "No premises.", OwnerID: w.contributor.ID})
		if got.Version != 2 || got.OwnerName != w.contributor.Name || got.Exclusion != "No premises." || got.Sources.Derived != isms.SoANotStarted {
			t.Errorf("saved line = %+v, want version 2 owned by %s", got, w.contributor.Name)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		if e.Seq != seq+1 || e.Action != "soa.line.update" || e.ObjectType != "soa" || e.ObjectID != s.ID || ch["ref"].After != "A.7.4" ||
			ch["applicable"].After != "no" || ch["exclusion"].After != "No premises." || ch["ownerId"].After != string(w.contributor.ID) || len(ch) != 4 {
			t.Errorf("event = %s on %s/%s with %v; want soa.line.update of A.7.4", e.Action, e.ObjectType, e.ObjectID, ch)
		}
		_, err = w.app.UpdateSoALine(w.ctx, w.asManager(), s.ID, l.RequirementID, l.Version, app.SoALineInput{Applicable: isms.SoAApplicable})
		wantCode(t, "UpdateSoALine(stale)", err, isms.Conflict)
		if n, err := w.app.UpdateSoANote(w.ctx, w.asManager(), s.ID, w.findSoA("").SoA.Version, "Annex A reviewed."); err != nil || n.Note != "Annex A reviewed." {
			t.Errorf("UpdateSoANote = %+v, %v", n, err)
		} else if e := w.lastEvent(string(w.org.ID)); e.Action != "soa.update" {
			t.Errorf("last event = %s, want soa.update", e.Action)
		}

		// Submission is refused while lines are inconsistent.
		_, err = w.app.SubmitSoA(w.ctx, w.asAdmin(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitSoA(undecided)", err, isms.Invalid)
		if msg := isms.ErrorMessage(err); !strings.HasPrefix(msg, "90 lines are inconsistent: A.5.1 awaits a decision") || !strings.Contains(msg, "85 more lines") {
			t.Errorf("SubmitSoA(undecided) message = %q", msg)
		}
		v = w.findSoA("")
		w.decideAll(v)
		access := soaLine(t, w.findSoA(""), "A.5.15")
		w.setLine(s, access, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "Not needed."})
		_, err = w.app.SubmitSoA(w.ctx, w.asAdmin(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		if msg := isms.ErrorMessage(err); !strings.HasPrefix(msg, "1 line is inconsistent: A.5.15 is excluded, but the treatment plans of "+w.risk.Ref) {
			t.Errorf("SubmitSoA(excluded but treated) = %v", err)
		}
		access = soaLine(t, w.findSoA(""), "A.5.15")
		w.setLine(s, access, app.SoALineInput{Applicable: isms.SoAApplicable})
		_, err = w.app.SubmitSoA(w.ctx, w.asViewer(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitSoA as viewer", err, isms.Forbidden)
		_, err = w.app.SubmitSoA(w.ctx, w.asAdmin(), app.SubmitInput{ObjectID: s.ID, Version: 1, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitSoA(stale)", err, isms.Conflict)
		_, err = w.app.SubmitForApproval(w.ctx, w.asAdmin(), app.SubmitInput{ObjectType: "soa", ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}})
		wantCode(t, "SubmitForApproval(soa not frozen)", err, isms.Conflict)

		// Submitted: the sources are recorded and the draft cannot change.
		ap := w.submitSoA(s)
		v = w.findSoA("")
		if !v.Pending || !v.SoA.Frozen || v.Latest == nil || v.Latest.ID != ap.ID || v.Counts.Errors != 0 || v.Counts.Undecided != 0 {
			t.Fatalf("submitted view = %+v %+v, want pending, frozen, consistent", v.SoA, v.Counts)
		}
		w.newRisk(app.RiskInput{Title: "Logs lost", Controls: []string{w.logging.Ref}})
		if l := soaLine(t, w.findSoA(""), "A.8.15"); len(l.Sources.Risks) != 0 {
			t.Errorf("frozen A.8.15 = %+v, want the sources recorded at submission", l.Sources)
		}
		l = soaLine(t, v, "A.5.1")
		_, err = w.app.UpdateSoALine(w.ctx, w.asManager(), s.ID, l.RequirementID, l.Version, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "x"})
		wantCode(t, "UpdateSoALine(pending)", err, isms.Conflict)
		wantCode(t, "DeleteSoADraft(pending)", w.app.DeleteSoADraft(w.ctx, w.asManager(), s.ID), isms.Conflict)

		// Rejected: the draft is live again.
		w.decide(ap, isms.DecisionReject)
		v = w.findSoA("")
		if v.Pending || v.SoA.Frozen || len(soaLine(t, v, "A.8.15").Sources.Risks) != 1 {
			t.Errorf("rejected view = %+v, want a live draft again", v.SoA)
		}
		w.submitSoA(s)
		if got := actions(w.events(string(w.org.ID), seq)); slices.Contains(got, "soa.approve") || !slices.Contains(got, "approval.reject") {
			t.Errorf("events = %v", got)
		}
	})
}

func TestSoAApprovalVersionsAndComparison(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		v1, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		w.decideAll(w.findSoA(""))
		ap := w.submitSoA(v1)
		w.decide(ap, isms.DecisionApprove)
		v := w.findSoA("")
		if v.SoA.ID != v1.ID || v.SoA.Status != isms.SoAApproved || v.SoA.ApprovalID != ap.ID || v.SoA.ApprovedBy != w.manager.Name ||
			v.SoA.ApprovedAt.IsZero() || v.Approved == nil || v.Pending {
			t.Fatalf("approved view = %+v", v.SoA)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "approval.approve" {
			t.Errorf("last event = %s", e.Action)
		}
		if got := actions(w.events(string(w.org.ID), 0)); !slices.Contains(got, "soa.approve") {
			t.Errorf("events = %v, want soa.approve", got)
		}
		l := soaLine(t, v, "A.5.1")
		_, err = w.app.UpdateSoALine(w.ctx, w.asManager(), v1.ID, l.RequirementID, l.Version, app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "x"})
		wantCode(t, "UpdateSoALine(approved)", err, isms.Conflict)
		wantCode(t, "DeleteSoADraft(approved)", w.app.DeleteSoADraft(w.ctx, w.asManager(), v1.ID), isms.Conflict)
		p, err := w.app.FrameworkPosture(w.ctx, w.asViewer(), w.iso.ID)
		if err != nil || p.Counts.NotApplicable != 1 || groupCounts(p, "A.7").NotApplicable != 1 {
			t.Errorf("posture = %+v, %v; want A.7.4 not applicable", p, err)
		}

		// The next draft starts from the approved decisions.
		v2, err := w.app.GenerateSoA(w.ctx, w.asManager(), string(w.iso.ID), "Second review.")
		if err != nil || v2.Number != 2 {
			t.Fatalf("GenerateSoA(v2) = %+v, %v", v2, err)
		}
		d := w.findSoA("v2")
		if l := soaLine(t, d, "A.7.4"); l.Applicable != isms.SoAExcluded || l.Exclusion != "No premises: every employee works remotely." || l.ChangeReason != "" {
			t.Errorf("v2 A.7.4 = %+v, want the exclusion copied", l)
		}
		if d.Counts.Errors != 0 || d.Counts.Applicable != 92 {
			t.Errorf("v2 counts = %+v, want 92 applicable, consistent", d.Counts)
		}
		if got := w.findSoA(""); got.SoA.ID != v1.ID {
			t.Errorf("FindSoA(\"\") = %s, want the approved v1 while v2 is a draft", got.SoA.VersionLabel())
		}
		l = soaLine(t, d, "A.7.4")
		w.setLine(v2, l, app.SoALineInput{Applicable: isms.SoAApplicable, Business: true, Reason: "A new office opens.",
			ChangeReason: "The company rents an office in Lyon."})
		cmp, err := w.app.CompareSoAs(w.ctx, w.asViewer(), v1.ID, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cmp.From.ID != v1.ID || cmp.To.ID != v2.ID || len(cmp.Lines) != 1 || cmp.Lines[0].Ref != "A.7.4" ||
			cmp.Lines[0].Reason != "The company rents an office in Lyon." || cmp.Lines[0].Fields[0].Label != "Applicable" {
			t.Errorf("CompareSoAs = %+v", cmp)
		}
		if back, err := w.app.CompareSoAs(w.ctx, w.asViewer(), "v2", "v1"); err != nil || back.From.ID != v1.ID || len(back.Lines) != 1 {
			t.Errorf("CompareSoAs(v2, v1) = %+v, %v; want v1 to v2", back, err)
		}

		w.decide(w.submitSoA(v2), isms.DecisionApprove)
		list, err := w.app.SoAVersions(w.ctx, w.asViewer(), "")
		if err != nil || len(list) != 2 || list[0].ID != v2.ID || list[0].Status != isms.SoAApproved ||
			list[1].Status != isms.SoASuperseded || list[1].ApprovedBy != w.manager.Name {
			t.Fatalf("SoAVersions = %+v, %v; want v2 approved, v1 superseded", list, err)
		}
		if cur, err := w.app.FindSoA(w.ctx, w.asViewer(), "", "current"); err != nil || cur.SoA.ID != v2.ID {
			t.Errorf("FindSoA(current) = %+v, %v", cur, err)
		}
		p, _ = w.app.FrameworkPosture(w.ctx, w.asViewer(), w.iso.ID)
		if p.Counts.NotApplicable != 0 {
			t.Errorf("posture after v2 = %+v, want nothing excluded", p.Counts)
		}

		// A third draft is discarded.
		v3, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.DeleteSoADraft(w.ctx, w.asManager(), v3.ID); err != nil {
			t.Fatal(err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "soa.delete" || e.ObjectID != v3.ID {
			t.Errorf("last event = %s %s, want soa.delete", e.Action, e.ObjectID)
		}
		_, err = w.app.FindSoA(w.ctx, w.asViewer(), "", string(v3.ID))
		wantCode(t, "FindSoA(discarded)", err, isms.NotFound)
	})
}

func TestSoAExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		v1, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		w.decideAll(w.findSoA(""))
		w.decide(w.submitSoA(v1), isms.DecisionApprove)
		export := func(format string) ([]byte, string) {
			t.Helper()
			var buf bytes.Buffer
			name, err := w.app.ExportSoA(w.ctx, w.asViewer(), "", "", format, &buf)
			if err != nil {
				t.Fatalf("ExportSoA(%s) = %v", format, err)
			}
			if buf.Len() == 0 {
				t.Fatalf("ExportSoA(%s) wrote nothing", format)
			}
			return buf.Bytes(), name
		}

		data, name := export("CSV")
		if name != "soa-iso27001-2022-v1.csv" {
			t.Errorf("file name = %q", name)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1 // the facts of the export follow the table in label,value rows
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], report.SoAColumns) {
			t.Errorf("CSV header = %q", rows[0])
		}
		var access []string
		for _, r := range rows {
			if len(r) > 0 && r[0] == "A.5.15" {
				access = r
			}
		}
		wantRow := []string{"A.5.15", "Access control", "Applicable", "Risk treatment: " + w.risk.Ref, "Implemented",
			w.access.Ref + " Access control", "1 item, 1 current, newest 2026-03-02", ""}
		if !slices.Equal(access, wantRow) {
			t.Errorf("CSV row A.5.15 = %q, want %q", access, wantRow)
		}
		head := w.head(string(w.org.ID))
		if !bytes.Contains(data, []byte(head.Hash)) || !bytes.Contains(data, []byte(w.manager.Name)) {
			t.Errorf("CSV lacks the audit head %s or the approver", head.Hash)
		}

		data, name = export("xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetList()[0]
		if cell, _ := f.GetCellValue(sheet, "A1"); cell != "Reference" || name != "soa-iso27001-2022-v1.xlsx" {
			t.Errorf("XLSX A1 = %q, name %q", cell, name)
		}
		if cell, _ := f.GetCellValue(sheet, "G2"); cell != "none" {
			t.Errorf("XLSX G2 (evidence of A.5.1) = %q, want none", cell)
		}

		data, name = export("pdf")
		if !bytes.HasPrefix(data, []byte("%PDF")) || name != "soa-iso27001-2022-v1.pdf" {
			t.Errorf("PDF starts %q, name %q", data[:min(8, len(data))], name)
		}

		_, err = w.app.ExportSoA(w.ctx, w.asViewer(), "", "", "docx", &bytes.Buffer{})
		wantFields(t, "ExportSoA(docx)", err, isms.Invalid, "format")
		if !strings.Contains(isms.ErrorMessage(err), `"docx"`) {
			t.Errorf("ExportSoA(docx) message = %q, want the format named", isms.ErrorMessage(err))
		}
		_, err = w.app.ExportSoA(w.ctx, w.asViewer(), "", "v9", "csv", &bytes.Buffer{})
		wantCode(t, "ExportSoA(v9)", err, isms.NotFound)
	})
}

func TestSoAAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		s, err := w.app.GenerateSoA(w.ctx, w.asAdmin(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		employee := w.as(w.newMember(w.org, "Fay Employee", isms.RoleEmployee), isms.RoleEmployee)
		for _, actor := range []isms.Actor{employee, w.asViewer(), w.asContributor()} {
			_, err := w.app.GenerateSoA(w.ctx, actor, "", "")
			wantCode(t, "GenerateSoA as "+string(actor.Role), err, isms.Forbidden)
			_, err = w.app.UpdateSoANote(w.ctx, actor, s.ID, s.Version, "x")
			wantCode(t, "UpdateSoANote as "+string(actor.Role), err, isms.Forbidden)
			wantCode(t, "DeleteSoADraft as "+string(actor.Role), w.app.DeleteSoADraft(w.ctx, actor, s.ID), isms.Forbidden)
		}
		_, err = w.app.FindSoA(w.ctx, employee, "", "")
		wantCode(t, "FindSoA as employee", err, isms.Forbidden)
		_, err = w.app.SoAVersions(w.ctx, employee, "")
		wantCode(t, "SoAVersions as employee", err, isms.Forbidden)
		_, err = w.app.CompareSoAs(w.ctx, employee, s.ID, s.ID)
		wantCode(t, "CompareSoAs as employee", err, isms.Forbidden)
		_, err = w.app.ExportSoA(w.ctx, employee, "", "", "csv", &bytes.Buffer{})
		wantCode(t, "ExportSoA as employee", err, isms.Forbidden)

		// Another organization sees none of acme's SoA.
		globex := w.newOrg("globex", "Globex", w.newUser("Gina Globex", false))
		other := isms.Actor{UserID: w.admin.ID, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindSoA(w.ctx, other, "", string(s.ID))
		wantCode(t, "FindSoA(acme's SoA from globex)", err, isms.NotFound)
		wantCode(t, "DeleteSoADraft(acme's SoA from globex)", w.app.DeleteSoADraft(w.ctx, other, s.ID), isms.NotFound)
		if list, err := w.app.SoAVersions(w.ctx, other, ""); err != nil || len(list) != 0 {
			t.Errorf("SoAVersions from globex = %v, %v; want none", list, err)
		}
	})
}

func TestSoAOutlivesItsFramework(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		v1, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		w.decideAll(w.findSoA(""))
		w.decide(w.submitSoA(v1), isms.DecisionApprove)
		v2, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		ap := w.submitSoA(v2)
		wantCode(t, "DeleteFramework(SoA draft pending)", w.app.DeleteFramework(w.ctx, w.asManager(), w.iso.ID), isms.Conflict)
		if _, err := w.app.WithdrawApproval(w.ctx, w.asAdmin(), ap.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.app.DeleteFramework(w.ctx, w.asManager(), w.iso.ID); err != nil {
			t.Fatal(err)
		}
		if ch := changes(t, w.lastEvent(string(w.org.ID))); ch["soaDraft"].Before != "v2" {
			t.Errorf("framework.delete changes = %v, want the discarded SoA draft v2", ch)
		}
		v, err := w.app.FindSoA(w.ctx, w.asViewer(), "", string(v1.ID))
		if err != nil || v.SoA.Status != isms.SoAApproved || len(v.Lines) != 93 || v.Counts.Errors != 0 {
			t.Fatalf("FindSoA(v1) after the framework's deletion = %+v, %v; want the approved version whole", v, err)
		}
		name, err := w.app.ExportSoA(w.ctx, w.asViewer(), "", string(v1.ID), "csv", &bytes.Buffer{})
		if err != nil || name != "soa-iso-iec-27001-2022-v1.csv" {
			t.Errorf("ExportSoA(v1) = %q, %v; want a file named after the framework's name", name, err)
		}
		if list, err := w.app.SoAVersions(w.ctx, w.asViewer(), ""); err != nil || len(list) != 1 || list[0].ID != v1.ID {
			t.Errorf("SoAVersions = %v, %v; want v1 alone", list, err)
		}
	})
}

func TestSoADecideSeveralLines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		owned := w.setLine(s, soaLine(t, w.findSoA(string(s.ID)), "A.5.3"), app.SoALineInput{OwnerID: w.contributor.ID})
		v := w.findSoA(string(s.ID))
		refs := []string{"A.5.1", "A.5.2", "A.5.3"}
		var reqs []isms.ID
		for _, ref := range refs {
			reqs = append(reqs, soaLine(t, v, ref).RequirementID)
		}
		practice := app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "Good practice for a cloud service.",
			ChangeReason: "Decided with the others."}

		_, err = w.app.DecideSoALines(w.ctx, w.asContributor(), s.ID, v.SoA.Version, reqs, practice)
		wantCode(t, "DecideSoALines as contributor", err, isms.Forbidden)
		_, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, v.SoA.Version, nil, practice)
		wantFields(t, "DecideSoALines(no lines)", err, isms.Invalid, "requirements")
		_, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, v.SoA.Version+1, reqs, practice)
		wantCode(t, "DecideSoALines(stale)", err, isms.Conflict)

		seq := w.seq()
		n, err := w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, v.SoA.Version, reqs, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: " "})
		wantFields(t, "DecideSoALines(unjustified exclusion)", err, isms.Invalid, "exclusion")
		if msg := isms.ErrorMessage(err); n != 0 || !strings.HasPrefix(msg, "A.5.1: ") {
			t.Errorf("DecideSoALines(unjustified exclusion) = %d, %q; want 0 and a message naming A.5.1", n, msg)
		}
		after := w.findSoA(string(s.ID))
		for _, ref := range refs {
			if l := soaLine(t, after, ref); l.Applicable != isms.SoAUndecided || l.Version != soaLine(t, v, ref).Version {
				t.Errorf("%s after the refused decision = %+v, want it unchanged", ref, l)
			}
		}
		if got := w.events(string(w.org.ID), seq); len(got) != 0 {
			t.Errorf("events after the refused decision = %v, want none", actions(got))
		}

		n, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, after.SoA.Version, append(reqs, reqs[0]), practice)
		if err != nil || n != 3 {
			t.Fatalf("DecideSoALines = %d, %v; want 3 lines decided", n, err)
		}
		after = w.findSoA(string(s.ID))
		for _, ref := range refs {
			l := soaLine(t, after, ref)
			if l.Applicable != isms.SoAApplicable || !l.Practice || l.Business || l.Reason != practice.Reason || l.ChangeReason != practice.ChangeReason {
				t.Errorf("%s decided = %+v, want applicable as good practice", ref, l)
			}
		}
		if l := soaLine(t, after, "A.5.3"); l.OwnerID != owned.OwnerID || l.OwnerName != w.contributor.Name {
			t.Errorf("A.5.3 owner = %q %q, want %s kept", l.OwnerID, l.OwnerName, w.contributor.Name)
		}
		events := w.events(string(w.org.ID), seq)
		if len(events) != 3 {
			t.Fatalf("events = %v, want 3 line updates", actions(events))
		}
		for i, e := range events {
			ch := changes(t, e)
			if e.Action != "soa.line.update" || e.ObjectID != s.ID || ch["ref"].After != refs[i] || ch["applicable"].After != "yes" || ch["ownerId"].After != nil {
				t.Errorf("event %d = %s on %s with %v; want soa.line.update of %s", i, e.Action, e.ObjectID, ch, refs[i])
			}
		}
		if n, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, after.SoA.Version, reqs, practice); err != nil || n != 0 {
			t.Errorf("DecideSoALines(again) = %d, %v; want nothing changed", n, err)
		}
	})
}
