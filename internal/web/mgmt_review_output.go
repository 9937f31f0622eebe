// SPDX-License-Identifier: Apache-2.0

package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The outputs of a management review (ISO/IEC 27001 9.3.3): decisions on
// improvement, changes to the ISMS and resource needs, each with an owner
// and a due date, recorded once the review is held and each tracked as a
// task if need be.

// reviewOutputRow is an output as the review's page shows it.
type reviewOutputRow struct {
	O        *isms.ReviewOutput
	Base     string // the output's address: the review's, then /outputs/{id}
	TaskChip string
}

// newReviewOutputRow returns the row of output o of review x.
func newReviewOutputRow(x *isms.ManagementReview, o *isms.ReviewOutput) reviewOutputRow {
	row := reviewOutputRow{O: o, Base: reviewURL(x.ID) + "/outputs/" + url.PathEscape(string(o.ID))}
	switch o.TaskStatus {
	case isms.TaskDone:
		row.TaskChip = "chip-ok"
	case isms.TaskCancelled:
		row.TaskChip = "chip-muted"
	default:
		row.TaskChip = "chip-info"
	}
	return row
}

// outputKindOptions lists the output kinds for a select.
func outputKindOptions() [][2]string {
	out := [][2]string{{"", "Choose what it decides…"}}
	for _, k := range isms.OutputKinds {
		out = append(out, [2]string{string(k), k.Label()})
	}
	return out
}

// reviewOutputForm adds an output to review x, or with o changes o.
func reviewOutputForm(x *isms.ManagementReview, o *isms.ReviewOutput, in app.OutputInput, owners [][2]string) formView {
	f := formView{Action: reviewURL(x.ID) + "/outputs", Submit: "Add the output", Fields: []fieldView{
		selectField("kind", "Kind", string(in.Kind), outputKindOptions()).required().help("An improvement, a change needed to the ISMS (planned as in 6.3), or a resource need."),
		text("description", "Decision", in.Description).kind("textarea").required().help("What top management decided, such as: Extend multi-factor authentication to every administrator account."),
		selectField("ownerId", "Owner", string(in.OwnerID), owners).help("Who carries it out; tracking it as a task assigns the task to them."),
		text("due", "Due", in.Due.String()).kind("date").help("When it is to be done, YYYY-MM-DD."),
	}}
	if o != nil {
		f.Action = reviewURL(x.ID) + "/outputs/" + url.PathEscape(string(o.ID))
		f.Submit, f.Cancel = "Save the output", reviewURL(x.ID)+"#outputs-heading"
		f.Hidden = map[string]string{"version": strconv.Itoa(o.Version)}
	}
	return f
}

// outputValues reads the output form; the error names the fields that
// cannot be read.
func outputValues(r *http.Request) (app.OutputInput, error) {
	_ = r.ParseForm()
	p := isms.Problems{}
	in := app.OutputInput{Kind: isms.OutputKind(strings.TrimSpace(r.PostFormValue("kind"))), Description: r.PostFormValue("description"),
		OwnerID: isms.ID(strings.TrimSpace(r.PostFormValue("ownerId"))), Due: dateValue(r.PostForm, "due", p)}
	return in, p.Err()
}

func (s *Server) handleOutputCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewPathID(r)
	if err != nil {
		return err
	}
	in, err := outputValues(r)
	if err == nil {
		_, err = s.app.AddReviewOutput(r.Context(), actor(r), id, in)
	}
	if reviewRefused(err) {
		rf := &reviewRefusal{form: "output", output: in, err: err}
		return s.showReview(w, r, statusOf(isms.ErrorCode(err)), &reviewShowPage{refusal: rf})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Output recorded.")
	http.Redirect(w, r, reviewURL(id)+"#outputs-heading", http.StatusSeeOther)
	return nil
}

// reviewOutput returns the review of the path's {id} and its output
// {outputId}: NotFound when the output is not the review's.
func (s *Server) reviewOutput(r *http.Request) (*app.ReviewView, *isms.ReviewOutput, error) {
	v, err := s.app.FindReview(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	for _, o := range v.Outputs {
		if string(o.ID) == r.PathValue("outputId") {
			return v, o, nil
		}
	}
	return nil, nil, isms.Errorf(isms.NotFound, "%s has no such output.", v.Review.Ref)
}

// renderOutputForm renders the edit form of output o of review v with in
// and the problems of err.
func (s *Server) renderOutputForm(w http.ResponseWriter, r *http.Request, status int, v *app.ReviewView, o *isms.ReviewOutput, in app.OutputInput, err error) error {
	owners, ferr := s.reviewMemberOptions(r, "Nobody yet", isms.ReadOwnWork)
	if ferr != nil {
		return ferr
	}
	f := reviewOutputForm(v.Review, o, in, owners)
	if err != nil {
		f = reviewFormProblems(f, err)
	}
	p := &formPage{Form: f, Lede: "An output of " + v.Review.Ref + " " + v.Review.Title + ". Changes are recorded in the audit trail."}
	p.Title = "Edit an output of " + v.Review.Ref
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleOutputEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageReviews, "You may not change the outputs of management reviews."); err != nil {
		return err
	}
	v, o, err := s.reviewOutput(r)
	if err != nil {
		return err
	}
	in := app.OutputInput{Kind: o.Kind, Description: o.Description, OwnerID: o.OwnerID, Due: o.Due}
	return s.renderOutputForm(w, r, http.StatusOK, v, o, in, nil)
}

func (s *Server) handleOutputUpdate(w http.ResponseWriter, r *http.Request) error {
	v, o, err := s.reviewOutput(r)
	if err != nil {
		return err
	}
	in, err := outputValues(r)
	if err == nil {
		_, err = s.app.UpdateReviewOutput(r.Context(), actor(r), o.ID, formInt(r, "version"), in)
	}
	if reviewRefused(err) {
		return s.renderOutputForm(w, r, statusOf(isms.ErrorCode(err)), v, o, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Output saved.")
	http.Redirect(w, r, reviewURL(v.Review.ID)+"#outputs-heading", http.StatusSeeOther)
	return nil
}

func (s *Server) handleOutputDelete(w http.ResponseWriter, r *http.Request) error {
	v, o, err := s.reviewOutput(r)
	if err != nil {
		return err
	}
	return s.outputAction(w, r, v, s.app.DeleteReviewOutput(r.Context(), actor(r), o.ID), "Output deleted.")
}

func (s *Server) handleOutputTrack(w http.ResponseWriter, r *http.Request) error {
	v, o, err := s.reviewOutput(r)
	if err != nil {
		return err
	}
	t, err := s.app.TrackReviewOutput(r.Context(), actor(r), o.ID)
	msg := ""
	if err == nil {
		msg = "Task " + t.Title + " created"
		if t.OwnerName != "" {
			msg += " for " + t.OwnerName
		}
		msg += "; it is linked to " + v.Review.Ref + "."
	}
	return s.outputAction(w, r, v, err, msg)
}

// outputAction ends a one-button action on an output of review v: back
// to the review's outputs with msg, or with why the action was reviewRefused.
func (s *Server) outputAction(w http.ResponseWriter, r *http.Request, v *app.ReviewView, err error, msg string) error {
	switch {
	case reviewRefused(err):
		s.flash(w, "error", problemText(err))
	case err != nil:
		return err
	default:
		s.flash(w, "ok", msg)
	}
	http.Redirect(w, r, reviewURL(v.Review.ID)+"#outputs-heading", http.StatusSeeOther)
	return nil
}

// problemText is the message of err for a flash: the problems of its
// fields, which no form shows, in the order of their names; else its
// message.
func problemText(err error) string {
	fields := isms.ErrorFields(err)
	if len(fields) == 0 {
		return isms.ErrorMessage(err)
	}
	names := slices.Sorted(maps.Keys(fields))
	msgs := make([]string, len(names))
	for i, n := range names {
		msgs[i] = fields[n]
	}
	return strings.Join(msgs, " ")
}
