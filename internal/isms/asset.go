// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
	"time"
)

// AssetType is what kind of thing an asset is (ISO 27005: primary assets
// such as information and processes, supporting assets such as hardware,
// software, people and sites).
type AssetType string

// The asset types.
const (
	AssetInformation AssetType = "information"
	AssetSoftware    AssetType = "software"
	AssetHardware    AssetType = "hardware"
	AssetService     AssetType = "service"
	AssetPeople      AssetType = "people"
	AssetSite        AssetType = "site"
	AssetProcess     AssetType = "process"
	AssetSupplier    AssetType = "supplier"
	AssetOther       AssetType = "other"
)

// AssetTypes lists the types in display order.
var AssetTypes = []AssetType{AssetInformation, AssetSoftware, AssetHardware, AssetService, AssetPeople,
	AssetSite, AssetProcess, AssetSupplier, AssetOther}

// Valid reports whether t is a known type.
func (t AssetType) Valid() bool {
	for _, x := range AssetTypes {
		if t == x {
			return true
		}
	}
	return false
}

// Label names the type for people.
func (t AssetType) Label() string {
	if t == "" {
		return ""
	}
	return strings.ToUpper(string(t[:1])) + string(t[1:])
}

// Classification is an asset's information classification.
type Classification string

// The classifications, least to most sensitive; "" when unclassified.
const (
	ClassPublic       Classification = "public"
	ClassInternal     Classification = "internal"
	ClassConfidential Classification = "confidential"
	ClassRestricted   Classification = "restricted"
)

// Classifications lists the classifications in display order.
var Classifications = []Classification{ClassPublic, ClassInternal, ClassConfidential, ClassRestricted}

// Valid reports whether c is a known classification or unclassified.
func (c Classification) Valid() bool {
	if c == "" {
		return true
	}
	for _, x := range Classifications {
		if c == x {
			return true
		}
	}
	return false
}

// Asset is something of value the ISMS protects.
type Asset struct {
	ID             ID             `json:"id"`
	OrgID          ID             `json:"organizationId"`
	Ref            string         `json:"ref"` // "AS-12", unique in the organization
	Name           string         `json:"name"`
	Type           AssetType      `json:"type"`
	Description    string         `json:"description"`
	OwnerID        ID             `json:"ownerId,omitempty"`
	OwnerName      string         `json:"ownerName,omitempty"`
	Classification Classification `json:"classification"`
	// C, I and A are the asset's confidentiality, integrity and
	// availability values as positions on the current method's impact
	// scale; 0 when not valued.
	C        int    `json:"c"`
	I        int    `json:"i"`
	A        int    `json:"a"`
	Location string `json:"location"`
	ParentID ID     `json:"parentId,omitempty"`
	// ParentName is read with the asset.
	ParentName string `json:"parentName,omitempty"`
	// Dependencies are the assets this one depends on, read with the
	// asset's detail.
	Dependencies []ID      `json:"dependencies,omitempty"`
	Risks        int       `json:"risks"` // linked risks, read with lists
	CreatedBy    ID        `json:"createdBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Normalize trims the text fields.
func (a *Asset) Normalize() {
	a.Ref, a.Name = strings.TrimSpace(a.Ref), strings.TrimSpace(a.Name)
	a.Description, a.Location = strings.TrimSpace(a.Description), strings.TrimSpace(a.Location)
}

// Validate reports every problem with a at once; impactLevels is the size
// of the current method's impact scale (0 when there is none, and then no
// C/I/A value may be set).
func (a *Asset) Validate(impactLevels int) error {
	p := Problems{}
	if a.Ref == "" {
		p.Add("ref", "Reference is required, such as AS-12.")
	} else if len(a.Ref) > 40 || strings.ContainsAny(a.Ref, " \t\r\n") {
		p.Add("ref", "Reference must be at most 40 characters, without spaces.")
	}
	checkName(p, "name", "Name", a.Name)
	if !a.Type.Valid() {
		p.Add("type", "Type must be one of information, software, hardware, service, people, site, process, supplier or other.")
	}
	checkText(p, "description", "Description", a.Description)
	if len(a.Location) > MaxNameLen {
		p.Add("location", "Location must be at most 200 characters.")
	}
	if !a.Classification.Valid() {
		p.Add("classification", "Classification must be public, internal, confidential or restricted.")
	}
	for _, x := range []struct {
		f, label string
		v        int
	}{{"c", "Confidentiality", a.C}, {"i", "Integrity", a.I}, {"a", "Availability", a.A}} {
		switch {
		case x.v != 0 && impactLevels == 0:
			p.Add(x.f, "Approve a risk method before valuing assets.")
		case x.v < 0 || x.v > impactLevels:
			p.Add(x.f, fmt.Sprintf("%s must be a level from 1 to %d.", x.label, impactLevels))
		}
	}
	if a.ParentID != "" && a.ParentID == a.ID {
		p.Add("parent", "An asset cannot be its own parent.")
	}
	for _, d := range a.Dependencies {
		if d == a.ID && d != "" {
			p.Add("dependencies", "An asset cannot depend on itself.")
		}
	}
	return p.Err()
}

// AssetFilter selects assets of one organization; zero fields do not filter.
type AssetFilter struct {
	OrgID          ID
	Search         string // in reference, name, description and location
	Type           AssetType
	OwnerID        ID
	Classification Classification
	ParentID       ID
	RiskID         ID // assets linked to this risk
	// Sort: "ref", "name", "type", "owner", "classification", "updated";
	// "-" prefix for descending.
	Sort   string
	Limit  int
	Offset int
}
