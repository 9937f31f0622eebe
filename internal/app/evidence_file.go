// SPDX-License-Identifier: Apache-2.0

package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/gabriel-vasile/mimetype"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// DefaultMaxUpload is the largest evidence file accepted when
// Options.MaxUpload is not set: 100 MiB.
const DefaultMaxUpload = 100 << 20

// ErrTooLarge is matched (errors.Is) by the error of an upload larger than
// the limit; the error is also an Invalid *isms.Error naming the field
// "file", so pages and the API can answer 413 with a clear message.
var ErrTooLarge = errors.New("upload exceeds the size limit")

// MaxUpload returns the largest evidence file accepted, in bytes.
func (a *App) MaxUpload() int64 { return a.opts.MaxUpload }

// FileInput is an uploaded file: the name the uploader gave it, kept for
// display only, and its content, read once to the end and never held whole
// in memory.
type FileInput struct {
	Name   string
	Reader io.Reader
}

// sniffLen is how much of a file's start the media type is detected from.
const sniffLen = 3072

// storeFile streams in to the blob store and returns its version record
// without item or version number: hash and size as stored, the media type
// detected from the content (what the uploader claims is ignored) and the
// cleaned file name. An empty or oversized file stores nothing.
func (a *App) storeFile(ctx context.Context, in *FileInput) (*isms.EvidenceFile, error) {
	if a.opts.Blobs == nil {
		return nil, errors.New("store evidence file: no blob store is configured")
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(in.Reader, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if n == 0 {
		return nil, isms.Problems{"file": "The file is empty; choose a file with content."}.Err()
	}
	head = head[:n]
	ref, err := a.opts.Blobs.Put(ctx, io.MultiReader(bytes.NewReader(head), in.Reader), a.opts.MaxUpload)
	if errors.Is(err, blob.ErrTooLarge) {
		return nil, tooLarge(a.opts.MaxUpload)
	}
	if err != nil {
		return nil, fmt.Errorf("store evidence file: %w", err)
	}
	return &isms.EvidenceFile{SHA256: ref.SHA256, Size: ref.Size, MediaType: mimetype.Detect(head).String(),
		FileName: isms.CleanFileName(in.Name), Integrity: isms.IntegrityOK}, nil
}

// tooLarge is the error of a file over limit bytes.
func tooLarge(limit int64) error {
	p := isms.Problems{"file": fmt.Sprintf("The file is larger than the limit of %s; nothing was stored.", byteSize(limit))}
	return fmt.Errorf("%w: %w", ErrTooLarge, p.Err())
}

// TooLarge returns the error of an upload over the limit, for the web
// layer to report a request body cut off before the file ended.
func (a *App) TooLarge() error { return tooLarge(a.opts.MaxUpload) }

// byteSize writes n bytes for people: "100 MiB", "1.5 KiB", "12 bytes".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %ciB", int64(v), "KMGTPE"[exp])
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGTPE"[exp])
}

// fileChanges is the audit record of a stored file version.
func fileChanges(f *isms.EvidenceFile) isms.Changes {
	return isms.Changes{"fileVersion": {After: f.Version}, "sha256": {After: f.SHA256}, "size": {After: f.Size},
		"mediaType": {After: f.MediaType}, "fileName": {After: f.FileName}}
}

// VersionInput is what comes with a new file version besides the file: the
// day it was collected (zero: today) and, for an item without a validity
// period, a new valid-until date (zero keeps the present one).
type VersionInput struct {
	CollectedOn isms.Date
	ValidUntil  isms.Date
}

// AddEvidenceVersion stores a new file version of a file item. It
// supersedes the current version, which is kept; the collection date moves
// to in.CollectedOn and a validity period is counted from it again.
func (a *App) AddEvidenceVersion(ctx context.Context, actor isms.Actor, id isms.ID, in VersionInput, file FileInput) (*isms.Evidence, error) {
	if err := forbid(actor.Can(isms.EditEvidence), "You may not upload evidence."); err != nil {
		return nil, err
	}
	today := a.today()
	prepare := func(e *isms.Evidence) error {
		if e.Kind != isms.EvidenceKindFile {
			return isms.Problems{"file": "Only file evidence has file versions; this item is a " + string(e.Kind) + "."}.Err()
		}
		e.CollectedOn = in.CollectedOn
		if e.CollectedOn.IsZero() {
			e.CollectedOn = today
		}
		if !in.ValidUntil.IsZero() {
			if e.ValidityDays > 0 {
				return isms.Problems{"validUntil": fmt.Sprintf("This evidence is valid for %d days from collection; change that on its edit page to give a date instead.", e.ValidityDays)}.Err()
			}
			e.ValidUntil = in.ValidUntil
		}
		e.Normalize()
		return e.Validate(today)
	}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		e, err := tx.FindEvidenceByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		return prepare(e)
	})
	if err != nil {
		return nil, err
	}
	f, err := a.storeFile(ctx, &file)
	if err != nil {
		return nil, err
	}
	var e *isms.Evidence
	err = a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if e, err = tx.FindEvidenceByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		before := *e
		if err := prepare(e); err != nil {
			return err
		}
		f.EvidenceID, f.Version, f.UploadedBy, f.UploaderName = e.ID, e.CurrentVersion+1, actor.UserID, actor.Name
		if err := tx.InsertEvidenceFile(ctx, e.OrgID, f); err != nil {
			return err
		}
		e.CurrentVersion, e.File = f.Version, f
		if err := tx.UpdateEvidence(ctx, e, before.Version); err != nil {
			return err
		}
		c := fileChanges(f)
		if before.CollectedOn != e.CollectedOn {
			c["collectedOn"] = isms.Change{Before: before.CollectedOn.String(), After: e.CollectedOn.String()}
		}
		if before.ValidUntil != e.ValidUntil {
			c["validUntil"] = isms.Change{Before: before.ValidUntil.String(), After: e.ValidUntil.String()}
		}
		return audit(ctx, tx, orgChain(e.OrgID), actor, "evidence.upload", objectEvidence, e.ID, c)
	})
	if err != nil {
		return nil, err
	}
	e.Freshness = isms.EvidenceFreshness(e, today, a.EvidenceFreshnessWindow(e.OrgID))
	return e, nil
}

// OpenEvidenceFile returns a file version of an item of the actor's
// organization and its content, for download. The content is checked
// against the recorded SHA-256 and size as it is read: a reader that
// reaches the end of content that differs gets an error instead of io.EOF,
// so a changed file is never passed off as the recorded one. A version
// whose integrity check failed is a Conflict.
func (a *App) OpenEvidenceFile(ctx context.Context, actor isms.Actor, id isms.ID, version int) (*isms.EvidenceFile, io.ReadCloser, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see evidence."); err != nil {
		return nil, nil, err
	}
	var f *isms.EvidenceFile
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		f, err = tx.FindEvidenceFile(ctx, actor.OrgID, id, version)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if f.Integrity.Failed() {
		return nil, nil, isms.Errorf(isms.Conflict, "Version %d of this evidence failed its integrity check on %s (%s); it cannot be downloaded as evidence.",
			f.Version, f.CheckedAt.UTC().Format(isms.DateLayout), f.Integrity)
	}
	if a.opts.Blobs == nil {
		return nil, nil, errors.New("open evidence file: no blob store is configured")
	}
	rc, err := a.opts.Blobs.Open(ctx, f.SHA256)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, nil, isms.Errorf(isms.Conflict, "The stored file of version %d is missing; the next integrity check will record it.", f.Version)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open evidence file: %w", err)
	}
	return f, &verifyingReader{rc: rc, h: sha256.New(), want: f.SHA256, size: f.Size}, nil
}

// ErrContentChanged is returned at the end of a download whose content no
// longer has the recorded SHA-256 or size.
var ErrContentChanged = errors.New("stored evidence content does not match its recorded SHA-256")

// verifyingReader passes content through while hashing it. It holds back
// the last byte until it has read and hashed everything: content that
// differs from the record ends in ErrContentChanged before the reader has
// passed on as many bytes as recorded, so a copy of it is always short.
type verifyingReader struct {
	rc   io.ReadCloser
	h    hash.Hash
	n    int64 // bytes read from rc
	want string
	size int64
	err  error // sticky: io.EOF after the end, or the failure
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if v.n < v.size-1 {
		if rest := v.size - 1 - v.n; int64(len(p)) > rest {
			p = p[:rest]
		}
		n, err := v.rc.Read(p)
		v.h.Write(p[:n])
		v.n += int64(n)
		switch {
		case errors.Is(err, io.EOF):
			v.err = ErrContentChanged // shorter than recorded
		case err != nil:
			v.err = err
		}
		return n, v.err
	}
	return v.finish(p)
}

// finish reads what is left, which must be the one byte held back, checks
// the whole content and only then passes that byte on.
func (v *verifyingReader) finish(p []byte) (int, error) {
	var last byte
	var rest int64
	buf := make([]byte, 4096)
	for {
		n, err := v.rc.Read(buf)
		v.h.Write(buf[:n])
		if rest == 0 && n > 0 {
			last = buf[0]
		}
		rest += int64(n)
		if v.n+rest > v.size {
			v.err = ErrContentChanged // longer than recorded
			return 0, v.err
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			v.err = err
			return 0, err
		}
	}
	v.n += rest
	if v.n != v.size || hex.EncodeToString(v.h.Sum(nil)) != v.want {
		v.err = ErrContentChanged
		return 0, v.err
	}
	v.err = io.EOF
	if rest == 0 {
		return 0, io.EOF
	}
	p[0] = last
	return 1, io.EOF
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
