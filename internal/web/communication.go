// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The communication plan (ISO/IEC 27001 7.4): what is communicated, when
// or how often, with whom, by whom and how, and the records of the
// communications that took place.

func init() {
	addPhrases(map[string]string{
		"communication_item.create": "planned a communication", "communication_item.update": "changed a planned communication",
		"communication_item.delete": "deleted a planned communication", "communication_item.record": "recorded that a communication took place",
	})
}

var communicationColumns = []column{
	{Key: "topic", Label: "What"}, {Key: "audience", Label: "With whom"}, {Key: "frequency", Label: "When"}, {Key: "channel", Label: "How"},
	{Key: "responsible", Label: "Who communicates"}, {Key: "lastHeld", Label: "Last held"},
}

// communicationSortKeys are the communication plan's sort keys.
var communicationSortKeys = sortValues("topic", "audience", "frequency", "channel", "responsible", "lastHeld", "updated")

func communicationRecord(c *isms.CommunicationItem) []string {
	return []string{c.Topic, c.Audience, c.Frequency, c.Channel, c.ResponsibleName, c.LastHeld.String()}
}

type communicationListPage struct {
	basePage
	List    *listResult[*isms.CommunicationItem]
	Search  string
	CanEdit bool
}

func (s *Server) handleCommunicationIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	search := r.URL.Query().Get("q")
	spec := listSpec[*isms.CommunicationItem]{
		Title: "Communication plan", Columns: communicationColumns, DefaultSort: "topic",
		Fetch: func(q listQuery) ([]*isms.CommunicationItem, int, error) {
			return s.app.FindCommunicationItems(r.Context(), a, search, q.Sort, q.Limit, q.Offset)
		},
		Record:  communicationRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", search}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &communicationListPage{List: list, Search: search, CanEdit: a.Can(isms.ManagePeople)}
	p.Title = "Communication plan"
	return s.render(w, r, http.StatusOK, "communication_index", p)
}

type communicationShowPage struct {
	basePage
	Detail   *app.CommunicationDetail
	CanEdit  bool
	CanAudit bool
	Record   formView // "record that it took place"
}

func (s *Server) handleCommunicationShow(w http.ResponseWriter, r *http.Request) error {
	in := app.CommunicationRecordInput{HeldOn: isms.DateOf(s.app.Now()).String()}
	return s.renderCommunicationShow(w, r, http.StatusOK, in, nil)
}

// renderCommunicationShow renders the item's page with the record form
// holding in and the problems of err.
func (s *Server) renderCommunicationShow(w http.ResponseWriter, r *http.Request, status int, in app.CommunicationRecordInput, err error) error {
	a := actor(r)
	d, ferr := s.app.FindCommunicationItem(r.Context(), a, pathID(r))
	if ferr != nil {
		return ferr
	}
	p := &communicationShowPage{Detail: d, CanEdit: a.Can(isms.ManagePeople), CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.CanEdit {
		evidence, ferr := s.evidenceChoices(r)
		if ferr != nil {
			return ferr
		}
		p.Record = formView{Action: "/communication/" + string(d.Item.ID) + "/records", Submit: "Record it", Fields: []fieldView{
			text("heldOn", "Held on", in.HeldOn).kind("date").required(),
			text("summary", "Summary", in.Summary).kind("textarea").help("What was communicated, to whom, and anything that came of it."),
			selectField("evidenceId", "Evidence", in.EvidenceID, evidence).help("The slides, the mail sent or the minutes, from the evidence register."),
		}}
		p.Record.withErrors(err)
	}
	p.Title = d.Item.Topic
	return s.render(w, r, status, "communication_show", p)
}

func (s *Server) handleCommunicationRecord(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	in := app.CommunicationRecordInput{HeldOn: strings.TrimSpace(r.PostFormValue("heldOn")), Summary: r.PostFormValue("summary"),
		EvidenceID: strings.TrimSpace(r.PostFormValue("evidenceId"))}
	_, err := s.app.RecordCommunication(r.Context(), actor(r), pathID(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderCommunicationShow(w, r, http.StatusUnprocessableEntity, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Communication recorded.")
	http.Redirect(w, r, "/communication/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

// communicationFormValues is what the communication item form shows and sends.
type communicationFormValues struct {
	In         app.CommunicationInput
	OwnerTyped string
	ID         isms.ID
	Version    int
}

// renderCommunicationForm renders the item form with v and the problems of err.
func (s *Server) renderCommunicationForm(w http.ResponseWriter, r *http.Request, status int, v communicationFormValues, err error) error {
	owner, ferr := s.ownerField(r, "Who communicates", isms.ID(v.In.ResponsibleID), v.OwnerTyped)
	if ferr != nil {
		return ferr
	}
	owner.Required = false
	if owner.Type == "select" {
		owner.Options[0].Label = "Nobody named yet"
	}
	p := &formPage{Lede: "One line of the communication plan: what is communicated about information security, with whom, when or how often, by whom and how."}
	f := formView{Action: "/communication", Submit: "Add to the plan", Cancel: "/communication", Fields: []fieldView{
		text("topic", "What", v.In.Topic).required().help("Such as: the information security policy and its changes; incidents that affect customers."),
		text("audience", "With whom", v.In.Audience).required().help("All staff, new joiners, customers, the regulator."),
		text("frequency", "When or how often", v.In.Frequency).required().help("Yearly, quarterly, on every major incident."),
		text("channel", "How", v.In.Channel).required().help("All-hands meeting, e-mail, intranet, status page."),
		owner,
		text("notes", "Notes", v.In.Notes).kind("textarea"),
	}}
	p.Title = "Plan a communication"
	if v.Version > 0 {
		base := "/communication/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.In.Topic, "Changes are recorded in the audit trail."
	}
	f.withErrors(renameFields(err, map[string]string{"responsible": "owner", "responsibleId": "owner"}))
	p.Form = f
	return s.render(w, r, status, "communication_form", p)
}

func (s *Server) handleCommunicationNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManagePeople, "You may not change the communication plan."); err != nil {
		return err
	}
	return s.renderCommunicationForm(w, r, http.StatusOK, communicationFormValues{}, nil)
}

func (s *Server) handleCommunicationEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManagePeople, "You may not change the communication plan."); err != nil {
		return err
	}
	d, err := s.app.FindCommunicationItem(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	c := d.Item
	in := app.CommunicationInput{Topic: c.Topic, Audience: c.Audience, Frequency: c.Frequency, Channel: c.Channel,
		ResponsibleID: string(c.ResponsibleID), Notes: c.Notes}
	return s.renderCommunicationForm(w, r, http.StatusOK, communicationFormValues{In: in, ID: c.ID, Version: c.Version}, nil)
}

// saveCommunication creates or updates the item of the form.
func (s *Server) saveCommunication(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := communicationFormValues{In: app.CommunicationInput{Topic: f("topic"), Audience: f("audience"), Frequency: f("frequency"),
		Channel: f("channel"), Notes: r.PostFormValue("notes")}, Version: formInt(r, "version")}
	if update != (v.Version > 0) {
		return isms.Errorf(isms.Invalid, "The form lacks the item's version, or has one it should not; open the form again.")
	}
	owner := f("owner")
	if strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	}
	id, problem, err := s.resolveOwner(r, owner)
	if err != nil {
		return err
	}
	v.In.ResponsibleID = string(id)
	var c *isms.CommunicationItem
	if problem == "" {
		if update {
			v.ID = pathID(r)
			c, err = s.app.UpdateCommunicationItem(r.Context(), actor(r), v.ID, v.Version, v.In)
		} else {
			c, err = s.app.CreateCommunicationItem(r.Context(), actor(r), v.In)
		}
	}
	if problem != "" || isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		status := statusOf(isms.ErrorCode(err))
		if problem != "" {
			status = http.StatusUnprocessableEntity
		}
		return s.renderCommunicationForm(w, r, status, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Communication plan saved.")
	http.Redirect(w, r, "/communication/"+string(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCommunicationCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCommunication(w, r, false)
}

func (s *Server) handleCommunicationUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCommunication(w, r, true)
}

func (s *Server) handleCommunicationDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteCommunicationItem(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/communication/"+string(pathID(r)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Removed from the communication plan.")
	http.Redirect(w, r, "/communication", http.StatusSeeOther)
	return nil
}
