// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
)

// Metadata describes a catalog or profile document. The parts the
// resolver and the importers use are fields; the rest (revisions, roles,
// parties …) is kept verbatim as JSON so that nothing the schema allows is
// lost on the way through.
type Metadata struct {
	Title              string       `json:"title"`
	Published          string       `json:"published,omitempty"`
	LastModified       string       `json:"last-modified"`
	Version            string       `json:"version"`
	OSCALVersion       string       `json:"oscal-version"`
	Revisions          RawJSON      `json:"revisions,omitempty"`
	DocumentIDs        []DocumentID `json:"document-ids,omitempty"`
	Props              []Prop       `json:"props,omitempty"`
	Links              []Link       `json:"links,omitempty"`
	Roles              RawJSON      `json:"roles,omitempty"`
	Locations          RawJSON      `json:"locations,omitempty"`
	Parties            RawJSON      `json:"parties,omitempty"`
	ResponsibleParties RawJSON      `json:"responsible-parties,omitempty"`
	Actions            RawJSON      `json:"actions,omitempty"`
	Remarks            string       `json:"remarks,omitempty"`
}

// DocumentID is an identifier of a document in a given scheme (a DOI …).
type DocumentID struct {
	Scheme     string `json:"scheme,omitempty"`
	Identifier string `json:"identifier"`
}

// BackMatter holds the resources a document refers to.
type BackMatter struct {
	Resources []Resource `json:"resources,omitempty"`
}

// Resource is a back-matter resource: a citation, links to a document or
// the document itself (base64, kept as it is).
type Resource struct {
	UUID        string       `json:"uuid"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Props       []Prop       `json:"props,omitempty"`
	DocumentIDs []DocumentID `json:"document-ids,omitempty"`
	Citation    *Citation    `json:"citation,omitempty"`
	RLinks      []RLink      `json:"rlinks,omitempty"`
	Base64      *Base64      `json:"base64,omitempty"`
	Remarks     string       `json:"remarks,omitempty"`
}

// Citation is the bibliographic text of a resource.
type Citation struct {
	Text  string `json:"text"`
	Props []Prop `json:"props,omitempty"`
	Links []Link `json:"links,omitempty"`
}

// RLink is a link to where a resource can be retrieved.
type RLink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
	Hashes    []Hash `json:"hashes,omitempty"`
}

// Hash is a digest of a linked resource.
type Hash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

// Base64 is a resource embedded in the document; Value stays encoded.
type Base64 struct {
	Filename  string `json:"filename,omitempty"`
	MediaType string `json:"media-type,omitempty"`
	Value     string `json:"value"`
}

// RawJSON is JSON kept as it is, in a normal form (compact, object keys
// sorted), so that equal content is equal bytes whichever format it was
// read from.
type RawJSON []byte

// MarshalJSON returns the JSON as it is.
func (j RawJSON) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

// UnmarshalJSON keeps the JSON in normal form.
func (j *RawJSON) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	*j = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return nil
}
