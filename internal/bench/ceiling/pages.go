// SPDX-License-Identifier: Apache-2.0

package ceiling

import (
	"context"
	"net/http"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The pages' ceilings: the data of every app call a page's handler makes,
// and the chain head the layout shows (app.ChainHead, in web's fillBase).

// dashboard is the data of the dashboard page.
type dashboard struct {
	Dashboard *app.Dashboard         `json:"dashboard"`
	Posture   []app.FrameworkPosture `json:"posture"`
	RiskFlags map[isms.RiskFlag]int  `json:"riskFlags"`
	Scope     struct {
		Approved *isms.Scope `json:"approved"`
		Draft    *isms.Scope `json:"draft"`
	} `json:"scope"`
	Policy    *app.PolicyStatus `json:"policy"`
	Readiness *isms.Readiness   `json:"readiness"`
}

// dashboardPage mirrors GET / (web's handleDashboard): app.FindDashboard
// (which reads the chain head the layout shows), app.Posture,
// app.RiskFlagCounts, app.CurrentScope, app.CurrentPolicy, and app.Check
// narrowed to its blockers. app.Posture and app.Check are called as the
// product calls them, each in its own transaction and before the others'
// (a request holding its transaction while it waits for another
// connection would starve the pool): they serve the results they keep
// while the organization's records and the day are unchanged, and compute
// new ones otherwise (app's posture_cache.go and readiness_cache.go).
func (s *server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	if err := newQuery(r).err(); err != nil {
		write(w, nil, err)
		return
	}
	d := &dashboard{}
	var err error
	if d.Posture, err = s.app.Posture(r.Context(), s.admin); err != nil {
		write(w, nil, err)
		return
	}
	if d.Readiness, err = s.app.Check(r.Context(), s.admin, app.ReadinessFilter{Severity: isms.SeverityBlocker}); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (v any, err error) {
		if d.Dashboard, err = s.app.FindDashboardTx(ctx, tx, s.admin); err != nil {
			return nil, err
		}
		if d.RiskFlags, err = s.app.RiskFlagCountsTx(ctx, tx, s.org); err != nil {
			return nil, err
		}
		if d.Scope.Approved, d.Scope.Draft, err = s.app.CurrentScopeTx(ctx, tx, s.org); err != nil {
			return nil, err
		}
		d.Policy, err = s.app.CurrentPolicyTx(ctx, tx, s.org)
		return d, err
	})
}

// riskPage is the data of the register's page.
type riskPage struct {
	headed[app.RiskRow]
	Method *isms.RiskMethod `json:"method"` // the current one, whose levels the filters offer
}

// risksPage mirrors GET /risks (status, level, basis, sort, page,
// per_page; web's handleRiskIndex): the risk filter's
// app.CurrentRiskMethod, then app.FindRisks in reference order.
func (s *server) risksPage(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	sort := q.sort("ref")
	limit, offset := q.listPage()
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		pg, cur, err := s.findRisks(ctx, tx, q, sort, limit, offset)
		if err != nil {
			return nil, err
		}
		out := riskPage{headed: headed[app.RiskRow]{list: newList(pg.Rows, pg.Total, limit, offset)}, Method: cur}
		out.Head, err = tx.FindChainHead(ctx, s.chain())
		return out, err
	})
}

// controlPage is the data of the control list's page.
type controlPage struct {
	headed[*isms.Control]
	Frameworks []*isms.Framework `json:"frameworks"` // the framework filter's options
}

// controlsPage mirrors GET /controls (sort, page, per_page; web's
// handleControlIndex): app.FindControls in reference order, then
// app.FindFrameworks for the framework filter.
func (s *server) controlsPage(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.ControlFilter{OrgID: s.org, Sort: q.sort("ref")}
	f.Limit, f.Offset = q.listPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		items, total, err := tx.FindControls(ctx, f)
		if err != nil {
			return nil, err
		}
		out := controlPage{headed: headed[*isms.Control]{list: newList(items, total, f.Limit, f.Offset)}}
		if out.Frameworks, err = s.frameworkOptions(ctx, tx); err != nil {
			return nil, err
		}
		out.Head, err = tx.FindChainHead(ctx, s.chain())
		return out, err
	})
}

// frameworkOptions runs app.FindFrameworks as the pages' framework
// choices ask for it: every framework, in name order.
func (s *server) frameworkOptions(ctx context.Context, tx *sqldb.Tx) ([]*isms.Framework, error) {
	fws, _, err := tx.FindFrameworks(ctx, isms.FrameworkFilter{OrgID: s.org, Sort: "name", Limit: isms.MaxPageSize})
	return fws, err
}

// soaPage is the data of the SoA page.
type soaPage struct {
	Framework  *isms.Framework   `json:"framework"`
	Frameworks []*isms.Framework `json:"frameworks"`
	Versions   []*isms.SoA       `json:"versions"`
	View       *app.SoAView      `json:"view"`
	Approvers  []*isms.Member    `json:"approvers,omitempty"` // the submit form's choices, for a draft
	Head       isms.ChainHead    `json:"head"`
}

// soaPage mirrors GET /soa (framework; web's handleSoA and renderSoA):
// app.FindFramework, app.FindFrameworks for the framework switch,
// app.SoAVersions, app.FindSoA of the version people work on
// (isms.WorkingSoA), and for a draft that may be submitted app.FindMembers
// for the approvers (the administrator may submit).
func (s *server) soaPage(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	framework := q.get("framework")
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (v any, err error) {
		p := &soaPage{}
		key := framework
		if key == "" {
			key = catalog.KeyISO2022
		}
		p.Framework, err = s.app.FindFrameworkTx(ctx, tx, s.admin, key)
		if err != nil && (isms.ErrorCode(err) != isms.NotFound || framework != "") {
			return nil, err
		}
		if p.Frameworks, err = s.frameworkOptions(ctx, tx); err != nil {
			return nil, err
		}
		if p.Head, err = tx.FindChainHead(ctx, s.chain()); err != nil || p.Framework == nil {
			return p, err
		}
		if p.Versions, err = s.app.SoAVersionsTx(ctx, tx, s.admin, string(p.Framework.ID)); err != nil {
			return nil, err
		}
		shown := isms.WorkingSoA(p.Versions)
		if shown == nil {
			return p, nil
		}
		if p.View, err = s.app.FindSoATx(ctx, tx, s.admin, string(p.Framework.ID), string(shown.ID)); err != nil {
			return nil, err
		}
		if p.View.SoA.Status == isms.SoADraft && !p.View.Pending {
			p.Approvers, _, err = tx.FindMembers(ctx, isms.MemberFilter{OrgID: s.org, Status: "active", Limit: isms.MaxPageSize})
		}
		return p, err
	})
}

// frameworkPage is the data of a framework's requirement tree.
type frameworkPage struct {
	Framework    *isms.Framework       `json:"framework"`
	Requirements []*app.RequirementRow `json:"requirements"`
	Attributes   map[string][]string   `json:"attributes"` // the attribute filter's choices
	Posture      *app.FrameworkPosture `json:"posture"`
	Head         isms.ChainHead        `json:"head"`
}

// frameworkPage mirrors GET /frameworks/{id} (web's handleFrameworkShow):
// app.FindFramework, app.FindRequirements (the whole tree),
// app.FrameworkAttributes and app.FrameworkPosture, which is called first,
// in its own transaction, as the use case reads the posture it keeps (see
// dashboardPage). {id} is the framework's ID (Params "iso").
func (s *server) frameworkPage(w http.ResponseWriter, r *http.Request) {
	if err := newQuery(r).err(); err != nil {
		write(w, nil, err)
		return
	}
	p := &frameworkPage{}
	var err error
	if p.Posture, err = s.app.FrameworkPosture(r.Context(), s.admin, isms.ID(r.PathValue("id"))); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (v any, err error) {
		if p.Framework, err = s.app.FindFrameworkTx(ctx, tx, s.admin, r.PathValue("id")); err != nil {
			return nil, err
		}
		f := isms.RequirementFilter{OrgID: p.Framework.OrgID, FrameworkID: p.Framework.ID}
		if p.Requirements, _, err = s.app.FindRequirementsTx(ctx, tx, s.org, f); err != nil {
			return nil, err
		}
		if p.Attributes, err = s.app.FrameworkAttributesTx(ctx, tx, s.org, p.Framework.ID); err != nil {
			return nil, err
		}
		p.Head, err = tx.FindChainHead(ctx, s.chain())
		return p, err
	})
}

// evidencePage mirrors GET /evidence (sort, page, per_page; web's
// handleEvidenceIndex): app.FindEvidence in title order.
func (s *server) evidencePage(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.EvidenceFilter{Sort: q.sort("title")}
	f.Limit, f.Offset = q.listPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		items, total, err := s.findEvidence(ctx, tx, f)
		if err != nil {
			return nil, err
		}
		out := headed[*isms.Evidence]{list: newList(items, total, f.Limit, f.Offset)}
		out.Head, err = tx.FindChainHead(ctx, s.chain())
		return out, err
	})
}

// auditPage mirrors GET /audit (sort, page, per_page; web's
// handleAuditIndex): app.FindAuditEvents, newest first unless sort=seq,
// and app.ChainHead. The product reads the head twice, for the page and
// for the layout; the ceiling reads the data once.
func (s *server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.AuditFilter{Desc: q.get("sort") != "seq"}
	f.Limit, f.Offset = q.listPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		return s.findAudit(ctx, tx, f)
	})
}
