package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// schema is the part of an OpenAPI 3.0 schema object the generator reads.
type schema struct {
	Ref         string             `json:"$ref"`
	Type        string             `json:"type"`
	Format      string             `json:"format"`
	Description string             `json:"description"`
	Enum        []string           `json:"enum"`
	Items       *schema            `json:"items"`
	AllOf       []*schema          `json:"allOf"`
	Properties  map[string]*schema `json:"properties"`
	Required    []string           `json:"required"`
	Minimum     *float64           `json:"minimum"`
	Maximum     *float64           `json:"maximum"`
	Default     json.RawMessage    `json:"default"`
}

// operation is the part of an OpenAPI operation object the generator reads.
type operation struct {
	OperationID string       `json:"operationId"`
	Parameters  []*parameter `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// parameter is one operation parameter.
type parameter struct {
	Name     string  `json:"name"`
	In       string  `json:"in"`
	Required bool    `json:"required"`
	Schema   *schema `json:"schema"`
}

// spec is the loaded component schemas, classified the way Clio's spec
// pairs them: a resource X is allOf(X_base, {associations}); X_base holds the
// scalar fields; X_List and X_Show are response envelopes.
type spec struct {
	schemas map[string]*schema
	paths   map[string]map[string]*operation // path -> lower-case HTTP method -> operation
}

const (
	baseSuffix = "_base"
	refPrefix  = "#/components/schemas/"
)

// loadSpec reads an OpenAPI document and returns its component schemas.
func loadSpec(path string) (*spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseSpec(b)
}

func parseSpec(b []byte) (*spec, error) {
	var doc struct {
		Paths      map[string]map[string]*operation `json:"paths"`
		Components struct {
			Schemas map[string]*schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	if len(doc.Components.Schemas) == 0 {
		return nil, fmt.Errorf("spec has no components.schemas")
	}
	s := &spec{schemas: doc.Components.Schemas, paths: doc.Paths}
	s.tidyEnums()
	return s, nil
}

// tidyEnums corrects one of the spec's typos everywhere: enum values with
// a stray trailing comma or space (MatterDocket's status lists
// "not_started," and "in_progress,"), which no server would accept as
// written. Both the SDK's and the fake's tables read the corrected values.
func (s *spec) tidyEnums() {
	seen := map[*schema]bool{}
	var walk func(sc *schema)
	walk = func(sc *schema) {
		if sc == nil || seen[sc] {
			return
		}
		seen[sc] = true
		for i, v := range sc.Enum {
			sc.Enum[i] = strings.TrimRight(strings.TrimSpace(v), ",")
		}
		walk(sc.Items)
		for _, a := range sc.AllOf {
			walk(a)
		}
		for _, p := range sc.Properties {
			walk(p)
		}
	}
	for _, sc := range s.schemas {
		walk(sc)
	}
	for _, ops := range s.paths {
		for _, op := range ops {
			for _, p := range op.Parameters {
				walk(p.Schema)
			}
			if op.RequestBody != nil {
				for _, c := range op.RequestBody.Content {
					walk(c.Schema)
				}
			}
		}
	}
}

// refName returns the schema name a "#/components/schemas/X" reference
// points to.
func refName(ref string) (string, error) {
	name, ok := strings.CutPrefix(ref, refPrefix)
	if !ok || name == "" {
		return "", fmt.Errorf("unsupported $ref %q", ref)
	}
	return name, nil
}

// isEnvelope reports whether name is a list or show response envelope.
func isEnvelope(name string) bool {
	return strings.HasSuffix(name, "_List") || strings.HasSuffix(name, "_Show")
}

// resources returns the sorted names X of every resource pair: a schema X
// (not a _List or _Show envelope) for which X_base exists. The allOf
// shape is checked when the properties are read.
func (s *spec) resources() []string {
	var out []string
	for name := range s.schemas {
		if _, ok := s.schemas[name+baseSuffix]; ok && !isEnvelope(name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// bases returns the sorted names of every X_base schema, paired or not.
func (s *spec) bases() []string {
	var out []string
	for name := range s.schemas {
		if strings.HasSuffix(name, baseSuffix) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// prop is one property of a schema with its name.
type prop struct {
	name   string
	schema *schema
	assoc  bool // declared in the associations half of a resource's allOf

	// For a scalar of X_base that X redeclares as an association (the base
	// and full rule): X.
	asIn string
}

// props returns the properties of the named schema: for a resource X the
// scalars of X_base followed by its associations (an association that
// repeats a base name replaces it: Clio's spec declares currency both ways);
// for any other object schema its own properties. Within each half id and
// etag come first, then the rest by name.
func (s *spec) props(name string) ([]prop, error) {
	sc, ok := s.schemas[name]
	if !ok {
		return nil, fmt.Errorf("schema %q not found", name)
	}
	if len(sc.AllOf) == 0 {
		return sortedProps(sc.Properties, false), nil
	}
	var base, assoc map[string]*schema
	for _, part := range sc.AllOf {
		switch {
		case part.Ref != "":
			target, err := refName(part.Ref)
			if err != nil {
				return nil, err
			}
			if target != name+baseSuffix {
				return nil, fmt.Errorf("%s: allOf refers to %s, want %s", name, target, name+baseSuffix)
			}
			base = s.schemas[target].Properties
		default:
			assoc = part.Properties
		}
	}
	var out []prop
	for _, p := range sortedProps(base, false) {
		if _, dup := assoc[p.name]; !dup {
			out = append(out, p)
		}
	}
	return append(out, sortedProps(assoc, true)...), nil
}

// assocProps returns the association half of resource res's allOf (the
// properties it declares beside its X_base reference), or nil when res is
// not a resource pair.
func (s *spec) assocProps(res string) map[string]*schema {
	sc, ok := s.schemas[res]
	if !ok {
		return nil
	}
	for _, part := range sc.AllOf {
		if part.Ref == "" {
			return part.Properties
		}
	}
	return nil
}

// sortedProps orders properties: id, etag, then by name.
func sortedProps(m map[string]*schema, assoc bool) []prop {
	out := make([]prop, 0, len(m))
	for n, p := range m {
		out = append(out, prop{name: n, schema: p, assoc: assoc})
	}
	rank := func(n string) int {
		switch n {
		case "id":
			return 0
		case "etag":
			return 1
		}
		return 2
	}
	slices.SortFunc(out, func(a, b prop) int {
		if ra, rb := rank(a.name), rank(b.name); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.name, b.name)
	})
	return out
}

// assocTarget returns the schema an association property refers to (an
// object $ref, or an array of them) and whether it is an array. ok is false
// for a non-association.
func assocTarget(p *schema) (target string, array, ok bool) {
	switch {
	case p.Ref != "":
		t, err := refName(p.Ref)
		return t, false, err == nil
	case p.Type == "array" && p.Items != nil && p.Items.Ref != "":
		t, err := refName(p.Items.Ref)
		return t, true, err == nil
	}
	return "", false, false
}
