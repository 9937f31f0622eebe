// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
)

// The exports of the Statement of Applicability for auditors: CSV, XLSX
// and PDF of one version, by default the approved version in force.

// soaExportFormats are the formats of the exports, in the order offered.
var soaExportFormats = []string{"csv", "xlsx", "pdf"}

// soaMediaTypes are the exports' media types.
var soaMediaTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
}

// handleSoAExport serves the export in format of the path's version, or
// with byID false of the framework's current approved version
// (?framework=, ISO/IEC 27001:2022 by default).
func (s *Server) handleSoAExport(format string, byID bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id := ""
		if byID {
			id = r.PathValue("id")
		}
		return s.writeSoAExport(w, r, r.URL.Query().Get("framework"), id, format)
	}
}

// writeSoAExport writes version id of framework's SoA (as FindSoA finds
// it) in format as a download. The file is made before anything is sent,
// so that a failure is reported as an error rather than a broken file.
func (s *Server) writeSoAExport(w http.ResponseWriter, r *http.Request, framework, id, format string) error {
	var buf bytes.Buffer
	name, err := s.app.ExportSoA(r.Context(), actor(r), framework, id, format, &buf)
	if err != nil {
		return err
	}
	media, ok := soaMediaTypes[format]
	if !ok {
		media = "application/octet-stream"
	}
	return sendFile(w, media, name, &buf)
}
