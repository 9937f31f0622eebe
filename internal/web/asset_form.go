// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The asset form: new and edit. Parent and dependencies are chosen from
// the register while it is small, and typed as references once it is not.

// assetSelectMax is the most assets the form offers in selects; a larger
// register types references instead.
const assetSelectMax = 200

// assetFormValues is what the asset form shows and sends. Parent and
// Dependencies hold asset references.
type assetFormValues struct {
	In         app.AssetInput
	OwnerTyped string
	ID         isms.ID // the asset's ID when editing
	Version    int     // 0 for a new asset
}

// depsField is the dependencies input: a multiple select of the register,
// or a text input of references.
type depsField struct {
	Multi   bool
	Options []optionView
	Value   string // the typed references
	Error   string
}

type assetFormPage struct {
	basePage
	Lede string
	Form formView
	Deps depsField
}

// assetChoices returns the register's references and names for selects,
// except skip; ok is false when the register is too large for them.
func (s *Server) assetChoices(r *http.Request, skip isms.ID) (choices [][2]string, ok bool, err error) {
	list, total, err := s.app.FindAssets(r.Context(), actor(r), isms.AssetFilter{Sort: "ref", Limit: assetSelectMax})
	if err != nil || total > assetSelectMax {
		return nil, false, err
	}
	for _, a := range list {
		if a.ID != skip {
			choices = append(choices, [2]string{a.Ref, a.Ref + " " + a.Name})
		}
	}
	return choices, true, nil
}

// impactOptions lists m's impact scale for a C, I or A select.
func impactOptions(m *isms.RiskMethod) [][2]string {
	out := [][2]string{{"", "Not valued"}}
	for k := range m.Impact {
		out = append(out, [2]string{strconv.Itoa(k + 1), impactText(m, k+1)})
	}
	return out
}

// assetForm returns the asset form page with v and the problems of err.
func (s *Server) assetForm(r *http.Request, v assetFormValues, err error) (*assetFormPage, error) {
	owner, ferr := s.ownerField(r, "Owner", isms.ID(v.In.OwnerID), v.OwnerTyped)
	if ferr != nil {
		return nil, ferr
	}
	owner.Required = false
	if owner.Type == "select" {
		owner.Options[0].Label = "No owner yet"
	}
	m, ferr := s.currentMethod(r)
	if ferr != nil {
		return nil, ferr
	}
	choices, small, ferr := s.assetChoices(r, v.ID)
	if ferr != nil {
		return nil, ferr
	}
	p := &assetFormPage{Lede: "An asset is something of value the ISMS protects: information, the systems and people that handle it, the sites that house them."}
	f := formView{Action: "/assets", Submit: "Create asset", Cancel: "/assets", Fields: []fieldView{
		text("ref", "Reference", v.In.Ref).help("Your own reference, such as AS-12. Leave empty for the next free AS-number."),
		text("name", "Name", v.In.Name).required(),
		selectField("type", "Type", v.In.Type, assetTypeOptions("Choose a type…")[1:]).required(),
		text("description", "Description", v.In.Description).kind("textarea"),
		owner.help("Who answers for the asset: decides who may use it and how it is protected."),
		selectField("classification", "Classification", v.In.Classification, classificationOptions("Unclassified")),
	}}
	if m != nil {
		help := "On the impact scale of risk method " + m.VersionLabel() + ": how much harm a loss would do."
		f.Fields = append(f.Fields,
			selectField("c", "Confidentiality", v.In.C, impactOptions(m)).help(help),
			selectField("i", "Integrity", v.In.I, impactOptions(m)),
			selectField("a", "Availability", v.In.A, impactOptions(m)))
	} else {
		p.Lede += " Once a risk method is approved, you can value each asset's confidentiality, integrity and availability on its impact scale."
	}
	f.Fields = append(f.Fields, text("location", "Location", v.In.Location).help("Where it is: a site, a data centre, a cloud region, a supplier."))
	var parent fieldView
	parent, p.Deps = assetPlacement(v, choices, small)
	f.Fields = append(f.Fields, parent)
	if v.Version > 0 {
		base := "/assets/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save asset", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	f.withErrors(err)
	p.Deps.Error = f.Errors["dependencies"]
	p.Form = f
	return p, nil
}

// assetPlacement returns the parent and dependencies inputs: selects of
// choices in a small register, references typed in a large one.
func assetPlacement(v assetFormValues, choices [][2]string, small bool) (fieldView, depsField) {
	if !small {
		return text("parent", "Part of", v.In.Parent).help("The reference of the asset this one is part of, such as AS-3; empty for a top-level asset."),
			depsField{Value: strings.Join(v.In.Dependencies, ", ")}
	}
	deps := depsField{Multi: true}
	for _, c := range choices {
		deps.Options = append(deps.Options, optionView{Value: c[0], Label: c[1], Selected: contains(v.In.Dependencies, c[0])})
	}
	return selectField("parent", "Part of", v.In.Parent, append([][2]string{{"", "Nothing: a top-level asset"}}, choices...)), deps
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// renderAssetForm renders the asset form page.
func (s *Server) renderAssetForm(w http.ResponseWriter, r *http.Request, status int, v assetFormValues, err error) error {
	p, ferr := s.assetForm(r, v, err)
	if ferr != nil {
		return ferr
	}
	p.Title = "New asset"
	if v.Version > 0 {
		p.Title, p.Lede = "Edit asset "+v.In.Ref, "Changes are recorded in the audit trail."
	}
	return s.render(w, r, status, "asset_form", p)
}

func (s *Server) handleAssetNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditRisks, "You may not create assets."); err != nil {
		return err
	}
	return s.renderAssetForm(w, r, http.StatusOK, assetFormValues{In: app.AssetInput{Type: string(isms.AssetInformation), Parent: r.URL.Query().Get("parent")}}, nil)
}

// postedAssetValues reads the asset form.
func postedAssetValues(r *http.Request) assetFormValues {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := assetFormValues{In: app.AssetInput{Ref: f("ref"), Name: r.PostFormValue("name"), Type: f("type"),
		Description: r.PostFormValue("description"), Classification: f("classification"), C: f("c"), I: f("i"), A: f("a"),
		Location: r.PostFormValue("location"), Parent: f("parent"),
		Dependencies: splitRefs(strings.Join(r.PostForm["dependencies"], ","))}, Version: formInt(r, "version")}
	if v.Version > 0 {
		v.ID = pathID(r)
	}
	if owner := f("owner"); strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	} else {
		v.In.OwnerID = owner
	}
	return v
}

// saveAsset creates (version 0) or updates the asset of the form.
func (s *Server) saveAsset(w http.ResponseWriter, r *http.Request) error {
	v := postedAssetValues(r)
	problem := ""
	var err error
	if v.OwnerTyped != "" {
		var id isms.ID
		if id, problem, err = s.resolveOwner(r, v.OwnerTyped); err != nil {
			return err
		}
		v.In.OwnerID = string(id)
	}
	var as *isms.Asset
	if problem == "" {
		if v.Version == 0 {
			as, err = s.app.CreateAsset(r.Context(), actor(r), v.In)
		} else {
			as, err = s.app.UpdateAsset(r.Context(), actor(r), pathID(r), v.Version, v.In)
		}
	}
	if problem != "" || isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		status := statusOf(isms.ErrorCode(err))
		if problem != "" {
			status = http.StatusUnprocessableEntity
		}
		return s.renderAssetForm(w, r, status, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	msg := "Asset " + as.Ref + " created. Link it to the risks that concern it from each risk's page."
	if v.Version > 0 {
		msg = "Asset " + as.Ref + " saved."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/assets/"+string(as.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAssetCreate(w http.ResponseWriter, r *http.Request) error {
	if formInt(r, "version") != 0 {
		return isms.Errorf(isms.Invalid, "A new asset has no version; use the edit form to change an existing one.")
	}
	return s.saveAsset(w, r)
}

func (s *Server) handleAssetUpdate(w http.ResponseWriter, r *http.Request) error {
	if formInt(r, "version") < 1 {
		return isms.Errorf(isms.Invalid, "The form lacks the asset's version; open the edit form again.")
	}
	return s.saveAsset(w, r)
}

func (s *Server) handleAssetEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditRisks, "You may not edit assets."); err != nil {
		return err
	}
	d, err := s.app.FindAsset(r.Context(), a, string(pathID(r)))
	if err != nil {
		return err
	}
	as := d.Asset
	in := app.AssetInput{Ref: as.Ref, Name: as.Name, Type: string(as.Type), Description: as.Description, OwnerID: string(as.OwnerID),
		Classification: string(as.Classification), C: assetValue(as.C), I: assetValue(as.I), A: assetValue(as.A), Location: as.Location}
	if d.Parent != nil {
		in.Parent = d.Parent.Ref
	}
	for _, dep := range d.Dependencies {
		in.Dependencies = append(in.Dependencies, dep.Ref)
	}
	return s.renderAssetForm(w, r, http.StatusOK, assetFormValues{In: in, ID: as.ID, Version: as.Version}, nil)
}

// assetValue is a C, I or A position as a form sends it: "" when unset.
func assetValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
