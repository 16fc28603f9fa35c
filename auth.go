package clio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	return OAuthEndpointFor("https://" + host + "/api/v4")
}

// OAuthEndpointFor derives the OAuth endpoints from an API base URL, for
// clients made with [WithBaseURL] (a proxy, a staging host, a cliotest
// server). Clio serves OAuth beside the API on the same host, so
// "https://host[/prefix]/api/v4" gives "https://host[/prefix]/oauth/authorize"
// and ".../oauth/token"; [Client.Deauthorize] posts to ".../oauth/deauthorize"
// under the same root. The client secret and refresh token thus go only to
// the base URL's host.
//
// The base URL must end in /api/v4 (a trailing slash is allowed), since
// nothing else says where OAuth lives; it must use https (plain http only
// for loopback and .test hosts, as in WithBaseURL) and carry no user info,
// query or fragment. Anything else is an [*ArgumentError].
func OAuthEndpointFor(baseURL string) (oauth2.Endpoint, error) {
	root, err := oauthRoot(baseURL)
	if err != nil {
		return oauth2.Endpoint{}, err
	}
	return oauth2.Endpoint{
		AuthURL:   root + "/authorize",
		TokenURL:  root + "/token",
		AuthStyle: oauth2.AuthStyleInParams,
	}, nil
}

// oauthRoot turns an API base URL "https://host[/prefix]/api/v4" into the
// OAuth root "https://host[/prefix]/oauth" (no trailing slash).
func oauthRoot(baseURL string) (string, error) {
	const param = "baseURL"
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", argError(param, "must be an absolute http(s) URL")
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", argError(param, "%s must carry no user info, query or fragment", redactURL(u))
	}
	if u.Scheme == "http" && !localHost(u.Hostname()) {
		return "", argError(param, "%s: plain http would expose the client secret and tokens; use https (http is for loopback and .test hosts only)", redactURL(u))
	}
	prefix, ok := strings.CutSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v4")
	if !ok {
		return "", argError(param, "%s does not end in /api/v4, so the OAuth endpoints cannot be derived from it", redactURL(u))
	}
	root := url.URL{Scheme: strings.ToLower(u.Scheme), Host: u.Host, Path: prefix + "/oauth"}
	return root.String(), nil
}

// OAuthConfig returns the authorization-code configuration for a Clio
// developer application in region (each region needs its own application).
// Use its AuthCodeURL with a random state and Exchange for the code; Clio
// Manage takes no scopes (permissions are set on the application). An
// unknown region yields a config for the US region; check the region first
// with [Region.Host] when it comes from input. For a client made with
// [WithBaseURL], build the config from [OAuthEndpointFor] instead.
func OAuthConfig(region Region, clientID, clientSecret, redirectURL string) *oauth2.Config {
	ep, err := OAuthEndpoint(region)
	if err != nil {
		ep, _ = OAuthEndpoint(RegionUS)
	}
	return &oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL, Endpoint: ep}
}

// TokenError is a failed call to the OAuth token endpoint: a refresh or a
// code exchange. Error() gives the status and Clio's error code and
// description but never the response body, which can echo the refresh
// token or the client secret. errors.As still finds an *oauth2.RetrieveError,
// a copy without the body and the request.
type TokenError struct {
	Op               string // what failed: "refreshing the access token" or "exchanging the authorization code"
	StatusCode       int    // the token endpoint's HTTP status; 0 when no answer arrived
	ErrorCode        string // the OAuth error code, e.g. "invalid_client"
	ErrorDescription string // Clio's error_description, at most maxDescription bytes
	Err              error  // the cause: the body-less *oauth2.RetrieveError, or the transport error
}

// maxDescription bounds the error_description a TokenError keeps.
const maxDescription = 200

// Error describes the failure without body, tokens or query values.
func (e *TokenError) Error() string {
	if e.StatusCode == 0 && e.ErrorCode == "" {
		return fmt.Sprintf("clio: %s: %v", e.Op, e.Err)
	}
	s := fmt.Sprintf("clio: %s: the token endpoint answered %d", e.Op, e.StatusCode)
	if e.ErrorCode != "" {
		s += fmt.Sprintf(" %q", e.ErrorCode)
	}
	if e.ErrorDescription != "" {
		s += fmt.Sprintf(": %q", e.ErrorDescription)
	}
	return s
}

// Unwrap returns the cause.
func (e *TokenError) Unwrap() error { return e.Err }

// tokenError wraps an error of the oauth2 package as a *TokenError, keeping
// nothing that could carry a secret: the response body and request of a
// RetrieveError are dropped and a transport error's URL loses its query.
func tokenError(op string, err error) *TokenError {
	te := &TokenError{Op: op, Err: err}
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		desc := re.ErrorDescription
		if len(desc) > maxDescription {
			desc = strings.ToValidUTF8(desc[:maxDescription], "") + "…"
		}
		clean := &oauth2.RetrieveError{ErrorCode: re.ErrorCode, ErrorDescription: desc, ErrorURI: re.ErrorURI, Response: &http.Response{}}
		if r := re.Response; r != nil {
			te.StatusCode = r.StatusCode
			clean.Response = &http.Response{Status: r.Status, StatusCode: r.StatusCode, Proto: r.Proto,
				ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor, Header: r.Header.Clone(), Body: http.NoBody}
		}
		te.ErrorCode, te.ErrorDescription, te.Err = re.ErrorCode, desc, clean
	case errors.As(err, &ue):
		where := "the token endpoint"
		if u, perr := url.Parse(ue.URL); perr == nil {
			where = redactURL(u)
		}
		te.Err = &url.Error{Op: ue.Op, URL: where, Err: ue.Err}
	}
	return te
}

// TokenStore persists tokens. Save is called with every new token before
// the token is used, so a refreshed token is never lost to a crash. A store
// that only implements TokenStore does not coordinate several processes
// sharing one firm's token; a [SharedTokenStore] does.
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
// answered invalid_grant returns a [*ReauthorizationError]. When its store
// is a [SharedTokenStore], the processes sharing that store refresh once
// between them (see SharedTokenStore).
type TokenSource struct {
	cfg         *oauth2.Config
	store       TokenStore
	shared      SharedTokenStore // store, when it is shared; nil otherwise
	expiryDelta time.Duration
	httpClient  *http.Client
	logger      *slog.Logger

	mu     sync.Mutex
	tok    *oauth2.Token
	flight singleflight.Group
	// sharedFailing is set while the shared store fails, so a failure is
	// logged once, not on every refresh.
	sharedFailing bool
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

// WithTokenLogger logs what the source does about a [SharedTokenStore]
// that fails (once per outage) or holds a token it cannot read; tokens are
// never logged. Silent by default.
func WithTokenLogger(l *slog.Logger) TokenSourceOption {
	return func(ts *TokenSource) {
		if l != nil {
			ts.logger = l
		}
	}
}

// NewTokenSource returns a TokenSource starting from tok (which needs at
// least a refresh token) that persists new tokens to store (nil: none).
// When store is a [SharedTokenStore] that already holds the token, tok may
// be nil: the first call loads it from the store.
func NewTokenSource(cfg *oauth2.Config, tok *oauth2.Token, store TokenStore, opts ...TokenSourceOption) *TokenSource {
	ts := &TokenSource{cfg: cfg, store: store, tok: tok, expiryDelta: time.Minute, logger: slog.New(slog.DiscardHandler)}
	ts.shared, _ = store.(SharedTokenStore)
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

// refreshTimeout bounds one shared refresh, its retries and the store's
// Save included.
const refreshTimeout = 30 * time.Second

// refresh runs one refresh for all callers at a time. The refresh runs on
// its own context (the starting caller's values, no cancellation, bounded by
// refreshTimeout), so one caller's short deadline cannot fail it for the
// others; each caller stops waiting when its own ctx ends, and a refresh
// nobody waits for any more still finishes and saves its token.
func (ts *TokenSource) refresh(ctx context.Context, stale *oauth2.Token) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ch := ts.flight.DoChan("refresh", func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		return ts.refreshNow(fctx, stale)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*oauth2.Token), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refreshNow is the body of one flight. It checks again first: a token
// that is fresh and is not the rejected one is used as it is.
func (ts *TokenSource) refreshNow(ctx context.Context, stale *oauth2.Token) (*oauth2.Token, error) {
	old := ts.current()
	if ts.fresh(old) && (stale == nil || old.AccessToken != stale.AccessToken) {
		return old, nil
	}
	if ts.shared != nil {
		return ts.refreshShared(ctx, old, stale)
	}
	if old == nil || old.RefreshToken == "" {
		return nil, &ReauthorizationError{Err: errors.New("no refresh token")}
	}
	tok, err := ts.fetchToken(ctx, old.RefreshToken)
	if err != nil {
		return nil, err
	}
	if ts.store != nil {
		if err := ts.store.Save(ctx, tok); err != nil {
			return nil, fmt.Errorf("clio: saving the refreshed token: %w", err)
		}
	}
	return ts.adopt(tok), nil
}

// adopt makes tok the source's current token and returns it.
func (ts *TokenSource) adopt(tok *oauth2.Token) *oauth2.Token {
	ts.mu.Lock()
	ts.tok = tok
	ts.mu.Unlock()
	return tok
}

// fetchToken refreshes with the refresh token refresh and returns the new
// token, keeping refresh when Clio sends none back.
func (ts *TokenSource) fetchToken(ctx context.Context, refresh string) (*oauth2.Token, error) {
	if ts.httpClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, ts.httpClient)
	}
	tok, err := ts.fetch(ctx, refresh)
	if err != nil {
		te := tokenError("refreshing the access token", err)
		if te.ErrorCode == "invalid_grant" {
			return nil, &ReauthorizationError{Err: te}
		}
		return nil, te
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = refresh
	}
	return tok, nil
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
	var tok *oauth2.Token
	err := retryLoop(ctx, pauses{attempts: tokenAttempts, first: tokenRetryWait}, func(int) (bool, error) {
		// Expiry in the past makes the oauth2 refresher go to the endpoint.
		var err error
		tok, err = ts.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh, Expiry: time.Unix(1, 0)}).Token()
		var re *oauth2.RetrieveError
		transient := err != nil && ctx.Err() == nil &&
			(!errors.As(err, &re) || re.Response == nil || re.Response.StatusCode >= 500)
		return transient, err
	})
	if err != nil {
		return nil, err
	}
	return tok, nil
}

// Exchange trades an authorization code for a token and saves it through
// store (nil: not saved). Check the callback's state against the one you
// put in cfg.AuthCodeURL before calling it. A refusal by the token endpoint
// is a [*TokenError].
func Exchange(ctx context.Context, cfg *oauth2.Config, code string, store TokenStore) (*oauth2.Token, error) {
	switch {
	case cfg == nil:
		return nil, argError("cfg", "is nil")
	case code == "":
		return nil, argError("code", "is empty")
	}
	tok, err := cfg.Exchange(ctx, code)
	if err != nil {
		return nil, tokenError("exchanging the authorization code", err)
	}
	if store != nil {
		if err := store.Save(ctx, tok); err != nil {
			return nil, fmt.Errorf("clio: saving the token: %w", err)
		}
	}
	return tok, nil
}

// Deauthorize revokes the client's access token at Clio, disconnecting the
// app from the firm's account: POST /oauth/deauthorize beside the API, at
// the root [OAuthEndpointFor] derives from the client's base URL (so
// "https://proxy/clio/api/v4" posts to "https://proxy/clio/oauth/deauthorize").
// The token goes nowhere else: a base URL that does not end in /api/v4 is
// an [*ArgumentError] and nothing is sent. Clio documents this endpoint
// only in practice, not in its reference.
func (c *Client) Deauthorize(ctx context.Context) error {
	root, err := oauthRoot(c.BaseURL())
	if err != nil {
		return err
	}
	u, err := url.Parse(root + "/deauthorize")
	if err != nil {
		return err
	}
	tok, err := c.token(ctx)
	if err != nil {
		return err
	}
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
		return &RequestError{Method: http.MethodPost, URL: redactURL(u), Attempts: 1, Err: err}
	}
	if resp.StatusCode >= 300 {
		resp.Request = req
		return readAPIError(resp, 1)
	}
	return resp.Body.Close()
}
