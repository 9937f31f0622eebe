// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// A member's own acknowledgements: the document versions their
// organization's awareness campaigns ask them to read, each shown in full
// with an "I have read and understood it" button. Every member reaches
// these pages, employees included.

// pendingGroup is the pending acknowledgements of one campaign.
type pendingGroup struct {
	CampaignID isms.ID
	Title      string
	Due        isms.Date
	Overdue    bool
	Items      []isms.PendingAcknowledgement
}

type acknowledgementListPage struct {
	basePage
	Groups []pendingGroup
	Total  int
}

// groupPending groups items by campaign, in the order they come (by due
// date).
func groupPending(items []isms.PendingAcknowledgement, today isms.Date) []pendingGroup {
	var out []pendingGroup
	index := map[isms.ID]int{}
	for _, it := range items {
		i, ok := index[it.CampaignID]
		if !ok {
			i = len(out)
			index[it.CampaignID] = i
			out = append(out, pendingGroup{CampaignID: it.CampaignID, Title: it.CampaignTitle, Due: it.Due, Overdue: it.Due.Before(today)})
		}
		out[i].Items = append(out[i].Items, it)
	}
	return out
}

func (s *Server) handleAcknowledgementIndex(w http.ResponseWriter, r *http.Request) error {
	items, err := s.app.PendingAcknowledgements(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := &acknowledgementListPage{Groups: groupPending(items, isms.DateOf(s.app.Now())), Total: len(items)}
	p.Title = "Documents to acknowledge"
	return s.render(w, r, http.StatusOK, "acknowledgement_index", p)
}

// pendingVersion is one document version to acknowledge, shown in full.
type pendingVersion struct {
	Item    isms.PendingAcknowledgement
	Doc     *isms.Document
	Version *isms.DocumentVersion
	Body    template.HTML // the Markdown body, sanitized by report.MarkdownHTML
	FileURL string        // the file body's download
}

type acknowledgementShowPage struct {
	basePage
	Group pendingGroup
	Items []pendingVersion
}

func (s *Server) handleAcknowledgementShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	items, err := s.app.PendingAcknowledgements(r.Context(), a)
	if err != nil {
		return err
	}
	var mine []isms.PendingAcknowledgement
	for _, it := range items {
		if it.CampaignID == pathID(r) {
			mine = append(mine, it)
		}
	}
	if len(mine) == 0 {
		return s.nothingToAcknowledge(w, r)
	}
	p := &acknowledgementShowPage{Group: groupPending(mine, isms.DateOf(s.app.Now()))[0]}
	for _, it := range mine {
		v, d, err := s.app.FindDocumentVersion(r.Context(), a, string(it.DocumentID), it.VersionNumber)
		if err != nil {
			return err
		}
		pv := pendingVersion{Item: it, Doc: d, Version: v}
		if v.Format == isms.BodyFile {
			pv.FileURL = "/documents/" + string(d.ID) + "/versions/" + strconv.Itoa(v.Number) + "/file"
		} else {
			pv.Body = template.HTML(report.MarkdownHTML(v.Body)) // sanitized: raw HTML and unsafe links are dropped
		}
		p.Items = append(p.Items, pv)
	}
	p.Title = "Read and acknowledge: " + p.Group.Title
	return s.render(w, r, http.StatusOK, "acknowledgement_show", p)
}

// nothingToAcknowledge answers a campaign page with nothing pending for
// the reader: those who may see the campaign go to it; for the others it
// does not exist.
func (s *Server) nothingToAcknowledge(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.app.FindCampaign(r.Context(), actor(r), pathID(r)); err == nil {
		s.flash(w, "ok", "You have nothing (left) to acknowledge in this campaign.")
		http.Redirect(w, r, "/awareness/"+string(pathID(r)), http.StatusSeeOther)
		return nil
	} else if c := isms.ErrorCode(err); c != isms.Forbidden && c != isms.NotFound {
		return err
	}
	return isms.Errorf(isms.NotFound, "You have nothing to acknowledge in this campaign: you have acknowledged everything it asks of you, or it has closed.")
}

func (s *Server) handleAcknowledge(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	version := isms.ID(strings.TrimSpace(r.PostFormValue("version")))
	if version == "" {
		return isms.Errorf(isms.Invalid, "The form does not say which document version you acknowledge; open the page again.")
	}
	if _, err := s.app.Acknowledge(r.Context(), a, pathID(r), version); err != nil {
		return err
	}
	items, err := s.app.PendingAcknowledgements(r.Context(), a)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.CampaignID == pathID(r) {
			s.flash(w, "ok", "Thank you: your acknowledgement is recorded. Please read the next document as well.")
			http.Redirect(w, r, "/acknowledgements/"+string(pathID(r)), http.StatusSeeOther)
			return nil
		}
	}
	s.flash(w, "ok", "Thank you: your acknowledgement is recorded, and the campaign's task is done.")
	http.Redirect(w, r, "/acknowledgements", http.StatusSeeOther)
	return nil
}
