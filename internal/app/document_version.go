// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A document's versions are numbered from 1. Only a draft changes; its
// author submits it to named approvers through the shared approval
// mechanism, which puts it in review; once every approver approves it is
// in force and immutable, and the version it replaces is superseded. A
// rejected or withdrawn submission puts it back to draft. A new version
// starts as a copy of the latest one.

// objectDocumentVersion is the object type of document versions in the
// audit trail and in approvals.
const objectDocumentVersion = "document_version"

// maxBodyLen is the longest Markdown body accepted, in bytes.
const maxBodyLen = 1 << 20

// versionApprovedHooks run in the transaction in which a version of a
// document becomes the approved one; modules that follow documents (such
// as awareness campaigns) append to it in their init.
var versionApprovedHooks []func(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, v *isms.DocumentVersion) error

// onDocumentVersionApproved runs every hook of versionApprovedHooks.
func onDocumentVersionApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, v *isms.DocumentVersion) error {
	for _, hook := range versionApprovedHooks {
		if err := hook(ctx, tx, actor, d, v); err != nil {
			return err
		}
	}
	return nil
}

func init() {
	approvables[objectDocumentVersion] = approvable{
		label:      "document version",
		submit:     isms.EditDocuments,
		load:       loadDocumentVersion,
		mayApprove: documentApprover,
		approved:   documentVersionApproved,
		closed:     documentVersionClosed,
	}
}

// versionContent is what approving a document version approves.
type versionContent struct {
	Ref            string `json:"ref"`
	Title          string `json:"title"`
	Number         int    `json:"number"`
	Format         string `json:"format"`
	Body           string `json:"body,omitempty"`
	FileName       string `json:"fileName,omitempty"`
	FileSHA256     string `json:"fileSha256,omitempty"`
	ChangeSummary  string `json:"changeSummary"`
	Classification string `json:"classification"`
}

// versionLabel names version v of d for people: "DOC-3 v2".
func versionLabel(d *isms.Document, v *isms.DocumentVersion) string {
	return fmt.Sprintf("%s v%d", d.Ref, v.Number)
}

// loadDocumentVersion locks version id and returns it for approval.
func loadDocumentVersion(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (string, int, []byte, error) {
	v, err := tx.FindDocumentVersionByIDForUpdate(ctx, org, id)
	if err != nil {
		return "", 0, nil, err
	}
	d, err := tx.FindDocumentByID(ctx, org, v.DocumentID)
	if err != nil {
		return "", 0, nil, err
	}
	if v.Status != isms.VersionDraft && v.Status != isms.VersionInReview {
		return "", 0, nil, isms.Errorf(isms.Conflict, "%s is %s; only a draft can be submitted for review.", versionLabel(d, v), strings.ToLower(v.Status.Label()))
	}
	title, b, err := versionApproval(d, v)
	return title, v.Revision, b, err
}

// versionApproval returns the title and the content of a submission of
// version v of d.
func versionApproval(d *isms.Document, v *isms.DocumentVersion) (string, []byte, error) {
	c := versionContent{Ref: d.Ref, Title: d.Title, Number: v.Number, Format: string(v.Format), Body: v.Body,
		FileName: v.FileName, FileSHA256: v.FileSHA256, ChangeSummary: v.ChangeSummary, Classification: string(d.Classification)}
	b, err := json.MarshalIndent(c, "", "  ")
	return versionLabel(d, v) + ": " + d.Title, b, err
}

// documentApprover allows members who read the ISMS and may read the
// document to approve a version, except its author.
func documentApprover(ctx context.Context, tx *sqldb.Tx, org, versionID isms.ID, u *isms.User, m *isms.Membership) (string, error) {
	v, err := tx.FindDocumentVersionByID(ctx, org, versionID)
	if err != nil {
		return "", err
	}
	d, err := tx.FindDocumentByID(ctx, org, v.DocumentID)
	if err != nil {
		return "", err
	}
	approver := isms.Actor{UserID: u.ID, Name: u.Name, OrgID: org, Role: m.Role}
	switch {
	case !approver.Can(isms.ReadISMS):
		return u.Name + " cannot approve: approvers of documents must be members who read the ISMS.", nil
	case !(&docReader{actor: approver}).access(d).all:
		return u.Name + " cannot approve: " + d.Ref + " is restricted and they are not in its audience.", nil
	case v.AuthorID == u.ID:
		return u.Name + " wrote this version and cannot approve it; name someone else.", nil
	}
	return "", nil
}

// documentVersionApproved puts an approved version in force: the version
// it replaces is superseded and kept for the retention of the document's
// type, and the document's next review is due after its interval.
func documentVersionApproved(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	v, err := tx.FindDocumentVersionByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	d, err := tx.FindDocumentByIDForUpdate(ctx, ap.OrgID, v.DocumentID)
	if err != nil {
		return err
	}
	today := isms.DateOf(tx.Now())
	if d.ApprovedNumber > 0 && d.ApprovedNumber != v.Number {
		if err := endVersion(ctx, tx, actor, d, d.ApprovedNumber, isms.VersionSuperseded, today); err != nil {
			return err
		}
	}
	before := v.Status
	v.Status, v.ApprovedAt, v.ApprovalID = isms.VersionApproved, tx.Now(), ap.ID
	if err := tx.UpdateDocumentVersion(ctx, v, v.Revision); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.approve", objectDocumentVersion, v.ID,
		isms.Changes{"status": {Before: string(before), After: string(v.Status)}, "version": {After: versionLabel(d, v)},
			"approval": {After: string(ap.ID)}}); err != nil {
		return err
	}
	if err := restartReviewCycle(ctx, tx, actor, d, v, today); err != nil {
		return err
	}
	d.Status, d.ApprovedNumber = isms.VersionApproved, v.Number
	return onDocumentVersionApproved(ctx, tx, actor, d, v)
}

// restartReviewCycle starts d's review cycle again now that version v is
// approved: an open review task is done, as the new version reviewed the
// document, and the next review is due after the interval.
func restartReviewCycle(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, v *isms.DocumentVersion, today isms.Date) error {
	if d.ReviewMonths == 0 {
		return nil
	}
	t, err := docReviewTask(ctx, tx, d)
	if err != nil {
		return err
	}
	if t != nil {
		note := "Reviewed through " + versionLabel(d, v) + ", approved on " + today.String() + "."
		if err := closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete"); err != nil {
			return err
		}
	}
	old := d.NextReview
	d.NextReview = today.AddDate(0, d.ReviewMonths, 0)
	if err := tx.UpdateDocument(ctx, d, d.Version); err != nil {
		return err
	}
	if err := syncDocumentReviewTask(ctx, tx, actor, d); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(d.OrgID), actor, "document.update", objectDocument, d.ID,
		isms.Changes{"nextReview": {Before: old.String(), After: d.NextReview.String()}})
}

// endVersion takes version number of d out of force with status (superseded
// or retired), keeping it for the retention of d's type from today.
func endVersion(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, number int, status isms.VersionStatus, today isms.Date) error {
	prev, err := tx.FindDocumentVersion(ctx, d.OrgID, d.ID, number)
	if err != nil {
		return err
	}
	months, err := retentionMonths(ctx, tx, d.OrgID, d.Type)
	if err != nil {
		return err
	}
	before := prev.Status
	prev.Status, prev.RetainUntil = status, today.AddDate(0, months, 0)
	if err := tx.UpdateDocumentVersion(ctx, prev, prev.Revision); err != nil {
		return err
	}
	action := "document_version.supersede"
	if status == isms.VersionRetired {
		action = "document_version.retire"
	}
	return audit(ctx, tx, orgChain(d.OrgID), actor, action, objectDocumentVersion, prev.ID,
		isms.Changes{"status": {Before: string(before), After: string(status)}, "version": {After: versionLabel(d, prev)},
			"retainUntil": {Before: "", After: prev.RetainUntil.String()}})
}

// documentVersionClosed puts a version whose submission was rejected or
// withdrawn back to draft.
func documentVersionClosed(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	v, err := tx.FindDocumentVersionByIDForUpdate(ctx, ap.OrgID, ap.ObjectID)
	if err != nil {
		return err
	}
	if v.Status != isms.VersionInReview {
		return nil
	}
	v.Status = isms.VersionDraft
	if err := tx.UpdateDocumentVersion(ctx, v, v.Revision); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(v.OrgID), actor, "document_version.return", objectDocumentVersion, v.ID,
		isms.Changes{"status": {Before: string(isms.VersionInReview), After: string(isms.VersionDraft)},
			"approval": {After: string(ap.Status)}})
}

// SubmitDocumentVersion puts a draft in review and submits it to the
// named approvers, all of whom must approve it.
func (a *App) SubmitDocumentVersion(ctx context.Context, actor isms.Actor, versionID isms.ID, approverIDs []isms.ID, note string) (*isms.Approval, error) {
	if err := forbid(actor.Can(isms.SubmitApprovals) && actor.Can(isms.EditDocuments), "You may not submit documents for review."); err != nil {
		return nil, err
	}
	var out *isms.Approval
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		v, d, err := editableDraft(ctx, tx, actor, versionID)
		if err != nil {
			return err
		}
		if v.Format == isms.BodyMarkdown && strings.TrimSpace(v.Body) == "" {
			return isms.Problems{"body": "Write the document's text, or upload its file, before submitting it for review."}.Err()
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectDocumentVersion, v.ID); err != nil {
			return err
		}
		v.Status = isms.VersionInReview
		if err := tx.UpdateDocumentVersion(ctx, v, v.Revision); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(d.OrgID), actor, "document_version.submit", objectDocumentVersion, v.ID,
			isms.Changes{"status": {Before: string(isms.VersionDraft), After: string(v.Status)},
				"version": {After: versionLabel(d, v)}}); err != nil {
			return err
		}
		out, err = a.submitIn(ctx, tx, actor, approvables[objectDocumentVersion],
			SubmitInput{ObjectType: objectDocumentVersion, ObjectID: v.ID, ApproverIDs: approverIDs, Note: note})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// editableDraft returns version id, locked, and its document when the
// actor may read every version of the document and the version is a
// draft; otherwise a NotFound or Conflict that says why.
func editableDraft(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID) (*isms.DocumentVersion, *isms.Document, error) {
	v, err := tx.FindDocumentVersionByIDForUpdate(ctx, actor.OrgID, id)
	if err != nil {
		return nil, nil, err
	}
	d, err := findDocumentForUpdate(ctx, tx, actor, v.DocumentID)
	if err != nil {
		return nil, nil, err
	}
	label := versionLabel(d, v)
	switch v.Status {
	case isms.VersionDraft:
		return v, d, nil
	case isms.VersionInReview:
		return nil, nil, isms.Errorf(isms.Conflict, "%s is in review; it cannot change until its submission is decided or withdrawn.", label)
	case isms.VersionApproved:
		return nil, nil, isms.Errorf(isms.Conflict, "%s is approved and cannot change; start a new version to revise it.", label)
	}
	return nil, nil, isms.Errorf(isms.Conflict, "%s is %s and cannot change.", label, strings.ToLower(v.Status.Label()))
}

// DocumentBodyInput is the body of a version: Markdown written in the
// browser, the Markdown of a starter template (when Markdown is empty),
// or an uploaded file; and the summary of what changed. When none is
// given, a draft keeps its file.
type DocumentBodyInput struct {
	Markdown      string
	Template      string
	File          *FileInput
	ChangeSummary string
}

// storeBodyFile stores the uploaded file of body, if any, in the blob
// store, before the transaction that records it.
func (a *App) storeBodyFile(ctx context.Context, body DocumentBodyInput) (*isms.EvidenceFile, error) {
	if body.File == nil {
		return nil, nil
	}
	return a.storeFile(ctx, body.File)
}

// apply sets the body of v from in and the stored file (nil when none was
// uploaded), recording problems in p.
func (in DocumentBodyInput) apply(v *isms.DocumentVersion, file *isms.EvidenceFile, p isms.Problems) {
	v.ChangeSummary = strings.TrimSpace(in.ChangeSummary)
	if utf8.RuneCountInString(v.ChangeSummary) > isms.MaxTextLen {
		p.Add("changeSummary", "Change summary must be at most 20,000 characters.")
	}
	md := strings.ReplaceAll(in.Markdown, "\r\n", "\n")
	switch {
	case file != nil:
		v.Format, v.Body = isms.BodyFile, ""
		v.FileName, v.FileSHA256, v.FileSize, v.MediaType = file.FileName, file.SHA256, file.Size, file.MediaType
		return
	case strings.TrimSpace(md) == "" && strings.TrimSpace(in.Template) != "":
		tpl, ok := findTemplate(in.Template)
		if !ok {
			p.Add("template", "There is no template "+quote(in.Template)+"; choose one from the list.")
		}
		md = tpl.Body
	case strings.TrimSpace(md) == "" && v.Format == isms.BodyFile:
		return // keeps its file
	}
	if len(md) > maxBodyLen {
		p.Add("body", "The text must be at most 1 MiB; split the document, or upload it as a file.")
	}
	v.Format, v.Body = isms.BodyMarkdown, md
	v.FileName, v.FileSHA256, v.FileSize, v.MediaType = "", "", 0, ""
}

// findTemplate returns the starter template with key.
func findTemplate(key string) (DocumentTemplate, bool) {
	key = strings.TrimSpace(key)
	for _, t := range DocumentTemplates() {
		if t.Key == key {
			return t, true
		}
	}
	return DocumentTemplate{}, false
}
