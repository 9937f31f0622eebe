// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Documented information (27001 7.5): controlled documents with numbered
// versions. Whoever holds isms.EditDocuments creates documents and writes
// their drafts; a draft goes through the shared approval mechanism
// (document_version.go), is reviewed on a cycle (document_review.go) and
// kept after it stops being in force until its retention ends
// (document_retention.go). Who may read a document follows its
// classification and audience (docReader).

// objectDocument is the object type of documents in the audit trail and
// in links.
const objectDocument = "document"

func init() {
	linkables[objectDocument] = linkable{
		label: "document",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			d, err := findDocumentByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return d.ID, "Document " + d.Ref + ": " + d.Title, nil
		},
	}
}

// findDocumentByIDOrRef returns a document by its ID or, failing that,
// its reference ("DOC-3").
func findDocumentByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Document, error) {
	return byIDOrRef(ctx, org, s, tx.FindDocumentByID, tx.FindDocumentByRef)
}

// DocumentInput is a document's metadata as a form or the API gives it.
// An empty Ref takes the next free "DOC-<n>"; ReviewMonths "" is 12 for a
// new document and keeps the interval of an existing one; NextReview ""
// keeps the stored date (approval sets it). AudiencePeople are member IDs
// or e-mail addresses; Links are "type:id" ("control:C-3", "risk:R-2").
type DocumentInput struct {
	Ref, Title, Type, Description, OwnerID, Classification, ReviewMonths, NextReview, Source, ExternalVersion string

	External         bool
	AudienceEveryone bool
	AudienceRoles    []string
	AudiencePeople   []string
	Clauses          []string
	Links            []string
}

// apply sets the plain fields of d from in, recording what cannot be read
// in p.
func (in DocumentInput) apply(d *isms.Document, p isms.Problems) {
	if s := strings.TrimSpace(in.Ref); s != "" {
		d.Ref = s
	}
	d.Title, d.Description, d.Source, d.ExternalVersion = in.Title, strings.ReplaceAll(in.Description, "\r\n", "\n"), in.Source, in.ExternalVersion
	d.External = in.External
	d.Type = isms.DocumentType(pickKey(in.Type, documentTypeKeys(), func(k string) string { return isms.DocumentType(k).Label() }))
	d.Classification = isms.Classification(strings.ToLower(strings.TrimSpace(in.Classification)))
	if d.Classification == "" {
		d.Classification = isms.ClassInternal
	}
	d.OwnerID = isms.ID(strings.TrimSpace(in.OwnerID))
	if s := strings.TrimSpace(in.ReviewMonths); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add("reviewMonths", "Enter the review interval as a number of months, 0 for none.")
		}
		d.ReviewMonths = n
	}
	if s := strings.TrimSpace(in.NextReview); s != "" {
		date, err := isms.ParseDate(s)
		if err != nil {
			p.Add("nextReview", "Enter the next review date as YYYY-MM-DD.")
		}
		d.NextReview = date
	}
	d.Clauses = nil
	seen := map[string]bool{}
	for _, c := range in.Clauses {
		if c = strings.TrimSpace(c); c != "" && !seen[c] {
			seen[c] = true
			d.Clauses = append(d.Clauses, c)
		}
	}
	d.Audience = isms.Audience{Everyone: in.AudienceEveryone}
	for _, s := range in.AudienceRoles {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		r := isms.Role(pickKey(s, roleKeys(), func(k string) string { return isms.Role(k).Label() }))
		if !slicesContains(d.Audience.Roles, r) {
			d.Audience.Roles = append(d.Audience.Roles, r)
		}
	}
	d.Normalize()
}

// resolve reads the audience's people and the links of in for d,
// recording unknown ones in p.
func (in DocumentInput) resolve(ctx context.Context, tx *sqldb.Tx, d *isms.Document, p isms.Problems) ([]isms.Link, error) {
	for _, s := range in.AudiencePeople {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := memberByIDOrEmail(ctx, tx, d.OrgID, s)
		if err != nil {
			return nil, err
		}
		if id == "" {
			p.Add("audience", quote(s)+" is not a member of this organization; name people by their e-mail address.")
		} else if !slicesContains(d.Audience.People, id) {
			d.Audience.People = append(d.Audience.People, id)
		}
	}
	var links []isms.Link
	for _, s := range in.Links {
		if strings.TrimSpace(s) == "" {
			continue
		}
		l, err := isms.ParseLink(s)
		if err != nil {
			p.Add("links", isms.ErrorMessage(err))
			continue
		}
		r, err := resolveLink(ctx, tx, d.OrgID, l, "links")
		if err := addProblems(p, err); err != nil {
			return nil, err
		}
		if err == nil && !slicesContains(links, r.Link) {
			links = append(links, r.Link)
		}
	}
	return links, nil
}

// memberByIDOrEmail returns the ID of the member of org with ID or e-mail
// address s, "" when there is none.
func memberByIDOrEmail(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (isms.ID, error) {
	id := isms.ID(s)
	if strings.Contains(s, "@") {
		u, _, err := tx.FindUserByEmail(ctx, isms.NormalizeEmail(s))
		if isms.ErrorCode(err) == isms.NotFound {
			return "", nil
		} else if err != nil {
			return "", err
		}
		id = u.ID
	}
	_, err := tx.FindMembership(ctx, org, id)
	if isms.ErrorCode(err) == isms.NotFound {
		return "", nil
	}
	return id, err
}

func slicesContains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

func documentTypeKeys() []string {
	out := make([]string, len(isms.DocumentTypes))
	for i, t := range isms.DocumentTypes {
		out[i] = string(t)
	}
	return out
}

func roleKeys() []string {
	out := make([]string, len(isms.Roles))
	for i, r := range isms.Roles {
		out[i] = string(r)
	}
	return out
}

// checkDocument checks d, its reference and its owner, adding to p, and
// returns every problem at once.
func checkDocument(ctx context.Context, tx *sqldb.Tx, d *isms.Document, p isms.Problems) error {
	if d.Ref != "" {
		err := checkRefFree(ctx, d.OrgID, d.Ref, d.ID, p, tx.FindDocumentByRef,
			func(o *isms.Document) (isms.ID, string) { return o.ID, o.Title })
		if err != nil {
			return err
		}
	}
	d.OwnerName = ""
	if d.OwnerID != "" {
		name, err := activeMemberName(ctx, tx, d.OrgID, d.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		d.OwnerName = name
	}
	return mergeProblems(p, d.Validate())
}

// CreateDocument adds a document to the actor's organization with its
// first version, a draft whose body is body.
func (a *App) CreateDocument(ctx context.Context, actor isms.Actor, in DocumentInput, body DocumentBodyInput) (*isms.Document, *isms.DocumentVersion, error) {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not create documents."); err != nil {
		return nil, nil, err
	}
	file, err := a.storeBodyFile(ctx, body)
	if err != nil {
		return nil, nil, err
	}
	d := &isms.Document{ID: isms.NewID("doc"), OrgID: actor.OrgID, ReviewMonths: 12, CreatedBy: actor.UserID}
	v := &isms.DocumentVersion{ID: isms.NewID("dver"), OrgID: actor.OrgID, DocumentID: d.ID, Number: 1,
		Status: isms.VersionDraft, AuthorID: actor.UserID, AuthorName: actor.Name}
	if strings.TrimSpace(body.ChangeSummary) == "" {
		body.ChangeSummary = "First version."
	}
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return createDocumentIn(ctx, tx, actor, d, v, in, body, file)
	})
	if err != nil {
		return nil, nil, err
	}
	d.Status, d.LatestNumber = v.Status, v.Number
	return d, v, nil
}

// createDocumentIn checks and stores document d with its first version v
// from in, body and the stored file (nil when none was uploaded).
func createDocumentIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, v *isms.DocumentVersion,
	in DocumentInput, body DocumentBodyInput, file *isms.EvidenceFile) error {
	p := isms.Problems{}
	in.apply(d, p)
	links, err := in.resolve(ctx, tx, d, p)
	if err != nil {
		return err
	}
	if d.Ref == "" {
		n, err := tx.MaxDocumentNumber(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		d.Ref = "DOC-" + strconv.Itoa(n+1)
	}
	body.apply(v, file, p)
	if err := checkDocument(ctx, tx, d, p); err != nil {
		return err
	}
	if err := tx.InsertDocument(ctx, d); err != nil {
		return err
	}
	if err := tx.SetDocumentLinks(ctx, d.OrgID, d.ID, links); err != nil {
		return err
	}
	if err := tx.InsertDocumentVersion(ctx, v); err != nil {
		return err
	}
	if err := syncDocumentReviewTask(ctx, tx, actor, d); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(d.OrgID), actor, "document.create", objectDocument, d.ID, documentCreated(d, links)); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.create", objectDocumentVersion, v.ID, versionCreated(d, v))
}

// documentFields are the audited fields of a document, as text.
func documentFields(d *isms.Document, links []isms.Link) map[string]any {
	audience, _ := json.Marshal(d.Audience)
	return map[string]any{"ref": d.Ref, "title": d.Title, "type": string(d.Type), "description": d.Description,
		"owner": d.OwnerName, "classification": string(d.Classification), "audience": string(audience),
		"reviewMonths": d.ReviewMonths, "nextReview": d.NextReview.String(), "clauses": strings.Join(d.Clauses, "; "),
		"external": d.External, "source": d.Source, "externalVersion": d.ExternalVersion, "links": linkList(links)}
}

// linkList writes links sorted, separated by "; ".
func linkList(links []isms.Link) string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l.String()
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// documentCreated is the audit record of a new document.
func documentCreated(d *isms.Document, links []isms.Link) isms.Changes {
	fields := map[string]any{}
	for k, v := range documentFields(d, links) {
		if v != "" && v != false {
			fields[k] = v
		}
	}
	return isms.Created(fields)
}

// documentChanges returns what changed between two versions of a
// document's metadata.
func documentChanges(b *isms.Document, bl []isms.Link, d *isms.Document, dl []isms.Link) isms.Changes {
	before, after := documentFields(b, bl), documentFields(d, dl)
	ch := isms.Changes{}
	for k, v := range after {
		if before[k] != v {
			ch[k] = isms.Change{Before: before[k], After: v}
		}
	}
	if b.OwnerID != d.OwnerID && ch["owner"] == (isms.Change{}) {
		ch["owner"] = isms.Change{Before: string(b.OwnerID), After: string(d.OwnerID)}
	}
	return ch
}

// UpdateDocument changes a document's metadata. version is the version
// the person edited; a newer stored one is a conflict. Versions change
// through their own use cases.
func (a *App) UpdateDocument(ctx context.Context, actor isms.Actor, id isms.ID, version int, in DocumentInput) (*isms.Document, error) {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not edit documents."); err != nil {
		return nil, err
	}
	var d *isms.Document
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if d, err = findDocumentForUpdate(ctx, tx, actor, id); err != nil {
			return err
		}
		if d.Version != version {
			return isms.Errorf(isms.Conflict, "Someone else changed this document while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", version, d.Version)
		}
		before := *d
		beforeLinks, err := tx.DocumentLinks(ctx, d.OrgID, d.ID)
		if err != nil {
			return err
		}
		p := isms.Problems{}
		in.apply(d, p)
		links, err := in.resolve(ctx, tx, d, p)
		if err != nil {
			return err
		}
		if err := checkDocument(ctx, tx, d, p); err != nil {
			return err
		}
		changes := documentChanges(&before, beforeLinks, d, links)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateDocument(ctx, d, version); err != nil {
			return err
		}
		if linkList(beforeLinks) != linkList(links) {
			if err := tx.SetDocumentLinks(ctx, d.OrgID, d.ID, links); err != nil {
				return err
			}
		}
		if err := syncDocumentReviewTask(ctx, tx, actor, d); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.OrgID), actor, "document.update", objectDocument, d.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// findDocumentForUpdate returns document id, locked, when the actor may
// read every version of it; otherwise NotFound, so that a restricted
// document does not show that it exists.
func findDocumentForUpdate(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID) (*isms.Document, error) {
	d, err := tx.FindDocumentByIDForUpdate(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	r, err := newDocReader(ctx, tx, actor)
	if err != nil {
		return nil, err
	}
	if !r.access(d).all {
		return nil, errNoDocument()
	}
	return d, nil
}

// errNoDocument is the error of a document the actor may not read.
func errNoDocument() error {
	return isms.Errorf(isms.NotFound, "No such document in this organization.")
}
