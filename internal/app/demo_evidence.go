// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// demoEvidence is an evidence item of the small demo organization. Its
// dates are relative to the day the demo is loaded, so that the register
// always shows one item of each freshness: current, expiring, expired.
type demoEvidence struct {
	title, description string
	kind               isms.EvidenceKind
	url, note, file    string // the link, the note, or the file's name
	content            string // the file's content
	owner              int    // index in demoPeople
	collected, valid   int    // days from today: when collected, until when valid
}

var demoEvidenceItems = []demoEvidence{
	{title: "Access review, third quarter: reviewed account lists", kind: isms.EvidenceKindFile,
		description: "Exports of the production, CRM and finance share accounts, each line marked keep or remove by its owner.",
		file:        "access-review-q3.csv", owner: 3, collected: -80, valid: 10,
		content: "system,account,owner,decision\nproduction,deploy-bot,IT lead,keep\ncrm,j.leaver,Sales lead,remove\nfinance-share,intern-2025,Finance lead,remove\n"},
	{title: "Penetration test 2026: summary of findings", kind: isms.EvidenceKindFile,
		description: "The external tester's summary: two medium findings, both fixed and retested.",
		file:        "pentest-2026-summary.txt", owner: 1, collected: -300, valid: 65,
		content: "Scope: customer portal and public API.\nFindings: 2 medium (session fixation on logout; verbose error pages), both fixed and retested on day 14.\n"},
	{title: "Backup and restore runbook", kind: isms.EvidenceKindLink, url: "https://wiki.northwind.example/it/backup-restore",
		description: "The procedure the quarterly restore test follows.", owner: 3, collected: -30, valid: 335},
	{title: "Fire alarm test log, autumn", kind: isms.EvidenceKindNote, owner: 5, collected: -70, valid: -10,
		note: "Monthly tests in September and October: alarm heard on every floor; entries on pages 29 and 30 of the facilities book."},
}

// loadDemoEvidence gives the small organization a few evidence items
// supporting its profile. File items need a file store; without one (as in
// some tests) only the link and note items are added.
func (a *App) loadDemoEvidence(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	manager, today := isms.Actor{UserID: users[2].ID, Name: users[2].Name, OrgID: org.ID, Role: people[2].role}, a.today()
	for _, d := range demoEvidenceItems {
		var file *FileInput
		if d.kind == isms.EvidenceKindFile {
			if a.opts.Blobs == nil {
				continue
			}
			file = &FileInput{Name: d.file, Reader: strings.NewReader(d.content)}
		}
		in := EvidenceInput{Title: d.title, Description: d.description, Kind: d.kind, URL: d.url, Note: d.note,
			OwnerID: users[d.owner].ID, CollectedOn: today.AddDays(d.collected), ValidUntil: today.AddDays(d.valid),
			Source: isms.EvidenceSourceUpload, Links: []isms.Link{{Type: objectOrganization, ID: org.ID}}}
		if _, err := a.CreateEvidence(ctx, manager, in, file); err != nil {
			return fmt.Errorf("demo evidence %s: %w", d.title, err)
		}
	}
	return nil
}
