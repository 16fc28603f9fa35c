package clio

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Headers of Clio's webhook requests.
const (
	// HeaderHookSecret carries the shared secret in the activation handshake.
	HeaderHookSecret = "X-Hook-Secret"
	// HeaderHookSignature carries HMAC-SHA256(secret, raw body) on deliveries.
	HeaderHookSignature = "X-Hook-Signature"
)

// DefaultWebhookMaxBody is the largest delivery body a [WebhookHandler]
// reads unless configured otherwise.
const DefaultWebhookMaxBody = 1 << 20

// Signature errors from [VerifySignature].
var (
	ErrWebhookNotSigned    = errors.New("clio: webhook delivery has no X-Hook-Signature")
	ErrWebhookBadSignature = errors.New("clio: webhook signature matches no secret")
)

// SignWebhookPayload returns the X-Hook-Signature Clio would send for body:
// HMAC-SHA256 keyed with secret, in lowercase hex. Use it to build test
// deliveries.
func SignWebhookPayload(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks an X-Hook-Signature against the raw body, trying
// each secret (several may be live while secrets rotate; empty ones are
// skipped). The comparison is constant-time over the MAC bytes. Clio's docs
// do not state the encoding; hex (as third-party verifiers and
// [SignWebhookPayload] use) is expected, and base64 is accepted too.
// It returns nil, [ErrWebhookNotSigned] or [ErrWebhookBadSignature].
func VerifySignature(body []byte, signature string, secrets ...string) error {
	signature = strings.TrimSpace(signature)
	if signature == "" {
		return ErrWebhookNotSigned
	}
	got, ok := decodeSignature(signature)
	if !ok {
		return ErrWebhookBadSignature
	}
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		if hmac.Equal(mac.Sum(nil), got) {
			return nil
		}
	}
	return ErrWebhookBadSignature
}

// decodeSignature decodes a SHA-256 MAC given in hex (either case) or
// strict standard base64.
func decodeSignature(sig string) ([]byte, bool) {
	var b []byte
	var err error
	switch len(sig) {
	case hex.EncodedLen(sha256.Size):
		b, err = hex.DecodeString(sig)
	case base64.StdEncoding.EncodedLen(sha256.Size):
		b, err = base64.StdEncoding.Strict().DecodeString(sig)
	default:
		return nil, false
	}
	return b, err == nil && len(b) == sha256.Size
}

// WebhookEvent is one verified delivery:
// {"data":{...},"meta":{"event":"created","webhook_id":1234}}. The payload
// does not name the model; route by WebhookID.
type WebhookEvent struct {
	Event     string          // created, updated, deleted, matter_opened, matter_pended or matter_closed
	WebhookID int64           // the subscription that fired
	Data      json.RawMessage // the record, with the webhook's fields
}

// DecodeWebhookData decodes an event's record into T, such as clio.Matter
// or a slim struct of the webhook's fields.
func DecodeWebhookData[T any](ev WebhookEvent) (T, error) {
	var v T
	if len(ev.Data) == 0 {
		return v, errors.New("clio: webhook event has no data")
	}
	err := json.Unmarshal(ev.Data, &v)
	return v, err
}

// WebhookSecrets is a set of live shared secrets, safe for concurrent use.
// Add a webhook's secret when Create returns it (or let
// [WebhookHandler.Expect] do so) and remove it when the webhook is
// deleted; deliveries signed with any secret in the set pass, and
// handshakes carrying one are accepted.
type WebhookSecrets struct {
	mu      sync.RWMutex
	secrets []string
}

// NewWebhookSecrets returns a set holding secrets.
func NewWebhookSecrets(secrets ...string) *WebhookSecrets {
	s := &WebhookSecrets{}
	for _, v := range secrets {
		s.Add(v)
	}
	return s
}

// Add puts secret in the set (empty strings are ignored).
func (s *WebhookSecrets) Add(secret string) {
	if secret == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.secrets, secret) {
		s.secrets = append(s.secrets, secret)
	}
}

// Remove takes secret out of the set; deliveries signed with it fail from
// now on.
func (s *WebhookSecrets) Remove(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets = slices.DeleteFunc(s.secrets, func(v string) bool { return v == secret })
}

// List returns a copy of the secrets in the set.
func (s *WebhookSecrets) List() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.secrets)
}

// WebhookHandlerConfig configures [NewWebhookHandler]. OnEvent and one of
// Secrets or Store are required.
type WebhookHandlerConfig struct {
	// Secrets returns the secrets a delivery may be signed with. It wins
	// over Store. Keep each webhook's shared_secret (as Create returned it)
	// where Secrets reads it, e.g. in a database shared by several
	// receivers.
	Secrets func(ctx context.Context) ([]string, error)
	// Store holds the secrets when Secrets is nil. [WebhookHandler.Expect]
	// and [WebhooksService.Subscribe] add a new webhook's secret to it.
	Store *WebhookSecrets

	// OnEvent handles a verified delivery. An error answers 500 so Clio
	// retries (with backoff, 5 tries); nil answers 200. Answer quickly:
	// repeated timeouts can get the webhook disabled.
	OnEvent func(ctx context.Context, ev WebhookEvent) error

	// MaxBodyBytes caps a request body; larger ones get 413. Default
	// DefaultWebhookMaxBody (1 MiB).
	MaxBodyBytes int64
}

// refusedHandshakes is how many refused handshakes a [WebhookHandler]
// remembers for [WebhookHandler.Expect].
const refusedHandshakes = 64

// WebhookHandler is an http.Handler that receives Clio webhook requests.
//
// Handshakes: Clio activates a webhook by POSTing its shared secret in
// X-Hook-Secret, after Create and whenever the URL changes. Anyone can
// send such a request, and its body (with a webhook id) is chosen by the
// sender, so the handler echoes the secret, which activates the webhook,
// only when it already knows it: a secret of a webhook this application
// created, registered with [WebhookHandler.Expect] (which
// [WebhooksService.Subscribe] calls) or held by Secrets or Store. Any
// other handshake is refused with 403 and adds no secret: the handler
// keeps only digests of the last 64 refused ones, so Expect can tell that
// a webhook's handshake came early.
//
// Deliveries: it rejects unsigned or wrongly signed ones with 401, caps
// bodies (413), decodes the event and passes it to OnEvent.
//
// It logs nothing: neither secrets nor bodies leave it.
type WebhookHandler struct {
	cfg WebhookHandlerConfig

	mu sync.Mutex
	// pending holds secrets from Expect whose handshake has not arrived.
	pending []string
	// refused holds the SHA-256 of the latest refused handshake secrets, a
	// ring, so Expect can tell that a webhook's handshake came before
	// Create returned. Digests, not secrets: they match nothing else.
	refused [refusedHandshakes][sha256.Size]byte
	next    int
}

// NewWebhookHandler returns a handler for cfg.
func NewWebhookHandler(cfg WebhookHandlerConfig) (*WebhookHandler, error) {
	if cfg.OnEvent == nil {
		return nil, argError("OnEvent", "is required")
	}
	if cfg.Secrets == nil && cfg.Store == nil {
		return nil, argError("Secrets", "one of Secrets or Store is required")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultWebhookMaxBody
	}
	return &WebhookHandler{cfg: cfg}, nil
}

// Expect registers a webhook this application created: its handshake,
// whose X-Hook-Secret is sharedSecret (the Webhook.SharedSecret that
// [WebhooksService.Create] returned), is accepted from now on. With a
// Store the secret is added to it, so the webhook's deliveries verify;
// with Secrets, save the secret where Secrets reads it.
//
// Clio may send the handshake before Create returns, when the secret is
// not known yet; that handshake is refused. Expect reports whether it
// was: then confirm the webhook with [WebhooksService.Activate].
// [WebhooksService.Subscribe] does all of this in one call.
//
// Clio's docs call both the handshake's X-Hook-Secret and the webhook's
// shared_secret "the shared secret" without saying outright that they are
// one value; Expect relies on it, as does cliotest.
func (h *WebhookHandler) Expect(sharedSecret string) (refusedEarlier bool) {
	if sharedSecret == "" {
		return false
	}
	sum := sha256.Sum256([]byte(sharedSecret))
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cfg.Store != nil {
		h.cfg.Store.Add(sharedSecret)
	}
	for i := range h.refused {
		if subtle.ConstantTimeCompare(h.refused[i][:], sum[:]) == 1 {
			h.refused[i] = [sha256.Size]byte{}
			return true // the handshake will not come again: no pending entry
		}
	}
	if !slices.Contains(h.pending, sharedSecret) {
		h.pending = append(h.pending, sharedSecret)
	}
	return false
}

// ServeHTTP handles one handshake or delivery.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength > h.cfg.MaxBodyBytes {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes))
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	if secret := r.Header.Get(HeaderHookSecret); secret != "" {
		h.handshake(ctx, w, secret)
		return
	}
	secrets, err := h.secrets(ctx)
	if err != nil {
		http.Error(w, "secrets unavailable", http.StatusInternalServerError)
		return
	}
	if err := VerifySignature(body, r.Header.Get(HeaderHookSignature), secrets...); err != nil {
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	var env struct {
		Data json.RawMessage `json:"data"`
		Meta struct {
			Event     string `json:"event"`
			WebhookID int64  `json:"webhook_id"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(body, &env); err != nil || len(env.Data) == 0 || env.Meta.Event == "" {
		http.Error(w, "not a Clio webhook event", http.StatusBadRequest)
		return
	}
	ev := WebhookEvent{Event: env.Meta.Event, WebhookID: env.Meta.WebhookID, Data: env.Data}
	if err := h.cfg.OnEvent(ctx, ev); err != nil {
		http.Error(w, "event not handled", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (h *WebhookHandler) secrets(ctx context.Context) ([]string, error) {
	if h.cfg.Secrets != nil {
		return h.cfg.Secrets(ctx)
	}
	return h.cfg.Store.List(), nil
}

// handshake answers an activation request: 200 echoing the secret when it
// is one the handler knows, 403 otherwise (500 when Secrets fails). The
// request body is not read: the webhook id in it is chosen by the sender
// and proves nothing.
func (h *WebhookHandler) handshake(ctx context.Context, w http.ResponseWriter, secret string) {
	known, err := h.secrets(ctx)
	ok, err := h.acceptHandshake(sha256.Sum256([]byte(secret)), known, err)
	switch {
	case ok:
		w.Header().Set(HeaderHookSecret, secret)
		w.WriteHeader(http.StatusOK)
	case err != nil:
		http.Error(w, "secrets unavailable", http.StatusInternalServerError)
	default:
		http.Error(w, "unexpected handshake", http.StatusForbidden)
	}
}

// acceptHandshake reports whether the secret with digest sum is pending
// (then it is taken off the list) or among known. Otherwise it remembers
// the digest as refused and returns knownErr, the error of reading known.
// The lock makes this atomic with Expect, so a handshake racing Create's
// return is either accepted or seen by Expect.
func (h *WebhookHandler) acceptHandshake(sum [sha256.Size]byte, known []string, knownErr error) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if i := indexSecret(h.pending, sum); i >= 0 {
		h.pending = slices.Delete(h.pending, i, i+1)
		return true, nil
	}
	if knownErr == nil && indexSecret(known, sum) >= 0 {
		return true, nil
	}
	h.refused[h.next] = sum
	h.next = (h.next + 1) % len(h.refused)
	return false, knownErr
}

// indexSecret returns the index of the secret whose SHA-256 is sum, or -1.
// Comparing digests in constant time leaks neither the secrets' contents
// nor their lengths.
func indexSecret(secrets []string, sum [sha256.Size]byte) int {
	found := -1
	for i, s := range secrets {
		d := sha256.Sum256([]byte(s))
		if s != "" && subtle.ConstantTimeCompare(d[:], sum[:]) == 1 && found < 0 {
			found = i
		}
	}
	return found
}
