package cliotest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// record is a stored resource: it renders and has common metadata.
type record interface {
	node
	base() *meta
}

func (m *meta) base() *meta { return m }

// maxOffset is where Clio's offset paging stops.
const maxOffset = 10000

// list answers a list request over tbl: fields, limit, order, ids[],
// created_since, updated_since, then keep (the resource's own filters),
// with cursor (page_token) or offset paging. keep may be nil.
func list[T any, P interface {
	*T
	record
}](s *Server, c *call, schema string, tbl *table[T], keep func(P) bool) {
	items, ok := c.items(schema)
	if !ok {
		return
	}
	maxLimit := 200 // Clio's page size, except where the spec says otherwise (users: 2000)
	if m := opIndex.limits[schema]; m > 0 {
		maxLimit = m
	}
	limit := maxLimit
	if v := c.q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			c.fail(http.StatusBadRequest, "InvalidParameter", "limit must be an integer between 1 and %d", maxLimit)
			return
		}
		limit = n
	}
	if o := c.q.Get("order"); o != "" && o != "id(asc)" {
		c.fail(http.StatusBadRequest, "InvalidParameter", "order %q is not supported by cliotest (only id(asc))", o)
		return
	}
	f := filterOf(c)
	ids := f.idSet("ids[]")
	created, updated := f.time("created_since"), f.time("updated_since")
	if f.bad() {
		return
	}
	var after int64
	offset, offsetMode := 0, c.q.Has("offset")
	if offsetMode {
		n, err := strconv.Atoi(c.q.Get("offset"))
		if err != nil || n < 0 {
			c.fail(http.StatusBadRequest, "InvalidParameter", "offset must be a non-negative integer")
			return
		}
		if n >= maxOffset {
			c.fail(http.StatusUnprocessableEntity, "ArgumentError", "offset paging is limited to %d records; use cursor paging (order=id(asc))", maxOffset)
			return
		}
		offset = n
	} else if tok := c.q.Get("page_token"); tok != "" {
		id, err := decodePageToken(tok)
		if err != nil {
			c.fail(http.StatusBadRequest, "InvalidParameter", "page_token is invalid")
			return
		}
		after = id
	}
	var page []map[string]any
	skipped, more := 0, false
	var last int64
	for _, id := range tbl.ids[tbl.after(after):] {
		rec := P(tbl.rows[id])
		m := rec.base()
		if ids != nil && !ids[id] ||
			!created.IsZero() && m.created.Before(created) ||
			!updated.IsZero() && m.updated.Before(updated) ||
			keep != nil && !keep(rec) {
			continue
		}
		if skipped < offset {
			skipped++
			continue
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, s.render(rec, items))
		last = id
	}
	if page == nil {
		page = []map[string]any{}
	}
	paging := map[string]any{}
	if more {
		q := c.r.URL.Query()
		if offsetMode {
			if offset+limit < maxOffset {
				q.Set("offset", strconv.Itoa(offset+limit))
				paging["next"] = s.apiURL + c.r.URL.Path + "?" + q.Encode()
			}
		} else {
			q.Set("page_token", encodePageToken(last))
			paging["next"] = s.apiURL + c.r.URL.Path + "?" + q.Encode()
		}
	}
	c.set(jsonResponse(http.StatusOK, map[string]any{"data": page, "meta": map[string]any{"paging": paging}}))
}

func encodePageToken(after int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("after:" + strconv.FormatInt(after, 10)))
}

func decodePageToken(tok string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	s, ok := strings.CutPrefix(string(b), "after:")
	if !ok {
		return 0, fmt.Errorf("bad token")
	}
	return strconv.ParseInt(s, 10, 64)
}

// filter reads query parameters, keeping the first error.
type filter struct {
	c       *call
	err     error
	invalid bool // err is a malformed date or instant: 422, not 400
}

func filterOf(c *call) *filter { return &filter{c: c} }

// bad answers when a parameter failed to parse (400, or 422
// ValidationError for a malformed date or instant) and reports whether
// one did.
func (f *filter) bad() bool {
	switch {
	case f.err == nil:
		return false
	case f.invalid:
		f.c.fail(http.StatusUnprocessableEntity, "ValidationError", "%s", f.err.Error())
	default:
		f.c.fail(http.StatusBadRequest, "InvalidParameter", "%s", f.err.Error())
	}
	return true
}

func (f *filter) fail(key string, want string) {
	if f.err == nil {
		f.err = fmt.Errorf("%s must be %s", key, want)
	}
}

// failDate records a malformed date or instant parameter (422).
func (f *filter) failDate(key string, want string) {
	if f.err == nil {
		f.err, f.invalid = fmt.Errorf("%s must be %s", key, want), true
	}
}

// int returns the parameter and whether it was given.
func (f *filter) int(key string) (int64, bool) {
	v := f.c.q.Get(key)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f.fail(key, "an integer")
		return 0, false
	}
	return n, true
}

func (f *filter) bool(key string) (val, given bool) {
	v := f.c.q.Get(key)
	if v == "" {
		return false, false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		f.fail(key, "true or false")
		return false, false
	}
	return b, true
}

// time parses an instant parameter (created_since, a calendar entry's
// from): an RFC 3339 timestamp, never a bare date; zero when absent.
func (f *filter) time(key string) time.Time {
	v := f.c.q.Get(key)
	if v == "" {
		return time.Time{}
	}
	t, err := parseInstant(v)
	if err != nil {
		f.failDate(key, instantForm)
	}
	return t
}

// date parses a calendar date parameter (an activity's start_date):
// YYYY-MM-DD only; given is false when absent.
func (f *filter) date(key string) (time.Time, bool) {
	v := f.c.q.Get(key)
	if v == "" {
		return time.Time{}, false
	}
	d, err := parseDate(v)
	if err != nil {
		f.failDate(key, dateForm)
		return time.Time{}, false
	}
	return d, true
}

// idSet reads repeated ids[]-style parameters; nil when absent.
func (f *filter) idSet(key string) map[int64]bool {
	vs := f.c.q[key]
	if len(vs) == 0 {
		return nil
	}
	set := map[int64]bool{}
	for _, v := range vs {
		for p := range strings.SplitSeq(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
			if err != nil {
				f.fail(key, "a list of integers")
				return nil
			}
			set[n] = true
		}
	}
	return set
}

// parseTime reads a date or a timestamp, for converting a body's value
// between the two where a request and its record disagree (asFormat).
func parseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

// containsFold reports whether sub occurs in s, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
