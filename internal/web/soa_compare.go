// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The versions of the Statement of Applicability: their list, per
// framework or all, and two versions of one framework compared line by
// line.

var soaVersionColumns = []column{
	{Key: "number", Label: "Version"}, {Key: "framework", Label: "Framework"}, {Key: "status", Label: "Status"},
	{Label: "Note"}, {Key: "approved", Label: "Approved on"}, {Label: "Approved by"}, {Key: "updated", Label: "Last changed"},
}

// soaVersionSortKeys are the sort keys of the list of versions.
var soaVersionSortKeys = sortValues("number", "framework", "status", "approved", "updated")

func soaVersionRecord(x *isms.SoA) []string {
	approved := ""
	if !x.ApprovedAt.IsZero() {
		approved = x.ApprovedAt.UTC().Format("2006-01-02")
	}
	return []string{x.VersionLabel(), x.FrameworkName, string(x.Status), x.Note, approved, x.ApprovedBy,
		x.UpdatedAt.UTC().Format("2006-01-02 15:04")}
}

// sortSoAs sorts versions in place by key ("-" for descending); newest
// first by default.
func sortSoAs(list []*isms.SoA, key string) {
	desc := strings.HasPrefix(key, "-")
	cmp := func(a, b *isms.SoA) int { return b.Number - a.Number }
	switch strings.TrimPrefix(key, "-") {
	case "number":
		cmp = func(a, b *isms.SoA) int { return a.Number - b.Number }
	case "framework":
		cmp = func(a, b *isms.SoA) int { return strings.Compare(a.FrameworkName, b.FrameworkName) }
	case "status":
		cmp = func(a, b *isms.SoA) int {
			return slices.Index(isms.SoAStatuses, a.Status) - slices.Index(isms.SoAStatuses, b.Status)
		}
	case "approved":
		cmp = func(a, b *isms.SoA) int { return a.ApprovedAt.Compare(b.ApprovedAt) }
	case "updated":
		cmp = func(a, b *isms.SoA) int { return a.UpdatedAt.Compare(b.UpdatedAt) }
	}
	slices.SortStableFunc(list, func(a, b *isms.SoA) int {
		if desc {
			return cmp(b, a)
		}
		return cmp(a, b)
	})
}

// soaVersionPage returns the versions of framework ("" for every
// framework) with status ("" for any), sorted, one page of them, and how
// many match.
func (s *Server) soaVersionPage(r *http.Request, framework, status, sort string, limit, offset int) ([]*isms.SoA, int, error) {
	all, err := s.app.SoAVersions(r.Context(), actor(r), framework)
	if err != nil {
		return nil, 0, err
	}
	list := slices.DeleteFunc(all, func(x *isms.SoA) bool { return status != "" && string(x.Status) != status })
	sortSoAs(list, sort)
	page, total := pageOf(list, limit, offset)
	return page, total, nil
}

type soaVersionsPage struct {
	basePage
	List       *listResult[*isms.SoA]
	Framework  string
	Status     string
	Frameworks [][2]string
	Statuses   [][2]string
	Compare    [][2]string // the versions of the one framework listed, for the comparison form
	CanEdit    bool
}

func (s *Server) handleSoAVersions(w http.ResponseWriter, r *http.Request) error {
	fw, status := r.URL.Query().Get("framework"), r.URL.Query().Get("status")
	if status != "" && !contains(enumStrings(isms.SoAStatuses...), status) {
		return isms.Problems{"status": "Status must be draft, approved or superseded."}.Err()
	}
	spec := listSpec[*isms.SoA]{
		Title: "Statement of Applicability versions", Columns: soaVersionColumns, DefaultSort: "-number",
		Fetch: func(q listQuery) ([]*isms.SoA, int, error) {
			return s.soaVersionPage(r, fw, status, q.Sort, q.Limit, q.Offset)
		},
		Record:  soaVersionRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Framework", fw}, {"Status", status}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &soaVersionsPage{List: list, Framework: fw, Status: status, CanEdit: actor(r).Can(isms.EditSoA),
		Statuses: [][2]string{{"", "Any status"}}}
	for _, st := range isms.SoAStatuses {
		p.Statuses = append(p.Statuses, [2]string{string(st), capitalized(string(st))})
	}
	if p.Frameworks, err = s.frameworkOptions(r, "Every framework"); err != nil {
		return err
	}
	all, _, err := s.soaVersionPage(r, fw, "", "-number", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	p.Compare = soaVersionChoices(all)
	p.Title = "Versions of the Statement of Applicability"
	return s.render(w, r, http.StatusOK, "soa_versions", p)
}

// soaVersionChoices lists versions for a comparison form (ID, label),
// nil unless they are two or more of one framework.
func soaVersionChoices(list []*isms.SoA) [][2]string {
	if len(list) < 2 {
		return nil
	}
	var out [][2]string
	for _, x := range list {
		if x.FrameworkID != list[0].FrameworkID {
			return nil
		}
		out = append(out, [2]string{string(x.ID), x.VersionLabel() + " (" + string(x.Status) + ")"})
	}
	return out
}

type soaComparePage struct {
	basePage
	FrameworkID   isms.ID
	FrameworkName string
	Choices       [][2]string
	From, To      *isms.SoA
	Cmp           *app.SoAComparison
	Errors        map[string]string
}

// handleSoACompare compares two versions of one framework's SoA
// (?from=&to=, by ID or label; ?framework= when labels are used); by
// default the newest version with the one before it.
func (s *Server) handleSoACompare(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	all, err := s.app.SoAVersions(r.Context(), a, "")
	if err != nil {
		return err
	}
	fwID, err := s.soaCompareFramework(r, all)
	if err != nil {
		return err
	}
	list := slices.DeleteFunc(all, func(x *isms.SoA) bool { return x.FrameworkID != fwID })
	slices.SortStableFunc(list, func(a, b *isms.SoA) int { return b.Number - a.Number })
	p := &soaComparePage{FrameworkID: fwID, Choices: soaVersionChoices(list), Errors: isms.Problems{}}
	p.Title = "Compare versions of the Statement of Applicability"
	if len(list) > 0 {
		p.FrameworkName = list[0].FrameworkName
	}
	if len(list) < 2 {
		return s.render(w, r, http.StatusOK, "soa_compare", p)
	}
	p.To, p.From = list[0], list[1]
	if v := q.Get("to"); v != "" {
		if p.To = soaVersionIn(list, v); p.To == nil {
			p.Errors["to"] = "There is no version " + v + " of this framework's Statement of Applicability."
		}
	}
	if v := q.Get("from"); v != "" {
		if p.From = soaVersionIn(list, v); p.From == nil {
			p.Errors["from"] = "There is no version " + v + " of this framework's Statement of Applicability."
		}
	}
	if len(p.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "soa_compare", p)
	}
	if p.Cmp, err = s.app.CompareSoAs(r.Context(), a, p.From.ID, p.To.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "soa_compare", p)
}

// soaCompareFramework returns the framework of a comparison: the one
// ?framework= names, else that of the version ?to= or ?from= names by ID,
// else ISO/IEC 27001:2022 (empty when the organization lacks it).
func (s *Server) soaCompareFramework(r *http.Request, all []*isms.SoA) (isms.ID, error) {
	q := r.URL.Query()
	if q.Get("framework") == "" {
		for _, v := range []string{q.Get("to"), q.Get("from")} {
			for _, x := range all {
				if v != "" && string(x.ID) == v {
					return x.FrameworkID, nil
				}
			}
		}
	}
	fw, err := s.app.FindFramework(r.Context(), actor(r), soaFrameworkParam(r))
	if isCode(err, isms.NotFound) && q.Get("framework") == "" {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return fw.ID, nil
}

// soaVersionIn returns the version of list with ID or label v, or nil.
func soaVersionIn(list []*isms.SoA, v string) *isms.SoA {
	for _, x := range list {
		if string(x.ID) == v || strings.EqualFold(x.VersionLabel(), v) {
			return x
		}
	}
	return nil
}
