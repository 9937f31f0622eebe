// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The library of common threat scenarios: a quick start for a register.
// The chosen scenarios become risks, each with the library's wording and
// the Annex A controls that commonly treat it to link later.

// libraryGroup is one category of the library.
type libraryGroup struct {
	Category  string
	Scenarios []libraryItem
}

// libraryItem is a scenario and whether the form had it ticked.
type libraryItem struct {
	S       isms.ThreatScenario
	Checked bool
}

type riskLibraryPage struct {
	basePage
	Groups  []libraryGroup
	Owner   fieldView
	Errors  map[string]string
	Count   int
	CanEdit bool
}

func (s *Server) handleRiskLibrary(w http.ResponseWriter, r *http.Request) error {
	return s.renderRiskLibrary(w, r, http.StatusOK, nil, "", "", nil)
}

// renderRiskLibrary renders the library with the keys, owner and problems
// of a refused request.
func (s *Server) renderRiskLibrary(w http.ResponseWriter, r *http.Request, status int, keys []string, owner, typed string, err error) error {
	a := actor(r)
	if ferr := s.app.Authorize(a, isms.ReadISMS, "You may not read the risk register."); ferr != nil {
		return ferr
	}
	p := &riskLibraryPage{CanEdit: a.Can(isms.EditRisks), Errors: isms.ErrorFields(err), Count: len(isms.ThreatLibrary)}
	p.Title = "Threat scenario library"
	checked := map[string]bool{}
	for _, k := range keys {
		checked[k] = true
	}
	at := map[string]int{}
	for _, sc := range isms.ThreatLibrary {
		i, ok := at[sc.Category]
		if !ok {
			i = len(p.Groups)
			at[sc.Category] = i
			p.Groups = append(p.Groups, libraryGroup{Category: sc.Category})
		}
		p.Groups[i].Scenarios = append(p.Groups[i].Scenarios, libraryItem{S: sc, Checked: checked[sc.Key]})
	}
	if p.CanEdit {
		f, ferr := s.ownerField(r, "Owner of the new risks", isms.ID(owner), typed)
		if ferr != nil {
			return ferr
		}
		f.Required = false
		if f.Type == "select" {
			f.Options[0].Label = "No owner yet"
		}
		f.Error = p.Errors["owner"]
		p.Owner = f.help("You can give each risk its own owner afterwards.")
	}
	return s.render(w, r, status, "risk_library", p)
}

func (s *Server) handleRiskLibraryAdd(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read: %v.", err)
	}
	keys := r.PostForm["keys"]
	owner, typed := strings.TrimSpace(r.PostFormValue("owner")), ""
	p := isms.Problems{}
	if len(keys) == 0 {
		p.Add("keys", "Choose at least one scenario to add to the register.")
	}
	if strings.Contains(owner, "@") {
		id, problem, err := s.resolveOwner(r, owner)
		if err != nil {
			return err
		}
		if problem != "" {
			p.Add("owner", problem)
		}
		owner, typed = string(id), owner
	}
	err := p.Err()
	if err == nil {
		var risks []*isms.Risk
		if risks, err = s.app.AddRisksFromLibrary(r.Context(), actor(r), keys, isms.ID(owner)); err == nil {
			refs := make([]string, len(risks))
			for i, rk := range risks {
				refs[i] = rk.Ref
			}
			s.flash(w, "ok", "Added "+plural(len(risks), "risk", "risks")+" from the library: "+strings.Join(refs, ", ")+". Score each one and link its assets and controls.")
			http.Redirect(w, r, "/risks", http.StatusSeeOther)
			return nil
		}
	}
	if isms.ErrorFields(err) != nil {
		return s.renderRiskLibrary(w, r, http.StatusUnprocessableEntity, keys, owner, typed, err)
	}
	return err
}
