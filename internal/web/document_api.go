// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func init() {
	enumDefs[reflect.TypeFor[isms.DocumentType]()] = enumDef{doc: "What kind of document it is.", values: enumStrings(isms.DocumentTypes...)}
	enumDefs[reflect.TypeFor[isms.VersionStatus]()] = enumDef{doc: "Where a document version stands: a draft is edited; in review it awaits its approvers; approved it is in force and immutable; superseded by a later approved version; retired with its document.",
		values: enumStrings(versionStatuses...)}
	enumDefs[reflect.TypeFor[isms.BodyFormat]()] = enumDef{doc: "How a version's text is held: Markdown, or an uploaded file.",
		values: enumStrings(isms.BodyMarkdown, isms.BodyFile)}
}

// documentSortKeys are the register's sort keys.
var documentSortKeys = sortValues("ref", "title", "type", "owner", "status", "nextReview", "updated")

// documentAPINames maps app's field names to the API's JSON names.
var documentAPINames = map[string]string{"owner": "ownerId", "audienceRoles": "audience.roles", "audiencePeople": "audience.people",
	"body": "body", fileField: fileField}

func (s *Server) documentOperations() []apiOperation {
	return append(s.documentRecordOperations(), s.documentVersionOperations()...)
}

// documentRecordOperations are the operations on documents themselves.
func (s *Server) documentRecordOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/documents", Access: Member, Handler: s.apiDocumentList,
		ID: "listDocuments", Tag: "Documents", Summary: "List the document register",
		Description: "The organization's documents with the status of their latest version and the version in force. " +
			"Members who do not read the whole ISMS (employees) get only the documents published to them.",
		Params: append([]apiParam{
			enumParam("type", "Only documents of this type.", enumStrings(isms.DocumentTypes...)...),
			stringParam("owner", "Only documents of this member: a user ID, an e-mail address or me."),
			enumParam("status", "Only documents whose latest version has this status.", enumStrings(versionStatuses...)...),
			enumParam("overdue", "true: only documents whose review date has passed.", "true", "false"),
			enumParam("external", "yes: only documents of external origin; no: only the organization's own.", "yes", "no"),
			enumParam("retired", "true: include retired documents.", "true", "false"),
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", documentSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Document]](),
	}, {
		Pattern: "POST /api/v1/documents", Access: Member, Handler: s.apiDocumentCreate,
		ID: "createDocument", Tag: "Documents", Summary: "Create a document with its first draft",
		Description: "Needs the right to edit documents. The first version's text is body (Markdown), or the text of a starter template, " +
			"or a file: send multipart/form-data with the JSON part metadata first and the part file last. Without a ref the document gets the next free DOC-number.",
		Body: reflect.TypeFor[documentCreateRequest](), Upload: documentMultipart, Result: reflect.TypeFor[documentCreatedAPI](),
		Status: http.StatusCreated, Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/documents/{id}", Access: Member, Handler: s.apiDocumentGet,
		ID: "getDocument", Tag: "Documents", Summary: "Read a document with its versions, links and reviews",
		Description: "{id} is the document's ID or its reference (DOC-3). Versions are listed newest first, without their text: read a version for it.",
		Result:      reflect.TypeFor[documentDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/documents/{id}", Access: Member, Handler: s.apiDocumentUpdate,
		ID: "updateDocument", Tag: "Documents", Summary: "Replace a document's details",
		Description: "The body replaces the document's details (not its text, which changes through versions). version must be the document's current version (409 otherwise).",
		Body:        reflect.TypeFor[documentUpdateRequest](), Result: reflect.TypeFor[*isms.Document](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/documents/{id}/review", Access: Member, Handler: s.apiDocumentReview,
		ID: "reviewDocument", Tag: "Documents", Summary: "Record a review that found no change needed",
		Description: "The owner or an editor of documents records the periodic review against the version in force; the next review is a review interval from today. A review that needs changes starts a new version instead.",
		Body:        reflect.TypeFor[documentNoteRequest](), Result: reflect.TypeFor[*isms.DocumentReview](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/documents/{id}/retire", Access: Member, Handler: s.apiDocumentRetire,
		ID: "retireDocument", Tag: "Documents", Summary: "Retire a document",
		Description: "Its version in force becomes retired and is kept until the retention period of its type ends.",
		Body:        reflect.TypeFor[documentRetireRequest](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/documents/{id}/compare", Access: Member, Handler: s.apiDocumentCompare,
		ID: "compareDocumentVersions", Tag: "Documents", Summary: "Compare two versions' texts line by line",
		Params: []apiParam{
			{Name: "from", Doc: "The older version's number; default the one before to.", Schema: schemaObj{"type": "integer", "minimum": 1}},
			{Name: "to", Doc: "The newer version's number; default the latest.", Schema: schemaObj{"type": "integer", "minimum": 1}},
		},
		Result: reflect.TypeFor[documentCompareAPI](),
	}, {
		Pattern: "GET /api/v1/document-templates", Access: Member, Handler: s.apiDocumentTemplates,
		ID: "listDocumentTemplates", Tag: "Documents", Summary: "List the starter templates",
		Description: "Skeletons (headings and guidance prompts) for the documents ISO/IEC 27001 asks for; give a key as template when creating a document.",
		Result:      reflect.TypeFor[[]documentTemplateAPI](),
	}}
}

// documentVersionOperations are the operations on a document's versions.
func (s *Server) documentVersionOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "POST /api/v1/documents/{id}/versions", Access: Member, Handler: s.apiVersionCreate,
		ID: "createDocumentVersion", Tag: "Documents", Summary: "Start a new version",
		Description: "The new draft starts as a copy of the latest version. While a draft or a version in review exists there can be no other (409).",
		Body:        reflect.TypeFor[versionCreateRequest](), Result: reflect.TypeFor[*isms.DocumentVersion](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/documents/{id}/versions/{n}", Access: Member, Handler: s.apiVersionGet,
		ID: "getDocumentVersion", Tag: "Documents", Summary: "Read a version with its text",
		Description: "The Markdown text as body, and as html rendered and sanitized (no script, no event attributes, only http, https and mailto links).",
		Result:      reflect.TypeFor[versionAPI](),
	}, {
		Pattern: "PUT /api/v1/documents/{id}/versions/{n}", Access: Member, Handler: s.apiVersionSave,
		ID: "saveDocumentDraft", Tag: "Documents", Summary: "Save a draft's text",
		Description: "Only drafts change; revision must be the draft's current revision (409 otherwise).",
		Body:        reflect.TypeFor[draftRequest](), Result: reflect.TypeFor[*isms.DocumentVersion](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/documents/{id}/versions/{n}/submit", Access: Member, Handler: s.apiVersionSubmit,
		ID: "submitDocumentVersion", Tag: "Documents", Summary: "Send a draft for review",
		Description: "The draft goes in review to the named approvers, all of whom must approve; it is then in force and the version before it superseded. A rejection or withdrawal returns it to draft.",
		Body:        reflect.TypeFor[versionSubmitRequest](), Result: reflect.TypeFor[*isms.Approval](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/documents/{id}/versions/{n}/pdf", Access: Member, Handler: s.apiVersionPDF,
		ID: "getDocumentVersionPDF", Tag: "Documents", Summary: "Download a version as PDF",
		Description: "An A4 PDF with the control block (title, version, status, owner, approvers, dates, classification) and the text; the classification is in every page's footer.",
		Download:    pdfDownload(),
	}, {
		Pattern: "GET /api/v1/documents/{id}/versions/{n}/file", Access: Member, Handler: s.apiVersionFile,
		ID: "downloadDocumentFile", Tag: "Documents", Summary: "Download the file of a version held as a file",
		Download: evidenceDownload(),
	}}
}

// documentMultipart describes the multipart form of a new document.
func documentMultipart(g *schemaGen) map[string]any {
	return map[string]any{"multipart/form-data": map[string]any{
		"schema": schemaObj{"type": "object", "required": []string{"metadata"},
			"properties": schemaObj{"metadata": g.of(reflect.TypeFor[documentCreateRequest]()), "file": binarySchema()}},
		"encoding": map[string]any{"metadata": map[string]string{"contentType": "application/json"},
			"file": map[string]string{"contentType": "application/octet-stream"}},
	}}
}

// pdfDownload describes a PDF response.
func pdfDownload() map[string]any {
	return map[string]any{
		"content": map[string]any{"application/pdf": map[string]any{"schema": binarySchema()}},
		"headers": map[string]any{"Content-Disposition": map[string]any{"description": `attachment; filename="DOC-3-v2.pdf"`,
			"schema": schemaObj{"type": "string"}}},
	}
}

// documentRequest is a document's details.
type documentRequest struct {
	Ref             string              `json:"ref,omitempty" doc:"Unique in the organization; the next free DOC-number when empty."`
	Title           string              `json:"title"`
	Type            isms.DocumentType   `json:"type"`
	Description     string              `json:"description,omitempty"`
	OwnerID         isms.ID             `json:"ownerId"`
	Classification  isms.Classification `json:"classification,omitempty" doc:"public, internal, confidential or restricted; empty for unclassified."`
	Audience        audienceRequest     `json:"audience,omitzero" doc:"Who reads the approved version."`
	ReviewMonths    int                 `json:"reviewMonths,omitempty" doc:"The review interval; 0 for none."`
	NextReview      string              `json:"nextReview,omitempty" doc:"YYYY-MM-DD."`
	Clauses         []string            `json:"clauses,omitempty" doc:"ISO/IEC 27001 clauses or Annex A controls, such as 5.2 or A.5.1."`
	Links           []string            `json:"links,omitempty" doc:"Related records as type:ID or type:reference, such as control:C-3."`
	External        bool                `json:"external,omitempty" doc:"A document of external origin: a law, a standard, a supplier's document."`
	Source          string              `json:"source,omitempty" doc:"Where an external document comes from."`
	ExternalVersion string              `json:"externalVersion,omitempty"`
}

// input is the request as app's input.
func (in documentRequest) input() app.DocumentInput {
	out := app.DocumentInput{Ref: in.Ref, Title: in.Title, Type: string(in.Type), Description: in.Description,
		OwnerID: string(in.OwnerID), Classification: string(in.Classification), NextReview: in.NextReview,
		Source: in.Source, ExternalVersion: in.ExternalVersion, External: in.External,
		AudienceEveryone: in.Audience.Everyone, AudienceRoles: in.Audience.Roles, AudiencePeople: in.Audience.People,
		Clauses: in.Clauses, Links: in.Links}
	if in.ReviewMonths != 0 {
		out.ReviewMonths = strconv.Itoa(in.ReviewMonths)
	}
	return out
}

// documentCreateRequest is a new document and its first version's text.
type documentCreateRequest struct {
	documentRequest
	Body          string `json:"body,omitempty" doc:"The first version's Markdown text."`
	Template      string `json:"template,omitempty" doc:"Instead of body: the key of a starter template whose text the first version takes."`
	ChangeSummary string `json:"changeSummary,omitempty"`
}

// documentUpdateRequest replaces a document's details.
type documentUpdateRequest struct {
	documentRequest
	Version int `json:"version" doc:"The document's version the change was made against."`
}

// documentCreatedAPI is a new document and its first version.
type documentCreatedAPI struct {
	Document *isms.Document        `json:"document"`
	Version  *isms.DocumentVersion `json:"version"`
}

func (documentCreatedAPI) schemaName() string { return "DocumentCreated" }

// documentDetailAPI is a document with its versions, links and reviews.
type documentDetailAPI struct {
	*isms.Document
	Versions []*isms.DocumentVersion `json:"versions" openapi:"nonnull" doc:"Newest first, without their text."`
	Links    []evidenceLinkAPI       `json:"links" openapi:"nonnull"`
	Reviews  []*isms.DocumentReview  `json:"reviews" openapi:"nonnull"`
	Pending  *isms.Approval          `json:"pendingApproval" doc:"The submission of the version in review; null when none."`
	CanEdit  bool                    `json:"canEdit" doc:"Whether the caller may change the document and write its versions."`
}

func (documentDetailAPI) schemaName() string { return "DocumentDetail" }

// documentNoteRequest records a review.
type documentNoteRequest struct {
	Note string `json:"note,omitempty"`
}

// documentRetireRequest retires a document.
type documentRetireRequest struct {
	Reason string `json:"reason,omitempty" doc:"Why it is withdrawn."`
}

// versionCreateRequest starts a new version.
type versionCreateRequest struct {
	ChangeSummary string `json:"changeSummary,omitempty" doc:"What the new version changes."`
}

// draftRequest saves a draft's text.
type draftRequest struct {
	Body          string `json:"body" doc:"The whole Markdown text."`
	ChangeSummary string `json:"changeSummary,omitempty"`
	Revision      int    `json:"revision" doc:"The draft's revision the text was written against."`
}

// versionSubmitRequest sends a draft for review.
type versionSubmitRequest struct {
	ApproverIDs []isms.ID `json:"approverIds" doc:"User IDs of the approvers: active members who may read the document, not the caller."`
	Note        string    `json:"note,omitempty"`
}

// versionAPI is a version with its text rendered.
type versionAPI struct {
	*isms.DocumentVersion
	HTML string `json:"html,omitempty" doc:"The Markdown text rendered as sanitized HTML."`
}

func (versionAPI) schemaName() string { return "DocumentVersionText" }

// diffLineAPI is one line of a comparison.
type diffLineAPI struct {
	Op      string `json:"op" doc:"+ added, - removed, a space for unchanged."`
	Text    string `json:"text"`
	OldLine int    `json:"oldLine,omitempty" doc:"The line's number in the older version; absent for an added line."`
	NewLine int    `json:"newLine,omitempty" doc:"The line's number in the newer version; absent for a removed line."`
}

func (diffLineAPI) schemaName() string { return "DiffLine" }

// documentCompareAPI is a comparison of two versions.
type documentCompareAPI struct {
	From  int           `json:"from"`
	To    int           `json:"to"`
	Lines []diffLineAPI `json:"lines" openapi:"nonnull"`
}

func (documentCompareAPI) schemaName() string { return "DocumentComparison" }

// documentTemplateAPI is a starter template.
type documentTemplateAPI struct {
	Key     string            `json:"key"`
	Title   string            `json:"title"`
	Type    isms.DocumentType `json:"type"`
	Clauses []string          `json:"clauses" openapi:"nonnull"`
	Body    string            `json:"body" doc:"The skeleton's Markdown text."`
}

func (documentTemplateAPI) schemaName() string { return "DocumentTemplate" }

func (s *Server) apiDocumentList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	queryOneOf(r, p, "overdue", "true", "false")
	queryOneOf(r, p, "retired", "true", "false")
	f, _, err := s.documentFilter(r)
	if fields := isms.ErrorFields(err); fields != nil {
		for k, v := range fields {
			p.Add(k, v)
		}
	} else if err != nil {
		return nil, err
	}
	f.Sort = queryOneOf(r, p, "sort", documentSortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Document, int, error) {
		return s.app.FindDocuments(r.Context(), actor(r), f)
	})
}

func (s *Server) apiDocumentCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	if !isMultipart(r) {
		var in documentCreateRequest
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.createDocument(r, in, nil)
	}
	var out any
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		if parts.Metadata == nil {
			return isms.Problems{metadataField: "Send the document's fields as a JSON part named metadata, before the file."}.Err()
		}
		var in documentCreateRequest
		dec := json.NewDecoder(bytes.NewReader(parts.Metadata))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			msg, _ := jsonProblem(err)
			return isms.Problems{metadataField: "The metadata part is not valid JSON for this operation: " + msg + "."}.Err()
		}
		var err error
		out, err = s.createDocument(r, in, file)
		return err
	})
	return out, err
}

func (s *Server) createDocument(r *http.Request, in documentCreateRequest, file *app.FileInput) (any, error) {
	doc, v, err := s.app.CreateDocument(r.Context(), actor(r), in.input(),
		app.DocumentBodyInput{Markdown: in.Body, Template: in.Template, File: file, ChangeSummary: in.ChangeSummary})
	if err != nil {
		return nil, renameFields(err, documentAPINames)
	}
	return created(documentCreatedAPI{Document: doc, Version: v}), nil
}

func (s *Server) apiDocumentGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	out := documentDetailAPI{Document: d.Document, Versions: []*isms.DocumentVersion{}, Links: []evidenceLinkAPI{},
		Reviews: d.Reviews, Pending: d.Pending, CanEdit: d.CanEdit}
	for _, v := range d.Versions {
		c := *v
		c.Body = ""
		out.Versions = append(out.Versions, &c)
	}
	for _, l := range d.Links {
		out.Links = append(out.Links, linkAPI(l))
	}
	if out.Reviews == nil {
		out.Reviews = []*isms.DocumentReview{}
	}
	return out, nil
}

func (s *Server) apiDocumentUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in documentUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	doc, err := s.app.UpdateDocument(r.Context(), actor(r), d.Document.ID, in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, documentAPINames)
	}
	return doc, nil
}

func (s *Server) apiDocumentReview(w http.ResponseWriter, r *http.Request) (any, error) {
	var in documentNoteRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	rev, err := s.app.ReviewDocumentNoChange(r.Context(), actor(r), d.Document.ID, in.Note)
	if err != nil {
		return nil, err
	}
	return created(rev), nil
}

func (s *Server) apiDocumentRetire(w http.ResponseWriter, r *http.Request) (any, error) {
	var in documentRetireRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.RetireDocument(r.Context(), actor(r), d.Document.ID, in.Reason)
}

func (s *Server) apiDocumentCompare(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	num := func(name string) int {
		v := r.URL.Query().Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			p.Add(name, name+" must be a version number, 1 or more.")
		}
		return n
	}
	from, to := num("from"), num("to")
	if err := p.Err(); err != nil {
		return nil, err
	}
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	if to == 0 && d.Latest != nil {
		to = d.Latest.Number
	}
	if from == 0 {
		from = max(to-1, 1)
	}
	lines, err := s.app.CompareDocumentVersions(r.Context(), actor(r), d.Document.ID, from, to)
	if err != nil {
		return nil, err
	}
	out := documentCompareAPI{From: from, To: to, Lines: make([]diffLineAPI, len(lines))}
	for i, l := range lines {
		out.Lines[i] = diffLineAPI{Op: string(rune(l.Op)), Text: l.Text, OldLine: l.OldLine, NewLine: l.NewLine}
	}
	return out, nil
}

func (s *Server) apiDocumentTemplates(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.app.Authorize(actor(r), isms.ReadISMS, "You may not read the document templates."); err != nil {
		return nil, err
	}
	out := []documentTemplateAPI{}
	for _, t := range app.DocumentTemplates() {
		clauses := t.Clauses
		if clauses == nil {
			clauses = []string{}
		}
		out = append(out, documentTemplateAPI{Key: t.Key, Title: t.Title, Type: t.Type, Clauses: clauses, Body: t.Body})
	}
	return out, nil
}

func (s *Server) apiVersionCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in versionCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.documentID(r)
	if err != nil {
		return nil, err
	}
	v, err := s.app.NewDocumentVersion(r.Context(), actor(r), d.Document.ID, in.ChangeSummary)
	if err != nil {
		return nil, err
	}
	return created(v), nil
}

func (s *Server) apiVersionGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, _, err := s.findVersion(r)
	if err != nil {
		return nil, err
	}
	out := versionAPI{DocumentVersion: v}
	if v.Format == isms.BodyMarkdown && v.Body != "" {
		out.HTML = string(markdownHTML(v.Body))
	}
	return out, nil
}

func (s *Server) apiVersionSave(w http.ResponseWriter, r *http.Request) (any, error) {
	var in draftRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, _, err := s.findVersion(r)
	if err != nil {
		return nil, err
	}
	out, err := s.app.SaveDraft(r.Context(), actor(r), v.ID, in.Revision, app.DocumentBodyInput{Markdown: in.Body, ChangeSummary: in.ChangeSummary})
	if err != nil {
		return nil, renameFields(err, documentAPINames)
	}
	return out, nil
}

func (s *Server) apiVersionSubmit(w http.ResponseWriter, r *http.Request) (any, error) {
	var in versionSubmitRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, _, err := s.findVersion(r)
	if err != nil {
		return nil, err
	}
	ap, err := s.app.SubmitDocumentVersion(r.Context(), actor(r), v.ID, in.ApproverIDs, in.Note)
	if err != nil {
		return nil, renameFields(err, map[string]string{"approvers": "approverIds"})
	}
	return created(ap), nil
}

func (s *Server) apiVersionPDF(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.serveDocumentPDF(w, r, r.PathValue("n")); err != nil {
		return nil, err
	}
	return written{}, nil
}

func (s *Server) apiVersionFile(w http.ResponseWriter, r *http.Request) (any, error) {
	v, _, err := s.findVersion(r)
	if err != nil {
		return nil, err
	}
	if err := s.serveVersionFile(w, r, v.ID); err != nil {
		return nil, err
	}
	return written{}, nil
}
