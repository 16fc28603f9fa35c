package clio

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// CallOption configures one call: its fields ([Fields] is a CallOption),
// extra headers and query parameters, conditional requests, and where to
// put the response's metadata.
type CallOption interface {
	applyCall(*callConfig)
}

// callConfig is what a call's options set.
type callConfig struct {
	fields FieldSet // zero: the operation's defaults
	header http.Header
	query  url.Values
	meta   *Response
	limits callLimits
}

// callLimits are a call's own retry count and timeouts, which override the
// client's for that call.
type callLimits struct {
	retries        int           // retries after the first attempt, when retriesSet
	retriesSet     bool          // WithMaxRetries was given
	timeout        time.Duration // the whole call; 0: none of its own
	attemptTimeout time.Duration // each attempt; 0: none of its own
	err            error         // a bad value, refused when the call is made
}

func newCallConfig(opts []CallOption) callConfig {
	var cc callConfig
	for _, o := range opts {
		if o != nil {
			o.applyCall(&cc)
		}
	}
	return cc
}

// applyCall makes a FieldSet a CallOption: the call asks for these fields.
func (fs FieldSet) applyCall(cc *callConfig) { cc.fields = fs }

// callOptionFunc adapts a function to CallOption.
type callOptionFunc func(*callConfig)

func (f callOptionFunc) applyCall(cc *callConfig) { f(cc) }

// WithHeader adds a request header to the call. Authorization,
// X-API-VERSION and the other headers the client sets cannot be replaced
// this way.
func WithHeader(key, value string) CallOption {
	return callOptionFunc(func(cc *callConfig) {
		if cc.header == nil {
			cc.header = http.Header{}
		}
		cc.header.Add(key, value)
	})
}

// WithQuery adds a query parameter to the call, for a filter the typed
// parameters do not have yet. It cannot replace fields, limit or order.
func WithQuery(key, value string) CallOption {
	return callOptionFunc(func(cc *callConfig) {
		if cc.query == nil {
			cc.query = url.Values{}
		}
		cc.query.Add(key, value)
	})
}

// IfNoneMatch makes a GET conditional on the record having changed since
// etag: an unchanged record answers 304, returned as [ErrNotModified].
func IfNoneMatch(etag string) CallOption { return WithHeader("If-None-Match", etag) }

// IfModifiedSince makes a GET conditional on the record having changed
// after t: an unchanged record answers 304, returned as [ErrNotModified].
func IfModifiedSince(t time.Time) CallOption {
	return WithHeader("If-Modified-Since", t.UTC().Format(http.TimeFormat))
}

// WithMaxRetries sets how many times this call is retried after its first
// attempt, in place of the client's RetryPolicy.MaxRetries: 0 sends it
// once. What is retried, and the waits between attempts, stay the
// policy's (see [RetryPolicy]). A negative n is refused with an
// [*ArgumentError] when the call is made. For a [Pager] it applies to each
// page's request.
func WithMaxRetries(n int) CallOption {
	return callOptionFunc(func(cc *callConfig) {
		if n < 0 {
			cc.limits.err = argError("WithMaxRetries", "must not be negative (0 sends the call once)")
			return
		}
		cc.limits.retries, cc.limits.retriesSet = n, true
	})
}

// WithTimeout bounds the whole call: every attempt, the waits between them
// (backoff, Retry-After, the rate limiter) and reading the answer. For a
// download it bounds the stream too, until the body is closed; for a
// [Pager] it applies to each page's request. It is the same as calling
// with a context.WithTimeout, for code that shares one context between
// calls. When it ends the call, the error is a [*RequestError] matching
// context.DeadlineExceeded. A d that is not positive is refused with an
// [*ArgumentError] when the call is made.
func WithTimeout(d time.Duration) CallOption {
	return callOptionFunc(func(cc *callConfig) {
		if d <= 0 {
			cc.limits.err = argError("WithTimeout", "must be positive")
			return
		}
		cc.limits.timeout = d
	})
}

// WithAttemptTimeout bounds each HTTP attempt of the call (sending it,
// waiting for the answer and reading it), as an http.Client's Timeout
// does, while the call's context bounds the whole. It covers the API
// requests only: a download's storage fetch is no attempt of the call
// (bound it with [WithTimeout] or ctx). An attempt cut by it
// counts as a failure without an answer: a GET, HEAD or DELETE is retried
// (see [RetryPolicy]); a POST or PATCH is not, and its [*RequestError] has
// MayHaveApplied set. A d that is not positive is refused with an
// [*ArgumentError] when the call is made.
func WithAttemptTimeout(d time.Duration) CallOption {
	return callOptionFunc(func(cc *callConfig) {
		if d <= 0 {
			cc.limits.err = argError("WithAttemptTimeout", "must be positive")
			return
		}
		cc.limits.attemptTimeout = d
	})
}

// WithResponseInto stores the response's metadata in r when the call gets
// an answer, successful or not.
func WithResponseInto(r *Response) CallOption {
	return callOptionFunc(func(cc *callConfig) { cc.meta = r })
}

// Response is the metadata of one answer from Clio. Its Header can carry
// record data (a Location with ids, say): log it with care.
type Response struct {
	StatusCode int
	Header     http.Header
	APIVersion string          // the X-API-VERSION Clio echoed
	RateLimit  RateLimitStatus // this answer's X-RateLimit-* headers as sent (Reset on the server's clock); zero if absent
	RequestID  string          // X-Request-Id, when Clio sends one
}

// fill records resp's metadata.
func (r *Response) fill(resp *http.Response) {
	h := resp.Header
	*r = Response{
		StatusCode: resp.StatusCode,
		Header:     h,
		APIVersion: h.Get("X-Api-Version"),
		RequestID:  h.Get("X-Request-Id"),
	}
	limit, err1 := strconv.Atoi(h.Get("X-Ratelimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-Ratelimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64)
	if err1 == nil && err2 == nil && err3 == nil {
		r.RateLimit = RateLimitStatus{Limit: limit, Remaining: remaining, Reset: time.Unix(reset, 0)}
	}
}
