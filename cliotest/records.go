package cliotest

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// table holds one resource's records in id order. Ids only grow, so new
// records are appended and the id slice stays sorted.
type table[T any] struct {
	rows map[int64]*T
	ids  []int64
}

func newTable[T any]() *table[T] { return &table[T]{rows: map[int64]*T{}} }

func (t *table[T]) put(id int64, r *T) {
	if _, ok := t.rows[id]; !ok {
		t.ids = append(t.ids, id)
	}
	t.rows[id] = r
}

func (t *table[T]) get(id int64) (*T, bool) {
	r, ok := t.rows[id]
	return r, ok
}

func (t *table[T]) del(id int64) {
	if _, ok := t.rows[id]; !ok {
		return
	}
	delete(t.rows, id)
	if i, found := slices.BinarySearch(t.ids, id); found {
		t.ids = slices.Delete(t.ids, i, i+1)
	}
}

// after returns the position of the first id greater than id.
func (t *table[T]) after(id int64) int {
	i, found := slices.BinarySearch(t.ids, id)
	if found {
		i++
	}
	return i
}

// meta is what every record carries: id, etag and timestamps.
type meta struct {
	id      int64
	etag    string
	created time.Time
	updated time.Time
}

// nextID hands out ids from one counter shared by every resource, so an id
// of one kind never names a record of another (a user id is never a
// calendar id, as in Clio).
func (s *Server) nextID() int64 {
	s.lastID++
	return s.lastID
}

// touch gives m a new etag and update time; every write calls it, so the
// etag changes on every write.
func (s *Server) touch(m *meta, kind string) {
	s.rev++
	sum := md5.Sum(fmt.Appendf(nil, "%s/%d/%d", kind, m.id, s.rev))
	m.etag = `"` + hex.EncodeToString(sum[:]) + `"`
	m.updated = s.now()
	if m.created.IsZero() {
		m.created = m.updated
	}
}

// newMeta allocates an id and a first etag.
func (s *Server) newMeta(kind string) meta {
	m := meta{id: s.nextID()}
	s.touch(&m, kind)
	return m
}

// common answers the attributes every record has.
func (m *meta) common(name string) (any, bool) {
	switch name {
	case "id":
		return m.id, true
	case "etag":
		return m.etag, true
	case "created_at":
		return fmtTime(m.created), true
	case "updated_at":
		return fmtTime(m.updated), true
	}
	return nil, false
}

func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// strOrNil renders an empty string as JSON null.
func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// body is a decoded {"data": {...}} request body with helpers that tell
// an absent key from an explicit null.
type body map[string]json.RawMessage

// decodeData parses a request body's data object. A key beside data is a
// 422 naming it: Clio's body is {"data": ...} only, and a field put beside
// it instead of inside would otherwise be dropped without a word.
func decodeData(raw []byte) (body, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("the request body is not valid JSON: %v", err)
	}
	data := env["data"]
	if len(data) == 0 || string(data) == "null" {
		return nil, fmt.Errorf("the request body must be {\"data\": {...}}")
	}
	for _, k := range slices.Sorted(maps.Keys(env)) {
		if k != "data" {
			return nil, invalid("%s is not part of the request body, which is {\"data\": {...}} only", k)
		}
	}
	var b body
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("data must be an object")
	}
	return b, nil
}

func (b body) has(key string) bool { _, ok := b[key]; return ok }

func (b body) isNull(key string) bool {
	v, ok := b[key]
	return ok && string(v) == "null"
}

// str returns a string value; numbers and booleans are rendered as text.
func (b body) str(key string) (string, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return "", ok, nil
	}
	s, err := rawString(v)
	if err != nil {
		return "", true, fmt.Errorf("%s %v", key, err)
	}
	return s, true, nil
}

func rawString(v json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, nil
	}
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return "", err
	}
	switch x.(type) {
	case float64, bool:
		return strings.TrimSpace(string(v)), nil
	default:
		return "", fmt.Errorf("must be a string, got %s", v)
	}
}

// boolean accepts true/false or the strings "true"/"false" (Clio's own
// examples send "fully_uploaded":"true").
func (b body) boolean(key string) (bool, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return false, ok, nil
	}
	var x any
	_ = json.Unmarshal(v, &x)
	switch x := x.(type) {
	case bool:
		return x, true, nil
	case string:
		if p, err := strconv.ParseBool(x); err == nil {
			return p, true, nil
		}
	}
	return false, true, fmt.Errorf("%s must be true or false", key)
}

func (b body) integer(key string) (int64, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return 0, ok, nil
	}
	s, err := rawString(v)
	if err == nil {
		var n int64
		if n, err = strconv.ParseInt(s, 10, 64); err == nil {
			return n, true, nil
		}
	}
	return 0, true, fmt.Errorf("%s must be an integer", key)
}

// ref reads an association such as "client": {"id": 12}. null reports
// present with id 0.
func (b body) ref(key string) (int64, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return 0, ok, nil
	}
	sub, err := subBody(v)
	if err != nil {
		return 0, true, fmt.Errorf("%s must be an object like {\"id\": 1}", key)
	}
	id, _, err := sub.integer("id")
	if err != nil || id <= 0 {
		return 0, true, fmt.Errorf("%s must be an object like {\"id\": 1}", key)
	}
	return id, true, nil
}

func subBody(v json.RawMessage) (body, error) {
	var b body
	if err := json.Unmarshal(v, &b); err != nil || b == nil {
		return nil, fmt.Errorf("not an object")
	}
	return b, nil
}

// list reads an array of objects (nested attributes).
func (b body) list(key string) ([]body, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return nil, ok, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(v, &raws); err != nil {
		return nil, true, fmt.Errorf("%s must be an array", key)
	}
	out := make([]body, 0, len(raws))
	for _, r := range raws {
		sb, err := subBody(r)
		if err != nil {
			return nil, true, fmt.Errorf("%s must be an array of objects", key)
		}
		out = append(out, sb)
	}
	return out, true, nil
}

// strings reads an array of strings.
func (b body) strings(key string) ([]string, bool, error) {
	v, ok := b[key]
	if !ok || string(v) == "null" {
		return nil, ok, nil
	}
	var out []string
	if err := json.Unmarshal(v, &out); err != nil {
		return nil, true, fmt.Errorf("%s must be an array of strings", key)
	}
	return out, true, nil
}

// destroy reports a nested entry marked for deletion.
func (b body) destroy() bool {
	d, _, _ := b.boolean("_destroy")
	return d
}

// validationError is a 422 raised while applying a write.
type validationError struct{ msg string }

func (e *validationError) Error() string { return e.msg }

func invalid(format string, args ...any) error {
	return &validationError{msg: fmt.Sprintf(format, args...)}
}

// notImplementedError is a 501 raised while applying a write: the body
// asks for something the fake does not model.
type notImplementedError struct{ msg string }

func (e *notImplementedError) Error() string { return e.msg }
