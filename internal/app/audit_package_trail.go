// SPDX-License-Identifier: Apache-2.0

package app

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The audit trail of a package is the organization chain's events of the
// period, streamed from the store one line of JSON each, exactly as
// stored and hashed (so that anyone can recompute the hashes), up to the
// head that was verified when the build started; and that head, with the
// result of the verification.

// chainHeadFile is audit-trail/chain-head.json.
type chainHeadFile struct {
	Chain      string           `json:"chain"`
	Seq        int64            `json:"seq"`
	Hash       string           `json:"hash"`
	VerifiedAt time.Time        `json:"verifiedAt"`
	Verified   bool             `json:"verified"`
	Checked    int64            `json:"checked"`
	Break      *isms.ChainBreak `json:"break,omitempty"`
	From       string           `json:"from"`
	To         string           `json:"to"`
	Events     int              `json:"eventsInPackage"`
}

// auditTrail adds audit-trail/events.jsonl and audit-trail/chain-head.json.
func (b *packageBuild) auditTrail() error {
	chain := orgChain(b.actor.OrgID)
	rec := []report.ManifestRecord{{Type: "audit_chain", ID: chain, Title: "Audit trail of " + b.org.Name}}
	f := isms.AuditFilter{Chain: chain, From: b.from.Time(), To: b.to.AddDays(1).Time()}
	err := b.a.db.View(b.ctx, func(tx *sqldb.Tx) error {
		return b.add("audit-trail/events.jsonl", rec, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return tx.WalkAuditEvents(b.ctx, f, b.trail.Head.Seq, func(e *isms.AuditEvent) error {
				b.events++
				return enc.Encode(e)
			})
		})
	})
	if err != nil {
		return err
	}
	t := b.trail
	head := chainHeadFile{Chain: chain, Seq: t.Head.Seq, Hash: t.Head.Hash, VerifiedAt: b.pw.Modified.UTC(), Verified: t.OK(),
		Checked: t.Checked, Break: t.Break, From: b.from.String(), To: b.to.String(), Events: b.events}
	return b.add("audit-trail/chain-head.json", rec, func(w io.Writer) error {
		data, err := json.MarshalIndent(head, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	})
}

// readme adds README.txt: what the package is and how to check it.
func (b *packageBuild) readme() error {
	return b.add("README.txt", []report.ManifestRecord{{Type: "organization", ID: string(b.org.ID), Ref: b.org.Slug, Title: b.org.Name}},
		func(w io.Writer) error {
			_, err := fmt.Fprintf(w, readmeText, b.org.Name, b.org.Slug, b.fw.Title(), b.fw.Key, b.from, b.to,
				b.pw.Modified.UTC().Format(time.RFC3339), b.actor.Name, b.key.Fingerprint)
			return err
		})
}

// readmeText is README.txt, to be filled with the organization's name
// and slug, the framework's title and key, the period, the time and
// builder, and the key's fingerprint.
const readmeText = `Audit package of %s (%s)

Framework:    %s (%s)
Period:       %s to %s
Built:        %s by %s
Signing key:  %s

This zip holds what a certification auditor asks for, as the ISMS held it
when the package was built:

  soa/                 the approved Statement of Applicability (PDF, XLSX)
  scope/               the approved scope of the ISMS (PDF)
  policies/            the policies in force (PDF, and the file of a policy
                       whose text is a file)
  risks/               the risk register and the risk treatment plan (XLSX)
  internal-audits/     the report of each internal audit reported in the period
  management-reviews/  the minutes of each management review held in the period
  nonconformities/     the nonconformities detected in the period or still open,
                       with their corrective actions (XLSX)
  evidence/            the current file of each evidence item of a control that
                       counts for the framework, under its control's reference
  audit-trail/         the audit trail's events of the period (one JSON object
                       a line, as stored and hashed) and the chain's head with
                       the result of verifying the whole chain
  manifest.json        every file with its SHA-256, size and the records it
                       comes from, and notes on what was left out and why
  manifest.sig         the Ed25519 signature of manifest.json (base64)

How to verify the package
-------------------------

Get the organization's public key (Settings, Signing key) as key.pem and
check that its fingerprint is the one above. Then, with isms:

  isms verify pkg.zip --key key.pem

or with OpenSSL 3 and common tools, first the signature of the manifest:

  unzip -p pkg.zip manifest.json > manifest.json
  unzip -p pkg.zip manifest.sig | base64 -d > manifest.sig.bin
  openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile manifest.sig.bin

which prints "Signature Verified Successfully"; then every file against the
manifest, in an empty directory:

  unzip ../pkg.zip
  jq -r '.files[] | .sha256 + "  " + .path' manifest.json | sha256sum -c

and that the zip holds nothing else (unzip -l pkg.zip).
`
