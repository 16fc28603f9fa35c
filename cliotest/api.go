package cliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// knownVersions are the X-API-VERSION values Clio's spec lists.
var knownVersions = []string{"4.0.4", "4.0.5", "4.0.6", "4.0.7", "4.0.8", "4.0.9", "4.0.10", "4.0.12", "4.0.13"}

// KnownAPIVersions returns the X-API-VERSION values the server accepts (those
// listed in Clio's spec); others get 410 Gone.
func KnownAPIVersions() []string { return slices.Clone(knownVersions) }

// DefaultAPIVersion is the version used when a request has no X-API-VERSION.
const DefaultAPIVersion = "4.0.13"

// call is one API request being handled.
type call struct {
	r       *http.Request
	raw     []byte
	q       url.Values
	ids     []int64
	user    *user
	token   string
	resp    response
	after   []func() // run without the lock, before the response is written
	version string
}

// id returns the i-th numeric path segment.
func (c *call) id(i int) int64 { return c.ids[i] }

func jsonResponse(status int, v any) *response {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":{"type":"InternalError","message":"encoding failed"}}`)
		status = http.StatusInternalServerError
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &response{status: status, header: h, body: b}
}

func jsonError(status int, typ, msg string) *response {
	return jsonResponse(status, map[string]any{"error": map[string]string{"type": typ, "message": msg}})
}

func (c *call) set(r *response) {
	h := c.resp.header
	c.resp = *r
	for k, vs := range h {
		if _, ok := c.resp.header[k]; !ok {
			c.resp.header[k] = vs
		}
	}
}

// fail answers with Clio's error envelope.
func (c *call) fail(status int, typ, format string, args ...any) {
	c.set(jsonError(status, typ, fmt.Sprintf(format, args...)))
}

func (c *call) notFound() {
	c.fail(http.StatusNotFound, "RecordNotFound", "The requested record was not found")
}

// writeErr turns an error from applying a write into a 422 (validation),
// a 501 (notImplementedError) or a 400 (malformed body).
func (c *call) writeErr(err error) {
	switch err.(type) {
	case *validationError:
		c.fail(http.StatusUnprocessableEntity, "ValidationError", "%s", err.Error())
	case *notImplementedError:
		c.fail(http.StatusNotImplemented, "NotImplemented", "%s", err.Error())
	default:
		c.fail(http.StatusBadRequest, "BadRequest", "%s", err.Error())
	}
}

// items parses the fields parameter for schema; on a bad selection it sets
// the 400 answer, and on a field Clio computes that the fake does not
// (computed.go) the 501 answer, and returns false. Handlers call it before
// any write, so a refused selection changes nothing.
func (c *call) items(schema string) ([]item, bool) {
	raw, present := c.q["fields"]
	v := ""
	if present && len(raw) > 0 {
		v = raw[len(raw)-1]
	}
	items, ferr := parseFields(v, present, schema)
	if ferr != nil {
		c.fail(http.StatusBadRequest, "InvalidFields", "%s is not a valid field", ferr.name)
		return nil, false
	}
	if c.refuseNotComputed(schema, items) {
		return nil, false
	}
	return items, true
}

// data decodes the request body's data object, answering 400 when it is
// malformed and 422 when it holds a key beside data.
func (c *call) data() (body, bool) {
	b, err := decodeData(c.raw)
	if err != nil {
		c.writeErr(err)
		return nil, false
	}
	return b, true
}

// one answers a single record with its ETag and Last-Modified headers.
func (s *Server) one(c *call, status int, n node, m *meta, items []item) {
	c.set(jsonResponse(status, map[string]any{"data": s.render(n, items)}))
	c.resp.header.Set("ETag", m.etag)
	c.resp.header.Set("Last-Modified", m.updated.UTC().Format(http.TimeFormat))
}

// get answers a single-record GET, honouring If-None-Match.
func (s *Server) get(c *call, n node, m *meta, items []item) {
	if inm := c.r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, m.etag) {
		c.resp.status = http.StatusNotModified
		c.resp.header.Set("ETag", m.etag)
		return
	}
	s.one(c, http.StatusOK, n, m, items)
}

// getRecord answers GET {resource}/{id} from tbl.
func getRecord[T any, P interface {
	*T
	record
}](s *Server, c *call, schema string, tbl *table[T]) {
	items, ok := c.items(schema)
	if !ok {
		return
	}
	r, found := tbl.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.get(c, P(r), P(r).base(), items)
}

// ifMatch checks a PATCH's If-Match header; on a stale etag it sets the 412
// answer and returns false.
func (s *Server) ifMatch(c *call, m *meta) bool {
	im := c.r.Header.Get("If-Match")
	if im == "" || etagMatch(im, m.etag) {
		return true
	}
	c.fail(http.StatusPreconditionFailed, "PreconditionFailed", "The record has changed since the etag given in If-Match was read")
	return false
}

func etagMatch(header, etag string) bool {
	for v := range strings.SplitSeq(header, ",") {
		v = strings.TrimSpace(v)
		if v == "*" || v == etag {
			return true
		}
	}
	return false
}

// route is one API endpoint. Path segments are matched exactly, except
// "{id}", which matches a positive integer.
type route struct {
	method string
	segs   []string
	h      func(*Server, *call)
	op     string  // a hand-written list's operation (listEp), whose query is checked first
	spec   *opSpec // the operation of the spec it serves; nil for the two that are none (init)
}

func ep(method, path string, h func(*Server, *call)) route {
	return route{method: method, segs: strings.Split(path, "/"), h: h}
}

// template is the route's path as the spec writes it: "/matters/{id}.json".
func (rt *route) template() string {
	if rt.spec != nil {
		return rt.spec.path
	}
	return "/" + strings.Join(rt.segs, "/") + ".json"
}

// routes lists the endpoints, paths relative to /api/v4 without ".json".
var routes = []route{
	ep("GET", "users/who_am_i", (*Server).whoAmI),
	listEp("users", "User#index", (*Server).listUsers),
	ep("GET", "users/{id}", (*Server).getUser),
	listEp("calendars", "Calendar#index", (*Server).listCalendars),
	ep("GET", "calendars/{id}", (*Server).getCalendar),
	listEp("practice_areas", "PracticeArea#index", (*Server).listPracticeAreas),
	ep("GET", "practice_areas/{id}", (*Server).getPracticeArea),
	listEp("matter_stages", "MatterStage#index", (*Server).listStages),
	ep("GET", "matter_stages/{id}", (*Server).getStage),
	listEp("matters", "Matter#index", (*Server).listMatters),
	ep("POST", "matters", (*Server).createMatter),
	ep("GET", "matters/{id}", (*Server).getMatter),
	ep("PATCH", "matters/{id}", (*Server).updateMatter),
	ep("DELETE", "matters/{id}", (*Server).deleteMatter),
	listEp("contacts", "Contact#index", (*Server).listContacts),
	ep("POST", "contacts", (*Server).createContact),
	ep("GET", "contacts/{id}", (*Server).getContact),
	ep("PATCH", "contacts/{id}", (*Server).updateContact),
	ep("DELETE", "contacts/{id}", (*Server).deleteContact),
	listEp("custom_fields", "CustomField#index", (*Server).listCustomFields),
	ep("POST", "custom_fields", (*Server).createCustomField),
	ep("GET", "custom_fields/{id}", (*Server).getCustomField),
	ep("PATCH", "custom_fields/{id}", (*Server).updateCustomField),
	ep("DELETE", "custom_fields/{id}", (*Server).deleteCustomField),
	listEp("calendar_entries", "CalendarEntry#index", (*Server).listEntries),
	ep("POST", "calendar_entries", (*Server).createEntry),
	ep("GET", "calendar_entries/{id}", (*Server).getEntry),
	ep("PATCH", "calendar_entries/{id}", (*Server).updateEntry),
	ep("DELETE", "calendar_entries/{id}", (*Server).deleteEntry),
	listEp("reminders", "Reminder#index", (*Server).listReminders),
	ep("POST", "reminders", (*Server).createReminder),
	ep("GET", "reminders/{id}", (*Server).getReminder),
	ep("DELETE", "reminders/{id}", (*Server).deleteReminder),
	listEp("documents", "Document#index", (*Server).listDocuments),
	ep("POST", "documents", (*Server).createDocument),
	ep("GET", "documents/{id}", (*Server).getDocument),
	ep("PATCH", "documents/{id}", (*Server).updateDocument),
	ep("DELETE", "documents/{id}", (*Server).deleteDocument),
	ep("GET", "documents/{id}/download", (*Server).downloadDocument),
	listEp("document_templates", "DocumentTemplate#index", (*Server).listTemplates),
	ep("GET", "document_templates/{id}", (*Server).getTemplate),
	ep("GET", "document_templates/{id}/download", (*Server).downloadTemplate),
	listEp("document_automations", "DocumentAutomation#index", (*Server).listAutomations),
	ep("POST", "document_automations", (*Server).createAutomation),
	ep("GET", "document_automations/{id}", (*Server).getAutomation),
	listEp("webhooks", "Webhook#index", (*Server).listWebhooks),
	ep("POST", "webhooks", (*Server).createWebhook),
	ep("GET", "webhooks/{id}", (*Server).getWebhook),
	ep("PATCH", "webhooks/{id}", (*Server).updateWebhook),
	ep("DELETE", "webhooks/{id}", (*Server).deleteWebhook),
	ep("PUT", "webhooks/{id}/activate", (*Server).activateWebhook),
}

// init links each route to the operation of the spec it serves (all
// but GET matter_stages/{id} and PUT webhooks/{id}/activate, which Clio
// answers but its spec does not declare).
func init() {
	for i := range routes {
		rt := &routes[i]
		rt.spec = opIndex.ops[rt.method+" "+templateKey(strings.Join(rt.segs, "/"))]
	}
}

// match finds the route for a path; allowed lists the methods of routes
// whose path matched when none matched the method.
func match(method string, segs []string) (rt *route, ids []int64, allowed []string) {
	for i := range routes {
		rr := &routes[i]
		if len(rr.segs) != len(segs) {
			continue
		}
		var got []int64
		ok := true
		for j, want := range rr.segs {
			if want == "{id}" {
				n, err := strconv.ParseInt(segs[j], 10, 64)
				if err != nil || n <= 0 {
					ok = false
					break
				}
				got = append(got, n)
			} else if want != segs[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if rr.method == method {
			return rr, got, nil
		}
		allowed = append(allowed, rr.method)
	}
	return nil, nil, allowed
}

// routing is where a request's method and path lead: a hand-written route,
// else an operation of the spec (served generically, or 501), else nothing
// (405 when allowed names the methods the path takes, else 404).
type routing struct {
	rt      *route
	op      *opSpec
	ids     []int64 // the numbers in the path's placeholders, in order
	allowed []string
}

// operation returns the operationId routed to ("" for none, and for the
// hand-written routes the spec does not declare) and the path template
// ("" when nothing matched).
func (rg routing) operation() (id, template string) {
	switch {
	case rg.rt != nil && rg.rt.spec != nil:
		return rg.rt.spec.id, rg.rt.spec.path
	case rg.rt != nil:
		return "", rg.rt.template()
	case rg.op != nil:
		return rg.op.id, rg.op.path
	}
	return "", ""
}

// resolve routes an API request by method and path (the full path,
// "/api/v4/activities/12.json"). It depends on nothing but its arguments,
// so the request log names the operation of requests that never reach a
// handler (faults, 401, 429).
func resolve(method, path string) routing {
	rest, ok := strings.CutPrefix(path, "/api/v4/")
	if !ok {
		return routing{}
	}
	segs := strings.Split(strings.TrimSuffix(rest, ".json"), "/")
	rt, ids, allowed := match(method, segs)
	if rt != nil {
		return routing{rt: rt, ids: ids}
	}
	// Not modelled by hand: an operation of the spec is served
	// generically (generic.go) or answers 501; anything else is 404.
	op, ids, declared := opIndex.find(method, segs)
	if op != nil {
		return routing{op: op, ids: ids}
	}
	for _, m := range declared {
		if !slices.Contains(allowed, m) {
			allowed = append(allowed, m)
		}
	}
	slices.Sort(allowed)
	return routing{allowed: allowed}
}

// serveAPI runs an /api/v4 request: version, token, rate limit, route (rg,
// from resolve).
func (s *Server) serveAPI(r *http.Request, raw []byte, rg routing) *response {
	if !strings.HasPrefix(r.URL.Path, "/api/v4/") {
		return jsonError(http.StatusNotFound, "RecordNotFound", "No route matches "+r.URL.Path)
	}
	version := r.Header.Get("X-API-VERSION")
	if version == "" {
		version = DefaultAPIVersion
	}
	if !slices.Contains(knownVersions, version) {
		return jsonError(http.StatusGone, "InvalidApiVersion", fmt.Sprintf("API version %q is not supported", version))
	}
	c := &call{r: r, raw: raw, q: r.URL.Query(), version: version, resp: response{header: http.Header{}}}
	if resp := s.handleLocked(c, rg); resp != nil {
		return resp
	}
	for _, f := range c.after {
		f()
	}
	c.resp.header.Set("X-API-VERSION", c.version)
	return &c.resp
}

// handleLocked authenticates, rate-limits and routes c under the lock. It
// returns a response to send at once (401, 429), or nil when c.resp holds
// the answer and c.after the work to do before sending it.
func (s *Server) handleLocked(c *call, rg routing) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, tok := s.authenticate(c.r)
	if u == nil {
		resp := jsonResponse(http.StatusUnauthorized, map[string]string{
			"error":             "invalid_token",
			"error_description": "The access token provided is expired, revoked, malformed or invalid for other reasons.",
		})
		resp.header.Set("WWW-Authenticate", `Bearer realm="Clio", error="invalid_token"`)
		return resp
	}
	c.user, c.token = u, tok
	if s.rateLimit(c) {
		return nil
	}
	c.ids = rg.ids
	switch {
	case rg.rt != nil:
		if rg.rt.op == "" || s.checkHandList(c, rg.rt.op) {
			rg.rt.h(s, c)
		}
	case rg.op != nil:
		s.serveSpec(c, rg.op)
	case rg.allowed != nil:
		c.fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not allowed here", c.r.Method)
		c.resp.header.Set("Allow", strings.Join(rg.allowed, ", "))
	default:
		c.fail(http.StatusNotFound, "RecordNotFound", "No route matches %s", c.r.URL.Path)
	}
	return nil
}

// noContent answers 204.
func (c *call) noContent() { c.resp.status = http.StatusNoContent }
