// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Management review (ISO/IEC 27001 9.3): the list of reviews under the
// overview of when the last was held and the next is due, and the form
// that plans or changes a review. The review's page, its pack and its
// minutes are in mgmt_review_pack.go, its outputs in mgmt_review_output.go.

func init() {
	addPhrases(map[string]string{
		"management_review.create": "planned a management review", "management_review.update": "changed a management review",
		"management_review.delete": "deleted a management review", "management_review.hold": "recorded a management review as held and froze its pack",
		"management_review.minutes": "changed the minutes of a management review", "management_review.approve": "approved the minutes of a management review",
		"review_output.create": "recorded an output of a management review", "review_output.update": "changed an output of a management review",
		"review_output.delete": "deleted an output of a management review", "review_output.track": "turned an output of a management review into a task",
	})
}

var reviewColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Title"}, {Key: "plannedOn", Label: "Planned"}, {Key: "heldOn", Label: "Held"},
	{Label: "Chair"}, {Key: "status", Label: "Status"}, {Label: "Outputs", Numeric: true},
}

// reviewSortKeys are the review list's sort keys.
var reviewSortKeys = sortValues("ref", "title", "plannedOn", "heldOn", "status", "updated")

// reviewStatusChip is the chip class of a review's status.
func reviewStatusChip(s isms.ReviewStatus) string {
	switch s {
	case isms.ReviewHeld:
		return "chip-warn"
	case isms.ReviewApproved:
		return "chip-ok"
	}
	return "chip-info"
}

// reviewStatusOptions lists the statuses for a select.
func reviewStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ReviewStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// reviewRow is a review as the list shows it.
type reviewRow struct {
	R          *isms.ManagementReview
	StatusChip string
}

func reviewRecord(row reviewRow) []string {
	r := row.R
	return []string{r.Ref, r.Title, r.PlannedOn.String(), r.HeldOn.String(), r.ChairName, r.Status.Label(), strconv.Itoa(r.Outputs)}
}

// reviewURL is the page of review id.
func reviewURL(id isms.ID) string { return "/management-reviews/" + url.PathEscape(string(id)) }

// reviewRows returns the rows of reviews.
func reviewRows(reviews []*isms.ManagementReview) []reviewRow {
	rows := make([]reviewRow, len(reviews))
	for i, x := range reviews {
		rows[i] = reviewRow{R: x, StatusChip: reviewStatusChip(x.Status)}
	}
	return rows
}

type reviewListPage struct {
	basePage
	Overview  *app.ReviewsOverview
	Today     isms.Date
	List      *listResult[reviewRow]
	Status    string
	Search    string
	Statuses  [][2]string
	CanManage bool
}

func (s *Server) handleReviewIndex(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	f := isms.ReviewFilter{Status: isms.ReviewStatus(q.Get("status")), Search: strings.TrimSpace(q.Get("q"))}
	if f.Status != "" && !f.Status.Valid() {
		return isms.Problems{"status": "Status must be planned, held or approved."}.Err()
	}
	overview, err := s.app.ReviewsDue(r.Context(), a)
	if err != nil {
		return err
	}
	spec := listSpec[reviewRow]{
		Title: "Management reviews", Columns: reviewColumns, DefaultSort: "-plannedOn", Record: reviewRecord,
		Fetch: func(lq listQuery) ([]reviewRow, int, error) {
			f.Sort, f.Limit, f.Offset = lq.Sort, lq.Limit, lq.Offset
			list, total, err := s.app.ListReviews(r.Context(), a, f)
			if err != nil {
				return nil, 0, err
			}
			return reviewRows(list), total, nil
		},
		Filters: func(listQuery) [][2]string { return [][2]string{{"Status", string(f.Status)}, {"Search", f.Search}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &reviewListPage{Overview: overview, Today: isms.DateOf(s.app.Now()), List: list, Status: string(f.Status), Search: f.Search,
		Statuses: reviewStatusOptions("Any status"), CanManage: a.Can(isms.ManageReviews)}
	p.Title = "Management reviews"
	return s.render(w, r, http.StatusOK, "management_review_index", p)
}

// reviewFormValues is what the plan form shows and sends.
type reviewFormValues struct {
	Title, PlannedOn, ChairID, Repeat string
	ID                                isms.ID
	Ref                               string
	Version                           int
}

// reviewFieldNames maps the names app gives problems to the forms' field
// names, where they differ.
var reviewFieldNames = map[string]string{"chairId": "chair", "repeat": "repeatMonths", "owner": "ownerId"}

// reviewMemberOptions lists the active members whose role allows p, with
// their role, for a select whose first option is empty.
func (s *Server) reviewMemberOptions(r *http.Request, empty string, p isms.Permission) ([][2]string, error) {
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	opts := [][2]string{{"", empty}}
	for _, m := range members {
		if m.Role.Allows(p) {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name + " (" + m.Role.Label() + ")"})
		}
	}
	return opts, nil
}

// renderReviewForm renders the plan form (or, with a version, the edit
// form) with v and the problems of err.
func (s *Server) renderReviewForm(w http.ResponseWriter, r *http.Request, status int, v reviewFormValues, err error) error {
	chairs, ferr := s.reviewMemberOptions(r, "Choose the chair…", isms.ReadISMS)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "Top management reviews the ISMS at planned intervals, at least once a year and before a certification audit (ISO/IEC 27001 9.3). " +
		"Until the review is held, its page compiles the pack of inputs live from the registers."}
	f := formView{Action: "/management-reviews", Submit: "Plan the review", Cancel: "/management-reviews", Fields: []fieldView{
		text("title", "Title", v.Title).required().help("Such as: Management review 2026."),
		text("plannedOn", "Planned date", v.PlannedOn).kind("date").required().help("The day of the meeting, YYYY-MM-DD."),
		selectField("chair", "Chair", v.ChairID, chairs).required().help("The member of top management who chairs the review and approves its minutes."),
	}}
	p.Title = "Plan a management review"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = reviewURL(v.ID), "Save the review", reviewURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	} else {
		f.Fields = append(f.Fields, text("repeatMonths", "Repeat every … months", v.Repeat).kind("number").
			help("0 for a single review. Otherwise the chair gets a task to prepare the next review 30 days before each one, every so many months from the planned date: 12 for a yearly review."))
	}
	f.withErrors(renameFields(err, reviewFieldNames))
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleReviewNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageReviews, "You may not plan management reviews."); err != nil {
		return err
	}
	v := reviewFormValues{ChairID: string(actor(r).UserID), Repeat: "12"}
	return s.renderReviewForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleReviewEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageReviews, "You may not change management reviews."); err != nil {
		return err
	}
	v, err := s.app.FindReview(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.Review
	if x.Status != isms.ReviewPlanned {
		return isms.Errorf(isms.Conflict, "%s was held: its plan no longer changes; its minutes and outputs do until they are approved.", x.Ref)
	}
	fv := reviewFormValues{Title: x.Title, PlannedOn: x.PlannedOn.String(), ChairID: string(x.ChairID), ID: x.ID, Ref: x.Ref, Version: x.Version}
	return s.renderReviewForm(w, r, http.StatusOK, fv, nil)
}

// saveReview creates or updates the review of the form.
func (s *Server) saveReview(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	v := reviewFormValues{Title: r.PostFormValue("title"), PlannedOn: strings.TrimSpace(r.PostFormValue("plannedOn")),
		ChairID: strings.TrimSpace(r.PostFormValue("chair")), Repeat: strings.TrimSpace(r.PostFormValue("repeatMonths")), Version: formInt(r, "version")}
	in, perr := reviewInput(r.PostForm, v)
	return saveRecordForm(s, w, r, recordSave[*isms.ManagementReview]{update: update, version: v.Version, what: "review's",
		create: func() (*isms.ManagementReview, error) {
			if perr != nil {
				return nil, perr
			}
			return s.app.CreateReview(r.Context(), actor(r), in)
		},
		change: func() (*isms.ManagementReview, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			if perr != nil {
				return nil, perr
			}
			return s.app.UpdateReview(r.Context(), actor(r), v.ID, v.Version, in)
		},
		render: func(status int, err error) error { return s.renderReviewForm(w, r, status, v, err) },
		saved: func(x *isms.ManagementReview) (string, string) {
			return "Management review " + x.Ref + " saved. Its pack is compiled live until you record it as held.", reviewURL(x.ID)
		}})
}

// reviewInput reads the plan form's values; the error names the fields
// that cannot be read.
func reviewInput(form url.Values, v reviewFormValues) (app.ReviewInput, error) {
	p := isms.Problems{}
	in := app.ReviewInput{Title: v.Title, PlannedOn: dateValue(form, "plannedOn", p), ChairID: isms.ID(v.ChairID)}
	if v.Repeat != "" {
		n, err := strconv.Atoi(v.Repeat)
		if err != nil {
			p.Add("repeatMonths", "Enter a whole number of months: 0 for a single review, 12 for a yearly one.")
		}
		in.RepeatMonths = n
	}
	return in, p.Err()
}

func (s *Server) handleReviewCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveReview(w, r, false)
}

func (s *Server) handleReviewUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveReview(w, r, true)
}

func (s *Server) handleReviewDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := s.reviewPathID(r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteReview(r.Context(), actor(r), id); isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, reviewURL(id), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Management review deleted.")
	http.Redirect(w, r, "/management-reviews", http.StatusSeeOther)
	return nil
}

// reviewPathID is the ID of the review the path's {id} names, by its ID
// or by its reference (MR-2).
func (s *Server) reviewPathID(r *http.Request) (isms.ID, error) {
	id := r.PathValue("id")
	if !strings.HasPrefix(strings.ToUpper(id), "MR-") {
		return isms.ID(id), nil
	}
	v, err := s.app.FindReview(r.Context(), actor(r), id)
	if err != nil {
		return "", err
	}
	return v.Review.ID, nil
}
