// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// packageSecret is the installation secret key of the package tests.
var packageSecret = bytes.Repeat([]byte{0x42}, 32)

// packageWorld is the audit world with an evidence store, a secret key,
// a control "Desk policy" linked to A.7.4 (which the SoA excludes), and
// three evidence files: review minutes of both access controls, a
// firewall export of access control alone, and a photo of the desk
// policy; a note linked to access reviews has no file.
type packageWorld struct {
	*auditWorld
	store                        blob.Store
	desk                         *isms.Control
	minutes, firewall, deskPhoto *isms.Evidence
	risks                        []*isms.Risk // made by approveEverything
}

func newPackageWorld(t *testing.T, db *sqldb.DB) *packageWorld {
	t.Helper()
	w := &packageWorld{auditWorld: newAuditWorld(t, db), store: blobtest.FS(t)}
	w.app = app.New(db, app.Options{Now: w.clock.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1},
		Blobs: w.store, SecretKey: packageSecret})
	w.desk = w.control("Desk policy", isms.ControlImplemented)
	w.link(w.desk, w.requirement(w.iso.ID, "A.7.4").ID)
	w.minutes = w.evidenceFile("Access review minutes", "minutes q1.pdf", "%PDF-1.7 minutes", w.reviews, w.access)
	w.firewall = w.evidenceFile("Firewall rules", "rules.txt", "deny all\n", w.access)
	w.deskPhoto = w.evidenceFile("Desk photo", "desk.jpg", "JPEG of a clear desk", w.desk)
	_, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Review note", Kind: isms.EvidenceKindNote,
		Note: "Done.", Source: isms.EvidenceSourceUpload, Links: []isms.Link{{Type: "control", ID: w.reviews.ID}}}, nil)
	w.must("CreateEvidence(note)", err)
	return w
}

// evidenceFile uploads a file item linked to controls as the contributor.
func (w *packageWorld) evidenceFile(title, name, content string, controls ...*isms.Control) *isms.Evidence {
	w.t.Helper()
	in := app.EvidenceInput{Title: title, Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceUpload}
	for _, c := range controls {
		in.Links = append(in.Links, isms.Link{Type: "control", ID: c.ID})
	}
	e, err := w.app.CreateEvidence(w.ctx, w.asContributor(), in, fileInput(name, content))
	w.must("CreateEvidence("+title+")", err)
	return e
}

// build builds the ISO/IEC 27001:2022 package of the default period as
// actor and returns it with its manifest.
func (w *packageWorld) build(actor isms.Actor) ([]byte, *report.Manifest) {
	w.t.Helper()
	var buf bytes.Buffer
	m, err := w.app.BuildAuditPackage(w.ctx, actor, app.PackageInput{Framework: "iso27001-2022"}, &buf)
	w.must("BuildAuditPackage", err)
	return buf.Bytes(), m
}

// paths returns the paths of m's files.
func paths(m *report.Manifest) []string {
	out := make([]string, len(m.Files))
	for i, f := range m.Files {
		out[i] = f.Path
	}
	return out
}

// fileOf returns the manifest entry of path.
func fileOf(t *testing.T, m *report.Manifest, path string) report.ManifestFile {
	t.Helper()
	for _, f := range m.Files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("the manifest lists no %s", path)
	return report.ManifestFile{}
}

// entry reads the file path of the package data.
func entry(t *testing.T, data []byte, path string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// verifyWith verifies data with the organization's public key.
func (w *packageWorld) verifyWith(data []byte) *report.Verification {
	w.t.Helper()
	key, err := w.app.OrganizationPublicKey(w.ctx, isms.SystemActor(""), w.org.Slug)
	w.must("OrganizationPublicKey", err)
	v, err := report.VerifyPackage(bytes.NewReader(data), int64(len(data)), key)
	w.must("VerifyPackage", err)
	return v
}

// controlRecord is c as a manifest record.
func controlRecord(c *isms.Control) report.ManifestRecord {
	return report.ManifestRecord{Type: "control", ID: string(c.ID), Ref: c.Ref, Title: c.Title}
}

// evidenceRecord is e's first version as a manifest record.
func evidenceRecord(e *isms.Evidence) report.ManifestRecord {
	return report.ManifestRecord{Type: "evidence", ID: string(e.ID), Ref: "v1", Title: e.Title}
}

// auditEvents returns the events of events.jsonl.
func auditEvents(t *testing.T, data []byte) []isms.AuditEvent {
	t.Helper()
	var out []isms.AuditEvent
	sc := bufio.NewScanner(bytes.NewReader(entry(t, data, "audit-trail/events.jsonl")))
	for sc.Scan() {
		var e isms.AuditEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("events.jsonl line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

// approveEverything approves the SoA (every line applicable but A.7.4),
// the scope and a policy, treats a risk, reports an audit, holds a
// management review and raises a nonconformity with an action.
func (w *packageWorld) approveEverything() {
	w.t.Helper()
	s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "iso27001-2022", "")
	w.must("GenerateSoA", err)
	v, err := w.app.FindSoA(w.ctx, w.asManager(), "", string(s.ID))
	w.must("FindSoA", err)
	var open, excluded []isms.ID
	for _, l := range v.Lines {
		if l.Ref == "A.7.4" {
			excluded = append(excluded, l.RequirementID)
		} else if l.Applicable == isms.SoAUndecided {
			open = append(open, l.RequirementID)
		}
	}
	_, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, v.SoA.Version, open, app.SoALineInput{Applicable: isms.SoAApplicable,
		Practice: true, Reason: "Good practice."})
	w.must("DecideSoALines(applicable)", err)
	v, err = w.app.FindSoA(w.ctx, w.asManager(), "", string(s.ID))
	w.must("FindSoA", err)
	_, err = w.app.DecideSoALines(w.ctx, w.asManager(), s.ID, v.SoA.Version, excluded, app.SoALineInput{Applicable: isms.SoAExcluded,
		Exclusion: "No premises."})
	w.must("DecideSoALines(excluded)", err)
	ap, err := w.app.SubmitSoA(w.ctx, w.asAdmin(), app.SubmitInput{ObjectID: s.ID, ApproverIDs: []isms.ID{w.manager.ID}})
	w.must("SubmitSoA", err)
	_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "Seen.")
	w.must("DecideApproval(SoA)", err)

	draft, err := w.app.SaveScopeDraft(w.ctx, w.asManager(), 0, app.ScopeInput{Statement: "The ISMS of Acme's cloud platform."})
	w.must("SaveScopeDraft", err)
	approveScope(w.t, w.world, draft)
	w.approvedDocument("Information security policy")

	r := w.newRisk(app.RiskInput{Title: "Accounts misused", Treatment: "modify", TreatmentPlan: "Review access quarterly.",
		Controls: []string{w.reviews.Ref}})
	_, err = w.app.AddTreatmentAction(w.ctx, w.asManager(), r.ID, app.TreatmentActionInput{Title: "Automate the review",
		OwnerID: string(w.manager.ID), Due: "2026-06-30", Control: w.reviews.Ref})
	w.must("AddTreatmentAction", err)
	w.risks = []*isms.Risk{r, w.newRisk(app.RiskInput{Title: "Office flooded"})}

	au := w.move(w.asEve(), w.plan(w.auditInputLedBy(w.eve, "A.5.18")), isms.AuditInProgress, "")
	_, err = w.app.RecordAuditItem(w.ctx, w.asEve(), au.ID, w.requirement(w.iso.ID, "A.5.18").ID, 1,
		app.ItemInput{Result: isms.ItemConforming, Notes: "Sampled."})
	w.must("RecordAuditItem", err)
	w.move(w.asEve(), w.findAudit(au.Ref).Audit, isms.AuditReported, "Access reviews conform.")

	w.holdReview(w.planReview("Management review 2026", "2026-03-02"))
	n := w.raiseNC("Access reviews skipped")
	w.addAction(n, "Schedule the reviews")
}

// auditInputLedBy is an audit of the programme AP-1 (created when
// needed) led by lead with scope.
func (w *packageWorld) auditInputLedBy(lead *isms.User, scope string) app.AuditInput {
	in := w.auditInput(w.programme(), scope)
	in.LeadID = lead.ID
	return in
}

// sheetRows reads the rows of sheet in an XLSX file.
func sheetRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}
