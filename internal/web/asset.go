// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The asset register: what the ISMS protects, its owner, classification
// and C/I/A values on the risk method's impact scale, where it sits among
// other assets, and the risks that concern it.

func init() {
	addPhrases(map[string]string{
		"asset.create": "created an asset", "asset.update": "changed an asset", "asset.delete": "deleted an asset",
		"risk_assessment.create": "recorded a risk assessment",
	})
}

var assetColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "name", Label: "Asset"}, {Key: "type", Label: "Type"}, {Key: "owner", Label: "Owner"},
	{Key: "classification", Label: "Classification"}, {Label: "C"}, {Label: "I"}, {Label: "A"},
	{Label: "Part of"}, {Label: "Risks", Numeric: true}, {Key: "updated", Label: "Updated"},
}

// assetSortKeys are the asset list's sort keys.
var assetSortKeys = sortValues("ref", "name", "type", "owner", "classification", "updated")

// impactText names position v of m's impact scale: "3 High"; the bare
// number without a method, "" when unset.
func impactText(m *isms.RiskMethod, v int) string {
	switch {
	case v <= 0:
		return ""
	case m == nil || v > len(m.Impact):
		return strconv.Itoa(v)
	}
	return strconv.Itoa(m.Impact[v-1].Value) + " " + m.Impact[v-1].Label
}

// classificationLabel names a classification for people.
func classificationLabel(c isms.Classification) string {
	if c == "" {
		return "Unclassified"
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// assetRecord returns an asset's cells for export.
func assetRecord(m *isms.RiskMethod) func(a *isms.Asset) []string {
	return func(a *isms.Asset) []string {
		return []string{a.Ref, a.Name, a.Type.Label(), a.OwnerName, classificationLabel(a.Classification),
			impactText(m, a.C), impactText(m, a.I), impactText(m, a.A), a.ParentName, strconv.Itoa(a.Risks),
			a.UpdatedAt.UTC().Format("2006-01-02 15:04")}
	}
}

// assetRow is an asset with its C/I/A in words.
type assetRow struct {
	A       *isms.Asset
	Class   string // the classification in words
	C, I, V string
}

// assetFilterView is the list's filters as the URL gives them.
type assetFilterView struct {
	Type, Owner, Classification, Search string
}

type assetListPage struct {
	basePage
	List            *listResult[*isms.Asset]
	Rows            []assetRow
	Filter          assetFilterView
	Types           [][2]string
	Classifications [][2]string
	CanEdit         bool
	HasMethod       bool
}

// assetTypeOptions lists the asset types for a select.
func assetTypeOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, t := range isms.AssetTypes {
		out = append(out, [2]string{string(t), t.Label()})
	}
	return out
}

// classificationOptions lists the classifications for a select.
func classificationOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, c := range isms.Classifications {
		out = append(out, [2]string{string(c), classificationLabel(c)})
	}
	return out
}

// assetFilter reads the list's filters from the URL: type, owner (an
// e-mail address, "me" or a user ID), classification and q.
func (s *Server) assetFilter(r *http.Request) (isms.AssetFilter, assetFilterView, error) {
	q := r.URL.Query()
	v := assetFilterView{Type: q.Get("type"), Owner: q.Get("owner"), Classification: q.Get("classification"), Search: q.Get("q")}
	f := isms.AssetFilter{Type: isms.AssetType(v.Type), Classification: isms.Classification(v.Classification), Search: v.Search}
	p := isms.Problems{}
	if f.Type != "" && !f.Type.Valid() {
		p.Add("type", "Type must be one of information, software, hardware, service, people, site, process, supplier or other.")
	}
	if !f.Classification.Valid() {
		p.Add("classification", "Classification must be public, internal, confidential or restricted.")
	}
	if err := s.ownerFilter(r, v.Owner, &f.OwnerID, p); err != nil {
		return f, v, err
	}
	return f, v, p.Err()
}

func (s *Server) handleAssetIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := s.assetFilter(r)
	if err != nil {
		return err
	}
	m, err := s.currentMethod(r)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.Asset]{
		Title: "Assets", Columns: assetColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.Asset, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindAssets(r.Context(), a, f)
		},
		Record: assetRecord(m),
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Type", fv.Type}, {"Owner", fv.Owner}, {"Classification", fv.Classification}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &assetListPage{List: list, Filter: fv, Types: assetTypeOptions("Any type"),
		Classifications: classificationOptions("Any classification"), CanEdit: a.Can(isms.EditRisks), HasMethod: m != nil}
	for _, as := range list.Items {
		p.Rows = append(p.Rows, assetRow{A: as, Class: classificationLabel(as.Classification),
			C: impactText(m, as.C), I: impactText(m, as.I), V: impactText(m, as.A)})
	}
	p.Title = "Assets"
	return s.render(w, r, http.StatusOK, "asset_index", p)
}

// assetRiskRow is a risk linked to an asset, with its levels under the
// version it is scored under.
type assetRiskRow struct {
	R                  *isms.Risk
	Inherent, Residual *levelCell
}

type assetShowPage struct {
	basePage
	Detail   *app.AssetDetail
	Class    string
	C, I, V  string
	Risks    []assetRiskRow
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handleAssetShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d, err := s.app.FindAsset(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	as := d.Asset
	p := &assetShowPage{Detail: d, Class: classificationLabel(as.Classification), C: impactText(d.Method, as.C), I: impactText(d.Method, as.I), V: impactText(d.Method, as.A),
		CanEdit: a.Can(isms.EditRisks), CanAudit: a.Can(isms.ReadAuditTrail)}
	p.Title = as.Ref + " " + as.Name
	if len(d.Risks) > 0 {
		methods, err := s.methodsByID(r)
		if err != nil {
			return err
		}
		for _, rk := range d.Risks {
			m := methods[rk.MethodID]
			p.Risks = append(p.Risks, assetRiskRow{R: rk, Inherent: levelCellOf(m, rk.Inherent.Level), Residual: levelCellOf(m, rk.Residual.Level)})
		}
	}
	return s.render(w, r, http.StatusOK, "asset_show", p)
}

// methodsByID returns every version of the risk method by ID.
func (s *Server) methodsByID(r *http.Request) (map[isms.ID]*isms.RiskMethod, error) {
	list, err := s.app.RiskMethods(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := make(map[isms.ID]*isms.RiskMethod, len(list))
	for _, m := range list {
		out[m.ID] = m
	}
	return out, nil
}

func (s *Server) handleAssetDelete(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	err := s.app.DeleteAsset(r.Context(), actor(r), id)
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, "/assets/"+string(id), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Asset deleted, with its dependencies and its links to risks.")
	http.Redirect(w, r, "/assets", http.StatusSeeOther)
	return nil
}
