// SPDX-License-Identifier: Apache-2.0

package ceiling

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/pprof"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Endpoint is one page or API list the HTTP benchmark drives, and the path
// of its ceiling. Paths may hold placeholders in braces ("{iso}"), filled
// from the map Params returns.
type Endpoint struct {
	Name    string // short and unique, for --only: "risks.api"
	Title   string // what the report shows: "risk register, filtered (API)"
	Path    string // the product's path and query
	Ceiling string // the ceiling server's path and query
	Page    bool   // a page, sent with the session cookie; otherwise the API, sent with the token
}

// riskFilter is the register filter the benchmark drives: the open risks
// being treated whose inherent level is high, as a risk owner reviews
// them. Its keys are the product's, and the ceiling's.
const riskFilter = "status=in_treatment&level=high&basis=inherent"

// Endpoints returns the endpoints of the HTTP benchmark, in report order.
// API paths are the same on the ceiling; a page's ceiling is under /page.
func Endpoints() []Endpoint {
	api := func(name, title, path string) Endpoint {
		return Endpoint{Name: name, Title: title, Path: path, Ceiling: path}
	}
	page := func(name, title, path, ceiling string) Endpoint {
		return Endpoint{Name: name, Title: title, Path: path, Ceiling: ceiling, Page: true}
	}
	return []Endpoint{
		page("dashboard.page", "dashboard (page)", "/", "/page/dashboard"),
		api("posture.api", "posture of every framework (API)", "/api/v1/posture"),
		api("risks.api", "risk register, first page (API)", "/api/v1/risks?limit=50"),
		api("risks.filtered.api", "risk register, filtered (API)", "/api/v1/risks?"+riskFilter+"&limit=50"),
		page("risks.filtered.page", "risk register, filtered (page)", "/risks?"+riskFilter, "/page/risks?"+riskFilter),
		api("controls.api", "control list (API)", "/api/v1/controls?limit=50"),
		page("controls.page", "control list (page)", "/controls", "/page/controls"),
		page("soa.page", "Statement of Applicability (page)", "/soa", "/page/soa"),
		api("soa.api", "Statement of Applicability with its lines (API)", "/api/v1/soa/{soa}"),
		page("framework.page", "ISO/IEC 27001:2022 requirement tree (page)", "/frameworks/{iso}", "/page/frameworks/{iso}"),
		api("requirements.api", "ISO/IEC 27001:2022 requirements (API)", "/api/v1/frameworks/{iso}/requirements?limit=50"),
		api("evidence.api", "evidence list (API)", "/api/v1/evidence?limit=50"),
		page("evidence.page", "evidence list (page)", "/evidence", "/page/evidence"),
		api("audit.api", "audit trail (API)", "/api/v1/audit-events?limit=50"),
		api("audit.filtered.api", "audit trail of one actor (API)", "/api/v1/audit-events?actorId={admin}&limit=50"),
		page("audit.page", "audit trail (page)", "/audit", "/page/audit"),
	}
}

// Params returns the values of the placeholders of the endpoints' paths for
// the organization with the given slug, read from the database: "iso", the
// ID of its ISO/IEC 27001:2022 framework; "soa", the ID of the version of
// that framework's Statement of Applicability that /soa shows; "admin",
// the user ID of its administrator (see New).
func Params(ctx context.Context, db *sqldb.DB, orgSlug string) (map[string]string, error) {
	var out map[string]string
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		org, admin, err := findOrg(ctx, tx, orgSlug)
		if err != nil {
			return err
		}
		iso, err := tx.FindFrameworkByKey(ctx, org.ID, catalog.KeyISO2022)
		if err != nil {
			return fmt.Errorf("framework %s of organization %q: %w", catalog.KeyISO2022, orgSlug, err)
		}
		versions, err := tx.FindSoAs(ctx, org.ID, iso.ID)
		if err != nil {
			return fmt.Errorf("SoA versions of framework %s of organization %q: %w", catalog.KeyISO2022, orgSlug, err)
		}
		soa := isms.WorkingSoA(versions)
		if soa == nil {
			return fmt.Errorf("organization %q has no Statement of Applicability of ISO/IEC 27001:2022 to load", orgSlug)
		}
		out = map[string]string{"iso": string(iso.ID), "soa": string(soa.ID), "admin": string(admin.UserID)}
		return nil
	})
	return out, err
}

// New returns the handler serving every endpoint's Ceiling path for the
// organization with the given slug, as its administrator would be served:
// the organization's longest-standing active member with the admin role.
// It also answers GET /api/v1/members (limit, offset) and GET
// /api/v1/me/work (limit, offset, and userId naming whose work it is), and
// serves net/http/pprof under /debug/pprof/ to profile the ceiling. It
// builds an app.App over db for the use cases' Tx variants, the kept
// posture and readiness results and the clock, which sets db's clock to
// time.Now.
func New(ctx context.Context, db *sqldb.DB, orgSlug string) (http.Handler, error) {
	s := &server{db: db}
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		org, admin, err := findOrg(ctx, tx, orgSlug)
		if err != nil {
			return err
		}
		s.org, s.admin = org.ID, admin
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.app = app.New(db, app.Options{})
	mux := http.NewServeMux()
	for pattern, h := range map[string]http.HandlerFunc{
		"GET /api/v1/posture":                      s.postureAPI,
		"GET /api/v1/risks":                        s.risksAPI,
		"GET /api/v1/controls":                     s.controlsAPI,
		"GET /api/v1/soa/{id}":                     s.soaAPI,
		"GET /api/v1/frameworks/{id}/requirements": s.requirementsAPI,
		"GET /api/v1/evidence":                     s.evidenceAPI,
		"GET /api/v1/audit-events":                 s.auditAPI,
		"GET /api/v1/members":                      s.membersAPI,
		"GET /api/v1/me/work":                      s.workAPI,
		"GET /page/dashboard":                      s.dashboardPage,
		"GET /page/risks":                          s.risksPage,
		"GET /page/controls":                       s.controlsPage,
		"GET /page/soa":                            s.soaPage,
		"GET /page/frameworks/{id}":                s.frameworkPage,
		"GET /page/evidence":                       s.evidencePage,
		"GET /page/audit":                          s.auditPage,
	} {
		mux.Handle(pattern, h)
	}
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	return mux, nil
}

// server answers the ceiling's requests for one organization.
type server struct {
	db    *sqldb.DB
	app   *app.App // the use cases' Tx variants, Posture and Check (kept results), the clock
	org   isms.ID
	admin isms.Actor // whose requests the product's figures are
}

// findOrg returns the organization with slug and its administrator as an
// actor: its longest-standing active member with the admin role.
func findOrg(ctx context.Context, tx *sqldb.Tx, slug string) (*isms.Organization, isms.Actor, error) {
	org, err := tx.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, isms.Actor{}, fmt.Errorf("organization %q: %w", slug, err)
	}
	admins, _, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: org.ID, Role: isms.RoleAdmin, Status: "active", Sort: "joined", Limit: 1})
	if err != nil {
		return nil, isms.Actor{}, fmt.Errorf("administrator of organization %q: %w", slug, err)
	}
	if len(admins) == 0 {
		return nil, isms.Actor{}, fmt.Errorf("organization %q has no active administrator to serve", slug)
	}
	u := admins[0].User
	return org, isms.Actor{UserID: u.ID, Name: u.Name, OrgID: org.ID, Role: admins[0].Role}, nil
}

// chain is the organization's audit chain, as the app names it.
func (s *server) chain() string { return string(s.org) }

// today is the App's current day, as the use cases read it.
func (s *server) today() isms.Date { return isms.DateOf(s.app.Now()) }

// serve runs read in one read transaction and writes what it returns as
// JSON; a bad query parameter found by read is a 400.
func (s *server) serve(w http.ResponseWriter, r *http.Request, read func(ctx context.Context, tx *sqldb.Tx) (any, error)) {
	var v any
	err := s.db.View(r.Context(), func(tx *sqldb.Tx) (err error) {
		v, err = read(r.Context(), tx)
		return err
	})
	write(w, v, err)
}

// write sends v as JSON, or err with the status its code gives.
func write(w http.ResponseWriter, v any, err error) {
	if err != nil {
		status := http.StatusInternalServerError
		switch isms.ErrorCode(err) {
		case isms.Invalid:
			status = http.StatusBadRequest
		case isms.NotFound:
			status = http.StatusNotFound
		}
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away; nothing to tell
}
