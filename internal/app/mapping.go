// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Mapping sets relate the requirements of one framework to those of
// another. An import resolves every reference first and stores nothing
// when one is unknown; the mappings then let controls linked in one
// framework be proposed for the other (inferred links, control_link.go).

// objectMappingSet is the object type of mapping sets in the audit trail.
const objectMappingSet = "mapping_set"

// maxRefProblems is how many unknown references an import error lists.
const maxRefProblems = 20

// ReadMappingFile reads a mapping file in any supported format.
func (a *App) ReadMappingFile(name string, data []byte) (*catalog.MappingFile, error) {
	m, err := catalog.ReadMappings(name, data)
	if err != nil {
		return nil, fmt.Errorf("read mappings %s: %w", name, err)
	}
	return m, nil
}

// MappingImport is a mapping file to import: the frameworks' IDs, when
// given, override the keys the file names, and are required when it names
// none.
type MappingImport struct {
	File                                 *catalog.MappingFile
	SourceFile                           string
	SourceFrameworkID, TargetFrameworkID isms.ID
	// SkipUnknown leaves out the entries whose references are not in
	// their framework (a mapping written for a whole catalog, imported
	// for one of its baselines) instead of refusing the file.
	SkipUnknown bool
}

// ImportMappings stores a mapping set between two frameworks of the
// actor's organization and proposes the inferred links it allows. Every
// reference must be in its framework; otherwise nothing is stored and the
// error lists the unknown ones with their lines.
func (a *App) ImportMappings(ctx context.Context, actor isms.Actor, in MappingImport) (*isms.MappingSet, error) {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not import mapping sets."); err != nil {
		return nil, err
	}
	if in.File == nil {
		return nil, isms.Problems{"file": "Choose a mapping file."}.Err()
	}
	var set *isms.MappingSet
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		src, dst, err := importFrameworks(ctx, tx, actor.OrgID, in)
		if err != nil {
			return err
		}
		origin := in.File.Origin
		if origin == "" {
			origin = isms.MappingImported
		}
		if set, err = importMappingSet(ctx, tx, actor, in.File, src, dst, setOptions{in.SourceFile, origin, in.SkipUnknown}); err != nil {
			return err
		}
		return proposeForFrameworks(ctx, tx, actor, src.ID, dst.ID)
	})
	if err != nil {
		return nil, err
	}
	return set, nil
}

// importFrameworks returns the source and target frameworks of a mapping
// import: by the IDs given, else by the file's keys.
func importFrameworks(ctx context.Context, tx *sqldb.Tx, org isms.ID, in MappingImport) (src, dst *isms.Framework, err error) {
	p := isms.Problems{}
	find := func(field string, id isms.ID, key string) (*isms.Framework, error) {
		var f *isms.Framework
		var err error
		switch {
		case id != "":
			f, err = tx.FindFrameworkByID(ctx, org, id)
		case key != "":
			f, err = tx.FindFrameworkByKey(ctx, org, key)
		default:
			p.Add(field, "The file names no framework here; choose one.")
			return nil, nil
		}
		if isms.ErrorCode(err) == isms.NotFound {
			p.Add(field, "This organization has no framework "+quote(string(id)+key)+"; import it first.")
			return nil, nil
		}
		return f, err
	}
	if src, err = find("sourceFramework", in.SourceFrameworkID, in.File.SourceKey); err != nil {
		return nil, nil, err
	}
	if dst, err = find("targetFramework", in.TargetFrameworkID, in.File.TargetKey); err != nil {
		return nil, nil, err
	}
	if src != nil && dst != nil && src.ID == dst.ID {
		p.Add("targetFramework", "Choose two different frameworks.")
	}
	return src, dst, p.Err()
}

// setOptions says where a mapping set comes from and how its unknown
// references are treated.
type setOptions struct {
	file        string
	origin      isms.MappingSetOrigin
	skipUnknown bool
}

// importMappingSet resolves the entries of m against frameworks src and
// dst and stores them as a new set with its audit event.
func importMappingSet(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *catalog.MappingFile, src, dst *isms.Framework, o setOptions) (*isms.MappingSet, error) {
	name := strings.TrimSpace(m.Name)
	if name == "" {
		name = src.Title() + " → " + dst.Title()
	}
	if _, err := tx.FindMappingSetByName(ctx, actor.OrgID, name); err == nil {
		return nil, &isms.Error{Code: isms.Conflict, Message: "A mapping set named " + quote(name) + " exists; delete it first or give the file another name.",
			Fields: map[string]string{"name": "This name is taken."}}
	} else if isms.ErrorCode(err) != isms.NotFound {
		return nil, err
	}
	set := &isms.MappingSet{ID: isms.NewID("map"), OrgID: actor.OrgID, Name: name, Description: m.Description,
		SourceFrameworkID: src.ID, TargetFrameworkID: dst.ID, SourceName: src.Title(), TargetName: dst.Title(),
		Origin: o.origin, SourceFile: o.file, CreatedBy: actor.UserID}
	mappings, err := resolveMappings(ctx, tx, actor.OrgID, set, m.Entries, src, dst, o.skipUnknown)
	if err != nil {
		return nil, err
	}
	set.Mappings = len(mappings)
	if err := tx.InsertMappingSet(ctx, set); err != nil {
		return nil, err
	}
	if err := tx.InsertMappings(ctx, actor.OrgID, mappings); err != nil {
		return nil, err
	}
	return set, audit(ctx, tx, orgChain(set.OrgID), actor, "mapping_set.import", objectMappingSet, set.ID,
		isms.Created(map[string]any{"name": set.Name, "source": set.SourceName, "target": set.TargetName,
			"origin": string(set.Origin), "sourceFile": set.SourceFile, "mappings": set.Mappings, "skipped": set.Skipped}))
}

// refIndex finds a framework's requirements by reference: exactly, else
// ignoring case.
type refIndex struct {
	exact, folded map[string]isms.ID
}

func newRefIndex(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID) (*refIndex, error) {
	refs, err := tx.RequirementRefs(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	ix := &refIndex{exact: refs, folded: make(map[string]isms.ID, len(refs))}
	for r, id := range refs {
		ix.folded[strings.ToLower(r)] = id
	}
	return ix, nil
}

func (ix *refIndex) find(ref string) (isms.ID, bool) {
	ref = strings.TrimSpace(ref)
	if id, ok := ix.exact[ref]; ok {
		return id, true
	}
	id, ok := ix.folded[strings.ToLower(ref)]
	return id, ok
}

// resolveMappings turns the entries of a file into mappings of set,
// dropping repeated (source, target) pairs. It fails, listing the first
// maxRefProblems, when a relationship is invalid or, unless skipUnknown
// (then set.Skipped counts them), when a reference is unknown.
func resolveMappings(ctx context.Context, tx *sqldb.Tx, org isms.ID, set *isms.MappingSet, entries []catalog.MappingEntry, src, dst *isms.Framework, skipUnknown bool) ([]isms.Mapping, error) {
	srcIx, err := newRefIndex(ctx, tx, org, src.ID)
	if err != nil {
		return nil, err
	}
	dstIx, err := newRefIndex(ctx, tx, org, dst.ID)
	if err != nil {
		return nil, err
	}
	var problems []string
	seen := make(map[[2]isms.ID]bool, len(entries))
	out := make([]isms.Mapping, 0, len(entries))
	for i, e := range entries {
		where := fmt.Sprintf("line %d", e.Line)
		if e.Line == 0 {
			where = fmt.Sprintf("entry %d", i+1)
		}
		s, okS := srcIx.find(e.SourceRef)
		t, okT := dstIx.find(e.TargetRef)
		if skipUnknown && (!okS || !okT) {
			set.Skipped++
			continue
		}
		if !okS {
			problems = append(problems, where+": source ref "+quote(e.SourceRef)+" not in "+src.Title())
		}
		if !okT {
			problems = append(problems, where+": target ref "+quote(e.TargetRef)+" not in "+dst.Title())
		}
		if !e.Relationship.Valid() {
			problems = append(problems, where+": relationship "+quote(string(e.Relationship))+" is not one of equal, subset, superset, intersects, not-related")
		}
		if !okS || !okT || seen[[2]isms.ID{s, t}] {
			continue
		}
		seen[[2]isms.ID{s, t}] = true
		out = append(out, isms.Mapping{SetID: set.ID, SourceID: s, TargetID: t, SourceRef: e.SourceRef, TargetRef: e.TargetRef,
			Relationship: e.Relationship, Rationale: e.Rationale, Strength: e.Strength, Composed: e.Composed, Via: e.Via})
	}
	if len(problems) > 0 {
		return nil, refProblems(problems)
	}
	return out, nil
}

// refProblems is the error of a mapping file with unknown references.
func refProblems(problems []string) error {
	list := problems[:min(len(problems), maxRefProblems)]
	text := strings.Join(list, "; ")
	if n := len(problems) - len(list); n > 0 {
		text += fmt.Sprintf("; and %d more", n)
	}
	return &isms.Error{Code: isms.Invalid,
		Message: fmt.Sprintf("The mapping file has %d problems; nothing was imported: %s.", len(problems), text),
		Fields:  map[string]string{"file": text}}
}

// FindMappingSets lists the mapping sets of the actor's organization.
func (a *App) FindMappingSets(ctx context.Context, actor isms.Actor) ([]*isms.MappingSet, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read mapping sets."); err != nil {
		return nil, err
	}
	var sets []*isms.MappingSet
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		sets, err = tx.FindMappingSets(ctx, actor.OrgID)
		return err
	})
	return sets, err
}

// FindMappingSet returns a mapping set and one page of its mappings.
func (a *App) FindMappingSet(ctx context.Context, actor isms.Actor, id isms.ID, limit, offset int) (*isms.MappingSet, []isms.Mapping, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not read mapping sets."); err != nil {
		return nil, nil, 0, err
	}
	var set *isms.MappingSet
	var list []isms.Mapping
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if set, err = tx.FindMappingSetByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		list, total, err = tx.FindMappings(ctx, actor.OrgID, id, limit, offset)
		return err
	})
	if err != nil {
		return nil, nil, 0, err
	}
	return set, list, total, nil
}

// DeleteMappingSet deletes a mapping set and its mappings. Links inferred
// from it stay until someone removes or confirms them.
func (a *App) DeleteMappingSet(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageFrameworks), "You may not delete mapping sets."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		set, err := tx.FindMappingSetByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteMappingSet(ctx, actor.OrgID, id); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "mapping_set.delete", objectMappingSet, id,
			isms.Changes{"name": {Before: set.Name}, "mappings": {Before: set.Mappings}})
	})
}
