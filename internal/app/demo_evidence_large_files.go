// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/ismsproject/isms/internal/isms"
)

// demoEvidencePool is how many distinct files generated evidence shares.
// The file store keeps content by its SHA-256, so a pool of a few hundred
// files serves any number of items at the cost of a few hundred writes.
const demoEvidencePool = 240

// demoFileKind is a kind of generated evidence file: the title its items
// start with, its file name and how its content is written.
type demoFileKind struct {
	stem, name string
	content    func(rng *rand.Rand, n int) string
}

// demoFileKinds are the files generated evidence holds: exports,
// reports and records a few hundred bytes long.
var demoFileKinds = []demoFileKind{
	{"Access review export", "access-review.csv", func(rng *rand.Rand, n int) string {
		return demoCSV(rng, n, "account,owner,role,decision", func(i int) string {
			return fmt.Sprintf("svc-%03d,Person %04d,%s,%s", rng.IntN(1000), 1+rng.IntN(1999),
				[]string{"reader", "editor", "admin"}[rng.IntN(3)], []string{"keep", "keep", "keep", "remove"}[rng.IntN(4)])
		})
	}},
	{"Vulnerability scan summary", "vulnerability-scan.txt", func(rng *rand.Rand, n int) string {
		return fmt.Sprintf("Scan %d of %s\nHosts scanned: %d\nCritical: %d\nHigh: %d\nMedium: %d\nAll critical findings have a ticket and a fix date.\n",
			n, largeSystems[rng.IntN(len(largeSystems))], 20+rng.IntN(400), rng.IntN(3), rng.IntN(12), rng.IntN(40))
	}},
	{"Backup restore test report", "restore-test.txt", func(rng *rand.Rand, n int) string {
		return fmt.Sprintf("Restore test %d: %s\nRestored to the test environment in %d minutes; row counts matched (%d tables).\nSigned off by Person %04d.\n",
			n, largeSystems[rng.IntN(len(largeSystems))], 10+rng.IntN(170), 5+rng.IntN(200), 1+rng.IntN(1999))
	}},
	{"Firewall rule export", "firewall-rules.csv", func(rng *rand.Rand, n int) string {
		return demoCSV(rng, n, "rule,source,destination,port,action", func(i int) string {
			return fmt.Sprintf("r%d,10.%d.0.0/16,10.%d.%d.0/24,%d,%s", i+1, rng.IntN(256), rng.IntN(256), rng.IntN(256),
				[]int{22, 443, 5432, 8080, 3389}[rng.IntN(5)], []string{"allow", "allow", "deny"}[rng.IntN(3)])
		})
	}},
	{"Training completion list", "training-completions.csv", func(rng *rand.Rand, n int) string {
		return demoCSV(rng, n, "person,course,completed,score", func(i int) string {
			return fmt.Sprintf("Person %04d,%s,yes,%d", 1+rng.IntN(1999), largeISMSRoles[rng.IntN(len(largeISMSRoles))], 60+rng.IntN(41))
		})
	}},
	{"Change approval log", "change-log.csv", func(rng *rand.Rand, n int) string {
		return demoCSV(rng, n, "change,system,approved_by,result", func(i int) string {
			return fmt.Sprintf("CHG-%05d,%s,Person %04d,%s", rng.IntN(100000), largeSystems[rng.IntN(len(largeSystems))],
				1+rng.IntN(1999), []string{"deployed", "deployed", "rolled back"}[rng.IntN(3)])
		})
	}},
	{"Key rotation record", "key-rotation.txt", func(rng *rand.Rand, n int) string {
		return fmt.Sprintf("Key rotation %d\nService: %s\nKeys rotated: %d\nOld keys disabled after %d days; no service interruption.\n",
			n, largeSystems[rng.IntN(len(largeSystems))], 1+rng.IntN(30), 1+rng.IntN(14))
	}},
	{"Supplier assessment", "supplier-assessment.txt", func(rng *rand.Rand, n int) string {
		return fmt.Sprintf("Supplier assessment %d\nSupplier: %s %d\nQuestionnaire score: %d of 100\nCertificate checked: %s\nRating: %s\n",
			n, largePartyNames[rng.IntN(len(largePartyNames))], 1+rng.IntN(300), 40+rng.IntN(61),
			[]string{"ISO/IEC 27001", "SOC 2 Type II", "none"}[rng.IntN(3)], []string{"low", "medium", "high"}[rng.IntN(3)])
	}},
}

// demoCSV returns a CSV file of a header and three to ten rows.
func demoCSV(rng *rand.Rand, n int, header string, row func(i int) string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := range 3 + rng.IntN(8) {
		b.WriteString(row(i) + "\n")
	}
	fmt.Fprintf(&b, "# export %d\n", n)
	return b.String()
}

// demoPoolFile is a stored file of the pool and the kind it is.
type demoPoolFile struct {
	stem string
	file isms.EvidenceFile
}

// demoPoolWriters is how many files of the pool are written at once: the
// file store syncs each file to disk, and the syncs of several files
// overlap.
const demoPoolWriters = 8

// evidenceFilePool writes the pool of generated files to the file store
// and returns them; without a file store it returns none. The content is
// drawn from rng in the order of the pool, so the same seed gives the same
// files; the writes then run demoPoolWriters at a time.
func (a *App) evidenceFilePool(ctx context.Context, rng *rand.Rand) ([]demoPoolFile, error) {
	if a.opts.Blobs == nil {
		return nil, nil
	}
	contents := make([]string, demoEvidencePool)
	for i := range contents {
		contents[i] = demoFileKinds[i%len(demoFileKinds)].content(rng, i+1)
	}
	pool := make([]demoPoolFile, len(contents))
	errs := make([]error, len(contents))
	next := make(chan int)
	var wg sync.WaitGroup
	for range demoPoolWriters {
		wg.Go(func() {
			for i := range next {
				k := demoFileKinds[i%len(demoFileKinds)]
				f, err := a.storeFile(ctx, &FileInput{Name: k.name, Reader: strings.NewReader(contents[i])})
				if err != nil {
					errs[i] = fmt.Errorf("generated evidence file %d: %w", i+1, err)
					continue
				}
				pool[i] = demoPoolFile{stem: k.stem, file: *f}
			}
		})
	}
	for i := range contents {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pool, nil
}
