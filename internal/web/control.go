// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The control register: the list with its filters and exports, and the
// control's page with its requirement links, evidence, tasks and history.

func init() {
	addPhrases(map[string]string{
		"control.create": "created a control", "control.update": "changed a control", "control.delete": "deleted a control",
		"control.link": "linked a control to requirements", "control.unlink": "unlinked a control from a requirement",
		"control.confirm_links": "confirmed inferred requirement links", "control.infer_links": "proposed control links from mappings",
		"control.import": "imported controls",
	})
}

var controlColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Control"}, {Key: "status", Label: "Status"},
	{Key: "owner", Label: "Owner"}, {Label: "Requirements", Numeric: true}, {Key: "nextReview", Label: "Next review"},
	{Key: "updated", Label: "Updated"},
}

// controlRecord is a control's row in an export.
func controlRecord(c *isms.Control) []string {
	return []string{c.Ref, c.Title, c.Status.Label(), c.OwnerName, strconv.Itoa(c.Requirements), c.NextReview.String(),
		c.UpdatedAt.UTC().Format("2006-01-02 15:04")}
}

// controlFilterView is the list's filters as the URL gives them.
type controlFilterView struct {
	Status, Owner, Framework, Search string
	Unlinked                         bool
}

type controlListPage struct {
	basePage
	List       *listResult[*isms.Control]
	Filter     controlFilterView
	Statuses   [][2]string
	Frameworks [][2]string
	CanEdit    bool
}

// controlFilter reads the list's filters from the URL: status, owner (an
// e-mail address, "me" or a user ID), framework (ID or key), unlinked and q.
func (s *Server) controlFilter(r *http.Request) (isms.ControlFilter, controlFilterView, error) {
	q := r.URL.Query()
	v := controlFilterView{Status: q.Get("status"), Owner: q.Get("owner"), Framework: q.Get("framework"),
		Search: q.Get("q"), Unlinked: q.Get("unlinked") != ""}
	f := isms.ControlFilter{Status: isms.ControlStatus(v.Status), Search: v.Search, Unlinked: v.Unlinked}
	p := isms.Problems{}
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be one of planned, in_progress, implemented, not_applicable.")
	}
	if err := s.ownerFilter(r, v.Owner, &f.OwnerID, p); err != nil {
		return f, v, err
	}
	if v.Framework != "" {
		fw, err := s.app.FindFramework(r.Context(), actor(r), v.Framework)
		if isCode(err, isms.NotFound) {
			p.Add("framework", "No framework "+v.Framework+" in this organization.")
		} else if err != nil {
			return f, v, err
		} else {
			f.FrameworkID = fw.ID
		}
	}
	return f, v, p.Err()
}

func (s *Server) handleControlIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := s.controlFilter(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.Control]{
		Title: "Controls", Columns: controlColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.Control, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindControls(r.Context(), a, f)
		},
		Record: controlRecord,
		Filters: func(listQuery) [][2]string {
			unlinked := ""
			if fv.Unlinked {
				unlinked = "yes"
			}
			return [][2]string{{"Status", fv.Status}, {"Owner", fv.Owner}, {"Framework", fv.Framework},
				{"Unlinked only", unlinked}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &controlListPage{List: list, Filter: fv, Statuses: controlStatusOptions("Any status"), CanEdit: a.Can(isms.EditControls)}
	if p.Frameworks, err = s.frameworkOptions(r, "Any framework"); err != nil {
		return err
	}
	p.Title = "Controls"
	return s.render(w, r, http.StatusOK, "control_index", p)
}

// frameworkOptions lists the organization's frameworks for a select, by
// ID, after a first option labelled first.
func (s *Server) frameworkOptions(r *http.Request, first string) ([][2]string, error) {
	fws, _, err := s.app.FindFrameworks(r.Context(), actor(r), isms.FrameworkFilter{Sort: "name", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := [][2]string{{"", first}}
	for _, fw := range fws {
		out = append(out, [2]string{string(fw.ID), fw.Title()})
	}
	return out, nil
}

// linkGroup is a framework's requirements linked to a control.
type linkGroup struct {
	FrameworkID   isms.ID
	FrameworkName string
	Links         []isms.ControlLink
}

type controlShowPage struct {
	basePage
	Control    *isms.Control
	Confirmed  []linkGroup
	Inferred   []isms.ControlLink
	LinkForm   formView
	Frameworks [][2]string
	Evidence   *evidencePanel
	Tasks      []taskRow
	NewTaskURL string
	Linked     *linkedRecords // the records linking to the control
	CanEdit    bool
	CanAssign  bool
	CanAudit   bool
}

func (s *Server) handleControlShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderControl(w, r, http.StatusOK, controlLinkInput{}, nil)
}

// renderControl renders the control's page; in and linkErr are the link
// form's input and problems when a link request was just refused.
func (s *Server) renderControl(w http.ResponseWriter, r *http.Request, status int, in controlLinkInput, linkErr error) error {
	a := actor(r)
	d, err := s.app.FindControl(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	c := d.Control
	p := &controlShowPage{Control: c, CanEdit: a.Can(isms.EditControls), CanAssign: a.Can(isms.AssignWork),
		CanAudit: a.Can(isms.ReadAuditTrail)}
	p.Title = c.Ref + " " + c.Title
	p.Confirmed, p.Inferred = groupControlLinks(d.Links)
	if p.CanEdit {
		if p.Frameworks, err = s.frameworkOptions(r, "Choose a framework…"); err != nil {
			return err
		}
		p.LinkForm = controlLinkForm(c, in, p.Frameworks, linkErr)
	}
	link := isms.Link{Type: "control", ID: c.ID}
	if p.Evidence, err = s.evidenceFor(r, link); err != nil {
		return err
	}
	tasks, _, err := s.app.FindTasks(r.Context(), a, isms.TaskFilter{LinkType: link.Type, LinkID: link.ID, Sort: "due", Limit: 20})
	if err != nil {
		return err
	}
	p.Tasks = taskRows(a, tasks, isms.DateOf(s.app.Now()))
	p.NewTaskURL = "/tasks/new?" + url.Values{"link": {link.String()}}.Encode()
	if p.Linked, err = s.linkedPanel(r, link); err != nil {
		return err
	}
	return s.render(w, r, status, "control_show", p)
}

// groupControlLinks splits a control's links into the confirmed ones,
// grouped by framework in the order they come, and the inferred ones.
func groupControlLinks(links []isms.ControlLink) ([]linkGroup, []isms.ControlLink) {
	var groups []linkGroup
	var inferred []isms.ControlLink
	at := map[isms.ID]int{}
	for _, l := range links {
		if l.Inferred {
			inferred = append(inferred, l)
			continue
		}
		i, ok := at[l.FrameworkID]
		if !ok {
			i = len(groups)
			at[l.FrameworkID] = i
			groups = append(groups, linkGroup{FrameworkID: l.FrameworkID, FrameworkName: l.FrameworkName})
		}
		groups[i].Links = append(groups[i].Links, l)
	}
	return groups, inferred
}
