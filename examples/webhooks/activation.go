package main

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	clio "github.com/clio-sdk/clio-go"
)

// activation decides about handshakes. Clio may send the handshake before
// Create returns (the fake does: it is part of the create request) or
// after it. Only the webhook's own shared_secret, which Create returns, is
// accepted: an early handshake is declined and confirmed with Activate
// once the secret is known; a later one is echoed at once.
type activation struct {
	mu      sync.Mutex
	want    string   // the webhook's shared_secret, once Create returned
	early   []string // handshake secrets received before that
	enabled chan struct{}
	once    sync.Once
}

func (a *activation) onHandshake(_ context.Context, secret string, _ int64) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.want == "" {
		if len(a.early) < 16 {
			a.early = append(a.early, secret)
		}
		return false, nil
	}
	if !equal(secret, a.want) {
		return false, nil
	}
	a.markEnabled()
	return true, nil
}

// expect records the webhook's secret and reports whether its handshake
// already arrived.
func (a *activation) expect(secret string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.want = secret
	return slices.ContainsFunc(a.early, func(s string) bool { return equal(s, secret) })
}

func (a *activation) markEnabled() { a.once.Do(func() { close(a.enabled) }) }

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func joinEvents(evs []clio.WebhookEvents) string {
	s := make([]string, len(evs))
	for i, e := range evs {
		s[i] = string(e)
	}
	return strings.Join(s, ",")
}

// createMatter is the trigger against the embedded fake: a new matter for
// the demo client fires the created event.
func createMatter(clientID int64, log io.Writer) func(context.Context, *clio.Client) error {
	return func(ctx context.Context, c *clio.Client) error {
		m, err := c.Matters.Create(ctx, clio.MatterCreate{Client: clio.Ref{ID: clientID}, Description: "Webhook example matter"}, clio.Fields("display_number"))
		if err == nil {
			fmt.Fprintf(log, "Created matter %d to trigger a delivery.\n", m.ID)
		}
		return err
	}
}
