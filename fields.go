package clio

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// Field is one entry of a fields selection: a field name such as
// "display_number", or an association with the fields wanted inside it,
// built with [Nested], such as "client{id,name}". Clio allows one level of
// nesting only. A name marked with [Unchecked] ("?redacted") is not looked
// up in the catalog.
type Field string

// uncheckedMark starts a name that the catalog does not check; it is
// never sent.
const uncheckedMark = "?"

// Nested selects fields inside an association: Nested("client", "id", "name")
// is "client{id,name}". With no fields Clio returns the association's id and
// etag. The names inside cannot nest further; validation rejects them. A name
// inside may be [Unchecked]: Nested("calendar_owner", "id", Unchecked("x")).
func Nested(name string, fields ...Field) Field {
	if len(fields) == 0 {
		return Field(name)
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = string(f)
	}
	return Field(name + "{" + strings.Join(parts, ",") + "}")
}

// Unchecked marks a field name that the SDK's catalog does not know, so that
// it is requested anyway: fields Clio added after the spec the catalog was
// generated from, such as the calendar entry "redacted" flag of API 4.0.12.
// It works at the top level and inside [Nested]:
//
//	clio.Fields("summary", clio.Unchecked("redacted"))
//	clio.Fields(clio.Nested("matter", "id", clio.Unchecked("new_flag")))
//
// The name is sent as is ("redacted"); Clio answers 400 InvalidFields if it
// does not know it either, and the generated models ignore it unless you
// decode into your own struct. Its syntax is still checked before anything
// is sent: one snake_case name, no braces or commas. An unchecked name takes
// no braces, since nothing inside an unknown association could be checked.
// The mark is the prefix "?", so Unchecked("redacted") is Field("?redacted"),
// and [ParseFields] accepts "?redacted" too; [FieldSet.Entries] keeps the
// mark, the rendered fields parameter drops it.
func Unchecked(name string) Field { return Field(uncheckedMark + name) }

// unmark splits the unchecked mark off a name.
func unmark(name string) (string, bool) { return strings.CutPrefix(name, uncheckedMark) }

// FieldSet is a selection of fields for one request. The zero FieldSet means
// "use the service's default fields". id and etag are always requested
// (where the record has them), so any record fetched through the SDK can be
// updated with If-Match.
type FieldSet struct {
	fields []Field
	// memo keeps the validated query per resource, so a set built once
	// (the services' defaults, say) is parsed and checked once.
	memo *fieldsMemo
}

// fieldsMemo maps a resource to its validated fields query. A map under a
// read-write lock rather than a sync.Map: sync.Map's generic internals in
// an exported type's fields are compiled again in every importing package.
type fieldsMemo struct {
	mu sync.RWMutex
	q  map[string]string
}

func newFieldsMemo() *fieldsMemo { return &fieldsMemo{q: map[string]string{}} }

func (m *fieldsMemo) load(resource string) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	q, ok := m.q[resource]
	return q, ok
}

func (m *fieldsMemo) store(resource, q string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.q[resource] = q
}

// Fields builds a selection from field names and [Nested] associations:
//
//	clio.Fields("display_number", "status", clio.Nested("client", "id", "name"))
//
// Names are checked against the resource's catalog when the request is built,
// before anything is sent.
func Fields(fields ...Field) FieldSet {
	return FieldSet{fields: slices.Clone(fields), memo: newFieldsMemo()}
}

// Entries returns the selection's entries as given, such as "status" and
// "client{id,name}", without the id and etag every request adds.
func (fs FieldSet) Entries() []Field { return slices.Clone(fs.fields) }

// IsZero reports whether no field was chosen.
func (fs FieldSet) IsZero() bool { return len(fs.fields) == 0 }

// fieldItem is one parsed entry: a name and, when braces were given, the
// names inside them. Names keep their unchecked mark.
type fieldItem struct {
	name   string
	nested []string
	braces bool
}

// FieldError reports a fields selection that Clio would refuse. It names the
// resource and the offending field; nothing was sent. It unwraps to an
// [*ArgumentError] with Param "fields", so it matches [ErrInvalidArgument].
type FieldError struct {
	Resource   string // the resource the selection was for, e.g. "Matter"; empty for syntax errors
	Field      string // the offending entry as written
	Reason     string
	Suggestion string // for an unknown name, the closest name the catalog knows; "" if none is close
}

// Error describes the failure without tokens, query values or body text.
func (e *FieldError) Error() string {
	s := fmt.Sprintf("clio: invalid fields entry %q: %s", e.Field, e.Reason)
	if e.Resource != "" {
		s = fmt.Sprintf("clio: invalid field %q for %s: %s", e.Field, e.Resource, e.Reason)
	}
	if e.Suggestion != "" {
		s += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return s
}

// Unwrap returns the [*ArgumentError] every local refusal is, so
// errors.Is(err, ErrInvalidArgument) and errors.As with an *ArgumentError
// work on a FieldError too.
func (e *FieldError) Unwrap() error {
	problem := fmt.Sprintf("invalid entry %q: %s", e.Field, e.Reason)
	if e.Resource != "" {
		problem = fmt.Sprintf("invalid field %q for %s: %s", e.Field, e.Resource, e.Reason)
	}
	return &ArgumentError{Param: "fields", Problem: problem, Suggestion: e.Suggestion}
}

// ParseFields parses a fields query value such as
// "id,etag,client{id,name},status", checking its syntax (names, braces and
// the single nesting level) but not the names. Use [FieldSet.Validate] to
// check names against a resource.
func ParseFields(s string) (FieldSet, error) {
	items, err := parseFieldList(s)
	if err != nil {
		return FieldSet{}, err
	}
	fs := FieldSet{fields: make([]Field, len(items)), memo: newFieldsMemo()}
	for i, it := range items {
		fs.fields[i] = it.field()
	}
	return fs, nil
}

// field renders the entry as given, unchecked marks included.
func (it fieldItem) field() Field { return it.render(false) }

// wire renders the entry as Clio's fields parameter takes it: no marks.
func (it fieldItem) wire() string { return string(it.render(true)) }

func (it fieldItem) render(dropMarks bool) Field {
	name := func(n string) Field {
		if dropMarks {
			n, _ = unmark(n)
		}
		return Field(n)
	}
	inner := make([]Field, len(it.nested))
	for i, n := range it.nested {
		inner[i] = name(n)
	}
	return Nested(string(name(it.name)), inner...)
}

// parseFieldList splits a comma list at depth zero and parses each entry.
func parseFieldList(s string) ([]fieldItem, error) {
	var items []fieldItem
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '{':
				depth++
				if depth > 1 {
					return nil, &FieldError{Field: s, Reason: "Clio allows one level of nesting only"}
				}
				continue
			case '}':
				depth--
				if depth < 0 {
					return nil, &FieldError{Field: s, Reason: "unbalanced braces"}
				}
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if depth != 0 {
			return nil, &FieldError{Field: s, Reason: "unbalanced braces"}
		}
		it, err := parseFieldItem(s[start:i])
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		start = i + 1
	}
	return items, nil
}

func parseFieldItem(raw string) (fieldItem, error) {
	s := strings.TrimSpace(raw)
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if !validFieldName(s) {
			return fieldItem{}, &FieldError{Field: raw, Reason: "not a field name"}
		}
		return fieldItem{name: s}, nil
	}
	name := strings.TrimSpace(s[:open])
	if !validFieldName(name) || !strings.HasSuffix(s, "}") {
		return fieldItem{}, &FieldError{Field: raw, Reason: "want name{field,...}"}
	}
	if _, unchecked := unmark(name); unchecked {
		return fieldItem{}, &FieldError{Field: raw, Reason: "an unchecked name takes no braces"}
	}
	inner := s[open+1 : len(s)-1]
	if strings.ContainsAny(inner, "{}") {
		return fieldItem{}, &FieldError{Field: raw, Reason: "Clio allows one level of nesting only"}
	}
	it := fieldItem{name: name, braces: true}
	for part := range strings.SplitSeq(inner, ",") {
		part = strings.TrimSpace(part)
		if !validFieldName(part) {
			return fieldItem{}, &FieldError{Field: raw, Reason: fmt.Sprintf("%q is not a field name", part)}
		}
		it.nested = append(it.nested, part)
	}
	return it, nil
}

// validFieldName accepts Clio's snake_case names, with or without the
// unchecked mark.
func validFieldName(s string) bool {
	s, _ = unmark(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Validate checks every entry against the catalog of the named resource (the
// schema name in Clio's spec, such as "Matter" or "CalendarEntry").
func (fs FieldSet) Validate(resource string) error {
	_, err := fs.query(resource)
	return err
}

// query validates fs for resource and renders the fields parameter: id and
// etag first, then the selection in order, duplicates dropped.
func (fs FieldSet) query(resource string) (string, error) {
	if fs.memo != nil {
		if q, ok := fs.memo.load(resource); ok {
			return q, nil
		}
	}
	q, err := fs.build(resource)
	if err == nil && fs.memo != nil {
		fs.memo.store(resource, q)
	}
	return q, err
}

func (fs FieldSet) build(resource string) (string, error) {
	valid, ok := fieldCatalog[resource]
	if !ok {
		return "", &FieldError{Resource: resource, Reason: "unknown resource"}
	}
	// id and etag always, where the record has them (a few, such as
	// BillableClient, have no etag: asking for one is a 400).
	out := make([]string, 0, 2+len(fs.fields))
	for _, always := range []string{"id", "etag"} {
		if _, has := valid[always]; has {
			out = append(out, always)
		}
	}
	for _, f := range fs.fields {
		items, err := parseFieldList(string(f))
		if err != nil {
			return "", err
		}
		if len(items) != 1 {
			// A Field is one entry, so a name from Unchecked cannot
			// smuggle a comma list past the catalog.
			return "", &FieldError{Field: string(f), Reason: "a Field holds one entry; pass each as its own argument"}
		}
		it := items[0]
		if err := checkItem(resource, valid, it); err != nil {
			return "", err
		}
		if s := it.wire(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ","), nil
}

// checkItem checks one entry against a resource's catalog. Unchecked names
// are let through; their syntax was checked when parsing.
func checkItem(resource string, valid map[string][]string, it fieldItem) error {
	if _, unchecked := unmark(it.name); unchecked {
		return nil
	}
	inner, ok := valid[it.name]
	if !ok {
		return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%s has no field %q", resource, it.name),
			Suggestion: closestName(it.name, slices.Collect(maps.Keys(valid)))}
	}
	if !it.braces {
		return nil
	}
	if inner == nil {
		return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%q is not an association, so it takes no braces", it.name)}
	}
	for _, n := range it.nested {
		if _, unchecked := unmark(n); unchecked {
			continue
		}
		if !slices.Contains(inner, n) {
			return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%q has no field %q", it.name, n),
				Suggestion: closestName(n, inner)}
		}
	}
	return nil
}

// closestName returns the known name nearest to name by edit distance, if
// it is at most 2 edits away and closer than name is long (so "xy" does not
// suggest "id"); ties go to the alphabetically first. "" if none.
func closestName(name string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		d := editDistance(name, k)
		if d < bestDist && d < len(name) || d == bestDist && best != "" && k < best {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (field names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// String renders the selection as Clio's fields parameter without checking
// it against a catalog; id and etag come first, unchecked marks are dropped.
func (fs FieldSet) String() string {
	out := []string{"id", "etag"}
	for _, f := range fs.fields {
		s := string(f)
		if items, err := parseFieldList(s); err == nil {
			parts := make([]string, len(items))
			for i, it := range items {
				parts[i] = it.wire()
			}
			s = strings.Join(parts, ",")
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ",")
}

// FieldsFor derives a selection from the json tags of struct type T, so a
// caller can declare the slim struct it wants and request exactly those
// fields. A field whose type is a struct, a pointer to one or a slice of them
// (other than time.Time and Date) becomes an association with the names of
// its own tagged fields inside braces.
func FieldsFor[T any]() FieldSet {
	t := reflect.TypeFor[T]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	fs := FieldSet{memo: newFieldsMemo()}
	for i := range t.NumField() {
		sf := t.Field(i)
		name := jsonName(sf)
		switch inner := structElem(sf.Type); {
		case name == "":
		case inner != nil:
			fs.fields = append(fs.fields, Nested(name, jsonNames(inner)...))
		default:
			fs.fields = append(fs.fields, Field(name))
		}
	}
	return fs
}

// jsonNames lists the json names of a struct's exported, tagged fields.
func jsonNames(t reflect.Type) []Field {
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []Field
	for i := range t.NumField() {
		if n := jsonName(t.Field(i)); n != "" {
			names = append(names, Field(n))
		}
	}
	return names
}

func jsonName(sf reflect.StructField) string {
	if !sf.IsExported() {
		return ""
	}
	tag := sf.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || name == "" {
		return ""
	}
	return name
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[Date]()
)

// structElem returns the struct type behind a pointer or slice, or nil for
// scalars (time.Time and Date count as scalars).
func structElem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || t == dateType {
		return nil
	}
	return t
}
