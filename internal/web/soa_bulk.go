// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Deciding several lines of a draft at once: the rows ticked in the
// lines table and the form below it, which records one decision on each.

// soaBulk is the form that decides the ticked lines, with the values and
// problems of a refused attempt.
type soaBulk struct {
	In         app.SoALineInput
	Applicable string // yes or no: the radio checked
	Selected   map[isms.ID]bool
	Fields     soaLineFields
	Errors     map[string]string
	Problem    string
}

// soaBulkOf builds the form from in, the ticked lines reqs and the
// problems of err.
func soaBulkOf(in app.SoALineInput, reqs []isms.ID, err error) soaBulk {
	b := soaBulk{In: in, Applicable: string(in.Applicable), Selected: map[isms.ID]bool{}, Errors: isms.ErrorFields(err)}
	for _, id := range reqs {
		b.Selected[id] = true
	}
	if err != nil {
		b.Problem = isms.ErrorMessage(err)
	}
	b.Fields = soaLineFieldsOf(in, nil, "", b.Errors)
	return b
}

func (s *Server) handleSoALinesDecide(w http.ResponseWriter, r *http.Request) error {
	in := soaLineInput(r)
	var reqs []isms.ID
	for _, id := range r.PostForm["req"] {
		reqs = append(reqs, isms.ID(id))
	}
	n, err := s.app.DecideSoALines(r.Context(), actor(r), pathID(r), formInt(r, "version"), reqs, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.showSoA(w, r, statusOf(isms.ErrorCode(err)), &soaPage{Bulk: soaBulkOf(in, reqs, err)})
	} else if err != nil {
		return err
	}
	msg := strconv.Itoa(n) + " lines decided."
	if n == 1 {
		msg = "1 line decided."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, soaURL(pathID(r)), http.StatusSeeOther)
	return nil
}
