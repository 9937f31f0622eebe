// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Links between a control and requirements, from the control's page: by
// references typed in ("A.5.15 A.8.2"), by a requirement's ID from the
// requirement's page, confirming inferred links and removing links.

// controlLinkInput is what the link form sends.
type controlLinkInput struct {
	Framework string // framework ID or key
	Refs      string // references separated by commas or spaces
}

// controlLinkForm returns the form that links c to requirements by reference.
func controlLinkForm(c *isms.Control, in controlLinkInput, frameworks [][2]string, err error) formView {
	f := formView{Action: "/controls/" + string(c.ID) + "/links", Submit: "Link requirements", Fields: []fieldView{
		selectField("framework", "Framework", in.Framework, frameworks),
		text("refs", "References", in.Refs).help("One or more references of that framework, separated by spaces or commas: A.5.15 A.8.2"),
	}}
	f.withErrors(err)
	return f
}

// splitRefs splits typed references at commas, semicolons and white space,
// dropping duplicates.
func splitRefs(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, ref := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\r' || r == '\n'
	}) {
		if !seen[ref] {
			seen[ref] = true
			out = append(out, ref)
		}
	}
	return out
}

// resolveRefs turns references of a framework into requirement IDs; an
// Invalid error names every reference it does not know, on field refs.
func (s *Server) resolveRefs(r *http.Request, in controlLinkInput) ([]isms.ID, error) {
	p := isms.Problems{}
	if strings.TrimSpace(in.Framework) == "" {
		p.Add("framework", "Choose the framework the references belong to.")
	}
	refs := splitRefs(in.Refs)
	if len(refs) == 0 {
		p.Add("refs", "Give at least one reference, such as A.5.15.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	fw, err := s.app.FindFramework(r.Context(), actor(r), in.Framework)
	if isCode(err, isms.NotFound) {
		return nil, isms.Problems{"framework": "There is no framework " + in.Framework + " in this organization."}.Err()
	} else if err != nil {
		return nil, err
	}
	var ids []isms.ID
	var unknown []string
	for _, ref := range refs {
		req, err := s.app.ResolveRequirement(r.Context(), actor(r), string(fw.ID), ref)
		if isCode(err, isms.NotFound) {
			unknown = append(unknown, ref)
			continue
		} else if err != nil {
			return nil, err
		}
		ids = append(ids, req.ID)
	}
	if len(unknown) > 0 {
		word := "reference"
		if len(unknown) > 1 {
			word = "references"
		}
		p.Add("refs", fw.Title()+" has no "+word+" "+strings.Join(unknown, ", ")+"; nothing was linked. Check the spelling, such as A.5.15.")
		return nil, p.Err()
	}
	return ids, nil
}

// linkedText says how many links a request added.
func linkedText(added, asked int) string {
	msg := "Linked " + plural(added, "requirement", "requirements") + "."
	if old := asked - added; old > 0 {
		msg += " " + plural(old, "was", "were") + " linked already."
	}
	return msg
}

// linkableControl checks that the actor may link controls and that control
// id exists, before references are resolved in its framework.
func (s *Server) linkableControl(r *http.Request, id isms.ID) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditControls, "You may not link controls to requirements."); err != nil {
		return err
	}
	_, err := s.app.FindControl(r.Context(), a, string(id))
	return err
}

// returnPath is the local path a form asks to go back to, or def.
func returnPath(r *http.Request, def string) string {
	if ret := r.PostFormValue("return"); ret != "" && safeNext(ret) == ret {
		return ret
	}
	return def
}

func (s *Server) handleControlLink(w http.ResponseWriter, r *http.Request) error {
	a, id := actor(r), pathID(r)
	back := returnPath(r, "/controls/"+string(id))
	if req := strings.TrimSpace(r.PostFormValue("requirement")); req != "" {
		n, err := s.app.LinkControl(r.Context(), a, id, []isms.ID{isms.ID(req)})
		if err != nil {
			return err
		}
		s.flash(w, "ok", linkedText(n, 1))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	in := controlLinkInput{Framework: r.PostFormValue("framework"), Refs: r.PostFormValue("refs")}
	if err := s.linkableControl(r, id); err != nil {
		return err
	}
	ids, err := s.resolveRefs(r, in)
	if err == nil {
		var n int
		if n, err = s.app.LinkControl(r.Context(), a, id, ids); err == nil {
			s.flash(w, "ok", linkedText(n, len(ids)))
			http.Redirect(w, r, back, http.StatusSeeOther)
			return nil
		}
	}
	if isms.ErrorFields(err) != nil {
		return s.renderControl(w, r, http.StatusUnprocessableEntity, in, err)
	}
	return err
}

func (s *Server) handleControlUnlink(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	if err := s.app.UnlinkControl(r.Context(), actor(r), id, isms.ID(r.PathValue("req"))); err != nil {
		return err
	}
	s.flash(w, "ok", "Link removed.")
	http.Redirect(w, r, returnPath(r, "/controls/"+string(id)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleControlConfirm(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read: %v.", err)
	}
	var reqs []isms.ID
	for _, v := range r.PostForm["requirement"] {
		if v = strings.TrimSpace(v); v != "" {
			reqs = append(reqs, isms.ID(v))
		}
	}
	n, err := s.app.ConfirmInferredLinks(r.Context(), actor(r), id, reqs)
	if err != nil {
		return err
	}
	s.flash(w, "ok", "Confirmed "+plural(n, "link", "links")+"; they now count towards coverage.")
	http.Redirect(w, r, returnPath(r, "/controls/"+string(id)), http.StatusSeeOther)
	return nil
}
