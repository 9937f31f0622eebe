// SPDX-License-Identifier: Apache-2.0

package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// External auditors: the certification body's people with time-bound,
// possibly framework-limited access. The list with its filters and
// export, the invitation, changing and ending an auditor's access. What
// auditors open is recorded by recordWatched (auditor_watch.go).

func init() {
	addPhrases(map[string]string{
		"auditor.view":      "opened a page as an external auditor",
		"auditor.download":  "downloaded a file as an external auditor",
		"membership.update": "changed a member's role or access",
	})
}

var auditorColumns = []column{
	{Key: "name", Label: "Name"}, {Key: "email", Label: "E-mail"}, {Key: "until", Label: "Access until"},
	{Label: "Framework"}, {Label: "Status"}, {Label: "Actions", NoExport: true},
}

// auditorSortKeys are the auditor list's sort keys.
var auditorSortKeys = sortValues("name", "email", "until")

// auditorStatuses are the values of the auditor list's status filter.
var auditorStatuses = []string{"active", "ended"}

// auditorFilter is what the auditor list is filtered by; zero fields do
// not filter.
type auditorFilter struct {
	Search string // in name and e-mail
	Status string // "active" or "ended"
}

// auditorRow is an auditor as lists show it: the member and whether
// their access has ended.
type auditorRow struct {
	Member *isms.Member `json:"member" openapi:"nonnull"`
	Ended  bool         `json:"ended" doc:"The last day of access (accessUntil) is before today: the auditor has no access."`
}

func (auditorRow) schemaName() string { return "Auditor" }

// newAuditorRow is auditor m's row on today.
func newAuditorRow(m *isms.Member, today isms.Date) auditorRow {
	ms := isms.Membership{AccessUntil: m.AccessUntil}
	return auditorRow{Member: m, Ended: ms.Expired(today)}
}

// Framework names the framework the auditor may see, "All frameworks"
// when they are not limited to one.
func (row auditorRow) Framework() string {
	if row.Member.FrameworkID == "" {
		return "All frameworks"
	}
	return cmp.Or(row.Member.FrameworkName, string(row.Member.FrameworkID))
}

// Status returns "ended" or "active".
func (row auditorRow) Status() string {
	if row.Ended {
		return "ended"
	}
	return "active"
}

func (f auditorFilter) matches(row auditorRow) bool {
	q := strings.ToLower(strings.TrimSpace(f.Search))
	u := row.Member.User
	return (q == "" || strings.Contains(strings.ToLower(u.Name), q) || strings.Contains(strings.ToLower(u.Email), q)) &&
		(f.Status == "" || f.Status == row.Status())
}

// auditorOrder compares two rows by a sort key ("-" prefix descending).
func auditorOrder(key string) func(a, b auditorRow) int {
	desc := strings.HasPrefix(key, "-")
	by := func(a, b auditorRow) int {
		switch strings.TrimPrefix(key, "-") {
		case "email":
			return strings.Compare(a.Member.User.Email, b.Member.User.Email)
		case "until":
			return a.Member.AccessUntil.Time().Compare(b.Member.AccessUntil.Time())
		}
		return strings.Compare(strings.ToLower(a.Member.User.Name), strings.ToLower(b.Member.User.Name))
	}
	if desc {
		return func(a, b auditorRow) int { return by(b, a) }
	}
	return by
}

// auditors returns the organization's auditors matching f in sort order.
func (s *Server) auditors(r *http.Request, f auditorFilter, sort string) ([]auditorRow, error) {
	list, err := s.app.ListAuditors(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	today := isms.DateOf(s.app.Now())
	var rows []auditorRow
	for _, m := range list {
		if row := newAuditorRow(m, today); f.matches(row) {
			rows = append(rows, row)
		}
	}
	slices.SortStableFunc(rows, auditorOrder(sort))
	return rows, nil
}

func (s *Server) auditorSpec(r *http.Request, f auditorFilter) listSpec[auditorRow] {
	return listSpec[auditorRow]{
		Title: "External auditors", Columns: auditorColumns, DefaultSort: "name",
		Fetch: func(q listQuery) ([]auditorRow, int, error) {
			rows, err := s.auditors(r, f, q.Sort)
			page, total := pageOf(rows, q.Limit, q.Offset)
			return page, total, err
		},
		Record: func(row auditorRow) []string {
			return []string{row.Member.User.Name, row.Member.User.Email, row.Member.AccessUntil.String(), row.Framework(), row.Status()}
		},
		Filters: func(listQuery) [][2]string { return [][2]string{{"Search", f.Search}, {"Status", f.Status}} },
	}
}

type auditorListPage struct {
	basePage
	List      *listResult[auditorRow]
	Filter    auditorFilter
	CanManage bool
}

func (s *Server) handleAuditorIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := auditorFilter{Search: q.Get("q"), Status: q.Get("status")}
	if f.Status != "" && !slices.Contains(auditorStatuses, f.Status) {
		return isms.Problems{"status": "Status must be active or ended."}.Err()
	}
	list, exported, err := runList(s, w, r, s.auditorSpec(r, f))
	if err != nil || exported {
		return err
	}
	p := &auditorListPage{List: list, Filter: f, CanManage: actor(r).Can(isms.ManageCertification)}
	p.Title = "External auditors"
	return s.render(w, r, http.StatusOK, "auditor_index", p)
}

// auditorForm is the invitation form, or with id the form that changes
// auditor id's access.
func (s *Server) auditorForm(r *http.Request, id isms.ID, version int, in app.AuditorInput) (formView, error) {
	fws, err := s.frameworkOptions(r, "All frameworks")
	if err != nil {
		return formView{}, err
	}
	until := text("accessUntil", "Access until", in.AccessUntil).kind("date").required().
		help("The last day the auditor may sign in and use API tokens, at most " + strconv.Itoa(app.MaxAuditorDays) + " days ahead.")
	fw := selectField("framework", "Framework", in.Framework, fws).help("Limit the auditor to the framework of the certification, or let them see all.")
	if id != "" {
		return formView{Action: auditorURL(id), Submit: "Change access", Cancel: "/auditors",
			Hidden: map[string]string{"version": strconv.Itoa(version)}, Fields: []fieldView{until, fw}}, nil
	}
	return formView{Action: "/auditors", Submit: "Invite auditor", Cancel: "/auditors", Fields: []fieldView{
		text("email", "E-mail", in.Email).kind("email").required().help("The auditor's address at the certification body. An existing account is added with it."),
		text("name", "Name", in.Name).help("Needed only for a new account."), until, fw}}, nil
}

// auditorURL is the address that changes auditor id's access.
func auditorURL(id isms.ID) string { return "/auditors/" + url.PathEscape(string(id)) }

func (s *Server) renderAuditorForm(w http.ResponseWriter, r *http.Request, status int, id isms.ID, version int, in app.AuditorInput, err error) error {
	f, ferr := s.auditorForm(r, id, version, in)
	if ferr != nil {
		return ferr
	}
	f.withErrors(err)
	p := &formPage{Form: f, Lede: "The certification body's auditor gets the auditor role until the day you choose; from the day after, their sessions and API tokens stop working. Every page they open and file they download is recorded in the audit trail."}
	p.Title = "Invite an auditor"
	if id != "" {
		p.Title, p.Lede = "Change an auditor's access", "A past day ends the access at once."
	}
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleAuditorNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageCertification, "You may not invite auditors."); err != nil {
		return err
	}
	return s.renderAuditorForm(w, r, http.StatusOK, "", 0, app.AuditorInput{}, nil)
}

func auditorInput(r *http.Request) app.AuditorInput {
	return app.AuditorInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"),
		AccessUntil: r.PostFormValue("accessUntil"), Framework: r.PostFormValue("framework")}
}

func (s *Server) handleAuditorCreate(w http.ResponseWriter, r *http.Request) error {
	in := auditorInput(r)
	res, err := s.app.InviteAuditor(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderAuditorForm(w, r, statusOf(isms.ErrorCode(err)), "", 0, in, err)
	} else if err != nil {
		return err
	}
	if res.Password == "" {
		s.flash(w, "ok", res.User.Name+" may now work in this organization as an auditor until "+in.AccessUntil+".")
		http.Redirect(w, r, "/auditors", http.StatusSeeOther)
		return nil
	}
	return s.showSecret(w, r, "Auditor invited", "Give this one-time password to "+res.User.Name+" ("+res.User.Email+") through a channel you trust. It is shown only now; they must choose their own password at first sign-in.",
		"One-time password", res.Password, "/auditors")
}

// findAuditor returns auditor id of the actor's organization; another
// member is not found here.
func (s *Server) findAuditor(r *http.Request, id isms.ID) (*isms.Member, error) {
	m, err := s.app.FindMember(r.Context(), actor(r), id)
	if err == nil && m.Role != isms.RoleAuditor {
		err = isms.Errorf(isms.NotFound, "No such auditor in this organization.")
	}
	return m, err
}

func (s *Server) handleAuditorEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageCertification, "You may not change auditors' access."); err != nil {
		return err
	}
	m, err := s.findAuditor(r, pathID(r))
	if err != nil {
		return err
	}
	in := app.AuditorInput{AccessUntil: m.AccessUntil.String(), Framework: string(m.FrameworkID)}
	return s.renderAuditorForm(w, r, http.StatusOK, m.User.ID, m.Version, in, nil)
}

func (s *Server) handleAuditorUpdate(w http.ResponseWriter, r *http.Request) error {
	id, in, version := pathID(r), auditorInput(r), formInt(r, "version")
	err := s.app.UpdateAuditorAccess(r.Context(), actor(r), id, version, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderAuditorForm(w, r, statusOf(isms.ErrorCode(err)), id, version, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Access changed.")
	http.Redirect(w, r, "/auditors", http.StatusSeeOther)
	return nil
}

// handleAuditorEnd ends an auditor's access now: the last day becomes
// yesterday, so their sessions and tokens stop working at once.
func (s *Server) handleAuditorEnd(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageCertification, "You may not change auditors' access."); err != nil {
		return err
	}
	m, err := s.findAuditor(r, pathID(r))
	if err != nil {
		return err
	}
	yesterday := isms.DateOf(s.app.Now()).AddDays(-1)
	in := app.AuditorInput{AccessUntil: yesterday.String(), Framework: string(m.FrameworkID)}
	if err := s.app.UpdateAuditorAccess(r.Context(), a, m.User.ID, formInt(r, "version"), in); err != nil {
		return err
	}
	s.flash(w, "ok", "The access of "+m.User.Name+" has ended.")
	http.Redirect(w, r, "/auditors", http.StatusSeeOther)
	return nil
}
