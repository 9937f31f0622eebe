// SPDX-License-Identifier: Apache-2.0

package app

import "github.com/ismsproject/isms/internal/isms"

// The small demo's certification, in the words of its people and of its
// certification body (an invented one). Indexes are in demoPeople: 1 the
// CISO, 2 the ISMS manager, 3 the IT lead.

// The certificate and the body's audit team.
const (
	demoCertBody     = "Thornbury Vale Certification Ltd"
	demoCertNumber   = "TVC-ISMS-04172"
	demoCertStandard = "ISO/IEC 27001:2022"
	demoCertTeam     = "Ruth Calloway (lead auditor), Idris Mensah"

	demoStage1Summary = "The ISMS is designed as the standard requires: scope, risk assessment, Statement of Applicability and " +
		"internal audit programme are in place. Areas of concern for stage 2: supplier reviews and evidence of the first internal audit."
	demoStage2Summary = "The ISMS is implemented and effective. One minor nonconformity (supplier reviews) and one observation. " +
		"Certification is recommended once the corrective action plan for the nonconformity is accepted."
	demoSurveillanceTeam = "Ruth Calloway (lead auditor)"
)

// The auditor of the certification body, who audits the surveillance.
const (
	demoAuditorName  = "Ruth Calloway"
	demoAuditorEmail = "ruth.calloway@thornburyvale.example"
	demoAuditorDays  = 60 // how long the auditor's access lasts from today
)

// demoExternalFinding is a finding of the stage 2 audit, transcribed from
// the audit report by the ISMS manager; capDue is in days after the audit
// ends.
type demoExternalFinding struct {
	grade              isms.FindingGrade
	title, description string
	reqs               string
	capDue             int
}

var demoExternalFindings = []demoExternalFinding{
	{grade: isms.FindingMinor, title: "Key suppliers not reviewed in the last twelve months",
		description: "The supplier policy (A.5.22) requires a yearly review of the key suppliers' security. Two of the ten key suppliers, " +
			"the payroll provider and the e-mail delivery service, had no review on record for the last twelve months and their " +
			"certificates' validity had not been checked.",
		reqs: "A.5.22", capDue: 28},
	{grade: isms.FindingObservation, title: "Threat intelligence digest does not reach IT support",
		description: "The weekly digest goes to engineering and IT operations only; the support desk, which handles reported " +
			"phishing, does not receive it.",
		reqs: "A.5.7"},
}

// The nonconformity XF-1 opened: its correction, root cause and
// corrective actions.
const (
	demoSupplierCorrection = "The ISMS manager reviewed both suppliers the week after the audit: their ISO/IEC 27001 certificates are " +
		"valid, their questionnaires were renewed, and no change to the contracts is needed."
	demoSupplierRootCause = `Why were the two suppliers not reviewed? They were not on the list the yearly review works from.
Why not? The list was copied from the purchasing system once, before the two contracts were signed.
Why was it not kept up to date? Nobody owns the list, and new contracts do not trigger a review.
Root cause: the key supplier list is a one-off copy with no owner and no trigger from purchasing.`
	demoSupplierControl = "Yearly review of key suppliers"
)

// demoSupplierActions are the corrective actions of XF-1's
// nonconformity: owner in demoPeople, due in days from today, done.
var demoSupplierActions = []struct {
	title string
	owner int
	due   int
	done  bool
	note  string
}{
	{"Review the payroll provider and the e-mail delivery service", 2, -290, true,
		"Both reviewed; certificates valid until next year, questionnaires on file."},
	{"Keep the key supplier list in the supplier register, with a review due on every new contract", 2, 10, false, ""},
}

// demoEvidenceRequest is one item of the auditor's request list for the
// surveillance audit: against a requirement of ISO/IEC 27001:2022 and a
// demo control (by title), due in days from today, answered with the
// demo's evidence item titled evidence by the control's owner and, when
// accepted, accepted by the auditor.
type demoEvidenceRequest struct {
	requirement, control, title, detail string
	due                                 int
	evidence, answer                    string
	accepted                            bool
}

var demoEvidenceRequests = []demoEvidenceRequest{
	{requirement: "A.5.15", control: "Single sign-on with MFA for all staff", title: "MFA enrolment of all active accounts",
		detail: "A current report from the identity provider showing every active account and its MFA method.", due: 7,
		evidence: "MFA enrolment report from the identity provider", answer: "Report generated this week; no account without MFA.",
		accepted: true},
	{requirement: "A.8.13", control: "Nightly encrypted backups with quarterly restore tests", title: "Last restore test of the customer database",
		detail: "The record of the most recent restore test: what was restored, how long it took and how it was checked.", due: 7,
		evidence: "Restore test, last quarter", answer: "The last quarter's test; this quarter's runs next week."},
	{requirement: "A.5.18", control: "Quarterly user access review", title: "Access reviews since certification",
		detail: "The reviewed account lists of each quarterly access review since the certificate was issued, with the owners' decisions.",
		due:    -3},
	{requirement: "9.3.1", control: "Management review twice a year", title: "Minutes of the management reviews since certification",
		detail: "The minutes of every management review held since the stage 2 audit, and how its decisions were followed up.", due: 10},
}
