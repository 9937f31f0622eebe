// SPDX-License-Identifier: Apache-2.0

package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The owner's answer to a request: evidence items ticked (those linked to
// the request's control or requirement first, then any other, found by
// title) and, optionally, a new file, which becomes an evidence item
// linked to the control (or the requirement) through the evidence use
// case before it is attached. The form is multipart, its file last.

// answerOthersMax is how many other evidence items the form lists.
const answerOthersMax = 100

// answerOption is an evidence item the answer may attach.
type answerOption struct {
	ID      isms.ID
	Title   string
	Linked  string // the record it is linked to, for the items suggested
	Checked bool
}

// answerChoices are the evidence items the answer's form offers.
type answerChoices struct {
	Linked []answerOption // linked to the request's control or requirement
	Others []answerOption // the others, matching Find
	Find   string
	More   bool // more items match Find than are listed
}

// requestLinks are the records a request's evidence is linked to: its
// control, then its requirement, each with its name for people.
func requestLinks(x *isms.EvidenceRequest) (links []isms.Link, names []string) {
	if x.ControlID != "" {
		links, names = append(links, isms.Link{Type: "control", ID: x.ControlID}), append(names, "control "+x.ControlRef)
	}
	if x.Requirement.ID != "" {
		links, names = append(links, isms.Link{Type: "requirement", ID: x.Requirement.ID}), append(names, "requirement "+x.Requirement.Ref)
	}
	return links, names
}

// answerChoices lists the evidence the answer to v may attach, leaving
// out what is attached already; ticked are those the form sent.
func (s *Server) answerChoices(r *http.Request, v *app.EvidenceRequestView, ticked map[isms.ID]bool) (*answerChoices, error) {
	ctx, a := r.Context(), actor(r)
	seen := map[isms.ID]bool{}
	for _, id := range v.Evidence {
		seen[id] = true
	}
	c := &answerChoices{Find: strings.TrimSpace(r.URL.Query().Get("find"))}
	links, names := requestLinks(v.EvidenceRequest)
	for i, l := range links {
		items, err := s.app.EvidenceFor(ctx, a, l)
		if err != nil {
			return nil, err
		}
		for _, e := range items {
			if !seen[e.ID] {
				seen[e.ID] = true
				c.Linked = append(c.Linked, answerOption{ID: e.ID, Title: e.Title, Linked: names[i], Checked: ticked[e.ID]})
			}
		}
	}
	others, total, err := s.app.FindEvidence(ctx, a, isms.EvidenceFilter{Query: c.Find, Sort: "title", Limit: answerOthersMax})
	if err != nil {
		return nil, err
	}
	for _, e := range others {
		if !seen[e.ID] {
			c.Others = append(c.Others, answerOption{ID: e.ID, Title: e.Title, Checked: ticked[e.ID]})
		}
	}
	c.More = total > len(others)
	return c, nil
}

// answerFile stores the answer's new file as an evidence item owned by
// the actor and linked to the request's control, else its requirement.
func (s *Server) answerFile(ctx context.Context, a isms.Actor, x *isms.EvidenceRequest, title string, file *app.FileInput) (isms.ID, error) {
	links, _ := requestLinks(x)
	in := app.EvidenceInput{Title: cmp.Or(strings.TrimSpace(title), file.Name, "Answer to "+x.Ref), Kind: isms.EvidenceKindFile,
		OwnerID: a.UserID, Source: isms.EvidenceSourceUpload, Links: links[:min(len(links), 1)]}
	e, err := s.app.CreateEvidence(ctx, a, in, file)
	if err != nil {
		return "", renameFields(err, map[string]string{"title": "fileTitle", "links": fileField})
	}
	return e.ID, nil
}

// handleRequestAnswer answers the path's request with the evidence
// ticked and the file uploaded.
func (s *Server) handleRequestAnswer(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindEvidenceRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.EvidenceRequest
	form := url.Values{}
	err = s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		form = parts.Values
		var ids []isms.ID
		for _, id := range form["evidence"] {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, isms.ID(id))
			}
		}
		if file != nil {
			id, err := s.answerFile(r.Context(), a, x, form.Get("fileTitle"), file)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		version, _ := strconv.Atoi(form.Get("version"))
		_, err := s.app.AnswerEvidenceRequest(r.Context(), a, x.ID, version, form.Get("text"), ids)
		return err
	})
	if err != nil {
		return s.stepFailed(w, r, "answer", err, form)
	}
	s.flash(w, "ok", "Evidence request "+x.Ref+" is answered: the auditor reviews the evidence.")
	http.Redirect(w, r, requestURL(x.ID), http.StatusSeeOther)
	return nil
}
