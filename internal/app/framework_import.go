// SPDX-License-Identifier: Apache-2.0

package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A framework file is imported in one transaction with one audit event:
// a new key inserts the framework, the same content again changes nothing,
// other content is applied as a diff by reference (framework_diff.go), so
// that requirements that persist keep their control links. The mapping
// sets the file carries follow, then the inferred links they allow.

// ReadFrameworkFile reads a framework file in any supported format. opts
// may supply the documents an OSCAL profile imports (none: refused) and a
// key that replaces the file's, in its carried mappings too.
func (a *App) ReadFrameworkFile(name string, data []byte, opts catalog.ReadOptions) (*catalog.Framework, error) {
	fw, err := catalog.ReadFramework(name, data, opts)
	if err != nil {
		return nil, fmt.Errorf("read framework %s: %w", name, err)
	}
	return fw, nil
}

// PreviewFrameworkImport returns what importing fw would change, without
// changing anything.
func (a *App) PreviewFrameworkImport(ctx context.Context, actor isms.Actor, fw *catalog.Framework) (*isms.FrameworkChange, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import frameworks."); err != nil {
		return nil, err
	}
	var change *isms.FrameworkChange
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		_, plan, err := planImport(ctx, tx, actor.OrgID, fw)
		if err == nil {
			change = &plan.change
		}
		return err
	})
	return change, err
}

// ImportFramework imports fw into the actor's organization, or updates the
// framework with its key, then imports the mapping sets fw carries whose
// other framework the organization has and proposes the inferred links
// they allow.
func (a *App) ImportFramework(ctx context.Context, actor isms.Actor, fw *catalog.Framework) (*isms.Framework, *isms.FrameworkChange, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import frameworks."); err != nil {
		return nil, nil, err
	}
	var f *isms.Framework
	var change *isms.FrameworkChange
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		f, change, err = importFramework(ctx, tx, actor, fw)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return f, change, nil
}

// ImportBuiltinFramework imports one of the frameworks that ship with the
// product ("iso27001-2022", "iso27001-2013"). Once both ISO editions are
// present, the built-in mapping between them is added too.
func (a *App) ImportBuiltinFramework(ctx context.Context, actor isms.Actor, key string) (*isms.Framework, *isms.FrameworkChange, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import frameworks."); err != nil {
		return nil, nil, err
	}
	fw, ok := catalog.Builtin(key)
	if !ok {
		return nil, nil, isms.Errorf(isms.NotFound, "No built-in framework %s; the built-in ones are %v.", quote(key), catalog.BuiltinKeys())
	}
	var f *isms.Framework
	var change *isms.FrameworkChange
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if f, change, err = importFramework(ctx, tx, actor, fw); err != nil {
			return err
		}
		return addBuiltinMappings(ctx, tx, actor)
	})
	if err != nil {
		return nil, nil, err
	}
	return f, change, nil
}

// addBuiltinMappings adds each built-in mapping set whose two frameworks
// the organization has and which it does not hold yet, and proposes the
// inferred links it allows.
func addBuiltinMappings(ctx context.Context, tx *sqldb.Tx, actor isms.Actor) error {
	for _, m := range catalog.BuiltinMappings() {
		src, dst, err := mappingFrameworks(ctx, tx, actor.OrgID, m)
		if err != nil || src == nil || dst == nil {
			return err
		}
		if _, err := tx.FindMappingSetByName(ctx, actor.OrgID, m.Name); err == nil {
			continue
		} else if isms.ErrorCode(err) != isms.NotFound {
			return err
		}
		if _, err := importMappingSet(ctx, tx, actor, m, src, dst, setOptions{origin: isms.MappingBuiltin}); err != nil {
			return err
		}
		if err := proposeForFrameworks(ctx, tx, actor, src.ID, dst.ID); err != nil {
			return err
		}
	}
	return nil
}

// mappingFrameworks returns the organization's frameworks with the source
// and target keys of m; nil for a key it does not have.
func mappingFrameworks(ctx context.Context, tx *sqldb.Tx, org isms.ID, m *catalog.MappingFile) (src, dst *isms.Framework, err error) {
	find := func(key string) (*isms.Framework, error) {
		if key == "" {
			return nil, nil
		}
		f, err := tx.FindFrameworkByKey(ctx, org, key)
		if isms.ErrorCode(err) == isms.NotFound {
			return nil, nil
		}
		return f, err
	}
	if src, err = find(m.SourceKey); err != nil {
		return nil, nil, err
	}
	dst, err = find(m.TargetKey)
	return src, dst, err
}

// planImport returns the organization's framework with fw's key (nil when
// there is none) and the plan of importing fw over it.
func planImport(ctx context.Context, tx *sqldb.Tx, org isms.ID, fw *catalog.Framework) (*isms.Framework, *frameworkPlan, error) {
	if fw == nil || fw.Meta.Key == "" {
		return nil, nil, isms.Problems{"file": "The framework has no key; give it one so it can be updated later."}.Err()
	}
	stored, err := tx.FindFrameworkByKey(ctx, org, fw.Meta.Key)
	if isms.ErrorCode(err) == isms.NotFound {
		plan, err := planFramework(org, isms.NewID("fw"), nil, fw.Requirements)
		if err != nil {
			return nil, nil, err
		}
		plan.change.New = true
		return nil, plan, nil
	} else if err != nil {
		return nil, nil, err
	}
	if stored.SHA256 != "" && stored.SHA256 == fw.Meta.SHA256 {
		return stored, unchangedPlan(), nil
	}
	reqs, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: org, FrameworkID: stored.ID})
	if err != nil {
		return nil, nil, err
	}
	plan, err := planFramework(org, stored.ID, reqs, fw.Requirements)
	if err != nil {
		return nil, nil, err
	}
	if len(plan.remove) > 0 {
		if plan.change.LostLinks, err = tx.CountControlLinksTo(ctx, org, plan.remove); err != nil {
			return nil, nil, err
		}
	}
	if plan.empty() && sameMeta(stored, &fw.Meta) {
		return stored, unchangedPlan(), nil
	}
	return stored, plan, nil
}

// unchangedPlan is the plan of importing what is stored already.
func unchangedPlan() *frameworkPlan {
	return &frameworkPlan{change: isms.FrameworkChange{Unchanged: true}}
}

// sameMeta reports whether importing meta over stored would change none
// of the framework's own fields.
func sameMeta(stored, meta *isms.Framework) bool {
	return stored.Name == meta.Name && stored.Edition == meta.Edition && stored.Publisher == meta.Publisher &&
		stored.Description == meta.Description && stored.Source == meta.Source && stored.SHA256 == meta.SHA256
}

// importFramework imports fw in tx: inserts or updates the framework and
// its requirements and records one audit event, then imports the mapping
// sets fw carries and proposes inferred links. Importing the same content
// again writes nothing.
func importFramework(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, fw *catalog.Framework) (*isms.Framework, *isms.FrameworkChange, error) {
	stored, plan, err := planImport(ctx, tx, actor.OrgID, fw)
	if err != nil {
		return nil, nil, err
	}
	if plan.change.Unchanged {
		return stored, &plan.change, nil
	}
	f := frameworkRow(actor, fw, plan)
	if stored == nil {
		f.ID = plan.framework
		err = insertFramework(ctx, tx, f, plan)
	} else {
		f.ID, f.CreatedAt, f.Version = stored.ID, stored.CreatedAt, stored.Version+1
		err = applyFramework(ctx, tx, f, stored.Version, plan)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := audit(ctx, tx, orgChain(f.OrgID), actor, importAction(stored), objectFramework, f.ID,
		importChanges(stored, f, &plan.change)); err != nil {
		return nil, nil, err
	}
	if err := importCarriedMappings(ctx, tx, actor, fw); err != nil {
		return nil, nil, err
	}
	if _, err := proposeInferredLinks(ctx, tx, actor, f.ID); err != nil {
		return nil, nil, err
	}
	return f, &plan.change, nil
}

// frameworkRow is the framework record of fw as plan stores it.
func frameworkRow(actor isms.Actor, fw *catalog.Framework, plan *frameworkPlan) *isms.Framework {
	f := fw.Meta
	f.OrgID, f.ImportedBy = actor.OrgID, actor.UserID
	f.Requirements, f.Assessable = len(plan.tree), plan.assessable
	return &f
}

// insertFramework stores a new framework and its requirements.
func insertFramework(ctx context.Context, tx *sqldb.Tx, f *isms.Framework, plan *frameworkPlan) error {
	for _, r := range plan.tree {
		r.FrameworkID = f.ID
	}
	if err := tx.InsertFramework(ctx, f); err != nil {
		return err
	}
	return tx.InsertRequirements(ctx, plan.tree)
}

// applyFramework applies plan to a stored framework: removes, updates and
// inserts requirements, then updates the framework row.
func applyFramework(ctx context.Context, tx *sqldb.Tx, f *isms.Framework, version int, plan *frameworkPlan) error {
	if len(plan.remove) > 0 {
		if err := tx.DeleteRequirements(ctx, f.OrgID, plan.remove); err != nil {
			return err
		}
	}
	for _, r := range plan.update {
		if err := tx.UpdateRequirement(ctx, r); err != nil {
			return err
		}
	}
	if len(plan.insert) > 0 {
		if err := tx.InsertRequirements(ctx, plan.insert); err != nil {
			return err
		}
	}
	return tx.UpdateFramework(ctx, f, version)
}

// importAction is the audit action of importing over stored.
func importAction(stored *isms.Framework) string {
	if stored == nil {
		return "framework.import"
	}
	return "framework.update"
}

// importChanges is the audit record of an import: the framework's
// identity, counts and content hash, and how many requirements changed.
func importChanges(stored, f *isms.Framework, c *isms.FrameworkChange) isms.Changes {
	if stored == nil {
		return isms.Created(map[string]any{"key": f.Key, "name": f.Name, "edition": f.Edition, "source": string(f.Source),
			"sourceFile": f.SourceFile, "sha256": f.SHA256, "requirements": f.Requirements, "assessable": f.Assessable})
	}
	ch := isms.Changes{"sha256": {Before: stored.SHA256, After: f.SHA256},
		"requirements": {Before: stored.Requirements, After: f.Requirements}}
	for k, n := range changeCounts(c) {
		if n > 0 {
			ch[k] = isms.Change{After: n}
		}
	}
	for k, v := range map[string][2]string{"name": {stored.Name, f.Name}, "edition": {stored.Edition, f.Edition},
		"sourceFile": {stored.SourceFile, f.SourceFile}} {
		if v[0] != v[1] {
			ch[k] = isms.Change{Before: v[0], After: v[1]}
		}
	}
	return ch
}

// importCarriedMappings imports the mapping sets a framework file carries
// whose two frameworks the organization has, replacing a set of the same
// name from an earlier import of the file.
func importCarriedMappings(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, fw *catalog.Framework) error {
	for _, m := range fw.Mappings {
		src, dst, err := mappingFrameworks(ctx, tx, actor.OrgID, m)
		if err != nil {
			return err
		}
		if src == nil || dst == nil {
			continue
		}
		if old, err := tx.FindMappingSetByName(ctx, actor.OrgID, m.Name); err == nil {
			if err := tx.DeleteMappingSet(ctx, actor.OrgID, old.ID); err != nil {
				return err
			}
		} else if isms.ErrorCode(err) != isms.NotFound {
			return err
		}
		origin := m.Origin
		if origin == "" {
			origin = isms.MappingImported
		}
		if _, err := importMappingSet(ctx, tx, actor, m, src, dst, setOptions{file: fw.Meta.SourceFile, origin: origin}); err != nil {
			return err
		}
		if err := proposeForFrameworks(ctx, tx, actor, src.ID, dst.ID); err != nil {
			return err
		}
	}
	return nil
}

// StagedImport is an uploaded framework file kept in the blob store until
// the person who uploaded it has seen what importing it would change.
type StagedImport struct {
	Name         string
	SHA256       string
	Meta         isms.Framework
	Requirements int
	Change       *isms.FrameworkChange
}

// StageFrameworkFile stores an uploaded framework file in the blob store by
// its SHA-256, reads it and returns what importing it would change. The
// file is imported by ApplyStagedFramework.
func (a *App) StageFrameworkFile(ctx context.Context, actor isms.Actor, name string, r io.Reader) (*StagedImport, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import frameworks."); err != nil {
		return nil, err
	}
	if a.opts.Blobs == nil {
		return nil, errors.New("stage framework file: no blob store is configured")
	}
	data, err := readLimited(r, a.opts.MaxUpload)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, isms.Problems{"file": "The file is empty; choose a framework file."}.Err()
	}
	fw, err := a.ReadFrameworkFile(name, data, catalog.ReadOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := a.opts.Blobs.Put(ctx, bytes.NewReader(data), a.opts.MaxUpload); err != nil {
		return nil, fmt.Errorf("stage framework file: %w", err)
	}
	change, err := a.PreviewFrameworkImport(ctx, actor, fw)
	if err != nil {
		return nil, err
	}
	return &StagedImport{Name: name, SHA256: sha256Hex(data), Meta: fw.Meta, Requirements: len(fw.Requirements), Change: change}, nil
}

// ApplyStagedFramework imports a file staged by StageFrameworkFile, read
// again from the blob store by its SHA-256.
func (a *App) ApplyStagedFramework(ctx context.Context, actor isms.Actor, name, sha string) (*isms.Framework, *isms.FrameworkChange, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import frameworks."); err != nil {
		return nil, nil, err
	}
	if a.opts.Blobs == nil {
		return nil, nil, errors.New("apply staged framework: no blob store is configured")
	}
	rc, err := a.opts.Blobs.Open(ctx, sha)
	if errors.Is(err, blob.ErrNotFound) || errors.Is(err, blob.ErrInvalidSHA256) {
		return nil, nil, isms.Errorf(isms.NotFound, "The uploaded file is no longer there; upload it again.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("open staged framework: %w", err)
	}
	defer rc.Close()
	data, err := readLimited(rc, a.opts.MaxUpload)
	if err != nil {
		return nil, nil, err
	}
	if sha256Hex(data) != sha {
		return nil, nil, isms.Errorf(isms.Conflict, "The stored upload does not match its hash; upload the file again.")
	}
	fw, err := a.ReadFrameworkFile(name, data, catalog.ReadOptions{})
	if err != nil {
		return nil, nil, err
	}
	return a.ImportFramework(ctx, actor, fw)
}

// readLimited reads r to the end, refusing more than limit bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit)
	}
	return data, nil
}

// sha256Hex is the hex SHA-256 of data.
func sha256Hex(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}
