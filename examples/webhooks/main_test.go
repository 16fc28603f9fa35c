package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the receiver's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// handshake returns the activation request the fake sent.
func handshake(srv *cliotest.Server) (cliotest.Delivery, error) {
	for _, d := range srv.Deliveries() {
		if d.Event == "handshake" {
			return d, nil
		}
	}
	return cliotest.Delivery{}, errors.New("no handshake was sent")
}

func TestReceivesVerifiedDeliveries(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	demo := srv.Demo()

	cfg, err := parseFlags([]string{"-count", "2", "-duration", "30s"}, &bytes.Buffer{})
	require.NoError(t, err)
	var (
		matterID, forgedStatus int
		injectStatus           int
		secret, description    = "", "Slip and fall at the Elm Street grocery"
	)
	cfg.trigger = func(ctx context.Context, c *clio.Client) error {
		hs, err := handshake(srv)
		if err != nil {
			return err
		}
		hook, err := c.Webhooks.Get(ctx, hs.WebhookID, clio.Fields("shared_secret", "status"))
		if err != nil {
			return err
		}
		secret = hook.SharedSecret
		if hook.Status != clio.WebhookStatusEnabled {
			return fmt.Errorf("webhook is %s", hook.Status)
		}

		post := func(body, header, value string) (int, error) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL, strings.NewReader(body))
			req.Header.Set(header, value)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return 0, err
			}
			resp.Body.Close()
			return resp.StatusCode, nil
		}
		// A stranger's handshake naming this webhook, then a delivery
		// signed with the stranger's secret, straight to the receiver.
		if injectStatus, err = post(fmt.Sprintf(`{"webhook_id":%d}`, hs.WebhookID), clio.HeaderHookSecret, "attacker-secret"); err != nil {
			return err
		}
		body := `{"data":{"id":1,"etag":"\"x\""},"meta":{"event":"deleted","webhook_id":` + fmt.Sprint(hs.WebhookID) + `}}`
		if forgedStatus, err = post(body, clio.HeaderHookSignature, clio.SignWebhookPayload([]byte(body), "attacker-secret")); err != nil {
			return err
		}

		// Two real events: created, then updated.
		m, err := c.Matters.Create(ctx, clio.MatterCreate{Client: clio.Ref{ID: demo.JohnSmithID}, Description: description}, clio.Fields("description"))
		if err != nil {
			return err
		}
		matterID = int(m.ID)
		_, err = c.Matters.Update(ctx, m.ID, "", clio.MatterUpdate{Description: clio.Set(description + " (amended)")}, clio.Fields("description"))
		return err
	}
	var stdout, stderr syncBuffer
	require.NoError(t, run(context.Background(), c, cfg, &stdout, &stderr))

	hs, err := handshake(srv)
	require.NoError(t, err)
	// The fake sends the handshake before Create returns the secret, so the
	// receiver refuses it and the example activates the webhook instead.
	assert.Equal(t, http.StatusForbidden, hs.Status, "the early handshake was refused")
	var activates int
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut && r.Path == fmt.Sprintf("/api/v4/webhooks/%d/activate", hs.WebhookID) && r.Status == http.StatusNoContent {
			activates++
		}
	}
	assert.Equal(t, 1, activates, "the webhook was activated with its secret")
	out := stdout.String()
	assert.Contains(t, out, fmt.Sprintf("created webhook %d: matter created,updated", hs.WebhookID))
	assert.Contains(t, out, fmt.Sprintf("webhook %d enabled", hs.WebhookID))
	assert.Contains(t, out, fmt.Sprintf("delivery 1: model=matter event=created webhook=%d record=%d\n", hs.WebhookID, matterID))
	assert.Contains(t, out, fmt.Sprintf("delivery 2: model=matter event=updated webhook=%d record=%d\n", hs.WebhookID, matterID))
	assert.Contains(t, out, fmt.Sprintf("deleted webhook %d", hs.WebhookID))
	assert.Equal(t, http.StatusForbidden, injectStatus, "a stranger's handshake is refused")
	assert.Equal(t, http.StatusUnauthorized, forgedStatus, "a delivery signed with the stranger's secret is refused")
	assert.NotContains(t, out, "delivery 3", "the forged delivery was not printed")

	// The fake logs a delivery once the receiver has answered it, which can
	// be just after run returned.
	events := func() (evs []string) {
		for _, d := range srv.Deliveries() {
			if d.Event != "handshake" {
				evs = append(evs, fmt.Sprintf("%s %d", d.Event, d.Status))
			}
		}
		return evs
	}
	assert.Eventually(t, func() bool { return len(events()) == 2 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, []string{"created 200", "updated 200"}, events())

	require.NotEmpty(t, secret)
	for _, s := range []string{out, stderr.String()} {
		assert.NotContains(t, s, secret, "the shared secret is never printed")
		assert.NotContains(t, s, description, "record bodies are never printed")
	}
	_, err = c.Webhooks.Get(context.Background(), hs.WebhookID)
	assert.ErrorIs(t, err, clio.ErrNotFound, "the webhook is deleted on exit")
}

func TestRenewsBeforeExpiry(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	cfg, err := parseFlags([]string{"-duration", "2500ms"}, &bytes.Buffer{})
	require.NoError(t, err)
	cfg.Lifetime = 3 * time.Second // expires_at is sent in whole seconds

	var stdout syncBuffer
	require.NoError(t, run(context.Background(), c, cfg, &stdout, &bytes.Buffer{}))
	assert.Regexp(t, regexp.MustCompile(`renewed webhook \d+ until `), stdout.String())
	var patches int
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPatch && strings.HasPrefix(r.Path, "/api/v4/webhooks/") {
			patches++
			assert.Equal(t, http.StatusOK, r.Status)
		}
	}
	assert.GreaterOrEqual(t, patches, 1)
}

func TestStopsOnInterrupt(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	cfg, err := parseFlags(nil, &bytes.Buffer{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cfg.trigger = func(context.Context, *clio.Client) error { cancel(); return nil }

	var stdout syncBuffer
	require.NoError(t, run(ctx, c, cfg, &stdout, &bytes.Buffer{}))
	assert.Contains(t, stdout.String(), "deleted webhook", "the webhook is deleted even after Ctrl-C")
}

func TestFlags(t *testing.T) {
	var usage bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &usage)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, usage.String(), "-lifetime")

	cfg, err := parseFlags([]string{"-lifetime", "2000h", "-events", "created, deleted"}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, clio.MaxWebhookLifetime-time.Hour, cfg.Lifetime, "capped below 31 days")
	assert.Equal(t, []clio.WebhookEvents{"created", "deleted"}, cfg.Events)
	cfg, err = parseFlags(nil, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, 7*24*time.Hour, cfg.Lifetime)

	_, err = parseFlags([]string{"-events", ""}, &bytes.Buffer{})
	assert.Error(t, err)
	_, err = parseFlags([]string{"-count", "-1"}, &bytes.Buffer{})
	assert.Error(t, err)
}
