package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// catalog maps a resource name to its field names; an association's value
// is the sorted list of names allowed inside its braces, a plain field's is
// nil.
type catalog map[string]map[string][]string

// buildCatalog lists the fields of every resource pair X: the properties of
// X_base and the associations of X. An association (an object $ref or an
// array of them) allows inside its braces the properties of the schema it
// refers to: the scalars of Y_base for a Y_base reference, and all fields of
// Y (scalars and association names) where the spec nests a full Y, as in
// custom_field_values{id,value,custom_field} and
// latest_document_version{uuid,put_url,put_headers}. Clio allows one level
// of nesting, so the inner names carry no braces of their own.
func buildCatalog(s *spec) (catalog, error) {
	c := catalog{}
	for _, res := range s.resources() {
		props, err := s.props(res)
		if err != nil {
			return nil, err
		}
		fields := map[string][]string{}
		for _, p := range props {
			target, _, ok := assocTarget(p.schema)
			if !ok {
				fields[p.name] = nil
				continue
			}
			inner, err := s.props(target)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", res, p.name, err)
			}
			names := make([]string, 0, len(inner))
			for _, ip := range inner {
				names = append(names, ip.name)
			}
			slices.Sort(names)
			fields[p.name] = names
		}
		c[res] = fields
	}
	return c, nil
}

// renderCatalog writes the source of catalog_gen.go (before gofmt).
func renderCatalog(c catalog, specName string) []byte {
	var b strings.Builder
	b.WriteString(header(specName))
	b.WriteString("package clio\n\n")
	b.WriteString(comment("fieldCatalog lists, for each resource of Clio's spec (keyed by schema name, such as "+
		"\"Matter\" or \"CalendarEntry\"), every field a fields selection may name: nil for a plain field, "+
		"or for an association the sorted names allowed inside its braces (one level; Clio refuses deeper nesting). "+
		"FieldSet.Validate checks selections against it before a request is sent.", ""))
	b.WriteString("var fieldCatalog = map[string]map[string][]string{\n")
	for _, res := range slices.Sorted(maps.Keys(c)) {
		fmt.Fprintf(&b, "\t%q: {\n", res)
		fields := c[res]
		for _, f := range slices.Sorted(maps.Keys(fields)) {
			inner := fields[f]
			if inner == nil {
				fmt.Fprintf(&b, "\t\t%q: nil,\n", f)
				continue
			}
			quoted := make([]string, len(inner))
			for i, n := range inner {
				quoted[i] = fmt.Sprintf("%q", n)
			}
			fmt.Fprintf(&b, "\t\t%q: {%s},\n", f, strings.Join(quoted, ", "))
		}
		b.WriteString("\t},\n")
	}
	b.WriteString("}\n")
	return []byte(b.String())
}
