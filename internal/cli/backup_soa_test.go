// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupSoA fills the tables of the Statement of Applicability: a draft of
// ISO/IEC 27001:2022's SoA with one line decided.
func backupSoA(t *testing.T, ctx context.Context, a *app.App, admin isms.Actor) {
	t.Helper()
	s, err := a.GenerateSoA(ctx, admin, "", "First SoA.")
	if err != nil {
		t.Fatalf("GenerateSoA: %v", err)
	}
	v, err := a.FindSoA(ctx, admin, "", string(s.ID))
	if err != nil {
		t.Fatalf("FindSoA: %v", err)
	}
	l := v.Lines[0]
	if _, err := a.UpdateSoALine(ctx, admin, s.ID, l.RequirementID, l.Version, app.SoALineInput{Applicable: isms.SoAApplicable,
		Practice: true, Reason: "Every organization needs a policy.", OwnerID: admin.UserID}); err != nil {
		t.Fatalf("UpdateSoALine: %v %v", err, isms.ErrorFields(err))
	}
}
