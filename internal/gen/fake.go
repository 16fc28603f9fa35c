package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The fake's table. cliotest (the SDK's fake Clio) serves every operation
// of the spec, so it needs at run time what the SDK was generated from:
// each operation's method, path, record and query parameters, the shape of
// its request body, and the fields of every record. fakeFile holds them as
// plain Go data in package cliotest, facts only (no descriptions), with
// the same request-body corrections the SDK applies (bodyOverrides), so
// the fake never refuses a body the SDK sends.
//
// Query parameters of a list carry how the fake can filter on them
// generically, decided here where the schemas are at hand:
//
//   - <assoc>_id, where the record has a single association <assoc>:
//     records whose <assoc>.id is the value (matchRef);
//   - a parameter named as a scalar field of the record, of the same type
//     (booleans, integers, and string enums whose values are the field's
//     ignoring case: type, status, priority): equality (matchEq). Where
//     the spec spells the two enums differently (a task's priority filter
//     takes high, the record holds High), the table carries the record's
//     spelling of each value too (stored), so the fake compares exactly.
//
// Anything else is the fake's to model by name, or it answers 501.
//
// A parameter's enum is carried (enum) so the fake refuses a value outside
// it, compared exactly, whether or not it models the filter.

// fakeFile is the generated table, relative to the output directory.
const fakeFile = "cliotest/spec_gen.go"

// fakeTypes maps a body override's Go type to the JSON type the fake
// accepts.
var fakeTypes = map[string]string{
	"int64":           "jInteger",
	"CompositeID":     "jStringOrInteger",
	"json.RawMessage": "jAny",
	// Enums the spec declares wrongly: the fake takes any string there.
	"DiscountBaseType":                          "jString",
	"TaskTemplateCreateCascadingOffsetType":     "jString",
	"TaskTemplateCreateCascadingOffsetPolarity": "jString",
}

// fakeFormat is the format the fake checks a string of spec format f
// against, after the semantic table's entry for key (semantics.go): a
// calendar date typed date-time is checked as a date.
func fakeFormat(key, f string) string {
	if m, ok := semantics[key]; ok && m.kind.format() != "" {
		return m.kind.format()
	}
	if f == "date" || f == "date-time" {
		return f
	}
	return ""
}

// renderFake writes the source of fakeFile (before gofmt).
func renderFake(s *spec, svc *services, specName string) ([]byte, error) {
	var b strings.Builder
	b.WriteString(header(specName))
	b.WriteString("package cliotest\n\n")
	b.WriteString(comment("specOps lists every operation of Clio's spec, by operationId: its method, "+
		"path, the record it answers (for a delete, the record it removes), its query parameters "+
		"(fields and page_token aside) and its JSON request body's data object.", ""))
	b.WriteString("var specOps = []opSpec{\n")
	recordOf := map[string]string{}
	for _, op := range svc.ops {
		if op.record != "" && recordOf[op.resource] == "" {
			recordOf[op.resource] = op.record
		}
	}
	for _, op := range svc.ops {
		record := op.record
		if op.kind == kindDelete {
			record = recordOf[op.resource]
		}
		fmt.Fprintf(&b, "\t{id: %q, method: %q, path: %q, record: %q, action: %q", op.id, op.method, op.path, record, op.action)
		if len(op.query) > 0 {
			b.WriteString(", query: []paramSpec{")
			for i, p := range op.query {
				if i > 0 {
					b.WriteString(", ")
				}
				ps, err := fakeParam(s, op, record, p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", op.id, err)
				}
				b.WriteString(ps)
			}
			b.WriteString("}")
		}
		if op.body != nil && op.kind != kindDelete {
			sh, err := fakeShape(op, "", op.body)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op.id, err)
			}
			b.WriteString(", body: &" + sh)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	b.WriteString(comment("specRecords lists the fields of every record of the spec (keyed by schema name, "+
		"as the fields catalog is): a scalar's JSON type, or for an association the record it refers "+
		"to (\"\" when that is no record of the spec) and whether it is a list.", ""))
	b.WriteString("var specRecords = map[string]map[string]fieldSpec{\n")
	for _, res := range s.resources() {
		props, err := s.props(res)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "\t%q: {", res)
		for i, p := range props {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q: %s", p.name, fakeField(s, res, p.name, p.schema))
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return []byte(b.String()), nil
}

// fakeParam renders one query parameter of op as a paramSpec literal.
func fakeParam(s *spec, op *genOp, record string, p *parameter) (string, error) {
	if p.Schema == nil {
		return "", fmt.Errorf("parameter %s without a schema", p.Name)
	}
	t := jsonType(p.Schema)
	if strings.HasSuffix(p.Name, "[]") {
		t = "jArray"
	}
	out := fmt.Sprintf("{name: %q, t: %s", p.Name, t)
	if f := fakeFormat(op.id+"?"+p.Name, p.Schema.Format); f != "" {
		out += fmt.Sprintf(", format: %q", f)
	}
	if p.Required {
		out += ", required: true"
	}
	if p.Name == "limit" && p.Schema.Maximum != nil {
		out += fmt.Sprintf(", max: %d", int(*p.Schema.Maximum))
	}
	enum := paramEnum(p)
	if len(enum) > 0 {
		out += ", enum: []string{" + quoteAll(enum) + "}"
	}
	if op.kind == kindList && record != "" {
		if m, field := listMatch(s, record, p); m != "" {
			out += fmt.Sprintf(", match: %s, field: %q", m, field)
			if stored := storedSpelling(s, record, field, enum); stored != nil {
				out += ", stored: []string{" + quoteAll(stored) + "}"
			}
		}
	}
	return out + "}", nil
}

// notValueEnums are query parameters whose enum in the spec lists
// operators or a search target rather than the values the parameter takes
// (custom_field_values=12<=3, query=name, open_date[]=>=2026-01-01): the
// fake carries no enum for them.
var notValueEnums = map[string]bool{
	"custom_field_values": true, "query": true,
	"open_date[]": true, "close_date[]": true, "pending_date[]": true,
}

// paramEnum returns the values a query parameter takes (an array's items'
// values for a list parameter), or nil. They are the spec's exactly, as
// the SDK's constants are, so the fake takes every value the SDK sends.
func paramEnum(p *parameter) []string {
	if notValueEnums[p.Name] {
		return nil
	}
	if len(p.Schema.Enum) == 0 && p.Schema.Items != nil {
		return p.Schema.Items.Enum
	}
	return p.Schema.Enum
}

// storedSpelling returns, for a matchEq string filter whose enum the
// record's field spells differently, the field's spelling of each of the
// filter's values (in the same order); nil when the spellings agree.
func storedSpelling(s *spec, record, field string, enum []string) []string {
	props, err := s.props(record)
	if err != nil || len(enum) == 0 {
		return nil
	}
	for _, pr := range props {
		if pr.name != field || slices.Equal(pr.schema.Enum, enum) {
			continue
		}
		out := make([]string, len(enum))
		same := true
		for i, v := range enum {
			j := slices.IndexFunc(pr.schema.Enum, func(y string) bool { return strings.EqualFold(v, y) })
			if j < 0 {
				return nil
			}
			out[i] = pr.schema.Enum[j]
			same = same && out[i] == v
		}
		if same {
			return nil
		}
		return out
	}
	return nil
}

// listMatch says how a list parameter filters generically (see the top of
// this file): matchRef or matchEq and the field, or "".
func listMatch(s *spec, record string, p *parameter) (string, string) {
	props, err := s.props(record)
	if err != nil {
		return "", ""
	}
	byName := map[string]*schema{}
	for _, pr := range props {
		byName[pr.name] = pr.schema
	}
	if assoc, ok := strings.CutSuffix(p.Name, "_id"); ok && p.Schema.Type == "integer" {
		if f := byName[assoc]; f != nil {
			if _, array, isAssoc := assocTarget(f); isAssoc && !array {
				return "matchRef", assoc
			}
		}
	}
	f := byName[p.Name]
	if f == nil {
		return "", ""
	}
	if _, _, isAssoc := assocTarget(f); isAssoc || f.Type != p.Schema.Type {
		return "", ""
	}
	switch f.Type {
	case "boolean", "integer":
		return "matchEq", p.Name
	case "string":
		if len(p.Schema.Enum) > 0 && sameFold(p.Schema.Enum, f.Enum) {
			return "matchEq", p.Name
		}
	}
	return "", ""
}

// sameFold reports whether a and b hold the same strings, ignoring case.
func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) }) {
			return false
		}
	}
	return true
}

// jsonType names the fake's constant for a schema's JSON type.
func jsonType(s *schema) string {
	switch s.Type {
	case "string":
		return "jString"
	case "integer":
		return "jInteger"
	case "number":
		return "jNumber"
	case "boolean":
		return "jBoolean"
	case "array":
		return "jArray"
	case "object":
		return "jObject"
	}
	if len(s.Properties) > 0 {
		return "jObject"
	}
	return "jAny"
}

// fakeShape renders the body schema sc found at path (below the body; ""
// for the body itself) as a shape literal, applying bodyOverrides.
func fakeShape(op *genOp, path string, sc *schema) (string, error) {
	if sc.Ref != "" {
		return "", fmt.Errorf("%s: $ref in a request body is not supported", path)
	}
	t := jsonType(sc)
	if semantics[op.id+"."+path].kind == kindMoney {
		t = "jNumber" // a decimal amount, even where the spec says integer
	}
	var parts []string
	parts = append(parts, "t: "+t)
	if f := fakeFormat(op.id+"."+path, sc.Format); f != "" && t == "jString" {
		parts = append(parts, fmt.Sprintf("format: %q", f))
	}
	if len(sc.Enum) > 0 && t == "jString" {
		parts = append(parts, "enum: []string{"+quoteAll(sc.Enum)+"}")
	}
	switch t {
	case "jArray":
		if sc.Items == nil {
			return "", fmt.Errorf("%s: array without items", path)
		}
		elem, err := fakeShape(op, path+"[]", sc.Items)
		if err != nil {
			return "", err
		}
		parts = append(parts, "items: &"+elem)
	case "jObject":
		var req []string
		for _, r := range sc.Required {
			if !bodyOverrideAt(op, path, r).optional {
				req = append(req, r)
			}
		}
		slices.Sort(req)
		if len(req) > 0 {
			parts = append(parts, "required: []string{"+quoteAll(req)+"}")
		}
		if len(sc.Properties) > 0 {
			var props []string
			for _, name := range slices.Sorted(maps.Keys(sc.Properties)) {
				at := name
				if path != "" {
					at = path + "." + name
				}
				ps, err := fakeShape(op, at, sc.Properties[name])
				if err != nil {
					return "", err
				}
				if o := bodyOverrideAt(op, path, name); o.goType != "" {
					ft, ok := fakeTypes[o.goType]
					if !ok {
						return "", fmt.Errorf("%s: no JSON type for the override type %s (add it to fakeTypes)", at, o.goType)
					}
					ps = "shape{t: " + ft + "}"
				}
				props = append(props, fmt.Sprintf("%q: %s", name, strings.TrimPrefix(ps, "shape")))
			}
			parts = append(parts, "props: map[string]*shape{"+strings.Join(props, ", ")+"}")
		}
	}
	return "shape{" + strings.Join(parts, ", ") + "}", nil
}

// bodyOverrideAt returns the body override of property name of the object
// at path, as bodyObject looks it up.
func bodyOverrideAt(op *genOp, path, name string) bodyOverride {
	at := name
	if path != "" {
		at = path + "." + name
	}
	for _, key := range []string{op.id + "." + at, "*." + at} {
		if o, ok := bodyOverrides[key]; ok {
			return o
		}
	}
	return bodyOverride{}
}

// fakeField renders one field of record res as a fieldSpec literal.
func fakeField(s *spec, res, name string, p *schema) string {
	target, array, ok := assocTarget(p)
	if !ok {
		t := jsonType(p)
		key := res + baseSuffix + "." + name
		if k := semantics[key].kind; k == kindMoney || k == kindRatio {
			t = "jAny" // a number, or a string holding one
		}
		out := "{t: " + t
		if f := fakeFormat(key, p.Format); f != "" && t == "jString" {
			out += fmt.Sprintf(", format: %q", f)
		}
		if len(p.Enum) > 0 && t == "jString" {
			out += ", enum: []string{" + quoteAll(p.Enum) + "}"
		}
		return out + "}"
	}
	ref := strings.TrimSuffix(target, baseSuffix)
	if !isRecord(s, ref) {
		// A view of another record under its owner's name
		// (Activity_CalendarEntry_base is a CalendarEntry).
		if rest, cut := strings.CutPrefix(ref, res+"_"); cut && isRecord(s, rest) {
			ref = rest
		} else {
			ref = ""
		}
	}
	out := fmt.Sprintf("{ref: %q", ref)
	if ref == "" {
		out = "{t: jObject"
	}
	if array {
		out += ", many: true"
	}
	return out + "}"
}

// isRecord reports whether name is a resource pair of the spec.
func isRecord(s *spec, name string) bool {
	_, full := s.schemas[name]
	_, base := s.schemas[name+baseSuffix]
	return full && base && !isEnvelope(name)
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
