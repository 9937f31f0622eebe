// SPDX-License-Identifier: Apache-2.0

// Package report renders the exports people read: tables as CSV and XLSX
// (and later PDF reports and the audit package). It parses and renders
// only; it never stores, and imports isms and rendering libraries alone.
package report
