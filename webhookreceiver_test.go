package clio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Computed independently (Python hmac) over testdata/webhooks/delivery_created.json
// with the key "shared-secret".
const (
	deliveryCreatedHex    = "91c14e297582b836172051bf9adceecbe7d4d8de56c15dace8868e3050b4957a"
	deliveryCreatedBase64 = "kcFOKXWCuDYXIFG/mtzuy+fU2N5WwV2s6IaOMFC0lXo="
)

func TestSignWebhookPayloadKnownVector(t *testing.T) {
	body := []byte(fixture(t, "webhooks/delivery_created.json"))
	assert.Equal(t, deliveryCreatedHex, SignWebhookPayload(body, "shared-secret"))
}

func TestVerifySignature(t *testing.T) {
	body := []byte(fixture(t, "webhooks/delivery_created.json"))
	for name, tc := range map[string]struct {
		sig     string
		secrets []string
		want    error
	}{
		"hex":                     {deliveryCreatedHex, []string{"shared-secret"}, nil},
		"upper-case hex":          {strings.ToUpper(deliveryCreatedHex), []string{"shared-secret"}, nil},
		"base64":                  {deliveryCreatedBase64, []string{"shared-secret"}, nil},
		"second of two secrets":   {deliveryCreatedHex, []string{"new-secret", "shared-secret"}, nil},
		"surrounding space":       {" " + deliveryCreatedHex + " ", []string{"shared-secret"}, nil},
		"wrong secret":            {deliveryCreatedHex, []string{"other"}, ErrWebhookBadSignature},
		"no secrets":              {deliveryCreatedHex, nil, ErrWebhookBadSignature},
		"missing":                 {"", []string{"shared-secret"}, ErrWebhookNotSigned},
		"not hex":                 {strings.Repeat("z", 64), []string{"shared-secret"}, ErrWebhookBadSignature},
		"truncated":               {deliveryCreatedHex[:63], []string{"shared-secret"}, ErrWebhookBadSignature},
		"sha256= prefix":          {"sha256=" + deliveryCreatedHex, []string{"shared-secret"}, ErrWebhookBadSignature},
		"empty secret never keys": {SignWebhookPayload(body, ""), []string{""}, ErrWebhookBadSignature},
	} {
		err := VerifySignature(body, tc.sig, tc.secrets...)
		if tc.want == nil {
			assert.NoError(t, err, name)
		} else {
			assert.ErrorIs(t, err, tc.want, name)
		}
	}
	// One changed byte of the body fails.
	tampered := bytes.Replace(body, []byte("152"), []byte("153"), 1)
	assert.ErrorIs(t, VerifySignature(tampered, deliveryCreatedHex, "shared-secret"), ErrWebhookBadSignature)
}

func FuzzVerifySignature(f *testing.F) {
	f.Add([]byte(`{"data":{"id":152},"meta":{"event":"created","webhook_id":1234}}`), "shared-secret", uint8(0), uint8(1))
	f.Add([]byte{}, "k", uint8(63), uint8(0x20))
	f.Add([]byte("\x00\xff binary"), "rotated-secret-2", uint8(17), uint8(0x80))
	f.Add([]byte(`{}`), "s", uint8(200), uint8(7))
	f.Fuzz(func(t *testing.T, body []byte, secret string, pos, flip uint8) {
		sig := SignWebhookPayload(body, secret)
		if secret == "" {
			require.ErrorIs(t, VerifySignature(body, sig, secret), ErrWebhookBadSignature, "an empty secret is never accepted")
			return
		}
		require.NoError(t, VerifySignature(body, sig, secret))
		require.NoError(t, VerifySignature(body, sig, "other-secret", secret))

		// Any mutated signature fails, unless it still encodes the same MAC
		// (hex is read case-insensitively).
		if flip == 0 {
			flip = 1
		}
		b := []byte(sig)
		b[int(pos)%len(b)] ^= flip
		mutated := string(b)
		want, _ := decodeSignature(sig)
		if got, ok := decodeSignature(strings.TrimSpace(mutated)); ok && bytes.Equal(got, want) {
			t.Skip("same MAC, different spelling")
		}
		err := VerifySignature(body, mutated, secret)
		require.Error(t, err)
		require.True(t, errors.Is(err, ErrWebhookBadSignature) || errors.Is(err, ErrWebhookNotSigned), "%v", err)

		// The signature does not carry over to another body.
		require.ErrorIs(t, VerifySignature(append(body[:len(body):len(body)], 'x'), sig, secret), ErrWebhookBadSignature)
	})
}

// hookTest is a handler with a recorded OnEvent.
type hookTest struct {
	h      *WebhookHandler
	store  *WebhookSecrets
	events []WebhookEvent
	fail   error
}

func newHookTest(t *testing.T, cfg WebhookHandlerConfig) *hookTest {
	t.Helper()
	ht := &hookTest{store: cfg.Store}
	cfg.OnEvent = func(_ context.Context, ev WebhookEvent) error {
		ht.events = append(ht.events, ev)
		return ht.fail
	}
	h, err := NewWebhookHandler(cfg)
	require.NoError(t, err)
	ht.h = h
	return ht
}

func (ht *hookTest) post(body []byte, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "https://hooks.example.com/clio", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ht.h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookHandlerHandshake(t *testing.T) {
	type call struct {
		secret string
		id     int64
	}
	var calls []call
	accept := true
	store := NewWebhookSecrets()
	ht := newHookTest(t, WebhookHandlerConfig{Store: store, OnHandshake: func(_ context.Context, secret string, id int64) (bool, error) {
		calls = append(calls, call{secret, id})
		return accept, nil
	}})

	rec := ht.post([]byte(`{"webhook_id":1234567}`), map[string]string{"X-Hook-Secret": "hs-1"})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "hs-1", rec.Header().Get("X-Hook-Secret"), "an accepted handshake is echoed")
	assert.Equal(t, []string{"hs-1"}, store.List(), "and its secret verifies later deliveries")

	accept = false
	rec = ht.post(nil, map[string]string{"X-Hook-Secret": "hs-2"})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Header().Get("X-Hook-Secret"), "a declined handshake is not echoed (activate later)")
	assert.Equal(t, []string{"hs-1"}, store.List())
	assert.Equal(t, []call{{"hs-1", 1234567}, {"hs-2", 0}}, calls)
	assert.Empty(t, ht.events)

	// A delivery signed with the accepted secret now passes.
	body := []byte(fixture(t, "webhooks/delivery_updated.json"))
	rec = ht.post(body, map[string]string{"X-Hook-Signature": SignWebhookPayload(body, "hs-1")})
	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestWebhookHandlerHandshakeDefaultsAndErrors(t *testing.T) {
	store := NewWebhookSecrets()
	ht := newHookTest(t, WebhookHandlerConfig{Store: store})
	rec := ht.post(nil, map[string]string{"X-Hook-Secret": "attacker"})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Header().Get("X-Hook-Secret"), "without OnHandshake nothing is accepted")
	assert.Empty(t, store.List())

	ht = newHookTest(t, WebhookHandlerConfig{Store: store, OnHandshake: func(context.Context, string, int64) (bool, error) {
		return false, errors.New("lookup failed")
	}})
	rec = ht.post(nil, map[string]string{"X-Hook-Secret": "hs"})
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Empty(t, rec.Header().Get("X-Hook-Secret"))
	assert.NotContains(t, rec.Body.String(), "hs")
}

func TestWebhookHandlerDeliveries(t *testing.T) {
	store := NewWebhookSecrets("old-secret", "new-secret")
	ht := newHookTest(t, WebhookHandlerConfig{Store: store})
	body := []byte(fixture(t, "webhooks/delivery_created.json"))
	signed := func(secret string) map[string]string {
		return map[string]string{"X-Hook-Signature": SignWebhookPayload(body, secret)}
	}

	rec := ht.post(body, signed("new-secret"))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Len(t, ht.events, 1)
	ev := ht.events[0]
	assert.Equal(t, "created", ev.Event)
	assert.Equal(t, int64(1234), ev.WebhookID)
	rec2, err := DecodeWebhookData[struct {
		ID   int64  `json:"id"`
		ETag string `json:"etag"`
	}](ev)
	require.NoError(t, err)
	assert.Equal(t, int64(152), rec2.ID)
	assert.Equal(t, `"9a103be2201ae758992733a91f02903f"`, rec2.ETag)

	// Rotation: both secrets pass until the old one is removed.
	assert.Equal(t, http.StatusOK, ht.post(body, signed("old-secret")).Code)
	store.Remove("old-secret")
	for name, hdr := range map[string]map[string]string{
		"old secret after removal": signed("old-secret"),
		"wrong secret":             signed("guess"),
		"missing signature":        nil,
		"empty signature":          {"X-Hook-Signature": ""},
		"garbage":                  {"X-Hook-Signature": "not-a-signature"},
	} {
		rec := ht.post(body, hdr)
		assert.Equal(t, http.StatusUnauthorized, rec.Code, name)
		assert.NotContains(t, rec.Body.String(), "152", "the body is not echoed")
	}
	assert.Len(t, ht.events, 2, "rejected deliveries never reach OnEvent")

	// OnEvent failing answers 500, so Clio retries.
	ht.fail = errors.New("database down")
	assert.Equal(t, http.StatusInternalServerError, ht.post(body, signed("new-secret")).Code)

	// A signed body that is not an event is a 400.
	junk := []byte(`{"hello":"world"}`)
	assert.Equal(t, http.StatusBadRequest, ht.post(junk, map[string]string{"X-Hook-Signature": SignWebhookPayload(junk, "new-secret")}).Code)
}

func TestWebhookHandlerLimitsAndMethods(t *testing.T) {
	ht := newHookTest(t, WebhookHandlerConfig{Store: NewWebhookSecrets("s"), MaxBodyBytes: 64})
	big := []byte(`{"data":{"id":1,"name":"` + strings.Repeat("x", 100) + `"},"meta":{"event":"created","webhook_id":1}}`)
	hdr := map[string]string{"X-Hook-Signature": SignWebhookPayload(big, "s")}
	assert.Equal(t, http.StatusRequestEntityTooLarge, ht.post(big, hdr).Code, "declared length over the cap")

	// Unknown length (chunked): the cap is enforced while reading.
	req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("X-Hook-Signature", hdr["X-Hook-Signature"])
	rec := httptest.NewRecorder()
	ht.h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)

	small := []byte(`{"data":{"id":1},"meta":{"event":"created","webhook_id":1}}`)
	assert.Equal(t, http.StatusOK, ht.post(small, map[string]string{"X-Hook-Signature": SignWebhookPayload(small, "s")}).Code)
	assert.Len(t, ht.events, 1)

	rec = httptest.NewRecorder()
	ht.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "POST", rec.Header().Get("Allow"))
}

func TestWebhookHandlerSecretsFunc(t *testing.T) {
	var secretsErr error
	ht := newHookTest(t, WebhookHandlerConfig{Secrets: func(context.Context) ([]string, error) {
		return []string{"from-db"}, secretsErr
	}})
	body := []byte(fixture(t, "webhooks/delivery_deleted.json"))
	hdr := map[string]string{"X-Hook-Signature": SignWebhookPayload(body, "from-db")}
	assert.Equal(t, http.StatusOK, ht.post(body, hdr).Code)
	require.Len(t, ht.events, 1)
	assert.Equal(t, "deleted", ht.events[0].Event)

	secretsErr = errors.New("vault sealed")
	assert.Equal(t, http.StatusInternalServerError, ht.post(body, hdr).Code)
}

func TestNewWebhookHandlerConfig(t *testing.T) {
	_, err := NewWebhookHandler(WebhookHandlerConfig{Store: NewWebhookSecrets()})
	assert.ErrorContains(t, err, "OnEvent")
	_, err = NewWebhookHandler(WebhookHandlerConfig{OnEvent: func(context.Context, WebhookEvent) error { return nil }})
	assert.ErrorContains(t, err, "Secrets or a Store")
	_, err = DecodeWebhookData[map[string]any](WebhookEvent{})
	assert.Error(t, err)
}

func TestWebhookSecrets(t *testing.T) {
	s := NewWebhookSecrets("a", "", "b", "a")
	assert.Equal(t, []string{"a", "b"}, s.List())
	s.Add("c")
	s.Remove("a")
	l := s.List()
	assert.Equal(t, []string{"b", "c"}, l)
	l[0] = "mutated"
	assert.Equal(t, []string{"b", "c"}, s.List(), "List returns a copy")
}
