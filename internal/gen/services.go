package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// services is everything services_gen.go declares.
type services struct {
	ops      []*genOp
	byName   map[string][]*genOp // service field name -> its operations
	params   []*paramsStruct
	bodies   []*bodyStruct
	enums    []*goEnum
	defaults map[string][]string // record -> default field entries, for generated defaults
	bodyOf   map[string]string   // operationId -> body type name
}

// servicesBuilder collects the services' declarations.
type servicesBuilder struct {
	spec     *spec
	models   *models
	catalog  catalog
	declared map[string]string  // every Go name declared, for collisions
	enums    map[string]*goEnum // generated enums by name
	enumKey  map[string]string  // record|prop|values -> generated enum name
	bodies   []*bodyStruct
	modelTyp map[string]map[string]string // model struct -> json name -> Go type
	modelEnm map[string][]string          // model enum -> values
}

// buildServices turns the spec's operations into services.
func buildServices(s *spec, m *models, c catalog) (*services, error) {
	ops, err := buildOps(s)
	if err != nil {
		return nil, err
	}
	g := &servicesBuilder{spec: s, models: m, catalog: c, declared: map[string]string{},
		enums: map[string]*goEnum{}, enumKey: map[string]string{},
		modelTyp: map[string]map[string]string{}, modelEnm: map[string][]string{}}
	for _, st := range m.structs {
		g.declared[st.name] = "model"
		g.modelTyp[st.name] = map[string]string{}
		for _, f := range st.fields {
			g.modelTyp[st.name][f.json] = f.typ
		}
	}
	for _, e := range m.enums {
		g.declared[e.name] = "model enum"
		g.modelEnm[e.name] = e.values
	}
	out := &services{ops: ops, byName: map[string][]*genOp{}, defaults: map[string][]string{}, bodyOf: map[string]string{}}
	for _, op := range ops {
		out.byName[op.service] = append(out.byName[op.service], op)
		if op.hand != "" {
			if svc, _, _ := strings.Cut(op.hand, "."); svc != op.service {
				return nil, fmt.Errorf("%s is written by hand on %s, but its service is %s", op.id, svc, op.service)
			}
			continue
		}
		if op.params, err = g.buildParams(op); err != nil {
			return nil, fmt.Errorf("%s: %w", op.id, err)
		}
		if op.params != nil {
			if prev, dup := g.declared[op.params.name]; dup {
				return nil, fmt.Errorf("%s: the Go name %s is also a %s", op.id, op.params.name, prev)
			}
			g.declared[op.params.name] = "params"
			out.params = append(out.params, op.params)
		}
		if op.body != nil && op.kind != kindDelete {
			name, err := g.buildBody(op)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op.id, err)
			}
			out.bodyOf[op.id] = name
		}
		if op.kind == kindList {
			op.idOrder = declaresIDOrder(op)
		}
		if op.fields && op.record != "" && !handDefaults[op.record] {
			if _, done := out.defaults[op.record]; !done {
				d, err := g.defaultFields(op.record)
				if err != nil {
					return nil, err
				}
				out.defaults[op.record] = d
			}
		}
	}
	for _, hand := range handWrittenOps {
		svc, _, _ := strings.Cut(hand, ".")
		if _, ok := handDeclared[svc]; !ok {
			return nil, fmt.Errorf("handWrittenOps: %s is on a service not declared by hand", hand)
		}
	}
	if err := checkConveniences(out); err != nil {
		return nil, err
	}
	for _, svc := range slices.Sorted(maps.Keys(out.byName)) {
		if _, hand := handDeclared[svc]; hand {
			continue
		}
		for _, n := range []string{svc + "Service"} {
			if prev, dup := g.declared[n]; dup {
				return nil, fmt.Errorf("service type %s is also a %s", n, prev)
			}
		}
	}
	for _, ops := range out.byName {
		slices.SortStableFunc(ops, func(a, b *genOp) int { return actionRank(a.action) - actionRank(b.action) })
	}
	g.plainEnums()
	out.bodies = g.bodies
	for _, k := range slices.Sorted(maps.Keys(g.enums)) {
		out.enums = append(out.enums, g.enums[k])
	}
	return out, nil
}

// declaresIDOrder reports whether a list operation takes order=id(asc),
// the pager's cursor order. Lists that do not declare it get no order.
func declaresIDOrder(op *genOp) bool {
	for _, p := range op.query {
		if p.Name == "order" && p.Schema != nil && slices.Contains(p.Schema.Enum, "id(asc)") {
			return true
		}
	}
	return false
}

// enumFor returns the Go type of an enum found on a parameter or body
// property named prop of an operation answering record: the record's own
// enum type for prop (or its singular) when the values are the same, else
// an enum generated under name, shared by the record's operations that
// declare the same property with the same values.
func (g *servicesBuilder) enumFor(record, prop, name string, values []string) (string, error) {
	if record != "" {
		fields := g.modelTyp[typeName(record)]
		for _, p := range []string{prop, singular(prop)} {
			t := strings.TrimPrefix(strings.TrimPrefix(fields[p], "[]"), "OneOrMany[")
			t = strings.TrimSuffix(t, "]")
			if vals, ok := g.modelEnm[t]; ok && sameSet(vals, values) {
				return t, nil
			}
		}
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	key := record + "|" + prop + "|" + strings.Join(sorted, "\x00")
	if n, ok := g.enumKey[key]; ok {
		return n, nil
	}
	consts := map[string]bool{}
	for _, v := range values {
		consts[enumConstName(name, v)] = true
	}
	if len(consts) < len(values) {
		// Values that differ only in punctuation (the IANA time zones
		// Etc/GMT+0 and Etc/GMT0) cannot each have a constant: a string.
		return "string", nil
	}
	if prev, dup := g.declared[name]; dup {
		return "", fmt.Errorf("enum %s: the Go name is also a %s", name, prev)
	}
	e := &goEnum{name: name, values: slices.Clone(values),
		doc: fmt.Sprintf("%s lists the values the spec gives for %s. Other strings are sent as they are.", name, prop)}
	for _, v := range values {
		c := enumConstName(name, v)
		if prev, dup := g.declared[c]; dup {
			return "", fmt.Errorf("enum %s: constant %s is also a %s", name, c, prev)
		}
		g.declared[c] = "enum constant"
	}
	g.declared[name] = "enum"
	g.enums[name] = e
	g.enumKey[key] = name
	return name, nil
}

// defaultFields is a record's default field set: every plain field of its
// catalog entry, then the id of each association that holds one record
// (assoc{id}); lists of associations are left out (they can be long), and
// so are the names in defaultFieldExclusions.
func (g *servicesBuilder) defaultFields(record string) ([]string, error) {
	cat, ok := g.catalog[record]
	if !ok {
		return nil, fmt.Errorf("record %s has no catalog entry", record)
	}
	props, err := g.spec.props(record)
	if err != nil {
		return nil, err
	}
	var plain, nested []string
	for _, p := range props {
		if p.name == "id" || p.name == "etag" || slices.Contains(defaultFieldExclusions[record], p.name) {
			continue
		}
		inner, known := cat[p.name]
		if !known {
			continue
		}
		_, array, isAssoc := assocTarget(p.schema)
		switch {
		case !isAssoc:
			plain = append(plain, p.name)
		case !array && slices.Contains(inner, "id"):
			nested = append(nested, p.name)
		}
	}
	out := slices.Clone(plain)
	for _, n := range nested {
		out = append(out, n+"{id}")
	}
	return out, nil
}

// actionRank orders a service's methods: List, Get, Create, Update,
// Delete, then the custom actions by operationId.
func actionRank(action string) int {
	if i := slices.Index([]string{"index", "show", "create", "update", "destroy"}, action); i >= 0 {
		return i
	}
	return 5
}

// checkConveniences holds the conveniences table against the spec: each
// names the operations it calls (or says why it calls none), and those of
// a resource the spec has must exist; a convenience on a service the spec
// has must not share a name with one of its operations' methods. (Small
// test specs without those resources are fine.)
func checkConveniences(out *services) error {
	ops, resources := map[string]bool{}, map[string]bool{}
	for _, op := range out.ops {
		ops[op.id], resources[op.resource] = true, true
	}
	seen := map[string]bool{}
	for _, c := range conveniences {
		key := c.Service + "." + c.Method
		switch {
		case seen[key]:
			return fmt.Errorf("conveniences: %s listed twice", key)
		case c.What == "":
			return fmt.Errorf("conveniences: %s says nothing of what it does", key)
		case (len(c.Ops) == 0) == (c.NoOp == ""):
			return fmt.Errorf("conveniences: %s needs either the operations it calls or, with none, NoOp", key)
		}
		seen[key] = true
		for _, id := range c.Ops {
			if res, _, _ := strings.Cut(id, "#"); resources[res] && !ops[id] {
				return fmt.Errorf("conveniences: %s calls %s, which is not an operation of the spec", key, id)
			}
		}
		for _, op := range out.byName[c.Service] {
			if strings.TrimSuffix(docMethod(op), "*") == c.Method {
				return fmt.Errorf("conveniences: %s is the method of operation %s", key, op.id)
			}
		}
	}
	return nil
}
