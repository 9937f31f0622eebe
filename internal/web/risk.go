// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The risk register: the list with its filters (also those a heatmap cell
// sets), sort, pagination and exports. The filters are read the same way
// for the register, its heatmap, the full export and the API.

func init() {
	addPhrases(map[string]string{
		"risk.create": "created a risk", "risk.update": "changed a risk", "risk.delete": "deleted a risk",
		"risk.accept": "accepted a residual risk", "risk.review": "reviewed a risk", "risk.rescore": "re-scored a risk",
		"risk.action.add": "added a treatment action", "risk.action.remove": "removed a treatment action",
		"risk.import": "imported risks",
	})
}

var riskColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Risk"}, {Key: "owner", Label: "Owner"},
	{Key: "status", Label: "Status"}, {Key: "inherent", Label: "Inherent"}, {Key: "residual", Label: "Residual"},
	{Label: "Treatment"}, {Key: "nextReview", Label: "Next review"}, {Label: "Flags"},
}

// levelView is a risk level as the pages show it: always its label, and
// its colour as a swatch beside it.
type levelView struct {
	Key, Label, Color string
}

// levelFrom returns the view of l, nil for none.
func levelFrom(l *isms.RiskLevel) *levelView {
	if l == nil {
		return nil
	}
	return &levelView{Key: l.Key, Label: l.Label, Color: l.Color}
}

// levelOf returns the view of level number n of m, nil when unset.
func levelOf(m *isms.RiskMethod, n int) *levelView {
	if m == nil {
		return nil
	}
	return levelFrom(m.Level(n))
}

// flagView is a flag as a short badge, with its full meaning as a title.
type flagView struct {
	Flag  isms.RiskFlag
	Short string
	Long  string
	Class string
}

// flagViews returns r's flags as badges.
func flagViews(r *isms.Risk, flags []isms.RiskFlag) []flagView {
	out := make([]flagView, 0, len(flags))
	for _, f := range flags {
		v := flagView{Flag: f, Long: f.Label(), Class: "chip-bad"}
		switch f {
		case isms.FlagUntreated:
			v.Short = "untreated"
		case isms.FlagActionOverdue:
			v.Short = "action overdue"
		case isms.FlagReviewOverdue:
			v.Short, v.Class = "review overdue", "chip-warn"
		case isms.FlagAcceptanceMissing:
			v.Short, v.Class = "not accepted", "chip-warn"
		case isms.FlagAcceptanceExpired:
			v.Short, v.Class = "acceptance expired", "chip-warn"
		case isms.FlagRescore:
			v.Short, v.Class = fmt.Sprintf("scored under v%d", r.MethodNumber), "chip-info"
		default:
			v.Short = string(f)
		}
		out = append(out, v)
	}
	return out
}

// flagText is flags in words, for exports.
func flagText(flags []isms.RiskFlag) string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = f.Label()
	}
	return strings.Join(out, "; ")
}

// riskRowView is one row of the register.
type riskRowView struct {
	Risk               *isms.Risk
	Inherent, Residual *levelView
	Flags              []flagView
}

// riskRecord is a row of the register's list export.
func riskRecord(row app.RiskRow) []string {
	r := row.Risk
	label := func(l *isms.RiskLevel) string {
		if l == nil {
			return ""
		}
		return l.Label
	}
	treatment := ""
	if r.Treatment != isms.TreatmentNone {
		treatment = r.Treatment.Label()
	}
	return []string{r.Ref, r.Title, r.OwnerName, r.Status.Label(), label(row.Inherent), label(row.Residual),
		treatment, r.NextReview.String(), flagText(row.Flags)}
}

// riskFilterView is the register's filters as the URL gives them.
type riskFilterView struct {
	Owner, Level, Basis, Status, Treatment, Asset, Kind, Search string
	L, I                                                        string // a heatmap cell
	Overdue                                                     bool
	CellText                                                    string // the cell in words, when one is chosen
}

// riskFilterKeys are the URL parameters of the register's filters.
var riskFilterKeys = []string{"owner", "level", "basis", "status", "treatment", "asset", "kind", "overdue", "q", "l", "i"}

// riskFilters is the filters of a request read for the register, its
// heatmap, the export and the API, with the organization's current method
// (nil when none is approved).
type riskFilters struct {
	F       isms.RiskFilter
	View    riskFilterView
	Current *isms.RiskMethod
}

// currentMethod returns the organization's approved method, nil when none.
func (s *Server) currentMethod(r *http.Request) (*isms.RiskMethod, error) {
	m, err := s.app.CurrentRiskMethod(r.Context(), actor(r))
	if isCode(err, isms.NotFound) {
		return nil, nil
	}
	return m, err
}

// riskFilter reads the filters from the URL: owner (e-mail, "me" or ID),
// level (a key or number of the current method) and basis (inherent or
// residual), status, treatment ("none" for not decided), asset (ID or
// reference), kind, overdue, q, and a heatmap cell as l and i. Every
// problem is reported at once, keyed by parameter.
func (s *Server) riskFilter(r *http.Request) (*riskFilters, error) {
	q := r.URL.Query()
	v := riskFilterView{Owner: q.Get("owner"), Level: q.Get("level"), Basis: q.Get("basis"), Status: q.Get("status"),
		Treatment: q.Get("treatment"), Asset: q.Get("asset"), Kind: q.Get("kind"), Search: q.Get("q"),
		L: q.Get("l"), I: q.Get("i"), Overdue: truthy(q.Get("overdue"))}
	cur, err := s.currentMethod(r)
	if err != nil {
		return nil, err
	}
	out := &riskFilters{View: v, Current: cur}
	f := &out.F
	f.Search, f.Overdue, f.Status, f.Kind = v.Search, v.Overdue, isms.RiskStatus(v.Status), isms.RiskKind(v.Kind)
	p := isms.Problems{}
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be one of identified, assessed, treatment_planned, in_treatment, accepted, closed.")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "Kind must be scenario or asset.")
	}
	switch t := isms.TreatmentOption(v.Treatment); {
	case v.Treatment == "":
	case v.Treatment == "none":
		f.Untreated = true
	case t.Valid():
		f.Treatment = t
	default:
		p.Add("treatment", "Treatment must be modify, retain, avoid, share or none.")
	}
	if err := s.ownerFilter(r, v.Owner, &f.OwnerID, p); err != nil {
		return nil, err
	}
	if err := s.riskAssetFilter(r, v.Asset, f, p); err != nil {
		return nil, err
	}
	out.View.CellText = riskLevelFilter(cur, v, f, p)
	return out, p.Err()
}

// truthy reports whether a checkbox or flag parameter is set.
func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// riskAssetFilter sets f's asset from v, an asset's ID or reference.
func (s *Server) riskAssetFilter(r *http.Request, v string, f *isms.RiskFilter, p isms.Problems) error {
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	d, err := s.app.FindAsset(r.Context(), actor(r), v)
	if isCode(err, isms.NotFound) {
		p.Add("asset", "No asset "+v+" in this organization; give an asset's reference, such as AS-3.")
		return nil
	} else if err != nil {
		return err
	}
	f.AssetID = d.Asset.ID
	return nil
}

// riskLevelFilter sets f's level and heatmap cell from v under the current
// method cur, and returns the cell in words ("" when none is chosen).
func riskLevelFilter(cur *isms.RiskMethod, v riskFilterView, f *isms.RiskFilter, p isms.Problems) string {
	switch v.Basis {
	case "", "inherent", "residual":
		f.Basis = v.Basis
	default:
		p.Add("basis", "Basis must be inherent or residual.")
	}
	if v.Level == "" && v.L == "" && v.I == "" {
		return ""
	}
	if cur == nil {
		p.Add("level", "No risk method is approved yet, so there are no levels to filter by.")
		return ""
	}
	f.MethodID = cur.ID
	if v.Level != "" {
		if f.Level = cur.LevelByKey(strings.ToLower(v.Level)); f.Level == 0 {
			if n, err := strconv.Atoi(v.Level); err == nil && cur.Level(n) != nil {
				f.Level = n
			} else {
				p.Add("level", "Level must be one of the levels of method "+cur.VersionLabel()+": "+levelKeys(cur)+".")
			}
		}
	}
	if v.L == "" && v.I == "" {
		return ""
	}
	f.Likelihood = scalePos(p, "l", "Likelihood", v.L, len(cur.Likelihood))
	f.Impact = scalePos(p, "i", "Impact", v.I, len(cur.Impact))
	if f.Likelihood == 0 || f.Impact == 0 {
		return ""
	}
	basis := "residual"
	if v.Basis == "inherent" {
		basis = "inherent"
	}
	return fmt.Sprintf("%s likelihood %s × impact %s", basis, cur.Likelihood[f.Likelihood-1].Label, cur.Impact[f.Impact-1].Label)
}

// levelKeys lists m's level keys for a message.
func levelKeys(m *isms.RiskMethod) string {
	keys := make([]string, len(m.Levels))
	for i, l := range m.Levels {
		keys[i] = l.Key
	}
	return strings.Join(keys, ", ")
}

// scalePos reads a position on a scale of n levels; a problem on field
// when it is not one.
func scalePos(p isms.Problems, field, label, v string, n int) int {
	pos, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || pos < 1 || pos > n {
		p.Add(field, fmt.Sprintf("%s must be a level from 1 to %d.", label, n))
		return 0
	}
	return pos
}

// riskRows turns app's rows into the register's.
func riskRows(rows []app.RiskRow) []riskRowView {
	out := make([]riskRowView, len(rows))
	for i, row := range rows {
		out[i] = riskRowView{Risk: row.Risk, Inherent: levelFrom(row.Inherent), Residual: levelFrom(row.Residual),
			Flags: flagViews(row.Risk, row.Flags)}
	}
	return out
}

type riskListPage struct {
	basePage
	List       *listResult[app.RiskRow]
	Rows       []riskRowView
	Filter     riskFilterView
	Current    *isms.RiskMethod
	Statuses   [][2]string
	Treatments [][2]string
	Kinds      [][2]string
	Levels     [][2]string
	ExportCSV  string // the full register export, with these filters
	ExportXLSX string
	ClearCell  string // the register without the heatmap cell
	CanEdit    bool
}

func (s *Server) handleRiskIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rf, err := s.riskFilter(r)
	if err != nil {
		return err
	}
	spec := listSpec[app.RiskRow]{
		Title: "Risks", Columns: riskColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]app.RiskRow, int, error) {
			f := rf.F
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			pg, err := s.app.FindRisks(r.Context(), a, f)
			if err != nil {
				return nil, 0, err
			}
			return pg.Rows, pg.Total, nil
		},
		Record:  riskRecord,
		Filters: func(listQuery) [][2]string { return riskFilterMeta(rf.View) },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &riskListPage{List: list, Rows: riskRows(list.Items), Filter: rf.View, Current: rf.Current,
		Statuses: riskStatusOptions("Any status"), Treatments: treatmentFilterOptions(), Kinds: riskKindOptions("Any kind"),
		Levels: levelOptions(rf.Current, "Any level"), CanEdit: a.Can(isms.EditRisks)}
	p.ExportCSV, p.ExportXLSX = riskExportURLs(r.URL.Query())
	if rf.View.CellText != "" {
		q := cloneValues(r.URL.Query())
		q.Del("l")
		q.Del("i")
		q.Del("page")
		p.ClearCell = "/risks?" + q.Encode()
	}
	p.Title = "Risks"
	return s.render(w, r, http.StatusOK, "risks", p)
}

// riskFilterMeta describes the filters for an export's About sheet.
func riskFilterMeta(v riskFilterView) [][2]string {
	overdue := ""
	if v.Overdue {
		overdue = "yes"
	}
	return [][2]string{{"Owner", v.Owner}, {"Level", v.Level}, {"Basis", v.Basis}, {"Status", v.Status},
		{"Treatment", v.Treatment}, {"Asset", v.Asset}, {"Kind", v.Kind}, {"Overdue only", overdue},
		{"Heatmap cell", v.CellText}, {"Search", v.Search}}
}

// riskExportURLs are the full register exports with the filters of q.
func riskExportURLs(q url.Values) (csv, xlsx string) {
	f := url.Values{}
	for _, k := range riskFilterKeys {
		if v := q.Get(k); v != "" {
			f.Set(k, v)
		}
	}
	suffix := ""
	if len(f) > 0 {
		suffix = "?" + f.Encode()
	}
	return "/risks/export.csv" + suffix, "/risks/export.xlsx" + suffix
}

// riskStatusOptions lists the statuses for a select, after first when set.
func riskStatusOptions(first string) [][2]string {
	var out [][2]string
	if first != "" {
		out = append(out, [2]string{"", first})
	}
	for _, st := range isms.RiskStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// treatmentOptions lists the treatment options for a select, "" first.
func treatmentOptions(none string) [][2]string {
	out := [][2]string{{"", none}}
	for _, t := range isms.TreatmentOptions {
		out = append(out, [2]string{string(t), t.Label()})
	}
	return out
}

// treatmentFilterOptions lists the treatment filter's choices.
func treatmentFilterOptions() [][2]string {
	out := treatmentOptions("Any treatment")
	return append(out, [2]string{"none", "Not decided"})
}

// riskKindOptions lists the kinds for a select, after first when set.
func riskKindOptions(first string) [][2]string {
	var out [][2]string
	if first != "" {
		out = append(out, [2]string{"", first})
	}
	for _, k := range []isms.RiskKind{isms.RiskScenario, isms.RiskAsset} {
		out = append(out, [2]string{string(k), k.Label()})
	}
	return out
}

// levelOptions lists m's levels by key for a select, after first.
func levelOptions(m *isms.RiskMethod, first string) [][2]string {
	out := [][2]string{{"", first}}
	if m == nil {
		return out
	}
	for _, l := range m.Levels {
		out = append(out, [2]string{l.Key, l.Label})
	}
	return out
}
