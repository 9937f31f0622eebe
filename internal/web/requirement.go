// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// A requirement's page: where it sits in its framework, what it asks,
// which controls meet it (confirmed, and inferred from mappings) and how
// it maps to requirements of other frameworks.

// mappingView is a mapping as a requirement's page shows it: from this
// requirement to the other one.
type mappingView struct {
	isms.Mapping
	Outgoing   bool // this requirement is the mapping's source
	OtherID    isms.ID
	OtherRef   string
	OtherTitle string
	Framework  string // the other requirement's framework
	SetName    string
	// Phrase reads "<this> Phrase <other>": the relationship seen from
	// this requirement.
	Phrase string
}

type requirementShowPage struct {
	basePage
	Detail    *app.RequirementDetail
	Confirmed []isms.ControlLink
	Inferred  []isms.ControlLink
	Mappings  []mappingView
	Attrs     [][2]string // name, values
	CanLink   bool
	LinkForm  formView
}

func (s *Server) handleRequirementShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequirement(w, r, http.StatusOK, nil)
}

// renderRequirement renders the requirement's page; linkErr is the error
// of the "link a control" form shown again.
func (s *Server) renderRequirement(w http.ResponseWriter, r *http.Request, status int, linkErr error) error {
	a, ctx := actor(r), r.Context()
	d, err := s.app.FindRequirement(ctx, a, pathID(r))
	if err != nil {
		return err
	}
	p := &requirementShowPage{Detail: d, CanLink: a.Can(isms.EditControls)}
	for _, l := range d.Links {
		if l.Inferred {
			p.Inferred = append(p.Inferred, l)
		} else {
			p.Confirmed = append(p.Confirmed, l)
		}
	}
	for _, name := range d.Requirement.Attributes.Names() {
		p.Attrs = append(p.Attrs, [2]string{attrLabel(name), strings.Join(d.Requirement.Attributes[name], ", ")})
	}
	if len(d.Mappings) > 0 {
		sets, err := s.app.FindMappingSets(ctx, a)
		if err != nil {
			return err
		}
		p.Mappings = mappingViews(d.Requirement.ID, d.Mappings, sets)
	}
	if p.CanLink {
		if p.LinkForm, err = s.linkControlForm(r, d); err != nil {
			return err
		}
		p.LinkForm.withErrors(linkErr)
	}
	p.Title = d.Requirement.Label()
	return s.render(w, r, status, "requirement_show", p)
}

// attrLabel names an attribute for people: "control_type" → "Control type".
func attrLabel(name string) string {
	name = strings.ReplaceAll(name, "_", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// mappingViews turns the mappings of requirement id into views from its side.
func mappingViews(id isms.ID, ms []isms.Mapping, sets []*isms.MappingSet) []mappingView {
	byID := make(map[isms.ID]*isms.MappingSet, len(sets))
	for _, s := range sets {
		byID[s.ID] = s
	}
	out := make([]mappingView, 0, len(ms))
	for _, m := range ms {
		v := mappingView{Mapping: m, Outgoing: m.SourceID == id}
		set := byID[m.SetID]
		if set != nil {
			v.SetName = set.Name
		}
		if v.Outgoing {
			v.OtherID, v.OtherRef, v.OtherTitle, v.Phrase = m.TargetID, m.TargetRef, m.TargetTitle, m.Relationship.Label()
			if set != nil {
				v.Framework = set.TargetName
			}
		} else {
			v.OtherID, v.OtherRef, v.OtherTitle, v.Phrase = m.SourceID, m.SourceRef, m.SourceTitle, inverseLabel(m.Relationship)
			if set != nil {
				v.Framework = set.SourceName
			}
		}
		out = append(out, v)
	}
	return out
}

// inverseLabel is the relationship read from the target's side.
func inverseLabel(r isms.Relationship) string {
	switch r {
	case isms.RelSubset:
		return isms.RelSuperset.Label()
	case isms.RelSuperset:
		return isms.RelSubset.Label()
	}
	return r.Label()
}

// linkControlForm is the form that links one of the organization's
// controls to the requirement.
func (s *Server) linkControlForm(r *http.Request, d *app.RequirementDetail) (formView, error) {
	controls, _, err := s.app.FindControls(r.Context(), actor(r), isms.ControlFilter{OrgID: actor(r).OrgID, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return formView{}, err
	}
	linked := map[isms.ID]bool{}
	for _, l := range d.Links {
		linked[l.ControlID] = !l.Inferred
	}
	opts := [][2]string{{"", "Choose a control…"}}
	for _, c := range controls {
		if !linked[c.ID] {
			opts = append(opts, [2]string{string(c.ID), c.Ref + " " + c.Title})
		}
	}
	return formView{Action: "/requirements/" + string(d.Requirement.ID) + "/controls", Submit: "Link control",
		Fields: []fieldView{selectField("control", "Control", r.PostFormValue("control"), opts).
			help("A control linked here counts towards this requirement's coverage once it is implemented.")}}, nil
}

// handleRequirementLink links the chosen control to the requirement (or
// confirms an inferred link of it).
func (s *Server) handleRequirementLink(w http.ResponseWriter, r *http.Request) error {
	control := isms.ID(strings.TrimSpace(r.PostFormValue("control")))
	if control == "" {
		if err := s.app.Authorize(actor(r), isms.EditControls, "You may not link controls."); err != nil {
			return err
		}
		return s.renderRequirement(w, r, http.StatusUnprocessableEntity, isms.Problems{"control": "Choose a control to link."}.Err())
	}
	n, err := s.app.LinkControl(r.Context(), actor(r), control, []isms.ID{pathID(r)})
	if isms.ErrorFields(err) != nil {
		return s.renderRequirement(w, r, statusOf(isms.ErrorCode(err)), err)
	} else if err != nil {
		return err
	}
	msg := "Control linked."
	if n == 0 {
		// The link exists: confirm it if it was only inferred.
		if n, err = s.app.ConfirmInferredLinks(r.Context(), actor(r), control, []isms.ID{pathID(r)}); err != nil {
			return err
		}
		msg = "The control was already linked."
		if n > 0 {
			msg = "The inferred link is confirmed."
		}
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/requirements/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}
