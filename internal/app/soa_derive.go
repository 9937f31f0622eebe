// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The sources of an SoA's lines are derived from four queries over the
// whole framework (control links, risk treatment plans, addressed
// obligations, evidence) and joined here in maps, so that building a view
// costs the same few queries however many lines, controls and risks there
// are.

// deriveSoASources returns the sources of every requirement of framework
// that has a confirmed control link, keyed by requirement, as read on day
// today. Requirements without one are absent (see soaSourcesOf).
func deriveSoASources(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID, today isms.Date) (map[isms.ID]isms.SoASources, error) {
	links, err := tx.SoAControlLinks(ctx, org, framework)
	if err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return map[isms.ID]isms.SoASources{}, nil
	}
	risks, err := tx.SoARiskUses(ctx, org, framework)
	if err != nil {
		return nil, err
	}
	obligations, err := tx.SoAObligations(ctx, org, framework)
	if err != nil {
		return nil, err
	}
	evidence, err := tx.SoAEvidence(ctx, org, framework, today)
	if err != nil {
		return nil, err
	}
	evidenceOf := make(map[isms.ID]sqldb.SoAControlEvidence, len(evidence))
	for _, e := range evidence {
		evidenceOf[e.ControlID] = e
	}
	controls, reqsOf := map[isms.ID][]isms.SoAControl{}, map[isms.ID][]isms.ID{}
	for _, l := range links {
		controls[l.RequirementID] = append(controls[l.RequirementID], l.Control)
		reqsOf[l.Control.ID] = append(reqsOf[l.Control.ID], l.RequirementID)
	}
	risksOf, obligationsOf := refsByRequirement(risks, reqsOf), refsByRequirement(obligations, reqsOf)
	out := make(map[isms.ID]isms.SoASources, len(controls))
	for req, cs := range controls {
		s := soaSourcesOf(nil, "")
		s.Controls, s.ReadOn = cs, today
		s.Risks = append(s.Risks, risksOf[req]...)
		s.Obligations = append(s.Obligations, obligationsOf[req]...)
		addSoAControlFacts(&s, evidenceOf)
		out[req] = s
	}
	return out, nil
}

// addSoAControlFacts sets the derived status and the evidence of s from
// its controls.
func addSoAControlFacts(s *isms.SoASources, evidenceOf map[isms.ID]sqldb.SoAControlEvidence) {
	statuses := make([]isms.ControlStatus, len(s.Controls))
	for i, c := range s.Controls {
		statuses[i] = c.Status
		e := evidenceOf[c.ID]
		s.Evidence += e.Count
		s.Fresh += e.Fresh
		if e.Newest.After(s.Newest) {
			s.Newest = e.Newest
		}
	}
	s.Derived = isms.DeriveSoAStatus(statuses)
}

// soaSourcesOf returns the sources of a requirement as derived: those in
// derived, or none (not started) for a requirement without controls.
// Lists are never nil, so that they read as [] in JSON.
func soaSourcesOf(derived map[isms.ID]isms.SoASources, req isms.ID) isms.SoASources {
	if s, ok := derived[req]; ok {
		return s
	}
	return isms.SoASources{Risks: []isms.SoARef{}, Obligations: []isms.SoARef{}, Controls: []isms.SoAControl{},
		Derived: isms.SoANotStarted}
}

// refsByRequirement lists the records of uses (control, record pairs, in
// order of record) by the requirements their controls are linked to, each
// record once a requirement, keeping that order. The store returns the
// pairs of one record together, so a record already listed for a
// requirement is the last one listed.
func refsByRequirement(uses []sqldb.SoAControlRef, reqsOf map[isms.ID][]isms.ID) map[isms.ID][]isms.SoARef {
	out := map[isms.ID][]isms.SoARef{}
	for _, u := range uses {
		for _, req := range reqsOf[u.ControlID] {
			list := out[req]
			if n := len(list); n == 0 || list[n-1].ID != u.Record.ID {
				out[req] = append(list, u.Record)
			}
		}
	}
	return out
}

// applySoASources sets the sources of lines from derived, read on today.
func applySoASources(lines []*isms.SoALine, derived map[isms.ID]isms.SoASources, today isms.Date) {
	for _, l := range lines {
		l.Sources = soaSourcesOf(derived, l.RequirementID)
		l.Sources.ReadOn = today
	}
}

// liveSoALines returns the lines of s: with sources derived now when s is
// a draft not frozen, as recorded otherwise.
func liveSoALines(ctx context.Context, tx *sqldb.Tx, s *isms.SoA, today isms.Date) ([]*isms.SoALine, error) {
	lines, err := tx.FindSoALines(ctx, s.OrgID, s.ID)
	if err != nil || !s.Live() {
		return lines, err
	}
	derived, err := deriveSoASources(ctx, tx, s.OrgID, s.FrameworkID, today)
	if err != nil {
		return nil, err
	}
	applySoASources(lines, derived, today)
	return lines, nil
}
