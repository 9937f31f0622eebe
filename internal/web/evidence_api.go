// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// evidenceSortKeys are the evidence list's sort keys.
var evidenceSortKeys = sortValues("title", "kind", "owner", "collected", "validUntil", "updated")

// evidenceAPINames maps app's field names to the API's JSON names.
var evidenceAPINames = map[string]string{"owner": "ownerId"}

func (s *Server) evidenceOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/evidence", Access: Member, Handler: s.apiEvidenceList,
		ID: "listEvidence", Tag: "Evidence", Summary: "List evidence",
		Description: "Evidence items of the caller's organization with their current file and their freshness today. Links are read with each item.",
		Params: append([]apiParam{
			stringParam("linkType", "Only items linked to records of this type, such as control."),
			stringParam("linkId", "With linkType: only items linked to this record."),
			stringParam("ownerId", "Only items this member owns."),
			enumParam("freshness", "Only items in this state today.", enumStrings(isms.FreshnessStates...)...),
			enumParam("kind", "Only items of this kind.", enumStrings(isms.EvidenceKinds...)...),
			stringParam("q", "Words in the title."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default title.", evidenceSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Evidence]](),
	}, {
		Pattern: "POST /api/v1/evidence", Access: Member, Handler: s.apiEvidenceCreate,
		ID: "createEvidence", Tag: "Evidence", Summary: "Add evidence, with its first file",
		Description: "Send JSON for an item without a file, or multipart/form-data with the JSON part metadata first and the part file last; the file streams to storage as it arrives. " +
			"Its SHA-256, size and media type (detected from the content, whatever the part's Content-Type says) are recorded. A file over the limit is refused with 413 and nothing is stored.",
		Body: reflect.TypeFor[evidenceCreateRequest](), Upload: evidenceMultipart, Result: reflect.TypeFor[*isms.Evidence](),
		Status: http.StatusCreated, Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/evidence/{id}", Access: Member, Handler: s.apiEvidenceGet,
		ID: "getEvidence", Tag: "Evidence", Summary: "Read an evidence item with its versions and links",
		Result: reflect.TypeFor[evidenceDetailAPI](),
	}, {
		Pattern: "PATCH /api/v1/evidence/{id}", Access: Member, Handler: s.apiEvidenceUpdate,
		ID: "updateEvidence", Tag: "Evidence", Summary: "Change an evidence item",
		Description: "Changes the fields given. Files get new versions through PUT …/file instead.",
		Body:        reflect.TypeFor[evidencePatchRequest](), Result: reflect.TypeFor[*isms.Evidence](),
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "PUT /api/v1/evidence/{id}/file", Access: Member, Handler: s.apiEvidenceFile,
		ID: "uploadEvidenceFile", Tag: "Evidence", Summary: "Upload a new file version",
		Description: "The request body is the file's bytes, streamed to storage; its name comes from the query. The new version supersedes the current one, which is kept. " +
			"The collection date moves to collectedOn (default today), and a validity period is counted from it again.",
		Params: []apiParam{
			stringParam("name", "The file's name, kept for display only."),
			{Name: "collectedOn", Doc: "The day the new version was collected (YYYY-MM-DD); default today.", Schema: schemaObj{"type": "string", "format": "date"}},
			{Name: "validUntil", Doc: "For an item without a validity period: its new last valid day.", Schema: schemaObj{"type": "string", "format": "date"}},
		},
		Upload: func(*schemaGen) map[string]any {
			return map[string]any{"application/octet-stream": map[string]any{"schema": binarySchema()}}
		},
		Result: reflect.TypeFor[*isms.Evidence](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict, http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/evidence/{id}/versions/{n}/content", Access: Member, Handler: s.apiEvidenceContent,
		ID: "downloadEvidenceFile", Tag: "Evidence", Summary: "Download a file version",
		Description: "The stored bytes, always as an attachment. Active content (HTML, SVG, XML, scripts) is sent as application/octet-stream. " +
			"The content is checked against its SHA-256 as it is sent; if it no longer matches, the response ends early. A version whose integrity check failed is a 409.",
		Download: evidenceDownload(), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/evidence/{id}/links", Access: Member, Handler: s.apiEvidenceLink,
		ID: "linkEvidence", Tag: "Evidence", Summary: "Link an evidence item to a record",
		Body: reflect.TypeFor[evidenceLinkRequest](), Result: reflect.TypeFor[evidenceLinkAPI](),
	}, {
		Pattern: "DELETE /api/v1/evidence/{id}/links/{link}", Access: Member, Handler: s.apiEvidenceUnlink,
		ID: "unlinkEvidence", Tag: "Evidence", Summary: "Remove a link of an evidence item",
		Description: "{link} is the linked record as type:id, such as control:ctl_1. A link that does not exist is a 404.",
	}}
}

// binarySchema is the schema of raw file bytes.
func binarySchema() schemaObj {
	return schemaObj{"type": "string", "contentMediaType": "application/octet-stream"}
}

// evidenceMultipart describes the multipart form of a new item.
func evidenceMultipart(g *schemaGen) map[string]any {
	return map[string]any{"multipart/form-data": map[string]any{
		"schema": schemaObj{"type": "object", "required": []string{"metadata"},
			"properties": schemaObj{
				"metadata": g.of(reflect.TypeFor[evidenceCreateRequest]()),
				"file":     binarySchema(),
			}},
		"encoding": map[string]any{"metadata": map[string]string{"contentType": "application/json"},
			"file": map[string]string{"contentType": "application/octet-stream"}},
	}}
}

// evidenceDownload describes a download's response.
func evidenceDownload() map[string]any {
	header := func(doc string) map[string]any {
		return map[string]any{"description": doc, "schema": schemaObj{"type": "string"}}
	}
	return map[string]any{
		"content": map[string]any{"*/*": map[string]any{"schema": binarySchema()}},
		"headers": map[string]any{
			"Content-Disposition":    header(`attachment, with the file name as uploaded (cleaned): filename="…"; filename*=UTF-8''…`),
			"ETag":                   header("The content's SHA-256 in lowercase hex, quoted."),
			"Repr-Digest":            header("The content's SHA-256 (RFC 9530): sha-256=:base64:."),
			"X-Content-Type-Options": header("nosniff"),
		},
	}
}

// evidenceCreateRequest is a new evidence item. Dates are YYYY-MM-DD.
type evidenceCreateRequest struct {
	Title        string              `json:"title"`
	Description  string              `json:"description,omitempty"`
	Kind         isms.EvidenceKind   `json:"kind"`
	URL          string              `json:"url,omitempty" doc:"For kind link: an http or https address."`
	Note         string              `json:"note,omitempty" doc:"For kind note: the statement."`
	OwnerID      isms.ID             `json:"ownerId,omitempty" doc:"The member who keeps it current: an active administrator, ISMS manager or contributor."`
	CollectedOn  string              `json:"collectedOn,omitempty" doc:"YYYY-MM-DD; default today."`
	ValidUntil   string              `json:"validUntil,omitempty" doc:"YYYY-MM-DD, the last valid day; leave out (and validityDays too) for evidence that does not expire."`
	ValidityDays int                 `json:"validityDays,omitempty" doc:"Instead of validUntil: days from the collection date, counted again for every new file version."`
	Source       isms.EvidenceSource `json:"source,omitempty" doc:"api (default) or collector."`
	Links        []string            `json:"links,omitempty" doc:"Records it supports, as type:id."`
}

// input converts the request to app's input, recording what it cannot read.
func (in evidenceCreateRequest) input(p isms.Problems) app.EvidenceInput {
	v := url.Values{"collectedOn": {in.CollectedOn}, "validUntil": {in.ValidUntil}}
	out := app.EvidenceInput{Title: in.Title, Description: in.Description, Kind: in.Kind, URL: in.URL, Note: in.Note,
		OwnerID: in.OwnerID, ValidityDays: in.ValidityDays, Source: in.Source,
		CollectedOn: dateValue(v, "collectedOn", p), ValidUntil: dateValue(v, "validUntil", p),
		Links: linksValue(in.Links, "links", p)}
	switch out.Source {
	case "":
		out.Source = isms.EvidenceSourceAPI
	case isms.EvidenceSourceAPI, isms.EvidenceSourceCollector:
	default:
		p.Add("source", "Source must be api or collector.")
	}
	return out
}

// evidencePatchRequest changes an evidence item; fields left out do not change.
type evidencePatchRequest struct {
	Title        *string  `json:"title,omitempty"`
	Description  *string  `json:"description,omitempty"`
	URL          *string  `json:"url,omitempty"`
	Note         *string  `json:"note,omitempty"`
	OwnerID      *isms.ID `json:"ownerId,omitempty" doc:"A member's user ID; empty to clear."`
	CollectedOn  *string  `json:"collectedOn,omitempty" doc:"YYYY-MM-DD."`
	ValidUntil   *string  `json:"validUntil,omitempty" doc:"YYYY-MM-DD; empty for no expiry. A date replaces a validity period."`
	ValidityDays *int     `json:"validityDays,omitempty" doc:"Days from the collection date; 0 for none."`
	Version      int      `json:"version" doc:"The version the change was made against; a stale version is a 409."`
}

// evidenceDetailAPI is an item with its file versions and links.
type evidenceDetailAPI struct {
	*isms.Evidence
	Versions []*isms.EvidenceFile `json:"versions" openapi:"nonnull" doc:"Every file version, newest first."`
	Links    []evidenceLinkAPI    `json:"links" openapi:"nonnull"`
}

func (evidenceDetailAPI) schemaName() string { return "EvidenceDetail" }

// evidenceLinkAPI is a record an evidence item supports.
type evidenceLinkAPI struct {
	Type    string  `json:"type"`
	ID      isms.ID `json:"id"`
	Title   string  `json:"title" doc:"The record's current title."`
	Missing bool    `json:"missing,omitempty" doc:"Set when the record no longer exists."`
}

func (evidenceLinkAPI) schemaName() string { return "EvidenceLink" }

func linkAPI(l app.ResolvedLink) evidenceLinkAPI {
	return evidenceLinkAPI{Type: l.Type, ID: l.ID, Title: l.Title, Missing: l.Missing}
}

// evidenceLinkRequest names a record to link.
type evidenceLinkRequest struct {
	Link string `json:"link" doc:"The record as type:id, such as control:ctl_1; a module's reference (control:C-12) is accepted where it has one."`
}

func (s *Server) apiEvidenceList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.EvidenceFilter{LinkType: q.Get("linkType"), LinkID: isms.ID(q.Get("linkId")), OwnerID: isms.ID(q.Get("ownerId")),
		Freshness: isms.Freshness(queryOneOf(r, p, "freshness", enumStrings(isms.FreshnessStates...)...)),
		Kind:      isms.EvidenceKind(queryOneOf(r, p, "kind", enumStrings(isms.EvidenceKinds...)...)),
		Query:     q.Get("q"), Sort: queryOneOf(r, p, "sort", evidenceSortKeys...)}
	if f.LinkID != "" && f.LinkType == "" {
		p.Add("linkType", "Give linkType with linkId.")
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Evidence, int, error) {
		return s.app.FindEvidence(r.Context(), actor(r), f)
	})
}

func (s *Server) apiEvidenceCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	if !isMultipart(r) {
		var in evidenceCreateRequest
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.createEvidence(r, in, nil)
	}
	var out any
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		if parts.Metadata == nil {
			return isms.Problems{metadataField: "Send the item's fields as a JSON part named metadata, before the file."}.Err()
		}
		var in evidenceCreateRequest
		dec := json.NewDecoder(bytes.NewReader(parts.Metadata))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			msg, _ := jsonProblem(err)
			return isms.Problems{metadataField: "The metadata part is not valid JSON for this operation: " + msg + "."}.Err()
		}
		var err error
		out, err = s.createEvidence(r, in, file)
		return err
	})
	return out, err
}

func (s *Server) createEvidence(r *http.Request, in evidenceCreateRequest, file *app.FileInput) (any, error) {
	p := isms.Problems{}
	input := in.input(p)
	if len(p) > 0 {
		return nil, renameFields(mergeFieldErrors(p, s.app.ValidateEvidence(r.Context(), actor(r), input, file != nil)), evidenceAPINames)
	}
	e, err := s.app.CreateEvidence(r.Context(), actor(r), input, file)
	if err != nil {
		return nil, renameAPIError(err)
	}
	return created(e), nil
}

// renameAPIError renames the fields of err to the API's names, keeping an
// upload over the limit recognisable.
func renameAPIError(err error) error {
	if isms.ErrorFields(err) == nil {
		return err
	}
	renamed := renameFields(err, evidenceAPINames)
	if errorStatus(err) == http.StatusRequestEntityTooLarge {
		return tooLargeError{renamed}
	}
	return renamed
}

// tooLargeError keeps app.ErrTooLarge matchable after a rename.
type tooLargeError struct{ error }

func (e tooLargeError) Unwrap() []error { return []error{e.error, app.ErrTooLarge} }

func (s *Server) apiEvidenceGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindEvidenceDetail(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	out := evidenceDetailAPI{Evidence: d.Evidence, Versions: d.Files, Links: []evidenceLinkAPI{}}
	if out.Versions == nil {
		out.Versions = []*isms.EvidenceFile{}
	}
	for _, l := range d.Links {
		out.Links = append(out.Links, linkAPI(l))
	}
	return out, nil
}

func (s *Server) apiEvidenceUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in evidencePatchRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	upd := isms.EvidenceUpdate{Title: in.Title, Description: in.Description, URL: in.URL, Note: in.Note, OwnerID: in.OwnerID,
		ValidityDays: in.ValidityDays, Version: in.Version}
	date := func(field string, v *string) *isms.Date {
		if v == nil {
			return nil
		}
		d := dateValue(url.Values{field: {*v}}, field, p)
		return &d
	}
	upd.CollectedOn, upd.ValidUntil = date("collectedOn", in.CollectedOn), date("validUntil", in.ValidUntil)
	if upd.CollectedOn != nil && upd.CollectedOn.IsZero() {
		p.Add("collectedOn", "Give the day the evidence was collected.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	e, err := s.app.UpdateEvidence(r.Context(), actor(r), pathID(r), upd)
	return e, renameAPIError(err)
}

func (s *Server) apiEvidenceFile(w http.ResponseWriter, r *http.Request) (any, error) {
	s.limitUpload(w, r)
	q, p := r.URL.Query(), isms.Problems{}
	in := app.VersionInput{CollectedOn: dateValue(q, "collectedOn", p), ValidUntil: dateValue(q, "validUntil", p)}
	if err := p.Err(); err != nil {
		return nil, err
	}
	e, err := s.app.AddEvidenceVersion(r.Context(), actor(r), pathID(r), in, app.FileInput{Name: q.Get("name"), Reader: r.Body})
	if err = uploadError(s, err); err != nil {
		return nil, renameAPIError(err)
	}
	return created(e), nil
}

func (s *Server) apiEvidenceContent(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.serveEvidenceFile(w, r, pathID(r), r.PathValue("n")); err != nil {
		return nil, err
	}
	return written{}, nil
}

func (s *Server) apiEvidenceLink(w http.ResponseWriter, r *http.Request) (any, error) {
	var in evidenceLinkRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	l, err := isms.ParseLink(in.Link)
	if err != nil {
		return nil, isms.Problems{"link": isms.ErrorMessage(err)}.Err()
	}
	rl, err := s.app.LinkEvidence(r.Context(), actor(r), pathID(r), l)
	if err != nil {
		return nil, err
	}
	return linkAPI(rl), nil
}

func (s *Server) apiEvidenceUnlink(w http.ResponseWriter, r *http.Request) (any, error) {
	l, err := isms.ParseLink(strings.TrimSpace(r.PathValue("link")))
	if err != nil {
		return nil, isms.Errorf(isms.NotFound, "%s", isms.ErrorMessage(err))
	}
	return noContent, s.app.UnlinkEvidence(r.Context(), actor(r), pathID(r), l)
}
