package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// entry is one item of -fields: a field, or an association with the fields
// chosen inside it (client{id,name}).
type entry struct {
	name   string
	sub    []string
	braces bool
}

// parseEntries splits a fields string that clio.ParseFields has accepted
// (so its syntax is known to be good) into entries.
func parseEntries(s string) ([]entry, error) {
	var out []entry
	seen := map[string]bool{}
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '{':
				depth++
			case '}':
				depth--
			}
			if s[i] != ',' || depth > 0 {
				continue
			}
		}
		name, inner, braces := strings.Cut(strings.TrimSpace(s[start:i]), "{")
		e := entry{name: strings.TrimSpace(name), braces: braces}
		if braces {
			for f := range strings.SplitSeq(strings.TrimSuffix(strings.TrimSpace(inner), "}"), ",") {
				e.sub = append(e.sub, strings.TrimSpace(f))
			}
		}
		if seen[e.name] {
			return nil, fmt.Errorf("%q is named twice", e.name)
		}
		seen[e.name] = true
		out = append(out, e)
		start = i + 1
	}
	return out, nil
}

// columns names the CSV columns: nested fields flatten to client.name.
func columns(entries []entry) []string {
	var cols []string
	for _, e := range entries {
		if !e.braces {
			cols = append(cols, e.name)
			continue
		}
		for _, s := range e.sub {
			cols = append(cols, e.name+"."+s)
		}
	}
	return cols
}

// object is a JSON object that keeps its keys in the order of -fields.
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// project picks the chosen fields out of a typed record (a clio.Matter,
// say) by their JSON names. Reading the struct fields, rather than
// re-encoding the record, keeps false, 0 and "" that omitempty would drop.
func project(v reflect.Value, entries []entry) object {
	o := make(object, len(entries))
	for i, e := range entries {
		f := field(v, e.name)
		if e.braces {
			o[i] = member{e.name, nested(f, e.sub)}
		} else {
			o[i] = member{e.name, value(f)}
		}
	}
	return o
}

// nested renders an association: an object of the sub fields, a list of
// them for to-many associations, or null.
func nested(v reflect.Value, sub []string) any {
	v = deref(v)
	switch {
	case !v.IsValid():
		return nil
	case v.Kind() == reflect.Slice:
		list := make([]object, v.Len())
		for i := range list {
			list[i] = pick(v.Index(i), sub)
		}
		return list
	case v.Kind() == reflect.Struct:
		return pick(v, sub)
	}
	return value(v)
}

func pick(v reflect.Value, names []string) object {
	o := make(object, len(names))
	for i, n := range names {
		o[i] = member{n, value(field(v, n))}
	}
	return o
}

// row renders a record as CSV cells, in the order of columns.
func row(v reflect.Value, entries []entry) []string {
	var cells []string
	for _, e := range entries {
		f := field(v, e.name)
		if !e.braces {
			cells = append(cells, cell(value(f)))
			continue
		}
		n := nested(f, e.sub)
		for i := range e.sub {
			switch n := n.(type) {
			case object:
				cells = append(cells, cell(n[i].value))
			case []object: // a to-many association: the values as a JSON list
				vals := make([]any, len(n))
				for j, o := range n {
					vals[j] = o[i].value
				}
				cells = append(cells, cell(vals))
			default:
				cells = append(cells, "")
			}
		}
	}
	return cells
}

// cell formats one value for CSV: text as is, times in RFC 3339, lists and
// objects as JSON, null as an empty cell.
func cell(x any) string {
	switch x := x.(type) {
	case nil:
		return ""
	case time.Time:
		return x.Format(time.RFC3339)
	case fmt.Stringer: // clio.Date
		return x.String()
	}
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Float32:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(x)
	return string(b)
}

// fieldIndex caches, per struct type, field positions by JSON name.
var fieldIndex = map[reflect.Type]map[string]int{}

// field returns the struct field with JSON name name, or the zero Value
// when v is nil or the model has no such field.
func field(v reflect.Value, name string) reflect.Value {
	v = deref(v)
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	idx, ok := fieldIndex[v.Type()]
	if !ok {
		idx = map[string]int{}
		for i := range v.NumField() {
			n, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			if n != "" && n != "-" {
				idx[n] = i
			}
		}
		fieldIndex[v.Type()] = idx
	}
	if i, ok := idx[name]; ok {
		return v.Field(i)
	}
	return reflect.Value{}
}

func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// value is a field as the output shows it: null for a missing field, a nil
// association, and a zero time or date (what Clio's null decodes to).
func value(v reflect.Value) any {
	v = deref(v)
	if !v.IsValid() {
		return nil
	}
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok && v.Kind() == reflect.Struct && z.IsZero() {
		return nil
	}
	return v.Interface()
}
