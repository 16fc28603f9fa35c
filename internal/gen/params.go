package main

import (
	"fmt"
	"strings"
)

// Query parameters become a params struct per operation (ActivityListParams,
// MatterDocketPreviewParams), typed from the parameter's schema:
//
//	ids[], exclude_ids[] ...  []int64, one ids[]=N per element
//	custom_field_values       []CustomFieldFilter (custom_field_values[<id>]=<op><value>)
//	enum                      the record's enum type when its values are the same
//	                          (Activity#index type -> ActivityType), else a new
//	                          enum named <Struct><Field> (ActivityListOrder)
//	date-time, date           time.Time (RFC 3339), Date (YYYY-MM-DD)
//	int64, int32              int64, int
//	boolean                   Opt[bool]: false is a filter too
//	limit                     Limit int, checked against the operation's range
//
// Zero values are not sent. A required parameter left zero is refused
// before the request leaves. fields, page_token and the headers are not
// parameters: fields and headers are call options, the pager owns
// page_token. A list's params struct is always generated (perhaps empty),
// so every List has one shape; another operation gets one only when it has
// query parameters. When all of them are optional (Bill#show's navigation)
// the struct is a CallOption, so Get keeps the (ctx, id, opts...) shape.

// paramEnc is how a params field is put in the query.
type paramEnc int

const (
	encString       paramEnc = iota // qSetString, for strings and string enums
	encID                           // qSetID (int64)
	encInt                          // qSetInt (int)
	encBool                         // qSetBool (Opt[bool])
	encTime                         // qSetTime
	encDate                         // qSetDate
	encIDs                          // qSetIDs ([]int64)
	encEnums                        // qAddStrings ([]enum)
	encCustomFields                 // setCustomFieldFilters
)

// paramField is one field of a params struct.
type paramField struct {
	name, wire, typ string
	enc             paramEnc
	required        bool
}

// paramsStruct is one generated params type.
type paramsStruct struct {
	name     string
	op       *genOp
	fields   []paramField
	limit    bool // has Limit, checked against limitMin..limitMax
	limitMin int
	limitMax int
	limitDef int  // sent when Limit is 0
	asOption bool // implements CallOption instead of being a parameter
}

// required reports whether any field is required.
func (p *paramsStruct) required() bool {
	for _, f := range p.fields {
		if f.required {
			return true
		}
	}
	return false
}

// buildParams makes the params struct of op, or nil when it takes none.
func (g *servicesBuilder) buildParams(op *genOp) (*paramsStruct, error) {
	if len(op.query) == 0 && op.kind != kindList {
		return nil, nil
	}
	base := typeName(op.resource)
	if op.resource == "ClioFile::Submission" {
		base = "ClioFileSubmission"
	}
	ps := &paramsStruct{name: base + op.goMethod + "Params", op: op}
	for _, p := range op.query {
		if p.Schema == nil {
			return nil, fmt.Errorf("parameter %s without a schema", p.Name)
		}
		if p.Name == "limit" {
			if op.kind != kindList {
				return nil, fmt.Errorf("limit on an operation that does not page")
			}
			ps.limit = true
			ps.limitMin, ps.limitMax, ps.limitDef = 1, 200, 200
			if p.Schema.Minimum != nil {
				ps.limitMin = int(*p.Schema.Minimum)
			}
			if p.Schema.Maximum != nil {
				ps.limitMax = int(*p.Schema.Maximum)
			}
			if d := string(p.Schema.Default); d != "" {
				if _, err := fmt.Sscan(d, &ps.limitDef); err != nil {
					return nil, fmt.Errorf("limit default %s: %w", d, err)
				}
			}
			continue
		}
		f, err := g.paramField(ps, p)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		ps.fields = append(ps.fields, f)
	}
	ps.asOption = op.kind != kindList && !ps.required()
	return ps, nil
}

// paramField types one query parameter.
func (g *servicesBuilder) paramField(ps *paramsStruct, p *parameter) (paramField, error) {
	s := p.Schema
	f := paramField{name: goName(p.Name), wire: p.Name, required: p.Required}
	if p.Name == "custom_field_values" {
		f.name, f.typ, f.enc = "CustomFieldValues", "[]CustomFieldFilter", encCustomFields
		return f, nil
	}
	if strings.HasSuffix(p.Name, "[]") {
		switch {
		case len(s.Enum) > 0:
			if strings.Contains(strings.Join(s.Enum, ""), "DATE") {
				return f, fmt.Errorf("date operator filters are not supported by the generator")
			}
			t, err := g.enumFor(ps.op.record, strings.TrimSuffix(p.Name, "[]"), strings.TrimSuffix(ps.name, "Params")+f.name, s.Enum)
			if err != nil {
				return f, err
			}
			f.typ, f.enc = "[]"+t, encEnums
		case s.Type == "integer":
			f.typ, f.enc = "[]int64", encIDs
		default:
			return f, fmt.Errorf("array parameter of type %q", s.Type)
		}
		return f, nil
	}
	switch m := semantics[ps.op.id+"?"+p.Name]; {
	case m.kind == kindDate:
		f.typ, f.enc = "Date", encDate
	case m.kind == kindInstant:
		f.typ, f.enc = "time.Time", encTime
	case len(s.Enum) > 0:
		if s.Type != "string" {
			return f, fmt.Errorf("enum of type %q", s.Type)
		}
		t, err := g.enumFor(ps.op.record, p.Name, strings.TrimSuffix(ps.name, "Params")+f.name, s.Enum)
		if err != nil {
			return f, err
		}
		f.typ, f.enc = t, encString
	case s.Type == "string" && s.Format == "date-time":
		f.typ, f.enc = "time.Time", encTime
	case s.Type == "string" && s.Format == "date":
		f.typ, f.enc = "Date", encDate
	case s.Type == "string":
		f.typ, f.enc = "string", encString
	case s.Type == "integer" && s.Format == "int32":
		f.typ, f.enc = "int", encInt
	case s.Type == "integer":
		f.typ, f.enc = "int64", encID
	case s.Type == "boolean":
		f.typ, f.enc = "Opt[bool]", encBool
	default:
		return f, fmt.Errorf("type %q (format %q)", s.Type, s.Format)
	}
	return f, nil
}

// zeroTest is the Go condition that a required field is missing.
func (f paramField) zeroTest() string {
	switch {
	case f.typ == "time.Time", f.typ == "Date", f.enc == encBool:
		return "p." + f.name + ".IsZero()"
	case strings.HasPrefix(f.typ, "[]"):
		return "len(p." + f.name + ") == 0"
	case f.enc == encID, f.enc == encInt:
		return "p." + f.name + " == 0"
	}
	return "p." + f.name + ` == ""`
}

// setter is the Go statement that puts the field in q.
func (f paramField) setter() string {
	switch f.enc {
	case encID:
		return fmt.Sprintf("qSetID(q, %q, p.%s)", f.wire, f.name)
	case encInt:
		return fmt.Sprintf("qSetInt(q, %q, p.%s)", f.wire, f.name)
	case encBool:
		return fmt.Sprintf("qSetBool(q, %q, p.%s)", f.wire, f.name)
	case encTime:
		return fmt.Sprintf("qSetTime(q, %q, p.%s)", f.wire, f.name)
	case encDate:
		return fmt.Sprintf("qSetDate(q, %q, p.%s)", f.wire, f.name)
	case encIDs:
		return fmt.Sprintf("qSetIDs(q, %q, p.%s)", f.wire, f.name)
	case encEnums:
		return fmt.Sprintf("qAddStrings(q, %q, p.%s)", f.wire, f.name)
	case encCustomFields:
		return fmt.Sprintf("setCustomFieldFilters(q, p.%s)", f.name)
	}
	if f.typ != "string" {
		return fmt.Sprintf("qSetString(q, %q, string(p.%s))", f.wire, f.name)
	}
	return fmt.Sprintf("qSetString(q, %q, p.%s)", f.wire, f.name)
}

// renderParams writes a params struct and its query method.
func renderParams(b *strings.Builder, ps *paramsStruct) {
	op := ps.op
	doc := fmt.Sprintf("%s holds the query parameters of %s %s (%s). Zero values are not sent.",
		ps.name, op.method, op.path, op.id)
	if ps.required() {
		doc += " Required fields left zero are refused before the request is sent."
	}
	if ps.asOption {
		doc += " It is a CallOption: pass it among the call's options."
	}
	b.WriteString("\n" + comment(doc, ""))
	fmt.Fprintf(b, "type %s struct {\n", ps.name)
	for _, f := range ps.fields {
		what := fmt.Sprintf("%s sends %s.", f.name, f.wire)
		if f.enc == encCustomFields {
			what = f.name + " sends custom_field_values[<field id>]=<op><value>, one condition per entry."
		}
		if f.required {
			what += " Required."
		}
		if m, ok := semantics[op.id+"?"+f.wire]; ok {
			what = joinNotes(what, m.docNote())
		}
		b.WriteString(comment(what, "\t"))
		fmt.Fprintf(b, "\t%s %s\n", f.name, f.typ)
	}
	if ps.limit {
		b.WriteString(comment(fmt.Sprintf("Limit is the page size, %d to %d; 0 asks for %d.", ps.limitMin, ps.limitMax, ps.limitDef), "\t"))
		b.WriteString("\tLimit int\n")
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(b, "// query checks p and renders it as query parameters.\nfunc (p %s) query() (url.Values, error) {\n\tq := url.Values{}\n", ps.name)
	for _, f := range ps.fields {
		if f.required {
			fmt.Fprintf(b, "\tif %s {\n\t\treturn nil, argError(%q, \"is required by %s %s\")\n\t}\n", f.zeroTest(), f.name, op.method, op.path)
		}
		fmt.Fprintf(b, "\t%s\n", f.setter())
	}
	if ps.limit {
		fmt.Fprintf(b, "\tif err := setPageSize(q, p.Limit, %d, %d, %d); err != nil {\n\t\treturn nil, err\n\t}\n", ps.limitMin, ps.limitMax, ps.limitDef)
	}
	b.WriteString("\treturn q, nil\n}\n")
	if ps.asOption {
		fmt.Fprintf(b, "\n// applyCall makes %s a CallOption: its parameters are added to the call's query.\n", ps.name)
		fmt.Fprintf(b, "func (p %s) applyCall(cc *callConfig) {\n\tq, _ := p.query() // no field is required\n\tcc.addQuery(q)\n}\n", ps.name)
	}
}
