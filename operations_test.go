package clio

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	ctxType        = reflect.TypeFor[context.Context]()
	callOptsType   = reflect.TypeFor[[]CallOption]()
	servicesStruct = reflect.TypeFor[Services]()
)

// indexOperations reads the operationIds of the committed spec index.
func indexOperations(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("internal/gen/spec-index.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	out := map[string]bool{}
	for _, item := range doc.Paths {
		for _, op := range item {
			out[op.OperationID] = true
		}
	}
	return out
}

// callShape reports what is wrong with a method's shape, or "": ctx first
// (a method returning a *Pager is lazy and takes none), opts
// ...CallOption last.
// isPager reports whether t is one of the named pagers list methods
// return: a pointer to a type of this package named ...Pager, defined as a
// Pager[T] (the same fields) and with all of Pager's methods.
func isPager(t reflect.Type) bool {
	if t.Kind() != reflect.Pointer || t.Elem().PkgPath() != reflect.TypeFor[Client]().PkgPath() ||
		!strings.HasSuffix(t.Elem().Name(), "Pager") || t.Elem().Kind() != reflect.Struct {
		return false
	}
	for _, m := range []string{"All", "NextPage", "More", "Err", "Cursor", "Resume", "ResumeAfter"} {
		if _, ok := t.MethodByName(m); !ok {
			return false
		}
	}
	return t.Elem().NumField() == reflect.TypeFor[Pager[struct{}]]().NumField()
}

func callShape(m reflect.Method) string {
	ft := m.Type // In(0) is the receiver
	pager := ft.NumOut() == 1 && isPager(ft.Out(0))
	switch {
	case !pager && (ft.NumIn() < 2 || ft.In(1) != ctxType):
		return "the first parameter is not a context.Context"
	case !ft.IsVariadic() || ft.In(ft.NumIn()-1) != callOptsType:
		return "the last parameter is not opts ...CallOption"
	case !pager && ft.Out(ft.NumOut()-1) != reflect.TypeFor[error]():
		return "the last result is not an error"
	}
	return ""
}

// TestOperationsCoverage holds the services against the spec's
// operations, in the manner of go-github's operation metadata check: every
// operation of the index has exactly one method with the call shape, and
// every exported service method is an operation or a listed convenience.
func TestOperationsCoverage(t *testing.T) {
	index := indexOperations(t)
	require.Len(t, index, 282)

	table := map[string]bool{}
	methodOf := map[string]string{}
	for _, op := range operations {
		assert.False(t, table[op.ID], "%s listed twice", op.ID)
		table[op.ID] = true
		key := op.Service + "." + op.Method
		if prev, dup := methodOf[key]; dup {
			t.Errorf("%s and %s share the method %s", prev, op.ID, key)
		}
		methodOf[key] = op.ID
	}
	assert.Equal(t, slices.Sorted(maps.Keys(index)), slices.Sorted(maps.Keys(table)), "operations table vs spec index")

	services := map[string]bool{}
	for _, op := range operations {
		f, ok := servicesStruct.FieldByName(op.Service)
		if !assert.True(t, ok, "%s: no service %s on Client", op.ID, op.Service) {
			continue
		}
		services[op.Service] = true
		m, ok := f.Type.MethodByName(op.Method)
		if !assert.True(t, ok, "%s: %s has no method %s", op.ID, f.Type, op.Method) {
			continue
		}
		key := op.Service + "." + op.Method
		problem := callShape(m)
		if problem != "" {
			t.Errorf("%s (%s): %s", key, op.ID, problem)
		}
	}
	assert.Len(t, services, 84)
	assert.Equal(t, servicesStruct.NumField(), len(services), "a service without operations")

	conveniences := readConveniences(t)
	for i := range servicesStruct.NumField() {
		f := servicesStruct.Field(i)
		for j := range f.Type.NumMethod() {
			key := f.Name + "." + f.Type.Method(j).Name
			if _, isOp := methodOf[key]; !isOp && conveniences[key] == nil {
				t.Errorf("%s is neither an operation's method nor a convenience listed in internal/gen/handwritten.go", key)
			}
		}
	}
	for key, c := range conveniences {
		svc, method, _ := strings.Cut(key, ".")
		f, ok := servicesStruct.FieldByName(svc)
		if assert.True(t, ok, key) {
			_, ok = f.Type.MethodByName(method)
			assert.True(t, ok, "convenience %s does not exist", key)
		}
		for _, id := range c.Ops {
			assert.True(t, table[id], "convenience %s calls %s, which is no operation", key, id)
		}
	}
}

// TestMethodDocsNameTheirOperations: the doc comment of every service
// method names its operation by operationId ("Matter#show"), so searching
// the documentation for an operationId finds the method, and the doc
// comment of every convenience names each operation it calls.
func TestMethodDocsNameTheirOperations(t *testing.T) {
	docs := methodDocs(t)
	typeOf := func(service string) string {
		f, ok := servicesStruct.FieldByName(service)
		require.True(t, ok, service)
		return f.Type.Elem().Name()
	}
	for _, op := range operations {
		key := typeOf(op.Service) + "." + op.Method
		doc, ok := docs[key]
		if !assert.True(t, ok, "%s (%s): no method declaration found", key, op.ID) {
			continue
		}
		if !namesOperation(doc, op.ID) {
			t.Errorf("the doc comment of %s does not name its operation %s", key, op.ID)
		}
	}
	for name, c := range readConveniences(t) {
		svc, method, _ := strings.Cut(name, ".")
		key := typeOf(svc) + "." + method
		doc, ok := docs[key]
		if !assert.True(t, ok, "convenience %s: no method declaration found", key) {
			continue
		}
		for _, id := range c.Ops {
			if !namesOperation(doc, id) {
				t.Errorf("the doc comment of convenience %s does not name %s, which it calls", key, id)
			}
		}
	}
}

// namesOperation reports whether doc names the operation id as a word of
// its own ("Document#show", not inside "DocumentTemplate#show").
func namesOperation(doc, id string) bool {
	return regexp.MustCompile(`(^|[^\w#])` + regexp.QuoteMeta(id) + `($|[^\w#])`).MatchString(doc)
}

// methodDocs parses the package's non-test files and returns the doc
// comment of every method, keyed "ReceiverType.Method".
func methodDocs(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	docs := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			recv := fd.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			if id, ok := recv.(*ast.Ident); ok {
				docs[id.Name+"."+fd.Name.Name] = fd.Doc.Text()
			}
		}
	}
	return docs
}

// convenience is one entry of the conveniences table of internal/gen
// (handwritten.go), which docs/operations.md lists.
type convenience struct {
	Ops  []string // the operations it calls
	NoOp string   // why it calls none
}

// readConveniences reads the conveniences table from the generator's
// source, keyed "Service.Method", so the generator's list is the only one.
func readConveniences(t *testing.T) map[string]*convenience {
	t.Helper()
	const src = "internal/gen/handwritten.go"
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	str := func(e ast.Expr) string {
		lit, ok := e.(*ast.BasicLit)
		require.True(t, ok && lit.Kind == token.STRING, "%s: conveniences holds a %T where a string literal is expected", src, e)
		s, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		return s
	}
	var table *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "conveniences" && len(vs.Values) == 1 {
			table, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return table == nil
	})
	require.NotNil(t, table, "%s declares no conveniences table", src)
	out := map[string]*convenience{}
	for _, elt := range table.Elts {
		entry, ok := elt.(*ast.CompositeLit)
		require.True(t, ok, "%s: an entry of conveniences is a %T", src, elt)
		var service, method string
		c := &convenience{}
		for _, kv := range entry.Elts {
			kv, ok := kv.(*ast.KeyValueExpr)
			require.True(t, ok, "%s: write conveniences entries with field names", src)
			switch key := kv.Key.(*ast.Ident).Name; key {
			case "Service":
				service = str(kv.Value)
			case "Method":
				method = str(kv.Value)
			case "NoOp":
				c.NoOp = str(kv.Value)
			case "Ops":
				ops, ok := kv.Value.(*ast.CompositeLit)
				require.True(t, ok, "%s: Ops is a %T", src, kv.Value)
				for _, e := range ops.Elts {
					c.Ops = append(c.Ops, str(e))
				}
			}
		}
		key := service + "." + method
		require.NotContains(t, out, key, "%s: %s listed twice", src, key)
		out[key] = c
	}
	require.NotEmpty(t, out)
	return out
}

// TestClientReachesEveryService: a client built by NewClient has every
// service wired (no nil field), and the embedded fields are reachable as
// client.<Service>.
func TestClientReachesEveryService(t *testing.T) {
	c, _ := newTestClient(t)
	v := reflect.ValueOf(c.Services)
	for i := range v.NumField() {
		assert.False(t, v.Field(i).IsNil(), "client.%s is nil", servicesStruct.Field(i).Name)
	}
	assert.NotNil(t, c.Activities)
	assert.Same(t, c.Services.Activities, c.Activities)
}
