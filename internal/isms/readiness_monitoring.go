// SPDX-License-Identifier: Apache-2.0

package isms

// MonitoringFacts are the facts the rules of clause 9.1 read.
type MonitoringFacts struct{}

// monitoringRules are the readiness rules of clause 9.1.
var monitoringRules = []Rule{}
