// SPDX-License-Identifier: Apache-2.0

package app

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The evidence of a package is the current file of every evidence item
// linked to a control that counts for the framework: a control of an
// applicable line of the approved SoA, or, without an approved SoA, a
// control linked (not only inferred) to one of the framework's
// requirements. Each file goes in once, under the first of its controls
// by reference, and its manifest records name the item and every such
// control. Files are copied from the evidence store as streams, checked
// against their recorded SHA-256 as they go.

// packageControl is a control whose evidence the package holds.
type packageControl struct {
	ID         isms.ID
	Ref, Title string
}

// packageEvidence is one evidence file to add, with the controls it
// supports in reference order.
type packageEvidence struct {
	title    string
	file     isms.EvidenceFile
	controls []packageControl
}

// evidence adds the evidence files.
func (b *packageBuild) evidence() error {
	controls, err := b.evidenceControls()
	if err != nil {
		return err
	}
	items, err := b.evidenceItems(controls)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		b.note("No evidence file is linked to a control that counts for %s.", b.fw.Title())
		return nil
	}
	if b.a.opts.Blobs == nil {
		return errors.New("build audit package: no evidence store is configured")
	}
	for i, it := range items {
		if err := b.evidenceFile(it); err != nil {
			return err
		}
		items[i] = nil // the manifest has what it needs of it
	}
	return nil
}

// evidenceControls returns the controls whose evidence the package holds.
func (b *packageBuild) evidenceControls() (map[isms.ID]packageControl, error) {
	out := map[isms.ID]packageControl{}
	if b.soa != nil {
		for _, l := range b.soa.Lines {
			if l.Applicable != isms.SoAApplicable {
				continue
			}
			for _, c := range l.Sources.Controls {
				out[c.ID] = packageControl{ID: c.ID, Ref: c.Ref, Title: c.Title}
			}
		}
		return out, nil
	}
	err := b.a.db.View(b.ctx, func(tx *sqldb.Tx) error {
		links, err := tx.ControlLinksInFramework(b.ctx, b.actor.OrgID, b.fw.ID)
		for _, l := range links {
			if !l.Inferred {
				out[l.ControlID] = packageControl{ID: l.ControlID, Ref: l.ControlRef, Title: l.ControlTitle}
			}
		}
		return err
	})
	return out, err
}

// evidenceItems returns the files of the items linked to controls, in
// the order of their first control's reference, then of item.
func (b *packageBuild) evidenceItems(controls map[isms.ID]packageControl) ([]*packageEvidence, error) {
	var items []*packageEvidence
	err := b.a.db.View(b.ctx, func(tx *sqldb.Tx) error {
		return tx.WalkControlEvidence(b.ctx, b.actor.OrgID, func(c *sqldb.ControlEvidenceFile) error {
			ctl, ok := controls[c.ControlID]
			if !ok {
				return nil
			}
			if n := len(items); n == 0 || items[n-1].file.EvidenceID != c.File.EvidenceID {
				items = append(items, &packageEvidence{title: c.EvidenceTitle, file: c.File})
			}
			it := items[len(items)-1]
			it.controls = append(it.controls, ctl)
			return nil
		})
	})
	for _, it := range items {
		slices.SortFunc(it.controls, func(x, y packageControl) int { return refCompare(x.Ref, y.Ref) })
	}
	slices.SortFunc(items, func(x, y *packageEvidence) int {
		if c := refCompare(x.controls[0].Ref, y.controls[0].Ref); c != 0 {
			return c
		}
		return strings.Compare(string(x.file.EvidenceID), string(y.file.EvidenceID))
	})
	return items, err
}

// refCompare orders references naturally ("A.5.9" before "A.5.10").
func refCompare(a, b string) int {
	switch {
	case naturalLess(a, b):
		return -1
	case naturalLess(b, a):
		return 1
	}
	return 0
}

// evidenceFile adds one evidence file; a file that failed its integrity
// check, or that the store lacks, is left out with a note.
func (b *packageBuild) evidenceFile(it *packageEvidence) error {
	f := &it.file
	if f.Integrity.Failed() {
		b.note("Evidence %s (%s) is left out: version %d of its file failed its integrity check (%s).",
			f.EvidenceID, it.title, f.Version, f.Integrity)
		return nil
	}
	rc, err := b.a.opts.Blobs.Open(b.ctx, f.SHA256)
	if errors.Is(err, blob.ErrNotFound) {
		b.note("Evidence %s (%s) is left out: the stored file of version %d is missing.", f.EvidenceID, it.title, f.Version)
		return nil
	} else if err != nil {
		return fmt.Errorf("open evidence file %s: %w", f.EvidenceID, err)
	}
	defer rc.Close()
	records := []report.ManifestRecord{{Type: "evidence", ID: string(f.EvidenceID), Ref: fmt.Sprintf("v%d", f.Version), Title: it.title}}
	for _, c := range it.controls {
		records = append(records, report.ManifestRecord{Type: "control", ID: string(c.ID), Ref: c.Ref, Title: c.Title})
	}
	path := "evidence/" + safeName(it.controls[0].Ref) + "/" + safeName(string(f.EvidenceID)+"-"+f.FileName)
	src := &verifyingReader{rc: rc, h: sha256.New(), want: f.SHA256, size: f.Size}
	if b.buf == nil {
		b.buf = make([]byte, 64<<10)
	}
	err = b.add(path, records, func(w io.Writer) error { _, err := io.CopyBuffer(w, src, b.buf); return err })
	if errors.Is(err, ErrContentChanged) {
		return fmt.Errorf("evidence %s: %w; run the integrity check, which records it, and build the package again", f.EvidenceID, err)
	}
	return err
}
