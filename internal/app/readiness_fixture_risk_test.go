// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// readinessExcluded are the Annex A controls acme excludes, with why.
var readinessExcluded = map[string]string{
	"A.7.6":  "Acme has no secure areas of its own: production runs in the cloud provider's data centres, covered by its certification.",
	"A.7.12": "No cabling on our premises carries customer data: the office network carries only encrypted traffic.",
	"A.8.30": "Acme outsources no development: every line of code is written by its own staff.",
}

// readinessRisk is a risk of the data sets: scored (likelihood, impact)
// before and after treatment, carried out by the controls of the Annex A
// references in controls.
type readinessRisk struct {
	title, source, event, consequence string
	in, res                           [2]int
	controls                          []string
}

var readinessRisks = []readinessRisk{
	{"Ransomware encrypts production", "Criminal group", "Ransomware spreads from a laptop to production", "The service is down for days",
		[2]int{4, 5}, [2]int{1, 2}, []string{"A.8.7", "A.8.13"}},
	{"Customer data leaks through a misconfigured bucket", "Careless administrator", "A storage bucket is made public", "Customer data is exposed",
		[2]int{3, 5}, [2]int{1, 2}, []string{"A.8.9", "A.8.12"}},
	{"A leaver keeps access", "Former employee", "An account is not removed on the last day", "Data is taken after leaving",
		[2]int{3, 4}, [2]int{1, 2}, []string{"A.5.15", "A.5.18"}},
	{"A phishing e-mail steals credentials", "Criminal group", "Staff enter their password on a fake page", "An attacker signs in as them",
		[2]int{4, 4}, [2]int{2, 1}, []string{"A.6.3", "A.8.5"}},
	{"The cloud region fails", "Provider outage", "The primary region is down for a day", "Customers cannot work",
		[2]int{2, 5}, [2]int{1, 2}, []string{"A.5.30", "A.8.14"}},
	{"A supplier loses our data", "Supplier breach", "A supplier holding our data is breached", "We must notify customers",
		[2]int{3, 4}, [2]int{2, 1}, []string{"A.5.19", "A.5.21"}},
}

// importISO imports ISO/IEC 27001:2022.
func (f *readinessFixture) importISO() {
	f.t.Helper()
	fw, _, err := f.app.ImportBuiltinFramework(f.ctx, f.ismsManager(), catalog.KeyISO2022)
	f.must("ImportBuiltinFramework", err)
	f.fw = fw
}

// annexA returns the Annex A controls of ISO/IEC 27001:2022.
func (f *readinessFixture) annexA() []*app.RequirementRow {
	f.t.Helper()
	rows, _, err := f.app.FindRequirements(f.ctx, f.ismsManager(), isms.RequirementFilter{FrameworkID: f.fw.ID, Kind: isms.KindControl})
	f.must("FindRequirements", err)
	if len(rows) != 93 {
		f.t.Fatalf("ISO/IEC 27001:2022 has %d Annex A controls, want 93", len(rows))
	}
	return rows
}

// implementedControls gives every Annex A control acme does not exclude
// a control of its own, implemented, owned by the IT lead, reviewed
// yearly and linked to it; with only, the controls of the risks only,
// still in progress.
func (f *readinessFixture) implementedControls(only bool) {
	f.t.Helper()
	var wanted []string
	for _, r := range readinessRisks {
		wanted = append(wanted, r.controls...)
	}
	for _, req := range f.annexA() {
		if _, excluded := readinessExcluded[req.Ref]; excluded || only && !slices.Contains(wanted, req.Ref) {
			continue
		}
		status := isms.ControlImplemented
		if only {
			status = isms.ControlInProgress
		}
		c, err := f.app.CreateControl(f.ctx, f.ismsManager(), app.ControlInput{Title: req.Title + " at Acme",
			Description: "How Acme carries out " + req.Ref + ".", OwnerID: string(f.contributor.ID), Status: string(status), ReviewMonths: "12"})
		f.must("CreateControl("+req.Ref+")", err)
		_, err = f.app.LinkControl(f.ctx, f.ismsManager(), c.ID, []isms.ID{req.ID})
		f.must("LinkControl("+req.Ref+")", err)
		f.controls[req.Ref] = c
	}
}

// controlEvidence records, for every control, evidence collected today
// and valid for a year.
func (f *readinessFixture) controlEvidence() {
	f.t.Helper()
	for _, ref := range sortedKeys(f.controls) {
		c := f.controls[ref]
		_, err := f.app.CreateEvidence(f.ctx, f.ismsManager(), app.EvidenceInput{Title: "Operating record of " + c.Ref,
			Kind: isms.EvidenceKindLink, URL: "https://records.acme.example/controls/" + c.Ref, OwnerID: f.contributor.ID,
			CollectedOn: f.today(), ValidUntil: f.today().AddDate(1, 0, 0), Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "control", ID: c.ID}}}, nil)
		f.must("CreateEvidence("+c.Ref+")", err)
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// assets records the assets the risks concern, each with an owner.
func (f *readinessFixture) assets() []string {
	f.t.Helper()
	var out []string
	for _, x := range []app.AssetInput{
		{Name: "Production platform", Type: string(isms.AssetSoftware), Classification: "confidential", C: "5", I: "5", A: "5"},
		{Name: "Customer data", Type: string(isms.AssetInformation), Classification: "restricted", C: "5", I: "4", A: "4"},
		{Name: "Staff laptops", Type: string(isms.AssetHardware), Classification: "confidential", C: "4", I: "3", A: "3"},
	} {
		x.OwnerID, x.Description = string(f.contributor.ID), "An asset of Acme."
		a, err := f.app.CreateAsset(f.ctx, f.ismsManager(), x)
		f.must("CreateAsset("+x.Name+")", err)
		out = append(out, string(a.ID))
	}
	return out
}

// riskInput returns the use case's input for x, owned by the IT lead; with
// treated, its treatment plan and residual score.
func (f *readinessFixture) riskInput(x readinessRisk, assets []string, treated bool) app.RiskInput {
	in := app.RiskInput{Title: x.title, Kind: string(isms.RiskScenario), ThreatSource: x.source, Event: x.event, Consequence: x.consequence,
		Category: "Cyber attack", OwnerID: string(f.contributor.ID), InherentLikelihood: itoa(x.in[0]), InherentImpact: itoa(x.in[1]),
		Assets: assets, Controls: []string{}}
	if !treated {
		return in
	}
	in.ResidualLikelihood, in.ResidualImpact = itoa(x.res[0]), itoa(x.res[1])
	in.Treatment, in.TreatmentPlan = string(isms.TreatmentModify), "Carry out "+x.controls[0]+" and "+x.controls[1]+"."
	for _, ref := range x.controls {
		if c, ok := f.controls[ref]; ok {
			in.Controls = append(in.Controls, string(c.ID))
		}
	}
	return in
}

// treatedRisks records the risks of readinessRisks[:n]; the first
// treated of them get a treatment plan with one action, done, that their
// owner approves, and their owner accepts the residual risk.
func (f *readinessFixture) treatedRisks(n, treated int) {
	f.t.Helper()
	assets := f.assets()
	for i, x := range readinessRisks[:n] {
		r, err := f.app.CreateRisk(f.ctx, f.ismsManager(), f.riskInput(x, assets, i < treated))
		f.must("CreateRisk("+x.title+")", err)
		f.risks = append(f.risks, r)
		if i < treated {
			f.treat(r, x)
		}
	}
}

// treat has the IT lead carry out r's action, approve its plan and accept
// its residual risk.
func (f *readinessFixture) treat(r *isms.Risk, x readinessRisk) {
	f.t.Helper()
	in := app.TreatmentActionInput{Title: "Roll out " + x.controls[0], OwnerID: string(f.contributor.ID), Due: f.date(30)}
	if c, ok := f.controls[x.controls[0]]; ok {
		in.Control = string(c.ID)
	}
	act, err := f.app.AddTreatmentAction(f.ctx, f.ismsManager(), r.ID, in)
	f.must("AddTreatmentAction("+r.Ref+")", err)
	_, err = f.app.CompleteTask(f.ctx, f.itLead(), act.TaskID, "Rolled out.")
	f.must("CompleteTask("+r.Ref+")", err)
	sub, err := f.app.SubmitForApproval(f.ctx, f.ismsManager(), app.SubmitInput{ObjectType: "risk_treatment", ObjectID: r.ID,
		ApproverIDs: ids(f.contributor), Note: "The plan and the residual risk it leaves."})
	f.must("SubmitForApproval(plan of "+r.Ref+")", err)
	_, err = f.app.DecideApproval(f.ctx, f.itLead(), sub.ID, isms.DecisionApprove, "Approved.")
	f.must("DecideApproval(plan of "+r.Ref+")", err)
	_, err = f.app.AcceptRisk(f.ctx, f.itLead(), r.ID, app.AcceptInput{Comment: "Within our criteria."})
	f.must("AcceptRisk("+r.Ref+")", err)
}

// assessment records the risk assessment just performed.
func (f *readinessFixture) assessment(title string) {
	f.t.Helper()
	_, err := f.app.CreateRiskAssessment(f.ctx, f.ismsManager(), app.RiskAssessmentInput{Title: title,
		Reason: "Planned yearly assessment of the whole register.", PerformedOn: f.date(0)})
	f.must("CreateRiskAssessment", err)
}

// soaDraft generates the SoA and decides its open lines in bulk: the
// excluded controls with their justification, the others applicable as
// good practice. It returns the draft.
func (f *readinessFixture) soaDraft() *isms.SoA {
	f.t.Helper()
	s, err := f.app.GenerateSoA(f.ctx, f.ismsManager(), "", "The SoA for the certification audit.")
	f.must("GenerateSoA", err)
	v, err := f.app.FindSoA(f.ctx, f.ismsManager(), "", string(s.ID))
	f.must("FindSoA", err)
	var applicable []isms.ID
	for _, l := range v.Lines {
		if why, ok := readinessExcluded[l.Ref]; ok {
			f.decideLines(s.ID, []isms.ID{l.RequirementID}, app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: why})
		} else if l.Applicable == isms.SoAUndecided {
			applicable = append(applicable, l.RequirementID)
		}
	}
	f.decideLines(s.ID, applicable, app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true,
		Reason: "Part of the baseline every software company of our kind needs; the risk assessment relies on it."})
	return s
}

// decideLines records one decision on lines of SoA draft s.
func (f *readinessFixture) decideLines(s isms.ID, reqs []isms.ID, in app.SoALineInput) {
	f.t.Helper()
	v, err := f.app.FindSoA(f.ctx, f.ismsManager(), "", string(s))
	f.must("FindSoA", err)
	_, err = f.app.DecideSoALines(f.ctx, f.ismsManager(), s, v.SoA.Version, reqs, in)
	f.must("DecideSoALines", err)
}

// approvedSoA has the CISO approve the SoA draft.
func (f *readinessFixture) approvedSoA() {
	f.t.Helper()
	s := f.soaDraft()
	sub, err := f.app.SubmitSoA(f.ctx, f.ismsManager(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: ids(f.manager2),
		Note: "Every Annex A control decided."})
	f.must("SubmitSoA", err)
	_, err = f.app.DecideApproval(f.ctx, f.ciso(), sub.ID, isms.DecisionApprove, "Approved: matches the treatment plan.")
	f.must("DecideApproval(SoA)", err)
}
