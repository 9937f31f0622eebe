// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// People and their competence (ISO/IEC 27001 7.2): who does work that
// affects information security, the ISMS roles they hold, their training
// and qualification records, and the requirements of their roles they do
// not meet yet.

func init() {
	addPhrases(map[string]string{
		"person.create": "added a person", "person.update": "changed a person", "person.delete": "removed a person",
		"training_record.create": "recorded training", "training_record.delete": "deleted a training record",
		"competence_requirement.create": "added a competence requirement", "competence_requirement.update": "changed a competence requirement",
		"competence_requirement.delete": "deleted a competence requirement",
	})
}

var personColumns = []column{
	{Key: "name", Label: "Name"}, {Key: "department", Label: "Department"}, {Label: "ISMS roles"}, {Label: "E-mail"},
	{Label: "Account"}, {Key: "start", Label: "Started"}, {Key: "gaps", Label: "Gaps", Numeric: true}, {Label: "Status"},
}

// personSortKeys are the people list's sort keys.
var personSortKeys = sortValues("name", "department", "start", "gaps")

// personStatus names whether a person still works for the organization.
func personStatus(p *isms.Person) string {
	if p.Active {
		return "active"
	}
	return "left"
}

// yesNo writes a boolean for exports.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func personRecord(p *isms.Person) []string {
	return []string{p.Name, p.Department, strings.Join(p.Roles, ", "), p.Email, yesNo(p.UserID != ""),
		p.StartDate.String(), strconv.Itoa(p.Gaps), personStatus(p)}
}

// personFilterView is the list's filters as the URL gives them.
type personFilterView struct {
	Search, Role, Department string
	Gaps, Inactive           bool
}

type personListPage struct {
	basePage
	List    *listResult[*isms.Person]
	Filter  personFilterView
	CanEdit bool
}

// personFilter reads the people list's filters from the URL.
func personFilter(r *http.Request) (isms.PersonFilter, personFilterView) {
	q := r.URL.Query()
	v := personFilterView{Search: q.Get("q"), Role: q.Get("role"), Department: q.Get("department"),
		Gaps: q.Get("gaps") != "", Inactive: q.Get("inactive") != ""}
	return isms.PersonFilter{Search: v.Search, Role: v.Role, Department: v.Department, WithGaps: v.Gaps, Inactive: v.Inactive}, v
}

func (s *Server) handlePersonIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv := personFilter(r)
	spec := listSpec[*isms.Person]{
		Title: "People", Columns: personColumns, DefaultSort: "name",
		Fetch: func(q listQuery) ([]*isms.Person, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindPeople(r.Context(), a, f)
		},
		Record: personRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Search", fv.Search}, {"ISMS role", fv.Role}, {"Department", fv.Department},
				{"Only with gaps", yesNo(fv.Gaps)}, {"Including people who left", yesNo(fv.Inactive)}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &personListPage{List: list, Filter: fv, CanEdit: a.Can(isms.ManagePeople)}
	p.Title = "People and competence"
	return s.render(w, r, http.StatusOK, "person_index", p)
}

// trainingView is a training record as the person's page shows it.
type trainingView struct {
	*isms.TrainingRecord
	Expired bool
}

type personShowPage struct {
	basePage
	Detail   *app.PersonDetail
	Records  []trainingView
	CanEdit  bool
	CanAudit bool
	Training formView // the form to add a record
}

func (s *Server) handlePersonShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderPersonShow(w, r, http.StatusOK, app.TrainingInput{CompletedOn: isms.DateOf(s.app.Now()).String()}, nil)
}

// renderPersonShow renders the person's page with the training form
// holding in and the problems of err.
func (s *Server) renderPersonShow(w http.ResponseWriter, r *http.Request, status int, in app.TrainingInput, err error) error {
	a := actor(r)
	d, ferr := s.app.FindPerson(r.Context(), a, pathID(r))
	if ferr != nil {
		return ferr
	}
	today := isms.DateOf(s.app.Now())
	p := &personShowPage{Detail: d, CanEdit: a.Can(isms.ManagePeople), CanAudit: a.Can(isms.ReadAuditTrail)}
	for _, rec := range d.Records {
		p.Records = append(p.Records, trainingView{TrainingRecord: rec, Expired: !rec.Valid(today)})
	}
	if p.CanEdit {
		if p.Training, ferr = s.trainingForm(r, d.Person.ID, in, err); ferr != nil {
			return ferr
		}
	}
	p.Title = d.Person.Name
	return s.render(w, r, status, "person_show", p)
}

// trainingForm is the form that adds a training record to a person.
func (s *Server) trainingForm(r *http.Request, personID isms.ID, in app.TrainingInput, err error) (formView, error) {
	reqs, ferr := s.app.CompetenceRequirements(r.Context(), actor(r))
	if ferr != nil {
		return formView{}, ferr
	}
	opts := [][2]string{{"", "None: other training"}}
	for _, q := range reqs {
		opts = append(opts, [2]string{string(q.ID), q.Role + ": " + q.Skill})
	}
	evidence, ferr := s.evidenceChoices(r)
	if ferr != nil {
		return formView{}, ferr
	}
	f := formView{Action: "/people/" + string(personID) + "/training", Submit: "Add record", Fields: []fieldView{
		text("course", "Course or qualification", in.Course).help("The requirement's name when left empty."),
		selectField("requirementId", "Meets the requirement", in.RequirementID, opts).help("The competence requirement of one of the person's roles that this record shows they meet."),
		text("completedOn", "Completed on", in.CompletedOn).kind("date").required(),
		text("expiresOn", "Expires on", in.ExpiresOn).kind("date").help("Leave empty when it does not expire."),
		selectField("evidenceId", "Evidence", in.EvidenceID, evidence).help("The certificate or attendance record, from the evidence register."),
		text("notes", "Notes", in.Notes).kind("textarea"),
	}}
	f.withErrors(err)
	return f, nil
}

// evidenceChoices lists the evidence register for a select, most recently
// changed first, with an empty first option.
func (s *Server) evidenceChoices(r *http.Request) ([][2]string, error) {
	items, _, err := s.app.FindEvidence(r.Context(), actor(r), isms.EvidenceFilter{Sort: "-updated", Limit: ownerSelectMax})
	if err != nil {
		return nil, err
	}
	opts := [][2]string{{"", "None"}}
	for _, e := range items {
		opts = append(opts, [2]string{string(e.ID), e.Title})
	}
	return opts, nil
}

func (s *Server) handleTrainingAdd(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	in := app.TrainingInput{PersonID: string(pathID(r)), RequirementID: f("requirementId"), Course: f("course"),
		CompletedOn: f("completedOn"), ExpiresOn: f("expiresOn"), EvidenceID: f("evidenceId"), Notes: r.PostFormValue("notes")}
	_, err := s.app.AddTrainingRecord(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderPersonShow(w, r, http.StatusUnprocessableEntity, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Training record added.")
	http.Redirect(w, r, "/people/"+string(pathID(r))+"#training-heading", http.StatusSeeOther)
	return nil
}

func (s *Server) handleTrainingDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteTrainingRecord(r.Context(), actor(r), isms.ID(r.PathValue("training"))); err != nil {
		return err
	}
	s.flash(w, "ok", "Training record deleted.")
	http.Redirect(w, r, "/people/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePersonDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeletePerson(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/people/"+string(pathID(r)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Person removed.")
	http.Redirect(w, r, "/people", http.StatusSeeOther)
	return nil
}

// checkbox returns a checkbox field, checked when on.
func checkbox(name, label string, on bool) fieldView {
	f := fieldView{Name: name, Label: label, Type: "checkbox"}
	if on {
		f.Value = "1"
	}
	return f
}

// multiSelect returns a multiple select of opts with the values in
// selected chosen.
func multiSelect(name, label string, selected []string, opts [][2]string) fieldView {
	f := fieldView{Name: name, Label: label, Type: "multiselect"}
	for _, o := range opts {
		f.Options = append(f.Options, optionView{Value: o[0], Label: o[1], Selected: contains(selected, o[0])})
	}
	return f
}

// formList returns the non-empty values of a repeated form field, each
// also split at commas (a text input of several values).
func formList(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

// personFormValues is what the person form shows and sends.
type personFormValues struct {
	In      app.PersonInput
	ID      isms.ID // the person's ID when editing
	Version int     // 0 for a new person
}

// personForm returns the person form with v and the problems of err.
func (s *Server) personForm(r *http.Request, v personFormValues, err error) (*formPage, error) {
	members, total, ferr := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: ownerSelectMax})
	if ferr != nil {
		return nil, ferr
	}
	account := text("userId", "Account", v.In.UserID).help("The member account of this person, by its ID, when they have one.")
	if total <= ownerSelectMax {
		opts := [][2]string{{"", "No account"}}
		for _, m := range members {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name + " (" + m.User.Email + ")"})
		}
		account = selectField("userId", "Account", v.In.UserID, opts).help("The member account of this person, when they have one: their acknowledgements and tasks then count for them.")
	}
	p := &formPage{Lede: "Someone whose work affects information security, with or without an account here. Their ISMS roles decide which competence requirements apply to them."}
	f := formView{Action: "/people", Submit: "Add person", Cancel: "/people", Fields: []fieldView{
		text("name", "Name", v.In.Name).required().auto("off"),
		text("email", "E-mail", v.In.Email).kind("email").auto("off"),
		account,
		text("department", "Department", v.In.Department),
		text("roles", "ISMS roles", strings.Join(v.In.Roles, ", ")).help("The roles they hold in the ISMS, separated by commas, named as your competence requirements name them: ISMS manager, Internal auditor."),
		text("startDate", "Start date", v.In.StartDate).kind("date"),
		checkbox("active", "Still works for the organization", v.In.Active).help("People who left keep their records but have no competence gaps."),
	}}
	if v.Version > 0 {
		base := "/people/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save person", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Lede = "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return p, nil
}

// renderPersonForm renders the person form page.
func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, v personFormValues, err error) error {
	p, ferr := s.personForm(r, v, err)
	if ferr != nil {
		return ferr
	}
	p.Title = "New person"
	if v.Version > 0 {
		p.Title = "Edit " + v.In.Name
	}
	return s.render(w, r, status, "person_form", p)
}

func (s *Server) handlePersonNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManagePeople, "You may not add people."); err != nil {
		return err
	}
	return s.renderPersonForm(w, r, http.StatusOK, personFormValues{In: app.PersonInput{Active: true}}, nil)
}

func (s *Server) handlePersonEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManagePeople, "You may not edit people."); err != nil {
		return err
	}
	d, err := s.app.FindPerson(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	p := d.Person
	in := app.PersonInput{Name: p.Name, Email: p.Email, UserID: string(p.UserID), Department: p.Department,
		StartDate: p.StartDate.String(), Roles: p.Roles, Active: p.Active}
	return s.renderPersonForm(w, r, http.StatusOK, personFormValues{In: in, ID: p.ID, Version: p.Version}, nil)
}

// savePerson creates (version 0) or updates the person of the form.
func (s *Server) savePerson(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := personFormValues{In: app.PersonInput{Name: f("name"), Email: f("email"), UserID: f("userId"), Department: f("department"),
		StartDate: f("startDate"), Roles: formList(r, "roles"), Active: f("active") != ""}, Version: formInt(r, "version")}
	if update != (v.Version > 0) {
		return isms.Errorf(isms.Invalid, "The form lacks the person's version, or has one it should not; open the form again.")
	}
	var p *isms.Person
	var err error
	if update {
		v.ID = pathID(r)
		p, err = s.app.UpdatePerson(r.Context(), actor(r), v.ID, v.Version, v.In)
	} else {
		p, err = s.app.CreatePerson(r.Context(), actor(r), v.In)
	}
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderPersonForm(w, r, statusOf(isms.ErrorCode(err)), v, err)
	} else if err != nil {
		return err
	}
	msg := p.Name + " added. Record their training here; their roles' requirements show what is missing."
	if update {
		msg = p.Name + " saved."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/people/"+string(p.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePersonCreate(w http.ResponseWriter, r *http.Request) error {
	return s.savePerson(w, r, false)
}

func (s *Server) handlePersonUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.savePerson(w, r, true)
}
