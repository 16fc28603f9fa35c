package clio

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The helpers the generated methods (services_gen.go) call: one per method
// shape, each taking the call's options. They share the executor, the
// fields check and the etag rule with the hand-written services.

// opDo sends one request and decodes the record in {"data": ...}. A
// non-empty resource adds the fields parameter: the call's [FieldSet]
// option, else defaults, checked against the catalog first.
func opDo[T any](ctx context.Context, s service, method, path, resource string, defaults FieldSet, q url.Values, body any, opts []CallOption) (*T, error) {
	cc := newCallConfig(opts)
	r, err := opRequest(method, path, resource, defaults, q, cc)
	if err != nil {
		return nil, err
	}
	if body != nil {
		r.body = jsonBody(body)
	}
	return sendData[T](ctx, s, r)
}

// opRequest builds a request with the fields parameter and the call's
// options applied.
func opRequest(method, path, resource string, defaults FieldSet, q url.Values, cc callConfig) (*request, error) {
	if resource != "" {
		var err error
		if q, err = withFields(q, resource, cc.fields, defaults); err != nil {
			return nil, err
		}
	}
	r := &request{method: method, path: path, query: q}
	r.apply(cc)
	return r, nil
}

// opUpdate PATCHes {"data": body} with If-Match: etag. With no etag it
// first fetches the record's current one (fields=id,etag), so every update
// is conditional; a stale etag comes back as [ErrPreconditionFailed]. A
// record the catalog gives no etag (MyEvent) cannot be updated
// conditionally: it is sent without If-Match, and a given etag is refused.
func opUpdate[T any](ctx context.Context, s service, path, resource string, defaults FieldSet, etag string, body any, opts []CallOption) (*T, error) {
	cc := newCallConfig(opts)
	r, err := opRequest(http.MethodPatch, path, resource, defaults, nil, cc)
	if err != nil {
		return nil, err
	}
	if _, hasETag := fieldCatalog[resource]["etag"]; resource != "" && !hasETag {
		if etag != "" {
			return nil, argError("etag", "%s records have no etag; pass \"\"", resource)
		}
	} else {
		if etag == "" {
			if etag, err = s.currentETag(ctx, path); err != nil {
				return nil, err
			}
		}
		if r.header == nil {
			r.header = http.Header{}
		}
		r.header.Set("If-Match", etag)
	}
	if body != nil {
		r.body = jsonBody(body)
	}
	return sendData[T](ctx, s, r)
}

// opDelete DELETEs path. A 404 after an earlier attempt whose outcome was
// unknown (dropped after sending, 5xx, 408) is success: that attempt most
// likely deleted the record. After a 429 or a refused dial nothing was
// deleted, so a 404 then means there was nothing to delete.
func opDelete(ctx context.Context, s service, path string, opts []CallOption) error {
	err := s.c.Do(ctx, http.MethodDelete, path, nil, nil, nil, opts...)
	if apiErr := (*APIError)(nil); errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && apiErr.afterUnknown {
		return nil
	}
	return err
}

// opNoContent sends a request whose answer has no body worth reading.
func opNoContent(ctx context.Context, s service, method, path string, q url.Values, opts []CallOption) error {
	return s.c.Do(ctx, method, path, q, nil, nil, opts...)
}

// listShape is what a list operation declares about paging: whether it
// takes order=id(asc) (cursor mode) and its largest page size.
type listShape struct {
	idOrder  bool
	maxLimit int
}

// opList starts a pager. err is a fault found in the parameters; a page
// size outside the list's range is one too. The pager holds it
// ([Pager.Err]) and sends nothing. Without a limit in q the pager asks for the largest page the list
// allows, up to DefaultPageSize; without an order, for order=id(asc) when
// the list takes it.
func opList[T any](s service, path, resource string, defaults FieldSet, shape listShape, q url.Values, err error, opts []CallOption) *Pager[T] {
	if q == nil {
		q = url.Values{}
	}
	if err == nil {
		err = checkLimit(q.Get("limit"), shape.maxLimit, path)
	}
	cc := newCallConfig(opts)
	if err == nil && resource != "" {
		q, err = withFields(q, resource, cc.fields, defaults)
	}
	if err != nil {
		return errPager[T](err)
	}
	if q.Get("limit") == "" {
		q.Set("limit", strconv.Itoa(min(DefaultPageSize, shape.maxLimit)))
	}
	if shape.idOrder && q.Get("order") == "" {
		q.Set("order", "id(asc)")
	}
	return newPager[T](s.c, path, q, cc)
}

// opDownload runs Clio's 303 download: the API answers with a redirect to
// a signed storage URL, fetched without the Clio token; the body streams
// unread and the caller closes it.
func opDownload(ctx context.Context, s service, path string, q url.Values, opts []CallOption) (io.ReadCloser, DownloadInfo, error) {
	cc := newCallConfig(opts)
	r := &request{method: http.MethodGet, path: path, query: q, allowRedirect: true}
	r.apply(cc)
	return s.c.download(ctx, r)
}

// opHTML reads a page Clio renders (a bill preview) whole. The read is
// bounded by the client's response bound ([WithMaxResponseBytes]).
func opHTML(ctx context.Context, s service, path string, q url.Values, opts []CallOption) ([]byte, error) {
	cc := newCallConfig(opts)
	r := &request{method: http.MethodGet, path: path, query: q}
	r.apply(cc)
	resp, err := s.c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, newDecodeError(resp, nil, err)
	}
	return b, nil
}

// addQuery adds q to the call's extra query parameters.
func (cc *callConfig) addQuery(q url.Values) {
	if len(q) == 0 {
		return
	}
	if cc.query == nil {
		cc.query = url.Values{}
	}
	for k, vs := range q {
		cc.query[k] = append(cc.query[k], vs...)
	}
}

// setPageSize checks a list's page size against the operation's range and
// sends it; 0 sends def, the operation's default.
func setPageSize(q url.Values, n, lo, hi, def int) error {
	if n == 0 {
		n = def
	}
	if n < lo || n > hi {
		return argError("Limit", "page size %d: want %d..%d", n, lo, hi)
	}
	q.Set("limit", strconv.Itoa(n))
	return nil
}

// qSetInt sends a non-zero int.
func qSetInt(q url.Values, key string, n int) {
	if n != 0 {
		q.Set(key, strconv.Itoa(n))
	}
}

// qSetDate sends a date as YYYY-MM-DD.
func qSetDate(q url.Values, key string, d Date) {
	if !d.IsZero() {
		q.Set(key, d.String())
	}
}

// qAddStrings sends one key=value per element (statuses[]=a&statuses[]=b).
func qAddStrings[S ~string](q url.Values, key string, vs []S) {
	for _, v := range vs {
		q.Add(key, string(v))
	}
}

// operationInfo describes one operation of Clio's API and the method that
// calls it (operations, in services_gen.go).
type operationInfo struct {
	Operation
	IDOrder bool // a list that takes order=id(asc)
	Hand    bool // the method is written by hand, not generated
}

// Operation describes one operation of Clio's API and the method that
// calls it, for code that walks the whole API (an export, a backup, a
// coverage report). The same table is in docs/operations.md.
type Operation struct {
	ID         string       // Clio's operationId, such as "Activity#index"
	HTTPMethod string       // "GET", "POST", "PATCH", "PUT" or "DELETE"
	Path       string       // relative to the API base, with placeholders: "/matters/{matter_id}/contacts.json"
	Service    string       // the Client field of its service: "Activities"
	Method     string       // the method on that service: "List"
	Record     string       // the catalog name of the records it answers with, for Fields and List ("" for none)
	Required   []QueryParam // the query parameters it requires
	MaxLimit   int          // for a list, the largest page size it takes (0: none declared)
}

// QueryParam is a query parameter an operation requires, with the values
// it takes when they are a fixed set.
type QueryParam struct {
	Name   string
	Values []string // nil when any value goes
}

// Operations returns every operation of Clio's API (282 in the spec this
// release is generated from), in the spec's order.
func Operations() []Operation {
	out := make([]Operation, len(operations))
	for i, op := range operations {
		out[i] = op.Operation
		out[i].Required = slices.Clone(op.Required)
	}
	return out
}

// DefaultFields returns the field set the SDK asks for when a call returning
// resource's records (a catalog name such as "Activity") names no fields:
// the one documented on its service. It is the zero FieldSet (id and etag
// only) for a name it does not know.
func DefaultFields(resource string) FieldSet { return defaultFieldsByRecord[resource] }

// listShapeOf finds the list operation at path (relative to the API base,
// such as "activities.json" or "matters/12/contacts.json") in the
// operations table. A path that is no list of the spec is taken to have id
// order and DefaultPageSize, as every list did before the table.
func listShapeOf(path string) listShape {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, op := range operations {
		if op.HTTPMethod != http.MethodGet || op.Method == "Get" {
			continue
		}
		tpl := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		if len(tpl) == len(segs) && slices.EqualFunc(tpl, segs, segmentMatches) {
			return listShape{idOrder: op.IDOrder, maxLimit: cmp.Or(op.MaxLimit, DefaultPageSize)}
		}
	}
	return listShape{idOrder: true, maxLimit: DefaultPageSize}
}

// segmentMatches matches one path segment against a template segment,
// where "{name}" stands for any non-empty text: "{id}.json" matches
// "12.json".
func segmentMatches(tpl, seg string) bool {
	if !strings.HasPrefix(tpl, "{") {
		return tpl == seg
	}
	_, rest, ok := strings.Cut(tpl, "}")
	return ok && len(seg) > len(rest) && strings.HasSuffix(seg, rest)
}
