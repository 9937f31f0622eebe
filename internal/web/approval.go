// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

var approvalColumns = []column{
	{Key: "title", Label: "Record"}, {Label: "Version", Numeric: true}, {Key: "status", Label: "Status"},
	{Label: "Submitted by"}, {Label: "Approvers"}, {Key: "submitted", Label: "Submitted"},
}

type approvalListPage struct {
	basePage
	List     *listResult[*isms.Approval]
	Status   string
	Awaiting bool
}

func approverSummary(a *isms.Approval) string {
	out := ""
	for i, ap := range a.Approvers {
		if i > 0 {
			out += ", "
		}
		out += ap.Name
		if ap.Decision != isms.DecisionNone {
			out += " (" + string(ap.Decision) + "d)"
		}
	}
	return out
}

func (s *Server) handleApprovalIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := isms.ApprovalFilter{Status: isms.ApprovalStatus(q.Get("status"))}
	if f.Status != "" && !f.Status.Valid() {
		return isms.Errorf(isms.Invalid, "Unknown status %q.", f.Status)
	}
	awaiting := q.Get("awaiting") == "me"
	if awaiting {
		f.AwaitingID, f.Status = actor(r).UserID, isms.ApprovalPending
	}
	spec := listSpec[*isms.Approval]{
		Title: "Approvals", Columns: approvalColumns, DefaultSort: "-submitted",
		Fetch: func(lq listQuery) ([]*isms.Approval, int, error) {
			f.Sort, f.Limit, f.Offset = lq.Sort, lq.Limit, lq.Offset
			return s.app.FindApprovals(r.Context(), actor(r), f)
		},
		Record: func(a *isms.Approval) []string {
			return []string{a.Title, itoa(a.ObjectVersion), string(a.Status), a.SubmitterName, approverSummary(a), fmtDateTime(a.SubmittedAt)}
		},
		Filters: func(listQuery) [][2]string { return [][2]string{{"Status", string(f.Status)}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &approvalListPage{List: list, Status: string(f.Status), Awaiting: awaiting}
	p.Title = "Approvals"
	return s.render(w, r, http.StatusOK, "approval_index", p)
}

type approvalShowPage struct {
	basePage
	Approval  *isms.Approval
	Label     string
	RecordURL string // the submitted record's page, "" when it has none
	CanDecide bool
	IsAuthor  bool
	Decide    formView
}

func (s *Server) handleApprovalShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderApproval(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderApproval(w http.ResponseWriter, r *http.Request, status int, decideErr error, comment string) error {
	a := actor(r)
	ap, err := s.app.FindApproval(r.Context(), a, isms.ID(r.PathValue("id")))
	if err != nil {
		return err
	}
	p := &approvalShowPage{Approval: ap, Label: app.ApprovalLabel(ap.ObjectType),
		RecordURL: recordURL(isms.Link{Type: ap.ObjectType, ID: ap.ObjectID}),
		CanDecide: ap.AwaitsDecisionFrom(a.UserID),
		IsAuthor:  ap.SubmittedBy == a.UserID && ap.Status == isms.ApprovalPending}
	p.Title = ap.Title
	p.Decide = formView{Action: "/approvals/" + string(ap.ID) + "/decide", Submit: "Record decision",
		Fields: []fieldView{
			selectField("decision", "Decision", r.PostFormValue("decision"), [][2]string{{"", "Choose…"}, {"approve", "Approve"}, {"reject", "Reject"}}).required(),
			text("comment", "Comment", comment).kind("textarea").help("Required when you reject: say what must change."),
		}}
	p.Decide.withErrors(decideErr)
	if p.Decide.Conflict == "" && decideErr != nil && isms.ErrorFields(decideErr) == nil {
		p.Decide.Conflict = isms.ErrorMessage(decideErr)
	}
	return s.render(w, r, status, "approval_show", p)
}

func (s *Server) handleApprovalDecide(w http.ResponseWriter, r *http.Request) error {
	id := isms.ID(r.PathValue("id"))
	comment := r.PostFormValue("comment")
	ap, err := s.app.DecideApproval(r.Context(), actor(r), id, isms.Decision(r.PostFormValue("decision")), comment)
	if code := isms.ErrorCode(err); code == isms.Invalid || code == isms.Conflict {
		return s.renderApproval(w, r, statusOf(code), err, comment)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Decision recorded. The submission is "+string(ap.Status)+".")
	http.Redirect(w, r, "/approvals/"+string(id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleApprovalWithdraw(w http.ResponseWriter, r *http.Request) error {
	id := isms.ID(r.PathValue("id"))
	if _, err := s.app.WithdrawApproval(r.Context(), actor(r), id); err != nil {
		return err
	}
	s.flash(w, "ok", "Submission withdrawn; the record can be edited again.")
	http.Redirect(w, r, "/approvals/"+string(id), http.StatusSeeOther)
	return nil
}
