// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that proposes an improvement, or changes one, and its delete.

// improvementFormValues is what the form shows and sends.
type improvementFormValues struct {
	In      app.ImprovementInput
	Due     string // as typed
	ID      isms.ID
	Ref     string
	Version int
}

// renderImprovementForm renders the form with v and the problems of err.
func (s *Server) renderImprovementForm(w http.ResponseWriter, r *http.Request, status int, v improvementFormValues, err error) error {
	owners, oerr := s.reviewMemberOptions(r, "No owner yet", isms.ReadISMS)
	if oerr != nil {
		return oerr
	}
	p := &formPage{Lede: "An opportunity to make the ISMS more suitable, adequate or effective (ISO/IEC 27001 10.1): from an audit, " +
		"a management review, a measurement, a nonconformity, or anyone's idea. It is evaluated, then accepted, rejected or deferred."}
	f := formView{Action: "/improvements", Submit: "Propose improvement", Cancel: "/improvements", Fields: []fieldView{
		text("title", "Title", v.In.Title).required().help("Such as: Automate the leavers' access review."),
		text("description", "Description", v.In.Description).kind("textarea").help("What could be better, and how."),
		selectField("source", "Source", string(v.In.Source), improvementSourceOptions("Choose where it comes from…")).required(),
		text("sourceRecord", "Source record", v.In.SourceRecord).
			help("Optional: the reference of the record it comes from, such as F-4 (an audit finding), MR-2, NC-3 or M-5."),
		text("evaluation", "Evaluation", v.In.Evaluation).kind("textarea").help("Its benefit, effort and risk, in your words."),
		selectField("ownerId", "Owner", string(v.In.OwnerID), owners).help("Who sees it through."),
		text("due", "Due", v.Due).kind("date").help("YYYY-MM-DD."),
	}}
	p.Title = "Propose an improvement"
	if v.Version > 0 {
		base := improvementURL(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save improvement", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail. The decision is taken on the improvement's page."
	}
	f.withErrors(renameFields(err, improvementFieldNames))
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleImprovementNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditImprovement, "You may not propose improvements."); err != nil {
		return err
	}
	q := r.URL.Query()
	v := improvementFormValues{In: app.ImprovementInput{Source: isms.ImprovementSource(q.Get("source")), SourceRecord: q.Get("sourceRecord"),
		OwnerID: a.UserID}}
	if v.In.Source == "" {
		v.In.Source = isms.ImpSuggestion
	}
	return s.renderImprovementForm(w, r, http.StatusOK, v, nil)
}

// sourceRecordRef is how the form shows the source record of v: its
// reference when it resolves among v's links, else "type:id".
func sourceRecordRef(v *app.ImprovementView) string {
	src := v.Improvement.SourceRecord
	if src.IsZero() {
		return ""
	}
	for _, l := range v.Links {
		if l.Link == src && !l.Missing {
			return l.Ref
		}
	}
	return src.String()
}

func (s *Server) handleImprovementEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditImprovement, "You may not change improvements."); err != nil {
		return err
	}
	v, err := s.app.FindImprovement(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	im := v.Improvement
	in := app.ImprovementInput{Title: im.Title, Description: im.Description, Source: im.Source, SourceRecord: sourceRecordRef(v),
		Evaluation: im.Evaluation, OwnerID: im.OwnerID, Due: im.Due}
	return s.renderImprovementForm(w, r, http.StatusOK, improvementFormValues{In: in, Due: im.Due.String(), ID: im.ID, Ref: im.Ref,
		Version: im.Version}, nil)
}

// saveImprovement proposes or updates the improvement of the form.
func (s *Server) saveImprovement(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	p := isms.Problems{}
	v := improvementFormValues{In: app.ImprovementInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Source: isms.ImprovementSource(f("source")), SourceRecord: f("sourceRecord"), Evaluation: r.PostFormValue("evaluation"),
		OwnerID: isms.ID(f("ownerId"))}, Due: f("due"), Version: formInt(r, "version")}
	v.In.Due = dateValue(r.PostForm, "due", p)
	return saveRecordForm(s, w, r, recordSave[*isms.Improvement]{update: update, version: v.Version, what: "improvement's",
		create: func() (*isms.Improvement, error) {
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.ProposeImprovement(r.Context(), actor(r), v.In)
		},
		change: func() (*isms.Improvement, error) {
			v.Ref, v.ID = f("ref"), pathID(r)
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.UpdateImprovement(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderImprovementForm(w, r, status, v, err) },
		saved: func(x *isms.Improvement) (string, string) {
			return x.Ref + " " + x.Title + " saved.", improvementURL(x.ID)
		}})
}

func (s *Server) handleImprovementCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveImprovement(w, r, false)
}

func (s *Server) handleImprovementUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveImprovement(w, r, true)
}

func (s *Server) handleImprovementDelete(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	err := s.app.DeleteImprovement(r.Context(), actor(r), id)
	if improvementRefused(err) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, improvementURL(id), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Improvement deleted.")
	http.Redirect(w, r, "/improvements", http.StatusSeeOther)
	return nil
}
