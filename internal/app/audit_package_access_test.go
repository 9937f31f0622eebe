// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestAuditPackageAccessAndPeriod(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newPackageWorld(t, db)
		build := func(actor isms.Actor, in app.PackageInput) (*bytes.Buffer, error) {
			var buf bytes.Buffer
			_, err := w.app.BuildAuditPackage(w.ctx, actor, in, &buf)
			return &buf, err
		}
		iso := app.PackageInput{Framework: "iso27001-2022"}
		for name, actor := range map[string]isms.Actor{"viewer": w.asViewer(), "contributor": w.asContributor()} {
			_, err := build(actor, iso)
			wantMessage(t, "BuildAuditPackage("+name+")", err, isms.Forbidden, "You may not build audit packages.")
		}
		elsewhere := w.as(w.eve, isms.RoleAuditor)
		elsewhere.FrameworkID = "fw_another"
		_, err := build(elsewhere, iso)
		wantCode(t, "BuildAuditPackage(auditor of another framework)", err, isms.NotFound)
		_, err = build(w.globexAdmin(), iso)
		wantCode(t, "BuildAuditPackage(organization without the framework)", err, isms.NotFound)
		for _, tc := range []struct {
			in     app.PackageInput
			fields []string
		}{
			{app.PackageInput{From: "2026-13-01", To: "yesterday"}, []string{"from", "to"}},
			{app.PackageInput{From: "2026-03-02", To: "2026-03-01"}, []string{"to"}},
		} {
			buf, err := build(w.asManager(), tc.in)
			wantFields(t, "BuildAuditPackage(bad period)", err, isms.Invalid, tc.fields...)
			if buf.Len() != 0 {
				t.Errorf("a refused package wrote %d bytes", buf.Len())
			}
		}
		if w.lastEvent(string(w.org.ID)).Action == "audit_package.build" {
			t.Errorf("refused builds left an audit_package.build event")
		}

		limited := w.as(w.eve, isms.RoleAuditor)
		limited.FrameworkID = w.iso.ID
		if err := w.store.Delete(w.ctx, hexSHA("deny all\n")); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		m, err := w.app.BuildAuditPackage(w.ctx, limited, app.PackageInput{From: "2027-01-01", To: "2027-12-31"}, &buf)
		w.must("BuildAuditPackage(own framework, next year)", err)
		missing := "Evidence " + string(w.firewall.ID) + " (Firewall rules) is left out: the stored file of version 1 is missing."
		if m.Framework.ID != string(w.iso.ID) || m.From != "2027-01-01" || m.To != "2027-12-31" || m.ChainHead.Events != 0 ||
			len(auditEvents(t, buf.Bytes())) != 0 || m.Notes[len(m.Notes)-1] != missing {
			t.Errorf("package of 2027 = %s %s to %s, %d events, notes %q; want ISO 27001, no events, the missing file noted",
				m.Framework.Ref, m.From, m.To, m.ChainHead.Events, m.Notes)
		}
		want := []string{"README.txt", "risks/risk-register.xlsx", "risks/treatment-plan.xlsx", "nonconformities/nonconformities.xlsx",
			"evidence/" + w.reviews.Ref + "/" + string(w.minutes.ID) + "-minutes q1.pdf",
			"evidence/" + w.desk.Ref + "/" + string(w.deskPhoto.ID) + "-desk.jpg",
			"audit-trail/events.jsonl", "audit-trail/chain-head.json"}
		if diff := cmp.Diff(want, paths(m)); diff != "" {
			t.Errorf("paths (-want +got):\n%s", diff)
		}
		if v := w.verifyWith(buf.Bytes()); !v.OK() {
			t.Errorf("verification = %+v, want OK", v)
		}
	})
}
