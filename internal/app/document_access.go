// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Who reads which document. Members who read the ISMS read every version
// of every document, except restricted documents: those only their
// audience, their owner, administrators, ISMS managers and auditors read.
// Members who do not read the ISMS (employees) read the version in force
// of the documents whose audience includes them, and the versions that
// open awareness campaigns ask them to acknowledge.

// readAccess is what one member may read of one document.
type readAccess struct {
	all      bool             // every version, links and reviews
	inForce  bool             // the approved version
	versions map[isms.ID]bool // these versions, asked for by campaigns
}

// any reports whether the member may read anything of the document.
func (r readAccess) any() bool { return r.all || r.inForce || len(r.versions) > 0 }

// version reports whether the member may read v.
func (r readAccess) version(v *isms.DocumentVersion) bool {
	return r.all || r.versions[v.ID] || (r.inForce && v.Status == isms.VersionApproved)
}

// docReader answers what one actor may read of documents.
type docReader struct {
	actor isms.Actor
	// asked holds, for members who do not read the ISMS, the versions
	// open campaigns ask them to acknowledge, by document.
	asked map[isms.ID]map[isms.ID]bool
}

// newDocReader returns the reader of actor, reading the open campaigns
// of members who do not read the ISMS.
func newDocReader(ctx context.Context, tx *sqldb.Tx, actor isms.Actor) (*docReader, error) {
	r := &docReader{actor: actor}
	if actor.System || actor.Can(isms.ReadISMS) {
		return r, nil
	}
	campaigns, err := tx.OpenCampaigns(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	r.asked = map[isms.ID]map[isms.ID]bool{}
	for _, c := range campaigns {
		if !c.Audience.Includes(actor.Role, actor.UserID) {
			continue
		}
		for i, doc := range c.Documents {
			if i >= len(c.Versions) {
				break
			}
			if r.asked[doc] == nil {
				r.asked[doc] = map[isms.ID]bool{}
			}
			r.asked[doc][c.Versions[i]] = true
		}
	}
	return r, nil
}

// readsEverything reports whether the actor reads every document,
// restricted ones included.
func readsEverything(actor isms.Actor) bool {
	if actor.System {
		return true
	}
	if !actor.Can(isms.ReadISMS) {
		return false
	}
	switch actor.Role {
	case isms.RoleAdmin, isms.RoleManager, isms.RoleAuditor:
		return true
	}
	return false
}

// access returns what the reader's actor may read of d.
func (r *docReader) access(d *isms.Document) readAccess {
	a := r.actor
	inAudience := d.OwnerID == a.UserID || d.Audience.Includes(a.Role, a.UserID)
	switch {
	case readsEverything(a), d.OwnerID == a.UserID && a.UserID != "":
		return readAccess{all: true}
	case a.Can(isms.ReadISMS):
		return readAccess{all: d.Classification != isms.ClassRestricted || inAudience}
	case !a.Can(isms.ReadOwnWork):
		return readAccess{}
	}
	return readAccess{inForce: inAudience && !d.Retired, versions: r.asked[d.ID]}
}

// readerFilter narrows f to the documents actor may read.
func readerFilter(actor isms.Actor, f *isms.DocumentFilter) {
	f.OrgID = actor.OrgID
	if readsEverything(actor) {
		return
	}
	f.Reader, f.ReaderRole, f.ReaderID = true, actor.Role, actor.UserID
	if actor.Can(isms.ReadISMS) {
		f.ReaderRestrictedOnly = true
	} else {
		f.InForce = true
	}
}

// FindDocuments lists the documents of the actor's organization that the
// actor may read. Members who do not read the ISMS see the documents in
// force of their audience; the versions campaigns ask of them they reach
// through their acknowledgements.
func (a *App) FindDocuments(ctx context.Context, actor isms.Actor, f isms.DocumentFilter) ([]*isms.Document, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadOwnWork), "You may not read documents."); err != nil {
		return nil, 0, err
	}
	readerFilter(actor, &f)
	if f.ReviewOverdue && f.Today.IsZero() {
		f.Today = a.today()
	}
	var list []*isms.Document
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindDocuments(ctx, f)
		return err
	})
	return list, total, err
}

// DocumentDetail is a document with what the actor may read of it: its
// versions (newest first), links and reviews. Latest is the newest
// version the actor may read, InForce the approved one (either may be
// nil); Pending is the pending submission of the latest version. CanRead
// is set when the actor reads every version, links and reviews; CanEdit
// when they may also change the document.
type DocumentDetail struct {
	Document        *isms.Document
	Versions        []*isms.DocumentVersion
	Links           []ResolvedLink
	Reviews         []*isms.DocumentReview
	Latest, InForce *isms.DocumentVersion
	Pending         *isms.Approval
	CanEdit         bool
	CanRead         bool
}

// FindDocument returns a document, by ID or reference, with what the
// actor may read of it. A document the actor may not read is not found.
func (a *App) FindDocument(ctx context.Context, actor isms.Actor, idOrRef string) (*DocumentDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadOwnWork), "You may not read documents."); err != nil {
		return nil, err
	}
	out := &DocumentDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		d, acc, err := readableDocument(ctx, tx, actor, idOrRef)
		if err != nil {
			return err
		}
		out.Document, out.CanRead = d, acc.all
		out.CanEdit = acc.all && actor.Can(isms.EditDocuments)
		versions, err := tx.DocumentVersions(ctx, d.OrgID, d.ID)
		if err != nil {
			return err
		}
		for _, v := range versions {
			if acc.version(v) {
				out.Versions = append(out.Versions, v)
			}
			if v.Status == isms.VersionApproved && acc.version(v) {
				out.InForce = v
			}
		}
		if len(out.Versions) > 0 {
			out.Latest = out.Versions[0]
		}
		if !acc.all {
			return nil
		}
		return documentSurroundings(ctx, tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// documentSurroundings reads the links, reviews and pending submission of
// the document of out.
func documentSurroundings(ctx context.Context, tx *sqldb.Tx, out *DocumentDetail) error {
	d := out.Document
	links, err := tx.DocumentLinks(ctx, d.OrgID, d.ID)
	if err != nil {
		return err
	}
	if out.Links, err = describeLinks(ctx, tx, d.OrgID, links); err != nil {
		return err
	}
	if out.Reviews, err = tx.DocumentReviews(ctx, d.OrgID, d.ID); err != nil {
		return err
	}
	if out.Latest == nil {
		return nil
	}
	pending, _, err := tx.FindApprovals(ctx, isms.ApprovalFilter{OrgID: d.OrgID, ObjectType: objectDocumentVersion,
		ObjectID: out.Latest.ID, Status: isms.ApprovalPending, Limit: 1})
	if err == nil && len(pending) > 0 {
		out.Pending = pending[0]
	}
	return err
}

// readableDocument returns a document by ID or reference and what the
// actor may read of it; NotFound when nothing.
func readableDocument(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, idOrRef string) (*isms.Document, readAccess, error) {
	d, err := findDocumentByIDOrRef(ctx, tx, actor.OrgID, idOrRef)
	if err != nil {
		return nil, readAccess{}, err
	}
	r, err := newDocReader(ctx, tx, actor)
	if err != nil {
		return nil, readAccess{}, err
	}
	acc := r.access(d)
	if !acc.any() {
		return nil, readAccess{}, errNoDocument()
	}
	return d, acc, nil
}

// FindDocumentVersion returns version number of a document, by ID or
// reference, when the actor may read it, with its document. Number 0 is
// the version in force, or the latest when none is.
func (a *App) FindDocumentVersion(ctx context.Context, actor isms.Actor, docIDOrRef string, number int) (*isms.DocumentVersion, *isms.Document, error) {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadOwnWork), "You may not read documents."); err != nil {
		return nil, nil, err
	}
	var v *isms.DocumentVersion
	var d *isms.Document
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		v, d, err = readableVersion(ctx, tx, actor, docIDOrRef, number)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return v, d, nil
}

// readableVersion is FindDocumentVersion within tx.
func readableVersion(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, docIDOrRef string, number int) (*isms.DocumentVersion, *isms.Document, error) {
	d, acc, err := readableDocument(ctx, tx, actor, docIDOrRef)
	if err != nil {
		return nil, nil, err
	}
	if number == 0 {
		number = d.ApprovedNumber
		if number == 0 {
			number = d.LatestNumber
		}
	}
	v, err := tx.FindDocumentVersion(ctx, d.OrgID, d.ID, number)
	if isms.ErrorCode(err) == isms.NotFound || (err == nil && !acc.version(v)) {
		return nil, nil, isms.Errorf(isms.NotFound, "%s has no version %d that you may read.", d.Ref, number)
	}
	if err != nil {
		return nil, nil, err
	}
	return v, d, nil
}

// OpenDocumentFile returns the file of a version whose body is a file,
// for download, when the actor may read the version. The content is
// checked against the recorded SHA-256 and size as it is read, as
// evidence files are.
func (a *App) OpenDocumentFile(ctx context.Context, actor isms.Actor, versionID isms.ID) (io.ReadCloser, *isms.DocumentVersion, error) {
	if err := forbid(actor.Can(isms.ReadISMS) || actor.Can(isms.ReadOwnWork), "You may not read documents."); err != nil {
		return nil, nil, err
	}
	var v *isms.DocumentVersion
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v, err = tx.FindDocumentVersionByID(ctx, actor.OrgID, versionID); err != nil {
			return err
		}
		_, _, err = readableVersion(ctx, tx, actor, string(v.DocumentID), v.Number)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	switch {
	case !v.DisposedAt.IsZero():
		return nil, nil, isms.Errorf(isms.Conflict, "Version %d was disposed of on %s; its file is no longer kept.", v.Number, isms.DateOf(v.DisposedAt))
	case v.Format != isms.BodyFile || v.FileSHA256 == "":
		return nil, nil, isms.Errorf(isms.NotFound, "Version %d has no file; its text is on its page.", v.Number)
	case a.opts.Blobs == nil:
		return nil, nil, errors.New("open document file: no blob store is configured")
	}
	rc, err := a.opts.Blobs.Open(ctx, v.FileSHA256)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, nil, isms.Errorf(isms.Conflict, "The stored file of version %d is missing; restore it from a backup.", v.Number)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open document file: %w", err)
	}
	return &verifyingReader{rc: rc, h: sha256.New(), want: v.FileSHA256, size: v.FileSize}, v, nil
}
