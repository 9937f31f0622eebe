// SPDX-License-Identifier: Apache-2.0

// Package isms is the domain vocabulary of the product: entities, enums,
// validation, errors, IDs, the actor and the pure rules (permissions, the
// audit hash chain, approval decisions).
//
// It imports only the standard library. Every other package speaks in its
// types; it must never import sqldb, app, web or any driver.
package isms
