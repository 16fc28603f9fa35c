package clio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// handshake posts Clio's activation request: body {"webhook_id":id} and
// the secret in X-Hook-Secret.
func (ht *hookTest) handshake(id int64, secret string) *httptest.ResponseRecorder {
	return ht.post(fmt.Appendf(nil, `{"webhook_id":%d}`, id), map[string]string{"X-Hook-Secret": secret})
}

// Issue 10 item 1: a handshake is unauthenticated and its body names any
// webhook id the sender likes. Accepting it by that id let a stranger add
// a secret to the store and sign forged deliveries with it. Now only a
// secret the application got from Clio is echoed; the stranger's is
// refused, nothing is stored, and the forged delivery never reaches
// OnEvent.
func TestWebhookHandlerRefusesInjectedHandshake(t *testing.T) {
	forged := []byte(`{"data":{"id":152,"etag":"\"x\""},"meta":{"event":"deleted","webhook_id":4242}}`)
	for name, expect := range map[string]bool{
		"no webhook expected":              false,
		"webhook 4242 created and waiting": true,
	} {
		store := NewWebhookSecrets()
		ht := newHookTest(t, WebhookHandlerConfig{Store: store})
		var want []string
		if expect {
			assert.False(t, ht.h.Expect("real-secret"), name)
			want = []string{"real-secret"}
		}

		rec := ht.handshake(4242, "attacker-secret")
		assert.Equal(t, http.StatusForbidden, rec.Code, name)
		assert.Empty(t, rec.Header().Get("X-Hook-Secret"), "%s: not echoed, so nothing is activated", name)
		assert.NotContains(t, rec.Body.String(), "attacker-secret", name)
		assert.Equal(t, want, store.List(), "%s: the handshake stored nothing", name)

		rec = ht.post(forged, map[string]string{"X-Hook-Signature": SignWebhookPayload(forged, "attacker-secret")})
		assert.Equal(t, http.StatusUnauthorized, rec.Code, name)
		assert.Empty(t, ht.events, "%s: the forged delivery never reaches OnEvent", name)
	}
}

// The legitimate flow: Create returns the secret, Expect registers it, the
// handshake carrying it is echoed and deliveries signed with it pass.
func TestWebhookHandlerExpectedHandshake(t *testing.T) {
	store := NewWebhookSecrets()
	ht := newHookTest(t, WebhookHandlerConfig{Store: store})
	assert.False(t, ht.h.Expect("hs-1"), "no handshake came before")
	assert.False(t, ht.h.Expect(""), "an empty secret registers nothing")
	assert.Equal(t, []string{"hs-1"}, store.List(), "Expect puts the secret in the Store")

	rec := ht.handshake(1234567, "hs-1")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "hs-1", rec.Header().Get("X-Hook-Secret"), "an expected handshake is echoed")
	assert.Empty(t, ht.h.pending, "and taken off the pending list")

	// The id in the body plays no part; a repeated handshake (after a URL
	// change) is accepted because the secret is in the Store.
	rec = ht.handshake(0, "hs-1")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "hs-1", rec.Header().Get("X-Hook-Secret"))
	assert.Equal(t, http.StatusForbidden, ht.handshake(1234567, "hs-2").Code, "the right id with another secret")
	assert.Equal(t, http.StatusForbidden, ht.handshake(1234567, "hs-1x").Code, "a secret with a known prefix")
	assert.Equal(t, []string{"hs-1"}, store.List())
	assert.Empty(t, ht.events)

	body := []byte(fixture(t, "webhooks/delivery_updated.json"))
	rec = ht.post(body, map[string]string{"X-Hook-Signature": SignWebhookPayload(body, "hs-1")})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Len(t, ht.events, 1)
}

// Clio may send the handshake before Create returns the secret: it is
// refused then, and Expect reports it once so the caller can Activate.
func TestWebhookHandlerEarlyHandshake(t *testing.T) {
	store := NewWebhookSecrets()
	ht := newHookTest(t, WebhookHandlerConfig{Store: store})
	rec := ht.handshake(1234567, "early")
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.Empty(t, store.List(), "a refused handshake stores nothing")

	assert.False(t, ht.h.Expect("other"), "a different secret was not seen")
	assert.True(t, ht.h.Expect("early"), "the early handshake is reported")
	assert.False(t, ht.h.Expect("early"), "once")
	assert.Equal(t, []string{"other", "early"}, store.List())

	// The refused list is bounded: a flood of handshakes pushes out an
	// early one rather than growing memory.
	ht.handshake(1, "pushed-out")
	for i := range refusedHandshakes {
		ht.handshake(1, fmt.Sprint("flood-", i))
	}
	assert.False(t, ht.h.Expect("pushed-out"))
}

// A handshake racing Expect is either accepted or reported by Expect,
// never lost in between.
func TestWebhookHandlerHandshakeRacesExpect(t *testing.T) {
	ht := newHookTest(t, WebhookHandlerConfig{Store: NewWebhookSecrets()})
	const n = 40 // below refusedHandshakes, so none is pushed out
	accepted := make([]bool, n)
	reported := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		secret := fmt.Sprint("secret-", i)
		wg.Go(func() { accepted[i] = ht.handshake(int64(i), secret).Code == http.StatusOK })
		wg.Go(func() { reported[i] = ht.h.Expect(secret) })
	}
	wg.Wait()
	for i := range n {
		assert.True(t, accepted[i] != reported[i], "secret %d: accepted %v, reported %v", i, accepted[i], reported[i])
	}
}

func TestWebhookHandlerHandshakeWithSecretsFunc(t *testing.T) {
	var secretsErr error
	ht := newHookTest(t, WebhookHandlerConfig{Secrets: func(context.Context) ([]string, error) {
		return []string{"", "from-db"}, secretsErr
	}})
	rec := ht.handshake(7, "from-db")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "from-db", rec.Header().Get("X-Hook-Secret"), "a secret Secrets returns is accepted")
	assert.Equal(t, http.StatusForbidden, ht.handshake(7, "attacker").Code)

	// Without a Store, Expect covers the handshake until the secret is saved.
	assert.False(t, ht.h.Expect("new-hook"))
	assert.Equal(t, http.StatusOK, ht.handshake(8, "new-hook").Code)

	secretsErr = errors.New("vault sealed")
	rec = ht.handshake(7, "from-db")
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Empty(t, rec.Header().Get("X-Hook-Secret"))
	assert.NotContains(t, rec.Body.String(), "from-db")
	assert.False(t, ht.h.Expect("another-hook"))
	assert.Equal(t, http.StatusOK, ht.handshake(9, "another-hook").Code, "a pending secret does not need Secrets")
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
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "OnEvent")
	_, err = NewWebhookHandler(WebhookHandlerConfig{OnEvent: func(context.Context, WebhookEvent) error { return nil }})
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.ErrorContains(t, err, "Secrets or Store")
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
