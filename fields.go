package clio

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// Field is one entry of a fields selection: a field name such as
// "display_number", or an association with the fields wanted inside it,
// built with [Nested], such as "client{id,name}". Clio allows one level of
// nesting only.
type Field string

// Nested selects fields inside an association: Nested("client", "id", "name")
// is "client{id,name}". With no fields Clio returns the association's id and
// etag. The names inside cannot nest further; validation rejects them.
func Nested(name string, fields ...string) Field {
	if len(fields) == 0 {
		return Field(name)
	}
	return Field(name + "{" + strings.Join(fields, ",") + "}")
}

// FieldSet is a selection of fields for one request. The zero FieldSet means
// "use the service's default fields". id and etag are always requested, so
// any record fetched through the SDK can be updated with If-Match.
type FieldSet struct {
	fields []Field
	// memo keeps the validated query per resource, so a set built once
	// (the services' defaults, say) is parsed and checked once.
	memo *sync.Map
}

// Fields builds a selection from field names and [Nested] associations:
//
//	clio.Fields("display_number", "status", clio.Nested("client", "id", "name"))
//
// Names are checked against the resource's catalog when the request is built,
// before anything is sent.
func Fields(fields ...Field) FieldSet {
	return FieldSet{fields: slices.Clone(fields), memo: new(sync.Map)}
}

// Entries returns the selection's entries as given, such as "status" and
// "client{id,name}", without the id and etag every request adds.
func (fs FieldSet) Entries() []Field { return slices.Clone(fs.fields) }

// IsZero reports whether no field was chosen.
func (fs FieldSet) IsZero() bool { return len(fs.fields) == 0 }

// fieldItem is one parsed entry: a name and, when braces were given, the
// names inside them.
type fieldItem struct {
	name   string
	nested []string
	braces bool
}

// FieldError reports a fields selection that Clio would refuse. It names the
// resource and the offending field; nothing was sent.
type FieldError struct {
	Resource string // the resource the selection was for, e.g. "Matter"; empty for syntax errors
	Field    string // the offending entry as written
	Reason   string
}

// Error describes the failure without tokens, query values or body text.
func (e *FieldError) Error() string {
	if e.Resource == "" {
		return fmt.Sprintf("clio: invalid fields entry %q: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("clio: invalid field %q for %s: %s", e.Field, e.Resource, e.Reason)
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
	fs := FieldSet{fields: make([]Field, len(items)), memo: new(sync.Map)}
	for i, it := range items {
		fs.fields[i] = it.field()
	}
	return fs, nil
}

func (it fieldItem) field() Field { return Nested(it.name, it.nested...) }

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

// validFieldName accepts Clio's snake_case names.
func validFieldName(s string) bool {
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
		if q, ok := fs.memo.Load(resource); ok {
			return q.(string), nil
		}
	}
	q, err := fs.build(resource)
	if err == nil && fs.memo != nil {
		fs.memo.Store(resource, q)
	}
	return q, err
}

func (fs FieldSet) build(resource string) (string, error) {
	valid, ok := fieldCatalog[resource]
	if !ok {
		return "", &FieldError{Resource: resource, Reason: "unknown resource"}
	}
	out := []string{"id", "etag"}
	for _, f := range fs.fields {
		items, err := parseFieldList(string(f))
		if err != nil {
			return "", err
		}
		for _, it := range items {
			if err := checkItem(resource, valid, it); err != nil {
				return "", err
			}
			if s := string(it.field()); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, ","), nil
}

func checkItem(resource string, valid map[string][]string, it fieldItem) error {
	inner, ok := valid[it.name]
	if !ok {
		return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%s has no field %q", resource, it.name)}
	}
	if !it.braces {
		return nil
	}
	if inner == nil {
		return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%q is not an association, so it takes no braces", it.name)}
	}
	for _, n := range it.nested {
		if !slices.Contains(inner, n) {
			return &FieldError{Resource: resource, Field: string(it.field()), Reason: fmt.Sprintf("%q has no field %q", it.name, n)}
		}
	}
	return nil
}

// String renders the selection as Clio's fields parameter without checking
// it; id and etag come first.
func (fs FieldSet) String() string {
	out := []string{"id", "etag"}
	for _, f := range fs.fields {
		if s := string(f); !slices.Contains(out, s) {
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
	fs := FieldSet{memo: new(sync.Map)}
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
func jsonNames(t reflect.Type) []string {
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		if n := jsonName(t.Field(i)); n != "" {
			names = append(names, n)
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
