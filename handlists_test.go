package clio

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

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
			fillParams(t, p)
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
