package clio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// DefaultAPIVersion is the X-API-VERSION this release of the SDK is built and
// tested against (Clio's default since 2026-01-06).
const DefaultAPIVersion = "4.0.13"

// Version is the version of this SDK, sent in the User-Agent.
const Version = "0.4.0"

// Region is a Clio data region. Regions do not share data, and a token from
// one region does not work in another.
type Region string

// The four Clio regions.
const (
	RegionUS Region = "us"
	RegionEU Region = "eu"
	RegionCA Region = "ca"
	RegionAU Region = "au"
)

// Host returns the region's web host, which serves both the API (under
// /api/v4) and OAuth (under /oauth).
func (r Region) Host() (string, error) {
	switch r {
	case RegionUS:
		return "app.clio.com", nil
	case RegionEU, RegionCA, RegionAU:
		return string(r) + ".app.clio.com", nil
	}
	return "", argError("region", "unknown region %q (want us, eu, ca or au)", string(r))
}

// Client talks to the Clio Manage API v4 for one token. It is safe for
// concurrent use. Build one with [NewClient]; derive per-firm clients that
// share the HTTP transport with [Client.Clone].
type Client struct {
	cfg config

	baseURL *url.URL     // API base, always ending in "/"
	api     *http.Client // API requests: refuses to follow redirects off the API host
	storage *http.Client // storage URLs (uploads, downloads): never carries the Clio token
	retrier *retryablehttp.Client
	// Header values every request carries, built once.
	versionHeader, userAgentHeader []string
	// lastToken is the access token (a *string) of the previous request,
	// to log when the source has refreshed it (the token itself is never
	// logged). atomic.Value rather than atomic.Pointer[string]: a generic
	// type in Client's fields is compiled again in every importing package.
	// It holds a pointer, not the string: a string would be boxed, an
	// allocation on every request.
	lastToken atomic.Value
	// rejected is an access token (a string) Clio answered 401
	// invalid_token to, from a source that cannot refresh: it is not sent
	// again.
	rejected atomic.Value

	// Services: one per resource of Clio's API (services_gen.go), such as
	// client.Matters and client.Activities.
	Services
}

// config is everything the options set; Clone copies it.
type config struct {
	region     Region
	baseURL    string
	tokens     oauth2.TokenSource
	httpClient *http.Client
	apiVersion string
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
	limiter    *RateLimiter
	limiterSet bool // the limiter was passed explicitly and is shared on Clone
	tokenSet   bool // a token option was applied in this call
	maxBody    int64
	// storageClient sends storage requests (uploads, downloads): the SDK's
	// own transport unless WithStorageHTTPClient gives one; never the
	// client of WithHTTPClient.
	storageClient *http.Client
	middlewares   []Middleware
}

// DefaultMaxResponseBytes bounds a JSON answer (after decompression) unless
// [WithMaxResponseBytes] says otherwise. A page of 200 full records is well
// under 2 MiB.
const DefaultMaxResponseBytes = 16 << 20

// WithMaxResponseBytes bounds how much of a JSON answer the client reads
// (counted after decompression; default [DefaultMaxResponseBytes]). A larger
// answer is refused with an error matching [ErrResponseTooLarge], at a
// heap cost of a few times the bound at most. Downloads are streamed and not
// bounded.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return argError("WithMaxResponseBytes", "must be positive")
		}
		c.maxBody = n
		return nil
	}
}

// Option configures a [Client]. Options validate their input and make
// [NewClient] return an error instead of building a broken client.
type Option func(*config) error

// WithRegion selects the Clio region (default [RegionUS]); it sets the API
// host and, through [OAuthConfig], the OAuth host.
func WithRegion(r Region) Option {
	return func(c *config) error {
		if _, err := r.Host(); err != nil {
			return err
		}
		c.region = r
		return nil
	}
}

// WithBaseURL points the client at another API base URL, such as a cliotest
// server or a proxy. It may carry a path prefix ("https://proxy/clio/api/v4").
// The bearer token is sent only to this URL's host.
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return argError("WithBaseURL", "must be an absolute http(s) URL")
		}
		if u.User != nil {
			// It would be sent as Basic auth beside the token, and show in
			// BaseURL and every pager cursor.
			return argError("WithBaseURL", "the base URL must not carry a user name or password")
		}
		if u.Scheme == "http" && !localHost(u.Hostname()) {
			return argError("WithBaseURL", "plain http would expose the token; use https (http is for loopback and .test hosts only)")
		}
		c.baseURL = raw
		return nil
	}
}

// localHost reports whether host never leaves the machine (loopback) or is
// a name reserved for testing (RFC 2606 .test, RFC 6761 .localhost).
func localHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	host = strings.ToLower(host)
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".test")
}

// WithTokenSource sets where access tokens come from. Use [NewTokenSource]
// for refreshing, persisted tokens; any oauth2.TokenSource works. When the
// source has a ForceRefresh method (as [TokenSource] does), a 401
// invalid_token answer makes the client refresh once and replay.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return argError("WithTokenSource", "nil token source")
		}
		c.tokens = ts
		c.tokenSet = true
		return nil
	}
}

// WithAccessToken uses a fixed access token, with no refresh.
func WithAccessToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return argError("WithAccessToken", "empty access token")
		}
		c.tokens = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
		c.tokenSet = true
		return nil
	}
}

// WithHTTPClient sends API requests through a copy of hc. Its Transport
// and Timeout are kept; its redirect policy is replaced, so the token never
// follows a redirect out of the API base URL. Storage uploads and downloads
// (signed URLs on S3-like hosts) never go through it: they have a client
// of their own ([WithStorageHTTPClient]; the SDK's transport by default),
// so a transport that adds credentials, records requests or stands in for
// the network in tests sees API requests only. A client from
// oauth2.NewClient is refused: the SDK sets and refreshes the token
// itself (pass its token source to [WithTokenSource] instead).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return argError("WithHTTPClient", "nil http client")
		}
		if _, ok := hc.Transport.(*oauth2.Transport); ok {
			return argError("WithHTTPClient", "the client's transport adds its own OAuth token; use WithTokenSource with a plain client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithStorageHTTPClient sends storage requests (document uploads to a
// put_url, downloads from the storage URL Clio redirects to) through a
// copy of hc, and only those. By default they go through the SDK's own
// transport ([NewTransport]), never the client of [WithHTTPClient]. Its
// Transport and Timeout are kept (a Timeout bounds each storage request,
// a large file's included). hc must add no credentials: the storage URLs
// are signed. A client from oauth2.NewClient is refused. Whatever the
// transport, the storage side is protected as follows:
//   - each storage request is built fresh, with no Authorization, cookie
//     or Clio header, and sent without the client's cookie jar;
//   - storage redirects are followed at most 5 times, only to https (http
//     only to loopback, .localhost and .test hosts), with Authorization
//     and Cookie removed on every hop;
//   - when the transport ends in a net/http Transport and writes an
//     Authorization or Cookie header on a storage request, the connection
//     is closed before the headers are flushed, and the call fails with
//     [ErrStorageCredentials].
func WithStorageHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return argError("WithStorageHTTPClient", "nil http client")
		}
		if _, ok := hc.Transport.(*oauth2.Transport); ok {
			return argError("WithStorageHTTPClient", "the client's transport adds an OAuth token, which storage URLs must never get")
		}
		c.storageClient = hc
		return nil
	}
}

// WithAPIVersion sets the X-API-VERSION header (default [DefaultAPIVersion]).
// Clio answers 410 Gone ([ErrGone]) to a version it does not know.
func WithAPIVersion(v string) Option {
	return func(c *config) error {
		if !strings.HasPrefix(v, "4.0.") || len(v) < 5 {
			return argError("WithAPIVersion", "version %q: want 4.0.N", v)
		}
		c.apiVersion = v
		return nil
	}
}

// WithLogger logs requests, retries, waits and token refreshes at Debug and
// Warn levels. Logs carry methods, paths, statuses and timings, never
// tokens, query values or bodies. The default logger discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return argError("WithLogger", "nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy replaces the retry policy (see [DefaultRetryPolicy]).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if (p.MaxRetries < 0 && p.MaxRetries != NoRetries) || p.BaseWait < 0 || p.MaxWait < 0 || p.MaxRetryAfter < 0 {
			return argError("WithRetryPolicy", "durations must not be negative, and MaxRetries is 0 (default), positive or NoRetries")
		}
		c.retry = p
		return nil
	}
}

// WithRateLimiter shares l with this client. Clio limits each access token
// separately, so every client using the same token should share one limiter;
// by default each client has its own. A limiter from [NewSharedRateLimiter]
// is shared with the clients of other processes too.
func WithRateLimiter(l *RateLimiter) Option {
	return func(c *config) error {
		if l == nil {
			return argError("WithRateLimiter", "nil rate limiter")
		}
		c.limiter = l
		c.limiterSet = true
		return nil
	}
}

// WithUserAgent prepends product (such as "acme-intake/1.2") to the SDK's
// User-Agent.
func WithUserAgent(product string) Option {
	return func(c *config) error {
		c.userAgent = strings.TrimSpace(product + " clio-go/" + Version)
		return nil
	}
}

// NewClient builds a client. It does no I/O and reads no environment.
// A token option ([WithTokenSource] or [WithAccessToken]) is required.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		region:     RegionUS,
		apiVersion: DefaultAPIVersion,
		userAgent:  "clio-go/" + Version,
		logger:     slog.New(slog.DiscardHandler),
		retry:      DefaultRetryPolicy(),
		maxBody:    DefaultMaxResponseBytes,
	}
	return newClient(cfg, opts)
}

// Clone returns a client with this client's settings and opts applied on
// top; it shares the HTTP transport. A clone given a new token gets its own
// rate limiter (Clio limits per token) unless [WithRateLimiter] is passed or
// the limiter was shared explicitly.
func (c *Client) Clone(opts ...Option) (*Client, error) {
	cfg := c.cfg
	cfg.tokenSet = false
	return newClient(cfg, opts)
}

func newClient(cfg config, opts []Option) (*Client, error) {
	inheritedLimiter := cfg.limiter
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.tokens == nil {
		return nil, argError("NewClient", "no token: use WithTokenSource or WithAccessToken")
	}
	if cfg.tokenSet && !cfg.limiterSet && cfg.limiter == inheritedLimiter {
		cfg.limiter = nil // a new token is limited separately
	}
	if cfg.limiter == nil {
		cfg.limiter = NewRateLimiter()
	}
	cfg.limiter.adoptLogger(cfg.logger)
	raw := cfg.baseURL
	if raw == "" {
		host, _ := cfg.region.Host()
		raw = "https://" + host + "/api/v4"
	}
	base, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("clio: base URL: %w", err)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	c := &Client{cfg: cfg, baseURL: base,
		versionHeader: []string{cfg.apiVersion}, userAgentHeader: []string{cfg.userAgent}}
	hc := cfg.httpClient
	if hc == nil {
		hc = &http.Client{Transport: NewTransport()}
		c.cfg.httpClient = hc // a Clone shares the transport and its connections
	}
	api := *hc
	api.CheckRedirect = c.checkRedirect
	// go-retryablehttp closes the transport's idle connections whenever it
	// gives up on a request; with a pool shared by every goroutine that
	// would drop everyone's connections, so the API client's transport
	// hides CloseIdleConnections. It runs the middlewares and per-attempt
	// timeouts.
	api.Transport = &attemptTransport{next: transportOf(hc), middlewares: cfg.middlewares}
	shc := cfg.storageClient
	if shc == nil {
		// Storage requests never go through a caller's API transport:
		// the SDK's own, shared with the API when that is the SDK's too.
		shc = &http.Client{Transport: NewTransport()}
		if cfg.httpClient == nil {
			shc = hc
		}
		c.cfg.storageClient = shc // a Clone shares it
	}
	storage := *shc
	// Storage: its own redirect policy (https only, credentials stripped,
	// at most 5 hops) and no cookie jar (see storageDo).
	storage.CheckRedirect = checkStorageRedirect
	storage.Jar = nil
	c.api, c.storage = &api, &storage
	c.retrier = c.newRetrier()
	c.initServices()
	return c, nil
}

// NewTransport returns the transport a client uses unless [WithHTTPClient]
// gives another: http.DefaultTransport's settings (proxy from the
// environment, HTTP/2 when the server offers it) with bounds that keep a
// call from hanging on a dead peer — 10 s to connect, 10 s for the TLS
// handshake, 90 s for the response headers — and 64 idle connections per
// host, so concurrent callers reuse connections instead of opening (and
// TLS-handshaking) new ones. A body that stops arriving is bounded by the
// call's context only. Clients made by [Client.Clone] share it.
func NewTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 90 * time.Second
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second
	t.ForceAttemptHTTP2 = true
	return t
}

// transportOf is hc's transport, or the default one.
func transportOf(hc *http.Client) http.RoundTripper {
	if hc.Transport != nil {
		return hc.Transport
	}
	return http.DefaultTransport
}

// checkRedirect follows redirects only within the API base URL; any other
// redirect (a 303 to a storage URL, say) comes back to the caller unfollowed,
// so the token never leaves the API.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 || !c.isAPIURL(req.URL) {
		return http.ErrUseLastResponse
	}
	return nil
}

// isAPIURL reports whether u is under the API base URL: the same scheme
// and host, and a path inside the base path with no dot segments. With a
// proxy base such as https://proxy/clio/api/v4 the token goes to
// /clio/api/v4/... only, never to another tenant's path on the same host.
func (c *Client) isAPIURL(u *url.URL) bool {
	return u.Scheme == c.baseURL.Scheme && strings.EqualFold(u.Host, c.baseURL.Host) &&
		strings.HasPrefix(u.Path, c.baseURL.Path) && !hasDotSegment(u.Path)
}

// hasDotSegment reports whether a (decoded) path has a "." or ".." segment,
// which a server may resolve to a place outside the base path.
func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// BaseURL returns the API base URL the client sends requests to.
func (c *Client) BaseURL() string { return strings.TrimSuffix(c.baseURL.String(), "/") }

// RateLimiter returns the limiter that paces this client.
func (c *Client) RateLimiter() *RateLimiter { return c.cfg.limiter }

// request describes one API call for the executor.
type request struct {
	method string
	path   string     // relative to the base URL ("matters.json"), or absolute (a next link)
	query  url.Values // added to path; nil for absolute next links
	body   any        // JSON-encoded when non-nil
	header http.Header
	// allowRedirect hands a 3xx that leaves the API host back to the
	// caller (downloads follow it without the token); otherwise it is an
	// error.
	allowRedirect bool
	meta          *Response  // filled with the answer's metadata, if set
	limits        callLimits // the call's own retries and timeouts
}

// apply adds a call's extra headers and query parameters to r.
func (r *request) apply(cc callConfig) {
	r.meta = cc.meta
	r.limits = cc.limits
	for k, vs := range cc.header {
		if r.header == nil {
			r.header = http.Header{}
		}
		r.header[http.CanonicalHeaderKey(k)] = append(r.header[http.CanonicalHeaderKey(k)], vs...)
	}
	if len(cc.query) > 0 {
		q := url.Values{}
		for k, vs := range r.query { // the caller's map is not modified
			q[k] = slices.Clone(vs)
		}
		for k, vs := range cc.query {
			if k == "fields" || k == "limit" || k == "order" {
				continue // set by the typed parameters and checked there
			}
			q[k] = append(q[k], vs...)
		}
		r.query = q
	}
}

// Do sends a request to path (relative to the API base, e.g.
// "matters/12.json", or an absolute URL under the API base) with the
// client's auth, version header, retries and rate limiting. A non-nil body
// is encoded as JSON and should carry Clio's {"data": ...} envelope; a
// non-nil out receives the decoded JSON response. Call options add headers
// and query parameters and capture the response's metadata
// ([WithResponseInto]); fields go in query, unchecked. It is the escape
// hatch for anything the services do not cover.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any, opts ...CallOption) error {
	r := &request{method: method, path: path, query: query, body: body}
	r.apply(newCallConfig(opts))
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	return decodeBody(resp, out)
}

// resolve turns a request path into an absolute URL on the API.
func (c *Client) resolve(r *request) (*url.URL, error) {
	u, err := url.Parse(r.path)
	if err != nil {
		// Neither the path nor url's error (which quotes it) is echoed:
		// either can hold client data such as an email in the query.
		return nil, argError("path", "not a valid URL path")
	}
	if !u.IsAbs() && u.Host != "" {
		return nil, argError("path", "a host needs a scheme")
	}
	if !u.IsAbs() {
		// Append to the base path (which ends in "/"), keeping the escaped
		// form so an id or name with a reserved character stays one path
		// segment.
		abs := *c.baseURL
		abs.Path += strings.TrimPrefix(u.Path, "/")
		abs.RawPath = ""
		if u.RawPath != "" || c.baseURL.RawPath != "" {
			abs.RawPath = c.baseURL.EscapedPath() + strings.TrimPrefix(u.EscapedPath(), "/")
		}
		abs.RawQuery = u.RawQuery
		u = &abs
	}
	if !c.isAPIURL(u) {
		return nil, &ForeignHostError{URL: redactURL(u)}
	}
	if len(r.query) > 0 {
		q := r.query
		if u.RawQuery != "" {
			q = u.Query()
			for k, vs := range r.query {
				q[k] = vs
			}
		}
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// send runs one API call through the limiter, retries and the one-time
// token refresh, and returns the successful response (2xx, or a 3xx that
// leaves the API host when r.allowRedirect) with its body unread.
func (c *Client) send(ctx context.Context, r *request) (*http.Response, error) {
	if r.limits.err != nil {
		return nil, r.limits.err
	}
	var cancel context.CancelFunc
	if r.limits.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.limits.timeout)
	}
	resp, err := c.sendOnce(ctx, r)
	if cancel != nil {
		if resp == nil {
			cancel()
		} else {
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel} // the timeout covers reading it
		}
	}
	if r.meta != nil {
		if resp != nil {
			r.meta.fill(resp)
		} else if ae := (*APIError)(nil); errors.As(err, &ae) && ae.Header != nil {
			r.meta.fill(&http.Response{StatusCode: ae.StatusCode, Header: ae.Header})
		}
	}
	return resp, err
}

// sendOnce is send without the metadata capture.
func (c *Client) sendOnce(ctx context.Context, r *request) (*http.Response, error) {
	u, err := c.resolve(r)
	if err != nil {
		return nil, err
	}
	var body []byte
	if r.body != nil {
		if body, err = json.Marshal(r.body); err != nil {
			return nil, &ArgumentError{Param: "body", Problem: "cannot be encoded as JSON: " + err.Error(), Err: err}
		}
	}
	tok, err := c.token(ctx)
	if err != nil {
		return nil, err
	}
	resp, st, err := c.attempt(ctx, r, u, body, tok)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		err := readAPIError(resp, st.attempts)
		refresher, ok := c.cfg.tokens.(interface {
			ForceRefresh(ctx context.Context, stale *oauth2.Token) (*oauth2.Token, error)
		})
		if apiErr := (*APIError)(nil); !errors.As(err, &apiErr) || apiErr.Type != "invalid_token" {
			return nil, err
		}
		if !ok {
			// Nothing can refresh it: later calls fail here instead of
			// sending a token Clio has refused.
			c.rejected.Store(tok.AccessToken)
			return nil, err
		}
		c.cfg.logger.DebugContext(ctx, "clio: access token rejected, refreshing once", "method", r.method, "path", u.Path)
		if tok, err = refresher.ForceRefresh(ctx, tok); err != nil {
			return nil, err
		}
		if resp, st, err = c.attempt(ctx, r, u, body, tok); err != nil {
			return nil, err
		}
	}
	if resp.StatusCode >= 400 || resp.StatusCode == http.StatusNotModified {
		err := readAPIError(resp, st.attempts)
		if ae := (*APIError)(nil); errors.As(err, &ae) {
			ae.afterUnknown = st.everUnknown
		}
		return nil, err
	}
	if resp.StatusCode >= 300 && !r.allowRedirect {
		// The API client follows redirects on the API host, so this one
		// leads elsewhere: the answer is not the result asked for.
		return nil, offHostRedirect(resp)
	}
	if r.allowRedirect {
		return resp, nil // a download: streamed, never read whole, so not bounded
	}
	if resp.ContentLength > c.cfg.maxBody {
		resp.Body.Close()
		return nil, newDecodeError(resp, nil, fmt.Errorf("%w: %d bytes announced, the bound is %d", ErrResponseTooLarge, resp.ContentLength, c.cfg.maxBody))
	}
	resp.Body = &boundedBody{ReadCloser: resp.Body, left: c.cfg.maxBody}
	return resp, nil
}

// offHostRedirect drains a redirect the client would not follow and
// reports where it pointed.
func offHostRedirect(resp *http.Response) error {
	defer resp.Body.Close()
	drain(resp.Body)
	where := "an unreadable Location"
	if loc, err := resp.Request.URL.Parse(resp.Header.Get("Location")); err == nil && loc.Host != "" {
		where = redactURL(loc)
	}
	return &ForeignHostError{URL: where}
}

// token gets the current access token, passing ctx to sources that take one.
func (c *Client) token(ctx context.Context) (*oauth2.Token, error) {
	var tok *oauth2.Token
	var err error
	if ts, ok := c.cfg.tokens.(interface {
		TokenContext(context.Context) (*oauth2.Token, error)
	}); ok {
		tok, err = ts.TokenContext(ctx)
	} else {
		tok, err = c.cfg.tokens.Token()
	}
	if err != nil {
		return nil, err
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, errors.New("clio: token source returned no access token")
	}
	if rej, _ := c.rejected.Load().(string); rej != "" && rej == tok.AccessToken {
		return nil, &TokenRejectedError{}
	}
	if prev, _ := c.lastToken.Swap(&tok.AccessToken).(*string); prev != nil && *prev != tok.AccessToken {
		c.cfg.logger.DebugContext(ctx, "clio: using a refreshed access token", "expiry", tok.Expiry)
	}
	return tok, nil
}

// attempt sends the request, retrying per the policy, and returns the final
// response and the number of attempts made.
func (c *Client) attempt(ctx context.Context, r *request, u *url.URL, body []byte, tok *oauth2.Token) (*http.Response, *callState, error) {
	// The request is built once, from the URL already parsed, with
	// canonical header keys (Header.Set would canonicalize each time).
	h := make(http.Header, 6+len(r.header))
	for k, vs := range r.header {
		h[k] = vs
	}
	h["Accept"] = acceptJSON
	if body != nil {
		h["Content-Type"] = acceptJSON
	}
	h["X-Api-Version"] = c.versionHeader
	h["User-Agent"] = c.userAgentHeader
	if c.isAPIURL(u) {
		h["Authorization"] = []string{"Bearer " + tok.AccessToken}
	}
	st := &callState{method: r.method, path: u.Path, debug: c.cfg.logger.Enabled(ctx, slog.LevelDebug),
		maxRetries: c.cfg.retry.retryMax(), attemptTimeout: r.limits.attemptTimeout}
	if r.limits.retriesSet {
		st.maxRetries = r.limits.retries
	}
	if len(c.cfg.middlewares) > 0 {
		st.op = operationFor(r.method, strings.TrimPrefix(u.Path, c.baseURL.Path))
	}
	hreq := (&http.Request{
		Method: r.method, URL: u, Header: h, Host: u.Host,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}).WithContext(context.WithValue(ctx, callStateKey{}, st))
	req := &retryablehttp.Request{Request: hreq}
	if body != nil {
		if err := req.SetBody(body); err != nil {
			return nil, st, err
		}
	}

	start := time.Now()
	if err := c.cfg.limiter.waitFor(ctx, tok.AccessToken, c.cfg.retry.maxRetryAfter()); err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, st, &RequestError{Method: r.method, URL: redactURL(u), Err: err} // stopped while waiting; nothing sent
		}
		return nil, st, describeRateLimit(err, r.method, u, 0)
	}
	// The limiter counts the request in flight until its answer is seen
	// (checkRetry); a slot still held when the call ends (a transport or
	// middleware that panicked) is released here, on every path.
	st.granted = 1
	defer func() {
		for ; st.granted > 0; st.granted-- {
			c.cfg.limiter.observe(nil, time.Now())
		}
	}()
	if waited := time.Since(start); st.debug && waited >= time.Millisecond {
		c.cfg.logger.DebugContext(ctx, "clio: waited for the rate limit", "method", r.method, "path", u.Path, "waited", waited)
	}
	resp, err := c.retrier.Do(req)
	if err != nil && resp != nil {
		resp.Body.Close() // an error wins; its answer is not read
	}
	if err != nil {
		// unknown: the last attempt left and no answer came back. Only then
		// may a write have been applied (a refused dial or a 429 was not).
		mayHaveApplied := st.unknown && !idempotent(r.method)
		if ctx.Err() != nil {
			// The caller's deadline or cancellation stopped the call: a
			// *RequestError naming it, matching ctx's error with errors.Is.
			// A write that had left says so, or a retry could duplicate it.
			return nil, st, &RequestError{Method: r.method, URL: redactURL(u), Attempts: st.attempts, MayHaveApplied: mayHaveApplied, Err: ctx.Err()}
		}
		if rlErr := (*RateLimitError)(nil); errors.As(err, &rlErr) {
			return nil, st, describeRateLimit(err, r.method, u, st.attempts)
		}
		return nil, st, &RequestError{Method: r.method, URL: redactURL(u), Attempts: st.attempts, MayHaveApplied: mayHaveApplied, Err: stripURLError(err)}
	}
	if resp.Request == nil { // some transports (test doubles) leave it unset
		resp.Request = req.Request
	}
	if st.debug {
		c.cfg.logger.DebugContext(ctx, "clio: response", "method", r.method, "path", u.Path, "status", resp.StatusCode, "attempts", st.attempts, "elapsed", time.Since(start))
	}
	return resp, st, nil
}

// describeRateLimit fills in the call of a *RateLimitError the limiter
// raised before anything was sent (it knows no request).
func describeRateLimit(err error, method string, u *url.URL, attempts int) error {
	if rlErr := (*RateLimitError)(nil); errors.As(err, &rlErr) && rlErr.Method == "" {
		rlErr.Method, rlErr.URL, rlErr.Attempts = method, redactURL(u), attempts
	}
	return err
}

// acceptJSON is the value of Accept and of Content-Type on JSON requests;
// header values are shared, never modified.
var acceptJSON = []string{"application/json"}

// callState is what the per-client retry hooks learn about one call, found
// through the request's context.
type callState struct {
	method, path string
	debug        bool // the logger wants Debug records (checked once a call)
	attempts     int
	// unknown is true while the last attempt may have reached Clio with no
	// answer seen (not a refused dial, not a 429): a write stopped then
	// may have been applied.
	unknown bool
	// everUnknown is true when any attempt may have been applied without
	// an answer saying so (a dropped connection after sending, a 5xx or
	// 408): a retried DELETE that then finds nothing most likely did it.
	everUnknown bool
	// granted counts the limiter's slots this call holds whose outcome
	// the limiter has not seen; attempt releases any left at the end.
	granted int
	// maxRetries is the call's retry count (WithMaxRetries, else the
	// policy's); attemptTimeout bounds each attempt (WithAttemptTimeout).
	maxRetries     int
	attemptTimeout time.Duration
	op             opRef // the operation, for middlewares (only looked up when there are some)
}

type callStateKey struct{}

func stateOf(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	if st == nil {
		st = &callState{}
	}
	return st
}

// newRetrier configures go-retryablehttp once per client; what differs per
// call travels in the request's context (callState).
func (c *Client) newRetrier() *retryablehttp.Client {
	p := c.cfg.retry
	return &retryablehttp.Client{
		HTTPClient: c.api,
		// Each call's own count (callState.maxRetries) is enforced by
		// checkRetry; this only has to be above any of them.
		RetryMax:     math.MaxInt,
		RetryWaitMin: p.BaseWait,
		RetryWaitMax: p.MaxWait,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			st := stateOf(ctx)
			st.unknown = resp == nil && err != nil && !notSent(err)
			if st.unknown || (resp != nil && (resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout)) {
				st.everUnknown = true
			}
			return c.checkRetry(ctx, st, resp, err)
		},
		Backoff: p.backoff,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, n int) {
			st := stateOf(req.Context())
			st.attempts = n + 1
			st.unknown = true
			if st.debug {
				c.cfg.logger.DebugContext(req.Context(), "clio: request", "method", req.Method, "path", req.URL.Path, "attempt", n+1)
			}
		},
		PrepareRetry: func(req *http.Request) error {
			if err := c.cfg.limiter.wait(req.Context(), p.maxRetryAfter()); err != nil {
				return err
			}
			stateOf(req.Context()).granted++
			return nil
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return resp, err
		},
	}
}

// redactURL drops the query (it can hold names or emails) and any userinfo.
func redactURL(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return v.String()
}

// dataEnvelope is Clio's {"data": ...} wrapper for bodies and results.
type dataEnvelope[T any] struct {
	Data T `json:"data"`
}

// jsonBody is a convenience for building {"data": v}.
func jsonBody(v any) any { return dataEnvelope[any]{Data: v} }

// stripURLError drops the URL from a transport error: its query can hold
// a storage signature or client data (a name searched for).
func stripURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// drain reads what is left of a small answer, up to 64 KiB, so that the
// connection can be reused.
func drain(body io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10)) }
