// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Awareness campaigns (ISO/IEC 27001 7.3): which approved document
// versions a group of members must read and acknowledge by a date, and
// how far each of them got.

func init() {
	addPhrases(map[string]string{
		"campaign.create": "started an awareness campaign", "campaign.update": "changed an awareness campaign",
		"campaign.close": "closed an awareness campaign", "campaign.acknowledge": "acknowledged a document",
	})
}

var campaignColumns = []column{
	{Label: "Campaign"}, {Label: "Due"}, {Label: "Documents", Numeric: true}, {Label: "Acknowledged", Numeric: true},
	{Label: "Expected", Numeric: true}, {Label: "Progress"}, {Label: "Status"},
}

// campaignState is a campaign's status in words on day today.
func campaignState(c *isms.Campaign, today isms.Date) string {
	switch {
	case c.Closed:
		return "closed"
	case c.Expected > 0 && c.Acknowledged >= c.Expected:
		return "complete"
	case c.Due.Before(today):
		return "overdue"
	}
	return "open"
}

// campaignChip is the chip class of a campaign state.
func campaignChip(state string) string {
	switch state {
	case "complete":
		return "chip-ok"
	case "overdue":
		return "chip-bad"
	case "closed":
		return "chip-muted"
	}
	return "chip-info"
}

func campaignRecord(today isms.Date) func(c *isms.Campaign) []string {
	return func(c *isms.Campaign) []string {
		return []string{c.Title, c.Due.String(), strconv.Itoa(len(c.Documents)), strconv.Itoa(c.Acknowledged),
			strconv.Itoa(c.Expected), strconv.Itoa(c.Percent()) + "%", campaignState(c, today)}
	}
}

// progressBar draws acknowledged of expected as a bar.
func progressBar(title string, done, expected int) template.HTML {
	return stackedBar(title, []barSegment{{Label: "Acknowledged", Class: "seg-covered", Count: done},
		{Label: "Pending", Class: "seg-empty", Count: max(expected-done, 0)}})
}

// campaignRow is a campaign as the list shows it.
type campaignRow struct {
	C     *isms.Campaign
	State string
	Chip  string
	Bar   template.HTML
}

type campaignListPage struct {
	basePage
	List    *listResult[*isms.Campaign]
	Rows    []campaignRow
	Closed  bool
	CanEdit bool
}

func (s *Server) handleCampaignIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	closed := r.URL.Query().Get("closed") != ""
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Campaign]{
		Title: "Awareness campaigns", Columns: campaignColumns,
		Fetch: func(q listQuery) ([]*isms.Campaign, int, error) {
			return s.app.FindCampaigns(r.Context(), a, closed, q.Limit, q.Offset)
		},
		Record:  campaignRecord(today),
		Filters: func(listQuery) [][2]string { return [][2]string{{"Including closed campaigns", yesNo(closed)}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &campaignListPage{List: list, Closed: closed, CanEdit: a.Can(isms.ManageAwareness)}
	for _, c := range list.Items {
		st := campaignState(c, today)
		p.Rows = append(p.Rows, campaignRow{C: c, State: st, Chip: campaignChip(st),
			Bar: progressBar(c.Title, c.Acknowledged, c.Expected)})
	}
	p.Title = "Awareness"
	return s.render(w, r, http.StatusOK, "campaign_index", p)
}

var campaignMemberColumns = []column{
	{Label: "Member"}, {Label: "E-mail"}, {Label: "Acknowledged", Numeric: true}, {Label: "Expected", Numeric: true},
	{Label: "Last acknowledgement"}, {Label: "Status"},
}

// memberState is how far a member of a campaign got.
func memberState(m isms.CampaignMember) string {
	switch {
	case m.Expected > 0 && m.Acknowledged >= m.Expected:
		return "done"
	case m.Overdue:
		return "overdue"
	}
	return "pending"
}

func campaignMemberRecord(m isms.CampaignMember) []string {
	last := ""
	if !m.LastAt.IsZero() {
		last = m.LastAt.UTC().Format("2006-01-02 15:04")
	}
	return []string{m.Name, m.Email, strconv.Itoa(m.Acknowledged), strconv.Itoa(m.Expected), last, memberState(m)}
}

// campaignDocView is one document of a campaign with the version asked for.
type campaignDocView struct {
	Doc     *isms.Document
	Version *isms.DocumentVersion
}

type campaignShowPage struct {
	basePage
	Detail      *app.CampaignDetail
	Docs        []campaignDocView
	Members     *listResult[isms.CampaignMember]
	Overdue     bool // the members list shows only the overdue
	OverdueN    int
	State       string
	Chip        string
	Bar         template.HTML
	CanEdit     bool
	CanAudit    bool
	Acknowledge bool // the reader has something to acknowledge in it
}

// overdueMembers returns the members of ms who are overdue.
func overdueMembers(ms []isms.CampaignMember) []isms.CampaignMember {
	var out []isms.CampaignMember
	for _, m := range ms {
		if m.Overdue {
			out = append(out, m)
		}
	}
	return out
}

func (s *Server) handleCampaignShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d, err := s.app.FindCampaign(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	overdue := r.URL.Query().Get("overdue") != ""
	members, late := d.Members, overdueMembers(d.Members)
	if overdue {
		members = late
	}
	c := d.Campaign
	spec := listSpec[isms.CampaignMember]{
		Title: "Campaign " + c.Title, Columns: campaignMemberColumns,
		Fetch: func(q listQuery) ([]isms.CampaignMember, int, error) {
			from, to := min(q.Offset, len(members)), min(q.Offset+q.Limit, len(members))
			return members[from:to], len(members), nil
		},
		Record:  campaignMemberRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Only overdue members", yesNo(overdue)}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	st := campaignState(c, isms.DateOf(s.app.Now()))
	p := &campaignShowPage{Detail: d, Members: list, Overdue: overdue, OverdueN: len(late), State: st, Chip: campaignChip(st),
		Bar: progressBar(c.Title, c.Acknowledged, c.Expected), CanEdit: a.Can(isms.ManageAwareness) && !c.Closed,
		CanAudit: a.Can(isms.ReadAuditTrail)}
	for i, doc := range d.Documents {
		v := campaignDocView{Doc: doc}
		if i < len(d.Versions) {
			v.Version = d.Versions[i]
		}
		p.Docs = append(p.Docs, v)
	}
	pending, err := s.app.PendingAcknowledgements(r.Context(), a)
	if err != nil {
		return err
	}
	for _, pa := range pending {
		p.Acknowledge = p.Acknowledge || pa.CampaignID == c.ID
	}
	p.Title = c.Title
	return s.render(w, r, http.StatusOK, "campaign_show", p)
}

func (s *Server) handleCampaignClose(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.CloseCampaign(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Campaign closed. Its acknowledgements stay as records; members are no longer asked.")
	http.Redirect(w, r, "/awareness/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

// campaignFormValues is what the campaign form shows and sends.
type campaignFormValues struct {
	In      app.CampaignInput
	ID      isms.ID
	Version int
}

// campaignDocumentOptions lists the documents that have an approved
// version, for the documents select.
func (s *Server) campaignDocumentOptions(r *http.Request) ([][2]string, error) {
	docs, _, err := s.app.FindDocuments(r.Context(), actor(r), isms.DocumentFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	var opts [][2]string
	for _, d := range docs {
		if d.ApprovedNumber > 0 {
			opts = append(opts, [2]string{string(d.ID), d.Ref + " " + d.Title + " (version " + strconv.Itoa(d.ApprovedNumber) + ")"})
		}
	}
	return opts, nil
}

// campaignForm returns the campaign form page with v and the problems of err.
func (s *Server) campaignForm(r *http.Request, v campaignFormValues, err error) (*formPage, error) {
	docs, ferr := s.campaignDocumentOptions(r)
	if ferr != nil {
		return nil, ferr
	}
	members, total, ferr := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: ownerSelectMax})
	if ferr != nil {
		return nil, ferr
	}
	people := text("people", "Named people", strings.Join(v.In.AudiencePeople, ", ")).help("The e-mail addresses of members who must acknowledge, separated by commas.")
	if total <= ownerSelectMax {
		var opts [][2]string
		for _, m := range members {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name + " (" + m.Role.Label() + ")"})
		}
		people = multiSelect("people", "Named people", v.In.AudiencePeople, opts).help("Members who must acknowledge besides those above. Hold Ctrl (⌘ on a Mac) to choose several.")
	}
	var roles [][2]string
	for _, ro := range isms.Roles {
		roles = append(roles, [2]string{string(ro), ro.Label()})
	}
	p := &formPage{Lede: "Each member of the audience gets a task to read and acknowledge the approved version of every document by the due date."}
	f := formView{Action: "/awareness", Submit: "Start campaign", Cancel: "/awareness", Fields: []fieldView{
		text("title", "Title", v.In.Title).required().help("Such as: Annual policy acknowledgement 2026."),
		text("description", "Description", v.In.Description).kind("textarea").help("What you ask of people and why; shown with the documents."),
		multiSelect("documents", "Documents", v.In.Documents, docs).help("Documents with an approved version; the version in force is asked for. Hold Ctrl (⌘ on a Mac) to choose several."),
		text("due", "Due", v.In.Due).kind("date").required(),
		checkbox("audience", "Everyone in the organization", v.In.AudienceEveryone),
		multiSelect("roles", "Members with these roles", v.In.AudienceRoles, roles),
		people,
		checkbox("follow", "Ask again when a new version is approved", v.In.FollowNewVersions).help("While the campaign is open, a newly approved version of one of its documents replaces the one asked for, and members acknowledge it too."),
	}}
	if v.Version > 0 {
		base := "/awareness/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save campaign", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	if len(docs) == 0 {
		p.Lede += " No document has an approved version yet: approve one first."
	}
	f.withErrors(err)
	p.Form = f
	return p, nil
}

// renderCampaignForm renders the campaign form page.
func (s *Server) renderCampaignForm(w http.ResponseWriter, r *http.Request, status int, v campaignFormValues, err error) error {
	p, ferr := s.campaignForm(r, v, err)
	if ferr != nil {
		return ferr
	}
	p.Title = "New awareness campaign"
	if v.Version > 0 {
		p.Title = "Edit campaign " + v.In.Title
	}
	return s.render(w, r, status, "campaign_form", p)
}

func (s *Server) handleCampaignNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageAwareness, "You may not start awareness campaigns."); err != nil {
		return err
	}
	in := app.CampaignInput{Due: isms.DateOf(s.app.Now()).AddDays(30).String(), AudienceEveryone: true}
	if doc := r.URL.Query().Get("document"); doc != "" {
		in.Documents = []string{doc}
	}
	return s.renderCampaignForm(w, r, http.StatusOK, campaignFormValues{In: in}, nil)
}

func (s *Server) handleCampaignEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageAwareness, "You may not change awareness campaigns."); err != nil {
		return err
	}
	d, err := s.app.FindCampaign(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	c := d.Campaign
	in := app.CampaignInput{Title: c.Title, Description: c.Description, Due: c.Due.String(), AudienceEveryone: c.Audience.Everyone,
		FollowNewVersions: c.FollowNewVersions}
	for _, id := range c.Documents {
		in.Documents = append(in.Documents, string(id))
	}
	for _, ro := range c.Audience.Roles {
		in.AudienceRoles = append(in.AudienceRoles, string(ro))
	}
	for _, id := range c.Audience.People {
		in.AudiencePeople = append(in.AudiencePeople, string(id))
	}
	return s.renderCampaignForm(w, r, http.StatusOK, campaignFormValues{In: in, ID: c.ID, Version: c.Version}, nil)
}

// saveCampaign creates or updates the campaign of the form.
func (s *Server) saveCampaign(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	v := campaignFormValues{In: app.CampaignInput{Title: strings.TrimSpace(r.PostFormValue("title")), Description: r.PostFormValue("description"),
		Due: strings.TrimSpace(r.PostFormValue("due")), Documents: formList(r, "documents"), AudienceEveryone: r.PostFormValue("audience") != "",
		AudienceRoles: formList(r, "roles"), AudiencePeople: formList(r, "people"), FollowNewVersions: r.PostFormValue("follow") != ""},
		Version: formInt(r, "version")}
	if update != (v.Version > 0) {
		return isms.Errorf(isms.Invalid, "The form lacks the campaign's version, or has one it should not; open the form again.")
	}
	var c *isms.Campaign
	var err error
	if update {
		v.ID = pathID(r)
		c, err = s.app.UpdateCampaign(r.Context(), actor(r), v.ID, v.Version, v.In)
	} else {
		c, err = s.app.CreateCampaign(r.Context(), actor(r), v.In)
	}
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderCampaignForm(w, r, statusOf(isms.ErrorCode(err)), v, err)
	} else if err != nil {
		return err
	}
	msg := "Campaign started: every member of its audience has a task to read and acknowledge its documents."
	if update {
		msg = "Campaign saved."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/awareness/"+string(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCampaignCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCampaign(w, r, false)
}

func (s *Server) handleCampaignUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCampaign(w, r, true)
}
