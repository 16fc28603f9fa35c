package clio

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// genericsWithMethods walks every type a package importing clio meets
// through Client: its fields, the services, their methods' signatures, the
// params, bodies and models they name (this package's types only; others
// are not entered). It returns the instantiated generic types with methods
// among them, by generic name (Opt, OneOrMany) and then type. Go compiles
// every method of each of these again in every importing package, once per
// type argument (README, Build cost), so the set is kept small on purpose.
func genericsWithMethods() map[string][]string {
	pkg := reflect.TypeFor[Client]().PkgPath()
	found := map[string][]string{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.Name() != "" {
			if generic, _, ok := strings.Cut(t.Name(), "["); ok && (t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0) {
				found[generic] = append(found[generic], t.String())
			}
			if t.PkgPath() != pkg {
				return
			}
			for _, m := range []reflect.Type{t, reflect.PointerTo(t)} {
				for i := range m.NumMethod() {
					walk(m.Method(i).Type)
				}
			}
		}
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Func:
			for i := range t.NumIn() {
				walk(t.In(i))
			}
			for i := range t.NumOut() {
				walk(t.Out(i))
			}
		case reflect.Interface:
			for i := range t.NumMethod() {
				walk(t.Method(i).Type)
			}
		}
	}
	walk(reflect.TypeFor[Client]())
	for _, ts := range found {
		slices.Sort(ts)
	}
	return found
}

// TestImportersCompileFewGenerics guards the build cost of issue 19: the
// only generic types with methods an importer meets are Opt (for the
// optional fields of request bodies) and OneOrMany, and no more Opt
// instantiations than today's (24). A Pager[T] or an atomic.Pointer
// reached from Client, or optional enums made Opt again, fail it.
func TestImportersCompileFewGenerics(t *testing.T) {
	found := genericsWithMethods()
	for generic, types := range found {
		switch generic {
		case "Opt":
			// Each costs every importing package about 2.5 ms of compile.
			if len(types) > 24 {
				t.Errorf("%d Opt instantiations reach importers (at most 24): %v", len(types), types)
			}
		case "OneOrMany":
			if len(types) > 2 {
				t.Errorf("%d OneOrMany instantiations reach importers (at most 2): %v", len(types), types)
			}
		default:
			t.Errorf("importers compile the methods of %s", strings.Join(types, ", "))
		}
	}
	if len(found["Opt"]) == 0 {
		t.Error("the walk found no Opt: it no longer reaches the request bodies")
	}
	t.Logf("generic types with methods reached from Client: %v", found)
}
