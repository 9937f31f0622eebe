// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Evidence items prove that controls work and requirements are met. Files
// go to the blob store before the transaction that records them (see
// evidence_file.go); the scheduled checks are in evidence_check.go.

// objectEvidence is the object type and link type of evidence items.
const objectEvidence = "evidence"

func init() {
	linkables[objectEvidence] = linkable{
		label: "evidence",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			e, err := tx.FindEvidenceByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return e.ID, "Evidence: " + e.Title, nil
		},
	}
}

// EvidenceFreshnessWindow returns how many days before its validity ends an
// item of org counts as expiring. It is the same for every organization
// for now (isms.FreshnessWindowDays); org is where a setting will come in.
func (a *App) EvidenceFreshnessWindow(org isms.ID) int { return isms.FreshnessWindowDays }

// today is the app's current calendar day.
func (a *App) today() isms.Date { return isms.DateOf(a.now()) }

// EvidenceInput is a new evidence item as a form, the API or the command
// line gives it. A zero CollectedOn means today; give ValidUntil or
// ValidityDays, or neither for an item that does not expire.
type EvidenceInput struct {
	Title        string
	Description  string
	Kind         isms.EvidenceKind
	URL          string
	Note         string
	OwnerID      isms.ID
	CollectedOn  isms.Date
	ValidUntil   isms.Date
	ValidityDays int
	Source       isms.EvidenceSource
	Links        []isms.Link
}

// evidence builds the item in, normalized, and reports every problem with
// it (and with a file given for it) at once.
func (in EvidenceInput) evidence(actor isms.Actor, today isms.Date, withFile bool) (*isms.Evidence, error) {
	e := &isms.Evidence{OrgID: actor.OrgID, Title: in.Title, Description: in.Description, Kind: in.Kind,
		URL: in.URL, Note: in.Note, OwnerID: in.OwnerID, CollectedOn: in.CollectedOn, ValidUntil: in.ValidUntil,
		ValidityDays: in.ValidityDays, Source: in.Source, CreatedBy: actor.UserID, CreatorName: actor.Name}
	if e.CollectedOn.IsZero() {
		e.CollectedOn = today
	}
	e.Normalize()
	err := e.Validate(today)
	p := isms.Problems(isms.ErrorFields(err))
	if p == nil {
		p = isms.Problems{}
	}
	if !in.ValidUntil.IsZero() && in.ValidityDays > 0 {
		p.Add("validUntil", "Give a valid-until date or a validity period, not both.")
	}
	if withFile && e.Kind != isms.EvidenceKindFile {
		p.Add("file", "Only file evidence has files; choose the kind “file” or leave the file out.")
	}
	return e, p.Err()
}

// CreateEvidence adds an evidence item on behalf of actor, with its first
// file version when file is not nil and its links. The file is stored
// before the transaction that records it; every check that does not need
// the file runs before it is stored, so bad input stores nothing.
func (a *App) CreateEvidence(ctx context.Context, actor isms.Actor, in EvidenceInput, file *FileInput) (*isms.Evidence, error) {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not add evidence."); err != nil {
		return nil, err
	}
	e, err := a.checkNewEvidence(ctx, actor, in, file != nil)
	if err != nil {
		return nil, err
	}
	e.ID = isms.NewID("evd")
	if file != nil {
		f, err := a.storeFile(ctx, file)
		if err != nil {
			return nil, err
		}
		f.EvidenceID, f.Version, f.UploadedBy, f.UploaderName = e.ID, 1, actor.UserID, actor.Name
		e.CurrentVersion, e.File = 1, f
	}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		links, err := a.checkEvidenceRefs(ctx, tx, e, in.Links, isms.Problems{})
		if err != nil {
			return err
		}
		if err := tx.InsertEvidence(ctx, e); err != nil {
			return err
		}
		if e.File != nil {
			if err := tx.InsertEvidenceFile(ctx, e.OrgID, e.File); err != nil {
				return err
			}
		}
		for _, l := range links {
			if _, err := tx.InsertEvidenceLink(ctx, e.OrgID, e.ID, l.Link); err != nil {
				return err
			}
			e.Links = append(e.Links, l.Link)
		}
		return audit(ctx, tx, orgChain(e.OrgID), actor, "evidence.create", objectEvidence, e.ID, createdEvidence(e, links))
	})
	if err != nil {
		return nil, err
	}
	e.Freshness = isms.EvidenceFreshness(e, a.today(), a.EvidenceFreshnessWindow(e.OrgID))
	return e, nil
}

// ValidateEvidence checks a new item as CreateEvidence would, and reports
// every problem at once, without storing anything: a form that found
// problems of its own (a date it could not read) adds these to them.
func (a *App) ValidateEvidence(ctx context.Context, actor isms.Actor, in EvidenceInput, withFile bool) error {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not add evidence."); err != nil {
		return err
	}
	_, err := a.checkNewEvidence(ctx, actor, in, withFile)
	return err
}

// checkNewEvidence builds and checks a new item: its fields, its owner and
// its links, every problem at once.
func (a *App) checkNewEvidence(ctx context.Context, actor isms.Actor, in EvidenceInput, withFile bool) (*isms.Evidence, error) {
	e, err := in.evidence(actor, a.today(), withFile)
	p := isms.Problems{}
	for f, msg := range isms.ErrorFields(err) {
		p.Add(f, msg)
	}
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		_, err := a.checkEvidenceRefs(ctx, tx, e, in.Links, p)
		return err
	})
	return e, err
}

// checkEvidenceRefs checks e's owner and resolves links, adding their
// problems to p, and returns p's error when it has any.
func (a *App) checkEvidenceRefs(ctx context.Context, tx *sqldb.Tx, e *isms.Evidence, links []isms.Link, p isms.Problems) ([]ResolvedLink, error) {
	if err := a.checkEvidenceOwner(ctx, tx, e); isms.ErrorFields(err) != nil {
		p.Add("owner", isms.ErrorFields(err)["owner"])
	} else if err != nil {
		return nil, err
	}
	resolved, err := resolveLinks(ctx, tx, e.OrgID, links)
	if isms.ErrorFields(err) != nil {
		p.Add("links", isms.ErrorFields(err)["links"])
	} else if err != nil {
		return nil, err
	}
	return resolved, p.Err()
}

// createdEvidence is the audit record of a new item.
func createdEvidence(e *isms.Evidence, links []ResolvedLink) isms.Changes {
	fields := map[string]any{"title": e.Title, "kind": string(e.Kind), "source": string(e.Source),
		"collectedOn": e.CollectedOn.String()}
	optional := map[string]string{"description": e.Description, "url": e.URL, "note": e.Note,
		"owner": e.OwnerName, "validUntil": e.ValidUntil.String()}
	for k, v := range optional {
		if v != "" {
			fields[k] = v
		}
	}
	if e.ValidityDays > 0 {
		fields["validityDays"] = e.ValidityDays
	}
	if len(links) > 0 {
		s := make([]string, len(links))
		for i, l := range links {
			s[i] = l.String()
		}
		fields["links"] = strings.Join(s, ", ")
	}
	c := isms.Created(fields)
	if e.File != nil {
		for k, v := range fileChanges(e.File) {
			c[k] = v
		}
	}
	return c
}

// checkEvidenceOwner checks that e's owner, if any, is an active member of
// its organization who may keep evidence, and records their name.
func (a *App) checkEvidenceOwner(ctx context.Context, tx *sqldb.Tx, e *isms.Evidence) error {
	if e.OwnerID == "" {
		e.OwnerName = ""
		return nil
	}
	m, err := tx.FindMembership(ctx, e.OrgID, e.OwnerID)
	if isms.ErrorCode(err) == isms.NotFound {
		return isms.Problems{"owner": "The owner must be a member of this organization."}.Err()
	} else if err != nil {
		return err
	}
	u, err := tx.FindUserByID(ctx, e.OwnerID)
	if err != nil {
		return err
	}
	if u.Disabled || !m.Role.Allows(isms.EditEvidence) {
		return isms.Problems{"owner": u.Name + " cannot own evidence: owners must be active administrators, ISMS managers or contributors."}.Err()
	}
	e.OwnerName = u.Name
	return nil
}

// resolveLinks resolves every link of a new item, reporting the first bad
// one under the field "links".
func resolveLinks(ctx context.Context, tx *sqldb.Tx, org isms.ID, links []isms.Link) ([]ResolvedLink, error) {
	out := make([]ResolvedLink, 0, len(links))
	seen := map[isms.Link]bool{}
	for _, l := range links {
		r, err := resolveLink(ctx, tx, org, l, "links")
		if err != nil {
			return nil, err
		}
		if !seen[r.Link] {
			seen[r.Link] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// UpdateEvidence changes an item's details; its kind, source and files do
// not change here (files get new versions through AddEvidenceVersion).
func (a *App) UpdateEvidence(ctx context.Context, actor isms.Actor, id isms.ID, upd isms.EvidenceUpdate) (*isms.Evidence, error) {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not change evidence."); err != nil {
		return nil, err
	}
	if upd.ValidUntil != nil && !upd.ValidUntil.IsZero() && upd.ValidityDays != nil && *upd.ValidityDays > 0 {
		return nil, isms.Problems{"validUntil": "Give a valid-until date or a validity period, not both."}.Err()
	}
	var e *isms.Evidence
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if e, err = tx.FindEvidenceByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if upd.Version != e.Version {
			return isms.Errorf(isms.Conflict, "Someone else changed this evidence while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", upd.Version, e.Version)
		}
		version, ownerBefore := e.Version, e.OwnerName
		changes := upd.Apply(e)
		if err := e.Validate(a.today()); err != nil {
			return err
		}
		if _, ok := changes["owner"]; ok {
			if err := a.checkEvidenceOwner(ctx, tx, e); err != nil {
				return err
			}
			changes["owner"] = isms.Change{Before: ownerBefore, After: e.OwnerName}
		}
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateEvidence(ctx, e, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(e.OrgID), actor, "evidence.update", objectEvidence, e.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	e.Freshness = isms.EvidenceFreshness(e, a.today(), a.EvidenceFreshnessWindow(e.OrgID))
	return e, nil
}

// LinkEvidence links an item to a record of the actor's organization; a
// link that exists already changes nothing.
func (a *App) LinkEvidence(ctx context.Context, actor isms.Actor, id isms.ID, l isms.Link) (ResolvedLink, error) {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not link evidence."); err != nil {
		return ResolvedLink{}, err
	}
	var r ResolvedLink
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if _, err := tx.FindEvidenceByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if r, err = resolveLink(ctx, tx, actor.OrgID, l, "link"); err != nil {
			return err
		}
		if r.Link == (isms.Link{Type: objectEvidence, ID: id}) {
			return isms.Problems{"link": "An evidence item cannot support itself."}.Err()
		}
		added, err := tx.InsertEvidenceLink(ctx, actor.OrgID, id, r.Link)
		if err != nil || !added {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "evidence.link", objectEvidence, id,
			isms.Changes{"link": {After: r.String()}, "record": {After: r.Title}})
	})
	return r, err
}

// UnlinkEvidence removes a link of an item; a link that does not exist is
// NotFound.
func (a *App) UnlinkEvidence(ctx context.Context, actor isms.Actor, id isms.ID, l isms.Link) error {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not unlink evidence."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.FindEvidenceByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		removed, err := tx.DeleteEvidenceLink(ctx, actor.OrgID, id, l)
		if err != nil {
			return err
		}
		if !removed {
			return isms.Errorf(isms.NotFound, "This evidence is not linked to %s.", l)
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "evidence.unlink", objectEvidence, id,
			isms.Changes{"link": {Before: l.String()}})
	})
}

// FindEvidence lists the items of the actor's organization with their
// freshness today.
func (a *App) FindEvidence(ctx context.Context, actor isms.Actor, f isms.EvidenceFilter) ([]*isms.Evidence, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence."); err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Today, f.WindowDays = actor.OrgID, a.today(), a.EvidenceFreshnessWindow(actor.OrgID)
	var list []*isms.Evidence
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindEvidence(ctx, f)
		return err
	})
	for _, e := range list {
		e.Freshness = isms.EvidenceFreshness(e, f.Today, f.WindowDays)
	}
	return list, total, err
}

// EvidenceFor returns the items linked to a record, with their freshness,
// for the record's page: any module shows them, flagging expired and
// missing evidence. It returns at most isms.MaxPageSize items.
func (a *App) EvidenceFor(ctx context.Context, actor isms.Actor, l isms.Link) ([]*isms.Evidence, error) {
	list, _, err := a.FindEvidence(ctx, actor, isms.EvidenceFilter{LinkType: l.Type, LinkID: l.ID, Limit: isms.MaxPageSize})
	return list, err
}

// EvidenceDetail is an item with everything its page shows.
type EvidenceDetail struct {
	Evidence *isms.Evidence       `json:"evidence"`
	Files    []*isms.EvidenceFile `json:"versions"`
	Links    []ResolvedLink       `json:"links"`
	// History holds the item's audit events, newest first, for those who
	// may read the audit trail; nil for others.
	History []*isms.AuditEvent `json:"history,omitempty"`
}

// FindEvidenceDetail returns one item of the actor's organization with its
// file versions, its links with their records' titles and its history.
func (a *App) FindEvidenceDetail(ctx context.Context, actor isms.Actor, id isms.ID) (*EvidenceDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence."); err != nil {
		return nil, err
	}
	d := &EvidenceDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Evidence, err = tx.FindEvidenceByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if d.Files, err = tx.FindEvidenceFiles(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if d.Links, err = describeLinks(ctx, tx, actor.OrgID, d.Evidence.Links); err != nil {
			return err
		}
		if actor.Can(isms.ReadAuditTrail) {
			d.History, _, err = tx.FindAuditEvents(ctx, isms.AuditFilter{Chain: orgChain(actor.OrgID),
				ObjectType: objectEvidence, ObjectID: id, Desc: true, Limit: isms.MaxPageSize})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	d.Evidence.Freshness = isms.EvidenceFreshness(d.Evidence, a.today(), a.EvidenceFreshnessWindow(actor.OrgID))
	return d, nil
}

// EvidenceSummary counts an organization's evidence for the dashboard.
type EvidenceSummary struct {
	Total    int `json:"total"`
	Expiring int `json:"expiring" doc:"Items valid now that expire within the freshness window."`
	Expired  int `json:"expired"`
	Missing  int `json:"missing" doc:"File items without a usable file."`
	// FailedFiles counts stored file versions (current or older) whose
	// latest integrity check failed.
	FailedFiles int `json:"failedFiles"`
}

// evidenceSummary counts the evidence of org for the dashboard.
func (a *App) evidenceSummary(ctx context.Context, tx *sqldb.Tx, org isms.ID) (*EvidenceSummary, error) {
	c, err := tx.CountEvidence(ctx, org, a.today(), a.EvidenceFreshnessWindow(org))
	if err != nil {
		return nil, err
	}
	return &EvidenceSummary{Total: c.Total, Expiring: c.Expiring, Expired: c.Expired, Missing: c.Missing, FailedFiles: c.FailedFiles}, nil
}
