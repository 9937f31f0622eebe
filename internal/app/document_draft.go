// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Writing drafts: saving a draft's body, starting a new version from the
// latest one and comparing two versions.

// bodyHash is the SHA-256 of a Markdown body, "" for none: the audit
// trail records it rather than the text.
func bodyHash(body string) string {
	if body == "" {
		return ""
	}
	return isms.ContentHash([]byte(body))
}

// versionCreated is the audit record of a new version of d.
func versionCreated(d *isms.Document, v *isms.DocumentVersion) isms.Changes {
	fields := map[string]any{"document": d.Ref, "number": v.Number, "status": string(v.Status),
		"format": string(v.Format), "changeSummary": v.ChangeSummary}
	for k, s := range map[string]string{"bodySha256": bodyHash(v.Body), "fileName": v.FileName, "fileSha256": v.FileSHA256} {
		if s != "" {
			fields[k] = s
		}
	}
	return isms.Created(fields)
}

// bodyChanges returns what changed in the body of a version.
func bodyChanges(b, v *isms.DocumentVersion) isms.Changes {
	ch := isms.Changes{}
	for _, f := range []struct{ name, before, after string }{
		{"format", string(b.Format), string(v.Format)}, {"bodySha256", bodyHash(b.Body), bodyHash(v.Body)},
		{"fileName", b.FileName, v.FileName}, {"fileSha256", b.FileSHA256, v.FileSHA256},
		{"changeSummary", b.ChangeSummary, v.ChangeSummary},
	} {
		if f.before != f.after {
			ch[f.name] = isms.Change{Before: f.before, After: f.after}
		}
	}
	return ch
}

// SaveDraft changes the body and change summary of a draft. revision is
// the revision the person edited; a newer stored one is a conflict.
func (a *App) SaveDraft(ctx context.Context, actor isms.Actor, versionID isms.ID, revision int, body DocumentBodyInput) (*isms.DocumentVersion, error) {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not edit documents."); err != nil {
		return nil, err
	}
	file, err := a.storeBodyFile(ctx, body)
	if err != nil {
		return nil, err
	}
	var v *isms.DocumentVersion
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		var d *isms.Document
		var err error
		if v, d, err = editableDraft(ctx, tx, actor, versionID); err != nil {
			return err
		}
		if v.Revision != revision {
			return isms.Errorf(isms.Conflict, "Someone else saved %s while you were editing it (revision %d is now %d). Reload to see their changes, then make yours again.", versionLabel(d, v), revision, v.Revision)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectDocumentVersion, v.ID); err != nil {
			return err
		}
		before := *v
		p := isms.Problems{}
		body.apply(v, file, p)
		if err := p.Err(); err != nil {
			return err
		}
		changes := bodyChanges(&before, v)
		if len(changes) == 0 {
			return nil
		}
		if err := tx.UpdateDocumentVersion(ctx, v, revision); err != nil {
			return err
		}
		changes["version"] = isms.Change{After: versionLabel(d, v)}
		return audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.save", objectDocumentVersion, v.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// NewDocumentVersion starts the next version of a document as a draft
// that copies the latest version's body. While the latest version is a
// draft or in review, there is nothing to start.
func (a *App) NewDocumentVersion(ctx context.Context, actor isms.Actor, docID isms.ID, changeSummary string) (*isms.DocumentVersion, error) {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not edit documents."); err != nil {
		return nil, err
	}
	var v *isms.DocumentVersion
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		d, err := findDocumentForUpdate(ctx, tx, actor, docID)
		if err != nil {
			return err
		}
		if d.Retired {
			return isms.Errorf(isms.Conflict, "%s is retired; it gets no new versions.", d.Ref)
		}
		v = &isms.DocumentVersion{ID: isms.NewID("dver"), OrgID: d.OrgID, DocumentID: d.ID, Number: d.LatestNumber + 1,
			Status: isms.VersionDraft, Format: isms.BodyMarkdown, AuthorID: actor.UserID, AuthorName: actor.Name}
		if d.LatestNumber > 0 {
			latest, err := tx.FindDocumentVersion(ctx, d.OrgID, d.ID, d.LatestNumber)
			if err != nil {
				return err
			}
			switch latest.Status {
			case isms.VersionDraft, isms.VersionInReview:
				return isms.Errorf(isms.Conflict, "%s is %s; finish it before starting another version.", versionLabel(d, latest), strings.ToLower(latest.Status.Label()))
			}
			v.Format, v.Body = latest.Format, latest.Body
			v.FileName, v.FileSHA256, v.FileSize, v.MediaType = latest.FileName, latest.FileSHA256, latest.FileSize, latest.MediaType
		}
		p := isms.Problems{}
		DocumentBodyInput{Markdown: v.Body, ChangeSummary: changeSummary}.apply(v, nil, p)
		if err := p.Err(); err != nil {
			return err
		}
		if err := tx.InsertDocumentVersion(ctx, v); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.create", objectDocumentVersion, v.ID, versionCreated(d, v))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// CompareDocumentVersions compares the text of versions from and to of a
// document line by line. A file body compares as its name and SHA-256.
func (a *App) CompareDocumentVersions(ctx context.Context, actor isms.Actor, docID isms.ID, from, to int) ([]report.DiffLine, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not compare document versions."); err != nil {
		return nil, err
	}
	var texts [2]string
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		d, acc, err := readableDocument(ctx, tx, actor, string(docID))
		if err != nil {
			return err
		}
		if !acc.all {
			return errNoDocument()
		}
		for i, n := range []int{from, to} {
			v, err := tx.FindDocumentVersion(ctx, d.OrgID, d.ID, n)
			if isms.ErrorCode(err) == isms.NotFound {
				return isms.Errorf(isms.NotFound, "%s has no version %d.", d.Ref, n)
			} else if err != nil {
				return err
			}
			texts[i] = versionText(v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return report.LineDiff(texts[0], texts[1]), nil
}

// versionText is the text of v that comparisons compare.
func versionText(v *isms.DocumentVersion) string {
	switch {
	case !v.DisposedAt.IsZero():
		return "(disposed of on " + isms.DateOf(v.DisposedAt).String() + ")"
	case v.Format == isms.BodyFile:
		return "File: " + v.FileName + "\nSHA-256: " + v.FileSHA256
	}
	return v.Body
}
