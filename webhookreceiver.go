package clio

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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
// Add a webhook's secret when it is activated and remove it when the
// webhook is deleted; deliveries signed with any secret in the set pass.
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
	// over Store.
	Secrets func(ctx context.Context) ([]string, error)
	// Store holds the secrets when Secrets is nil. Secrets accepted in a
	// handshake are added to it.
	Store *WebhookSecrets

	// OnHandshake decides about an activation handshake: Clio POSTs an
	// X-Hook-Secret header after a webhook is created or its URL changes.
	// webhookID is 0 when the request does not say. Returning true answers
	// 200 echoing the secret, which activates the webhook (and adds the
	// secret to Store); false answers 200 without it, leaving the webhook
	// pending until [WebhooksService.Activate]; an error answers 500.
	// Anyone can send a handshake, so accept only secrets you expect: for
	// example, check that one of your webhooks (Webhooks.List with
	// shared_secret) has this secret. With OnHandshake nil every handshake
	// is declined.
	OnHandshake func(ctx context.Context, secret string, webhookID int64) (bool, error)

	// OnEvent handles a verified delivery. An error answers 500 so Clio
	// retries (with backoff, 5 tries); nil answers 200. Answer quickly:
	// repeated timeouts can get the webhook disabled.
	OnEvent func(ctx context.Context, ev WebhookEvent) error

	// MaxBodyBytes caps a request body; larger ones get 413. Default
	// DefaultWebhookMaxBody (1 MiB).
	MaxBodyBytes int64
}

// WebhookHandler is an http.Handler that receives Clio webhook requests:
// it answers the X-Hook-Secret handshake through OnHandshake, rejects
// unsigned or wrongly signed deliveries with 401, caps bodies (413),
// decodes the event and passes it to OnEvent. It logs nothing: neither
// secrets nor bodies leave it.
type WebhookHandler struct {
	cfg WebhookHandlerConfig
}

// NewWebhookHandler returns a handler for cfg.
func NewWebhookHandler(cfg WebhookHandlerConfig) (*WebhookHandler, error) {
	if cfg.OnEvent == nil {
		return nil, errors.New("clio: webhook handler needs OnEvent")
	}
	if cfg.Secrets == nil && cfg.Store == nil {
		return nil, errors.New("clio: webhook handler needs Secrets or a Store")
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultWebhookMaxBody
	}
	return &WebhookHandler{cfg: cfg}, nil
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
		h.handshake(ctx, w, secret, body)
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

// handshake answers an activation request. Clio does not document its
// body; the webhook id is read from {"webhook_id":N} or
// {"meta":{"webhook_id":N}} when present.
func (h *WebhookHandler) handshake(ctx context.Context, w http.ResponseWriter, secret string, body []byte) {
	var hs struct {
		WebhookID int64 `json:"webhook_id"`
		Meta      struct {
			WebhookID int64 `json:"webhook_id"`
		} `json:"meta"`
	}
	_ = json.Unmarshal(body, &hs) // best effort: the body is undocumented
	id := hs.WebhookID
	if id == 0 {
		id = hs.Meta.WebhookID
	}
	accept := false
	if h.cfg.OnHandshake != nil {
		var err error
		if accept, err = h.cfg.OnHandshake(ctx, secret, id); err != nil {
			http.Error(w, "handshake failed", http.StatusInternalServerError)
			return
		}
	}
	if accept {
		if h.cfg.Store != nil {
			h.cfg.Store.Add(secret)
		}
		w.Header().Set(HeaderHookSecret, secret)
	}
	w.WriteHeader(http.StatusOK)
}
