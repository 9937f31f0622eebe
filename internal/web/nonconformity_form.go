// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that raises and changes a nonconformity, and its deletion.

// ncFormValues is what the nonconformity form shows and sends.
type ncFormValues struct {
	In       app.NCInput
	Detected string // as typed
	Deadline string
	ID       isms.ID
	Ref      string
	Version  int
}

// ncRequirementRefs joins the references of n's requirements.
func ncRequirementRefs(n *isms.Nonconformity) string {
	refs := make([]string, len(n.Requirements))
	for i, r := range n.Requirements {
		refs[i] = r.Ref
	}
	return strings.Join(refs, ", ")
}

func (s *Server) renderNCForm(w http.ResponseWriter, r *http.Request, status int, v ncFormValues, err error) error {
	owner, oerr := s.ownerField(r, "Owner", v.In.OwnerID, "")
	if oerr != nil {
		return oerr
	}
	owner.Help = "Who sees the nonconformity through: correction, root cause, actions and the effectiveness check."
	detector, oerr := s.ownerField(r, "Detected by", v.In.DetectedBy, "")
	if oerr != nil {
		return oerr
	}
	detector.Name, detector.Required = "detectedBy", false
	if detector.Type == "select" {
		detector.Options[0].Label = "Me"
	}
	f := formView{Action: "/nonconformities", Submit: "Raise nonconformity", Cancel: "/nonconformities",
		Fields: []fieldView{
			text("title", "Title", v.In.Title).required().help("The nonconformity in a few words, such as: leavers keep access for weeks."),
			text("description", "Description", v.In.Description).kind("textarea").required().
				help("What was required, what was found, the evidence."),
			selectField("grade", "Grade", string(v.In.Grade), enumOptions("Choose a grade…", isms.NCGrades)).required().
				help("Major: a requirement is not met at all, or the ISMS fails to achieve its intended results. Minor: a single lapse."),
			selectField("source", "Source", string(v.In.Source), enumOptions("Choose a source…", isms.NCSources)).required(),
			text("sourceRecord", "Source record", v.In.SourceRecord).
				help("The record it comes from, if any: an audit finding's reference (F-3) or type:id, such as management_review:MR-2."),
			text("requirements", "Requirements not met", v.In.Requirements).
				help("References of ISO/IEC 27001:2022 (or of the framework below), separated by commas, such as A.5.18, 9.2."),
			text("framework", "Framework", v.In.Framework).help("The framework's key when it is not ISO/IEC 27001:2022."),
			text("detectedOn", "Detected on", v.Detected).kind("date").required(),
			detector,
			owner,
			text("deadline", "Deadline", v.Deadline).kind("date").help("When the corrective actions must be done, such as a certification body's deadline. Optional."),
			text("records", "Records concerned", v.In.Records).help("Controls, risks, documents… by reference or type:id, separated by commas, such as C-3, R-12."),
		}}
	p := &formPage{Lede: "A nonconformity is a requirement not met. Record it, correct it, find its root cause and act so that it does not happen again."}
	p.Title = "Raise a nonconformity"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = ncURL(v.ID), "Save nonconformity", ncURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(renameFields(err, map[string]string{"ownerId": "owner", "detectedById": "detectedBy"}))
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleNCNew(w http.ResponseWriter, r *http.Request) error {
	if !actor(r).Can(isms.EditImprovement) {
		return isms.Errorf(isms.Forbidden, "You may not raise nonconformities.")
	}
	q := r.URL.Query()
	v := ncFormValues{In: app.NCInput{Source: isms.NCSource(q.Get("source")), SourceRecord: q.Get("sourceRecord"),
		Grade: isms.NCGrade(q.Get("grade")), OwnerID: actor(r).UserID}, Detected: isms.DateOf(s.app.Now()).String()}
	return s.renderNCForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleNCEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if !a.Can(isms.EditImprovement) {
		return isms.Errorf(isms.Forbidden, "You may not change nonconformities.")
	}
	v, err := s.app.FindNonconformity(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	n := v.NC
	if n.Status == isms.NCClosed {
		return isms.Errorf(isms.Conflict, "%s is closed: it cannot change any more.", n.Ref)
	}
	in := app.NCInput{Title: n.Title, Description: n.Description, Source: n.Source, Grade: n.Grade, Requirements: ncRequirementRefs(n),
		DetectedOn: n.DetectedOn, DetectedBy: n.DetectedBy, OwnerID: n.OwnerID, Deadline: n.Deadline}
	if n.SourceRecord.Type != "" {
		in.SourceRecord = n.SourceRecord.String()
	}
	var recs []string
	for _, l := range v.Links {
		if l.Outgoing && !l.Missing && l.Type != "nonconformity" && (l.Type != n.SourceRecord.Type || l.ID != n.SourceRecord.ID) {
			recs = append(recs, l.Type+":"+l.Ref)
		}
	}
	in.Records = strings.Join(recs, ", ")
	fv := ncFormValues{In: in, Detected: n.DetectedOn.String(), Deadline: dateString(n.Deadline), ID: n.ID, Ref: n.Ref, Version: n.Version}
	return s.renderNCForm(w, r, http.StatusOK, fv, nil)
}

// dateString writes d, or "" when it is zero.
func dateString(d isms.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// readNCForm reads the nonconformity form, recording the dates it cannot
// read in p.
func (s *Server) readNCForm(r *http.Request, p isms.Problems) (ncFormValues, error) {
	_ = r.ParseForm()
	f := r.PostForm
	v := ncFormValues{In: app.NCInput{Title: f.Get("title"), Description: f.Get("description"), Source: isms.NCSource(f.Get("source")),
		SourceRecord: strings.TrimSpace(f.Get("sourceRecord")), Grade: isms.NCGrade(f.Get("grade")),
		Framework: strings.TrimSpace(f.Get("framework")), Requirements: f.Get("requirements"), Records: f.Get("records")},
		Detected: strings.TrimSpace(f.Get("detectedOn")), Deadline: strings.TrimSpace(f.Get("deadline")), Version: formInt(r, "version")}
	if v.Detected != "" {
		v.In.DetectedOn = dateValue(f, "detectedOn", p)
	}
	if v.Deadline != "" {
		v.In.Deadline = dateValue(f, "deadline", p)
	}
	for name, dst := range map[string]*isms.ID{"owner": &v.In.OwnerID, "detectedBy": &v.In.DetectedBy} {
		id, problem, err := s.resolveOwner(r, f.Get(name))
		if err != nil {
			return v, err
		}
		if problem != "" {
			p.Add(name, problem)
		}
		*dst = id
	}
	return v, nil
}

// saveNC raises or updates the nonconformity of the form.
func (s *Server) saveNC(w http.ResponseWriter, r *http.Request, update bool) error {
	p := isms.Problems{}
	v, err := s.readNCForm(r, p)
	if err != nil {
		return err
	}
	if len(p) > 0 {
		v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
		return s.renderNCForm(w, r, http.StatusUnprocessableEntity, v, withDomainProblems(v.In, p))
	}
	return saveRecordForm(s, w, r, recordSave[*isms.Nonconformity]{update: update, version: v.Version, what: "nonconformity's",
		create: func() (*isms.Nonconformity, error) { return s.app.RaiseNonconformity(r.Context(), actor(r), v.In) },
		change: func() (*isms.Nonconformity, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateNonconformity(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderNCForm(w, r, status, v, err) },
		saved: func(x *isms.Nonconformity) (string, string) {
			return "Nonconformity " + x.Ref + " saved.", ncURL(x.ID)
		}})
}

func (s *Server) handleNCCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveNC(w, r, false)
}

func (s *Server) handleNCUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveNC(w, r, true)
}

func (s *Server) handleNCDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindNonconformity(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = s.app.DeleteNonconformity(r.Context(), a, v.NC.ID)
	if isCode(err, isms.Conflict) || isCode(err, isms.Invalid) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, ncURL(v.NC.ID), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Nonconformity "+v.NC.Ref+" deleted.")
	http.Redirect(w, r, "/nonconformities", http.StatusSeeOther)
	return nil
}

// withDomainProblems adds to p, the problems of the form's dates, those
// the nonconformity's own fields have, so that the form shows every
// problem at once; p's stay where both have one.
func withDomainProblems(in app.NCInput, p isms.Problems) error {
	n := isms.Nonconformity{Title: in.Title, Description: in.Description, Source: in.Source, Grade: in.Grade,
		DetectedOn: in.DetectedOn, Deadline: in.Deadline, Status: isms.NCOpen}
	for field, msg := range isms.ErrorFields(n.Validate()) {
		if _, ok := p[field]; !ok {
			p[field] = msg
		}
	}
	return p.Err()
}
