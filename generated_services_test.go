package clio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var placeholderRe = regexp.MustCompile(`\{[a-z_]+\}`)

// indexParam is what the tests read of an operation's parameters in the
// committed spec index.
type indexParam struct {
	Name   string `json:"name"`
	In     string `json:"in"`
	Schema struct {
		Enum    []string `json:"enum"`
		Minimum *int     `json:"minimum"`
		Maximum *int     `json:"maximum"`
	} `json:"schema"`
}

// indexParams maps operationId to its parameters by name.
func indexParams(t *testing.T) map[string]map[string]indexParam {
	t.Helper()
	b, err := os.ReadFile("internal/gen/spec-index.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string       `json:"operationId"`
			Parameters  []indexParam `json:"parameters"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	out := map[string]map[string]indexParam{}
	for _, item := range doc.Paths {
		for _, op := range item {
			ps := map[string]indexParam{}
			for _, p := range op.Parameters {
				if p.In == "query" {
					ps[p.Name] = p
				}
			}
			out[op.OperationID] = ps
		}
	}
	return out
}

// fillParams sets every field of a params struct (generated or written by
// hand) to a non-zero value, so each one must show up in the query.
func fillParams(t *testing.T, v reflect.Value) {
	t.Helper()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		switch {
		case sf.Name == "Limit":
			f.SetInt(1)
		case f.Type() == reflect.TypeFor[ReminderSubject]():
			f.Set(reflect.ValueOf(ReminderSubject{ID: 5, Type: ReminderSubjectCalendarEntry}))
		case f.Type() == reflect.TypeFor[[]DateFilter]():
			f.Set(reflect.ValueOf([]DateFilter{{Op: ">=", Date: NewDate(2026, 3, 1)}}))
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)))
		case f.Type() == reflect.TypeFor[Date]():
			f.Set(reflect.ValueOf(NewDate(2026, 3, 1)))
		case f.Type() == reflect.TypeFor[Opt[bool]]():
			f.Set(reflect.ValueOf(Set(true)))
		case f.Type() == reflect.TypeFor[[]CustomFieldFilter]():
			f.Set(reflect.ValueOf([]CustomFieldFilter{{FieldID: 5, Op: ">=", Value: "3"}}))
		case f.Kind() == reflect.String:
			f.SetString("v")
		case f.Kind() == reflect.Int64, f.Kind() == reflect.Int:
			f.SetInt(7)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Int64:
			f.Set(reflect.ValueOf([]int64{1, 2}))
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			s := reflect.MakeSlice(f.Type(), 1, 1)
			s.Index(0).SetString("v")
			f.Set(s)
		default:
			t.Fatalf("%s.%s: no test value for %s", v.Type(), sf.Name, f.Type())
		}
	}
}

// TestEveryGeneratedMethod calls each generated method against a local
// mock of Clio and checks the request it sends against the spec index:
// HTTP method and path (ids in place), fields (defaults, id and etag
// first) exactly where the operation takes fields, every params field in
// the query, limit within the operation's range, order only where the
// operation declares it, If-Match on updates, a {"data": ...} body where
// the operation has one, and the answer decoded by kind.
func TestEveryGeneratedMethod(t *testing.T) {
	params := indexParams(t)
	ctx := context.Background()
	n := 0
	for _, op := range operations {
		if op.Hand {
			continue
		}
		n++
		t.Run(op.ID, func(t *testing.T) {
			c, mt := newTestClient(t)
			m := reflect.ValueOf(c.Services).FieldByName(op.Service).MethodByName(op.Method)
			require.True(t, m.IsValid())
			mt0 := m.Type()

			var args []reflect.Value
			var ids []any
			filled := 0
			hasBody := false
			for i := range mt0.NumIn() {
				in := mt0.In(i)
				switch {
				case mt0.IsVariadic() && i == mt0.NumIn()-1:
				case in == ctxType:
					args = append(args, reflect.ValueOf(ctx))
				case in.Kind() == reflect.Int64:
					id := int64(100 + i)
					ids = append(ids, id)
					args = append(args, reflect.ValueOf(id))
				case in.Kind() == reflect.String:
					etag := `"etag-1"`
					if _, has := fieldCatalog[op.Record]["etag"]; !has {
						etag = "" // MyEvent: no etag to match
					}
					args = append(args, reflect.ValueOf(etag))
				case strings.HasSuffix(in.Name(), "Params"):
					v := reflect.New(in).Elem()
					fillParams(t, v)
					filled = v.NumField()
					if _, ok := v.Type().FieldByName("Limit"); ok {
						filled--
					}
					args = append(args, v)
				default:
					hasBody = true
					args = append(args, reflect.New(in).Elem())
				}
			}
			wantPath := testBaseURL + placeholderRe.ReplaceAllStringFunc(op.Path, func(string) string {
				id := ids[0]
				ids = ids[1:]
				return fmt.Sprint(id)
			})
			assert.Empty(t, ids, "every int64 argument is a path id")

			var got *http.Request
			var body []byte
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				if req.URL.Host == "storage.example.test" {
					assert.Empty(t, req.Header.Get("Authorization"), "the token must not reach storage")
					return httpmock.NewStringResponse(200, "file"), nil
				}
				got, body = req, readBody(t, req)
				var resp *http.Response
				switch out := mt0.Out(0).String(); {
				case out == "*clio.IDPager":
					resp = httpmock.NewStringResponse(200, `{"data":[1,2],"meta":{"paging":{}}}`)
				case isPager(mt0.Out(0)):
					resp = httpmock.NewStringResponse(200, `{"data":[{"id":1,"etag":"\"a\""}],"meta":{"paging":{}}}`)
				case out == "io.ReadCloser":
					resp = httpmock.NewStringResponse(http.StatusSeeOther, "")
					resp.Header.Set("Location", "https://storage.example.test/f?sig=s")
				case out == "[]uint8":
					resp = httpmock.NewStringResponse(200, "<html>bill</html>")
				case out == "error" && req.Method == http.MethodDelete:
					resp = httpmock.NewStringResponse(204, "")
				case out == "error":
					resp = httpmock.NewStringResponse(200, "")
				default:
					resp = httpmock.NewStringResponse(200, `{"data":{"id":1,"etag":"\"a\""}}`)
				}
				return resp, nil
			})

			results := m.Call(args)
			if isPager(results[0].Type()) {
				out := results[0].MethodByName("NextPage").Call([]reflect.Value{reflect.ValueOf(ctx)})
				require.Nil(t, out[1].Interface(), "first page")
			} else {
				last := results[len(results)-1].Interface()
				require.Nil(t, last, "call error: %v", last)
				if rc, ok := results[0].Interface().(io.ReadCloser); ok {
					b, err := io.ReadAll(rc)
					require.NoError(t, err)
					assert.Equal(t, "file", string(b))
					rc.Close()
				}
			}

			require.NotNil(t, got, "no request reached Clio")
			assert.Equal(t, op.HTTPMethod, got.Method)
			assert.Equal(t, wantPath, got.URL.Scheme+"://"+got.URL.Host+got.URL.Path)
			q := got.URL.Query()
			decl := params[op.ID]

			_, takesFields := decl["fields"]
			returnsRecord := mt0.NumOut() == 2 || (isPager(mt0.Out(0)) && mt0.Out(0).String() != "*clio.IDPager")
			if takesFields && returnsRecord {
				// id and etag first, where the record has them
				// (BillableClient has no etag: asking for it is a 400).
				want := ""
				for _, f := range []string{"id", "etag"} {
					if _, has := fieldCatalog[op.Record][f]; has {
						want += f + ","
					}
				}
				assert.True(t, strings.HasPrefix(q.Get("fields")+",", want), "default fields: %q", q.Get("fields"))
			} else {
				assert.False(t, q.Has("fields"), "fields sent to an operation without them")
			}
			if lim, ok := decl["limit"]; ok {
				assert.Equal(t, "1", q.Get("limit"))
				require.NotNil(t, lim.Schema.Minimum)
			} else {
				assert.False(t, q.Has("limit"), "limit sent to an operation without it")
			}
			if _, ok := decl["order"]; !ok {
				assert.False(t, q.Has("order"), "order sent to an operation that does not declare it")
			}
			keys := 0
			for k := range q {
				if k != "fields" && k != "limit" {
					keys++
					_, declared := decl[k]
					if !declared && strings.HasPrefix(k, "custom_field_values[") {
						_, declared = decl["custom_field_values"]
					}
					assert.True(t, declared, "query %s is not a parameter of %s", k, op.ID)
				}
			}
			assert.Equal(t, filled, keys, "every params field is sent: %v", q)

			if _, has := fieldCatalog[op.Record]["etag"]; op.HTTPMethod == http.MethodPatch && has {
				assert.Equal(t, `"etag-1"`, got.Header.Get("If-Match"))
			}
			if hasBody {
				var env map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(body, &env), "%s", body)
				assert.Contains(t, env, "data")
			} else {
				assert.Empty(t, body)
			}
		})
	}
	assert.Equal(t, 282-len(slices.DeleteFunc(slices.Clone(operations), func(o operationInfo) bool { return !o.Hand })), n)
}
