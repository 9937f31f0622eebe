// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// validTask returns an open task that passes validation.
func validTask(t *testing.T) *isms.Task {
	return &isms.Task{Title: "Review access rights", OwnerID: "user_ann", Due: date(t, "2026-03-31"), Status: isms.TaskOpen}
}

func TestTaskValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*isms.Task)
		fields []string
	}{
		{"a complete task is valid", func(*isms.Task) {}, nil},
		{"title, owner and due date are required", func(k *isms.Task) { k.Title, k.OwnerID, k.Due = " ", "", isms.Date{} },
			[]string{"due", "owner", "title"}},
		{"a title of 201 characters is too long", func(k *isms.Task) { k.Title = strings.Repeat("é", 201) }, []string{"title"}},
		{"a title of 200 characters is fine", func(k *isms.Task) { k.Title = strings.Repeat("é", 200) }, nil},
		{"description and note are bounded", func(k *isms.Task) {
			k.Description, k.CompletionNote = strings.Repeat("x", 20001), strings.Repeat("x", 20001)
		}, []string{"completionNote", "description"}},
		{"a due date in another millennium is refused", func(k *isms.Task) { k.Due = isms.NewDate(1999, 12, 31) }, []string{"due"}},
		{"an unknown status is refused", func(k *isms.Task) { k.Status = "paused" }, []string{"status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := validTask(t)
			tc.change(k)
			got := []string{}
			for f := range isms.ErrorFields(k.Validate()) {
				got = append(got, f)
			}
			want := tc.fields
			if want == nil {
				want = []string{}
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Validate() fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTaskOverdue(t *testing.T) {
	today := date(t, "2026-03-02")
	for _, tc := range []struct {
		due    string
		status isms.TaskStatus
		want   bool
	}{
		{"2026-03-01", isms.TaskOpen, true},
		{"2026-03-02", isms.TaskOpen, false}, // due today is not overdue yet
		{"2026-03-03", isms.TaskOpen, false},
		{"2026-01-01", isms.TaskDone, false},
		{"2026-01-01", isms.TaskCancelled, false},
	} {
		k := &isms.Task{Due: date(t, tc.due), Status: tc.status}
		if got := k.Overdue(today); got != tc.want {
			t.Errorf("%s task due %s: Overdue(%s) = %v, want %v", tc.status, tc.due, today, got, tc.want)
		}
	}
}

func TestTaskModule(t *testing.T) {
	if m := (&isms.Task{}).Module(); m != isms.ModuleOther {
		t.Errorf("a task without a link is in module %q, want %q", m, isms.ModuleOther)
	}
	if m := (&isms.Task{Link: isms.Link{Type: "approval", ID: "appr_1"}}).Module(); m != "approval" {
		t.Errorf("a task linked to an approval is in module %q, want approval", m)
	}
}

func TestTaskUpdateApply(t *testing.T) {
	k := validTask(t)
	title, desc, due := "  Review admin access rights ", "All production accounts.", "2026-04-15"
	p := isms.Problems{}
	c := isms.TaskUpdate{Title: &title, Description: &desc, Due: &due}.Apply(k, p)
	want := isms.Changes{
		"title":       {Before: "Review access rights", After: "Review admin access rights"},
		"description": {Before: "", After: "All production accounts."},
		"due":         {Before: "2026-03-31", After: "2026-04-15"},
	}
	if diff := cmp.Diff(want, c); diff != "" || len(p) != 0 {
		t.Errorf("Apply() changes mismatch (-want +got):\n%s\nproblems %v", diff, p)
	}
	if k.Due.String() != "2026-04-15" || k.Title != "Review admin access rights" {
		t.Errorf("after Apply: %+v", k)
	}

	bad := "15/04/2026"
	if c := (isms.TaskUpdate{Due: &bad}).Apply(k, p); len(c) != 0 || p["due"] == "" {
		t.Errorf("Apply(due %q) = %v, problems %v, want no change and a due problem", bad, c, p)
	}
	same := "2026-04-15"
	if c := (isms.TaskUpdate{Due: &same, Title: &k.Title}).Apply(k, isms.Problems{}); len(c) != 0 {
		t.Errorf("Apply(the same values) = %v, want no changes", c)
	}
}

func TestTaskJSON(t *testing.T) {
	k := validTask(t)
	k.ID, k.Link = "tsk_1", isms.Link{Type: "organization", ID: "org_1"}
	b, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"due":"2026-03-31"`, `"link":{"type":"organization","id":"org_1"}`, `"status":"open"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("json.Marshal(task) = %s, want it to contain %s", b, want)
		}
	}
	for _, absent := range []string{`"occurrence"`, `"completedAt"`, `"scheduleId"`} {
		if strings.Contains(string(b), absent) {
			t.Errorf("json.Marshal(task) = %s, want no %s for a task made by hand and still open", b, absent)
		}
	}
}
