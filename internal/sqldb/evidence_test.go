// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// equateDates compares isms.Date values, whose field is unexported.
var equateDates = cmp.Comparer(func(a, b isms.Date) bool { return a == b })

// evToday is the day the evidence store tests compute freshness for.
var evToday = isms.NewDate(2025, 3, 3)

// newEvidence returns an unsaved item of org.
func newEvidence(org *isms.Organization, title string, kind isms.EvidenceKind, owner *isms.User) *isms.Evidence {
	e := &isms.Evidence{ID: isms.NewID("evd"), OrgID: org.ID, Title: title, Kind: kind,
		Source: isms.EvidenceSourceUpload, CollectedOn: evToday.AddDays(-10), CreatorName: "Tester"}
	if owner != nil {
		e.OwnerID, e.OwnerName = owner.ID, owner.Name
	}
	switch kind {
	case isms.EvidenceKindLink:
		e.URL = "https://example.com/" + title
	case isms.EvidenceKindNote:
		e.Note = "Note on " + title
	}
	return e
}

func insertEvidence(t *testing.T, db *sqldb.DB, e *isms.Evidence) *isms.Evidence {
	t.Helper()
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertEvidence(context.Background(), e) })
	return e
}

// addVersion stores the next file version of e, as the app does.
func addVersion(t *testing.T, db *sqldb.DB, e *isms.Evidence, sha string) *isms.EvidenceFile {
	t.Helper()
	ctx := context.Background()
	f := &isms.EvidenceFile{EvidenceID: e.ID, Version: e.CurrentVersion + 1, SHA256: sha, Size: 42,
		MediaType: "application/pdf", FileName: "report.pdf", UploaderName: "Tester", Integrity: isms.IntegrityOK}
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertEvidenceFile(ctx, e.OrgID, f); err != nil {
			return err
		}
		prev := e.Version
		e.CurrentVersion, e.File = f.Version, f
		return tx.UpdateEvidence(ctx, e, prev)
	})
	return f
}

func findEvidence(t *testing.T, db *sqldb.DB, f isms.EvidenceFilter) ([]*isms.Evidence, int) {
	t.Helper()
	var list []*isms.Evidence
	var total int
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindEvidence(context.Background(), f)
		return err
	})
	return list, total
}

func titles(list []*isms.Evidence) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.Title)
	}
	return out
}

func sha(n int) string { return fmt.Sprintf("%064x", n) }

func TestEvidenceRoundTrip(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := setClock(db)
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		ana := insertUser(t, db, "ana@example.com", "Ana Owner")
		addMember(t, db, org.ID, ana.ID, isms.RoleManager)
		e := newEvidence(org, "Pen test 2025", isms.EvidenceKindFile, ana)
		e.Description, e.ValidUntil, e.ValidityDays = "External test by Example GmbH.", evToday.AddDays(355), 365
		e.CreatedBy = ana.ID
		insertEvidence(t, db, e)
		clk.Advance(time.Hour)
		f := addVersion(t, db, e, sha(1))
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.InsertEvidenceLink(ctx, org.ID, e.ID, isms.Link{Type: "organization", ID: org.ID})
			return err
		})

		var got *isms.Evidence
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.FindEvidenceByID(ctx, org.ID, e.ID)
			return err
		})
		want := *e
		want.File = &isms.EvidenceFile{EvidenceID: e.ID, Version: 1, SHA256: sha(1), Size: 42, MediaType: "application/pdf",
			FileName: "report.pdf", UploaderName: "Tester", UploadedAt: t0.Add(time.Hour), Integrity: isms.IntegrityOK,
			CheckedAt: t0.Add(time.Hour), OrgID: org.ID}
		want.Links = []isms.Link{{Type: "organization", ID: org.ID}}
		want.Version, want.CreatedAt, want.UpdatedAt = 2, t0, t0.Add(time.Hour)
		if diff := cmp.Diff(&want, got, equateDates); diff != "" {
			t.Errorf("FindEvidenceByID() mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(f, want.File); diff != "" {
			t.Errorf("InsertEvidenceFile() set (-stored +returned):\n%s", diff)
		}
	})
}

func TestEvidenceIsScopedToItsOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		acme, beta := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "beta", "Beta")
		e := insertEvidence(t, db, newEvidence(acme, "Acme policy", isms.EvidenceKindFile, nil))
		addVersion(t, db, e, sha(7))
		insertEvidence(t, db, newEvidence(beta, "Beta policy", isms.EvidenceKindNote, nil))
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindEvidenceByID(ctx, beta.ID, e.ID)
			wantCode(t, "FindEvidenceByID(beta, acme's item)", err, isms.NotFound)
			_, err = tx.FindEvidenceFile(ctx, beta.ID, e.ID, 1)
			wantCode(t, "FindEvidenceFile(beta, acme's item)", err, isms.NotFound)
			files, err := tx.FindEvidenceFiles(ctx, beta.ID, e.ID)
			if err != nil || len(files) != 0 {
				t.Errorf("FindEvidenceFiles(beta, acme's item) = %d files, %v; want none", len(files), err)
			}
			return nil
		})
		stale := *e
		stale.OrgID = beta.ID
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateEvidence(ctx, &stale, e.Version) })
		wantCode(t, "UpdateEvidence(acme's item as beta)", err, isms.Conflict)
		list, total := findEvidence(t, db, isms.EvidenceFilter{OrgID: beta.ID, Today: evToday})
		if diff := cmp.Diff([]string{"Beta policy"}, titles(list)); diff != "" || total != 1 {
			t.Errorf("FindEvidence(beta) = %v (total %d), want only beta's item:\n%s", titles(list), total, diff)
		}
	})
}

func TestUpdateEvidenceRefusesAStaleVersion(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		e := insertEvidence(t, db, newEvidence(org, "Asset list", isms.EvidenceKindNote, nil))
		first, second := *e, *e
		first.Title, second.Title = "First", "Second"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateEvidence(ctx, &first, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateEvidence(ctx, &second, 1) })
		wantCode(t, "UpdateEvidence(stale)", err, isms.Conflict)
		if first.Version != 2 {
			t.Errorf("version after one update = %d, want 2", first.Version)
		}
	})
}

func TestEvidenceFileVersionsAreKeptAndUnique(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		e := insertEvidence(t, db, newEvidence(org, "Firewall rules", isms.EvidenceKindFile, nil))
		addVersion(t, db, e, sha(1))
		addVersion(t, db, e, sha(2))
		var files []*isms.EvidenceFile
		view(t, db, func(tx *sqldb.Tx) (err error) {
			files, err = tx.FindEvidenceFiles(ctx, org.ID, e.ID)
			return err
		})
		if len(files) != 2 || files[0].Version != 2 || files[0].SHA256 != sha(2) || files[1].SHA256 != sha(1) {
			t.Fatalf("FindEvidenceFiles() = %+v, want versions 2 and 1, newest first", files)
		}
		dup := &isms.EvidenceFile{EvidenceID: e.ID, Version: 2, SHA256: sha(3), MediaType: "text/plain", FileName: "x", Integrity: isms.IntegrityOK}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertEvidenceFile(ctx, org.ID, dup) })
		wantCode(t, "InsertEvidenceFile(version 2 again)", err, isms.Conflict)
		raw := rawDB(t, db)
		if err := rawExec(db, raw, `UPDATE evidence_files SET sha256 = ? WHERE evidence_id = ? AND version = 1`, sha(9), e.ID); err == nil {
			t.Error("changing a stored version's SHA-256 succeeded; the schema must refuse it")
		}
	})
}

func TestEvidenceLinks(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		a := insertEvidence(t, db, newEvidence(org, "A", isms.EvidenceKindNote, nil))
		b := insertEvidence(t, db, newEvidence(org, "B", isms.EvidenceKindNote, nil))
		insertEvidence(t, db, newEvidence(org, "C", isms.EvidenceKindNote, nil))
		ctl := isms.Link{Type: "control", ID: "ctl_1"}
		risk := isms.Link{Type: "risk", ID: "rsk_1"}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, x := range []struct {
				e *isms.Evidence
				l isms.Link
			}{{a, ctl}, {a, risk}, {b, ctl}} {
				if ok, err := tx.InsertEvidenceLink(ctx, org.ID, x.e.ID, x.l); err != nil || !ok {
					return fmt.Errorf("InsertEvidenceLink(%s, %s) = %v, %v; want true", x.e.Title, x.l, ok, err)
				}
			}
			if ok, err := tx.InsertEvidenceLink(ctx, org.ID, a.ID, ctl); err != nil || ok {
				t.Errorf("InsertEvidenceLink(existing) = %v, %v; want false, nil", ok, err)
			}
			return nil
		})
		for _, tc := range []struct {
			name string
			f    isms.EvidenceFilter
			want []string
		}{
			{"linked to one control", isms.EvidenceFilter{LinkType: "control", LinkID: "ctl_1"}, []string{"A", "B"}},
			{"linked to any risk", isms.EvidenceFilter{LinkType: "risk"}, []string{"A"}},
			{"linked to another control", isms.EvidenceFilter{LinkType: "control", LinkID: "ctl_2"}, []string{}},
		} {
			tc.f.OrgID, tc.f.Today = org.ID, evToday
			list, total := findEvidence(t, db, tc.f)
			if diff := cmp.Diff(tc.want, titles(list)); diff != "" || total != len(tc.want) {
				t.Errorf("FindEvidence(%s) = %v, total %d (-want +got):\n%s", tc.name, titles(list), total, diff)
			}
		}
		update(t, db, func(tx *sqldb.Tx) error {
			if ok, err := tx.DeleteEvidenceLink(ctx, org.ID, a.ID, ctl); err != nil || !ok {
				t.Errorf("DeleteEvidenceLink() = %v, %v; want true, nil", ok, err)
			}
			if ok, err := tx.DeleteEvidenceLink(ctx, org.ID, a.ID, ctl); err != nil || ok {
				t.Errorf("DeleteEvidenceLink(again) = %v, %v; want false, nil", ok, err)
			}
			links, err := tx.FindEvidenceLinks(ctx, org.ID, a.ID)
			if diff := cmp.Diff([]isms.Link{risk}, links); diff != "" || err != nil {
				t.Errorf("FindEvidenceLinks() after delete (-want +got), err %v:\n%s", err, diff)
			}
			return nil
		})
	})
}

// freshnessFixture stores one item in each freshness state (and one more
// current without expiry) and returns them by title.
func freshnessFixture(t *testing.T, db *sqldb.DB, org *isms.Organization, owner *isms.User) map[string]*isms.Evidence {
	t.Helper()
	items := map[string]*isms.Evidence{}
	add := func(title string, kind isms.EvidenceKind, until isms.Date, file bool) {
		e := newEvidence(org, title, kind, owner)
		e.ValidUntil = until
		insertEvidence(t, db, e)
		if file {
			addVersion(t, db, e, sha(len(items)+1))
		}
		items[title] = e
	}
	add("current far", isms.EvidenceKindFile, evToday.AddDays(31), true)
	add("current forever", isms.EvidenceKindLink, isms.Date{}, false)
	add("expiring last day", isms.EvidenceKindNote, evToday.AddDays(30), false)
	add("expiring today", isms.EvidenceKindFile, evToday, true)
	add("expired", isms.EvidenceKindNote, evToday.AddDays(-1), false)
	add("missing file", isms.EvidenceKindFile, evToday.AddDays(-5), false)
	return items
}

func TestFindEvidenceFiltersByFreshnessAsTheDomainComputesIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		org := insertOrg(t, db, "acme", "Acme")
		items := freshnessFixture(t, db, org, nil)
		all, _ := findEvidence(t, db, isms.EvidenceFilter{OrgID: org.ID, Today: evToday, WindowDays: 30, Limit: 500})
		for _, e := range all {
			want := isms.EvidenceFreshness(e, evToday, 30)
			list, total := findEvidence(t, db, isms.EvidenceFilter{OrgID: org.ID, Today: evToday, WindowDays: 30, Freshness: want})
			found := false
			for _, x := range list {
				found = found || x.ID == e.ID
				if got := isms.EvidenceFreshness(x, evToday, 30); got != want {
					t.Errorf("FindEvidence(freshness %s) returned %q, which is %s", want, x.Title, got)
				}
			}
			if !found {
				t.Errorf("FindEvidence(freshness %s) = %v (total %d), which lacks %q", want, titles(list), total, e.Title)
			}
		}
		counts := map[isms.Freshness]int{}
		for _, e := range items {
			counts[isms.EvidenceFreshness(items[e.Title], evToday, 30)]++
		}
		if counts[isms.FreshnessCurrent] != 2 || counts[isms.FreshnessExpiring] != 2 || counts[isms.FreshnessExpired] != 1 || counts[isms.FreshnessMissing] != 1 {
			t.Errorf("the fixture's freshness = %v, want 2 current, 2 expiring, 1 expired, 1 missing", counts)
		}
		var c sqldb.EvidenceCounts
		view(t, db, func(tx *sqldb.Tx) (err error) {
			c, err = tx.CountEvidence(context.Background(), org.ID, evToday, 30)
			return err
		})
		if want := (sqldb.EvidenceCounts{Total: 6, Expiring: 2, Expired: 1, Missing: 1}); c != want {
			t.Errorf("CountEvidence() = %+v, want %+v", c, want)
		}
	})
}

func TestFindEvidenceFiltersSortsAndPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		org := insertOrg(t, db, "acme", "Acme")
		ana := insertUser(t, db, "ana@example.com", "Ana")
		zed := insertUser(t, db, "zed@example.com", "Zed")
		for i, x := range []struct {
			title string
			kind  isms.EvidenceKind
			owner *isms.User
			until isms.Date
		}{
			{"Delta 50% sample", isms.EvidenceKindNote, zed, evToday.AddDays(3)},
			{"alpha", isms.EvidenceKindLink, ana, isms.Date{}},
			{"Charlie", isms.EvidenceKindNote, nil, evToday.AddDays(1)},
			{"Bravo_x", isms.EvidenceKindLink, ana, evToday.AddDays(2)},
		} {
			e := newEvidence(org, x.title, x.kind, x.owner)
			e.ValidUntil, e.CollectedOn = x.until, evToday.AddDays(-i)
			insertEvidence(t, db, e)
		}
		for _, tc := range []struct {
			name string
			f    isms.EvidenceFilter
			want []string
		}{
			{"title by default", isms.EvidenceFilter{}, []string{"Bravo_x", "Charlie", "Delta 50% sample", "alpha"}},
			{"title descending", isms.EvidenceFilter{Sort: "-title"}, []string{"alpha", "Delta 50% sample", "Charlie", "Bravo_x"}},
			{"validity, no expiry last", isms.EvidenceFilter{Sort: "validUntil"}, []string{"Charlie", "Bravo_x", "Delta 50% sample", "alpha"}},
			{"validity descending, no expiry first", isms.EvidenceFilter{Sort: "-validUntil"}, []string{"alpha", "Delta 50% sample", "Bravo_x", "Charlie"}},
			{"collected", isms.EvidenceFilter{Sort: "collected"}, []string{"Bravo_x", "Charlie", "alpha", "Delta 50% sample"}},
			{"owner, none first", isms.EvidenceFilter{Sort: "owner"}, []string{"Charlie", "Bravo_x", "alpha", "Delta 50% sample"}},
			{"an unknown sort is the title", isms.EvidenceFilter{Sort: "title; DROP TABLE evidence"}, []string{"Bravo_x", "Charlie", "Delta 50% sample", "alpha"}},
			{"one owner", isms.EvidenceFilter{OwnerID: ana.ID}, []string{"Bravo_x", "alpha"}},
			{"one kind", isms.EvidenceFilter{Kind: isms.EvidenceKindNote}, []string{"Charlie", "Delta 50% sample"}},
			{"a search is case-insensitive", isms.EvidenceFilter{Query: "ALPH"}, []string{"alpha"}},
			{"% in a search is literal", isms.EvidenceFilter{Query: "50%"}, []string{"Delta 50% sample"}},
			{"_ in a search is literal", isms.EvidenceFilter{Query: "o_"}, []string{"Bravo_x"}},
			{"the second page", isms.EvidenceFilter{Limit: 3, Offset: 3}, []string{"alpha"}},
			{"beyond the last page", isms.EvidenceFilter{Limit: 3, Offset: 6}, []string{}},
		} {
			tc.f.OrgID, tc.f.Today, tc.f.WindowDays = org.ID, evToday, 30
			list, total := findEvidence(t, db, tc.f)
			if diff := cmp.Diff(tc.want, titles(list)); diff != "" {
				t.Errorf("FindEvidence(%s) mismatch (-want +got):\n%s", tc.name, diff)
			}
			if tc.f.Offset == 0 && total != len(tc.want) {
				t.Errorf("FindEvidence(%s) total = %d, want %d", tc.name, total, len(tc.want))
			}
		}
	})
}

func TestEvidenceIntegrityFollowsTheCurrentVersion(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		e := insertEvidence(t, db, newEvidence(org, "Scan", isms.EvidenceKindFile, nil))
		v1 := addVersion(t, db, e, sha(1))
		v2 := addVersion(t, db, e, sha(2))
		missing := func() int {
			_, n := findEvidence(t, db, isms.EvidenceFilter{OrgID: org.ID, Today: evToday, Freshness: isms.FreshnessMissing})
			return n
		}
		setIntegrity := func(f *isms.EvidenceFile, was, now isms.IntegrityStatus, want bool) {
			t.Helper()
			f.Integrity = now
			update(t, db, func(tx *sqldb.Tx) error {
				got, err := tx.UpdateEvidenceFileIntegrity(ctx, f, was)
				if got != want {
					t.Errorf("UpdateEvidenceFileIntegrity(version %d, was %s, now %s) = %v, want %v", f.Version, was, now, got, want)
				}
				return err
			})
		}
		setIntegrity(v1, isms.IntegrityOK, isms.IntegrityMismatch, true)
		setIntegrity(v1, isms.IntegrityOK, isms.IntegrityMismatch, false) // another check recorded it first
		if n := missing(); n != 0 {
			t.Errorf("after an old version failed: %d missing items, want 0", n)
		}
		setIntegrity(v2, isms.IntegrityOK, isms.IntegrityMissing, true)
		if n := missing(); n != 1 {
			t.Errorf("after the current version failed: %d missing items, want 1", n)
		}
		var got *isms.Evidence
		var c sqldb.EvidenceCounts
		view(t, db, func(tx *sqldb.Tx) (err error) {
			if got, err = tx.FindEvidenceByID(ctx, org.ID, e.ID); err != nil {
				return err
			}
			c, err = tx.CountEvidence(ctx, org.ID, evToday, 30)
			return err
		})
		if got.Version != e.Version || got.File.Integrity != isms.IntegrityMissing {
			t.Errorf("after the check: version %d (want %d, a check is no edit), integrity %s (want missing)", got.Version, e.Version, got.File.Integrity)
		}
		if c.FailedFiles != 2 || c.Missing != 1 {
			t.Errorf("CountEvidence() = %+v, want 2 failed files and 1 missing item", c)
		}
		var page []*isms.EvidenceFile
		view(t, db, func(tx *sqldb.Tx) (err error) {
			page, err = tx.FindEvidenceFilesAfter(ctx, org.ID, e.ID, 1, 10)
			return err
		})
		if len(page) != 1 || page[0].Version != 2 || page[0].OrgID != org.ID {
			t.Errorf("FindEvidenceFilesAfter(version 1) = %+v, want version 2 of acme", page)
		}
	})
}

func TestEvidenceRenewalAndExpiryAreFoundOncePerDate(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		org := insertOrg(t, db, "acme", "Acme")
		ana := insertUser(t, db, "ana@example.com", "Ana")
		items := freshnessFixture(t, db, org, ana)
		ownerless := newEvidence(org, "ownerless", isms.EvidenceKindNote, nil)
		ownerless.ValidUntil = evToday
		insertEvidence(t, db, ownerless)
		horizon := evToday.AddDays(30)
		var renew, expired []*isms.Evidence
		view(t, db, func(tx *sqldb.Tx) (err error) {
			if renew, err = tx.FindEvidenceToRenew(ctx, org.ID, horizon, "", 100); err != nil {
				return err
			}
			expired, err = tx.FindEvidenceExpiredUnrecorded(ctx, org.ID, evToday, "", 100)
			return err
		})
		if len(renew) != 4 {
			t.Errorf("FindEvidenceToRenew() = %v, want the 2 expiring, the expired and the missing file's item", titles(renew))
		}
		if len(expired) != 2 {
			t.Errorf("FindEvidenceExpiredUnrecorded() = %v, want the expired and the missing file's item", titles(expired))
		}
		update(t, db, func(tx *sqldb.Tx) error {
			for _, e := range renew {
				if ok, err := tx.MarkEvidenceRenewal(ctx, org.ID, e.ID, e.ValidUntil); err != nil || !ok {
					return fmt.Errorf("MarkEvidenceRenewal(%s) = %v, %v; want true", e.Title, ok, err)
				}
				if ok, err := tx.MarkEvidenceRenewal(ctx, org.ID, e.ID, e.ValidUntil); err != nil || ok {
					return fmt.Errorf("MarkEvidenceRenewal(%s) again = %v, %v; want false", e.Title, ok, err)
				}
			}
			for _, e := range expired {
				if ok, err := tx.MarkEvidenceExpiryRecorded(ctx, org.ID, e.ID, e.ValidUntil); err != nil || !ok {
					return fmt.Errorf("MarkEvidenceExpiryRecorded(%s) = %v, %v; want true", e.Title, ok, err)
				}
			}
			if ok, err := tx.MarkEvidenceExpiryRecorded(ctx, org.ID, items["expired"].ID, evToday); err != nil || ok {
				return fmt.Errorf("MarkEvidenceExpiryRecorded(another date) = %v, %v; want false", ok, err)
			}
			return nil
		})
		// A new validity date makes an item due again.
		e := items["expired"]
		e.ValidUntil = evToday.AddDays(-2)
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateEvidence(ctx, e, e.Version) })
		view(t, db, func(tx *sqldb.Tx) (err error) {
			if renew, err = tx.FindEvidenceToRenew(ctx, org.ID, horizon, "", 100); err != nil {
				return err
			}
			expired, err = tx.FindEvidenceExpiredUnrecorded(ctx, org.ID, evToday, "", 100)
			return err
		})
		if diff := cmp.Diff([]string{"expired"}, titles(renew)); diff != "" {
			t.Errorf("FindEvidenceToRenew() after marking (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"expired"}, titles(expired)); diff != "" {
			t.Errorf("FindEvidenceExpiredUnrecorded() after marking (-want +got):\n%s", diff)
		}
	})
}
