package main

import (
	"bytes"
	"encoding/json"
	"regexp"
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

// cell formats one value: text (made inert, see inert) and numbers as
// they are, null as an empty cell, lists and objects as JSON (which starts
// with [ or {, so never reads as a formula).
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return inert(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (or, for tab and CR, hide one after them): OWASP's
// list for CSV injection.
const formulaStarts = "=+-@\t\r"

// plainNumber matches a decimal number and nothing else: -12.50, +3, 1e-4.
var plainNumber = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// inert neutralises text a spreadsheet would run as a formula: a cell that
// starts with = + - @ tab or CR gets a leading single quote, so =1+1 and
// =HYPERLINK(...) open as text (OWASP's rule). Text that is a plain
// decimal number (-12.50, +44) is left as it is, as OWASP allows: it
// cannot hold a formula, and a spreadsheet should read it as the number.
// JSON numbers never reach here; they are written as sent.
func inert(s string) string {
	if s == "" || !strings.ContainsRune(formulaStarts, rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}
