// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Evidence files arrive as multipart forms (pages, API) or as a raw body
// (API), and are streamed to the store part by part: r.MultipartReader,
// never ParseMultipartForm, which would buffer the upload. A form's text
// fields must come before its file, as browsers send them in document
// order; anything after the file is read and ignored.

const (
	// uploadOverhead is what a request may carry besides the file: the
	// multipart framing and the text fields.
	uploadOverhead = 1 << 20
	// maxFieldBytes bounds one text field of an upload form.
	maxFieldBytes = 64 << 10
	// fileField is the form field of the file.
	fileField = "file"
	// metadataField is the API's JSON part describing the item.
	metadataField = "metadata"
)

// isMultipart reports whether r's body is a multipart form.
func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && strings.HasPrefix(mt, "multipart/")
}

// limitUpload bounds r's body to the upload limit plus the form's overhead.
func (s *Server) limitUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.app.MaxUpload()+uploadOverhead)
}

// uploadParts are the text parts of a multipart upload.
type uploadParts struct {
	Values   url.Values
	Metadata []byte // the JSON part named metadata, if any
}

// readUpload reads the text parts of the multipart request r up to its
// file part, then calls fn with them and the file (nil when the form has
// no file, or an empty file input). fn must read the file to its end or
// fail. What follows the file is read and discarded, so that the client
// gets the answer rather than a reset connection.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, fn func(parts uploadParts, file *app.FileInput) error) error {
	s.limitUpload(w, r)
	mr, err := r.MultipartReader()
	if err != nil {
		return isms.Errorf(isms.Invalid, "Send the upload as multipart/form-data, with the file as the last part.")
	}
	parts := uploadParts{Values: url.Values{}}
	var file *app.FileInput
	for file == nil {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return uploadError(s, err)
		}
		if file, err = readPart(p, &parts); err != nil {
			return uploadError(s, err)
		}
	}
	err = fn(parts, file)
	if _, derr := io.Copy(io.Discard, r.Body); err == nil && derr != nil {
		err = uploadError(s, derr)
	}
	return uploadError(s, err)
}

// readPart reads one part: a text field into parts, or the file, which it
// returns for streaming.
func readPart(p *multipart.Part, parts *uploadParts) (*app.FileInput, error) {
	name := p.FormName()
	if name == fileField {
		return filePart(p)
	}
	b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFieldBytes {
		return nil, isms.Problems{name: "This field is longer than 64 KiB."}.Err()
	}
	if name == metadataField {
		parts.Metadata = b
	} else {
		parts.Values.Add(name, string(b))
	}
	return nil, nil
}

// filePart returns the file of part p, or nil for an empty file input
// (a browser sends one, without a name, when no file was chosen).
func filePart(p *multipart.Part) (*app.FileInput, error) {
	if p.FileName() != "" {
		return &app.FileInput{Name: p.FileName(), Reader: p}, nil
	}
	var first [1]byte
	n, err := io.ReadFull(p, first[:])
	if n == 0 {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	return &app.FileInput{Reader: io.MultiReader(strings.NewReader(string(first[:n])), p)}, nil
}

// uploadError turns the errors of reading an upload into errors for
// people: a body over the limit is app.TooLarge (413), a broken multipart
// body Invalid; others pass.
func uploadError(s *Server, err error) error {
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe):
		return s.app.TooLarge()
	case isms.ErrorCode(err) != isms.Internal:
		return err
	case strings.Contains(err.Error(), "multipart"):
		return isms.Errorf(isms.Invalid, "The upload is not a well-formed multipart/form-data body: %s.", strings.TrimPrefix(err.Error(), "multipart: "))
	}
	return err
}

// errorStatus is the HTTP status of err: 413 for an upload over the
// limit, otherwise the status of its code.
func errorStatus(err error) int {
	if errors.Is(err, app.ErrTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return statusOf(isms.ErrorCode(err))
}

// activeMediaTypes would run as a page or script if a browser rendered
// them; downloads are always attachments, and these are also sent as
// application/octet-stream.
var activeMediaTypes = []string{"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
	"text/javascript", "application/javascript", "application/x-javascript", "application/ecmascript", "text/ecmascript"}

// downloadType is the Content-Type a stored media type is served with.
func downloadType(media string) string {
	mt, _, err := mime.ParseMediaType(media)
	if err != nil || mt == "" {
		return "application/octet-stream"
	}
	for _, a := range activeMediaTypes {
		if mt == a || strings.HasSuffix(mt, "+xml") {
			return "application/octet-stream"
		}
	}
	return media
}

// attachment is the Content-Disposition of a download named name: an
// ASCII fallback and the exact name as RFC 5987 UTF-8.
func attachment(name string) string {
	name = isms.CleanFileName(name)
	var ascii strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii.String(), url.PathEscape(name))
}

// serveEvidenceFile sends version n of item id as a download. The content
// is checked against its recorded SHA-256 as it goes out; content that no
// longer matches aborts the response before its last byte, so a client
// never receives a complete file that differs from the record.
func (s *Server) serveEvidenceFile(w http.ResponseWriter, r *http.Request, id isms.ID, n string) error {
	version, err := strconv.Atoi(n)
	if err != nil || version < 1 {
		return isms.Errorf(isms.NotFound, "This evidence has no such file version.")
	}
	f, rc, err := s.app.OpenEvidenceFile(r.Context(), actor(r), id, version)
	if err != nil {
		return err
	}
	defer rc.Close()
	sum, _ := hex.DecodeString(f.SHA256)
	h := w.Header()
	h.Set("Content-Type", downloadType(f.MediaType))
	h.Set("Content-Disposition", attachment(f.FileName))
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+f.SHA256+`"`)
	h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, rc); err != nil {
		// The body is shorter than its Content-Length, so the server closes
		// the connection and the client sees an incomplete transfer.
		s.log.Error("evidence download aborted", "request_id", state(r).id, "evidence", id, "version", version, "err", err)
	}
	return nil
}

// written is what an API handler returns when it wrote the response
// itself (a download).
type written struct{}
