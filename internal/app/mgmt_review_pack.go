// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The review pack has one section per 9.3.2 input, compiled from the
// registers for the period since the previous review. Each section reads
// its source in one function below (and its siblings in
// mgmt_review_pack_*.go), so that a register that replaces a source (the
// improvement module for nonconformities) changes one function.

// packHeading is a section's clause and title.
type packHeading struct{ clause, title string }

// packHeadings are the sections' clauses and titles by key.
var packHeadings = map[string]packHeading{
	isms.InputPreviousActions: {"9.3.2 a", "Status of actions from previous management reviews"},
	isms.InputIssues:          {"9.3.2 b", "Changes in external and internal issues"},
	isms.InputParties:         {"9.3.2 c", "Changes in needs and expectations of interested parties"},
	isms.InputNonconformities: {"9.3.2 d", "Nonconformities and corrective actions"},
	isms.InputMeasurement:     {"9.3.2 d", "Monitoring and measurement results"},
	isms.InputAudits:          {"9.3.2 d", "Audit results"},
	isms.InputObjectives:      {"9.3.2 d", "Fulfilment of information security objectives"},
	isms.InputFeedback:        {"9.3.2 e", "Feedback from interested parties"},
	isms.InputRisks:           {"9.3.2 f", "Results of risk assessment and status of the risk treatment plan"},
	isms.InputImprovement:     {"9.3.2 g", "Opportunities for continual improvement"},
}

// packPeriod is the period a pack covers, with the review it is for.
type packPeriod struct {
	org          isms.ID
	review       *isms.ManagementReview
	since, until isms.Date
}

// packSource compiles one section's summary, figures and items.
type packSource func(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error

// packSources are the sources of the sections by key.
var packSources = map[string]packSource{
	isms.InputPreviousActions: packPreviousActions,
	isms.InputIssues:          packIssues,
	isms.InputParties:         packParties,
	isms.InputNonconformities: packNonconformities,
	isms.InputMeasurement:     packMeasurement,
	isms.InputAudits:          packAudits,
	isms.InputObjectives:      packObjectives,
	isms.InputFeedback:        packFeedback,
	isms.InputRisks:           packRisks,
	isms.InputImprovement:     packImprovement,
}

// compilePack compiles review's pack from org's registers as of today:
// the period runs from the day after the review held last before today
// (a year back when none) to today.
func compilePack(ctx context.Context, tx *sqldb.Tx, org isms.ID, review *isms.ManagementReview, today isms.Date) (*isms.ReviewPack, error) {
	p := packPeriod{org: org, review: review, since: today.AddDate(-1, 0, 0), until: today}
	last, err := tx.LastHeldReview(ctx, org, today)
	switch {
	case err == nil && last.ID != review.ID:
		p.since = last.HeldOn.AddDays(1)
	case err != nil && isms.ErrorCode(err) != isms.NotFound:
		return nil, err
	}
	pack := &isms.ReviewPack{Since: p.since, Until: p.until, Sections: make([]isms.PackSection, 0, len(isms.ReviewInputs))}
	for _, key := range isms.ReviewInputs {
		h := packHeadings[key]
		s := isms.PackSection{Key: key, Clause: h.clause, Title: h.title, Figures: []isms.PackFigure{}, Items: []isms.PackItem{}}
		if err := packSources[key](ctx, tx, p, &s); err != nil {
			return nil, fmt.Errorf("review pack %s: %w", key, err)
		}
		pack.Sections = append(pack.Sections, s)
	}
	return pack, nil
}

// figure appends a figure with a count to s.
func figure(s *isms.PackSection, label string, n int) {
	s.Figures = append(s.Figures, isms.PackFigure{Label: label, Value: strconv.Itoa(n)})
}

// trend writes the change from before to now: "+2", "-1", "0".
func trend(now, before int) string {
	if d := now - before; d > 0 {
		return "+" + strconv.Itoa(d)
	} else if d < 0 {
		return strconv.Itoa(d)
	}
	return "0"
}

// listItems sets s's items to at most isms.MaxPackItems of items and
// counts the rest in More.
func listItems(s *isms.PackSection, items []isms.PackItem) {
	if len(items) > isms.MaxPackItems {
		s.More = len(items) - isms.MaxPackItems
		items = items[:isms.MaxPackItems]
	}
	s.Items = append(s.Items, items...)
}

// packItem returns the item of a record of type typ.
func packItem(typ string, id isms.ID, ref, title, status, detail string) isms.PackItem {
	l := isms.Link{Type: typ, ID: id}
	return isms.PackItem{Record: l, Ref: ref, Title: title, Status: status, Detail: detail, Path: isms.RecordPath(l)}
}

// sinceText writes the start of the period for summaries: "since
// 2025-03-02".
func (p packPeriod) sinceText() string { return "since " + p.since.String() }

// has reports whether day falls in the period.
func (p packPeriod) has(day isms.Date) bool {
	return !day.Before(p.since) && !day.After(p.until)
}

// joinDetail joins the non-empty parts of a detail with "; ".
func joinDetail(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}

// packPreviousActions lists the outputs of earlier reviews with the status
// of their tasks (9.3.2 a).
func packPreviousActions(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	outputs, err := tx.FindReviewOutputs(ctx, p.org, nil)
	if err != nil {
		return err
	}
	refs, err := reviewRefs(ctx, tx, p.org)
	if err != nil {
		return err
	}
	sortOutputs(outputs, refs)
	counts := map[string]int{}
	var items []isms.PackItem
	total := 0
	for _, o := range outputs {
		if o.ReviewID == p.review.ID {
			continue
		}
		total++
		status := outputStatus(o, p.until)
		counts[status]++
		typ, id := objectReview, o.ReviewID
		if o.TaskID != "" {
			typ, id = objectTask, o.TaskID
		}
		items = append(items, packItem(typ, id, refs[o.ReviewID], o.Kind.Label()+": "+o.Description, status,
			joinDetail(ownerText(o.OwnerName), dueText(o.Due))))
	}
	figure(s, "Actions from earlier reviews", total)
	for _, st := range outputStatuses {
		label := st
		if st == statusOpen {
			label = "Open, on time"
		}
		figure(s, label, counts[st])
	}
	listItems(s, items)
	switch {
	case total == 0:
		s.Summary = "No earlier review recorded an action. Record the decisions of this review as outputs, so that the next review can follow them up."
	case counts[statusOverdue]+counts[statusUntracked] > 0:
		s.Summary = fmt.Sprintf("Of %s from earlier reviews, %d done, %d open on time, %d overdue and %d not tracked as tasks; decide on the overdue and untracked ones.",
			plural(total, "action", "actions"), counts[statusDone], counts[statusOpen], counts[statusOverdue], counts[statusUntracked])
	default:
		s.Summary = fmt.Sprintf("Of %s from earlier reviews, %d done and %d open, none overdue.",
			plural(total, "action", "actions"), counts[statusDone], counts[statusOpen])
	}
	return nil
}

// sortOutputs orders outputs by their review's reference, then by due
// date and description, whatever order they were recorded in.
func sortOutputs(outputs []*isms.ReviewOutput, refs map[isms.ID]string) {
	sort.SliceStable(outputs, func(i, j int) bool {
		a, b := outputs[i], outputs[j]
		switch {
		case refs[a.ReviewID] != refs[b.ReviewID]:
			return naturalLess(refs[a.ReviewID], refs[b.ReviewID])
		case a.Due != b.Due:
			return a.Due.Before(b.Due)
		}
		return a.Description < b.Description
	})
}

// The statuses of an earlier review's output, in the order figures show
// them.
const (
	statusDone      = "Done"
	statusOpen      = "Open"
	statusOverdue   = "Overdue"
	statusCancelled = "Cancelled"
	statusUntracked = "Not tracked"
)

var outputStatuses = []string{statusDone, statusOpen, statusOverdue, statusCancelled, statusUntracked}

// outputStatus is where output o stands on day by its task.
func outputStatus(o *isms.ReviewOutput, day isms.Date) string {
	switch {
	case o.TaskID == "":
		return statusUntracked
	case o.TaskStatus == isms.TaskDone:
		return statusDone
	case o.TaskStatus == isms.TaskCancelled:
		return statusCancelled
	case !o.Due.IsZero() && o.Due.Before(day):
		return statusOverdue
	}
	return statusOpen
}

// reviewRefs returns the references of org's reviews by ID.
func reviewRefs(ctx context.Context, tx *sqldb.Tx, org isms.ID) (map[isms.ID]string, error) {
	list, _, err := tx.FindReviews(ctx, org, isms.ReviewFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := make(map[isms.ID]string, len(list))
	for _, r := range list {
		out[r.ID] = r.Ref
	}
	return out, nil
}

func ownerText(name string) string {
	if name == "" {
		return "no owner"
	}
	return "owner " + name
}

func dueText(d isms.Date) string {
	if d.IsZero() {
		return ""
	}
	return "due " + d.String()
}

// packIssues lists the context issues added or changed in the period
// (9.3.2 b).
func packIssues(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	changed, err := tx.ChangedContextIssues(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	_, total, err := tx.FindContextIssues(ctx, isms.ContextIssueFilter{OrgID: p.org, Limit: 1})
	if err != nil {
		return err
	}
	_, due, err := tx.FindContextIssues(ctx, isms.ContextIssueFilter{OrgID: p.org, ReviewBefore: p.until.AddDays(1), Limit: 1})
	if err != nil {
		return err
	}
	added := 0
	items := make([]isms.PackItem, 0, len(changed))
	for _, c := range changed {
		what := "Changed"
		if p.has(isms.DateOf(c.CreatedAt)) {
			what, added = "New", added+1
		}
		items = append(items, packItem(objectContextIssue, c.ID, c.Ref, c.Title, what,
			joinDetail(c.Kind.Label(), c.Effect.Label(), c.Category.Label())))
	}
	figure(s, "New issues", added)
	figure(s, "Changed issues", len(changed)-added)
	figure(s, "Issues in the register", total)
	figure(s, "Issues due for review", due)
	listItems(s, items)
	if len(changed) == 0 {
		s.Summary = fmt.Sprintf("No external or internal issue was added or changed %s (the register holds %s). Review the context register (4.1) and record the changes the meeting knows of.",
			p.sinceText(), plural(total, "issue", "issues"))
		return nil
	}
	s.Summary = fmt.Sprintf("%s added and %d changed %s; the register holds %s, %d due for review.",
		plural(added, "issue was", "issues were"), len(changed)-added, p.sinceText(), plural(total, "issue", "issues"), due)
	return nil
}

// packParties lists the requirements of interested parties added or
// changed in the period (9.3.2 c).
func packParties(ctx context.Context, tx *sqldb.Tx, p packPeriod, s *isms.PackSection) error {
	changed, err := tx.ChangedPartyRequirements(ctx, p.org, p.since, p.until)
	if err != nil {
		return err
	}
	_, total, err := tx.FindPartyRequirements(ctx, isms.PartyRequirementFilter{OrgID: p.org, Limit: 1})
	if err != nil {
		return err
	}
	_, open, err := tx.FindPartyRequirements(ctx, isms.PartyRequirementFilter{OrgID: p.org, Addressed: "no", Limit: 1})
	if err != nil {
		return err
	}
	added := 0
	items := make([]isms.PackItem, 0, len(changed))
	for _, q := range changed {
		what := "Changed"
		if p.has(isms.DateOf(q.CreatedAt)) {
			what, added = "New", added+1
		}
		addressed := "not addressed"
		if q.Addressed {
			addressed = "addressed"
		}
		items = append(items, packItem(objectPartyRequirement, q.ID, q.Ref, q.Title, what,
			joinDetail(q.PartyRef+" "+q.PartyName, addressed)))
	}
	figure(s, "New requirements", added)
	figure(s, "Changed requirements", len(changed)-added)
	figure(s, "Requirements not addressed", open)
	figure(s, "Requirements in the register", total)
	listItems(s, items)
	if len(changed) == 0 {
		s.Summary = fmt.Sprintf("No requirement of an interested party was added or changed %s; %d of %d are not addressed. Review the interested parties (4.2) and record what changed.",
			p.sinceText(), open, total)
		return nil
	}
	s.Summary = fmt.Sprintf("%s added and %d changed %s; %d of %d requirements are not addressed by the ISMS.",
		plural(added, "requirement was", "requirements were"), len(changed)-added, p.sinceText(), open, total)
	return nil
}
