// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestMarshalManifestIsMarshalIndent(t *testing.T) {
	m := Manifest{Format: ManifestFormat, CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Notes: []string{"a <note> & more"}}
	for _, files := range [][]ManifestFile{nil, {}, {{Path: "a.txt", SHA256: "00", Size: 1, Records: []ManifestRecord{}}},
		{{Path: "a.txt", Records: []ManifestRecord{{Type: "t", ID: "1"}}}, {Path: "b/c.pdf", Size: 7, Records: []ManifestRecord{{Type: "x", ID: "2", Ref: "R", Title: "T \"q\""}}}}} {
		m.Files = files
		want, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if files == nil {
			want = bytes.Replace(want, []byte(`"files": null`), []byte(`"files": []`), 1)
		}
		got, err := marshalManifest(&m)
		if err != nil || !bytes.Equal(got, append(want, '\n')) {
			t.Errorf("marshalManifest(%d files) = %v\n%s\nwant\n%s", len(files), err, got, want)
		}
	}
}
