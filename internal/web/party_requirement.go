// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The requirements of interested parties (ISO/IEC 27001 4.2): the
// register of all of them with the requirements addressed but not yet
// backed by any record, a requirement's page with the controls, documents
// and risks that address it, and its form.

func init() {
	addPhrases(map[string]string{
		"party_requirement.create": "recorded a requirement of an interested party",
		"party_requirement.update": "changed a requirement of an interested party",
		"party_requirement.delete": "deleted a requirement of an interested party",
	})
}

var preqColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Requirement"}, {Key: "party", Label: "Party"}, {Key: "type", Label: "Type"},
	{Label: "Source"}, {Key: "addressed", Label: "Addressed"}, {Label: "How, or why not"}, {Label: "Linked records", Numeric: true},
	{Label: "Owner"},
}

// preqSortKeys are the requirement list's sort keys.
var preqSortKeys = sortValues("ref", "title", "party", "type", "addressed", "updated")

func preqRecord(q *isms.PartyRequirement) []string {
	return []string{q.Ref, q.Title, q.PartyRef + " " + q.PartyName, q.Type.Label(), q.Source, yesNo(q.Addressed), q.How,
		strconv.Itoa(q.Links), q.OwnerName}
}

// preqFilterOf reads the filters of the requirement list (page or API);
// the party may be given by ID or reference.
func (s *Server) preqFilterOf(r *http.Request) (isms.PartyRequirementFilter, error) {
	p := isms.Problems{}
	f := isms.PartyRequirementFilter{
		Type:      isms.RequirementType(checkChoice(p, r, "type", enumStrings(isms.RequirementTypes...))),
		Addressed: checkChoice(p, r, "addressed", []string{"yes", "no"}),
		Unlinked:  checkChoice(p, r, "unlinked", []string{"yes"}) == "yes",
		Search:    strings.TrimSpace(r.URL.Query().Get("q")),
	}
	if ref := strings.TrimSpace(r.URL.Query().Get("party")); ref != "" {
		party, err := s.app.FindParty(r.Context(), actor(r), ref)
		if isCode(err, isms.NotFound) {
			p.Add("party", "No interested party "+ref+" in this organization.")
		} else if err != nil {
			return f, err
		} else {
			f.PartyID = party.ID
		}
	}
	return f, p.Err()
}

// partyOptions lists the organization's parties for a select, after a
// first option with an empty value; ok is false when there are too many
// for a select.
func (s *Server) partyOptions(r *http.Request, first string) (opts [][2]string, ok bool, err error) {
	parties, total, err := s.app.FindParties(r.Context(), actor(r), isms.PartyFilter{Limit: isms.MaxPageSize})
	if err != nil {
		return nil, false, err
	}
	opts = [][2]string{{"", first}}
	for _, p := range parties {
		opts = append(opts, [2]string{string(p.ID), p.Ref + " " + p.Name})
	}
	return opts, total <= len(parties), nil
}

type preqListPage struct {
	basePage
	List    *listResult[*isms.PartyRequirement]
	Query   map[string]string
	Parties [][2]string
	Types   [][2]string
	CanEdit bool
}

func (s *Server) handlePreqIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.preqFilterOf(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.PartyRequirement]{
		Title: "Requirements of interested parties", Columns: preqColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.PartyRequirement, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindPartyRequirements(r.Context(), a, f)
		},
		Record:  preqRecord,
		Filters: func(q listQuery) [][2]string { return queryFilters(q, "party", "type", "addressed", "unlinked", "q") },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &preqListPage{List: list, Query: queryMap(r, "party", "type", "addressed", "unlinked", "q"),
		Types: labelled("Any type", isms.RequirementTypes), CanEdit: a.Can(isms.EditContext)}
	p.Query["party"] = string(f.PartyID)
	if p.Parties, _, err = s.partyOptions(r, "Any party"); err != nil {
		return err
	}
	p.Title = "Requirements of interested parties"
	return s.render(w, r, http.StatusOK, "party_requirement_index", p)
}

type preqShowPage struct {
	basePage
	Q        *isms.PartyRequirement
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handlePreqShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q, err := s.app.FindPartyRequirement(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	p := &preqShowPage{Q: q, CanEdit: a.Can(isms.EditContext), CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.Links, p.History, err = s.recordPanels(r, isms.Link{Type: "party_requirement", ID: q.ID}); err != nil {
		return err
	}
	p.Title = q.Ref + " " + q.Title
	return s.render(w, r, http.StatusOK, "party_requirement_show", p)
}

// preqFormValues is what the requirement form shows and sends: the input,
// with its links as the text fields hold them.
type preqFormValues struct {
	In                         app.PartyRequirementInput
	Controls, Documents, Risks string
	ID                         isms.ID
	Ref                        string
	Version                    int
}

// renderPreqForm renders the form with v and the problems of err.
func (s *Server) renderPreqForm(w http.ResponseWriter, r *http.Request, status int, v preqFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	parties, selectable, oerr := s.partyOptions(r, "Choose a party…")
	if oerr != nil {
		return oerr
	}
	party := selectField("partyId", "Interested party", v.In.PartyID, parties).required()
	if !selectable {
		party = text("partyId", "Interested party", v.In.PartyID).required().help("The party's reference, such as IP-4.")
	}
	p := &contextFormPage{Lede: "What an interested party requires of your information security, where it comes from, and whether and how your ISMS addresses it.",
		Back: "/party-requirements", Crumb: "Requirements"}
	f := formView{Action: "/party-requirements", Submit: "Record requirement", Cancel: "/party-requirements", Fields: []fieldView{
		party,
		text("title", "Requirement", v.In.Title).required().help("In your own words: Report personal data breaches within 72 hours; Keep an ISO/IEC 27001 certificate."),
		selectField("type", "Type", v.In.Type, labelled("Choose a type…", isms.RequirementTypes)).required(),
		text("source", "Source or reference", v.In.Source).help("The law, regulation or contract clause: GDPR Art. 33; Master services agreement §12.3."),
		text("description", "Description", v.In.Description).kind("textarea"),
		checkbox("addressed", "The ISMS addresses this requirement", v.In.Addressed),
		text("how", "How, or why not", v.In.How).kind("textarea").help("How the ISMS addresses it. When it does not, say why: this is required then."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners),
		text("controls", "Controls that address it", v.Controls).help("References of controls, separated by commas: C-4, C-12."),
		text("documents", "Documents that address it", v.Documents).help("References of documents, such as DOC-2."),
		text("risks", "Risks it bears on", v.Risks).help("References of risks in the risk register, such as R-7."),
	}}
	p.Title = "New requirement"
	if v.Version > 0 {
		base := "/party-requirements/" + string(v.ID)
		f.Action, f.Submit, f.Cancel, p.Back, p.Crumb, p.Delete = base, "Save requirement", base, base, v.Ref, base+"/delete"
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "context_form", p)
}

func (s *Server) handlePreqNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not record requirements of interested parties."); err != nil {
		return err
	}
	in := app.PartyRequirementInput{PartyID: strings.TrimSpace(r.URL.Query().Get("party")), Addressed: true}
	return s.renderPreqForm(w, r, http.StatusOK, preqFormValues{In: in}, nil)
}

func (s *Server) handlePreqEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change requirements of interested parties."); err != nil {
		return err
	}
	q, err := s.app.FindPartyRequirement(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "party_requirement", ID: q.ID})
	if err != nil {
		return err
	}
	in := app.PartyRequirementInput{PartyID: string(q.PartyID), Title: q.Title, Description: q.Description, Type: string(q.Type),
		Source: q.Source, Addressed: q.Addressed, How: q.How, OwnerID: string(q.OwnerID)}
	return s.renderPreqForm(w, r, http.StatusOK, preqFormValues{In: in, Controls: app.LinkedRefs(links, "control"),
		Documents: app.LinkedRefs(links, "document"), Risks: app.LinkedRefs(links, "risk"), ID: q.ID, Ref: q.Ref, Version: q.Version}, nil)
}

// savePreq creates or updates the requirement of the form.
func (s *Server) savePreq(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := preqFormValues{In: app.PartyRequirementInput{PartyID: f("partyId"), Title: f("title"), Type: f("type"), Source: f("source"),
		Description: r.PostFormValue("description"), Addressed: f("addressed") != "", How: r.PostFormValue("how"), OwnerID: f("ownerId")},
		Controls: f("controls"), Documents: f("documents"), Risks: f("risks"), Version: formInt(r, "version")}
	v.In.Controls, v.In.Documents, v.In.Risks = app.SplitRefs(v.Controls), app.SplitRefs(v.Documents), app.SplitRefs(v.Risks)
	return saveRecordForm(s, w, r, recordSave[*isms.PartyRequirement]{update: update, version: v.Version, what: "requirement's",
		create: func() (*isms.PartyRequirement, error) {
			return s.app.CreatePartyRequirement(r.Context(), actor(r), v.In)
		},
		change: func() (*isms.PartyRequirement, error) {
			v.ID = pathID(r)
			q, err := s.app.FindPartyRequirement(r.Context(), actor(r), string(v.ID))
			if err != nil {
				return nil, err
			}
			v.Ref = q.Ref
			return s.app.UpdatePartyRequirement(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderPreqForm(w, r, status, v, err) },
		saved: func(q *isms.PartyRequirement) (string, string) {
			return "Requirement " + q.Ref + " saved.", "/party-requirements/" + string(q.ID)
		}})
}

func (s *Server) handlePreqCreate(w http.ResponseWriter, r *http.Request) error {
	return s.savePreq(w, r, false)
}

func (s *Server) handlePreqUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.savePreq(w, r, true)
}

// handlePreqDelete deletes the requirement and returns to its party.
func (s *Server) handlePreqDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q, err := s.app.FindPartyRequirement(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	if err := s.app.DeletePartyRequirement(r.Context(), a, q.ID); err != nil {
		return err
	}
	s.flash(w, "ok", "Requirement "+q.Ref+" deleted.")
	http.Redirect(w, r, "/interested-parties/"+string(q.PartyID), http.StatusSeeOther)
	return nil
}
