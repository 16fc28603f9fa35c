package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Type mapping (spec type/format -> Go):
//
//	string                 string
//	string, date-time      time.Time, decoded leniently (see below)
//	string, date           Date (civil date, clio.Date)
//	string with enum       a named string type with constants
//	integer, int64         int64
//	integer, int32         int (Clio's int32 counts and sizes)
//	number (any format)    float64
//	boolean                bool
//	array of T             []T
//	object without props   json.RawMessage
//	$ref to X_base         *XBase (an association, nested one level)
//	$ref to X              *X (the spec nests the full X there, e.g.
//	                       custom_field_values, latest_document_version)
//
// Four rules apply on top, in this order after the override table
// (overrides.go), so that one property is typed one way everywhere:
//
//   - Meaning. The semantic table (semantics.go) types a property by what
//     it means where the spec's syntax says otherwise: a calendar date the
//     spec types date-time is a Date, money is a Decimal whatever the
//     spec's number, integer or string, a time of day is a TimeOfDay; its
//     unit or scale goes in the doc comment.
//   - Ids. A property named id is the record's own id: CompositeID when the
//     spec types it as a string (CalendarEntry, CustomFieldValue), else
//     int64. A numeric property named *_id or *_ids refers to a record and is
//     int64 (or []int64) whatever the spec's format (int32, double), except
//     that a reference to a record whose id is a CompositeID has that type
//     too (parent_calendar_entry_id, like CalendarEntry.id). The referenced
//     record is the resource whose snake_case name ends the stem
//     (parent_calendar_entry -> CalendarEntry). A *_id the spec types as a
//     string is an outside identifier (LEDES, MAAT, a UUID) and stays string.
//   - Base and full. Where a resource X redeclares a scalar of X_base as an
//     association (currency is an object in Matter_base and a Currency
//     reference in Matter), X_base uses the association's type as well.
//   - Decoding. Every struct gets an UnmarshalJSON that reads its time.Time
//     fields through lenientTime (RFC 3339 as time.Time does, a date-only
//     YYYY-MM-DD as midnight UTC, "" or null as the zero time, so one such
//     value never fails a record or a page: FACTS.md §9 item 22), and
//     records which fields the answer carried, for Has (presence.go).
//
// Scalars are plain values; every field is tagged omitempty, or omitzero
// for the struct types whose zero means "no value" (zeroable).

// goField is one struct field.
type goField struct {
	name, json, typ, doc string
}

// goStruct is one generated struct.
type goStruct struct {
	name, doc string
	fields    []goField
}

// goEnum is one generated named string type with its constants.
type goEnum struct {
	name, doc string
	values    []string
	alsoFor   []string // "Schema.prop" of copies merged through sharedEnums
}

// models holds everything models_gen.go declares.
type models struct {
	structs []*goStruct // sorted by name
	enums   []*goEnum   // sorted by name
}

// modelBuilder walks the spec and collects structs and enums.
type modelBuilder struct {
	spec    *spec
	enums   map[string]*goEnum // by Go type name
	pending []string           // schemas still to turn into structs
	seen    map[string]bool    // schemas already queued
}

// buildModels generates a struct for every resource X, every X_base, and any
// other object schema they refer to. Envelopes (X_List, X_Show) and schemas
// no resource refers to (Error, ErrorDetail, IdsResponse) are skipped.
func buildModels(s *spec) (*models, error) {
	b := &modelBuilder{spec: s, enums: map[string]*goEnum{}, seen: map[string]bool{}}
	for _, name := range append(s.resources(), s.bases()...) {
		b.queue(name)
	}
	m := &models{}
	for len(b.pending) > 0 {
		name := b.pending[0]
		b.pending = b.pending[1:]
		st, err := b.structFor(name)
		if err != nil {
			return nil, err
		}
		m.structs = append(m.structs, st)
	}
	slices.SortFunc(m.structs, func(a, b *goStruct) int { return strings.Compare(a.name, b.name) })
	for _, k := range slices.Sorted(maps.Keys(b.enums)) {
		m.enums = append(m.enums, b.enums[k])
	}
	return m, checkUnique(m)
}

func (b *modelBuilder) queue(name string) {
	if !b.seen[name] {
		b.seen[name] = true
		b.pending = append(b.pending, name)
	}
}

// structFor builds the struct of one schema.
func (b *modelBuilder) structFor(name string) (*goStruct, error) {
	props, err := b.spec.props(name)
	if err != nil {
		return nil, err
	}
	// Base and full rule: a scalar of X_base that X redeclares as an
	// association is typed as that association in X_base too.
	if res, ok := strings.CutSuffix(name, baseSuffix); ok {
		assoc := b.spec.assocProps(res)
		for i, p := range props {
			if a, dup := assoc[p.name]; dup {
				props[i] = prop{name: p.name, schema: a, assoc: true, asIn: res}
			}
		}
	}
	st := &goStruct{name: typeName(name), doc: b.structDoc(name)}
	for _, p := range props {
		owner := name
		if len(b.spec.schemas[name].AllOf) > 0 && !p.assoc {
			owner = name + baseSuffix
		}
		typ, note, err := b.goType(owner, p.name, p.schema)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", name, p.name, err)
		}
		st.fields = append(st.fields, goField{
			name: goName(p.name),
			json: p.name,
			typ:  typ,
			doc:  b.fieldDoc(b.recordName(name), owner+"."+p.name, p, typ, note),
		})
	}
	return st, nil
}

// recordName is the Go name of the record a schema's fields belong to: X
// for X and X_base, the schema's own type name otherwise.
func (b *modelBuilder) recordName(name string) string {
	if res, ok := strings.CutSuffix(name, baseSuffix); ok {
		if _, paired := b.spec.schemas[res]; paired {
			return typeName(res)
		}
	}
	return typeName(name)
}

func (b *modelBuilder) structDoc(name string) string {
	t := typeName(name)
	if res, ok := strings.CutSuffix(name, baseSuffix); ok {
		if _, paired := b.spec.schemas[res]; paired {
			return fmt.Sprintf("%s holds the scalar fields of Clio's %s record, the form in which it nests inside other records.", t, res)
		}
		return fmt.Sprintf("%s is the %s record as it nests inside other records.", t, typeName(res))
	}
	if _, paired := b.spec.schemas[name+baseSuffix]; paired {
		return fmt.Sprintf("%s is Clio's %s record: the scalar fields of %s plus its associations, nested one level deep. "+
			"Clio fills only the fields a request names; the rest stay zero.", t, name, typeName(name+baseSuffix))
	}
	return fmt.Sprintf("%s is the %s object of Clio's spec.", t, name)
}

// fieldDoc writes a field's doc comment from facts only (its name, its
// record, its type): the spec's description text is not carried into the
// SDK. record is the Go name of the record the field belongs to.
//
// key names the property as the semantic table and fieldDocs do
// ("Matter_base.open_date"). A fieldDocs entry replaces the generic
// sentence; the semantic table adds the unit or scale (when fieldDocs does
// not already say it) and why the type departs from the spec's.
func (b *modelBuilder) fieldDoc(record, key string, p prop, typ, note string) string {
	name := goName(p.name)
	var desc string
	m, meant := semantics[key]
	fd, documented := fieldDocs[key]
	switch {
	case documented:
		desc = name + " " + fd
		if meant {
			note = joinNotes(note, m.reasonNote())
		}
		meant = false
	case p.asIn != "":
		desc = fmt.Sprintf("%s is the %s's %s, typed as in %s, where it is an association.", name, record, p.name, typeName(p.asIn))
	case p.name == "id":
		desc = fmt.Sprintf("%s is the %s's unique id.", name, record)
	case p.name == "etag":
		desc = fmt.Sprintf("%s is the %s's current etag; send it back in If-Match to update the record.", name, record)
	default:
		if target, array, ok := assocTarget(p.schema); ok {
			rec := typeName(strings.TrimSuffix(target, baseSuffix))
			desc = fmt.Sprintf("%s is the nested %s record; request its fields as %s{...}.", name, rec, p.name)
			if array {
				desc = fmt.Sprintf("%s lists the nested %s records; request their fields as %s{...}.", name, rec, p.name)
			}
		} else {
			desc = fmt.Sprintf("%s is the %s's %s (%s).", name, record, p.name, typeWords(p.schema, typ))
		}
	}
	if meant {
		note = joinNotes(note, m.docNote())
	}
	if note != "" {
		desc += " " + note
	}
	return desc
}

// typeWords describes a property's type in a few words for its doc
// comment: the spec's format when it has one (date-time, date, int64...),
// else its type, or the Go type for an enum or an override.
func typeWords(p *schema, goType string) string {
	switch {
	case len(p.Enum) > 0, p.Type == "array" && p.Items != nil && len(p.Items.Enum) > 0:
		return goType
	case p.Type == "array" && p.Items != nil:
		return "list of " + typeWords(p.Items, strings.TrimPrefix(goType, "[]"))
	case goType == "CompositeID", goType == "json.RawMessage":
		return goType
	case p.Format != "":
		return p.Format
	case p.Type != "":
		return p.Type
	}
	return goType
}

// goType maps one property to its Go type; owner is the schema that
// declares it. note is extra doc text for overridden types.
func (b *modelBuilder) goType(owner, name string, p *schema) (typ, note string, err error) {
	o, overridden := overrides[owner+"."+name]
	if overridden && o.goType != "" {
		return o.goType, o.note, nil
	}
	typ, note, err = b.specType(owner, name, p)
	if overridden && o.oneOrMany && err == nil {
		typ, note = "OneOrMany["+strings.TrimPrefix(typ, "[]")+"]", o.note
	}
	if m, ok := semantics[owner+"."+name]; ok && err == nil {
		typ = m.apply(typ)
	}
	return typ, note, err
}

// specType maps one property as the spec and the general rules type it.
func (b *modelBuilder) specType(owner, name string, p *schema) (typ, note string, err error) {
	if target, array, ok := assocTarget(p); ok {
		if _, exists := b.spec.schemas[target]; !exists {
			return "", "", fmt.Errorf("reference to unknown schema %s", target)
		}
		b.queue(target)
		if array {
			return "[]" + typeName(target), "", nil
		}
		return "*" + typeName(target), "", nil
	}
	if p.Type == "array" {
		if p.Items == nil {
			return "", "", fmt.Errorf("array without items")
		}
		elem, note, err := b.specType(owner, name, p.Items)
		return "[]" + elem, note, err
	}
	if len(p.Enum) > 0 {
		if p.Type != "string" {
			return "", "", fmt.Errorf("enum of type %q not supported", p.Type)
		}
		t, err := b.enum(owner, name, p)
		return t, "", err
	}
	if t, note, ok := b.spec.idType(name, p); ok {
		return t, note, nil
	}
	return scalarType(p)
}

// idType applies the id rule (see the type mapping above) to a scalar
// property; ok is false when the property is not a record id. note names
// the record a CompositeID reference points to.
func (s *spec) idType(name string, p *schema) (typ, note string, ok bool) {
	if name == "id" {
		switch p.Type {
		case "string":
			return "CompositeID", "", true
		case "integer", "number":
			return "int64", "", true
		}
		return "", "", false
	}
	stem, isRef := strings.CutSuffix(name, "_id")
	if !isRef {
		stem, isRef = strings.CutSuffix(name, "_ids")
	}
	if !isRef || (p.Type != "integer" && p.Type != "number") {
		return "", "", false
	}
	for _, res := range s.compositeIDRecords() {
		if rec := snakeName(res); stem == rec || strings.HasSuffix(stem, "_"+rec) {
			return "CompositeID", fmt.Sprintf("Typed as %s.ID, which may be a composite string id.", typeName(res)), true
		}
	}
	return "int64", "", true
}

// compositeIDRecords returns the resources whose id the spec types as a
// string, longest snake_case name first.
func (s *spec) compositeIDRecords() []string {
	var out []string
	for _, res := range s.resources() {
		if id := s.propSchema(res+baseSuffix, "id"); id != nil && id.Type == "string" {
			out = append(out, res)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(snakeName(b)) - len(snakeName(a)) })
	return out
}

// scalarType maps a non-enum, non-reference, non-id spec type and format.
func scalarType(p *schema) (string, string, error) {
	switch p.Type {
	case "string":
		switch p.Format {
		case "date-time":
			return "time.Time", "", nil
		case "date":
			return "Date", "", nil
		}
		return "string", "", nil
	case "integer":
		if p.Format == "int32" {
			return "int", "", nil
		}
		return "int64", "", nil
	case "number":
		return "float64", "", nil
	case "boolean":
		return "bool", "", nil
	case "object":
		if len(p.Properties) == 0 {
			return "json.RawMessage", "", nil
		}
		return "", "", fmt.Errorf("inline object with properties not supported")
	}
	return "", "", fmt.Errorf("unsupported type %q (format %q)", p.Type, p.Format)
}

// enumOwner names the Go type an enum declared on schema owner belongs
// to: the resource X for a property of X_base when X exists, otherwise the
// owner's own type name (AttendeeBase for Attendee_base).
func (b *modelBuilder) enumOwner(owner string) string {
	if res, ok := strings.CutSuffix(owner, baseSuffix); ok {
		if _, paired := b.spec.schemas[res]; paired {
			return typeName(res)
		}
	}
	return typeName(owner)
}

// enum registers (once) and returns the enum type of owner.name, resolving
// sharedEnums to the canonical declaration.
func (b *modelBuilder) enum(owner, name string, p *schema) (string, error) {
	key := owner + "." + name
	if canon, ok := sharedEnums[key]; ok {
		cs, cp, _ := strings.Cut(canon, ".")
		cprop := b.spec.propSchema(cs, cp)
		if cprop == nil {
			return "", fmt.Errorf("shared enum %s: %s not found", key, canon)
		}
		if cprop.Type == "array" {
			cprop = cprop.Items
		}
		if !sameSet(cprop.Enum, p.Enum) {
			return "", fmt.Errorf("shared enum %s: values differ from %s", key, canon)
		}
		t, err := b.enum(cs, cp, cprop)
		if err != nil {
			return "", err
		}
		if e := b.enums[t]; !slices.Contains(e.alsoFor, key) {
			e.alsoFor = append(e.alsoFor, key)
			slices.Sort(e.alsoFor)
		}
		return t, nil
	}
	t := b.enumOwner(owner) + goName(name)
	if e, ok := b.enums[t]; ok {
		if !slices.Equal(e.values, p.Enum) {
			return "", fmt.Errorf("enum type %s declared twice with different values", t)
		}
		return t, nil
	}
	doc := fmt.Sprintf("%s lists the values the spec gives for %s. Clio may add values: any string decodes without error.", t, key)
	b.enums[t] = &goEnum{name: t, doc: doc, values: slices.Clone(p.Enum)}
	return t, nil
}

// propSchema returns the schema of one declared property, or nil.
func (s *spec) propSchema(schemaName, prop string) *schema {
	sc, ok := s.schemas[schemaName]
	if !ok {
		return nil
	}
	return sc.Properties[prop]
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// checkUnique fails on two declarations with one Go name.
func checkUnique(m *models) error {
	seen := map[string]string{}
	add := func(name, what string) error {
		if prev, dup := seen[name]; dup {
			return fmt.Errorf("the Go name %s is used by %s and %s", name, prev, what)
		}
		seen[name] = what
		return nil
	}
	for _, s := range m.structs {
		if err := add(s.name, "struct "+s.name); err != nil {
			return err
		}
		fields := map[string]bool{}
		for _, f := range s.fields {
			if fields[f.name] {
				return fmt.Errorf("struct %s: field %s declared twice", s.name, f.name)
			}
			fields[f.name] = true
		}
	}
	for _, e := range m.enums {
		if err := add(e.name, "enum "+e.name); err != nil {
			return err
		}
		for _, v := range e.values {
			if err := add(enumConstName(e.name, v), fmt.Sprintf("%s value %q", e.name, v)); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxPresenceFields is the size of the SDK's presence set (presence.go).
const maxPresenceFields = 128

// modelMethods returns the UnmarshalJSON and Has methods of a model, and
// the sorted list of its JSON field names that Has and the decoder share.
// The struct decodes as usual, except that each date-time field is read
// through a *lenientTime pointing at it (the date-time rule above; the
// shadowing fields sit one level above the embedded struct, so
// encoding/json prefers them for those names); then the top-level keys of
// the answer are recorded (presence.go).
func modelMethods(s *goStruct) (string, error) {
	if len(s.fields) > maxPresenceFields {
		return "", fmt.Errorf("%s has %d fields; presence holds %d", s.name, len(s.fields), maxPresenceFields)
	}
	var times, names []string
	args := []string{"(*plain)(x)"}
	for _, f := range s.fields {
		names = append(names, f.json)
		if f.typ == "time.Time" {
			times = append(times, fmt.Sprintf("\t\t%s *lenientTime `json:\"%s\"`\n", f.name, f.json))
			args = append(args, "(*lenientTime)(&x."+f.name+")")
		}
	}
	slices.Sort(names)
	list := unexport(s.name) + "JSONFields"
	var b strings.Builder
	b.WriteString("\n// UnmarshalJSON decodes the record and notes which fields the answer\n// carried (see Has).")
	if len(times) > 0 {
		b.WriteString(" Its date-time fields also accept a date-only\n// YYYY-MM-DD (midnight UTC) and \"\" (the zero time).")
	}
	fmt.Fprintf(&b, "\nfunc (x *%s) UnmarshalJSON(b []byte) error {\n\ttype plain %s\n", s.name, s.name)
	if len(times) == 0 {
		b.WriteString("\tif err := json.Unmarshal(b, (*plain)(x)); err != nil {\n\t\treturn err\n\t}\n")
	} else {
		b.WriteString("\tif err := json.Unmarshal(b, &struct {\n\t\t*plain\n")
		b.WriteString(strings.Join(times, ""))
		fmt.Fprintf(&b, "\t}{%s}); err != nil {\n\t\treturn err\n\t}\n", strings.Join(args, ", "))
	}
	fmt.Fprintf(&b, "\tx.present = scanPresence(b, %s)\n\treturn nil\n}\n", list)
	b.WriteString("\n// Has reports whether the answer the record was decoded from carried\n" +
		"// field (its JSON name): Clio sends only the fields a request names, so a\n" +
		"// zero value may mean \"not sent\". It is false for a record built in code.\n")
	fmt.Fprintf(&b, "func (x *%s) Has(field string) bool { return x.present.has(%s, field) }\n", s.name, list)
	fmt.Fprintf(&b, "\nvar %s = []string{%s}\n", list, quoteAll(names))
	return b.String(), nil
}

// unexport lower-cases the first letter of a Go name.
func unexport(name string) string { return strings.ToLower(name[:1]) + name[1:] }

// renderModels writes the source of models_gen.go (before gofmt).
func renderModels(m *models, specName string) ([]byte, error) {
	var body strings.Builder
	for _, s := range m.structs {
		body.WriteString("\n" + comment(s.doc, ""))
		fmt.Fprintf(&body, "type %s struct {\n", s.name)
		for i, f := range s.fields {
			if i > 0 {
				body.WriteString("\n")
			}
			body.WriteString(comment(f.doc, "\t"))
			opt := "omitempty"
			if zeroable[f.typ] {
				opt = "omitzero"
			}
			fmt.Fprintf(&body, "\t%s %s `json:\"%s,%s\"`\n", f.name, f.typ, f.json, opt)
		}
		body.WriteString("\n\tpresent presence // the fields the answer carried (Has)\n}\n")
		methods, err := modelMethods(s)
		if err != nil {
			return nil, err
		}
		body.WriteString(methods)
	}
	for _, e := range m.enums {
		doc := e.doc
		if len(e.alsoFor) > 0 {
			doc += " Also the type of " + strings.Join(e.alsoFor, ", ") + "."
		}
		body.WriteString("\n" + comment(doc, ""))
		fmt.Fprintf(&body, "type %s string\n\n// %s values.\nconst (\n", e.name, e.name)
		for _, v := range e.values {
			fmt.Fprintf(&body, "\t%s %s = %q\n", enumConstName(e.name, v), e.name, v)
		}
		body.WriteString(")\n")
	}
	uses := func(pkg string) bool {
		if pkg == "json" {
			return true
		}
		for _, s := range m.structs {
			for _, f := range s.fields {
				if strings.Contains(f.typ, pkg+".") {
					return true
				}
			}
		}
		return false
	}
	var out strings.Builder
	out.WriteString(header(specName))
	out.WriteString("package clio\n\n")
	var imports []string
	if uses("json") {
		imports = append(imports, `"encoding/json"`)
	}
	if uses("time") {
		imports = append(imports, `"time"`)
	}
	if len(imports) > 0 {
		out.WriteString("import (\n\t" + strings.Join(imports, "\n\t") + "\n)\n")
	}
	out.WriteString(body.String())
	return []byte(out.String()), nil
}
