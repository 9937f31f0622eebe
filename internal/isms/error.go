// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"errors"
	"fmt"
	"sort"
)

// Code classifies an error for users and programs.
type Code string

// The error codes. Each maps to one HTTP status in web.
const (
	Invalid      Code = "invalid"      // the input is wrong; Fields says where
	Unauthorized Code = "unauthorized" // nobody is signed in
	Forbidden    Code = "forbidden"    // signed in, but not allowed
	NotFound     Code = "not_found"    // no such record in the actor's organization
	Conflict     Code = "conflict"     // duplicate, stale version or a state that forbids the change
	RateLimited  Code = "rate_limited" // too many attempts; try again later
	Internal     Code = "internal"     // details are logged, never shown
)

// Error is an error whose message is safe to show to a user.
// Anything that is not an *Error is reported to users as Internal.
type Error struct {
	Code    Code
	Message string            // a complete sentence, e.g. "Title is required."
	Fields  map[string]string // form field → problem, for Invalid errors
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: "" if err is nil, Internal if err
// carries no *Error.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// genericMessage is what users see for an internal error.
const genericMessage = "Something went wrong on our side. The error has been logged; please try again."

// ErrorMessage returns the message of err that is safe to show to a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return genericMessage
}

// ErrorFields returns the per-field problems of an error, or nil: always
// for Invalid errors, and for a Conflict that one field causes (a taken
// e-mail address or slug), so a form can show it beside that field.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}

// Problems collects per-field validation problems so that a form can show
// them all at once.
type Problems map[string]string

// Add records a problem for field unless one is already recorded.
func (p Problems) Add(field, problem string) {
	if _, ok := p[field]; !ok {
		p[field] = problem
	}
}

// Err returns nil when there are no problems, or an Invalid *Error that
// carries them and a summary sentence.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	fields := make([]string, 0, len(p))
	for f := range p {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	msg := "Please correct the highlighted field."
	if len(p) > 1 {
		msg = fmt.Sprintf("Please correct the %d highlighted fields.", len(p))
	}
	return &Error{Code: Invalid, Message: msg, Fields: map[string]string(p)}
}
