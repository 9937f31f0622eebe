// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/isms"
)

// recordSave is how one register's form stores a record: whether it
// updates (and from which version), how to create, update and show the
// form again, and what to say and where to go once the record is saved.
type recordSave[T any] struct {
	update  bool
	version int
	// what names the record in the message about a missing or unexpected
	// version, in the possessive: "issue's", "record's".
	what string
	// create and change store the record; change also records the ref
	// the form shows again when the update fails.
	create, change func() (T, error)
	// render shows the form again with the problems of err.
	render func(status int, err error) error
	// saved returns the flash message and the address of the saved record.
	saved func(T) (flash, path string)
}

// saveRecordForm runs the save of a register's form: the form carries a
// version exactly when it updates; invalid input and edit conflicts
// show the form again with their problems; on success the record's
// page follows with a flash message.
func saveRecordForm[T any](s *Server, w http.ResponseWriter, r *http.Request, f recordSave[T]) error {
	if f.update != (f.version > 0) {
		return isms.Errorf(isms.Invalid, "The form lacks the %s version, or has one it should not; open the form again.", f.what)
	}
	store := f.create
	if f.update {
		store = f.change
	}
	x, err := store()
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return f.render(statusOf(isms.ErrorCode(err)), err)
	} else if err != nil {
		return err
	}
	msg, path := f.saved(x)
	s.flash(w, "ok", msg)
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}
