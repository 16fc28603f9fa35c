package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Request bodies. Each operation with a JSON body gets a struct named
// <Record><Method> (ActivityCreate, BillUpdate, DocumentCopy) holding every
// property of the body's data object, sent as {"data": body}:
//
//   - a required property is a plain field, always sent;
//   - an optional one is Opt[T], tagged omitzero: unset is not sent, Set(v)
//     sends v and Null() sends null, which clears a value or an association
//     in Clio;
//   - except an optional enum, which is the plain enum type tagged
//     omitzero: "" is no enum's value, so the zero value can mean "not
//     sent" without an Opt. Each Opt[T] costs every package importing clio
//     the compile of Opt's methods for T (bench/buildcost), and enums were
//     most of them; no enum of Clio's is cleared with null;
//   - a list is []T tagged omitzero: nil is not sent, an empty non-nil
//     slice sends [] (a null list means nothing to Clio);
//   - an object whose only property is an integer id is a Ref ({"id": N});
//     any other object, and the elements of a list of objects, get a struct
//     named for the path to them: <Body><Field> (ActivityCreateActivityDescription,
//     ContactCreateEmailAddresses);
//   - an object without properties is json.RawMessage;
//   - enums and scalars are typed as the query parameters are (params.go);
//     a numeric *_id is int64.
//
// bodyOverrides (overrides.go) corrects the spec's known mistakes first.

// bodyField is one field of a body struct.
type bodyField struct {
	name, json, typ, doc string
	optional, list       bool
}

// bodyStruct is one generated body type, top level or nested.
type bodyStruct struct {
	name, doc string
	fields    []bodyField
}

// buildBody makes the body struct of op (and its nested structs), and
// returns the top-level type's name.
func (g *servicesBuilder) buildBody(op *genOp) (string, error) {
	base := typeName(op.resource)
	name := base + op.goMethod
	doc := fmt.Sprintf("%s is the body of %s %s (%s), sent as {\"data\": ...}. Required fields are always sent; "+
		"an Opt field only when set (Null sends null, which clears it); a list only when not nil.",
		name, op.method, op.path, op.id)
	if err := g.bodyObject(op, name, doc, "", op.body); err != nil {
		return "", err
	}
	return name, nil
}

// bodyObject declares the struct name for the object schema s found at
// path (below the body; "" for the body itself).
func (g *servicesBuilder) bodyObject(op *genOp, name, doc, path string, s *schema) error {
	if _, dup := g.declared[name]; dup {
		return fmt.Errorf("the Go name %s is declared twice", name)
	}
	g.declared[name] = "body " + op.id
	st := &bodyStruct{name: name, doc: doc}
	g.bodies = append(g.bodies, st) // before the nested ones: readers meet the body first
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, prop := range slices.Sorted(maps.Keys(s.Properties)) {
		ps := s.Properties[prop]
		at := prop
		if path != "" {
			at = path + "." + prop
		}
		f := bodyField{name: goName(prop), json: prop, optional: !required[prop]}
		o, overridden := bodyOverride{}, false
		for _, key := range []string{op.id + "." + at, "*." + at} {
			if v, ok := bodyOverrides[key]; ok {
				o, overridden = v, true
				break
			}
		}
		if overridden && o.optional {
			f.optional = true
		}
		typ := o.goType
		if typ == "" {
			var err error
			if typ, err = g.bodyType(op, name+f.name, at, prop, ps); err != nil {
				return fmt.Errorf("%s: %w", at, err)
			}
		}
		m, meant := semantics[op.id+"."+at]
		if meant {
			typ = m.apply(typ)
		}
		f.list = strings.HasPrefix(typ, "[]")
		f.typ = typ
		if f.optional && !f.list {
			f.typ = "Opt[" + typ + "]"
		}
		f.doc = fmt.Sprintf("%s sends %s.", f.name, prop)
		if fd, ok := fieldDocs[op.id+"."+at]; ok {
			f.doc = fmt.Sprintf("%s sends %s, which %s", f.name, prop, fd)
		}
		if !f.optional && !strings.HasSuffix(f.doc, " Required.") {
			f.doc += " Required."
		}
		if overridden {
			f.doc += " Typed against the spec; see the generator's override table."
		}
		if _, ok := fieldDocs[op.id+"."+at]; ok && meant {
			f.doc = joinNotes(f.doc, m.reasonNote())
		} else if meant {
			f.doc = joinNotes(f.doc, m.docNote())
		}
		st.fields = append(st.fields, f)
	}
	return nil
}

// plainEnums makes every optional enum field of the bodies the plain enum
// type (see the list above). It runs once every body and enum is built,
// since a body may name an enum another operation declares.
func (g *servicesBuilder) plainEnums() {
	for _, st := range g.bodies {
		for i := range st.fields {
			f := &st.fields[i]
			typ, ok := strings.CutPrefix(f.typ, "Opt[")
			if !ok {
				continue
			}
			typ = strings.TrimSuffix(typ, "]")
			_, generated := g.enums[typ]
			_, model := g.modelEnm[typ]
			if generated || model {
				f.typ = typ
				f.doc = joinNotes(f.doc, "Optional: the zero value (\"\") is not sent.")
			}
		}
	}
}

// bodyType types one body property found at path; nested is the name a
// nested struct for it would take.
func (g *servicesBuilder) bodyType(op *genOp, nested, path, prop string, s *schema) (string, error) {
	switch {
	case s.Ref != "":
		return "", fmt.Errorf("$ref in a request body is not supported")
	case s.Type == "array":
		if s.Items == nil {
			return "", fmt.Errorf("array without items")
		}
		elem, err := g.bodyType(op, nested, path+"[]", prop, s.Items)
		return "[]" + elem, err
	case s.Type == "object" && len(s.Properties) == 0:
		return "json.RawMessage", nil
	case s.Type == "object" || len(s.Properties) > 0:
		if id, only := s.Properties["id"]; only && len(s.Properties) == 1 && id.Type == "integer" {
			if _, fix := bodyOverrides["*."+path+".id"]; !fix {
				return "Ref", nil
			}
		}
		doc := fmt.Sprintf("%s is the %s object of %s.", nested, strings.TrimSuffix(path, "[]"), op.id)
		return nested, g.bodyObject(op, nested, doc, path, s)
	case len(s.Enum) > 0:
		if s.Type != "string" {
			return "", fmt.Errorf("enum of type %q", s.Type)
		}
		return g.enumFor(op.record, prop, nested, s.Enum)
	}
	return bodyScalar(prop, s)
}

// bodyScalar maps a scalar body property.
func bodyScalar(prop string, s *schema) (string, error) {
	switch s.Type {
	case "string":
		switch s.Format {
		case "date-time":
			return "time.Time", nil
		case "date":
			return "Date", nil
		}
		return "string", nil
	case "integer":
		if s.Format == "int32" && !strings.HasSuffix(prop, "_id") && prop != "id" {
			return "int", nil
		}
		return "int64", nil
	case "number":
		return "float64", nil
	case "boolean":
		return "bool", nil
	}
	return "", fmt.Errorf("unsupported type %q (format %q)", s.Type, s.Format)
}

// renderBody writes one body struct.
func renderBody(b *strings.Builder, st *bodyStruct) {
	b.WriteString("\n" + comment(st.doc, ""))
	fmt.Fprintf(b, "type %s struct {\n", st.name)
	for _, f := range st.fields {
		b.WriteString(comment(f.doc, "\t"))
		tag := f.json
		if f.optional || f.list {
			tag += ",omitzero"
		}
		fmt.Fprintf(b, "\t%s %s `json:\"%s\"`\n", f.name, f.typ, tag)
	}
	b.WriteString("}\n")
}
