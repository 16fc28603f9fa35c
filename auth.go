package clio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

// OAuthEndpoint returns the region's OAuth endpoints. Clio takes the client
// id and secret in the POST body, not in Basic auth.
func OAuthEndpoint(region Region) (oauth2.Endpoint, error) {
	host, err := region.Host()
	if err != nil {
		return oauth2.Endpoint{}, err
	}
	return oauth2.Endpoint{
		AuthURL:   "https://" + host + "/oauth/authorize",
		TokenURL:  "https://" + host + "/oauth/token",
		AuthStyle: oauth2.AuthStyleInParams,
	}, nil
}

// OAuthConfig returns the authorization-code configuration for a Clio
// developer application in region (each region needs its own application).
// Use its AuthCodeURL with a random state and Exchange for the code; Clio
// Manage takes no scopes (permissions are set on the application). An
// unknown region yields a config for the US region; check the region first
// with [Region.Host] when it comes from input.
func OAuthConfig(region Region, clientID, clientSecret, redirectURL string) *oauth2.Config {
	ep, err := OAuthEndpoint(region)
	if err != nil {
		ep, _ = OAuthEndpoint(RegionUS)
	}
	return &oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL, Endpoint: ep}
}

// TokenStore persists tokens. Save is called with every new token before
// the token is used, so a refreshed token is never lost to a crash. An
// in-process store does not coordinate several processes sharing one firm's
// token; such deployments need a store backed by shared storage.
type TokenStore interface {
	Save(ctx context.Context, tok *oauth2.Token) error
}

// TokenStoreFunc adapts a function to [TokenStore].
type TokenStoreFunc func(ctx context.Context, tok *oauth2.Token) error

// Save calls f.
func (f TokenStoreFunc) Save(ctx context.Context, tok *oauth2.Token) error { return f(ctx, tok) }

// TokenSource hands out Clio access tokens and refreshes them. Unlike
// oauth2.ReuseTokenSource it single-flights refreshes across goroutines,
// keeps the old refresh token when Clio returns none (Clio Manage does not
// rotate them), saves every new token through its [TokenStore] before
// using it, and can be told to refresh a token Clio rejected. A refresh
// answered invalid_grant returns a [*ReauthorizationError].
type TokenSource struct {
	cfg         *oauth2.Config
	store       TokenStore
	expiryDelta time.Duration
	httpClient  *http.Client

	mu     sync.Mutex
	tok    *oauth2.Token
	flight singleflight.Group
}

// TokenSourceOption configures a [TokenSource].
type TokenSourceOption func(*TokenSource)

// WithExpiryDelta refreshes tokens this long before they expire (default 60s).
func WithExpiryDelta(d time.Duration) TokenSourceOption {
	return func(ts *TokenSource) { ts.expiryDelta = d }
}

// WithTokenHTTPClient sends token requests through hc.
func WithTokenHTTPClient(hc *http.Client) TokenSourceOption {
	return func(ts *TokenSource) { ts.httpClient = hc }
}

// NewTokenSource returns a TokenSource starting from tok (which needs at
// least a refresh token) that persists new tokens to store (nil: none).
func NewTokenSource(cfg *oauth2.Config, tok *oauth2.Token, store TokenStore, opts ...TokenSourceOption) *TokenSource {
	ts := &TokenSource{cfg: cfg, store: store, tok: tok, expiryDelta: time.Minute}
	for _, o := range opts {
		o(ts)
	}
	return ts
}

// Token returns a valid token, refreshing it when needed. It implements
// oauth2.TokenSource; the client calls [TokenSource.TokenContext].
func (ts *TokenSource) Token() (*oauth2.Token, error) {
	return ts.TokenContext(context.Background())
}

// TokenContext returns a valid token, refreshing it (once across all
// goroutines) when it is missing or about to expire.
func (ts *TokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if tok := ts.current(); ts.fresh(tok) {
		return tok, nil
	}
	return ts.refresh(ctx, nil)
}

// ForceRefresh refreshes because Clio rejected stale. If another goroutine
// has already replaced stale, its token is returned without a new refresh.
func (ts *TokenSource) ForceRefresh(ctx context.Context, stale *oauth2.Token) (*oauth2.Token, error) {
	return ts.refresh(ctx, stale)
}

func (ts *TokenSource) current() *oauth2.Token {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.tok
}

func (ts *TokenSource) fresh(tok *oauth2.Token) bool {
	if tok == nil || tok.AccessToken == "" {
		return false
	}
	return tok.Expiry.IsZero() || time.Now().Add(ts.expiryDelta).Before(tok.Expiry)
}

// refresh runs one refresh for all callers at a time. Inside the flight it
// checks again: a token that is fresh and is not the rejected one is used
// as it is.
func (ts *TokenSource) refresh(ctx context.Context, stale *oauth2.Token) (*oauth2.Token, error) {
	v, err, _ := ts.flight.Do("refresh", func() (any, error) {
		old := ts.current()
		if ts.fresh(old) && (stale == nil || old.AccessToken != stale.AccessToken) {
			return old, nil
		}
		if old == nil || old.RefreshToken == "" {
			return nil, &ReauthorizationError{Err: errors.New("no refresh token")}
		}
		if ts.httpClient != nil {
			ctx = context.WithValue(ctx, oauth2.HTTPClient, ts.httpClient)
		}
		tok, err := ts.fetch(ctx, old.RefreshToken)
		if err != nil {
			var re *oauth2.RetrieveError
			if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
				return nil, &ReauthorizationError{Err: err}
			}
			return nil, fmt.Errorf("clio: refreshing the access token: %w", err)
		}
		if tok.RefreshToken == "" {
			tok.RefreshToken = old.RefreshToken
		}
		if ts.store != nil {
			if err := ts.store.Save(ctx, tok); err != nil {
				return nil, fmt.Errorf("clio: saving the refreshed token: %w", err)
			}
		}
		ts.mu.Lock()
		ts.tok = tok
		ts.mu.Unlock()
		return tok, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*oauth2.Token), nil
}

// tokenAttempts bounds the token endpoint calls of one refresh, and
// tokenRetryWait is the first pause between them (doubling).
const tokenAttempts = 3

var tokenRetryWait = 500 * time.Millisecond

// fetch asks the token endpoint for a new access token, retrying a 5xx or
// a connection error but never a 4xx (a refused grant stays refused).
// Resending is safe because Clio does not rotate refresh tokens: a refresh
// that did reach Clio leaves the same refresh token valid.
func (ts *TokenSource) fetch(ctx context.Context, refresh string) (*oauth2.Token, error) {
	wait := tokenRetryWait
	for attempt := 1; ; attempt++ {
		// Expiry in the past makes the oauth2 refresher go to the endpoint.
		tok, err := ts.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh, Expiry: time.Unix(1, 0)}).Token()
		var re *oauth2.RetrieveError
		transient := err != nil && ctx.Err() == nil &&
			(!errors.As(err, &re) || re.Response == nil || re.Response.StatusCode >= 500)
		if !transient || attempt == tokenAttempts {
			return tok, err
		}
		if err := sleepOrWake(ctx, wait, nil); err != nil {
			return nil, err
		}
		wait *= 2
	}
}

// Exchange trades an authorization code for a token and saves it through
// store (nil: not saved). Check the callback's state against the one you
// put in cfg.AuthCodeURL before calling it.
func Exchange(ctx context.Context, cfg *oauth2.Config, code string, store TokenStore) (*oauth2.Token, error) {
	tok, err := cfg.Exchange(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("clio: exchanging the authorization code: %w", err)
	}
	if store != nil {
		if err := store.Save(ctx, tok); err != nil {
			return nil, fmt.Errorf("clio: saving the token: %w", err)
		}
	}
	return tok, nil
}

// Deauthorize revokes the client's access token at Clio
// (POST /oauth/deauthorize on the API host), disconnecting the app from the
// firm's account. Clio documents this endpoint only in practice, not in its
// reference.
func (c *Client) Deauthorize(ctx context.Context) error {
	tok, err := c.token(ctx)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: c.baseURL.Scheme, Host: c.baseURL.Host, Path: "/oauth/deauthorize"}
	form := url.Values{"token": {tok.AccessToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("User-Agent", c.cfg.userAgent)
	resp, err := c.api.Do(req)
	if err != nil {
		return &RequestError{Method: http.MethodPost, URL: redactURL(&u), Attempts: 1, Err: err}
	}
	if resp.StatusCode >= 300 {
		resp.Request = req
		return readAPIError(resp, 1)
	}
	return resp.Body.Close()
}
