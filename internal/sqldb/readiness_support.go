// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness facts of clauses 7.1–7.5: resources, competence,
// awareness, communication and documented information.

// notMember is the condition that the user ID in column col is not an
// enabled member of the organization in column org (or is NULL). It
// takes one argument: false.
func notMember(col, org string) string {
	return `(` + col + ` IS NULL OR NOT EXISTS (SELECT 1 FROM memberships ms JOIN users us ON us.id = ms.user_id
		WHERE ms.organization_id = ` + org + ` AND ms.user_id = ` + col + ` AND us.disabled = ?))`
}

// ReadinessSupport reads the readiness facts of clauses 7.1–7.5 of org on
// today, but for those the application works out: the policy in force
// (AwarenessPolicy) and the communication plan's frequencies.
func (tx *Tx) ReadinessSupport(ctx context.Context, org isms.ID, today isms.Date) (isms.SupportFacts, error) {
	var f isms.SupportFacts
	for _, read := range []func(context.Context, isms.ID, isms.Date, *isms.SupportFacts) error{
		tx.readinessResources, tx.readinessCompetence, tx.readinessAwareness, tx.readinessCommunication,
		tx.readinessDocumentCounts, tx.readinessDocumentSets,
	} {
		if err := read(ctx, org, today, &f); err != nil {
			return f, fmt.Errorf("readiness support: %w", err)
		}
	}
	return f, nil
}

// readinessResources counts the resources (7.1).
func (tx *Tx) readinessResources(ctx context.Context, org isms.ID, _ isms.Date, f *isms.SupportFacts) error {
	approved := []any{org, isms.ResourceApproved, isms.ResourceProvided}
	return tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM resources WHERE organization_id = ?),
		(SELECT COUNT(*) FROM resources WHERE organization_id = ? AND status IN (?, ?)),
		(SELECT MAX(approved_on) FROM resources WHERE organization_id = ? AND status IN (?, ?))`,
		append(append([]any{org}, approved...), approved...)...).
		Scan(&f.Resources, &f.ResourcesApproved, &f.ResourcesLastApproved)
}

// rolePairs is the WITH clause of the competence requirements of the
// roles of an organization's active people: pq (person_id, req_id). Roles
// match without case, as in personGaps, but each person's roles (read
// from their JSON array, the one difference between the dialects) and
// each requirement's role are lowered once: with thousands of people,
// personGaps's lowering per pair costs PostgreSQL a tenth of a second. It
// takes three arguments: the organization, true, and the organization.
func (tx *Tx) rolePairs() string {
	roles := "json_each(LOWER(p.roles)) r"
	if tx.dialect == Postgres {
		roles = "jsonb_array_elements_text(LOWER(p.roles)::jsonb) AS r(value)"
	}
	return `WITH pr AS MATERIALIZED (SELECT p.id, r.value AS role FROM people p, ` + roles + `
			WHERE p.organization_id = ? AND p.active = ?),
		rq AS MATERIALIZED (SELECT cr.id, LOWER(cr.role) AS role FROM competence_requirements cr
			WHERE cr.organization_id = ?),
		pq AS (SELECT pr.id AS person_id, rq.id AS req_id FROM pr JOIN rq ON rq.role = pr.role) `
}

// readinessGaps reads the people with competence gaps and, when there
// is none, whether anyone holds a role with a requirement.
func (tx *Tx) readinessGaps(ctx context.Context, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	var err error
	f.PeopleWithGaps, err = tx.readinessSet(ctx, "person", tx.rolePairs()+`SELECT p.id, '' AS ref, p.name FROM people p
		WHERE p.organization_id = ? AND p.id IN (SELECT pq.person_id FROM pq WHERE NOT EXISTS (SELECT 1
			FROM training_records t WHERE t.organization_id = ? AND t.person_id = pq.person_id
			AND t.requirement_id = pq.req_id AND (t.expires_on IS NULL OR t.expires_on > ?)))
		ORDER BY `+personSorts["name"], org, true, org, org, org, today)
	if err != nil {
		return err
	}
	if !f.PeopleWithGaps.Empty() {
		f.CompetenceRolesHeld = true
		return nil
	}
	return tx.queryRow(ctx, tx.rolePairs()+`SELECT COUNT(*) > 0 FROM pq`, org, true, org).Scan(&f.CompetenceRolesHeld)
}

// readinessCompetence counts the competence requirements, reads the
// people with gaps (a requirement of their roles that no record valid on
// today meets) and whether anyone holds a role with a requirement, and
// counts the training records and reads the people with expired
// training (7.2).
func (tx *Tx) readinessCompetence(ctx context.Context, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM competence_requirements WHERE organization_id = ?),
		(SELECT COUNT(*) FROM training_records WHERE organization_id = ?)`, org, org).
		Scan(&f.CompetenceRequirements, &f.TrainingRecords)
	if err != nil {
		return err
	}
	if f.CompetenceRequirements > 0 {
		if err := tx.readinessGaps(ctx, org, today, f); err != nil {
			return err
		}
	}
	if f.TrainingRecords == 0 {
		return nil
	}
	f.PeopleWithExpiredTraining, err = tx.readinessSet(ctx, "person", `SELECT p.id, '' AS ref, p.name FROM people p
		WHERE p.organization_id = ? AND p.active = ? AND EXISTS (SELECT 1 FROM training_records t
			WHERE t.organization_id = p.organization_id AND t.person_id = p.id
			AND t.expires_on IS NOT NULL AND t.expires_on <= ?
			AND NOT EXISTS (SELECT 1 FROM training_records n WHERE n.organization_id = t.organization_id
				AND n.person_id = t.person_id
				AND (n.requirement_id = t.requirement_id
					OR (t.requirement_id IS NULL AND n.requirement_id IS NULL AND LOWER(n.course) = LOWER(t.course)))
				AND n.completed_on <= ? AND (n.expires_on IS NULL OR n.expires_on > ?)))
		ORDER BY `+personSorts["name"], org, true, today, today, today)
	return err
}

// inAudience is the condition that membership ms (of user us) is in the
// audience of campaign c, as the application's audienceMembers decides:
// "everyone" means members without an end to their access; roles and
// people count for all. It reads the audience's JSON text, where roles
// and user IDs appear quoted and cannot be taken for each other. It
// takes one argument: the JSON of "everyone".
func (tx *Tx) inAudience() string {
	return `((ms.access_until IS NULL AND ` + tx.contains("c.audience", "?") + `)
		OR ` + tx.contains("c.audience", `'"' || ms.role || '"'`) + `
		OR ` + tx.contains("c.audience", `'"' || ms.user_id || '"'`) + `)`
}

// readinessAwareness counts the campaigns and reads the open ones past
// due that some enabled member of their audience has not acknowledged in
// full (7.3). The OFFSET of the innermost query keeps PostgreSQL from
// making it a hash anti join over every acknowledgement of the campaign:
// probed member by member, the search stops at the first one missing.
func (tx *Tx) readinessAwareness(ctx context.Context, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	err := tx.queryRow(ctx, `SELECT COUNT(*), MAX(due) FROM campaigns WHERE organization_id = ?`, org).
		Scan(&f.Campaigns, &f.CampaignsLatestDue)
	if err != nil || f.Campaigns == 0 {
		return err
	}
	f.CampaignsOverdue, err = tx.readinessSet(ctx, "campaign", `SELECT c.id, '' AS ref, c.title FROM campaigns c
		WHERE c.organization_id = ? AND c.closed = ? AND c.due < ?
		AND EXISTS (SELECT 1 FROM memberships ms JOIN users us ON us.id = ms.user_id
			JOIN campaign_documents cd ON cd.campaign_id = c.id
			WHERE ms.organization_id = c.organization_id AND us.disabled = ? AND `+tx.inAudience()+`
			AND NOT EXISTS (SELECT 1 FROM acknowledgements a
				WHERE a.campaign_id = c.id AND a.user_id = ms.user_id AND a.version_id = cd.version_id LIMIT 1 OFFSET 0))
		ORDER BY c.due, LOWER(c.title), c.id`, org, false, today, false, `"everyone":true`)
	return err
}

// ReadinessVersionCampaigned reports whether a campaign of org asks for
// the approved version of document doc.
func (tx *Tx) ReadinessVersionCampaigned(ctx context.Context, org, doc isms.ID) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM campaign_documents cd
		JOIN document_versions v ON v.id = cd.version_id
		WHERE cd.organization_id = ? AND cd.document_id = ? AND v.status = ?`, org, doc, isms.VersionApproved).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("readiness policy campaigns: %w", err)
	}
	return n > 0, nil
}

// readinessCommunication counts the communication plan and reads the
// items without someone responsible (7.4).
func (tx *Tx) readinessCommunication(ctx context.Context, org isms.ID, _ isms.Date, f *isms.SupportFacts) error {
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM communication_items WHERE organization_id = ?`, org).
		Scan(&f.CommunicationItems)
	if err != nil || f.CommunicationItems == 0 {
		return err
	}
	f.CommunicationWithoutResponsible, err = tx.readinessSet(ctx, "communication_item", `SELECT c.id, '' AS ref, c.topic
		FROM communication_items c WHERE c.organization_id = ? AND `+notMember("c.responsible_id", "c.organization_id")+`
		ORDER BY `+commSorts["topic"], org, false)
	return err
}

// docInForce is the condition that document d is not retired and has an
// approved version. It takes two arguments: false and "approved".
const docInForce = `d.retired = ? AND EXISTS (SELECT 1 FROM document_versions v
	WHERE v.document_id = d.id AND v.status = ?)`

// readinessDocumentCounts counts the documents in use, those of
// external origin, the retention rules, the versions kept until a
// retention end and not disposed of, and the topic-specific policies in
// force (7.5).
func (tx *Tx) readinessDocumentCounts(ctx context.Context, org isms.ID, _ isms.Date, f *isms.SupportFacts) error {
	args := []any{
		org, false, // in use
		org, false, true, // external
		org,                                                   // retention rules
		org,                                                   // versions retained
		org, isms.DocTopicPolicy, false, isms.VersionApproved, // topic-specific policies
	}
	return tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM documents WHERE organization_id = ? AND retired = ?),
		(SELECT COUNT(*) FROM documents WHERE organization_id = ? AND retired = ? AND external = ?),
		(SELECT COUNT(*) FROM retention_rules WHERE organization_id = ?),
		(SELECT COUNT(*) FROM document_versions WHERE organization_id = ? AND retain_until IS NOT NULL
			AND disposed_at IS NULL),
		(SELECT COUNT(*) FROM documents d WHERE d.organization_id = ? AND d.type = ? AND `+docInForce+`)`, args...).
		Scan(&f.DocumentsInUse, &f.DocumentsExternal, &f.RetentionRules, &f.DocumentVersionsRetained,
			&f.DocumentsTopicPolicies)
}

// docSet is the query of the documents of an organization that meet
// cond, in the register's order. Its arguments are the organization, then
// those of cond.
func docSet(cond string) string {
	return `SELECT d.id, d.ref, d.title FROM documents d WHERE d.organization_id = ? AND ` + cond + `
		ORDER BY d.number, d.ref`
}

// readinessDocumentSets reads the documents in use without an approved
// version, without an owner or a planned review, or past review, and the
// documents (retired or not) with versions due for disposal (7.5.2,
// 7.5.3).
func (tx *Tx) readinessDocumentSets(ctx context.Context, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	sets := []struct {
		into *isms.RecordSet
		cond string
		args []any
	}{
		{&f.DocumentsUnapproved, `d.retired = ? AND d.external = ? AND NOT EXISTS (SELECT 1 FROM document_versions v
			WHERE v.document_id = d.id AND v.status = ?)`, []any{false, false, isms.VersionApproved}},
		{&f.DocumentsWithoutOwner, `d.retired = ? AND ` + notMember("d.owner_id", "d.organization_id"), []any{false, false}},
		{&f.DocumentsWithoutReview, `d.retired = ? AND d.external = ? AND d.review_months = 0 AND d.next_review IS NULL`,
			[]any{false, false}},
		{&f.DocumentsPastReview, `d.retired = ? AND d.next_review IS NOT NULL AND d.next_review < ?`, []any{false, today}},
		{&f.DocumentsDueForDisposal, `EXISTS (SELECT 1 FROM document_versions v WHERE v.organization_id = d.organization_id
			AND v.document_id = d.id AND v.retain_until IS NOT NULL AND v.retain_until < ? AND v.disposed_at IS NULL)`,
			[]any{today}},
	}
	qs := make([]readinessQuery, len(sets))
	for i, s := range sets {
		qs[i] = readinessQuery{dst: s.into, typ: "document", query: docSet(s.cond), args: append([]any{org}, s.args...)}
	}
	return tx.fillReadinessSets(ctx, qs)
}
