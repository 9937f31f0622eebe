// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Forms are built from fieldViews and rendered by the "field" partial, so
// every form labels its inputs, shows its help, keeps what was typed and
// shows each problem beside its field and in a summary at the top.

// fieldView is one input of a form.
type fieldView struct {
	Name         string
	Label        string
	Type         string // text, email, password, date, number, textarea, select
	Value        string
	Help         string
	Error        string
	Autocomplete string
	Required     bool
	Options      []optionView
}

type optionView struct {
	Value, Label string
	Selected     bool
}

// formView is a whole form: the generic "form" page renders it.
type formView struct {
	Action   string
	Submit   string
	Cancel   string // a link back, or ""
	Hidden   map[string]string
	Fields   []fieldView
	Errors   map[string]string
	Conflict string // a stale-version message, shown above the form
}

// withErrors sets each field's Error from errs.
func (f *formView) withErrors(err error) {
	f.Errors = isms.ErrorFields(err)
	for i := range f.Fields {
		f.Fields[i].Error = f.Errors[f.Fields[i].Name]
	}
	if isCode(err, isms.Conflict) && f.Errors == nil {
		f.Conflict = isms.ErrorMessage(err)
	}
}

func text(name, label, value string) fieldView {
	return fieldView{Name: name, Label: label, Type: "text", Value: value}
}

func (f fieldView) required() fieldView     { f.Required = true; return f }
func (f fieldView) help(h string) fieldView { f.Help = h; return f }
func (f fieldView) auto(a string) fieldView { f.Autocomplete = a; return f }
func (f fieldView) kind(t string) fieldView { f.Type = t; return f }

// selectField returns a select of options with value selected.
func selectField(name, label, value string, opts [][2]string) fieldView {
	f := fieldView{Name: name, Label: label, Type: "select", Value: value}
	for _, o := range opts {
		f.Options = append(f.Options, optionView{Value: o[0], Label: o[1], Selected: o[0] == value})
	}
	return f
}

// roleOptions lists the roles for a select.
func roleOptions() [][2]string {
	out := [][2]string{{"", "Choose a role…"}}
	for _, r := range isms.Roles {
		out = append(out, [2]string{string(r), r.Label()})
	}
	return out
}

// statusChip returns the chip class for a status word.
func statusChip(status any) string {
	switch fmt.Sprint(status) {
	case "approved", "active", "ok", "verified":
		return "chip-ok"
	case "pending", "must change password":
		return "chip-warn"
	case "rejected", "disabled", "broken", "revoked", "expired":
		return "chip-bad"
	case "withdrawn":
		return "chip-muted"
	}
	return "chip-info"
}

// formPage is the generic page for a form.
type formPage struct {
	basePage
	Lede string
	Form formView
}
