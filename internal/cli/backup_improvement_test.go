// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupImprovement fills the tables of improvement: a nonconformity with
// its correction, root cause and a corrective action (nc_actions), and an
// accepted improvement with a task.
func backupImprovement(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v %v", what, err, isms.ErrorFields(err))
		}
	}
	today := isms.DateOf(time.Now())
	n, err := a.RaiseNonconformity(ctx, admin, app.NCInput{Title: "Access reviews missed",
		Description: "No access review was recorded last quarter.", Source: isms.NCMonitoring, Grade: isms.NCMinor,
		Requirements: "A.5.18", DetectedOn: today, OwnerID: manager.UserID, Deadline: today.AddDate(0, 2, 0)})
	check("RaiseNonconformity", err)
	n, err = a.RecordCorrection(ctx, admin, n.ID, n.Version, app.StepInput{Text: "Reviewed every account."})
	check("RecordCorrection", err)
	n, err = a.RecordRootCause(ctx, admin, n.ID, n.Version, app.StepInput{Text: "Nobody owned the review.",
		Method: isms.RCAFiveWhys})
	check("RecordRootCause", err)
	_, err = a.AddCorrectiveAction(ctx, admin, n.ID, n.Version, app.ActionInput{Title: "Name a review owner",
		OwnerID: manager.UserID, Due: today.AddDate(0, 1, 0)})
	check("AddCorrectiveAction", err)
	im, err := a.ProposeImprovement(ctx, admin, app.ImprovementInput{Title: "Automate access reviews",
		Description: "Export accounts monthly.", Source: isms.ImpNonconformity, SourceRecord: "nonconformity:" + string(n.ID),
		Evaluation: "Saves two days a quarter.", OwnerID: manager.UserID, Due: today.AddDate(0, 3, 0)})
	check("ProposeImprovement", err)
	im, err = a.DecideImprovement(ctx, admin, im.ID, im.Version, isms.ImpAccepted, "Cheap and quick.")
	check("DecideImprovement", err)
	_, err = a.AddImprovementTask(ctx, admin, im.ID, im.Version, app.TaskInput{Title: "Script the export",
		OwnerID: manager.UserID, Due: today.AddDate(0, 2, 0).String()})
	check("AddImprovementTask", err)
}
