package clio

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// conveniences are the exported service methods that are not one
// operation of the spec: helpers written by hand on top of the operations.
var conveniences = map[string]bool{
	"Matters.SetStage":                           true,
	"Matters.SetStageByName":                     true,
	"Contacts.FindByEmail":                       true,
	"CustomFields.Invalidate":                    true,
	"CustomFields.Refresh":                       true,
	"CustomFields.Definition":                    true,
	"CustomFields.SetMatterValues":               true,
	"CustomFields.SetContactValues":              true,
	"CustomFields.Values":                        true,
	"CalendarEntries.CreateStatuteOfLimitations": true,
	"Documents.DownloadURL":                      true,
	"DocumentAutomations.Wait":                   true,
	"Webhooks.Subscribe":                         true,
	"Webhooks.Renew":                             true,
	"Webhooks.Activate":                          true,
	"Reports.Wait":                               true,
	"Reports.CreateAndDownload":                  true,
}

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
func callShape(m reflect.Method) string {
	ft := m.Type // In(0) is the receiver
	pager := ft.NumOut() == 1 && strings.HasPrefix(ft.Out(0).String(), "*clio.Pager[")
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

	for i := range servicesStruct.NumField() {
		f := servicesStruct.Field(i)
		for j := range f.Type.NumMethod() {
			key := f.Name + "." + f.Type.Method(j).Name
			if _, isOp := methodOf[key]; !isOp && !conveniences[key] {
				t.Errorf("%s is neither an operation's method nor a listed convenience", key)
			}
		}
	}
	for key := range conveniences {
		svc, method, _ := strings.Cut(key, ".")
		f, ok := servicesStruct.FieldByName(svc)
		if assert.True(t, ok, key) {
			_, ok = f.Type.MethodByName(method)
			assert.True(t, ok, "convenience %s does not exist", key)
		}
	}
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
