// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The control form: new and edit.

// controlFormValues is what the control form shows and sends.
type controlFormValues struct {
	In         app.ControlInput
	OwnerTyped string // an e-mail address typed in a large organization
	Version    int    // 0 for a new control
}

// controlStatusOptions lists the statuses for a select.
func controlStatusOptions(any string) [][2]string {
	var out [][2]string
	if any != "" {
		out = append(out, [2]string{"", any})
	}
	for _, st := range isms.ControlStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// controlForm returns the control form with v and the problems of err.
func (s *Server) controlForm(r *http.Request, v controlFormValues, err error) (formView, error) {
	owner, ferr := s.ownerField(r, "Owner", isms.ID(v.In.OwnerID), v.OwnerTyped)
	if ferr != nil {
		return formView{}, ferr
	}
	owner.Required = false
	if owner.Type == "select" {
		owner.Options[0].Label = "No owner yet"
	}
	f := formView{Action: "/controls", Submit: "Create control", Cancel: "/controls",
		Fields: []fieldView{
			text("ref", "Reference", v.In.Ref).help("Your own reference, such as C-12 or AC-BACKUP. Leave empty for the next free C-number."),
			text("title", "Title", v.In.Title).required().help("What the control does, in a few words: \u201cDaily encrypted backups of the finance database\u201d."),
			text("description", "Description", v.In.Description).kind("textarea").help("How the control works and what it covers."),
			owner.help("Who answers for the control: keeps it working and shows it to auditors."),
			selectField("status", "Status", v.In.Status, controlStatusOptions("")).required().
				help("Only implemented controls cover requirements; planned and in-progress ones count as partly covered."),
			text("notes", "Implementation notes", v.In.Notes).kind("textarea").help("Where it is configured, who runs it, known gaps."),
			text("reviewMonths", "Review every (months)", v.In.ReviewMonths).kind("number").help("0 or empty: no review cycle."),
			text("nextReview", "Next review", v.In.NextReview).kind("date").help("YYYY-MM-DD. Left empty on a new control with a review cycle: today plus that many months."),
		}}
	if v.Version > 0 {
		base := "/controls/" + string(pathID(r))
		f.Action, f.Submit, f.Cancel = base, "Save control", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	f.withErrors(err)
	return f, nil
}

// renderControlForm renders the control form page.
func (s *Server) renderControlForm(w http.ResponseWriter, r *http.Request, status int, v controlFormValues, err error) error {
	f, ferr := s.controlForm(r, v, err)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Form: f, Lede: "A control is one of your own security measures. Link it to the requirements it meets, in any framework, and to the evidence that shows it works."}
	p.Title = "New control"
	if v.Version > 0 {
		p.Title, p.Lede = "Edit control "+v.In.Ref, "Changes are recorded in the audit trail. A new status changes the coverage of every linked requirement."
	}
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleControlNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditControls, "You may not create controls."); err != nil {
		return err
	}
	return s.renderControlForm(w, r, http.StatusOK, controlFormValues{In: app.ControlInput{Status: string(isms.ControlPlanned)}}, nil)
}

// postedControlValues reads the control form.
func postedControlValues(r *http.Request) controlFormValues {
	v := controlFormValues{In: app.ControlInput{Ref: r.PostFormValue("ref"), Title: r.PostFormValue("title"),
		Description: r.PostFormValue("description"), Status: r.PostFormValue("status"), Notes: r.PostFormValue("notes"),
		ReviewMonths: strings.TrimSpace(r.PostFormValue("reviewMonths")), NextReview: strings.TrimSpace(r.PostFormValue("nextReview"))},
		Version: formInt(r, "version")}
	if owner := strings.TrimSpace(r.PostFormValue("owner")); strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	} else {
		v.In.OwnerID = owner
	}
	return v
}

// resolveControlOwner sets v's owner from a typed e-mail address; it
// returns the problem when no member has it.
func (s *Server) resolveControlOwner(r *http.Request, v *controlFormValues) (string, error) {
	if v.OwnerTyped == "" {
		return "", nil
	}
	id, problem, err := s.resolveOwner(r, v.OwnerTyped)
	v.In.OwnerID = string(id)
	return problem, err
}

func (s *Server) handleControlCreate(w http.ResponseWriter, r *http.Request) error {
	v := postedControlValues(r)
	problem, err := s.resolveControlOwner(r, &v)
	if err != nil {
		return err
	}
	var c *isms.Control
	if problem == "" {
		c, err = s.app.CreateControl(r.Context(), actor(r), v.In)
	}
	if problem != "" || isms.ErrorFields(err) != nil {
		return s.renderControlForm(w, r, http.StatusUnprocessableEntity, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Control "+c.Ref+" created. Link it to the requirements it meets.")
	http.Redirect(w, r, "/controls/"+string(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleControlEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditControls, "You may not edit controls."); err != nil {
		return err
	}
	d, err := s.app.FindControl(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	c := d.Control
	in := app.ControlInput{Ref: c.Ref, Title: c.Title, Description: c.Description, OwnerID: string(c.OwnerID),
		Status: string(c.Status), Notes: c.Notes, NextReview: c.NextReview.String()}
	if c.ReviewMonths > 0 {
		in.ReviewMonths = strconv.Itoa(c.ReviewMonths)
	}
	return s.renderControlForm(w, r, http.StatusOK, controlFormValues{In: in, Version: c.Version}, nil)
}

func (s *Server) handleControlUpdate(w http.ResponseWriter, r *http.Request) error {
	v := postedControlValues(r)
	problem, err := s.resolveControlOwner(r, &v)
	if err != nil {
		return err
	}
	var c *isms.Control
	if problem == "" {
		c, err = s.app.UpdateControl(r.Context(), actor(r), pathID(r), v.Version, v.In)
	}
	if problem != "" || isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		status := statusOf(isms.ErrorCode(err))
		if problem != "" {
			status = http.StatusUnprocessableEntity
		}
		return s.renderControlForm(w, r, status, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Control "+c.Ref+" saved.")
	http.Redirect(w, r, "/controls/"+string(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleControlDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteControl(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Control deleted, with its requirement links.")
	http.Redirect(w, r, "/controls", http.StatusSeeOther)
	return nil
}
