package clio

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const tokenURL = "https://app.clio.com/oauth/token"

// memStore records saved tokens and, through onSave, when they were saved.
type memStore struct {
	mu     sync.Mutex
	saved  []*oauth2.Token
	onSave func(*oauth2.Token)
}

func (s *memStore) Save(_ context.Context, tok *oauth2.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = append(s.saved, tok)
	if s.onSave != nil {
		s.onSave(tok)
	}
	return nil
}

func newRefreshingClient(t *testing.T, initial *oauth2.Token, store TokenStore) (*Client, *httpmock.MockTransport, *TokenSource) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	cfg := OAuthConfig(RegionUS, "client-id-1", "client-secret-xyz", "https://intake.example.com/callback")
	ts := NewTokenSource(cfg, initial, store, WithTokenHTTPClient(&http.Client{Transport: mt}))
	c, err := NewClient(WithBaseURL(testBaseURL), WithTokenSource(ts), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	return c, mt, ts
}

func TestOAuthConfigPerRegion(t *testing.T) {
	cfg := OAuthConfig(RegionEU, "id", "secret", "https://x.example/cb")
	assert.Equal(t, "https://eu.app.clio.com/oauth/authorize", cfg.Endpoint.AuthURL)
	assert.Equal(t, "https://eu.app.clio.com/oauth/token", cfg.Endpoint.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInParams, cfg.Endpoint.AuthStyle, "Clio takes client credentials in the POST body")

	u, err := url.Parse(cfg.AuthCodeURL("st4te"))
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "id", q.Get("client_id"))
	assert.Equal(t, "st4te", q.Get("state"))
	assert.Equal(t, "https://x.example/cb", q.Get("redirect_uri"))
}

func TestExchangeSendsCredentialsInBodyAndSaves(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", tokenURL, func(req *http.Request) (*http.Response, error) {
		require.NoError(t, req.ParseForm())
		assert.Equal(t, "authorization_code", req.PostForm.Get("grant_type"))
		assert.Equal(t, "the-code", req.PostForm.Get("code"))
		assert.Equal(t, "client-id-1", req.PostForm.Get("client_id"))
		assert.Equal(t, "client-secret-xyz", req.PostForm.Get("client_secret"))
		assert.Empty(t, req.Header.Get("Authorization"), "no Basic auth")
		return jsonResp(200, `{"token_type":"bearer","access_token":"a1","refresh_token":"r1","expires_in":604800}`), nil
	})
	cfg := OAuthConfig(RegionUS, "client-id-1", "client-secret-xyz", "https://intake.example.com/callback")
	store := &memStore{}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: mt})
	tok, err := Exchange(ctx, cfg, "the-code", store)
	require.NoError(t, err)
	assert.Equal(t, "a1", tok.AccessToken)
	require.Len(t, store.saved, 1)
	assert.Equal(t, "r1", store.saved[0].RefreshToken)
}

func TestInvalidTokenRefreshesOnceSavesThenReplays(t *testing.T) {
	store := &memStore{}
	initial := &oauth2.Token{AccessToken: "old-access", RefreshToken: "keep-me", Expiry: time.Now().Add(time.Hour)}
	c, mt, _ := newRefreshingClient(t, initial, store)

	var events []string
	store.onSave = func(tok *oauth2.Token) { events = append(events, "save "+tok.AccessToken) }
	mt.RegisterResponder("POST", tokenURL, func(req *http.Request) (*http.Response, error) {
		require.NoError(t, req.ParseForm())
		assert.Equal(t, "refresh_token", req.PostForm.Get("grant_type"))
		assert.Equal(t, "keep-me", req.PostForm.Get("refresh_token"))
		events = append(events, "refresh")
		return jsonResp(200, fixture(t, "core/token_refresh.json")), nil
	})
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		events = append(events, "GET "+req.Header.Get("Authorization"))
		if req.Header.Get("Authorization") == "Bearer old-access" {
			return httpmock.NewStringResponse(401, fixture(t, "core/error_401_invalid_token.json")), nil
		}
		return httpmock.NewStringResponse(200, fixture(t, "core/matter_show.json")), nil
	})
	require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
	assert.Equal(t, []string{
		"GET Bearer old-access",
		"refresh",
		"save refreshed-access-token-9d2e",
		"GET Bearer refreshed-access-token-9d2e",
	}, events, "one refresh, saved before the replay uses it")
	require.Len(t, store.saved, 1)
	assert.Equal(t, "keep-me", store.saved[0].RefreshToken, "Clio sent no refresh token: the old one is kept")
}

func TestPersistentInvalidTokenIsUnauthorizedAfterOneRefresh(t *testing.T) {
	initial := &oauth2.Token{AccessToken: "old-access", RefreshToken: "r", Expiry: time.Now().Add(time.Hour)}
	c, mt, _ := newRefreshingClient(t, initial, nil)
	mt.RegisterResponder("POST", tokenURL, httpmock.NewStringResponder(200, fixture(t, "core/token_refresh.json")).
		HeaderSet(http.Header{"Content-Type": {"application/json"}}))
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(401, fixture(t, "core/error_401_invalid_token.json")))
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+tokenURL])
	assert.Equal(t, 2, mt.GetCallCountInfo()["GET "+matterURL])
	assert.NotContains(t, err.Error(), "refreshed-access-token-9d2e")
	assert.NotContains(t, err.Error(), "old-access")
}

func TestConcurrentExpiredTokenRefreshesOnce(t *testing.T) {
	initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "r", Expiry: time.Now().Add(-time.Minute)}
	store := &memStore{}
	c, mt, _ := newRefreshingClient(t, initial, store)
	var refreshes atomic.Int32
	mt.RegisterResponder("POST", tokenURL, func(req *http.Request) (*http.Response, error) {
		refreshes.Add(1)
		time.Sleep(20 * time.Millisecond) // let the other goroutines pile up behind the flight
		return jsonResp(200, fixture(t, "core/token_refresh.json")), nil
	})
	var bad atomic.Int32
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		if req.Header.Get("Authorization") != "Bearer refreshed-access-token-9d2e" {
			bad.Add(1)
		}
		return httpmock.NewStringResponse(200, `{"data":{"id":1}}`), nil
	})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Go(func() { errs <- c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), refreshes.Load(), "exactly one refresh")
	assert.Equal(t, int32(0), bad.Load(), "every request used the new token")
	assert.Len(t, store.saved, 1)
}

func TestInvalidGrantIsReauthorizationError(t *testing.T) {
	initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "revoked", Expiry: time.Now().Add(-time.Minute)}
	c, mt, _ := newRefreshingClient(t, initial, nil)
	mt.RegisterResponder("POST", tokenURL, httpmock.NewStringResponder(400, fixture(t, "core/token_invalid_grant.json")).
		HeaderSet(http.Header{"Content-Type": {"application/json"}}))
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	var re *ReauthorizationError
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.Equal(t, 0, mt.GetCallCountInfo()["GET "+matterURL], "nothing sent without a token")
	assert.NotContains(t, err.Error(), "revoked")
}

func TestDeauthorizePostsTokenToOAuthHost(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", "https://app.clio.com/oauth/deauthorize", func(req *http.Request) (*http.Response, error) {
		require.NoError(t, req.ParseForm())
		assert.Equal(t, testToken, req.PostForm.Get("token"))
		assert.Equal(t, "Bearer "+testToken, req.Header.Get("Authorization"))
		return httpmock.NewStringResponse(200, ``), nil
	})
	require.NoError(t, c.Deauthorize(context.Background()))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func jsonResp(code int, body string) *http.Response {
	resp := httpmock.NewStringResponse(code, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

func TestTokenEndpointRetriedOn5xxNotOn4xx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "r1", Expiry: time.Now().Add(-time.Minute)}
		c, mt, _ := newRefreshingClient(t, initial, nil)
		calls := 0
		mt.RegisterResponder("POST", tokenURL, func(*http.Request) (*http.Response, error) {
			calls++
			if calls < 3 {
				return httpmock.NewStringResponse(503, `{"error":"temporarily_unavailable"}`), nil
			}
			resp := httpmock.NewStringResponse(200, fixture(t, "core/token_refresh.json"))
			resp.Header.Set("Content-Type", "application/json")
			return resp, nil
		})
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1}}`))
		start := time.Now()
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		assert.Equal(t, 3, calls, "two 503s, then the refresh")
		assert.Equal(t, 3*tokenRetryWait, time.Since(start), "waits of 1x and 2x tokenRetryWait")
	})

	initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "revoked", Expiry: time.Now().Add(-time.Minute)}
	c, mt, _ := newRefreshingClient(t, initial, nil)
	mt.RegisterResponder("POST", tokenURL, httpmock.NewStringResponder(400, fixture(t, "core/token_invalid_grant.json")).
		HeaderSet(http.Header{"Content-Type": {"application/json"}}))
	require.ErrorIs(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil), ErrReauthorize)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+tokenURL], "a 4xx is never retried")
}

// seqSource hands out its tokens in turn, repeating the last.
type seqSource struct{ toks []string }

func (s *seqSource) Token() (*oauth2.Token, error) {
	tok := s.toks[0]
	if len(s.toks) > 1 {
		s.toks = s.toks[1:]
	}
	return &oauth2.Token{AccessToken: tok}, nil
}

func TestRefreshedTokenIsLoggedWithoutTheToken(t *testing.T) {
	var logs bytes.Buffer
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1}}`))
	c, err := NewClient(WithBaseURL(testBaseURL), WithHTTPClient(&http.Client{Transport: mt}),
		WithTokenSource(&seqSource{toks: []string{"first-secret", "first-secret", "second-secret"}}),
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "using a refreshed access token"))
	assert.NotContains(t, logs.String(), "secret")
}
