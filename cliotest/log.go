package cliotest

import (
	"net/http"
	"net/url"
	"slices"
	"time"
)

// MaxLoggedBody is how much of an API request's body the request log
// keeps (Request.Body).
const MaxLoggedBody = 64 << 10

// Request is one entry of the server's request log, kept in memory for a
// test's assertions. It holds no tokens: OAuth requests (which carry
// credentials in their bodies) and storage requests (file contents) are
// logged without their bodies.
type Request struct {
	Time          time.Time
	Host          Host   // HostAPI (API and OAuth) or HostStorage
	Method        string // e.g. "GET"
	Path          string // e.g. "/api/v4/matters.json"
	Query         url.Values
	Authorization bool   // an Authorization header was present
	IfMatch       string // the If-Match header, if any
	IfNoneMatch   string // the If-None-Match header, if any
	APIVersion    string // the X-API-VERSION header as sent ("" when absent)
	ContentType   string // the request's Content-Type header
	BodySize      int64  // bytes of request body read
	// Body is an API request's body as sent (a JSON write's {"data": ...}),
	// at most MaxLoggedBody bytes of it; nil for OAuth and storage requests.
	Body         []byte
	Status       int   // the status answered; 0 when the connection was dropped
	ResponseSize int64 // bytes of response body
	Fault        bool  // an injected fault matched this request
	Dropped      bool  // the connection was closed without a complete response
}

func newEntry(host Host, r *http.Request) Request {
	return Request{
		Time:          time.Now(),
		Host:          host,
		Method:        r.Method,
		Path:          r.URL.Path,
		Query:         r.URL.Query(),
		Authorization: r.Header.Get("Authorization") != "",
		IfMatch:       r.Header.Get("If-Match"),
		IfNoneMatch:   r.Header.Get("If-None-Match"),
		APIVersion:    r.Header.Get("X-API-VERSION"),
		ContentType:   r.Header.Get("Content-Type"),
	}
}

func (s *Server) record(e Request) {
	s.mu.Lock()
	s.log = append(s.log, e)
	s.mu.Unlock()
}

// Requests returns a copy of the request log, in the order the requests
// completed.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.log)
	for i := range out {
		out[i].Query = cloneValues(out[i].Query)
		out[i].Body = slices.Clone(out[i].Body)
	}
	return out
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
