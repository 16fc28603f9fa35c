package cliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
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
	Time   time.Time
	Host   Host   // HostAPI (API and OAuth) or HostStorage
	Method string // e.g. "GET"
	Path   string // e.g. "/api/v4/matters.json"
	// Operation is the operationId of Clio's spec the request's method and
	// path route to, e.g. "Activity#create" (see [Server.RequestsFor]); ""
	// for OAuth and storage requests, a path that is no operation (404,
	// 405), and the two hand-modelled routes the spec does not declare
	// (GET /matter_stages/{id}.json, PUT /webhooks/{id}/activate.json). It
	// is set whatever the answer, including faults, 401 and 429.
	Operation string
	// Template is the path template routed to, relative to the API base as
	// in the spec and clio.Operation.Path: "/activities/{id}.json"; ""
	// when Operation is "" but for the two routes above.
	Template string
	// PathIDs are the numbers in the path's placeholders, in order: [12]
	// for PATCH /api/v4/activities/12.json; nil when there are none.
	PathIDs       []int64
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
		out[i] = out[i].clone()
	}
	return out
}

// clone copies the entry's slices and maps, so a caller cannot change the log.
func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Body = slices.Clone(r.Body)
	r.PathIDs = slices.Clone(r.PathIDs)
	return r
}

// RequestsFor returns the logged requests to one operation, in the order
// they completed, like [Server.Requests]. operation is an operationId of
// Clio's spec ("Activity#create", as in docs/operations.md and
// clio.Operation.ID) or a method and path template ("POST
// /activities.json", "PATCH /activities/{id}.json"; the /api/v4 prefix,
// the .json suffix and the placeholders' names may vary). A request
// counts whatever its answer: faulted, dropped, 401, 429 and 4xx ones
// included, so a test can count what its code sent. Use [Request.DecodeData]
// to read a logged body.
//
// RequestsFor panics when operation names no operation the fake routes, so
// a misspelt name fails the test rather than matching nothing.
func (s *Server) RequestsFor(operation string) []Request {
	method, key, ok := operationKey(operation)
	if !ok {
		panic(fmt.Sprintf("cliotest: RequestsFor(%q): no such operation; give an operationId such as \"Activity#create\" or a method and path template such as \"POST /activities.json\"", operation))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, e := range s.log {
		if e.Template != "" && e.Method == method && templateKey(e.Template) == key {
			out = append(out, e.clone())
		}
	}
	return out
}

// operationKey resolves RequestsFor's argument to a method and templateKey,
// reporting whether the fake routes it.
func operationKey(operation string) (method, key string, ok bool) {
	if op := opIndex.byID[operation]; op != nil {
		return op.method, templateKey(op.path), true
	}
	method, path, found := strings.Cut(strings.TrimSpace(operation), " ")
	if !found {
		return "", "", false
	}
	method = strings.ToUpper(method)
	path = strings.TrimSpace(path)
	path = strings.TrimPrefix(strings.TrimPrefix(path, "/api/v4"), "/")
	key = templateKey(path)
	if _, ok := opIndex.ops[method+" "+key]; ok {
		return method, key, true
	}
	for i := range routes {
		if rt := &routes[i]; rt.method == method && templateKey(rt.template()) == key {
			return method, key, true
		}
	}
	return "", "", false
}

// DecodeData decodes the data object of the request's body, the
// {"data": {...}} envelope of Clio's writes, into v as [json.Unmarshal]
// does: into the SDK's body type (clio.ActivityCreate), a model, a map or
// a struct of your own. It fails when no body was logged (a GET, an OAuth
// or storage request), when the log kept only the first [MaxLoggedBody]
// bytes, and when the body is not JSON or holds no "data" key.
func (r Request) DecodeData(v any) error {
	if len(r.Body) == 0 {
		return fmt.Errorf("cliotest: %s %s: no body logged", r.Method, r.Path)
	}
	if r.BodySize > int64(len(r.Body)) {
		return fmt.Errorf("cliotest: %s %s: the log kept %d of the body's %d bytes", r.Method, r.Path, len(r.Body), r.BodySize)
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil {
		return fmt.Errorf("cliotest: %s %s: body: %w", r.Method, r.Path, err)
	}
	if env.Data == nil {
		return fmt.Errorf("cliotest: %s %s: the body has no \"data\"", r.Method, r.Path)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		return fmt.Errorf("cliotest: %s %s: data: %w", r.Method, r.Path, err)
	}
	return nil
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
