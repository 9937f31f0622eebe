// SPDX-License-Identifier: Apache-2.0

package isms

// ThreatScenario is one entry of the library of common risk scenarios: an
// event scenario (threat source, event, consequence) or an asset-based
// risk (threat and vulnerability; the assets are chosen when it is added).
type ThreatScenario struct {
	Key           string   `json:"key"`
	Title         string   `json:"title"`
	Category      string   `json:"category"`
	Kind          RiskKind `json:"kind"`
	ThreatSource  string   `json:"threatSource,omitempty"`
	Event         string   `json:"event,omitempty"`
	Consequence   string   `json:"consequence,omitempty"`
	Threat        string   `json:"threat,omitempty"`
	Vulnerability string   `json:"vulnerability,omitempty"`
	// Controls are ISO/IEC 27001:2022 Annex A references that commonly treat it.
	Controls []string `json:"controls"`
}

// Categories of the library scenarios.
const (
	catCyber     = "Cyber attack"
	catError     = "Human error"
	catInsider   = "Insider"
	catSupplier  = "Supplier"
	catPhysical  = "Physical and environmental"
	catPeople    = "People"
	catFraud     = "Fraud"
	catTechnical = "Technical failure"
	catDev       = "Software development"
	catAccess    = "Access control"
	catCompl     = "Compliance"
	catCloud     = "Cloud services"
)

// scenario and assetRisk build library entries of the two kinds.
func scenario(key, title, category, source, event, consequence string, controls ...string) ThreatScenario {
	return ThreatScenario{Key: key, Title: title, Category: category, Kind: RiskScenario,
		ThreatSource: source, Event: event, Consequence: consequence, Controls: controls}
}

func assetRisk(key, title, category, threat, vulnerability string, controls ...string) ThreatScenario {
	return ThreatScenario{Key: key, Title: title, Category: category, Kind: RiskAsset,
		Threat: threat, Vulnerability: vulnerability, Controls: controls}
}

// ThreatLibrary is the library of common scenarios, to start a register
// quickly. Each entry is a starting point to adapt, not a finished risk.
var ThreatLibrary = []ThreatScenario{
	scenario("ransomware", "Ransomware stops operations", catCyber,
		"A criminal group that wants a ransom.",
		"Ransomware encrypts file servers, workstations and the backups reachable from the network.",
		"Work stops until systems are rebuilt or restored; stolen data may be published.",
		"A.8.7", "A.8.13", "A.8.8", "A.5.26"),
	scenario("phishing-credentials", "Password stolen by phishing", catCyber,
		"An outside attacker sending convincing e-mails.",
		"A staff member enters their password on a fake sign-in page.",
		"The attacker reads mail and files and sends fraud from a trusted account.",
		"A.6.3", "A.8.5", "A.5.17", "A.8.23"),
	assetRisk("lost-device", "Laptop or phone lost or stolen", catPhysical,
		"Loss or theft of a laptop or phone while travelling or working away from the office.",
		"The disk is not encrypted and the device cannot be locked or wiped remotely.",
		"A.8.1", "A.7.9", "A.8.24"),
	scenario("insider-data-theft", "Leaving employee takes confidential data", catInsider,
		"An employee about to join a competitor.",
		"Copies customer lists, prices or designs to a personal account before leaving.",
		"Loss of business advantage and a breach of confidentiality owed to customers.",
		"A.6.5", "A.6.6", "A.8.12", "A.5.18"),
	assetRisk("cloud-misconfiguration", "Cloud data exposed by a configuration error", catCloud,
		"Someone on the internet finds and copies data from a cloud service.",
		"A storage bucket, database or share is left open to the internet and nobody checks the settings.",
		"A.5.23", "A.8.9", "A.8.16"),
	scenario("supplier-breach", "Breach at a supplier", catSupplier,
		"An attacker who compromises one of our suppliers.",
		"A supplier that holds our data or has access to our systems is breached.",
		"Our data is disclosed, or the attacker reaches our systems through the supplier's access.",
		"A.5.19", "A.5.20", "A.5.21", "A.5.22"),
	scenario("ddos", "Public services flooded (denial of service)", catCyber,
		"An attacker, activist or extortionist.",
		"Floods our website, API or network connection with traffic.",
		"Customers cannot reach our services for hours or days; orders and support are lost.",
		"A.8.20", "A.8.6", "A.8.14", "A.5.30"),
	assetRisk("unpatched-vulnerability", "Known vulnerability exploited", catCyber,
		"An attacker exploits a published software vulnerability.",
		"Security updates are installed late or not at all on systems reachable from the internet.",
		"A.8.8", "A.8.19", "A.5.7"),
	assetRisk("backup-failure", "Backups fail when needed", catTechnical,
		"Data loss that needs a restore: hardware failure, mistake or attack.",
		"Backups are incomplete, never test-restored, or kept where the same incident destroys them.",
		"A.8.13", "A.8.14", "A.5.30"),
	scenario("accidental-deletion", "Important records deleted by mistake", catError,
		"A staff member or administrator making a mistake.",
		"Deletes or overwrites important records or a whole folder.",
		"Records are lost or must be re-created; decisions are made on wrong data.",
		"A.8.13", "A.5.37", "A.8.3"),
	scenario("fire-flood", "Fire or flood at the office", catPhysical,
		"Fire, burst pipe, flood or storm.",
		"Damages the office, server room or paper archive.",
		"Equipment and records are destroyed and staff cannot work on site for weeks.",
		"A.7.5", "A.7.8", "A.5.29", "A.5.30"),
	scenario("key-person-loss", "Key person unavailable", catPeople,
		"Illness, resignation or accident.",
		"The only person who knows how to run a critical system or process is suddenly unavailable.",
		"The system cannot be operated, changed or repaired until someone else learns it.",
		"A.5.37", "A.5.2", "A.5.29"),
	scenario("payment-fraud", "Payment fraud by fake instructions", catFraud,
		"A fraudster posing as a supplier or an executive.",
		"Asks the finance team by e-mail to change bank details or to make an urgent payment.",
		"Money is paid to the fraudster and is rarely recovered.",
		"A.6.3", "A.5.3", "A.5.14"),
	assetRisk("secrets-in-code", "Secrets leaked in source code", catDev,
		"Someone who reads the code uses credentials found in it.",
		"Passwords, API keys or tokens are committed to a code repository that others can read.",
		"A.8.4", "A.8.28", "A.5.17"),
	assetRisk("privileged-misuse", "Administrator rights misused", catAccess,
		"An administrator, or an attacker holding an administrator account, abuses its rights.",
		"Administrator accounts are shared and what administrators do is not recorded.",
		"A.8.2", "A.8.15", "A.5.3"),
	scenario("physical-break-in", "Break-in at the office", catPhysical,
		"A burglar.",
		"Breaks into the office out of hours.",
		"Equipment and documents are stolen; the intruder may plug into the network.",
		"A.7.1", "A.7.2", "A.7.4", "A.7.7"),
	assetRisk("removable-media-malware", "Malware brought in on removable media", catCyber,
		"Malware carried in on a USB stick or another removable medium.",
		"Removable media can be used on every computer and are not scanned.",
		"A.7.10", "A.8.7", "A.6.3"),
	assetRisk("web-injection", "Injection attack on a web application", catDev,
		"An attacker sends crafted input, such as SQL injection, to a web application.",
		"Input is not validated and queries or commands are built from user text.",
		"A.8.26", "A.8.28", "A.8.29"),
	scenario("misdirected-data", "Data sent to the wrong recipient", catError,
		"A staff member making a mistake.",
		"Sends personal or confidential data to the wrong e-mail address or uploads it to the wrong place.",
		"A data breach that may have to be reported, and loss of the customer's trust.",
		"A.5.14", "A.8.12", "A.5.34", "A.6.3"),
	assetRisk("power-outage", "Power outage", catTechnical,
		"Loss of mains power for hours.",
		"Servers and network equipment have no uninterruptible power supply or generator.",
		"A.7.11", "A.8.14", "A.5.30"),
	scenario("privacy-non-compliance", "Personal data processed unlawfully", catCompl,
		"A data protection authority or a data subject.",
		"Finds personal data processed without a lawful basis or kept longer than allowed.",
		"Fines, orders to stop the processing, and claims for damages.",
		"A.5.34", "A.5.31", "A.8.10"),
	assetRisk("shadow-it", "Company data in unapproved cloud services", catCloud,
		"Company data is kept in online services nobody reviewed (shadow IT).",
		"Staff can sign up to online tools with company data without any review or approval.",
		"A.5.23", "A.5.9", "A.5.10"),
	assetRisk("stale-access", "Access kept by people who no longer need it", catAccess,
		"Former staff or people who changed roles use access they should no longer have.",
		"Access rights are not reviewed, and accounts of leavers and movers are not removed promptly.",
		"A.5.18", "A.5.15", "A.5.16", "A.6.5"),
	assetRisk("log-tampering", "Logs altered to hide an attack", catCyber,
		"An intruder deletes or edits logs to hide their traces.",
		"Logs are kept only on the systems they describe and administrators can change them.",
		"A.8.15", "A.8.16", "A.8.17"),
}
