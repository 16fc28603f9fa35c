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
