package clio

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Middleware wraps each HTTP attempt of an API call, in the style of
// openai-go's option.WithMiddleware: it gets the request about to be sent,
// what the attempt is for, and next, which sends the request on (to the
// next middleware, or to the transport) and returns the answer. A
// middleware can add headers, time the attempt, record its status, or
// answer without calling next. Use it for tracing spans, metrics or your
// own logging without wrapping the transport.
//
// It runs once per attempt: a call retried after a 503 passes through it
// twice, with Attempt.Number 1 and 2. The Authorization header it sees is
// redacted ("[REDACTED]"); the token is put back after the last middleware,
// and the answer's Request is the redacted one, so no middleware can read
// the token. The request body is the call's JSON; a middleware that reads
// it must put it back. It sees the requests of API calls (every service
// method, [Client.Do], each page of a [Pager]), not those to the token
// endpoint or to storage hosts (see [WithStorageHTTPClient]).
type Middleware func(req *http.Request, attempt Attempt, next MiddlewareNext) (*http.Response, error)

// MiddlewareNext sends a request on to the next middleware or, after the
// last one, to the HTTP client's transport.
type MiddlewareNext func(*http.Request) (*http.Response, error)

// Attempt describes one HTTP attempt of an API call, for a [Middleware].
type Attempt struct {
	// OperationID is the operation of Clio's API the request matches, such
	// as "Matter#show" (see [Operations]); "" when it matches none (a
	// [Client.Do] to a path the spec does not have).
	OperationID string
	// Method is the HTTP method; PathTemplate is the operation's path
	// relative to the API base, with placeholders, such as
	// "/matters/{id}.json" ("" when no operation matches). Both are safe
	// to use as span names and metric labels: they carry no ids.
	Method, PathTemplate string
	// Number counts the attempts of the call: 1 for the first, 2 for the
	// first retry, and so on. The replay after a token refresh (a 401
	// invalid_token) counts from 1 again.
	Number int
}

// WithMiddleware adds middlewares around each HTTP attempt of every API
// call (see [Middleware]). The first one given is the outermost: it sees
// the request first and the answer last. Several WithMiddleware options
// add up; a clone made by [Client.Clone] keeps them.
func WithMiddleware(mws ...Middleware) Option {
	return func(c *config) error {
		for _, mw := range mws {
			if mw == nil {
				return argError("WithMiddleware", "nil middleware")
			}
		}
		// A new slice: a Clone must not append to its parent's.
		c.middlewares = append(c.middlewares[:len(c.middlewares):len(c.middlewares)], mws...)
		return nil
	}
}

// redacted replaces the Authorization header a middleware sees.
var redacted = []string{"[REDACTED]"}

// attemptTransport is the API client's transport: it runs each attempt of
// an executor call under the call's per-attempt timeout
// ([WithAttemptTimeout]) and through the middlewares. Other requests
// (token revocation) pass straight through. It has no
// CloseIdleConnections (see newClient).
type attemptTransport struct {
	next        http.RoundTripper
	middlewares []Middleware
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st, _ := req.Context().Value(callStateKey{}).(*callState)
	if st == nil || (st.attemptTimeout <= 0 && len(t.middlewares) == 0) {
		return t.next.RoundTrip(req)
	}
	var cancel context.CancelFunc
	if st.attemptTimeout > 0 {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(req.Context(), st.attemptTimeout)
		req = req.WithContext(ctx)
	}
	resp, err := t.run(req, st)
	if cancel != nil {
		if resp == nil {
			cancel()
		} else {
			// The timeout covers reading the answer too; it ends when the
			// body is closed.
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
		}
	}
	return resp, err
}

// run passes req through the middlewares, hiding its Authorization.
func (t *attemptTransport) run(req *http.Request, st *callState) (*http.Response, error) {
	if len(t.middlewares) == 0 {
		return t.next.RoundTrip(req)
	}
	auth, hasAuth := req.Header["Authorization"]
	shown := req.Clone(req.Context()) // its own header map
	if hasAuth {
		shown.Header["Authorization"] = redacted
	}
	next := func(r *http.Request) (*http.Response, error) {
		out := r
		if hasAuth {
			out = r.Clone(r.Context())
			out.Header["Authorization"] = auth
		}
		resp, err := t.next.RoundTrip(out)
		if resp != nil {
			resp.Request = r // not out, which carries the token
		}
		return resp, err
	}
	at := Attempt{OperationID: st.op.ID, Method: req.Method, PathTemplate: st.op.Path, Number: st.attempts}
	for i := len(t.middlewares) - 1; i >= 0; i-- {
		mw, inner := t.middlewares[i], next
		next = func(r *http.Request) (*http.Response, error) { return mw(r, at, inner) }
	}
	resp, err := next(shown)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// cancelOnClose ends a per-attempt timeout when the answer is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// opRef is what a middleware learns about a call's operation.
type opRef struct{ ID, Path string }

// operationFor finds the operation a request path (relative to the API
// base, such as "matters/12.json") and method match. Where several
// templates match, the one with the most literal segments wins
// ("/billable_matters/ids.json" over "/billable_matters/{id}.json").
func operationFor(method, rel string) opRef {
	segs := strings.Split(strings.TrimPrefix(rel, "/"), "/")
	var best *operationInfo
	bestLiterals := -1
	for _, op := range operationsByMethod()[method] {
		tpl := op.segments
		if len(tpl) != len(segs) {
			continue
		}
		literals := 0
		match := true
		for i, s := range tpl {
			if !segmentMatches(s, segs[i]) {
				match = false
				break
			}
			if !strings.HasPrefix(s, "{") {
				literals++
			}
		}
		if match && literals > bestLiterals {
			best, bestLiterals = op.info, literals
		}
	}
	if best == nil {
		return opRef{}
	}
	return opRef{ID: best.ID, Path: best.Path}
}

type opTemplate struct {
	info     *operationInfo
	segments []string
}

// operationsByMethod indexes the operations table by HTTP method, with
// each path split into segments, once.
var operationsByMethod = sync.OnceValue(func() map[string][]opTemplate {
	m := map[string][]opTemplate{}
	for i := range operations {
		op := &operations[i]
		m[op.HTTPMethod] = append(m[op.HTTPMethod], opTemplate{info: op, segments: strings.Split(strings.TrimPrefix(op.Path, "/"), "/")})
	}
	return m
})
