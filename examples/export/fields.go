package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// column is one CSV column: a field, or a field inside an association
// (client.name).
type column struct{ field, sub string }

func (c column) String() string {
	if c.sub == "" {
		return c.field
	}
	return c.field + "." + c.sub
}

// columns flattens a validated selection into CSV columns, id first:
// client{id,name} becomes client.id and client.name.
func columns(fs clio.FieldSet) []column {
	cols := []column{{field: "id"}}
	for _, e := range fs.Entries() {
		name, inner, nested := strings.Cut(string(e), "{")
		switch {
		case name == "id":
		case !nested:
			cols = append(cols, column{field: name})
		default:
			for sub := range strings.SplitSeq(strings.TrimSuffix(inner, "}"), ",") {
				cols = append(cols, column{field: name, sub: sub})
			}
		}
	}
	return cols
}

// csvRow renders a record as Clio sent it into cells, one per column.
func csvRow(raw json.RawMessage, cols []column) ([]string, error) {
	var rec map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber() // ids and amounts print exactly as sent
	if err := d.Decode(&rec); err != nil {
		return nil, err
	}
	cells := make([]string, len(cols))
	for i, c := range cols {
		v := rec[c.field]
		if c.sub != "" {
			v = pick(v, c.sub)
		}
		cells[i] = cell(v)
	}
	return cells, nil
}

// pick reads sub from an association: an object, or for a to-many
// association a list of the values.
func pick(v any, sub string) any {
	switch v := v.(type) {
	case map[string]any:
		return v[sub]
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = pick(x, sub)
		}
		return out
	}
	return nil
}

// cell formats one value: text and numbers as they are, null as an empty
// cell, lists and objects as JSON.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
