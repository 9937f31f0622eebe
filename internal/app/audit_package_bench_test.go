// SPDX-License-Identifier: Apache-2.0

package app_test

// BenchmarkAuditPackage builds the audit package of an organization with
// 1,000 and with 10,000 evidence files (4–16 KB each, half text, half
// incompressible, on the fs evidence store) linked to 93 controls, one
// per Annex A requirement of ISO/IEC 27001:2022, and as many audit
// events as files, writing the zip to a counter. It reports files and
// megabytes (of content) per second and the peaks of the heap, sampled
// every 5 ms during the builds: the files are streamed, so only the
// manifest (about 1 KB a file) grows with their number. The records are
// loaded once with the store's inserts, before b.Loop; docs/performance.md
// has the figures and the command:
//
//	go test ./internal/app -run '^$' -bench AuditPackage -benchtime 3x

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

func BenchmarkAuditPackage(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
				ctx := context.Background()
				store, err := blob.NewFS(b.TempDir())
				if err != nil {
					b.Fatal(err)
				}
				a := app.New(db, app.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) },
					PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}, Blobs: store, SecretKey: packageSecret})
				actor := newBenchOrgs(b, a).next()
				size := loadBenchPackage(b, a, db, store, actor, n)
				analyze(b, url)
				if _, err := a.EnsureSigningKey(ctx, actor); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				peak := sampleHeap()
				var zipped countingWriter
				builds := 0
				for b.Loop() {
					m, err := a.BuildAuditPackage(ctx, actor, app.PackageInput{Framework: "iso27001-2022"}, &zipped)
					if err != nil || len(m.Files) != n+6 {
						b.Fatalf("BuildAuditPackage = %v, %v files; want %d", err, len(m.Files), n+6)
					}
					builds++
				}
				secs := b.Elapsed().Seconds()
				b.ReportMetric(float64(builds*n)/secs, "files/s")
				b.ReportMetric(float64(int64(builds)*size)/secs/1e6, "MB/s")
				objects, live := peak()
				b.ReportMetric(float64(objects)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(live)/(1<<20), "peak-live-MiB")
				b.ReportMetric(float64(zipped.n.Load())/float64(builds)/(1<<20), "zip-MiB")
			})
		})
	}
}

// loadBenchPackage gives the organization of actor ISO/IEC 27001:2022, a
// control per Annex A requirement, n evidence items with a file each
// (every tenth linked to a second control) and n audit events; it
// returns the total size of the files.
func loadBenchPackage(b *testing.B, a *app.App, db *sqldb.DB, store blob.Store, actor isms.Actor, n int) int64 {
	b.Helper()
	ctx := context.Background()
	fw, _, err := a.ImportBuiltinFramework(ctx, actor, "iso27001-2022")
	if err != nil {
		b.Fatal(err)
	}
	refs := putBenchFiles(b, store, n)
	var total int64
	for _, r := range refs {
		total += r.Size
	}
	err = db.Update(ctx, func(tx *sqldb.Tx) error {
		controls, err := insertBenchControls(ctx, tx, actor.OrgID, fw.ID)
		if err != nil {
			return err
		}
		for i, r := range refs {
			if err := insertBenchEvidence(ctx, tx, actor.OrgID, i, r, controls[i%len(controls)], controls[(i*7)%len(controls)]); err != nil {
				return err
			}
		}
		return tx.InsertAuditEvents(ctx, string(actor.OrgID), benchPackageEvents(n))
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}

// putBenchFiles stores n generated files of 4 to 16 KB, even ones text
// and odd ones random bytes, with a few writers at once.
func putBenchFiles(b *testing.B, store blob.Store, n int) []blob.Ref {
	b.Helper()
	refs := make([]blob.Ref, n)
	var wg sync.WaitGroup
	var failed atomic.Value
	next := atomic.Int64{}
	for range 8 {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				ref, err := store.Put(context.Background(), bytes.NewReader(benchFile(i)), 0)
				if err != nil {
					failed.Store(err)
					return
				}
				refs[i] = ref
			}
		})
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	return refs
}

// benchFile is the content of file i.
func benchFile(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	size := 4<<10 + r.IntN(12<<10)
	if i%2 == 0 {
		line := fmt.Sprintf("Evidence file %d: access review of system %d, approved.\n", i, r.IntN(100))
		return []byte(strings.Repeat(line, size/len(line)+1)[:size])
	}
	out := make([]byte, size)
	for j := range out {
		out[j] = byte(r.Uint32())
	}
	return out
}

// insertBenchControls stores a control per Annex A requirement of fw,
// linked to it, and returns their IDs.
func insertBenchControls(ctx context.Context, tx *sqldb.Tx, org, fw isms.ID) ([]isms.ID, error) {
	reqs, err := tx.RequirementRefs(ctx, org, fw)
	if err != nil {
		return nil, err
	}
	var controls []*isms.Control
	var links []isms.ControlLink
	for ref, req := range reqs {
		if !strings.HasPrefix(ref, "A.") {
			continue
		}
		c := &isms.Control{ID: isms.NewID("ctl"), OrgID: org, Ref: "C-" + ref, Title: "Control for " + ref, Status: isms.ControlImplemented}
		controls = append(controls, c)
		links = append(links, isms.ControlLink{ControlID: c.ID, RequirementID: req})
	}
	if err := tx.InsertControls(ctx, controls); err != nil {
		return nil, err
	}
	if _, err := tx.InsertControlLinks(ctx, org, links); err != nil {
		return nil, err
	}
	ids := make([]isms.ID, len(controls))
	for i, c := range controls {
		ids[i] = c.ID
	}
	return ids, nil
}

// insertBenchEvidence stores item i with the file ref, linked to the
// controls (to one when they are the same, or when i is not a tenth).
func insertBenchEvidence(ctx context.Context, tx *sqldb.Tx, org isms.ID, i int, ref blob.Ref, first, second isms.ID) error {
	name := fmt.Sprintf("file-%05d.txt", i)
	if i%2 == 1 {
		name = fmt.Sprintf("scan-%05d.pdf", i)
	}
	e := &isms.Evidence{ID: isms.ID(fmt.Sprintf("evd_bench%05d", i)), OrgID: org, Title: "Evidence " + name, Kind: isms.EvidenceKindFile,
		Source: isms.EvidenceSourceUpload, CollectedOn: isms.NewDate(2026, 1, 1), CurrentVersion: 1, CreatorName: "Bench"}
	if err := tx.InsertEvidence(ctx, e); err != nil {
		return err
	}
	f := &isms.EvidenceFile{EvidenceID: e.ID, Version: 1, SHA256: ref.SHA256, Size: ref.Size, MediaType: "application/octet-stream",
		FileName: name, UploaderName: "Bench", Integrity: isms.IntegrityOK}
	if err := tx.InsertEvidenceFile(ctx, org, f); err != nil {
		return err
	}
	controls := []isms.ID{first}
	if i%10 == 0 && second != first {
		controls = append(controls, second)
	}
	for _, c := range controls {
		if _, err := tx.InsertEvidenceLink(ctx, org, e.ID, isms.Link{Type: "control", ID: c}); err != nil {
			return err
		}
	}
	return nil
}

// benchPackageEvents returns n audit events of the last year.
func benchPackageEvents(n int) []*isms.AuditEvent {
	out := make([]*isms.AuditEvent, n)
	start := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		e := isms.NewAuditEvent(isms.Actor{UserID: "usr_bench", Name: "Bench"}, "evidence.update", "evidence",
			isms.ID(fmt.Sprintf("evd_bench%05d", i)), isms.Changes{"title": {Before: "old", After: "new"}})
		e.Time = start.Add(time.Duration(i) * time.Minute)
		out[i] = &e
	}
	return out
}

// sampleHeap samples the heap every 5 ms until the returned function is
// called, which returns the largest samples of the heap's objects (live,
// and dead ones not yet swept: what the process holds) and of the live
// heap as the latest garbage collection marked it (what the build needs).
func sampleHeap() func() (objects, live uint64) {
	var peak [2]atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			for i := range s {
				if v := s[i].Value.Uint64(); v > peak[i].Load() {
					peak[i].Store(v)
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-stopped
		return peak[0].Load(), peak[1].Load()
	}
}

// countingWriter discards what it is given and counts it.
type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}
