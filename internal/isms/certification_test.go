// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// activeCert is a certificate issued on 16 Jun 2025 (a Monday), valid
// for three years.
func activeCert() *isms.Certificate {
	return &isms.Certificate{Body: " Example Certification Ltd ", CertNumber: "IS 123456", Standard: "ISO/IEC 27001:2022",
		Scope: "The provision of cloud payroll services.", IssuedOn: day(2025, 6, 16), ExpiresOn: day(2028, 6, 15),
		Status: isms.CertActive, OwnerID: "usr_1"}
}

func TestCertificateValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *isms.Certificate)
		want map[string]string
	}{
		{"an active certificate is valid", func(c *isms.Certificate) {}, nil},
		{"a certificate being pursued needs no number nor dates", func(c *isms.Certificate) {
			c.Status, c.CertNumber, c.IssuedOn, c.ExpiresOn = isms.CertPursuing, "", isms.Date{}, isms.Date{}
		}, nil},
		{"body, standard, scope, status and owner are required", func(c *isms.Certificate) { *c = isms.Certificate{} },
			map[string]string{"body": "Certification body is required.", "standard": "Standard is required.",
				"scope":   "Copy the scope statement as the certificate states it.",
				"status":  "Status must be pursuing, active, suspended, withdrawn or expired.",
				"ownerId": "Choose who prepares the audits."}},
		{"an issued certificate has a number and both dates", func(c *isms.Certificate) {
			c.Status, c.CertNumber, c.IssuedOn, c.ExpiresOn = isms.CertSuspended, " ", isms.Date{}, isms.Date{}
		}, map[string]string{"certificateNumber": "An issued certificate has a number: copy it from the certificate.",
			"issuedOn": "An issued certificate has an issue date.", "expiresOn": "An issued certificate has an expiry date."}},
		{"the expiry follows the issue", func(c *isms.Certificate) { c.ExpiresOn = c.IssuedOn },
			map[string]string{"expiresOn": "The expiry date must be after the issue date."}},
		{"a certificate lasts at most three years", func(c *isms.Certificate) { c.ExpiresOn = day(2028, 6, 17) },
			map[string]string{"expiresOn": "A certificate is valid for at most three years after its issue date."}},
		{"exactly three years is fine", func(c *isms.Certificate) { c.ExpiresOn = day(2028, 6, 16) }, nil},
		{"the body's name is at most 200 characters", func(c *isms.Certificate) { c.Body = strings.Repeat("b", 201) },
			map[string]string{"body": "Certification body must be at most 200 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := activeCert()
			tt.edit(c)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(c.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	c := activeCert()
	if err := c.Validate(); err != nil || c.Body != "Example Certification Ltd" {
		t.Errorf("Validate() = %v, body %q; want nil and the body trimmed", err, c.Body)
	}
}

// audit is a planned first surveillance audit of activeCert.
func audit() *isms.ExternalAudit {
	return &isms.ExternalAudit{CertificateID: "cert_1", Kind: isms.ExtSurveillance, Cycle: 1, Sequence: 1,
		StartOn: day(2026, 5, 18), EndOn: day(2026, 5, 19), Status: isms.ExtPlanned}
}

func TestExternalAuditValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(e *isms.ExternalAudit)
		want map[string]string
	}{
		{"a planned audit without a team is valid", func(e *isms.ExternalAudit) {}, nil},
		{"a one-day audit is valid", func(e *isms.ExternalAudit) { e.EndOn = e.StartOn }, nil},
		{"certificate, kind, status and dates are required", func(e *isms.ExternalAudit) { *e = isms.ExternalAudit{} },
			map[string]string{"certificateId": "Choose the certificate the audit belongs to.",
				"kind":    "Kind must be stage1, stage2, surveillance, recertification or special.",
				"status":  "Status must be planned, in_progress, completed or cancelled.",
				"startOn": "Start date is required.", "endOn": "End date is required."}},
		{"the end is not before the start", func(e *isms.ExternalAudit) { e.EndOn = day(2026, 5, 17) },
			map[string]string{"endOn": "End date must be on or after the start date."}},
		{"dates are plausible", func(e *isms.ExternalAudit) { e.StartOn, e.EndOn = day(1999, 5, 18), day(2200, 1, 1) },
			map[string]string{"startOn": "Start date must be between 2000 and 2199.", "endOn": "End date must be between 2000 and 2199."}},
		{"a completed audit has a result", func(e *isms.ExternalAudit) { e.Status = isms.ExtCompleted },
			map[string]string{"result": "A completed audit has a result: the audit team's recommendation."}},
		{"a completed audit with a result is valid", func(e *isms.ExternalAudit) {
			e.Status, e.Result = isms.ExtCompleted, isms.ExtRecommended
		}, nil},
		{"the result waits for the audit's completion", func(e *isms.ExternalAudit) { e.Result = isms.ExtRecommendedCondition },
			map[string]string{"result": "Record the result when the audit is completed."}},
		{"an unknown result is refused", func(e *isms.ExternalAudit) { e.Result = "passed" },
			map[string]string{"result": "Result must be recommended, conditional or not_recommended."}},
		{"the team is at most 200 characters", func(e *isms.ExternalAudit) { e.Team = strings.Repeat("t", 201) },
			map[string]string{"team": "Audit team must be at most 200 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := audit()
			tt.edit(e)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(e.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	e := audit()
	e.Cycle, e.Team = 0, "  Ann Lead  "
	if err := e.Validate(); err != nil || e.Cycle != 1 || e.Team != "Ann Lead" {
		t.Errorf("Validate() = %v, cycle %d, team %q; want nil, cycle 1 and the team trimmed", err, e.Cycle, e.Team)
	}
}

func TestExternalAuditValidateAgainst(t *testing.T) {
	late := "The first surveillance audit must take place within 12 months of certification (by 2026-06-16)."
	expired := "The audit must take place before the certificate expires on 2028-06-15."
	tests := []struct {
		name string
		edit func(e *isms.ExternalAudit, c *isms.Certificate)
		want map[string]string
	}{
		{"a first surveillance within 12 months fits", func(e *isms.ExternalAudit, c *isms.Certificate) {}, nil},
		{"exactly 12 months after the issue fits", func(e *isms.ExternalAudit, c *isms.Certificate) { e.StartOn = day(2026, 6, 16) }, nil},
		{"a first surveillance later than 12 months is refused", func(e *isms.ExternalAudit, c *isms.Certificate) { e.StartOn = day(2026, 6, 17) },
			map[string]string{"startOn": late}},
		{"the second surveillance is not held to 12 months", func(e *isms.ExternalAudit, c *isms.Certificate) {
			e.Sequence, e.StartOn = 2, day(2027, 5, 17)
		}, nil},
		{"the first surveillance of the next cycle is not held to the first issue", func(e *isms.ExternalAudit, c *isms.Certificate) {
			e.Cycle, e.StartOn = 2, day(2026, 9, 1)
		}, nil},
		{"a recertification after expiry is refused", func(e *isms.ExternalAudit, c *isms.Certificate) {
			e.Kind, e.Sequence, e.StartOn = isms.ExtRecertification, 0, day(2028, 6, 16)
		}, map[string]string{"startOn": expired}},
		{"a special audit after expiry is not checked", func(e *isms.ExternalAudit, c *isms.Certificate) {
			e.Kind, e.Sequence, e.StartOn = isms.ExtSpecial, 0, day(2028, 7, 1)
		}, nil},
		{"a certificate not yet issued sets no limits", func(e *isms.ExternalAudit, c *isms.Certificate) {
			c.IssuedOn, e.StartOn = isms.Date{}, day(2030, 1, 1)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := audit(), activeCert()
			tt.edit(e, c)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(e.ValidateAgainst(c))); diff != "" {
				t.Errorf("ValidateAgainst() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExternalAuditTitle(t *testing.T) {
	tests := []struct {
		kind            isms.ExternalAuditKind
		cycle, sequence int
		want            string
	}{
		{isms.ExtStage1, 1, 0, "Stage 1 audit"},
		{isms.ExtStage2, 1, 0, "Stage 2 audit"},
		{isms.ExtSurveillance, 1, 2, "Surveillance audit 2"},
		{isms.ExtSurveillance, 1, 0, "Surveillance audit"},
		{isms.ExtSurveillance, 2, 1, "Surveillance audit 1 (cycle 2)"},
		{isms.ExtRecertification, 1, 0, "Recertification audit"},
		{isms.ExtSpecial, 3, 0, "Special audit (cycle 3)"},
	}
	for _, tt := range tests {
		e := &isms.ExternalAudit{Kind: tt.kind, Cycle: tt.cycle, Sequence: tt.sequence}
		if got := e.Title(); got != tt.want {
			t.Errorf("Title(%s, cycle %d, sequence %d) = %q, want %q", tt.kind, tt.cycle, tt.sequence, got, tt.want)
		}
	}
}

func TestExternalFindingValidate(t *testing.T) {
	req := []isms.RequirementRef{{ID: "req_1", Ref: "A.5.18"}}
	tests := []struct {
		name string
		f    isms.ExternalFinding
		want map[string]string
	}{
		{"an observation needs only a title", isms.ExternalFinding{Grade: isms.FindingObservation, Title: "Reviews could be sooner"}, nil},
		{"a minor nonconformity with requirement, description and deadline is valid", isms.ExternalFinding{Grade: isms.FindingMinor,
			Title: "Reviews late", Description: "Two quarterly reviews were missed.", Requirements: req, CAPDue: day(2026, 6, 1)}, nil},
		{"a nonconformity names a requirement, is described and has a deadline", isms.ExternalFinding{Grade: isms.FindingMajor, Title: "No reviews"},
			map[string]string{"requirements": "Name the requirement the nonconformity does not meet.",
				"description": "Describe the nonconformity as the audit report states it.",
				"capDue":      "Give the certification body's deadline for the corrective action plan."}},
		{"title and grade are required", isms.ExternalFinding{Title: " "},
			map[string]string{"title": "Title is required.", "grade": "Grade must be major, minor, observation or ofi."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, isms.ErrorFields(tt.f.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}
