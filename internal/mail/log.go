// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"context"
	"log/slog"
)

// logSender writes a line per message instead of sending it.
type logSender struct{ log *slog.Logger }

// NewLog returns a Sender for development that sends nothing: it checks
// each message as SMTP would and logs its recipients and subject, never
// its body (which may hold links that act for the recipient).
func NewLog(log *slog.Logger) Sender { return logSender{log} }

// Send validates m and logs it.
func (s logSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return permanent(err)
	}
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.Email
	}
	s.log.InfoContext(ctx, "mail not sent, only logged", "to", to, "subject", m.Subject)
	return nil
}
