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

// Interested parties (ISO/IEC 27001 4.2): the register, a party's page
// with its requirements, and its form.

func init() {
	addPhrases(map[string]string{
		"interested_party.create": "recorded an interested party", "interested_party.update": "changed an interested party",
		"interested_party.delete": "deleted an interested party",
	})
}

var partyColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "name", Label: "Party"}, {Label: "Internal or external"}, {Key: "category", Label: "Category"},
	{Label: "Contact"}, {Label: "Owner"}, {Key: "requirements", Label: "Requirements", Numeric: true},
}

// partySortKeys are the party list's sort keys.
var partySortKeys = sortValues("ref", "name", "category", "requirements", "updated")

func partyRecord(p *isms.InterestedParty) []string {
	return []string{p.Ref, p.Name, p.Kind.Label(), p.Category.Label(), p.Contact, p.OwnerName, strconv.Itoa(p.Requirements)}
}

// partyFilterOf reads the filters of the party list (page or API).
func partyFilterOf(r *http.Request) (isms.PartyFilter, error) {
	p := isms.Problems{}
	f := isms.PartyFilter{
		Kind:     isms.ContextKind(checkChoice(p, r, "kind", enumStrings(isms.ContextKinds...))),
		Category: isms.PartyCategory(checkChoice(p, r, "category", enumStrings(isms.PartyCategories...))),
		Search:   strings.TrimSpace(r.URL.Query().Get("q")),
	}
	return f, p.Err()
}

type partyListPage struct {
	basePage
	List       *listResult[*isms.InterestedParty]
	Query      map[string]string
	Kinds      [][2]string
	Categories [][2]string
	CanEdit    bool
}

func (s *Server) handlePartyIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := partyFilterOf(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.InterestedParty]{
		Title: "Interested parties", Columns: partyColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.InterestedParty, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindParties(r.Context(), a, f)
		},
		Record:  partyRecord,
		Filters: func(q listQuery) [][2]string { return queryFilters(q, "kind", "category", "q") },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &partyListPage{List: list, Query: queryMap(r, "kind", "category", "q"), Kinds: labelled("Either", isms.ContextKinds),
		Categories: labelled("Any category", isms.PartyCategories), CanEdit: a.Can(isms.EditContext)}
	p.Title = "Interested parties"
	return s.render(w, r, http.StatusOK, "party_index", p)
}

type partyShowPage struct {
	basePage
	P            *isms.InterestedParty
	Requirements []*isms.PartyRequirement
	More         int // requirements beyond those shown
	NewURL       string
	Links        []app.RecordLink
	History      []*isms.AuditEvent
	CanEdit      bool
	CanAudit     bool
}

func (s *Server) handlePartyShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	party, err := s.app.FindParty(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	p := &partyShowPage{P: party, CanEdit: a.Can(isms.EditContext), CanAudit: a.Can(isms.ReadAuditTrail),
		NewURL: "/party-requirements/new?" + url.Values{"party": {string(party.ID)}}.Encode()}
	reqs, total, err := s.app.FindPartyRequirements(r.Context(), a, isms.PartyRequirementFilter{PartyID: party.ID, Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	p.Requirements, p.More = reqs, total-len(reqs)
	if p.Links, p.History, err = s.recordPanels(r, isms.Link{Type: "interested_party", ID: party.ID}); err != nil {
		return err
	}
	p.Title = party.Ref + " " + party.Name
	return s.render(w, r, http.StatusOK, "party_show", p)
}

// partyFormValues is what the party form shows and sends.
type partyFormValues struct {
	In      app.PartyInput
	ID      isms.ID
	Ref     string
	Version int
}

// renderPartyForm renders the form with v and the problems of err.
func (s *Server) renderPartyForm(w http.ResponseWriter, r *http.Request, status int, v partyFormValues, err error) error {
	owners, oerr := s.memberOptions(r, "No owner yet")
	if oerr != nil {
		return oerr
	}
	p := &contextFormPage{Lede: "Someone who can affect your ISMS, or is affected by it: customers, regulators, staff, suppliers, owners. Record their requirements on the party's page.",
		Back: "/interested-parties", Crumb: "Interested parties"}
	f := formView{Action: "/interested-parties", Submit: "Record party", Cancel: "/interested-parties", Fields: []fieldView{
		text("name", "Name", v.In.Name).required().help("A party or a group of them: Enterprise customers; Data protection authority; Cloud hosting provider."),
		selectField("kind", "Internal or external", v.In.Kind, labelled("Choose…", isms.ContextKinds)).required(),
		selectField("category", "Category", v.In.Category, labelled("Choose a category…", isms.PartyCategories)).required(),
		text("description", "Description", v.In.Description).kind("textarea").help("Who they are and what they expect of your information security."),
		text("contact", "Contact", v.In.Contact).help("Who to talk to there, and how."),
		selectField("ownerId", "Owner", v.In.OwnerID, owners).help("Who looks after the relationship and the party's requirements."),
	}}
	p.Title = "New interested party"
	if v.Version > 0 {
		base := "/interested-parties/" + string(v.ID)
		f.Action, f.Submit, f.Cancel, p.Back, p.Crumb, p.Delete = base, "Save party", base, base, v.Ref, base+"/delete"
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "context_form", p)
}

func (s *Server) handlePartyNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditContext, "You may not record interested parties."); err != nil {
		return err
	}
	return s.renderPartyForm(w, r, http.StatusOK, partyFormValues{}, nil)
}

func (s *Server) handlePartyEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditContext, "You may not change interested parties."); err != nil {
		return err
	}
	x, err := s.app.FindParty(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	in := app.PartyInput{Name: x.Name, Kind: string(x.Kind), Category: string(x.Category), Description: x.Description,
		Contact: x.Contact, OwnerID: string(x.OwnerID)}
	return s.renderPartyForm(w, r, http.StatusOK, partyFormValues{In: in, ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// saveParty creates or updates the party of the form.
func (s *Server) saveParty(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := partyFormValues{In: app.PartyInput{Name: f("name"), Kind: f("kind"), Category: f("category"),
		Description: r.PostFormValue("description"), Contact: f("contact"), OwnerID: f("ownerId")}, Version: formInt(r, "version")}
	return saveRecordForm(s, w, r, recordSave[*isms.InterestedParty]{update: update, version: v.Version, what: "party's",
		create: func() (*isms.InterestedParty, error) { return s.app.CreateParty(r.Context(), actor(r), v.In) },
		change: func() (*isms.InterestedParty, error) {
			v.ID = pathID(r)
			x, err := s.app.FindParty(r.Context(), actor(r), string(v.ID))
			if err != nil {
				return nil, err
			}
			v.Ref = x.Ref
			return s.app.UpdateParty(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderPartyForm(w, r, status, v, err) },
		saved: func(x *isms.InterestedParty) (string, string) {
			return "Interested party " + x.Ref + " saved.", "/interested-parties/" + string(x.ID)
		}})
}

func (s *Server) handlePartyCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveParty(w, r, false)
}

func (s *Server) handlePartyUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveParty(w, r, true)
}

// handlePartyDelete deletes the party; while it has requirements the
// party's page says why it stays.
func (s *Server) handlePartyDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteParty(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/interested-parties/"+string(pathID(r)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Interested party deleted.")
	http.Redirect(w, r, "/interested-parties", http.StatusSeeOther)
	return nil
}
