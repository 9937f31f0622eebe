// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The page of a management review: its facts, the pack of 9.3.2 inputs
// (compiled live while planned, frozen once held), the form that records
// it as held, the minutes, the outputs and the submission of the minutes
// to the chair, and the PDF exports.

// reviewExports are the PDFs of a review, by the name ExportReview takes.
var reviewExports = []string{"pack", "minutes"}

// reviewShowPage is a review's page, possibly with the problems of a
// reviewRefused form.
type reviewShowPage struct {
	basePage
	View       *app.ReviewView
	R          *isms.ManagementReview
	StatusChip string
	Outputs    []reviewOutputRow
	// Pending is set while the minutes await the chair's decision.
	Pending bool
	// CanPlan: planned, and the actor manages reviews (edit, hold, delete).
	CanPlan bool
	// CanMinute: held, not awaiting or past approval, and the actor
	// manages reviews (minutes, outputs).
	CanMinute     bool
	CanSubmit     bool
	CanTrack      bool
	Hold          formView
	Minutes       formView
	Output        formView
	Submit        formView
	SubmitProblem string
	History       []*isms.AuditEvent
	CanAudit      bool

	refusal *reviewRefusal // the form reviewRefused, shown again with its problems
}

// reviewRefusal is a form of the review's page that was reviewRefused: which
// one, what was sent and why.
type reviewRefusal struct {
	form      string // "hold", "minutes", "output" or "submit"
	hold      app.HoldInput
	attendees string // as typed
	output    app.OutputInput
	note      string
	err       error
}

func (s *Server) handleReviewShow(w http.ResponseWriter, r *http.Request) error {
	return s.showReview(w, r, http.StatusOK, &reviewShowPage{})
}

// showReview renders the review of the path's {id} into p.
func (s *Server) showReview(w http.ResponseWriter, r *http.Request, status int, p *reviewShowPage) error {
	a := actor(r)
	v, err := s.app.FindReview(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.Review
	p.View, p.R, p.StatusChip = v, x, reviewStatusChip(x.Status)
	p.Pending = v.Approval != nil && v.Approval.Status == isms.ApprovalPending
	manage := a.Can(isms.ManageReviews)
	p.CanPlan = manage && x.Status == isms.ReviewPlanned
	p.CanMinute = manage && x.Status == isms.ReviewHeld && !p.Pending
	p.CanSubmit = p.CanMinute && a.Can(isms.SubmitApprovals)
	p.CanTrack = manage && x.Status != isms.ReviewPlanned
	for _, o := range v.Outputs {
		p.Outputs = append(p.Outputs, newReviewOutputRow(x, o))
	}
	if err := s.reviewForms(r, p); err != nil {
		return err
	}
	p.CanAudit = a.Can(isms.ReadAuditTrail)
	if p.CanAudit {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "management_review", ObjectID: x.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	p.Title = x.Ref + " " + x.Title
	return s.render(w, r, status, "management_review_show", p)
}

// reviewForms sets the forms p shows, at the review's current version:
// the one reviewRefused with what was sent and its problems, the others fresh.
func (s *Server) reviewForms(r *http.Request, p *reviewShowPage) error {
	x, rf := p.R, reviewRefusal{}
	if p.refusal != nil {
		rf = *p.refusal
	}
	if rf.form != "hold" && rf.form != "minutes" {
		rf.hold = app.HoldInput{HeldOn: isms.DateOf(s.app.Now()), Minutes: x.Minutes}
		rf.attendees = strings.Join(x.Attendees, "\n")
	}
	show := func(form string, f formView) formView {
		if rf.form == form {
			f = reviewFormProblems(f, rf.err)
		}
		return f
	}
	if p.CanPlan {
		p.Hold = show("hold", reviewHoldForm(x, rf.hold, rf.attendees))
	}
	if p.CanMinute {
		p.Minutes = show("minutes", reviewMinutesForm(x, rf.hold, rf.attendees))
		owners, err := s.reviewMemberOptions(r, "Nobody yet", isms.ReadOwnWork)
		if err != nil {
			return err
		}
		p.Output = show("output", reviewOutputForm(x, nil, rf.output, owners))
	}
	if p.CanSubmit {
		p.Submit = show("submit", reviewSubmitForm(x, rf.note))
	}
	return nil
}

// reviewHoldForm records review x as held with in; attendees is the
// text typed, one attendee per line.
func reviewHoldForm(x *isms.ManagementReview, in app.HoldInput, attendees string) formView {
	return formView{Action: reviewURL(x.ID) + "/hold", Submit: "Record the review as held",
		Hidden: map[string]string{"version": strconv.Itoa(x.Version)},
		Fields: []fieldView{
			text("heldOn", "Held on", in.HeldOn.String()).kind("date").required().help("The day of the meeting, YYYY-MM-DD."),
			text("attendees", "Attendees", attendees).kind("textarea").required().help("One per line, with their role: Dana Ortiz (CEO)."),
			text("minutes", "Minutes", in.Minutes).kind("textarea").help("What was discussed about each input and what was decided; record the decisions as outputs once the review is held."),
		}}
}

// reviewMinutesForm changes the attendees and minutes of held review x.
func reviewMinutesForm(x *isms.ManagementReview, in app.HoldInput, attendees string) formView {
	return formView{Action: reviewURL(x.ID) + "/minutes", Submit: "Save the minutes",
		Hidden: map[string]string{"version": strconv.Itoa(x.Version)},
		Fields: []fieldView{
			text("attendees", "Attendees", attendees).kind("textarea").required().help("One per line, with their role: Dana Ortiz (CEO)."),
			text("minutes", "Minutes", in.Minutes).kind("textarea").help("What was discussed about each input and what was decided."),
		}}
}

// reviewSubmitForm submits the minutes of x to its chair.
func reviewSubmitForm(x *isms.ManagementReview, note string) formView {
	return formView{Action: reviewURL(x.ID) + "/submit", Submit: "Submit the minutes to " + x.ChairName,
		Hidden: map[string]string{"version": strconv.Itoa(x.Version)},
		Fields: []fieldView{text("note", "Note to the chair", note).kind("textarea").help("Optional: what the chair should look at.")}}
}

// attendeeLines splits the attendees typed one per line, without blank lines.
func attendeeLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// holdValues reads the hold or minutes form; the error names the fields
// that cannot be read.
func holdValues(r *http.Request) (app.HoldInput, string, error) {
	_ = r.ParseForm()
	p := isms.Problems{}
	raw := r.PostFormValue("attendees")
	in := app.HoldInput{Attendees: attendeeLines(raw), Minutes: r.PostFormValue("minutes")}
	if r.PostForm.Has("heldOn") {
		in.HeldOn = dateValue(r.PostForm, "heldOn", p)
	}
	return in, raw, p.Err()
}

// reviewRefused reports whether err is the problem of a form to show again
// (invalid input or a stale version) rather than an error page.
func reviewRefused(err error) bool {
	return isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) || isCode(err, isms.Invalid)
}

// reviewFormProblems returns f with the problems of err beside its fields, or
// above the form when they concern none.
func reviewFormProblems(f formView, err error) formView {
	f.withErrors(renameFields(err, reviewFieldNames))
	if f.Conflict == "" && f.Errors == nil {
		f.Conflict = isms.ErrorMessage(err)
	}
	return f
}

func (s *Server) handleReviewHold(w http.ResponseWriter, r *http.Request) error {
	in, raw, err := holdValues(r)
	if err == nil {
		_, err = s.app.HoldReview(r.Context(), actor(r), pathID(r), formInt(r, "version"), in)
	}
	if reviewRefused(err) {
		rf := &reviewRefusal{form: "hold", hold: in, attendees: raw, err: err}
		return s.showReview(w, r, statusOf(isms.ErrorCode(err)), &reviewShowPage{refusal: rf})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Review recorded as held; its pack is frozen. Record the outputs, then submit the minutes to the chair.")
	http.Redirect(w, r, reviewURL(pathID(r)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleReviewMinutes(w http.ResponseWriter, r *http.Request) error {
	in, raw, err := holdValues(r)
	if err == nil {
		_, err = s.app.UpdateMinutes(r.Context(), actor(r), pathID(r), formInt(r, "version"), in)
	}
	if reviewRefused(err) {
		rf := &reviewRefusal{form: "minutes", hold: in, attendees: raw, err: err}
		return s.showReview(w, r, statusOf(isms.ErrorCode(err)), &reviewShowPage{refusal: rf})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Minutes saved.")
	http.Redirect(w, r, reviewURL(pathID(r))+"#minutes-heading", http.StatusSeeOther)
	return nil
}

func (s *Server) handleReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	note := r.PostFormValue("note")
	ap, err := s.app.SubmitReview(r.Context(), actor(r), pathID(r), formInt(r, "version"), note)
	if reviewRefused(err) {
		rf := &reviewRefusal{form: "submit", note: note, err: err}
		return s.showReview(w, r, statusOf(isms.ErrorCode(err)), &reviewShowPage{refusal: rf, SubmitProblem: isms.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Minutes submitted to the chair. Once the chair approves them, the review is closed and no longer changes.")
	http.Redirect(w, r, "/approvals/"+url.PathEscape(string(ap.ID)), http.StatusSeeOther)
	return nil
}

// handleReviewExport sends the review's pack or minutes as a PDF.
func (s *Server) handleReviewExport(what string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.sendReviewExport(w, r, what)
	}
}

// sendReviewExport writes the review's "pack" or "minutes" PDF.
func (s *Server) sendReviewExport(w http.ResponseWriter, r *http.Request, what string) error {
	var buf bytes.Buffer
	name, err := s.app.ExportReview(r.Context(), actor(r), r.PathValue("id"), what, &buf)
	if err != nil {
		return err
	}
	return sendFile(w, "application/pdf", name, &buf)
}
