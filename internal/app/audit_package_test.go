// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestAuditPackageBeforeAnythingIsApproved(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newPackageWorld(t, db)
		data, m := w.build(w.asManager())
		want := []string{"README.txt", "risks/risk-register.xlsx", "risks/treatment-plan.xlsx",
			"nonconformities/nonconformities.xlsx",
			"evidence/" + w.reviews.Ref + "/" + string(w.minutes.ID) + "-minutes q1.pdf",
			"evidence/" + w.access.Ref + "/" + string(w.firewall.ID) + "-rules.txt",
			"evidence/" + w.desk.Ref + "/" + string(w.deskPhoto.ID) + "-desk.jpg",
			"audit-trail/events.jsonl", "audit-trail/chain-head.json"}
		if diff := cmp.Diff(want, paths(m)); diff != "" {
			t.Errorf("paths (-want +got):\n%s", diff)
		}
		wantNotes := []string{"No approved Statement of Applicability for ISO/IEC 27001 (2022).", "No approved ISMS scope.",
			"No policy is in force.", "No internal audit of ISO/IEC 27001 (2022) was reported in the period.",
			"No management review was held in the period."}
		if diff := cmp.Diff(wantNotes, m.Notes); diff != "" {
			t.Errorf("notes (-want +got):\n%s", diff)
		}
		if v := w.verifyWith(data); !v.OK() || v.Checked != len(want) {
			t.Errorf("verification = %+v, want OK", v)
		}
	})
}

func TestAuditPackage(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newPackageWorld(t, db)
		w.approveEverything()
		data, m := w.build(w.asManager())
		want := []string{"README.txt", "soa/soa-iso27001-2022-v1.pdf", "soa/soa-iso27001-2022-v1.xlsx", "scope/scope-v1.pdf",
			"policies/DOC-1-v1.pdf", "risks/risk-register.xlsx", "risks/treatment-plan.xlsx", "internal-audits/audit-report-IA-1.pdf",
			"management-reviews/management-review-MR-1-minutes.pdf", "nonconformities/nonconformities.xlsx",
			"evidence/C-1/" + string(w.minutes.ID) + "-minutes q1.pdf", "evidence/C-2/" + string(w.firewall.ID) + "-rules.txt",
			"audit-trail/events.jsonl", "audit-trail/chain-head.json"}
		if diff := cmp.Diff(want, paths(m)); diff != "" || m.Notes != nil {
			t.Fatalf("paths (-want +got):\n%s\nnotes %q, want none", diff, m.Notes)
		}
		checkPackageManifest(t, w, m)
		checkPackageRecords(t, w, m)
		checkPackageContent(t, w, data, m)
		if v := w.verifyWith(data); !v.OK() || v.Checked != len(want) {
			t.Errorf("verification = %+v, want OK", v)
		}
		e := w.lastEvent(string(w.org.ID))
		ch := changes(t, e)
		sum := hexSHA(string(entry(t, data, report.ManifestName)))
		if e.Action != "audit_package.build" || e.ObjectType != "framework" || e.ObjectID != w.iso.ID || e.ActorID != w.manager.ID ||
			ch["framework"].After != "iso27001-2022" || ch["from"].After != "2025-03-02" || ch["to"].After != "2026-03-02" ||
			ch["files"].After != float64(len(want)) || ch["manifestSha256"].After != sum || ch["keyId"].After != m.KeyID {
			t.Errorf("last event = %s %s %s %v, want audit_package.build of ISO 27001 with manifest %s", e.Action, e.ObjectType, e.ObjectID, ch, sum)
		}

		_, again := w.build(w.as(w.eve, isms.RoleAuditor))
		if again.KeyID != m.KeyID || again.CreatedBy != "Eve Auditor" {
			t.Errorf("second package signed with %s by %s, want the same key %s, by Eve Auditor", again.KeyID, again.CreatedBy, m.KeyID)
		}
		n := 0
		for _, e := range w.events(string(w.org.ID), 0) {
			if e.Action == "signing_key.create" {
				n++
				if ch := changes(t, e); ch["fingerprint"].After != m.KeyID || e.ObjectType != "signing_key" {
					t.Errorf("signing_key.create = %s %v, want the fingerprint %s", e.ObjectType, ch, m.KeyID)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d signing_key.create events, want 1", n)
		}
	})
}

// checkPackageManifest checks the manifest's facts and its audit trail.
func checkPackageManifest(t *testing.T, w *packageWorld, m *report.Manifest) {
	t.Helper()
	k, err := w.app.SigningKey(w.ctx, w.asViewer())
	w.must("SigningKey", err)
	head := w.head(string(w.org.ID))
	want := report.Manifest{Format: report.ManifestFormat, Organization: report.ManifestOrg{ID: string(w.org.ID), Slug: "acme", Name: "Acme"},
		Framework: report.ManifestRecord{Type: "framework", ID: string(w.iso.ID), Ref: "iso27001-2022", Title: "ISO/IEC 27001 (2022)"},
		From:      "2025-03-02", To: "2026-03-02", CreatedAt: w.clock.Now(), CreatedBy: "Bob Manager", KeyID: k.Fingerprint,
		ChainHead: report.ManifestChain{Events: int(head.Seq) - 1, LastSeq: head.Seq - 1, HeadHash: m.ChainHead.HeadHash, Verified: true}}
	got := *m
	got.Files = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifest (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(k.Fingerprint, "SHA256:") || len(k.Fingerprint) != 7+43 {
		t.Errorf("fingerprint = %q, want SHA256: and 43 characters of base64", k.Fingerprint)
	}
}

// checkPackageRecords checks the records of some files.
func checkPackageRecords(t *testing.T, w *packageWorld, m *report.Manifest) {
	t.Helper()
	soa, err := w.app.FindSoA(w.ctx, w.asViewer(), "", "current")
	w.must("FindSoA(current)", err)
	risks := w.risks
	riskRecord := func(r *isms.Risk) report.ManifestRecord {
		return report.ManifestRecord{Type: "risk", ID: string(r.ID), Ref: r.Ref, Title: r.Title}
	}
	nc := w.findNC("NC-1").NC
	for path, want := range map[string][]report.ManifestRecord{
		"soa/soa-iso27001-2022-v1.xlsx":                            {{Type: "soa", ID: string(soa.SoA.ID), Ref: "v1", Title: "Statement of Applicability of ISO/IEC 27001 (2022)"}},
		"evidence/C-1/" + string(w.minutes.ID) + "-minutes q1.pdf": {evidenceRecord(w.minutes), controlRecord(w.reviews), controlRecord(w.access)},
		"evidence/C-2/" + string(w.firewall.ID) + "-rules.txt":     {evidenceRecord(w.firewall), controlRecord(w.access)},
		"risks/risk-register.xlsx":                                 {riskRecord(risks[0]), riskRecord(risks[1])},
		"risks/treatment-plan.xlsx":                                {riskRecord(risks[0])},
		"nonconformities/nonconformities.xlsx":                     {{Type: "nonconformity", ID: string(nc.ID), Ref: "NC-1", Title: "Access reviews skipped"}},
		"internal-audits/audit-report-IA-1.pdf": {{Type: "internal_audit", ID: string(w.findAudit("IA-1").Audit.ID), Ref: "IA-1",
			Title: "Access control audit"}},
		"audit-trail/events.jsonl": {{Type: "audit_chain", ID: string(w.org.ID), Title: "Audit trail of Acme"}},
	} {
		if diff := cmp.Diff(want, fileOf(t, m, path).Records); diff != "" {
			t.Errorf("records of %s (-want +got):\n%s", path, diff)
		}
	}
}

// checkPackageContent checks the README, an evidence file, the audit
// trail and the treatment plan.
func checkPackageContent(t *testing.T, w *packageWorld, data []byte, m *report.Manifest) {
	t.Helper()
	readme := string(entry(t, data, "README.txt"))
	for _, want := range []string{"Audit package of Acme (acme)\n", "Framework:    ISO/IEC 27001 (2022) (iso27001-2022)\n",
		"Period:       2025-03-02 to 2026-03-02\n", "Signing key:  " + m.KeyID + "\n", "isms verify pkg.zip --key key.pem"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.txt lacks %q:\n%s", want, readme)
		}
	}
	if got := string(entry(t, data, "evidence/C-2/"+string(w.firewall.ID)+"-rules.txt")); got != "deny all\n" {
		t.Errorf("firewall evidence = %q, want the uploaded file", got)
	}
	events := auditEvents(t, data)
	if len(events) != m.ChainHead.Events || events[0].Seq != 1 || events[len(events)-1].Seq != m.ChainHead.LastSeq ||
		events[len(events)-1].Hash != m.ChainHead.HeadHash {
		t.Errorf("events.jsonl holds %d events, up to %+v; want %+v", len(events), events[len(events)-1], m.ChainHead)
	}
	var head map[string]any
	if err := json.Unmarshal(entry(t, data, "audit-trail/chain-head.json"), &head); err != nil {
		t.Fatal(err)
	}
	if head["seq"] != float64(m.ChainHead.LastSeq) || head["hash"] != m.ChainHead.HeadHash || head["verified"] != true ||
		head["checked"] != float64(m.ChainHead.LastSeq) || head["eventsInPackage"] != float64(len(events)) || head["break"] != nil {
		t.Errorf("chain-head.json = %v, want the manifest's head %+v, verified", head, m.ChainHead)
	}
	plan := sheetRows(t, entry(t, data, "risks/treatment-plan.xlsx"), "Treatment plan")
	want := [][]string{{"Risk", "Title", "Treatment", "Plan", "Risk status", "Action", "Owner", "Due", "Action status", "Control"},
		{"R-1", "Accounts misused", "Modify (reduce)", "Review access quarterly.", plan[1][4], "Automate the review", "Bob Manager",
			"2026-06-30", "Open", "C-1"}}
	if diff := cmp.Diff(want, plan); diff != "" {
		t.Errorf("treatment plan (-want +got):\n%s", diff)
	}
	ncs := sheetRows(t, entry(t, data, "nonconformities/nonconformities.xlsx"), "Corrective actions")
	if len(ncs) != 2 || ncs[1][0] != "NC-1" || ncs[1][1] != "Schedule the reviews" || ncs[1][2] != "Corrective action" {
		t.Errorf("corrective actions = %q, want NC-1's action", ncs)
	}
}
