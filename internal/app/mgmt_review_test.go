// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files of the review pack")

// day advances the clock to 09:00 UTC on date (YYYY-MM-DD).
func (w *world) day(date string) {
	w.t.Helper()
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		w.t.Fatal(err)
	}
	w.clock.Advance(d.Add(9 * time.Hour).Sub(w.clock.Now()))
}

func mustDate(s string) isms.Date {
	d, err := isms.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// must fails the test when err is not nil.
func (w *world) must(call string, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("%s = %v %v", call, err, isms.ErrorFields(err))
	}
}

// planReview plans a review chaired by the administrator.
func (w *world) planReview(title, planned string) *isms.ManagementReview {
	w.t.Helper()
	r, err := w.app.CreateReview(w.ctx, w.asManager(), app.ReviewInput{Title: title, PlannedOn: mustDate(planned), ChairID: w.admin.ID})
	w.must("CreateReview("+title+")", err)
	return r
}

// holdReview records r as held on the clock's day.
func (w *world) holdReview(r *isms.ManagementReview) *isms.ManagementReview {
	w.t.Helper()
	r, err := w.app.HoldReview(w.ctx, w.asManager(), r.ID, r.Version, app.HoldInput{HeldOn: isms.DateOf(w.clock.Now()),
		Attendees: []string{" Alice Admin (CEO) ", "", "Bob Manager (ISMS manager)"}, Minutes: "The ISMS is suitable."})
	w.must("HoldReview("+r.Ref+")", err)
	return r
}

// output adds an output to review r.
func (w *world) output(r *isms.ManagementReview, kind isms.OutputKind, desc string, owner *isms.User, due string) *isms.ReviewOutput {
	w.t.Helper()
	in := app.OutputInput{Kind: kind, Description: desc, OwnerID: owner.ID}
	if due != "" {
		in.Due = mustDate(due)
	}
	o, err := w.app.AddReviewOutput(w.ctx, w.asManager(), r.ID, in)
	w.must("AddReviewOutput("+desc+")", err)
	return o
}

// reviewFixture fills every register the pack reads: a review held on
// 2026-03-05 with a tracked and an untracked output, records before and
// in the period that follows, and a review planned for 2026-06-01, which
// it returns with the clock on that day.
func (w *world) reviewFixture() *isms.ManagementReview {
	w.t.Helper()
	m, c := w.asManager(), w.asContributor()
	w.approvedMethod(5)
	w.importBuiltin("iso27001-2022")
	ci1, err := w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "Supplier concentration", Kind: "external",
		Category: "economic", Effect: "negative"})
	w.must("CreateContextIssue", err)
	_, err = w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "Office lease", Kind: "internal",
		Category: "economic", Effect: "positive"})
	w.must("CreateContextIssue", err)

	w.day("2026-03-05")
	mr1 := w.holdReview(w.planReview("Review 2025", "2026-03-05"))
	tracked := w.output(mr1, isms.OutputImprovement, "Automate the access reviews", w.manager, "2026-05-01")
	_, err = w.app.TrackReviewOutput(w.ctx, m, tracked.ID)
	w.must("TrackReviewOutput", err)
	w.output(mr1, isms.OutputResource, "Hire a security engineer", w.admin, "2026-09-30")

	w.day("2026-04-01")
	_, err = w.app.UpdateContextIssue(w.ctx, c, ci1.ID, ci1.Version, app.ContextIssueInput{Title: "Supplier concentration",
		Kind: "external", Category: "economic", Effect: "negative", ReviewOn: "2026-05-01"})
	w.must("UpdateContextIssue", err)
	_, err = w.app.CreateContextIssue(w.ctx, c, app.ContextIssueInput{Title: "EU AI Act", Kind: "external", Category: "legal", Effect: "negative"})
	w.must("CreateContextIssue", err)
	w.reviewFixtureParties()
	w.reviewFixtureMetrics()
	w.reviewFixtureRisks()
	w.reviewFixtureAudits()

	w.day("2026-06-01")
	return w.planReview("Review 2026", "2026-06-10")
}

func (w *world) reviewFixtureParties() {
	w.t.Helper()
	c := w.asContributor()
	p, err := w.app.CreateParty(w.ctx, c, app.PartyInput{Name: "Customers", Kind: "external", Category: "customer"})
	w.must("CreateParty", err)
	_, err = w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: string(p.ID), Title: "ISO/IEC 27001 certificate",
		Type: "contractual", How: "Not before 2027."})
	w.must("CreatePartyRequirement", err)
	_, err = w.app.CreatePartyRequirement(w.ctx, c, app.PartyRequirementInput{PartyID: string(p.ID), Title: "Report breaches within 72 hours",
		Type: "contractual", Addressed: true, How: "Incident procedure, step 4."})
	w.must("CreatePartyRequirement", err)
	item, err := w.app.CreateCommunicationItem(w.ctx, w.asManager(), app.CommunicationInput{Topic: "Security newsletter",
		Audience: "All staff", Frequency: "monthly", Channel: "E-mail"})
	w.must("CreateCommunicationItem", err)
	_, err = w.app.RecordCommunication(w.ctx, w.asManager(), item.ID, app.CommunicationRecordInput{HeldOn: "2026-03-31", Summary: "March issue."})
	w.must("RecordCommunication", err)
}

func (w *world) reviewFixtureMetrics() {
	w.t.Helper()
	c, owner := w.asContributor(), string(w.contributor.ID)
	for _, x := range []struct {
		in    app.MetricInput
		value string
	}{
		{app.MetricInput{Name: "Patch compliance", Method: "Patched / all hosts.", Unit: "%", Direction: "higher", Target: "95", Frequency: "every month"}, "97"},
		{app.MetricInput{Name: "Time to revoke access", Method: "Mean days from leaving to revocation.", Unit: "days", Direction: "lower", Target: "1", Warning: "3", Frequency: "every month"}, "4"},
		{app.MetricInput{Name: "Phishing click rate", Method: "Clicks / recipients.", Unit: "%", Direction: "lower", Target: "5", Frequency: "quarterly"}, ""},
	} {
		x.in.MeasuredBy, x.in.AnalysedBy = owner, owner
		met, err := w.app.CreateMetric(w.ctx, c, x.in)
		w.must("CreateMetric("+x.in.Name+")", err)
		if x.value != "" {
			_, err = w.app.RecordMeasurement(w.ctx, c, met.ID, app.MeasurementInput{Value: x.value, MeasuredOn: "2026-03-31"})
			w.must("RecordMeasurement", err)
		}
	}
	for _, in := range []app.ObjectiveInput{
		{Statement: "Keep systems patched", DueOn: "2026-12-31", Status: "in_progress", Metrics: []string{"M-1"}},
		{Statement: "Revoke access within a day", DueOn: "2026-05-31", Status: "in_progress", Metrics: []string{"M-2"}},
		{Statement: "Certify the ISMS", DueOn: "2026-12-31", Status: "achieved", Evaluation: "The certificate is issued."},
	} {
		_, err := w.app.CreateObjective(w.ctx, c, in)
		w.must("CreateObjective("+in.Statement+")", err)
	}
}

func (w *world) reviewFixtureRisks() {
	w.t.Helper()
	owner := string(w.contributor.ID)
	for _, in := range []app.RiskInput{
		{Title: "Ransomware", OwnerID: owner, InherentLikelihood: "5", InherentImpact: "5", ResidualLikelihood: "4", ResidualImpact: "4", Treatment: "modify"},
		{Title: "Laptop theft", OwnerID: owner, InherentLikelihood: "2", InherentImpact: "2"},
		{Title: "Cloud outage", OwnerID: owner, InherentLikelihood: "5", InherentImpact: "4"},
		{Title: "Not yet scored", OwnerID: owner},
	} {
		w.newRisk(in)
	}
	_, err := w.app.CreateISMSRisk(w.ctx, w.asContributor(), app.ISMSRiskInput{Kind: "opportunity", Title: "Single sign-on everywhere",
		Likelihood: "medium", Impact: "high"})
	w.must("CreateISMSRisk", err)
}

func (w *world) reviewFixtureAudits() {
	w.t.Helper()
	m := w.asManager()
	_, err := w.app.CreateProgramme(w.ctx, m, app.ProgrammeInput{Title: "Cycle 2026-2028", Framework: "iso27001-2022",
		Start: mustDate("2026-01-01"), End: mustDate("2028-12-31")})
	w.must("CreateProgramme", err)
	ia, err := w.app.PlanAudit(w.ctx, m, app.AuditInput{Programme: "AP-1", Title: "Leadership and audit", Criteria: "ISO/IEC 27001:2022",
		Scope: "5.2, 9.2", LeadID: w.manager2.ID, PlannedStart: mustDate("2026-04-01"), PlannedEnd: mustDate("2026-04-03")})
	w.must("PlanAudit", err)
	ia, err = w.app.MoveAudit(w.ctx, m, ia.ID, ia.Version, isms.AuditInProgress, "")
	w.must("MoveAudit(in progress)", err)
	for _, f := range []app.FindingInput{
		{Grade: isms.FindingMajor, Title: "No policy", Description: "5.2 requires a policy; none is approved.", Requirements: "5.2"},
		{Grade: isms.FindingMinor, Title: "Audit programme incomplete", Description: "9.2.2 asks for a programme; it misses clause 8.", Requirements: "9.2"},
		{Grade: isms.FindingObservation, Title: "Audit reports late"},
		{Grade: isms.FindingOFI, Title: "Use a checklist template"},
	} {
		f.Audit = ia.Ref
		_, err := w.app.CreateFinding(w.ctx, m, f)
		w.must("CreateFinding("+f.Title+")", err)
	}
	view, err := w.app.FindAudit(w.ctx, m, ia.Ref)
	w.must("FindAudit", err)
	for _, it := range view.Items {
		_, err := w.app.RecordAuditItem(w.ctx, m, ia.ID, it.RequirementID, it.Version,
			app.ItemInput{Result: isms.ItemNonconforming, Notes: "See the findings."})
		w.must("RecordAuditItem("+it.Ref+")", err)
	}
	_, err = w.app.MoveAudit(w.ctx, m, ia.ID, view.Audit.Version, isms.AuditReported, "The ISMS leadership needs work.")
	w.must("MoveAudit(reported)", err)
	_, err = w.app.PlanAudit(w.ctx, m, app.AuditInput{Programme: "AP-1", Title: "Access control", Criteria: "ISO/IEC 27001:2022",
		Scope: "A.5.15", LeadID: w.manager2.ID, PlannedStart: mustDate("2026-09-01"), PlannedEnd: mustDate("2026-09-02")})
	w.must("PlanAudit(next)", err)
}

// stablePack returns pack as indented JSON with the generated IDs of the
// records it links replaced by type and reference (or title).
func stablePack(t *testing.T, pack *isms.ReviewPack) []byte {
	t.Helper()
	b, err := json.MarshalIndent(pack, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, sec := range pack.Sections {
		for _, it := range sec.Items {
			name := it.Ref
			if name == "" {
				name = it.Title
			}
			s = strings.ReplaceAll(s, string(it.Record.ID), "<"+it.Record.Type+" "+name+">")
		}
	}
	return []byte(s + "\n")
}

func TestReviewPackGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		mr2 := w.reviewFixture()
		pack, err := w.app.CompileReviewPack(w.ctx, w.asViewer(), mr2.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := stablePack(t, pack)
		golden := filepath.Join("testdata", "review_pack.golden.json")
		if *update && strings.HasSuffix(t.Name(), "sqlite") {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("CompileReviewPack(MR-2) differs from %s (-want +got):\n%s", golden, diff)
		}
		// The planned review's page shows the same pack, compiled live.
		v, err := w.app.FindReview(w.ctx, w.asViewer(), "mr-2")
		if err != nil || !v.Live || v.Previous == nil || v.Previous.Ref != "MR-1" || !bytes.Equal(stablePack(t, v.Pack), got) {
			t.Errorf("FindReview(mr-2) = live %v, previous %+v, %v; want the live pack after MR-1", v != nil && v.Live, v, err)
		}
	})
}
