package clio

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
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

// A failed refresh or exchange never puts the token endpoint's body (which
// can echo the refresh token or the client secret) into err.Error(), but
// keeps Clio's error code and description and the status.
func TestTokenErrorsNeverEchoTheBody(t *testing.T) {
	echo := "grant_type=refresh_token&refresh_token=keep-me-secret&client_secret=client-secret-xyz"
	cases := []struct {
		name, contentType, body string
		status                  int
		wantCode                string
	}{
		{"plain 500 echoing the form", "text/html", "<pre>" + echo + "</pre>", 500, ""},
		{"json 401 with a description", "application/json", `{"error":"invalid_client","error_description":"Client authentication failed","debug":"` + echo + `"}`, 401, "invalid_client"},
		{"json 400 without an error code", "application/json", `{"request":"` + echo + `"}`, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "keep-me-secret", Expiry: time.Now().Add(-time.Minute)}
				c, mt, _ := newRefreshingClient(t, initial, nil)
				mt.RegisterResponder("POST", tokenURL, func(*http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(tc.status, tc.body)
					resp.Header.Set("Content-Type", tc.contentType)
					return resp, nil
				})
				err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
				require.Error(t, err)
				msg := err.Error()
				assert.NotContains(t, msg, "keep-me-secret")
				assert.NotContains(t, msg, "client-secret-xyz")
				assert.NotContains(t, msg, "grant_type")

				var te *TokenError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, tc.status, te.StatusCode)
				assert.Equal(t, tc.wantCode, te.ErrorCode)
				assert.Contains(t, msg, strconv.Itoa(tc.status))
				if tc.wantCode != "" {
					assert.Contains(t, msg, tc.wantCode)
					assert.Contains(t, msg, "Client authentication failed", "Clio's description is kept")
				}
				var re *oauth2.RetrieveError
				require.ErrorAs(t, err, &re, "oauth2's error type is still reachable")
				assert.Empty(t, re.Body)
				assert.NotContains(t, re.Error(), "keep-me-secret")
				assert.Nil(t, re.Response.Request, "no request (whose GetBody holds the form) is kept")
			})
		})
	}

	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", tokenURL, httpmock.NewStringResponder(500, "code=the-code&client_secret=client-secret-xyz"))
	cfg := OAuthConfig(RegionUS, "client-id-1", "client-secret-xyz", "https://intake.example.com/callback")
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: mt})
	_, err := Exchange(ctx, cfg, "the-code", nil)
	var te *TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 500, te.StatusCode)
	assert.NotContains(t, err.Error(), "client-secret-xyz")
	assert.NotContains(t, err.Error(), "the-code")
}

func TestExchangeRefusesMissingInputLocally(t *testing.T) {
	cfg := OAuthConfig(RegionUS, "id", "secret", "https://x.example/cb")
	_, err := Exchange(context.Background(), cfg, "", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = Exchange(context.Background(), nil, "code", nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
}

// Caller A (100 ms deadline) starts a refresh the token endpoint answers
// after 300 ms; caller B (no deadline) joins it. A fails with its own
// deadline, B gets the token, and the one refresh is saved.
func TestShortDeadlineDoesNotFailOthersRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		initial := &oauth2.Token{AccessToken: "expired", RefreshToken: "r", Expiry: time.Now().Add(-time.Minute)}
		store := &memStore{}
		_, mt, ts := newRefreshingClient(t, initial, store)
		var calls atomic.Int32
		mt.RegisterResponder("POST", tokenURL, func(*http.Request) (*http.Response, error) {
			calls.Add(1)
			time.Sleep(300 * time.Millisecond)
			return jsonResp(200, fixture(t, "core/token_refresh.json")), nil
		})

		ctxA, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		errA := make(chan error, 1)
		go func() { _, err := ts.TokenContext(ctxA); errA <- err }()
		synctest.Wait() // A's refresh is at the token endpoint

		start := time.Now()
		tokB, errB := ts.TokenContext(context.Background())
		require.NoError(t, errB)
		assert.Equal(t, "refreshed-access-token-9d2e", tokB.AccessToken)
		assert.Equal(t, 300*time.Millisecond, time.Since(start), "B waited for the one refresh A started")

		err := <-errA
		require.ErrorIs(t, err, context.DeadlineExceeded, "A fails with its own deadline")
		assert.Equal(t, int32(1), calls.Load(), "one refresh for both")
		assert.Len(t, store.saved, 1)
	})
}

func TestOAuthEndpointFor(t *testing.T) {
	ok := []struct{ base, root string }{
		{"https://app.clio.com/api/v4", "https://app.clio.com/oauth"},
		{"https://proxy.example/clio/api/v4/", "https://proxy.example/clio/oauth"},
		{"http://127.0.0.1:8080/api/v4", "http://127.0.0.1:8080/oauth"},
		{"http://clio.test/x/api/v4", "http://clio.test/x/oauth"},
	}
	for _, tc := range ok {
		ep, err := OAuthEndpointFor(tc.base)
		require.NoError(t, err, tc.base)
		assert.Equal(t, tc.root+"/authorize", ep.AuthURL)
		assert.Equal(t, tc.root+"/token", ep.TokenURL)
		assert.Equal(t, oauth2.AuthStyleInParams, ep.AuthStyle)
	}
	for _, bad := range []string{
		"http://proxy.example/api/v4",              // plain http off the machine
		"https://proxy.example/clio",               // no /api/v4
		"https://proxy.example/api/v4?key=s3cr3t",  // a query
		"https://user:s3cr3t@proxy.example/api/v4", // user info
		"ftp://proxy.example/api/v4",
		"/api/v4",
	} {
		_, err := OAuthEndpointFor(bad)
		require.ErrorIs(t, err, ErrInvalidArgument, bad)
		assert.NotContains(t, err.Error(), "s3cr3t")
	}

	ep, err := OAuthEndpoint(RegionCA)
	require.NoError(t, err)
	assert.Equal(t, "https://ca.app.clio.com/oauth/token", ep.TokenURL)
}

// Behind a proxy with a path prefix the token is posted under that prefix,
// never to the host root; a base URL without /api/v4 sends nothing.
func TestDeauthorizeStaysUnderThePrefix(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", "https://proxy.example/clio/oauth/deauthorize", func(req *http.Request) (*http.Response, error) {
		require.NoError(t, req.ParseForm())
		assert.Equal(t, testToken, req.PostForm.Get("token"))
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	c, err := NewClient(WithBaseURL("https://proxy.example/clio/api/v4"), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	require.NoError(t, c.Deauthorize(context.Background()))
	assert.Equal(t, 1, mt.GetTotalCallCount())

	c, err = NewClient(WithBaseURL("https://proxy.example/clio"), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	require.ErrorIs(t, c.Deauthorize(context.Background()), ErrInvalidArgument)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "nothing sent")
}
