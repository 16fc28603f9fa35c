package clio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPresenceAbsentIsNotFalse: a matter fetched with fields=id,etag reads
// billable as false, and Has says it was never sent; the same matter with
// billable requested says it was.
func TestPresenceAbsentIsNotFalse(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/matters/7.json", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("fields") == "id,etag" {
			return httpmock.NewStringResponse(200, `{"data":{"id":7,"etag":"\"e\""}}`), nil
		}
		return httpmock.NewStringResponse(200, `{"data":{"id":7,"etag":"\"e\"","billable":false,"client":{"id":3,"name":"Jane Doe"}}}`), nil
	})
	ctx := context.Background()

	slim, err := c.Matters.Get(ctx, 7, Fields("id"))
	require.NoError(t, err)
	assert.False(t, slim.Billable)
	assert.False(t, slim.Has("billable"), "billable was not requested: absent, not false")
	assert.True(t, slim.Has("id"))
	assert.True(t, slim.Has("etag"))

	full, err := c.Matters.Get(ctx, 7, Fields("billable", Nested("client", "name")))
	require.NoError(t, err)
	assert.False(t, full.Billable)
	assert.True(t, full.Has("billable"), "billable was sent, and is false")
	require.NotNil(t, full.Client)
	assert.True(t, full.Client.Has("name"))
	assert.False(t, full.Client.Has("type"), "nested records know their fields too")
	assert.False(t, full.Has("no_such_field"))
	assert.False(t, (&Matter{Billable: true}).Has("billable"), "a record built in code carried nothing")
}

func TestScanPresence(t *testing.T) {
	names := []string{"a", "b", "c\"d", "e", "f"}
	cases := map[string][]string{
		`{"a":1,"e":{"b":2,"f":[1,{"c":3}]},"zz":"}{,\"b\":"}`: {"a", "e"},
		` { "b" : "x,y" , "f" : [ ] } `:                        {"b", "f"},
		`{"c\"d":null,"\u0061":true}`:                          {"a", "c\"d"},
		`{}`:                                                   nil,
		`[{"a":1}]`:                                            nil,
		`null`:                                                 nil,
	}
	for in, want := range cases {
		require.True(t, json.Valid([]byte(in)), in)
		p := scanPresence([]byte(in), names)
		var got []string
		for _, n := range names {
			if p.has(names, n) {
				got = append(got, n)
			}
		}
		assert.Equal(t, want, got, in)
	}
}

// FuzzScanPresence: on any valid JSON object, the scanner finds exactly the
// top-level keys encoding/json finds, and never hangs or panics.
func FuzzScanPresence(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":{"b":[1,"]"]},"c":"\\\""}`, `{"\u0062":2}`} {
		f.Add(s)
	}
	names := []string{"a", "b", "c", "d"}
	f.Fuzz(func(t *testing.T, s string) {
		var m map[string]json.RawMessage
		if json.Unmarshal([]byte(s), &m) != nil || m == nil {
			return
		}
		p := scanPresence([]byte(s), names)
		for _, n := range names {
			_, want := m[n]
			require.Equal(t, want, p.has(names, n), "%s in %s", n, url.QueryEscape(s))
		}
	})
}
