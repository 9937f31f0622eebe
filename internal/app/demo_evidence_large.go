// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's evidence register (DESIGN §7): 100,000 items, six in
// ten files (small, generated, shared from a pool), three in ten links and
// one in ten notes, owned by the members who may keep evidence, most
// supporting one or two controls, some a requirement, a risk or an asset
// as well. Validity ends from four months ago to nearly three years ahead
// (one item in ten does not expire): about one in ten has expired and two
// or three in a hundred expire within the freshness window.
const (
	largeDemoEvidence    = 100_000
	demoEvidenceBatch    = 5_000  // items per transaction
	demoEvidenceProgress = 10_000 // items between progress lines
)

// Streams of the seed for the generated evidence: one for the items, one
// for the pool of files, so that either can change without moving the
// other.
const (
	streamEvidenceItems = 6001
	streamEvidenceFiles = 6002
)

// evidenceTargets are the records generated items support.
type evidenceTargets struct {
	controls, requirements, risks, assets []isms.ID
}

// evidenceGen generates evidence items for bulk loads, the same items for
// the same seed: the large demo's register and the evidence benchmarks'
// fixture.
type evidenceGen struct {
	rng     *rand.Rand
	org     isms.ID
	owners  []*isms.User
	today   isms.Date
	pool    []demoPoolFile // empty without a file store: file items become links
	targets evidenceTargets
}

var (
	demoLinkStems = []struct{ stem, url string }{
		{"Runbook", "https://wiki.large.example/runbooks/%d"},
		{"Monitoring dashboard", "https://grafana.large.example/d/%d"},
		{"Change ticket", "https://tickets.large.example/browse/CHG-%d"},
		{"Policy page", "https://intranet.large.example/policies/%d"},
		{"Scan results", "https://scanner.large.example/reports/%d"},
		{"Access review ticket", "https://tickets.large.example/browse/SEC-%d"},
	}
	demoNoteStems = []struct{ stem, note string }{
		{"Walkthrough note", "Walked through the procedure with the team; every step was followed and recorded."},
		{"Site inspection", "Inspected on site: doors, badges and visitor log as the standard requires."},
		{"Interview note", "Interviewed the owner; the control runs as described and exceptions are logged."},
		{"Sample check", "Checked a sample of 25 records; all had the required approval."},
	}
	demoEvidenceSources = []isms.EvidenceSource{isms.EvidenceSourceUpload, isms.EvidenceSourceUpload, isms.EvidenceSourceUpload,
		isms.EvidenceSourceUpload, isms.EvidenceSourceAPI, isms.EvidenceSourceCLI, isms.EvidenceSourceCollector}
	demoValidities = []int{180, 365, 365, 365, 730}
)

// item returns the k-th generated item.
func (g *evidenceGen) item(k int) *isms.Evidence {
	rng := g.rng
	owner := g.owners[rng.IntN(len(g.owners))]
	system := largeSystems[rng.IntN(len(largeSystems))]
	e := &isms.Evidence{ID: isms.NewID("evd"), OrgID: g.org, OwnerID: owner.ID, OwnerName: owner.Name,
		Source: demoEvidenceSources[rng.IntN(len(demoEvidenceSources))], CreatedBy: owner.ID, CreatorName: owner.Name}
	switch r := rng.IntN(10); {
	case r < 6 && len(g.pool) > 0:
		p := g.pool[rng.IntN(len(g.pool))]
		f := p.file
		f.UploadedBy, f.UploaderName = owner.ID, owner.Name
		e.Kind, e.Title, e.File, e.CurrentVersion = isms.EvidenceKindFile, p.stem, &f, 1
	case r < 9:
		l := demoLinkStems[rng.IntN(len(demoLinkStems))]
		e.Kind, e.Title, e.URL = isms.EvidenceKindLink, l.stem, fmt.Sprintf(l.url, 1000+rng.IntN(90000))
	default:
		n := demoNoteStems[rng.IntN(len(demoNoteStems))]
		e.Kind, e.Title, e.Note, e.Source = isms.EvidenceKindNote, n.stem, n.note, isms.EvidenceSourceUpload
	}
	e.Title = fmt.Sprintf("%s: %s, no. %d", e.Title, system, k+1)
	g.dates(e)
	e.Links = g.links()
	return e
}

// dates sets when e was collected and until when it is valid.
func (g *evidenceGen) dates(e *isms.Evidence) {
	rng := g.rng
	if rng.IntN(10) == 0 {
		e.CollectedOn = g.today.AddDays(-rng.IntN(700))
	} else {
		e.ValidUntil = g.today.AddDays(rng.IntN(1120) - 120)
		e.CollectedOn = e.ValidUntil.AddDays(-demoValidities[rng.IntN(len(demoValidities))])
		if e.CollectedOn.After(g.today) {
			e.CollectedOn = g.today.AddDays(-rng.IntN(30))
		}
	}
	e.CreatedAt = e.CollectedOn.Time().Add(time.Duration(8*60+rng.IntN(10*60)) * time.Minute)
}

// links returns the records an item supports: one or two controls for
// nine in ten items, and a requirement, a risk or an asset for some.
func (g *evidenceGen) links() []isms.Link {
	var out []isms.Link
	add := func(typ string, from []isms.ID, n int) {
		for range n {
			if len(from) == 0 {
				return
			}
			l := isms.Link{Type: typ, ID: from[g.rng.IntN(len(from))]}
			if len(out) == 0 || out[len(out)-1] != l {
				out = append(out, l)
			}
		}
	}
	if g.rng.IntN(10) != 0 {
		add(objectControl, g.targets.controls, 1+g.rng.IntN(2))
	}
	switch g.rng.IntN(20) {
	case 0, 1:
		add(objectRequirement, g.targets.requirements, 1)
	case 2:
		add(objectRisk, g.targets.risks, 1)
	case 3:
		add(objectAsset, g.targets.assets, 1)
	}
	return out
}

// insertGeneratedEvidence writes n items of g in transactions of
// demoEvidenceBatch, reporting progress every demoEvidenceProgress items
// with the rate.
func (a *App) insertGeneratedEvidence(ctx context.Context, g *evidenceGen, n int, progress func(string)) error {
	started := time.Now()
	batch := make([]*isms.Evidence, 0, demoEvidenceBatch)
	for done := 0; done < n; {
		batch = batch[:0]
		for len(batch) < demoEvidenceBatch && done+len(batch) < n {
			batch = append(batch, g.item(done+len(batch)))
		}
		if err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.InsertEvidenceItems(ctx, g.org, batch)
		}); err != nil {
			return err
		}
		before := done
		done += len(batch)
		if done/demoEvidenceProgress > before/demoEvidenceProgress || done == n {
			rate := float64(done) / time.Since(started).Seconds()
			progress(fmt.Sprintf("  %s of %s evidence items, %s items/s", thousands(done), thousands(n), thousands(int(rate))))
		}
	}
	return nil
}

// newEvidenceGen returns a generator of items of org owned by owners,
// supporting no records yet, with the pool of files written to the file
// store.
func (a *App) newEvidenceGen(ctx context.Context, org isms.ID, owners []*isms.User, seed uint64) (*evidenceGen, error) {
	if len(owners) == 0 {
		return nil, fmt.Errorf("generate evidence of %s: nobody may own evidence", org)
	}
	pool, err := a.evidenceFilePool(ctx, rand.New(rand.NewPCG(seed, streamEvidenceFiles)))
	if err != nil {
		return nil, err
	}
	return &evidenceGen{rng: rand.New(rand.NewPCG(seed, streamEvidenceItems)), org: org, owners: owners,
		today: a.today(), pool: pool}, nil
}

// loadLargeEvidence gives the large organization n evidence items owned by
// the members who may keep evidence, and records the load in one audit
// event.
func (a *App) loadLargeEvidence(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, n int, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding %s evidence items: files, links and notes, linked to controls, requirements, risks and assets", thousands(n)))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	var owners []*isms.User
	for i, p := range people {
		if p.role.Allows(isms.EditEvidence) {
			owners = append(owners, users[i])
		}
	}
	g, err := a.newEvidenceGen(ctx, org.ID, owners, seed)
	if err != nil {
		return err
	}
	if err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		g.targets, err = largeEvidenceTargets(ctx, tx, org.ID)
		return err
	}); err != nil {
		return err
	}
	if err := a.insertGeneratedEvidence(ctx, g, n, progress); err != nil {
		return fmt.Errorf("large demo evidence: %w", err)
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return audit(ctx, tx, orgChain(org.ID), admin, "evidence.import", objectOrganization, org.ID,
			isms.Changes{"items": {After: n}, "files": {After: len(g.pool)}})
	})
}

// largeEvidenceTargets reads the records the large demo's evidence
// supports, each list in a fixed order: every control, the assessable
// requirements of ISO/IEC 27001:2022, every risk and the first assets.
func largeEvidenceTargets(ctx context.Context, tx *sqldb.Tx, org isms.ID) (evidenceTargets, error) {
	var t evidenceTargets
	controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: org, Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return t, err
	}
	t.controls = demoIDs(controls, func(c *isms.Control) isms.ID { return c.ID })
	fw, err := tx.FindFrameworkByKey(ctx, org, catalog.KeyISO2022)
	if err != nil {
		return t, err
	}
	reqs, err := assessableByFramework(ctx, tx, org, []*isms.Framework{fw})
	if err != nil {
		return t, err
	}
	t.requirements = demoIDs(reqs[fw.ID], func(r *isms.Requirement) isms.ID { return r.ID })
	risks, err := tx.AllRisks(ctx, org)
	if err != nil {
		return t, err
	}
	t.risks = demoIDs(risks, func(r *isms.Risk) isms.ID { return r.ID })
	assets, _, err := tx.FindAssets(ctx, isms.AssetFilter{OrgID: org, Sort: "ref", Limit: isms.MaxPageSize})
	t.assets = demoIDs(assets, func(a *isms.Asset) isms.ID { return a.ID })
	return t, err
}
