// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// DemoSize selects how much demo data to generate.
type DemoSize string

// The demo sizes: a believable small company, and a large organization for
// benchmarks (docs/performance.md).
const (
	DemoSmall DemoSize = "small"
	DemoLarge DemoSize = "large"
)

// DemoPassword is the password of every demo account. Demo installations
// are for trying the product, never for real records.
const DemoPassword = "demo-password-2026"

// The size of the large demo organization (DESIGN §7) and how it is written.
const (
	largeDemoPeople   = 2000
	largeDemoEvents   = 1_000_000 // audit events in the organization's chain
	demoEventBatch    = 5000      // generated events per transaction
	demoProgressEvery = 100_000   // generated events between progress lines
)

// DemoResult tells what LoadDemo did and how to sign in.
type DemoResult struct {
	Loaded     bool // false when the organization already existed
	OrgName    string
	OrgSlug    string
	AdminEmail string
	Users      int // members of the demo organization
	Events     int // audit events in the demo organization's chain
}

// DemoOptions change what LoadDemoWith generates; the zero value is the
// documented demo.
type DemoOptions struct {
	// OrgOnly loads the organization, its accounts and memberships only:
	// no history and no generated records.
	OrgOnly bool
	// People and Events size the large organization: its members, and the
	// audit events its history holds (its frameworks and controls add a
	// dozen more). Zero means 2,000 and 1,000,000 (DESIGN §7); tests and
	// quick benchmarks ask for fewer.
	// The small organization ignores them.
	People, Events int
	// Evidence is the number of generated evidence items of the large
	// organization (files, links and notes; the files small and generated),
	// besides the few that answer its auditors' requests. Zero means
	// 100,000 (DESIGN §7); tests and quick benchmarks ask for fewer.
	// Without a file store (Options.Blobs) the items that would hold a file
	// are links instead.
	Evidence int
	// Seed makes the large organization's generated records: the same seed
	// gives the same records on every load of the same size. Zero means
	// DefaultDemoSeed.
	Seed uint64
	// Scale is the size of the large organization's fixed-size parts, in
	// percent of the documented one (DESIGN §7): its controls, the
	// requirements of its generated frameworks and their mappings, its
	// assets and its risks, each at least one. Zero means 100; tests that
	// need every kind of record but not the volume ask for a few percent.
	// People, Events and Evidence size their parts on their own.
	Scale int
}

// DefaultDemoSeed is the seed of the large demo organization when none is
// given.
const DefaultDemoSeed uint64 = 27001

// demoPerson is one demo member.
type demoPerson struct {
	name, email string
	role        isms.Role
}

// demoPeople are the members of the small demo organization. The first is
// its administrator, the second its CISO, the third its ISMS manager.
var demoPeople = []demoPerson{
	{"Dana Whitfield", "admin@demo.example", isms.RoleAdmin},
	{"Marco Reyes", "ciso@demo.example", isms.RoleManager},
	{"Priya Natarajan", "isms.manager@demo.example", isms.RoleManager},
	{"Tomás Lindqvist", "it.lead@demo.example", isms.RoleContributor},
	{"Hannah Okafor", "hr.lead@demo.example", isms.RoleContributor},
	{"Jules Bernard", "facilities@demo.example", isms.RoleContributor},
	{"Aiko Tanaka", "internal.auditor@demo.example", isms.RoleAuditor},
	{"Sam Kowalski", "board@demo.example", isms.RoleViewer},
	{"Lena Fischer", "developer@demo.example", isms.RoleEmployee},
	{"Omar Haddad", "support@demo.example", isms.RoleEmployee},
}

// LoadDemo fills the installation with the demo organization "Northwind
// Analytics" of the given size, unless an organization with its slug
// exists. progress, if not nil, receives one line per step.
func (a *App) LoadDemo(ctx context.Context, size DemoSize, progress func(string)) (*DemoResult, error) {
	return a.LoadDemoWith(ctx, size, DemoOptions{}, progress)
}

// LoadDemoWith is LoadDemo with options. The organization, its accounts and
// memberships are written in one transaction; the small organization's
// history then goes through the use cases; the large one's records are
// generated from opts.Seed and written in bulk, module by module, in
// transactions of a few thousand rows (loadLargeDemo). An interrupted large
// load leaves a partial organization, and a second run does not add to it:
// start again with an empty database.
func (a *App) LoadDemoWith(ctx context.Context, size DemoSize, opts DemoOptions, progress func(string)) (*DemoResult, error) {
	if progress == nil {
		progress = func(string) {}
	}
	if size != DemoSmall && size != DemoLarge {
		return nil, isms.Errorf(isms.Invalid, "Demo size must be small or large.")
	}
	if opts.Scale < 0 || opts.Scale > 100 {
		return nil, isms.Errorf(isms.Invalid, "Demo scale must be a percentage from 1 to 100, or 0 for the full size.")
	}
	res := &DemoResult{OrgName: "Northwind Analytics", OrgSlug: "northwind", AdminEmail: demoPeople[0].email}
	people := demoPeople
	if size == DemoLarge {
		res.OrgName, res.OrgSlug, res.AdminEmail = "Large Demo Corporation", "large", "admin@large.example"
		people = largePeople(orDefault(opts.People, largeDemoPeople))
	}
	if exists, err := a.demoExists(ctx, res); err != nil || exists {
		return res, err
	}
	progress(fmt.Sprintf("loading the %s demo organization %q", size, res.OrgName))
	hashed := hashPassword(DemoPassword, a.opts.PasswordCost)
	var org *isms.Organization
	var users []*isms.User
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		org, users, err = a.loadDemoPeople(ctx, tx, res, people, hashed, progress)
		return err
	})
	if err == nil && !opts.OrgOnly && size == DemoSmall {
		err = a.loadDemoWork(ctx, org, users, people)
		if err == nil {
			err = a.loadDemoEvidence(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoControls(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoRisks(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoSupport(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoContext(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoSoA(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoAudit(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoImprovement(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoCertification(ctx, org, users, people)
		}
		if err == nil {
			err = a.loadDemoHistory(ctx, org, users, people)
		}
	} else if err == nil && !opts.OrgOnly {
		err = a.loadLargeDemo(ctx, org, users, people, opts, progress)
	}
	if err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	// The members and events are counted as stored: external auditors
	// join the organization after its people.
	res.Loaded = true
	_, err = a.demoExists(ctx, res)
	return res, err
}

// orDefault returns n, or def when n is not positive.
func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// demoExists reports whether the demo organization of res exists, and if
// so fills in its members and events.
func (a *App) demoExists(ctx context.Context, res *DemoResult) (bool, error) {
	var exists bool
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		org, err := tx.FindOrganizationBySlug(ctx, res.OrgSlug)
		if isms.ErrorCode(err) == isms.NotFound {
			return nil
		} else if err != nil {
			return err
		}
		exists = true
		if _, res.Users, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: org.ID, Limit: 1}); err != nil {
			return err
		}
		head, err := tx.FindChainHead(ctx, orgChain(org.ID))
		res.Events = int(head.Seq)
		return err
	})
	return exists, err
}

// demoChainLength returns the number of events in an organization's chain.
func (a *App) demoChainLength(ctx context.Context, org isms.ID) (int, error) {
	var head isms.ChainHead
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		head, err = tx.FindChainHead(ctx, orgChain(org))
		return err
	})
	return int(head.Seq), err
}

// loadDemoPeople creates the organization, its accounts and memberships.
// Accounts that exist already (by e-mail) become members as they are.
func (a *App) loadDemoPeople(ctx context.Context, tx *sqldb.Tx, res *DemoResult, people []demoPerson, hashed string, progress func(string)) (*isms.Organization, []*isms.User, error) {
	sys := isms.Actor{Name: "demo loader", System: true}
	users := make([]*isms.User, len(people))
	for i, p := range people {
		u := &isms.User{ID: isms.NewID("user"), Email: p.email, Name: p.name, Owner: i == 0}
		existing, _, err := tx.FindUserByEmail(ctx, u.Email)
		if err == nil {
			u = existing
		} else if isms.ErrorCode(err) != isms.NotFound {
			return nil, nil, err
		} else if err := tx.InsertUser(ctx, u, hashed); err != nil {
			return nil, nil, err
		}
		users[i] = u
	}
	org := &isms.Organization{Slug: res.OrgSlug, Name: res.OrgName, LegalName: res.OrgName + " Ltd",
		Description: "Builds analytics software for mid-sized retailers; 80 staff in two offices, production hosted on a public cloud. The ISMS covers product development, operations and customer support."}
	if err := createOrganization(ctx, tx, sys, org, users[0].ID); err != nil {
		return nil, nil, err
	}
	events := make([]*isms.AuditEvent, 0, len(users)-1)
	for i, u := range users[1:] {
		m := &isms.Membership{OrgID: org.ID, UserID: u.ID, Role: people[i+1].role}
		if err := tx.InsertMembership(ctx, m); err != nil {
			return nil, nil, err
		}
		e := isms.NewAuditEvent(sys, "membership.create", "user", u.ID,
			isms.Created(map[string]any{"role": string(m.Role), "email": u.Email}))
		events = append(events, &e)
		if (i+1)%1000 == 0 {
			progress(fmt.Sprintf("  %d of %d members", i+1, len(users)))
		}
	}
	return org, users, tx.InsertAuditEvents(ctx, orgChain(org.ID), events)
}

// largePeople returns n members of the large demo organization: an
// administrator, then people across every role.
func largePeople(n int) []demoPerson {
	out := []demoPerson{{"Large Admin", "admin@large.example", isms.RoleAdmin}}
	roles := []isms.Role{isms.RoleManager, isms.RoleContributor, isms.RoleContributor, isms.RoleAuditor, isms.RoleViewer,
		isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee, isms.RoleEmployee}
	for i := 1; i < n; i++ {
		out = append(out, demoPerson{fmt.Sprintf("Person %04d", i), fmt.Sprintf("person%04d@large.example", i), roles[i%len(roles)]})
	}
	return out
}

// loadDemoHistory gives the small organization a lived-in history through
// the product's own use cases: the administrator completes the profile,
// the ISMS manager submits it to the CISO, who approves it with a comment.
func (a *App) loadDemoHistory(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	as := func(i int) isms.Actor {
		return isms.Actor{UserID: users[i].ID, Name: users[i].Name, OrgID: org.ID, Role: people[i].role}
	}
	admin, ciso, manager := as(0), as(1), as(2)
	legal := "Northwind Analytics Limited"
	org, err := a.UpdateOrganization(ctx, admin, isms.OrganizationUpdate{LegalName: &legal, Version: org.Version})
	if err != nil {
		return err
	}
	scope := "Builds analytics software for mid-sized retailers; 80 staff in offices in Leeds and Lisbon, production hosted on a public cloud. " +
		"The ISMS covers product development, operations and customer support, including the production environment and the support desk. " +
		"Payroll is outsourced and out of scope."
	if org, err = a.UpdateOrganization(ctx, admin, isms.OrganizationUpdate{Description: &scope, Version: org.Version}); err != nil {
		return err
	}
	sub, err := a.SubmitForApproval(ctx, manager, SubmitInput{ObjectType: objectOrganization, ObjectID: org.ID,
		Version: org.Version, ApproverIDs: []isms.ID{ciso.UserID},
		Note: "Scope statement as agreed at the steering group. Please approve it so it becomes the baseline for the risk assessment."})
	if err != nil {
		return err
	}
	_, err = a.DecideApproval(ctx, ciso, sub.ID, isms.DecisionApprove,
		"Approved. This matches the scope the board agreed; review it again when the Lisbon office moves.")
	return err
}

// loadDemoEvents generates the large organization's history, in
// transactions of demoEventBatch events, until its chain holds total
// events. It reports progress every demoProgressEvery events.
func (a *App) loadDemoEvents(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, total int, seed uint64, progress func(string)) error {
	have, err := a.demoChainLength(ctx, org.ID)
	if err != nil || have >= total {
		return err
	}
	n := total - have
	progress(fmt.Sprintf("generating %s audit events over the last two years", thousands(n)))
	g := newDemoGenerator(org, users, people, n, a.now(), seed)
	started := time.Now()
	events := make([]*isms.AuditEvent, 0, demoEventBatch)
	for done := 0; done < n; {
		events = events[:0]
		for len(events) < demoEventBatch && done+len(events) < n {
			events = append(events, g.next())
		}
		if err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertAuditEvents(ctx, orgChain(org.ID), events)
		}); err != nil {
			return err
		}
		before := done
		done += len(events)
		if done/demoProgressEvery > before/demoProgressEvery || done == n {
			rate := float64(done) / time.Since(started).Seconds()
			progress(fmt.Sprintf("  %s of %s events, %s events/s", thousands(done), thousands(n), thousands(int(rate))))
		}
	}
	return nil
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// demoGenerator makes the large organization's history: what its members
// plausibly did over two years, as a coherent story (roles change from what
// they were, the profile is edited only when no submission is pending, only
// a token's owner revokes it) and deterministic: the same for the same seed.
type demoGenerator struct {
	rng     *rand.Rand
	org     isms.ID
	members []isms.Actor // every member, with their current role
	editors []int        // indexes in members of administrators and ISMS managers
	start   time.Time
	step    time.Duration // events are spread evenly, one per step
	n       int           // events generated so far

	description, legalName string
	version                int // the profile's version
	pending                *demoSubmission
	tokens                 []demoToken // live API tokens
}

// demoSubmission is the profile's pending submission.
type demoSubmission struct {
	by       int // index in members
	approver int
	sha      string
}

// demoToken is a live API token and its owner.
type demoToken struct {
	id    isms.ID
	owner int
}

// newDemoGenerator returns a generator of n events ending at now, from
// seed.
func newDemoGenerator(org *isms.Organization, users []*isms.User, people []demoPerson, n int, now time.Time, seed uint64) *demoGenerator {
	span := 2 * 365 * 24 * time.Hour
	g := &demoGenerator{rng: rand.New(rand.NewPCG(seed, 2022)), org: org.ID,
		start: now.Add(-span), step: max(span/time.Duration(n), time.Microsecond),
		description: org.Description, legalName: org.LegalName, version: org.Version}
	for i, u := range users {
		g.members = append(g.members, isms.Actor{UserID: u.ID, Name: u.Name, OrgID: org.ID, Role: people[i].role})
		if people[i].role == isms.RoleAdmin || people[i].role == isms.RoleManager {
			g.editors = append(g.editors, i)
		}
	}
	return g
}

// next returns the next event of the history, at a time after the last.
func (g *demoGenerator) next() *isms.AuditEvent {
	var e isms.AuditEvent
	switch r := g.rng.IntN(100); {
	case r < 30:
		e = g.roleChange()
	case r < 50:
		e = g.profileEdit()
	case r < 65:
		e = g.submit()
	case r < 80:
		e = g.decide()
	case r < 90 || len(g.tokens) == 0:
		e = g.tokenCreate()
	default:
		e = g.tokenRevoke()
	}
	jitter := time.Duration(g.rng.Int64N(int64(g.step)))
	e.Time = g.start.Add(time.Duration(g.n)*g.step + jitter)
	g.n++
	return &e
}

func (g *demoGenerator) editor() int { return g.editors[g.rng.IntN(len(g.editors))] }

// roleChange is an administrator or manager changing the role of a member
// who is neither; editors keep their roles, so that they stay editors.
func (g *demoGenerator) roleChange() isms.AuditEvent {
	m := &g.members[g.rng.IntN(len(g.members))]
	if m.Role == isms.RoleAdmin || m.Role == isms.RoleManager {
		return g.profileEdit()
	}
	before := m.Role
	for m.Role == before {
		m.Role = demoRoles[g.rng.IntN(len(demoRoles))]
	}
	return isms.NewAuditEvent(g.members[g.editor()], "membership.update", "user", m.UserID,
		isms.Changes{"role": {Before: string(before), After: string(m.Role)}})
}

// demoRoles are the roles a member's role changes between.
var demoRoles = []isms.Role{isms.RoleContributor, isms.RoleAuditor, isms.RoleViewer, isms.RoleEmployee}

// demoDescriptions are the versions of the profile's description that
// edits move between.
var demoDescriptions = []string{
	"Designs and runs logistics software for retailers in twelve countries; 2,000 staff. The ISMS covers product development, cloud operations and customer support.",
	"Designs and runs logistics software for retailers in twelve countries; 2,000 staff in six offices. The ISMS covers product development, cloud operations, customer support and the data centre in Frankfurt.",
	"Designs and runs logistics software for retailers in fourteen countries; 2,100 staff in six offices. The ISMS covers product development, cloud operations, customer support and the data centre in Frankfurt; payroll is outsourced and out of scope.",
	"Designs and runs logistics and analytics software for retailers in fourteen countries; 2,100 staff. The ISMS covers every product, cloud operations, customer support and the Frankfurt data centre.",
}

// demoLegalNames are the legal names the profile moves between.
var demoLegalNames = []string{"Large Demo Corporation Ltd", "Large Demo Corporation Limited", "Large Demo Corporation plc"}

// profileEdit is an editor changing the profile's description or legal
// name; while a submission is pending the profile cannot change, so the
// submission is decided instead.
func (g *demoGenerator) profileEdit() isms.AuditEvent {
	if g.pending != nil {
		return g.decide()
	}
	field, dst, choices := "description", &g.description, demoDescriptions
	if g.rng.IntN(4) == 0 {
		field, dst, choices = "legalName", &g.legalName, demoLegalNames
	}
	before := *dst
	for *dst == before {
		*dst = choices[g.rng.IntN(len(choices))]
	}
	g.version++
	return isms.NewAuditEvent(g.members[g.editor()], "organization.update", "organization", g.org,
		isms.Changes{field: {Before: before, After: *dst}})
}

// submit is an editor submitting the current profile to another editor.
func (g *demoGenerator) submit() isms.AuditEvent {
	if g.pending != nil || len(g.editors) < 2 {
		return g.decideOrToken()
	}
	s := &demoSubmission{by: g.editor(), approver: g.editor()}
	for s.approver == s.by {
		s.approver = g.editor()
	}
	s.sha = fmt.Sprintf("%016x%016x%016x%016x", g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64())
	g.pending = s
	return isms.NewAuditEvent(g.members[s.by], "approval.submit", "organization", g.org,
		isms.Changes{"status": {After: string(isms.ApprovalPending)}, "version": {After: g.version},
			"contentSha256": {After: s.sha}, "approvers": {After: g.members[s.approver].Name}})
}

// decideOrToken decides the pending submission, or creates a token when
// there is nothing to decide.
func (g *demoGenerator) decideOrToken() isms.AuditEvent {
	if g.pending == nil {
		return g.tokenCreate()
	}
	return g.decide()
}

var (
	demoApprovals = []string{"Approved.", "Approved; matches what the management review agreed.",
		"Looks right to me.", "Approved. Please circulate it to the department heads."}
	demoRejections = []string{"The description still names the old office count; please update it.",
		"Scope must mention the Frankfurt data centre.", "Legal name does not match the registry entry."}
)

// decide is the named approver deciding the pending submission: mostly an
// approval, sometimes a rejection with a reason.
func (g *demoGenerator) decide() isms.AuditEvent {
	if g.pending == nil {
		return g.submit()
	}
	s := g.pending
	g.pending = nil
	status, comment := isms.ApprovalApproved, demoApprovals[g.rng.IntN(len(demoApprovals))]
	if g.rng.IntN(6) == 0 {
		status, comment = isms.ApprovalRejected, demoRejections[g.rng.IntN(len(demoRejections))]
	}
	action := "approval.approve"
	if status == isms.ApprovalRejected {
		action = "approval.reject"
	}
	return isms.NewAuditEvent(g.members[s.approver], action, "organization", g.org,
		isms.Changes{"status": {Before: string(isms.ApprovalPending), After: string(status)},
			"version": {After: g.version}, "contentSha256": {After: s.sha}, "comment": {After: comment}})
}

var demoTokenNames = []string{"CI pipeline", "Evidence sync", "Grafana export", "Laptop CLI", "Ticket integration"}

// tokenCreate is any member creating an API token for themselves.
func (g *demoGenerator) tokenCreate() isms.AuditEvent {
	owner := g.rng.IntN(len(g.members))
	t := demoToken{id: isms.ID(fmt.Sprintf("tok_%016x", g.rng.Uint64())), owner: owner}
	g.tokens = append(g.tokens, t)
	scope := isms.ScopeRead
	if g.rng.IntN(3) == 0 {
		scope = isms.ScopeReadWrite
	}
	expires := g.start.Add(time.Duration(g.n)*g.step + 90*24*time.Hour).UTC().Format(isms.TimeLayout)
	return isms.NewAuditEvent(g.members[owner], "api_token.create", "api_token", t.id,
		isms.Created(map[string]any{"name": demoTokenNames[g.rng.IntN(len(demoTokenNames))],
			"scope": string(scope), "expiresAt": expires}))
}

// tokenRevoke is a token's owner revoking it.
func (g *demoGenerator) tokenRevoke() isms.AuditEvent {
	i := g.rng.IntN(len(g.tokens))
	t := g.tokens[i]
	g.tokens[i] = g.tokens[len(g.tokens)-1]
	g.tokens = g.tokens[:len(g.tokens)-1]
	return isms.NewAuditEvent(g.members[t.owner], "api_token.revoke", "api_token", t.id,
		isms.Changes{"revoked": {Before: false, After: true}})
}
