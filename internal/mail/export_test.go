// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"crypto/x509"
	"time"
)

// Compose exposes compose to the external tests.
func Compose(m Message, from Address, now time.Time) ([]byte, error) { return compose(m, from, now) }

// TrustRoots makes s verify server certificates against pool instead of
// the system's roots, so tests can use a certificate they made.
func TrustRoots(s *SMTP, pool *x509.CertPool) { s.rootCAs = pool }
