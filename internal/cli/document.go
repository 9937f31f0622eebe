// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newDocumentCmd) }

func newDocumentCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "document", Short: "List controlled documents and export a version as PDF"}
	cmd.AddCommand(newDocumentListCmd(ce), newDocumentExportCmd(ce))
	return cmd
}

// documentList holds the flags of "document list".
type documentList struct {
	org, typ, status, q string
	overdue, retired    bool
}

func newDocumentListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var dl documentList
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List documents with their type, owner, classification, status, version in force and next review",
		Example: `  isms document list --type policy
  isms document list --overdue --format csv --out overdue.csv
  isms document list --status in_review --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := dl.filter(ce)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return ce.inOrg(ctx, dl.org, func(a *app.App, sys isms.Actor) error {
				f.OrgID = sys.OrgID
				list, err := allDocuments(ctx, a, sys, f)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, documentTable(list, f.Today), documentRecords(list, f.Today))
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dl.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&dl.typ, "type", "", "only documents of this type: "+documentTypeList())
	fl.StringVar(&dl.status, "status", "", "only documents whose latest version is draft, in_review, approved, superseded or retired")
	fl.BoolVar(&dl.overdue, "overdue", false, "only documents whose review date has passed")
	fl.BoolVar(&dl.retired, "retired", false, "include retired documents")
	fl.StringVar(&dl.q, "q", "", "only documents with these words in the reference, title or description")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// documentTypeList names the document types for help and messages.
func documentTypeList() string {
	types := make([]string, len(isms.DocumentTypes))
	for i, t := range isms.DocumentTypes {
		types[i] = string(t)
	}
	return strings.Join(types, ", ")
}

// filter turns the flags into the filter of the organization's documents.
func (dl documentList) filter(ce *cmdEnv) (isms.DocumentFilter, error) {
	f := isms.DocumentFilter{Search: dl.q, Type: isms.DocumentType(dl.typ), Status: isms.VersionStatus(dl.status),
		ReviewOverdue: dl.overdue, Retired: dl.retired || dl.status == string(isms.VersionRetired),
		Today: isms.DateOf(backupClock(ce.Now)()), Sort: "ref"}
	if f.Type != "" && !f.Type.Valid() {
		return f, fmt.Errorf("--type %q: use %s", dl.typ, documentTypeList())
	}
	switch f.Status {
	case "", isms.VersionDraft, isms.VersionInReview, isms.VersionApproved, isms.VersionSuperseded, isms.VersionRetired:
	default:
		return f, fmt.Errorf("--status %q: use draft, in_review, approved, superseded or retired", dl.status)
	}
	return f, nil
}

// allDocuments reads every document matching f, page by page.
func allDocuments(ctx context.Context, a *app.App, actor isms.Actor, f isms.DocumentFilter) ([]*isms.Document, error) {
	out := []*isms.Document{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindDocuments(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// documentRecord is one document as "document list --format json" prints
// it: the document and whether its review is overdue.
type documentRecord struct {
	*isms.Document
	ReviewOverdue bool `json:"reviewOverdue"`
}

func documentRecords(list []*isms.Document, today isms.Date) []documentRecord {
	out := make([]documentRecord, len(list))
	for i, d := range list {
		out[i] = documentRecord{Document: d, ReviewOverdue: d.ReviewOverdue(today)}
	}
	return out
}

func documentTable(list []*isms.Document, today isms.Date) *report.Table {
	t := &report.Table{Title: "Documents", Columns: []string{"Ref", "Title", "Type", "Owner", "Classification", "Status",
		"In force", "Latest", "Next review", "External", "Flags"}}
	version := func(n int) string {
		if n == 0 {
			return ""
		}
		return "v" + strconv.Itoa(n)
	}
	for _, d := range list {
		var flags []string
		if d.ReviewOverdue(today) {
			flags = append(flags, "review_overdue")
		}
		if d.Retired {
			flags = append(flags, "retired")
		}
		external := ""
		if d.External {
			external = "yes"
		}
		t.Rows = append(t.Rows, []string{d.Ref, d.Title, d.Type.Label(), d.OwnerName, string(d.Classification),
			d.Status.Label(), version(d.ApprovedNumber), version(d.LatestNumber), d.NextReview.String(), external,
			strings.Join(flags, " ")})
	}
	return t
}

// documentExport holds the flags of "document export".
type documentExport struct {
	org, ref, out string
	version       int
}

func newDocumentExportCmd(ce *cmdEnv) *cobra.Command {
	var de documentExport
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a document version as a PDF with its control block",
		Long: `export writes one version of a document as an A4 PDF: a control block with
the title, reference, version, status, owner, approvers, approval date,
classification and next review, then the body. Without --version it writes
the version in force, or the latest version when none is approved yet.`,
		Example: `  isms document export --ref DOC-1 -o policy.pdf
  isms document export --ref DOC-4 --version 2 -o procedure-v2.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.documentExport(cmd.Context(), de)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&de.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&de.ref, "ref", "", "the document's reference, such as DOC-1 (required)")
	fl.IntVar(&de.version, "version", 0, "the version number; default: the version in force, or the latest")
	fl.StringVarP(&de.out, "out", "o", "", "the PDF file to write (required)")
	return cmd
}

func (ce *cmdEnv) documentExport(ctx context.Context, de documentExport) error {
	switch {
	case strings.TrimSpace(de.ref) == "":
		return fmt.Errorf("--ref is required: give the document's reference, such as DOC-1 (see \"isms document list\")")
	case de.out == "":
		return fmt.Errorf("-o FILE.pdf is required")
	case de.version < 0:
		return fmt.Errorf("--version %d: give a version number from 1", de.version)
	}
	return ce.inOrg(ctx, de.org, func(a *app.App, sys isms.Actor) error {
		d, err := a.FindDocument(ctx, sys, strings.TrimSpace(de.ref))
		if err != nil {
			return cliError(err)
		}
		number := de.version
		if number == 0 {
			number = d.Document.ApprovedNumber
		}
		if number == 0 {
			number = d.Document.LatestNumber
		}
		var buf bytes.Buffer
		if err := a.DocumentPDF(ctx, sys, d.Document.ID, number, &buf); err != nil {
			return cliError(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			return fmt.Errorf("export %s v%d: the PDF writer produced no PDF", d.Document.Ref, number)
		}
		if err := writeFileAtomic(de.out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(ce.Stderr, "exported %s v%d (%s, %d bytes) to %s\n", d.Document.Ref, number,
			d.Document.Classification, buf.Len(), de.out)
		return nil
	})
}

// writeFileAtomic writes data to a temporary file next to path and
// renames it into place, so that a failed export leaves no half file.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
