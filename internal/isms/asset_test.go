// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestAssetValidate(t *testing.T) {
	tests := []struct {
		name   string
		levels int
		edit   func(a *isms.Asset)
		want   map[string]string
	}{
		{"a valued asset is valid", 5, nil, nil},
		{"an unvalued asset is valid without a method", 0, func(a *isms.Asset) { a.C, a.I, a.A = 0, 0, 0 }, nil},
		{"every type is valid", 5, func(a *isms.Asset) { a.Type = isms.AssetSupplier }, nil},
		{"unclassified is valid", 5, func(a *isms.Asset) { a.Classification = "" }, nil},
		{"values at the top of a 10-level scale are valid", 10, func(a *isms.Asset) { a.C, a.I, a.A = 10, 10, 10 }, nil},
		{"reference and name are required", 5, func(a *isms.Asset) { a.Ref, a.Name = "", "" }, map[string]string{
			"ref":  "Reference is required, such as AS-12.",
			"name": "Name is required.",
		}},
		{"a reference with a tab is refused", 5, func(a *isms.Asset) { a.Ref = "AS\t1" },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"a reference of 41 characters is refused", 5, func(a *isms.Asset) { a.Ref = strings.Repeat("A", 41) },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"a type is required", 5, func(a *isms.Asset) { a.Type = "" },
			map[string]string{"type": "Type must be one of information, software, hardware, service, people, site, process, supplier or other."}},
		{"an unknown type is refused", 5, func(a *isms.Asset) { a.Type = "data" },
			map[string]string{"type": "Type must be one of information, software, hardware, service, people, site, process, supplier or other."}},
		{"long description and location are refused", 5, func(a *isms.Asset) {
			a.Description, a.Location, a.Name = strings.Repeat("d", 20001), strings.Repeat("l", 201), strings.Repeat("n", 201)
		}, map[string]string{
			"description": "Description must be at most 20,000 characters.",
			"location":    "Location must be at most 200 characters.",
			"name":        "Name must be at most 200 characters.",
		}},
		{"an unknown classification is refused", 5, func(a *isms.Asset) { a.Classification = "secret" },
			map[string]string{"classification": "Classification must be public, internal, confidential or restricted."}},
		{"values need an approved method", 0, nil, map[string]string{
			"c": "Approve a risk method before valuing assets.",
			"i": "Approve a risk method before valuing assets.",
			"a": "Approve a risk method before valuing assets.",
		}},
		{"values beyond the impact scale are refused", 3, func(a *isms.Asset) { a.C, a.I, a.A = 4, -1, 3 }, map[string]string{
			"c": "Confidentiality must be a level from 1 to 3.",
			"i": "Integrity must be a level from 1 to 3.",
		}},
		{"availability is checked too", 5, func(a *isms.Asset) { a.A = 6 },
			map[string]string{"a": "Availability must be a level from 1 to 5."}},
		{"an asset cannot be its own parent", 5, func(a *isms.Asset) { a.ParentID = a.ID },
			map[string]string{"parent": "An asset cannot be its own parent."}},
		{"a new asset without ID may have a parent", 5, func(a *isms.Asset) { a.ID, a.ParentID = "", "ast_2" }, nil},
		{"an asset cannot depend on itself", 5, func(a *isms.Asset) { a.Dependencies = []isms.ID{"ast_2", a.ID} },
			map[string]string{"dependencies": "An asset cannot depend on itself."}},
		{"dependencies on other assets are fine", 5, func(a *isms.Asset) { a.Dependencies = []isms.ID{"ast_2", "ast_3"} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &isms.Asset{ID: "ast_1", Ref: "AS-1", Name: "Customer database", Type: isms.AssetInformation,
				Classification: isms.ClassConfidential, C: 4, I: 3, A: 2, Location: "Frankfurt data centre"}
			if tt.edit != nil {
				tt.edit(a)
			}
			err := a.Validate(tt.levels)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (tt.want == nil) {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}

func TestAssetNormalizeAndLabels(t *testing.T) {
	a := &isms.Asset{Ref: " AS-1 ", Name: " CRM ", Description: " d ", Location: " HQ "}
	a.Normalize()
	if a.Ref != "AS-1" || a.Name != "CRM" || a.Description != "d" || a.Location != "HQ" {
		t.Errorf("not trimmed: %+v", a)
	}
	for _, ty := range isms.AssetTypes {
		if !ty.Valid() || ty.Label() == "" || ty.Label() == string(ty) {
			t.Errorf("type %q: valid %v, label %q", ty, ty.Valid(), ty.Label())
		}
	}
	if isms.AssetInformation.Label() != "Information" || isms.AssetType("").Label() != "" {
		t.Error("type labels")
	}
	for _, c := range isms.Classifications {
		if !c.Valid() {
			t.Errorf("classification %q invalid", c)
		}
	}
}
