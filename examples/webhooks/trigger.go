package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

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
