package cliotest

import (
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// node is a record the fields machinery can render. attr returns a scalar,
// a node (an association), a []node (a nested collection), or nil for
// JSON null; ok is false for a name the fake does not model, which renders
// as null.
type node interface {
	attr(s *Server, name string) (any, bool)
}

// item is one entry of a fields selection.
type item struct {
	name  string
	inner []item // the selection inside braces; nil renders id/etag stubs
}

// stubItems is what Clio returns for a record with no field list.
var stubItems = []item{{name: "id"}, {name: "etag"}}

// fieldError is a 400 InvalidFields answer naming the offending entry.
type fieldError struct{ name string }

// parseFields checks the fields parameter the way Clio does: syntax and one
// nesting level with clio.ParseFields, names with FieldSet.Validate against
// the generated catalog for schema. With no parameter the selection is id
// and etag.
func parseFields(raw string, present bool, schema string) ([]item, *fieldError) {
	if !present || strings.TrimSpace(raw) == "" {
		return stubItems, nil
	}
	var items []item
	for _, entry := range splitTop(raw) {
		entry = strings.TrimSpace(entry)
		fs, err := clio.ParseFields(entry)
		if err != nil {
			return nil, &fieldError{name: badName(entry)}
		}
		if err := fs.Validate(schema); err != nil {
			return nil, &fieldError{name: firstInvalid(entry, schema)}
		}
		it := item{name: entry}
		if open := strings.IndexByte(entry, '{'); open >= 0 {
			it.name = strings.TrimSpace(entry[:open])
			for n := range strings.SplitSeq(entry[open+1:len(entry)-1], ",") {
				it.inner = append(it.inner, item{name: strings.TrimSpace(n)})
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// splitTop splits a fields value at commas outside braces.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// badName names a syntactically broken entry: for a second nesting level,
// the inner association ("client{date_of_birth}" in
// "matter{client{date_of_birth}}"), otherwise the entry itself.
func badName(entry string) string {
	if open := strings.IndexByte(entry, '{'); open >= 0 && strings.HasSuffix(entry, "}") {
		inner := entry[open+1 : len(entry)-1]
		for _, part := range splitTop(inner) {
			if strings.ContainsAny(part, "{}") {
				return strings.TrimSpace(part)
			}
		}
	}
	return entry
}

// firstInvalid finds the name that made entry fail validation: the
// association name itself, or the first unknown name inside its braces.
func firstInvalid(entry, schema string) string {
	open := strings.IndexByte(entry, '{')
	if open < 0 {
		return entry
	}
	name := strings.TrimSpace(entry[:open])
	if clio.Fields(clio.Field(name)).Validate(schema) != nil {
		return name
	}
	for n := range strings.SplitSeq(entry[open+1:len(entry)-1], ",") {
		n = strings.TrimSpace(n)
		if clio.Fields(clio.Nested(name, clio.Field(n))).Validate(schema) != nil {
			return n
		}
	}
	return entry
}

// render builds the JSON object for n with the selected fields. An
// association renders its item's inner selection (id and etag when given
// without braces); associations inside those come back as id/etag stubs,
// since Clio nests one level only.
func (s *Server) render(n node, items []item) map[string]any {
	out := make(map[string]any, len(items))
	for _, it := range items {
		v, ok := n.attr(s, it.name)
		if !ok {
			out[it.name] = nil
			continue
		}
		out[it.name] = s.renderValue(v, it.inner)
	}
	return out
}

// embedded is a nested value without an id of its own (such as a
// put_headers entry); it always renders whole.
type embedded interface {
	node
	allFields() []item
}

func (s *Server) renderValue(v any, inner []item) any {
	switch x := v.(type) {
	case embedded:
		return s.render(x, x.allFields())
	case node:
		if inner == nil {
			inner = stubItems
		}
		return s.render(x, inner)
	case []node:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = s.renderValue(e, inner)
		}
		return out
	}
	return v
}

// optNode turns a possibly nil record pointer into an association value
// without the typed-nil trap.
func optNode[T any, P interface {
	*T
	node
}](p P) any {
	if p == nil {
		return nil
	}
	return node(p)
}

// nodes converts a slice of records to a nested collection.
func nodes[T any, P interface {
	*T
	node
}](ps []P) []node {
	out := make([]node, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}
