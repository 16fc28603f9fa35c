package clio

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-written lists take every query parameter the spec declares for
// their operation, as the generated ones do: each field of the params
// struct is filled, and each declared parameter must show in the query.
func TestHandWrittenListsTakeEveryFilter(t *testing.T) {
	params := indexParams(t)
	n := 0
	for _, op := range operations {
		if !op.Hand || op.HTTPMethod != http.MethodGet || op.Method != "List" || strings.Contains(op.Path, "{") {
			continue
		}
		n++
		t.Run(op.ID, func(t *testing.T) {
			c, mt := newTestClient(t)
			var got map[string][]string
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				got = req.URL.Query()
				return httpmock.NewStringResponse(200, `{"data":[],"meta":{"paging":{}}}`), nil
			})
			m := reflect.ValueOf(c.Services).FieldByName(op.Service).MethodByName(op.Method)
			require.True(t, m.IsValid())
			p := reflect.New(m.Type().In(0)).Elem()
			fillHandParams(t, p)
			pager := m.Call([]reflect.Value{p})[0]
			out := pager.MethodByName("NextPage").Call([]reflect.Value{reflect.ValueOf(context.Background())})
			require.True(t, out[1].IsNil(), "%v", out[1])
			for name := range params[op.ID] {
				switch name {
				case "fields", "limit", "page_token", "order":
					continue
				case "custom_field_values":
					found := false
					for k := range got {
						found = found || strings.HasPrefix(k, "custom_field_values[")
					}
					assert.True(t, found, "custom_field_values not sent")
				default:
					assert.Contains(t, got, name, "%s: no params field sends %s", op.ID, name)
				}
			}
		})
	}
	assert.GreaterOrEqual(t, n, 12, "the hand-written lists")
}

// fillHandParams sets every field of a hand-written params struct.
func fillHandParams(t *testing.T, v reflect.Value) {
	t.Helper()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		switch {
		case sf.Name == "Limit":
			f.SetInt(1)
		case f.Type() == reflect.TypeFor[ReminderSubject]():
			f.Set(reflect.ValueOf(ReminderSubject{ID: 5, Type: ReminderSubjectCalendarEntry}))
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)))
		case f.Type() == reflect.TypeFor[Opt[bool]]():
			f.Set(reflect.ValueOf(Set(true)))
		case f.Type() == reflect.TypeFor[[]CustomFieldFilter]():
			f.Set(reflect.ValueOf([]CustomFieldFilter{{FieldID: 5, Op: ">=", Value: "3"}}))
		case f.Type() == reflect.TypeFor[[]DateFilter]():
			f.Set(reflect.ValueOf([]DateFilter{{Op: ">=", Date: NewDate(2026, 3, 1)}}))
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
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
