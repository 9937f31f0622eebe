// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Documented information (27001 7.5): documents with numbered versions
// that go from draft through review to approval, are read by their
// audience, reviewed on a cycle and kept until their retention ends.

// DocumentType is what kind of document it is.
type DocumentType string

// The document types.
const (
	DocPolicy      DocumentType = "policy"
	DocTopicPolicy DocumentType = "topic_policy"
	DocProcedure   DocumentType = "procedure"
	DocStandard    DocumentType = "standard"
	DocPlan        DocumentType = "plan"
	DocRecord      DocumentType = "record"
	DocReport      DocumentType = "report"
	DocOther       DocumentType = "other"
)

// DocumentTypes lists the types in display order.
var DocumentTypes = []DocumentType{DocPolicy, DocTopicPolicy, DocProcedure, DocStandard, DocPlan, DocRecord, DocReport, DocOther}

// Valid reports whether t is a known type.
func (t DocumentType) Valid() bool {
	for _, x := range DocumentTypes {
		if t == x {
			return true
		}
	}
	return false
}

// Label names the type for people.
func (t DocumentType) Label() string {
	switch t {
	case DocTopicPolicy:
		return "Topic-specific policy"
	case "":
		return ""
	}
	return strings.ToUpper(string(t[:1])) + string(t[1:])
}

// Audience says who may read a document: everyone in the organization,
// members with the named roles, or the named people. Administrators,
// ISMS managers, auditors and the owner always may.
type Audience struct {
	Everyone bool   `json:"everyone"`
	Roles    []Role `json:"roles,omitempty"`
	People   []ID   `json:"people,omitempty"`
}

// Includes reports whether a member with role r and ID user is in the
// audience.
func (a Audience) Includes(r Role, user ID) bool {
	if a.Everyone {
		return true
	}
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	for _, x := range a.People {
		if x == user {
			return true
		}
	}
	return false
}

// Document is one controlled document of the organization.
type Document struct {
	ID             ID             `json:"id"`
	OrgID          ID             `json:"organizationId"`
	Ref            string         `json:"ref"` // "DOC-3", unique in the organization
	Title          string         `json:"title"`
	Type           DocumentType   `json:"type"`
	Description    string         `json:"description"`
	OwnerID        ID             `json:"ownerId,omitempty"`
	OwnerName      string         `json:"ownerName,omitempty"`
	Classification Classification `json:"classification"`
	Audience       Audience       `json:"audience"`
	// ReviewMonths is the review interval (0: none); NextReview the next
	// review date.
	ReviewMonths int  `json:"reviewMonths"`
	NextReview   Date `json:"nextReview,omitzero"`
	// Clauses are the ISO/IEC 27001 clauses or Annex A controls it serves
	// ("5.2", "A.5.1").
	Clauses []string `json:"clauses,omitempty"`
	// External documents (laws, standards, supplier documents) are
	// registered with their source and their own version.
	External        bool   `json:"external"`
	Source          string `json:"source,omitempty"`
	ExternalVersion string `json:"externalVersion,omitempty"`
	// Status is the status of the latest version, read with the document;
	// ApprovedNumber the number of the version in force (0: none).
	Status         VersionStatus `json:"status"`
	LatestNumber   int           `json:"latestVersion"`
	ApprovedNumber int           `json:"approvedVersion"`
	Retired        bool          `json:"retired"`
	CreatedBy      ID            `json:"createdBy,omitempty"`
	CreatedAt      time.Time     `json:"createdAt"`
	UpdatedAt      time.Time     `json:"updatedAt"`
	Version        int           `json:"version"`
}

// VersionStatus is where one version of a document stands.
type VersionStatus string

// The version statuses: a draft is edited; in review it is submitted to
// its approvers and cannot change; approved it is in force and immutable;
// superseded when a later version is approved; retired when the document
// is withdrawn.
const (
	VersionDraft      VersionStatus = "draft"
	VersionInReview   VersionStatus = "in_review"
	VersionApproved   VersionStatus = "approved"
	VersionSuperseded VersionStatus = "superseded"
	VersionRetired    VersionStatus = "retired"
)

// Label names the status for people.
func (s VersionStatus) Label() string {
	switch s {
	case VersionInReview:
		return "In review"
	case "":
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// BodyFormat is how a version's body is held.
type BodyFormat string

// The body formats: Markdown written in the browser, or an uploaded file
// (PDF, DOCX …) kept in the blob store by its SHA-256.
const (
	BodyMarkdown BodyFormat = "markdown"
	BodyFile     BodyFormat = "file"
)

// DocumentVersion is one numbered version of a document.
type DocumentVersion struct {
	ID            ID            `json:"id"`
	OrgID         ID            `json:"organizationId"`
	DocumentID    ID            `json:"documentId"`
	Number        int           `json:"number"`
	Status        VersionStatus `json:"status"`
	Format        BodyFormat    `json:"format"`
	Body          string        `json:"body,omitempty"` // Markdown
	FileName      string        `json:"fileName,omitempty"`
	FileSHA256    string        `json:"fileSha256,omitempty"`
	FileSize      int64         `json:"fileSize,omitempty"`
	MediaType     string        `json:"mediaType,omitempty"`
	ChangeSummary string        `json:"changeSummary"`
	AuthorID      ID            `json:"authorId"`
	AuthorName    string        `json:"authorName"`
	ApprovedAt    time.Time     `json:"approvedAt,omitzero"`
	ApprovalID    ID            `json:"approvalId,omitempty"`
	// Approvers are the names of those who approved it, read with it.
	Approvers []string `json:"approvers,omitempty"`
	// RetainUntil is set when the version stops being in force
	// (superseded or retired): it is kept until then, then listed for
	// disposal; DisposedAt and DisposedBy record the disposal.
	RetainUntil Date      `json:"retainUntil,omitzero"`
	DisposedAt  time.Time `json:"disposedAt,omitzero"`
	DisposedBy  string    `json:"disposedBy,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Revision    int       `json:"revision"` // edit revision of a draft; optimistic concurrency
}

// Normalize trims the text fields.
func (d *Document) Normalize() {
	d.Ref, d.Title, d.Description = strings.TrimSpace(d.Ref), strings.TrimSpace(d.Title), strings.TrimSpace(d.Description)
	d.Source, d.ExternalVersion = strings.TrimSpace(d.Source), strings.TrimSpace(d.ExternalVersion)
	for i := range d.Clauses {
		d.Clauses[i] = strings.TrimSpace(d.Clauses[i])
	}
}

// Validate reports every problem with d at once.
func (d *Document) Validate() error {
	p := Problems{}
	if d.Ref == "" {
		p.Add("ref", "Reference is required, such as DOC-3.")
	} else if len(d.Ref) > 40 || strings.ContainsAny(d.Ref, " \t\r\n") {
		p.Add("ref", "Reference must be at most 40 characters, without spaces.")
	}
	checkName(p, "title", "Title", d.Title)
	checkText(p, "description", "Description", d.Description)
	if !d.Type.Valid() {
		p.Add("type", "Type must be policy, topic-specific policy, procedure, standard, plan, record, report or other.")
	}
	if !d.Classification.Valid() {
		p.Add("classification", "Classification must be public, internal, confidential or restricted.")
	}
	if d.OwnerID == "" {
		p.Add("owner", "Choose who owns the document.")
	}
	for _, r := range d.Audience.Roles {
		if !r.Valid() {
			p.Add("audience", "Audience roles must be roles of the organization.")
		}
	}
	if d.ReviewMonths < 0 || d.ReviewMonths > 60 {
		p.Add("reviewMonths", "Review interval must be between 0 (none) and 60 months.")
	}
	if !d.NextReview.IsZero() && !plausibleDate(d.NextReview) {
		p.Add("nextReview", "Next review must be between 2000 and 2199.")
	}
	if d.External && d.Source == "" {
		p.Add("source", "Say where an external document comes from (the law, standard or supplier).")
	}
	if len(d.Source) > MaxNameLen || len(d.ExternalVersion) > MaxNameLen {
		p.Add("source", "Source and external version must be at most 200 characters each.")
	}
	return p.Err()
}

// ReviewOverdue reports whether the document's review date has passed.
func (d *Document) ReviewOverdue(today Date) bool {
	return !d.Retired && !d.NextReview.IsZero() && d.NextReview.Before(today)
}

// DocumentFilter selects documents of one organization.
type DocumentFilter struct {
	OrgID   ID
	Search  string // in reference, title and description
	Type    DocumentType
	OwnerID ID
	Status  VersionStatus // of the latest version
	// ReviewOverdue selects documents past their review date on Today.
	ReviewOverdue bool
	Today         Date
	External      *bool
	Retired       bool // include retired documents (they are left out otherwise)
	// Reader, when set, leaves out the documents whose audience does not
	// include the member with ReaderRole and ReaderID, unless they own it.
	Reader     bool
	ReaderRole Role
	ReaderID   ID
	// ReaderRestrictedOnly applies the Reader rule to restricted documents
	// only, for members who read the ISMS.
	ReaderRestrictedOnly bool
	// InForce keeps only the documents with an approved version.
	InForce bool
	Sort    string // "ref", "title", "type", "owner", "status", "nextReview", "updated"; "-" for descending
	Limit   int
	Offset  int
}

// DocumentReview records a periodic review that found no change needed.
type DocumentReview struct {
	ID           ID        `json:"id"`
	OrgID        ID        `json:"organizationId"`
	DocumentID   ID        `json:"documentId"`
	VersionID    ID        `json:"versionId"`
	ReviewerID   ID        `json:"reviewerId"`
	ReviewerName string    `json:"reviewerName"`
	ReviewedAt   time.Time `json:"reviewedAt"`
	Note         string    `json:"note"`
	NextReview   Date      `json:"nextReview"`
}

// RetentionRule is how long the versions of one document type are kept
// once no longer in force.
type RetentionRule struct {
	Type   DocumentType `json:"type"`
	Months int          `json:"months"`
}

// DefaultRetentionMonths is the retention of a type without a rule.
const DefaultRetentionMonths = 36
