// SPDX-License-Identifier: Apache-2.0

package app

// The small demo's certification, in the words of its people and of its
// certification body (an invented one).

// The certification body the board chose and its audit team.
const (
	demoCertBody     = "Thornbury Vale Certification Ltd"
	demoCertStandard = "ISO/IEC 27001:2022"
	demoCertTeam     = "Ruth Calloway (lead auditor), Idris Mensah"
)

// The lead auditor of the certification body, who asks for documents
// ahead of the stage 1 audit.
const (
	demoAuditorName  = "Ruth Calloway"
	demoAuditorEmail = "ruth.calloway@thornburyvale.example"
)

// demoEvidenceRequest is one item of the auditor's request list for the
// stage 1 audit: against a requirement of ISO/IEC 27001:2022 and a demo
// control (by title; "" for none, when the certification's owner answers
// it), due in days from today, answered with the demo's evidence item
// titled evidence by the control's owner and, when accepted, accepted by
// the auditor.
type demoEvidenceRequest struct {
	requirement, control, title, detail string
	due                                 int
	evidence, answer                    string
	accepted                            bool
}

var demoEvidenceRequests = []demoEvidenceRequest{
	{requirement: "5.2", control: "Information security policy approved by the board", title: "Information security policy and its approval",
		detail: "The policy in force and the record of its approval by top management.", due: 7,
		evidence: "Board minutes: information security policy approved", answer: "The board's minutes; the policy itself is DOC-1, version 2.",
		accepted: true},
	{requirement: "6.1.2", control: "Risk assessment and treatment plan", title: "Risk assessment method and the latest assessment",
		detail: "The approved risk assessment method and the report of the latest risk assessment.", due: 7,
		evidence: "Risk assessment report: first assessment of the register",
		answer:   "The report of the first assessment; the method in force is v2, and the second assessment is recorded in the register."},
	{requirement: "9.2.2", title: "Internal audit programme and the first audit report",
		detail: "The audit programme and the report of every internal audit carried out so far.", due: -3},
	{requirement: "6.1.3", title: "Approved Statement of Applicability",
		detail: "The Statement of Applicability as approved, with the justification of each inclusion and exclusion.", due: 80},
	{requirement: "9.3.1", control: "Management review twice a year", title: "Minutes of the first management review",
		detail: "The minutes of the management review held before stage 1, with its decisions and actions.", due: 95},
}
