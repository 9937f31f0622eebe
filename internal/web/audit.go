// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

var auditColumns = []column{
	{Label: "#", Numeric: true}, {Label: "Time"}, {Label: "Actor"}, {Label: "Action"},
	{Label: "Object"}, {Label: "Changes"}, {Label: "Hash"},
}

type auditPage struct {
	basePage
	List   *listResult[*isms.AuditEvent]
	Filter auditFilterView
	Head   isms.ChainHead
}

type auditFilterView struct {
	Object, Actor, Action, From, To string
}

// changeRow is one field's before and after, as shown.
type changeRow struct {
	Field, Before, After string
}

// parseChanges turns an event's stored changes into rows for display.
func parseChanges(s string) []changeRow {
	var c map[string]isms.Change
	if json.Unmarshal([]byte(s), &c) != nil {
		return nil
	}
	rows := make([]changeRow, 0, len(c))
	for f, ch := range c {
		rows = append(rows, changeRow{Field: f, Before: show(ch.Before), After: show(ch.After)})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Field < rows[j].Field })
	return rows
}

// contentFields lists the top-level fields of submitted JSON content in
// their stored order, for display; nil when the content is not an object.
func contentFields(content string) []changeRow {
	dec := json.NewDecoder(strings.NewReader(content))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var rows []changeRow
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		rows = append(rows, changeRow{Field: fmt.Sprint(k), After: show(v)})
	}
	return rows
}

// show renders a decoded JSON value for people: objects as "key: value"
// pairs in key order, arrays as lists; nested ones in brackets.
func show(v any) string { return showNested(v, 0) }

func showNested(v any, depth int) string {
	wrap := func(s, open, close string) string {
		if depth > 0 {
			return open + s + close
		}
		return s
	}
	switch x := v.(type) {
	case nil:
		return ""
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + showNested(x[k], depth+1)
		}
		return wrap(strings.Join(parts, ", "), "(", ")")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = showNested(e, depth+1)
		}
		sep := ", "
		if depth == 0 {
			sep = "; "
		}
		return wrap(strings.Join(parts, sep), "[", "]")
	}
	return fmt.Sprint(v)
}

func changesText(s string) string {
	out := ""
	for i, c := range parseChanges(s) {
		if i > 0 {
			out += "; "
		}
		out += c.Field + ": " + c.Before + " → " + c.After
	}
	return out
}

// auditFilter reads the audit trail's filters from the URL; dates are whole
// UTC days, "to" inclusive.
func auditFilter(r *http.Request) (isms.AuditFilter, auditFilterView, error) {
	q := r.URL.Query()
	v := auditFilterView{Object: q.Get("object"), Actor: q.Get("actor"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := isms.AuditFilter{ObjectID: isms.ID(v.Object), ActorID: isms.ID(v.Actor), Action: v.Action, Desc: q.Get("sort") != "seq"}
	p := isms.Problems{}
	if v.From != "" {
		if f.From = formDate(r, "from"); f.From.IsZero() {
			p.Add("from", "Enter the start date as YYYY-MM-DD.")
		}
	}
	if v.To != "" {
		if t := formDate(r, "to"); t.IsZero() {
			p.Add("to", "Enter the end date as YYYY-MM-DD.")
		} else {
			f.To = t.Add(24 * time.Hour)
		}
	}
	return f, v, p.Err()
}

func (s *Server) handleAuditIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := auditFilter(r)
	if err != nil {
		return err
	}
	if f.ActorID, err = s.resolveActor(r, fv.Actor); err != nil {
		return err
	}
	spec := listSpec[*isms.AuditEvent]{
		Title: "Audit trail", Columns: auditColumns, DefaultSort: "-seq",
		Fetch: func(q listQuery) ([]*isms.AuditEvent, int, error) {
			f.Limit, f.Offset = q.Limit, q.Offset
			return s.app.FindAuditEvents(r.Context(), a, f)
		},
		Record: func(e *isms.AuditEvent) []string {
			return []string{strconv.FormatInt(e.Seq, 10), e.Time.UTC().Format(isms.TimeLayout), e.ActorName, e.Action,
				e.ObjectType + " " + string(e.ObjectID), changesText(e.Changes), e.Hash}
		},
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Object", fv.Object}, {"Actor", fv.Actor}, {"Action", fv.Action}, {"From", fv.From}, {"To", fv.To}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &auditPage{List: list, Filter: fv}
	p.Title = "Audit trail"
	if p.Head, err = s.app.ChainHead(r.Context(), a); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "audit_index", p)
}

// resolveActor turns the actor filter, an e-mail address of a member or a
// user ID, into a user ID.
func (s *Server) resolveActor(r *http.Request, v string) (isms.ID, error) {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "@") {
		return isms.ID(v), nil
	}
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Search: v, Limit: 10})
	if err != nil {
		return "", err
	}
	for _, m := range members {
		if strings.EqualFold(m.User.Email, v) {
			return m.User.ID, nil
		}
	}
	return "", isms.Problems{"actor": "No member has the e-mail address " + v + "."}.Err()
}

type auditVerifyPage struct {
	basePage
	Report app.ChainReport
}

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	rep, err := s.app.VerifyAuditChain(r.Context(), a, string(a.OrgID))
	if err != nil {
		return err
	}
	p := &auditVerifyPage{Report: rep}
	p.Title = "Audit trail verification"
	return s.render(w, r, http.StatusOK, "audit_verify", p)
}

// actionPhrases says what each audit action means, for people.
// addPhrases adds the phrases of a module's actions to actionPhrases.
func addPhrases(phrases map[string]string) { maps.Copy(actionPhrases, phrases) }

var actionPhrases = map[string]string{
	"installation.setup":   "set up the installation",
	"organization.create":  "created the organization",
	"organization.update":  "edited the organization profile",
	"membership.create":    "added a member",
	"membership.update":    "changed a member's role",
	"membership.delete":    "removed a member",
	"user.create":          "created an account",
	"user.sign_in":         "signed in",
	"user.change_password": "changed their password",
	"user.reset_password":  "reset a password",
	"user.disable":         "disabled an account",
	"user.enable":          "enabled an account",
	"approval.submit":      "submitted a record for approval",
	"approval.approve":     "approved a submission",
	"approval.reject":      "rejected a submission",
	"approval.withdraw":    "withdrew a submission",
	"api_token.create":     "created an API token",
	"api_token.revoke":     "revoked an API token",
	"evidence.create":      "added evidence",
	"evidence.update":      "edited evidence",
	"evidence.upload":      "uploaded a new version of an evidence file",
	"evidence.link":        "linked evidence to a record",
	"evidence.unlink":      "removed a link of evidence",
	"evidence.integrity":   "found an evidence file's integrity changed",
	"evidence.expire":      "recorded that evidence expired",
}

// describe returns a short sentence for an event: what the actor did and,
// where the changes name it, to whom or what.
func describe(e *isms.AuditEvent) string {
	phrase, ok := actionPhrases[e.Action]
	if !ok {
		phrase = e.Action
	}
	// Only the two fields named are decoded: the decoder skips the rest,
	// which on a page of fifty events is most of the work saved.
	var c struct {
		Email, Name struct {
			After any `json:"after"`
		}
	}
	if json.Unmarshal([]byte(e.Changes), &c) == nil {
		for _, v := range []any{c.Email.After, c.Name.After} {
			if s, ok := v.(string); ok && s != "" {
				return phrase + ": " + s
			}
		}
	}
	return phrase
}
