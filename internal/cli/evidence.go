// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newEvidenceCmd) }

func newEvidenceCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "evidence", Short: "Upload, list and verify evidence files"}
	cmd.AddCommand(newEvidenceUploadCmd(ce), newEvidenceListCmd(ce), newEvidenceVerifyCmd(ce))
	return cmd
}

// evidenceUpload holds the flags of "evidence upload".
type evidenceUpload struct {
	org, title, description, owner, validUntil, validFor, collected, id, progress, format string
	links                                                                                 []string
}

func newEvidenceUploadCmd(ce *cmdEnv) *cobra.Command {
	var u evidenceUpload
	cmd := &cobra.Command{
		Use:   "upload FILE",
		Short: "Upload a file as evidence, or as a new version of an evidence item",
		Long: `upload streams FILE to the evidence store and records it: as a new evidence
item (--title), or as a new version of an existing item (--id), which keeps
the previous versions. The file's SHA-256, size and media type (detected
from its content) are printed on standard output, progress on standard
error. It acts for the organization as the system, like the other
administration commands.`,
		Example: `  isms evidence upload pentest-2026.pdf --org acme --title "Pen test 2026" --link organization:acme --valid-for 365d --owner ana@example.com
  isms evidence upload backup-restore.log --org acme --id evd_k3j… --collected 2026-03-01`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.evidenceUpload(cmd.Context(), args[0], u)
		},
	}
	f := cmd.Flags()
	f.StringVar(&u.org, "org", "", "organization (slug); default: the only one")
	f.StringVar(&u.title, "title", "", "title of a new evidence item (required unless --id)")
	f.StringVar(&u.description, "description", "", "description of a new evidence item")
	f.StringArrayVar(&u.links, "link", nil, "record the new item supports, as type:id (repeatable)")
	f.StringVar(&u.validUntil, "valid-until", "", "last day the evidence is valid (YYYY-MM-DD)")
	f.StringVar(&u.validFor, "valid-for", "", "validity period from collection instead, in days: 365d")
	f.StringVar(&u.collected, "collected", "", "day the evidence was collected (YYYY-MM-DD); default today")
	f.StringVar(&u.owner, "owner", "", "e-mail of the member who keeps the new item current")
	f.StringVar(&u.id, "id", "", "upload a new version of this evidence item instead of a new item")
	f.StringVar(&u.progress, "progress", "auto", "progress bar on standard error: auto (when it is a terminal), always or never")
	f.StringVar(&u.format, "format", "text", "result on standard output: text or json")
	return cmd
}

func (ce *cmdEnv) evidenceUpload(ctx context.Context, path string, u evidenceUpload) error {
	if err := u.check(); err != nil {
		return err
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	a, done, err := ce.openApp(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	org, err := resolveOrg(ctx, a, u.org)
	if err != nil {
		return err
	}
	if info.Size() > a.MaxUpload() {
		return fmt.Errorf("%s is %d bytes, more than the limit of %d (ISMS_MAX_UPLOAD_MB)", path, info.Size(), a.MaxUpload())
	}
	bar := newProgress(ce.Stderr, filepath.Base(path), info.Size(), u.progress)
	in := &app.FileInput{Name: filepath.Base(path), Reader: bar.reader(file)}
	sys := isms.SystemActor(org.ID)
	var e *isms.Evidence
	if u.id != "" {
		e, err = ce.uploadVersion(ctx, a, sys, u, in)
	} else {
		e, err = ce.uploadNew(ctx, a, sys, u, in)
	}
	bar.finish(err == nil)
	if err != nil {
		return evidenceError(err)
	}
	return printUpload(ce.Stdout, e, u.format)
}

// check reports flags that do not go together.
func (u evidenceUpload) check() error {
	switch {
	case u.id == "" && strings.TrimSpace(u.title) == "":
		return fmt.Errorf("--title is required for a new evidence item (or give --id to upload a new version)")
	case u.id != "" && (u.title != "" || u.description != "" || u.owner != "" || len(u.links) > 0 || u.validFor != ""):
		return fmt.Errorf("--id uploads a new version: --title, --description, --owner, --link and --valid-for belong to a new item")
	case u.validUntil != "" && u.validFor != "":
		return fmt.Errorf("give --valid-until or --valid-for, not both")
	case u.format != "text" && u.format != "json":
		return fmt.Errorf("--format %q: use text or json", u.format)
	case u.progress != "auto" && u.progress != "always" && u.progress != "never":
		return fmt.Errorf("--progress %q: use auto, always or never", u.progress)
	}
	return nil
}

// date reads a --flag date.
func date(flag, v string) (isms.Date, error) {
	d, err := isms.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return d, fmt.Errorf("--%s: %w", flag, err)
	}
	return d, nil
}

func (ce *cmdEnv) uploadNew(ctx context.Context, a *app.App, sys isms.Actor, u evidenceUpload, file *app.FileInput) (*isms.Evidence, error) {
	in := app.EvidenceInput{Title: u.title, Description: u.description, Kind: isms.EvidenceKindFile, Source: isms.EvidenceSourceCLI}
	var err error
	if in.CollectedOn, err = date("collected", u.collected); err != nil {
		return nil, err
	}
	if in.ValidUntil, err = date("valid-until", u.validUntil); err != nil {
		return nil, err
	}
	if u.validFor != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(u.validFor), "d"))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--valid-for %q: give a number of days, such as 365d", u.validFor)
		}
		in.ValidityDays = n
	}
	for _, s := range u.links {
		l, err := isms.ParseLink(s)
		if err != nil {
			return nil, fmt.Errorf("--link: %s", isms.ErrorMessage(err))
		}
		in.Links = append(in.Links, l)
	}
	if u.owner != "" {
		owner, err := a.FindUserByEmail(ctx, isms.SystemActor(""), u.owner)
		if err != nil {
			return nil, fmt.Errorf("--owner %s: %s", u.owner, isms.ErrorMessage(err))
		}
		in.OwnerID = owner.ID
	}
	return a.CreateEvidence(ctx, sys, in, file)
}

func (ce *cmdEnv) uploadVersion(ctx context.Context, a *app.App, sys isms.Actor, u evidenceUpload, file *app.FileInput) (*isms.Evidence, error) {
	var in app.VersionInput
	var err error
	if in.CollectedOn, err = date("collected", u.collected); err != nil {
		return nil, err
	}
	if in.ValidUntil, err = date("valid-until", u.validUntil); err != nil {
		return nil, err
	}
	return a.AddEvidenceVersion(ctx, sys, isms.ID(u.id), in, *file)
}

// printUpload writes what was stored: the item, its version and the file's
// facts, in text or as the item's JSON.
func printUpload(w io.Writer, e *isms.Evidence, format string) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(e)
	}
	f := e.File
	_, err := fmt.Fprintf(w, "evidence    %s\ntitle       %s\nversion     %d\nsha256      %s\nsize        %d bytes\nmedia type  %s\nfreshness   %s\n",
		e.ID, e.Title, f.Version, f.SHA256, f.Size, f.MediaType, e.Freshness)
	return err
}

// evidenceFlags are the flags (or argument) behind app's field names.
var evidenceFlags = map[string]string{"title": "--title", "description": "--description", "owner": "--owner", "links": "--link",
	"collectedOn": "--collected", "validUntil": "--valid-until", "validityDays": "--valid-for", "file": "FILE"}

// evidenceError says what is wrong with an upload, naming each problem's
// flag; other errors are as cliError gives them.
func evidenceError(err error) error {
	fields := isms.ErrorFields(err)
	if fields == nil {
		return cliError(err)
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(isms.ErrorMessage(err))
	for _, f := range names {
		flag, ok := evidenceFlags[f]
		if !ok {
			flag = "--" + f
		}
		fmt.Fprintf(&b, "\n  %s: %s", flag, fields[f])
	}
	return fmt.Errorf("%s", b.String())
}

// progress draws a progress bar of an upload on a terminal:
// "name [=====>     ]  45%  12.3 MiB / 27.1 MiB".
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	name    string
	total   int64
	n       int64
	on      bool
	drawn   time.Time
	lastPct int
}

// newProgress returns the bar of an upload of total bytes; mode is auto
// (draw when w is a terminal), always or never.
func newProgress(w io.Writer, name string, total int64, mode string) *progress {
	on := mode == "always" || (mode == "auto" && isTerminal(w))
	return &progress{w: w, name: name, total: total, on: on, lastPct: -1}
}

func (p *progress) reader(r io.Reader) io.Reader { return &progressReader{r: r, p: p} }

type progressReader struct {
	r io.Reader
	p *progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.add(int64(n))
	return n, err
}

// add counts n more bytes sent and redraws at most every 100 ms.
func (p *progress) add(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	if !p.on || time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.draw()
}

func (p *progress) draw() {
	pct := 100
	if p.total > 0 {
		pct = int(p.n * 100 / p.total)
	}
	if pct == p.lastPct && time.Since(p.drawn) < time.Second {
		return
	}
	const width = 30
	filled := pct * width / 100
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3d%%  %s / %s", p.name, bar, pct, sizeText(p.n), sizeText(p.total))
	p.drawn, p.lastPct = time.Now(), pct
}

// finish draws the final state and ends the line.
func (p *progress) finish(ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.on {
		return
	}
	p.lastPct = -1
	p.draw()
	if ok {
		fmt.Fprintln(p.w, "  stored")
	} else {
		fmt.Fprintln(p.w, "  failed")
	}
}

// sizeText writes n bytes for people.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func newEvidenceListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var org, freshness, linked, owner, kind, q string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List an organization's evidence with its freshness",
		Example: "  isms evidence list --org acme --freshness expired\n  isms evidence list --linked organization --format csv --out evidence.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			o, err := resolveOrg(ctx, a, org)
			if err != nil {
				return err
			}
			f := isms.EvidenceFilter{Freshness: isms.Freshness(freshness), Kind: isms.EvidenceKind(kind), Query: q, Sort: "title"}
			if f.Freshness != "" && !f.Freshness.Valid() {
				return fmt.Errorf("--freshness %q: use current, expiring, expired or missing", freshness)
			}
			if f.Kind != "" && !f.Kind.Valid() {
				return fmt.Errorf("--kind %q: use file, link or note", kind)
			}
			if linked != "" {
				typ, id, _ := strings.Cut(linked, ":")
				f.LinkType, f.LinkID = typ, isms.ID(id)
			}
			if owner != "" {
				u, err := a.FindUserByEmail(ctx, isms.SystemActor(""), owner)
				if err != nil {
					return fmt.Errorf("--owner %s: %s", owner, isms.ErrorMessage(err))
				}
				f.OwnerID = u.ID
			}
			list, err := allEvidence(ctx, a, isms.SystemActor(o.ID), f)
			if err != nil {
				return cliError(err)
			}
			return out.write(ce.Stdout, evidenceTable(list), list)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&freshness, "freshness", "", "only current, expiring, expired or missing evidence")
	fl.StringVar(&linked, "linked", "", "only evidence linked to records of this type, or to one record as type:id")
	fl.StringVar(&owner, "owner", "", "only evidence this member (e-mail) owns")
	fl.StringVar(&kind, "kind", "", "only file, link or note evidence")
	fl.StringVar(&q, "q", "", "only evidence with these words in the title")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// allEvidence reads every item matching f, page by page.
func allEvidence(ctx context.Context, a *app.App, actor isms.Actor, f isms.EvidenceFilter) ([]*isms.Evidence, error) {
	var out []*isms.Evidence
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindEvidence(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

func evidenceTable(list []*isms.Evidence) *report.Table {
	t := &report.Table{Title: "Evidence", Columns: []string{"ID", "Title", "Kind", "Owner", "Collected", "Valid until", "Freshness", "Version", "SHA-256"}}
	for _, e := range list {
		version, sha := "", ""
		if e.File != nil {
			version, sha = strconv.Itoa(e.File.Version), e.File.SHA256
		}
		t.Rows = append(t.Rows, []string{string(e.ID), e.Title, string(e.Kind), e.OwnerName, e.CollectedOn.String(),
			e.ValidUntil.String(), string(e.Freshness), version, sha})
	}
	return t
}

func newEvidenceVerifyCmd(ce *cmdEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Re-hash every stored evidence file now and record what changed",
		Long: `verify runs the integrity check of every organization's evidence files at
once: each stored file is read and hashed again. A file that no longer has
its recorded SHA-256, or is gone, is recorded in the organization's audit
trail and shown on the dashboard. It exits with an error when any file fails.`,
		Example: "  isms evidence verify",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			rep, err := a.CheckEvidenceIntegrity(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(ce.Stdout, "checked %d file versions in %d organizations: %d failed, %d results changed\n",
				rep.Files, rep.Organizations, rep.Failed, rep.Changed)
			if rep.Failed > 0 {
				return fmt.Errorf("%d evidence file versions failed the integrity check; see the audit trail (action evidence.integrity)", rep.Failed)
			}
			return nil
		},
	}
}
