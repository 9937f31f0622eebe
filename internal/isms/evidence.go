// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// EvidenceKind is what an evidence item holds.
type EvidenceKind string

// The evidence kinds.
const (
	EvidenceKindFile EvidenceKind = "file" // uploaded files, one per version
	EvidenceKindLink EvidenceKind = "link" // a web address (http or https)
	EvidenceKindNote EvidenceKind = "note" // a written statement
)

// EvidenceKinds lists the kinds in display order.
var EvidenceKinds = []EvidenceKind{EvidenceKindFile, EvidenceKindLink, EvidenceKindNote}

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool {
	return k == EvidenceKindFile || k == EvidenceKindLink || k == EvidenceKindNote
}

// EvidenceSource says how an evidence item came in.
type EvidenceSource string

// The evidence sources.
const (
	EvidenceSourceUpload    EvidenceSource = "upload"    // the browser
	EvidenceSourceAPI       EvidenceSource = "api"       // the REST API
	EvidenceSourceCLI       EvidenceSource = "cli"       // isms evidence upload
	EvidenceSourceCollector EvidenceSource = "collector" // an automated collector
)

// EvidenceSources lists the sources in display order.
var EvidenceSources = []EvidenceSource{EvidenceSourceUpload, EvidenceSourceAPI, EvidenceSourceCLI, EvidenceSourceCollector}

// Valid reports whether s is a known source.
func (s EvidenceSource) Valid() bool {
	switch s {
	case EvidenceSourceUpload, EvidenceSourceAPI, EvidenceSourceCLI, EvidenceSourceCollector:
		return true
	}
	return false
}

// Freshness says whether an evidence item still proves what it is linked to.
type Freshness string

// The freshness states, from best to worst.
const (
	FreshnessCurrent  Freshness = "current"  // valid beyond the freshness window, or without expiry
	FreshnessExpiring Freshness = "expiring" // valid, but expires within the window
	FreshnessExpired  Freshness = "expired"  // its validity date has passed
	FreshnessMissing  Freshness = "missing"  // a file item without a file, or whose file failed its integrity check
)

// FreshnessStates lists the states in order, best first.
var FreshnessStates = []Freshness{FreshnessCurrent, FreshnessExpiring, FreshnessExpired, FreshnessMissing}

// Valid reports whether f is a known state.
func (f Freshness) Valid() bool {
	switch f {
	case FreshnessCurrent, FreshnessExpiring, FreshnessExpired, FreshnessMissing:
		return true
	}
	return false
}

// Flagged reports whether f is a state that records linked to the evidence
// must show as a problem.
func (f Freshness) Flagged() bool { return f == FreshnessExpired || f == FreshnessMissing }

// IntegrityStatus is the result of re-hashing a stored file.
type IntegrityStatus string

// The integrity states.
const (
	IntegrityOK       IntegrityStatus = "ok"       // the stored content has the recorded SHA-256
	IntegrityMismatch IntegrityStatus = "mismatch" // the stored content has another hash
	IntegrityMissing  IntegrityStatus = "missing"  // nothing is stored under the recorded hash
)

// Valid reports whether s is a known state.
func (s IntegrityStatus) Valid() bool {
	return s == IntegrityOK || s == IntegrityMismatch || s == IntegrityMissing
}

// Failed reports whether the file can no longer serve as evidence.
func (s IntegrityStatus) Failed() bool { return s == IntegrityMismatch || s == IntegrityMissing }

// Evidence is one item that proves a control works, a requirement is met or
// a finding is closed: files (every version kept), a link or a note, with a
// validity date after which it needs renewing. It supports any number of
// records through generic links.
type Evidence struct {
	ID          ID           `json:"id"`
	OrgID       ID           `json:"organizationId"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Kind        EvidenceKind `json:"kind"`
	URL         string       `json:"url,omitempty" doc:"The web address of link evidence (http or https)."`
	Note        string       `json:"note,omitempty" doc:"The text of note evidence."`
	OwnerID     ID           `json:"ownerId,omitempty" doc:"The member who keeps it current; empty when nobody does."`
	OwnerName   string       `json:"ownerName,omitempty"`
	CollectedOn Date         `json:"collectedOn" doc:"The day it was collected (YYYY-MM-DD)."`
	ValidUntil  Date         `json:"validUntil" doc:"The last day it is valid (YYYY-MM-DD); null when it does not expire."`
	// ValidityDays, when > 0, derives ValidUntil from CollectedOn, and again
	// whenever a new version is collected.
	ValidityDays int            `json:"validityDays,omitempty" doc:"When set, validUntil is collectedOn plus this many days, recomputed for every new version."`
	Source       EvidenceSource `json:"source"`
	// CurrentVersion is the number of the newest file version; 0 without files.
	CurrentVersion int `json:"currentVersion"`
	// File is the newest file version; nil without files.
	File *EvidenceFile `json:"file,omitempty"`
	// Links are the records the item supports (read with the item's detail).
	Links []Link `json:"-"`
	// Freshness is computed for the day the item was read (EvidenceFreshness).
	Freshness   Freshness `json:"freshness"`
	CreatedBy   ID        `json:"createdBy,omitempty"`
	CreatorName string    `json:"creatorName"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Version     int       `json:"version"` // optimistic concurrency; +1 on every change
}

// EvidenceFile is one stored version of an evidence item's file. The
// content lives in the blob store under SHA256; FileName is only shown,
// never used as a path.
type EvidenceFile struct {
	EvidenceID   ID        `json:"evidenceId"`
	Version      int       `json:"version"`
	SHA256       string    `json:"sha256" doc:"Lowercase hex SHA-256 of the content."`
	Size         int64     `json:"size" doc:"Bytes."`
	MediaType    string    `json:"mediaType" doc:"Detected from the content, never taken from the uploader."`
	FileName     string    `json:"fileName" doc:"The uploaded file's name, for display only."`
	UploadedBy   ID        `json:"uploadedBy,omitempty"`
	UploaderName string    `json:"uploaderName"`
	UploadedAt   time.Time `json:"uploadedAt"`
	// Integrity is the result of the latest check of the stored content.
	Integrity IntegrityStatus `json:"integrity"`
	CheckedAt time.Time       `json:"checkedAt"`
	// OrgID is the organization of the item; only integrity checks, which
	// walk every organization, read it.
	OrgID ID `json:"-"`
}

// Limits of evidence fields, and the freshness window.
const (
	MaxURLLen       = 2000
	MaxFileNameLen  = 255
	MaxValidityDays = 3660 // ten years
	// FreshnessWindowDays is how many days before its validity ends an
	// item counts as expiring and its owner gets a renewal task.
	FreshnessWindowDays = 30
)

// Normalize trims text fields and derives ValidUntil from ValidityDays.
func (e *Evidence) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.Description = strings.TrimSpace(e.Description)
	e.URL = strings.TrimSpace(e.URL)
	e.Note = strings.TrimSpace(e.Note)
	if e.ValidityDays > 0 && !e.CollectedOn.IsZero() {
		e.ValidUntil = e.CollectedOn.AddDays(e.ValidityDays)
	}
}

// Validate reports every problem with e at once; today bounds the
// collection date.
func (e *Evidence) Validate(today Date) error {
	p := Problems{}
	checkName(p, "title", "Title", e.Title)
	checkText(p, "description", "Description", e.Description)
	if !e.Kind.Valid() {
		p.Add("kind", "Choose what the evidence is: a file, a link or a note.")
	}
	if e.Kind == EvidenceKindLink {
		if msg := checkWebURL(e.URL); msg != "" {
			p.Add("url", msg)
		}
	} else if e.URL != "" {
		p.Add("url", "Only link evidence has a web address.")
	}
	if e.Kind == EvidenceKindNote {
		if e.Note == "" {
			p.Add("note", "Write the note.")
		}
		checkText(p, "note", "Note", e.Note)
	} else if e.Note != "" {
		p.Add("note", "Only note evidence has a note; put remarks in the description.")
	}
	if !e.Source.Valid() {
		p.Add("source", "Unknown source.")
	}
	switch {
	case e.CollectedOn.IsZero():
		p.Add("collectedOn", "Give the day the evidence was collected.")
	case e.CollectedOn.After(today):
		p.Add("collectedOn", "The collection date cannot be in the future.")
	}
	if e.ValidityDays < 0 || e.ValidityDays > MaxValidityDays {
		p.Add("validityDays", "A validity period must be from 1 to 3,660 days.")
	}
	if !e.ValidUntil.IsZero() && !e.CollectedOn.IsZero() && e.ValidUntil.Before(e.CollectedOn) {
		p.Add("validUntil", "Valid until must be on or after the collection date.")
	}
	return p.Err()
}

// checkWebURL returns a problem with s as the address of link evidence, or "".
func checkWebURL(s string) string {
	if s == "" {
		return "Give the web address, starting with https:// or http://."
	}
	if len(s) > MaxURLLen {
		return "The web address must be at most 2,000 characters."
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "Give a web address starting with https:// or http://."
	}
	if u.User != nil {
		return "The web address must not contain a user name or password."
	}
	return ""
}

// FileMissing reports whether e is file evidence without a usable file: no
// version yet, or a current version whose integrity check failed.
func (e *Evidence) FileMissing() bool {
	return e.Kind == EvidenceKindFile && (e.File == nil || e.File.Integrity.Failed())
}

// EvidenceFreshness returns the freshness of e on day today, when items
// expiring within window days count as expiring. A missing file outranks
// the dates: without it the item proves nothing, whatever its validity.
func EvidenceFreshness(e *Evidence, today Date, window int) Freshness {
	switch {
	case e.FileMissing():
		return FreshnessMissing
	case e.ValidUntil.IsZero():
		return FreshnessCurrent
	case e.ValidUntil.Before(today):
		return FreshnessExpired
	case !e.ValidUntil.After(today.AddDays(window)):
		return FreshnessExpiring
	}
	return FreshnessCurrent
}

// CleanFileName returns the name of an uploaded file fit for display and
// for a download's Content-Disposition: its last path element (either
// slash), without control characters, at most MaxFileNameLen characters;
// "file" when nothing is left. It is never used as a path.
func CleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		name = ""
	}
	if utf8.RuneCountInString(name) > MaxFileNameLen {
		r := []rune(name)
		name = string(r[:MaxFileNameLen])
	}
	if name == "" {
		return "file"
	}
	return name
}

// EvidenceUpdate holds the fields of an evidence item to change; nil leaves
// a field. Kind and source never change.
type EvidenceUpdate struct {
	Title        *string
	Description  *string
	URL          *string
	Note         *string
	OwnerID      *ID // empty to clear
	CollectedOn  *Date
	ValidUntil   *Date // the zero Date: no expiry (unless a period remains)
	ValidityDays *int  // 0: no period
	Version      int   // the version the change was made against
}

// Apply changes e as upd says and returns the before/after of each field
// that changed. A validity date replaces a period unless upd sets the
// period too; while a period remains, ValidUntil follows it.
func (upd EvidenceUpdate) Apply(e *Evidence) Changes {
	c := Changes{}
	c.Set("title", &e.Title, upd.Title)
	c.Set("description", &e.Description, upd.Description)
	c.Set("url", &e.URL, upd.URL)
	c.Set("note", &e.Note, upd.Note)
	if upd.OwnerID != nil && *upd.OwnerID != e.OwnerID {
		c["owner"] = Change{Before: string(e.OwnerID), After: string(*upd.OwnerID)}
		e.OwnerID = *upd.OwnerID
	}
	if upd.CollectedOn != nil && *upd.CollectedOn != e.CollectedOn {
		c["collectedOn"] = Change{Before: e.CollectedOn.String(), After: upd.CollectedOn.String()}
		e.CollectedOn = *upd.CollectedOn
	}
	days, until := e.ValidityDays, e.ValidUntil
	if upd.ValidityDays != nil {
		e.ValidityDays = *upd.ValidityDays
	}
	if upd.ValidUntil != nil {
		if !upd.ValidUntil.IsZero() && upd.ValidityDays == nil {
			e.ValidityDays = 0
		}
		if e.ValidityDays == 0 {
			e.ValidUntil = *upd.ValidUntil
		}
	}
	if e.ValidityDays == 0 && days > 0 && upd.ValidUntil == nil {
		e.ValidUntil = Date{} // the period is gone and no date replaces it
	}
	e.Normalize()
	if e.ValidityDays != days {
		c["validityDays"] = Change{Before: days, After: e.ValidityDays}
	}
	if e.ValidUntil != until {
		c["validUntil"] = Change{Before: until.String(), After: e.ValidUntil.String()}
	}
	return c
}

// EvidenceFilter selects evidence items of one organization; zero fields
// do not filter.
type EvidenceFilter struct {
	OrgID      ID
	LinkType   string // items linked to a record of this type
	LinkID     ID     // … and this ID (with LinkType)
	OwnerID    ID
	Freshness  Freshness
	Kind       EvidenceKind
	Query      string // words in the title
	Today      Date   // the day freshness is computed for; set by app
	WindowDays int    // the freshness window; set by app
	Sort       string // title, kind, owner, collected, validUntil, updated; "-" for descending
	Limit      int
	Offset     int
}
