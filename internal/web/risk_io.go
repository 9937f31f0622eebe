// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/base64"
	"io"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// The register in and out as CSV or XLSX, with the same columns both
// ways: the export takes the register's filters; the import is read and
// checked first (a dry run), and applied only when asked, so that what is
// applied is what was previewed. Every problem of the file is shown at
// once, by row and column, and then nothing is stored.

const (
	// riskImportMax is the largest file the import reads.
	riskImportMax = 10 << 20
	// riskCarryMax is the largest file the preview carries to Apply in a
	// hidden field; a larger one is chosen again.
	riskCarryMax = 2 << 20
)

func (s *Server) handleRiskExportCSV(w http.ResponseWriter, r *http.Request) error {
	return s.riskExport(w, r, "csv")
}

func (s *Server) handleRiskExportXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.riskExport(w, r, "xlsx")
}

// riskExport writes the whole register the filters select in format; with
// ?template=1 only the heading row, a template to fill in for import.
func (s *Server) riskExport(w http.ResponseWriter, r *http.Request, format string) error {
	a := actor(r)
	var t *report.Table
	title := "Risk register"
	if truthy(r.URL.Query().Get("template")) {
		if err := s.app.Authorize(a, isms.ReadISMS, "You may not read the risk register."); err != nil {
			return err
		}
		t, title = &report.Table{Title: "Risks", Columns: app.RiskColumns}, "Risk import template"
	} else {
		rf, err := s.riskFilter(r)
		if err != nil {
			return err
		}
		if t, err = s.app.ExportRisks(r.Context(), a, rf.F); err != nil {
			return err
		}
		t.Meta = mergeMeta(t.Meta, s.exportMeta(r, title))
		for _, m := range riskFilterMeta(rf.View) {
			if m[1] != "" {
				t.Meta = append(t.Meta, m)
			}
		}
	}
	name := isms.Slugify(title) + "-" + s.app.Now().UTC().Format("20060102-150405") + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return report.WriteCSV(w, t)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return report.WriteXLSX(w, t)
}

// mergeMeta adds to meta the pairs of more whose labels it lacks.
func mergeMeta(meta, more [][2]string) [][2]string {
	for _, m := range more {
		if !slices.ContainsFunc(meta, func(x [2]string) bool { return x[0] == m[0] }) {
			meta = append(meta, m)
		}
	}
	return meta
}

// importProblem is one problem of an import: where, and what.
type importProblem struct {
	Where, Message string
}

type riskImportPage struct {
	basePage
	Action       string // the upload form's address, with the CSRF token
	MaxText      string
	Columns      []string
	FileName     string
	Problems     []importProblem
	Result       *app.RiskImportResult
	Data         string // the previewed file, base64, for Apply; "" when too large to carry
	ChooseAgain  bool   // the file must be chosen again to apply it
	TemplateCSV  string
	TemplateXLSX string
}

// renderRiskImport renders the import page: the upload form, the problems
// of err, or the preview of res.
func (s *Server) renderRiskImport(w http.ResponseWriter, r *http.Request, status int, name string, data []byte, res *app.RiskImportResult, err error) error {
	p := &riskImportPage{Action: uploadAction("/risks/import", s.csrfToken(w, r)), MaxText: byteText(riskImportMax),
		Columns: app.RiskColumns, FileName: name, Result: res, Problems: importProblems(err),
		TemplateCSV: "/risks/export.csv?template=1", TemplateXLSX: "/risks/export.xlsx?template=1"}
	if res != nil && len(data) > 0 {
		if len(data) <= riskCarryMax {
			p.Data = base64.StdEncoding.EncodeToString(data)
		} else {
			p.ChooseAgain = true
		}
	}
	p.Title = "Import risks"
	if res != nil {
		p.Title = "Preview: import of " + name
	}
	return s.render(w, r, status, "risk_import", p)
}

// importProblems lists the problems of err, ordered by where they are.
func importProblems(err error) []importProblem {
	if err == nil {
		return nil
	}
	fields := isms.ErrorFields(err)
	if len(fields) == 0 {
		return []importProblem{{Message: isms.ErrorMessage(err)}}
	}
	out := make([]importProblem, 0, len(fields))
	for where, msg := range fields {
		if where == fileField {
			where = ""
		}
		out = append(out, importProblem{Where: where, Message: msg})
	}
	slices.SortFunc(out, func(a, b importProblem) int { return naturalCompare(a.Where, b.Where) })
	return out
}

// naturalCompare orders strings with their runs of digits compared as
// numbers, so that line 9 comes before line 10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:da])
			nb, _ := strconv.Atoi(b[:db])
			if na != nb {
				return na - nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

// digitRun is the length of the run of ASCII digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && n < 9 && unicode.IsDigit(rune(s[n])) && s[n] < 0x80 {
		n++
	}
	return n
}

func (s *Server) handleRiskImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditRisks, "You may not import risks."); err != nil {
		return err
	}
	return s.renderRiskImport(w, r, http.StatusOK, "", nil, nil, nil)
}

// handleRiskImport reads an uploaded file (or the previewed file carried
// back by Apply), checks it and shows the preview, or applies it.
func (s *Server) handleRiskImport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditRisks, "You may not import risks."); err != nil {
		return err
	}
	name, data, apply, err := s.riskImportFile(w, r)
	if err == nil {
		var res *app.RiskImportResult
		if res, err = s.app.ImportRisks(r.Context(), a, name, data, !apply); err == nil {
			if !apply {
				return s.renderRiskImport(w, r, http.StatusOK, name, data, res, nil)
			}
			s.flash(w, "ok", "Imported "+name+": "+importCounts(res)+".")
			http.Redirect(w, r, "/risks", http.StatusSeeOther)
			return nil
		}
	}
	if status := errorStatus(err); status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge {
		return s.renderRiskImport(w, r, status, name, nil, nil, err)
	}
	return err
}

// riskImportFile reads the file of an import request: an upload, or the
// previewed file carried back by Apply. apply is set when the request asks
// to store it.
func (s *Server) riskImportFile(w http.ResponseWriter, r *http.Request) (name string, data []byte, apply bool, err error) {
	if !isMultipart(r) {
		name = path.Base(strings.TrimSpace(r.PostFormValue("name")))
		data, err = base64.StdEncoding.DecodeString(r.PostFormValue("data"))
		if err != nil || len(data) == 0 || name == "" || name == "." {
			return name, nil, false, isms.Errorf(isms.Invalid, "The previewed file did not come back; choose it again.")
		}
		return name, data, r.PostFormValue("apply") != "", nil
	}
	err = s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		apply = parts.Values.Get("apply") != ""
		if file == nil {
			return isms.Problems{fileField: "Choose a CSV or XLSX file to import."}.Err()
		}
		name = file.Name
		if name == "" {
			name = "upload.csv"
		}
		var rerr error
		data, rerr = io.ReadAll(io.LimitReader(file.Reader, riskImportMax+1))
		if rerr == nil && len(data) > riskImportMax {
			rerr = isms.Problems{fileField: name + " is larger than 10 MiB; split it into smaller files."}.Err()
		}
		return rerr
	})
	return name, data, apply, err
}

// importCounts says what an import did or would do.
func importCounts(res *app.RiskImportResult) string {
	return plural(res.Created, "risk", "risks") + " created, " + strconv.Itoa(res.Updated) + " updated, " +
		strconv.Itoa(res.Unchanged) + " unchanged"
}

// riskImportAPI says what an import did, or would do in a dry run.
type riskImportAPI struct {
	DryRun    bool     `json:"dryRun"`
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Refs      []string `json:"refs" openapi:"nonnull" doc:"References of the risks created or updated."`
}

func (riskImportAPI) schemaName() string { return "RiskImport" }

// riskImportBodies describes the raw file bodies of the import.
func riskImportBodies(*schemaGen) map[string]any {
	out := map[string]any{"application/octet-stream": map[string]any{"schema": binarySchema()}}
	for _, mt := range []string{"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		out[mt] = map[string]any{"schema": binarySchema()}
	}
	return out
}

func (s *Server) apiRiskImport(w http.ResponseWriter, r *http.Request) (any, error) {
	a, p := actor(r), isms.Problems{}
	if err := s.app.Authorize(a, isms.EditRisks, "You may not import risks."); err != nil {
		return nil, err
	}
	name := uploadName(r)
	if ext := strings.ToLower(name); !strings.HasSuffix(ext, ".csv") && !strings.HasSuffix(ext, ".xlsx") {
		p.Add("name", "Give the file's name, such as ?name=risks.csv or risks.xlsx, or the Content-Type text/csv or the XLSX type.")
	}
	dry := queryOneOf(r, p, "dryRun", "true", "false") == "true"
	if err := p.Err(); err != nil {
		return nil, err
	}
	data, err := s.readBody(w, r)
	if err != nil {
		return nil, err
	}
	res, err := s.app.ImportRisks(r.Context(), a, name, data, dry)
	if err != nil {
		return nil, err
	}
	out := riskImportAPI{DryRun: dry, Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged, Refs: res.Refs}
	if out.Refs == nil {
		out.Refs = []string{}
	}
	return out, nil
}

// riskImportOperation is the import's API operation.
func (s *Server) riskImportOperation() apiOperation {
	return apiOperation{
		Pattern: "POST /api/v1/risks/import", Access: Member, Handler: s.apiRiskImport,
		ID: "importRisks", Tag: "Risks", Summary: "Import risks from CSV or XLSX, or check the file",
		Description: "The request body is the file, with the export's columns. A row with a new or empty ref creates a risk, one with an existing ref updates it, one equal to the stored risk changes nothing. " +
			"Every problem of every row is a 422 whose fields name the file, row and column; nothing is stored then. With dryRun=true the file is checked and counted, and nothing is stored.",
		Params: []apiParam{
			stringParam("name", "The file's name, such as risks.csv; its extension tells the format. Without it, the Content-Type must: text/csv or the XLSX type."),
			enumParam("dryRun", "true: check and count, store nothing.", "true", "false"),
		},
		Upload: riskImportBodies, Result: reflect.TypeFor[riskImportAPI](), Errors: []int{http.StatusRequestEntityTooLarge},
	}
}
