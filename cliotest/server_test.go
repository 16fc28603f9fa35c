package cliotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

var etagRe = regexp.MustCompile(`^"[0-9a-f]{32}"$`)

func TestDefaultFieldsAreIDAndETag(t *testing.T) {
	w := newWire(t)
	id := w.srv.Demo().JaneDoeMatterID
	r := w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json", id), nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	d := r.data()
	assert.Len(t, d, 2, "only id and etag without fields: %v", d)
	assert.Equal(t, id, num(d["id"]))
	assert.Regexp(t, etagRe, d["etag"])
	assert.Equal(t, d["etag"], r.Header.Get("ETag"))
	assert.Equal(t, "4.0.13", r.Header.Get("X-API-VERSION"))
	assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
}

func TestInvalidFields(t *testing.T) {
	w := newWire(t)
	id := w.srv.Demo().JaneDoeMatterID
	for _, tc := range []struct{ fields, name string }{
		{"id,bogus_field", "bogus_field"},
		{"client{id,nope}", "nope"},
		{"client{id,client{name}}", "client{name}"},
	} {
		r := w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json?fields=%s", id, url.QueryEscape(tc.fields)), nil)
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, tc.fields)
		assert.Equal(t, "InvalidFields", r.errType(), tc.fields)
		assert.Equal(t, tc.name+" is not a valid field", r.errMessage(), tc.fields)
	}
}

func TestNestedFieldRendering(t *testing.T) {
	w := newWire(t)
	demo := w.srv.Demo()
	q := url.Values{"fields": {"id,display_number,status,client{id,name},practice_area,matter_stage{name},custom_field_values{id,value,custom_field}"}}
	r := w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json?%s", demo.JaneDoeMatterID, q.Encode()), nil)
	require.Equal(t, http.StatusOK, r.StatusCode, string(r.raw))
	d := r.data()
	assert.ElementsMatch(t, []string{"id", "display_number", "status", "client", "practice_area", "matter_stage", "custom_field_values"}, keys(d))
	assert.Equal(t, "Open", d["status"])
	assert.Equal(t, map[string]any{"id": float64(demo.JaneDoeID), "name": "Jane Doe"}, d["client"])
	pa := d["practice_area"].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "etag"}, keys(pa), "an association without braces is id+etag")
	assert.Equal(t, map[string]any{"name": "Investigation"}, d["matter_stage"])
	vals := d["custom_field_values"].([]any)
	require.Len(t, vals, 3)
	first := vals[0].(map[string]any)
	assert.Equal(t, "date-1", first["id"])
	assert.Equal(t, "2025-11-03", first["value"])
	cf := first["custom_field"].(map[string]any)
	assert.ElementsMatch(t, []string{"id", "etag"}, keys(cf), "second-level associations are stubs")
	assert.Equal(t, float64(demo.AccidentDateFieldID), cf["id"])
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestETagsIfMatchAndIfNoneMatch(t *testing.T) {
	// In memory, so a 304 body would reach the test (over TCP Go's server
	// drops it).
	w := newWire(t, cliotest.InMemory())
	path := fmt.Sprintf("/api/v4/matters/%d.json", w.srv.Demo().JaneDoeMatterID)
	first := w.do("GET", path, nil)
	etag := first.Header.Get("ETag")
	require.Regexp(t, etagRe, etag)

	nm := w.do("GET", path, nil, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, nm.StatusCode)
	assert.Empty(t, nm.raw)

	up := w.do("PATCH", path+"?fields=id,etag,location", data(map[string]any{"location": "Seattle"}), "If-Match", etag)
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	newTag := up.Header.Get("ETag")
	assert.NotEqual(t, etag, newTag, "etag changes on every write")
	assert.Equal(t, newTag, up.data()["etag"])
	assert.Equal(t, "Seattle", up.data()["location"])

	stale := w.do("PATCH", path, data(map[string]any{"location": "Tacoma"}), "If-Match", etag)
	assert.Equal(t, http.StatusPreconditionFailed, stale.StatusCode)
	assert.Equal(t, "PreconditionFailed", stale.errType())
	after := w.do("GET", path+"?fields=location", nil)
	assert.Equal(t, "Seattle", after.data()["location"], "a 412 applies nothing")

	changed := w.do("GET", path, nil, "If-None-Match", etag)
	assert.Equal(t, http.StatusOK, changed.StatusCode, "a stale If-None-Match gets the record")
}

func TestAPIVersion(t *testing.T) {
	w := newWire(t)
	for _, v := range []string{"4.0.4", "4.0.10", "4.0.12", "4.0.13"} {
		r := w.do("GET", "/api/v4/users/who_am_i.json", nil, "X-API-VERSION", v)
		assert.Equal(t, http.StatusOK, r.StatusCode, v)
		assert.Equal(t, v, r.Header.Get("X-API-VERSION"), "echoed")
	}
	for _, v := range []string{"4.0.11", "4.0.3", "5.0.0", "latest"} {
		r := w.do("GET", "/api/v4/users/who_am_i.json", nil, "X-API-VERSION", v)
		assert.Equal(t, http.StatusGone, r.StatusCode, v)
	}
}

func TestUnknownTokenIs401InvalidToken(t *testing.T) {
	w := newWire(t)
	w.token = "not-a-token"
	r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	assert.Equal(t, map[string]any{
		"error":             "invalid_token",
		"error_description": "The access token provided is expired, revoked, malformed or invalid for other reasons.",
	}, r.json)
}

func TestRequestLog(t *testing.T) {
	w := newWire(t)
	w.srv.ResetLog()
	id := w.srv.Demo().JaneDoeMatterID
	w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json?fields=id,etag", id), nil, "X-API-VERSION", "4.0.12")
	w.do("PATCH", fmt.Sprintf("/api/v4/matters/%d.json", id), data(map[string]any{"location": "x"}), "If-Match", `"stale"`)
	log := w.srv.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, cliotest.HostAPI, log[0].Host)
	assert.Equal(t, "GET", log[0].Method)
	assert.Equal(t, fmt.Sprintf("/api/v4/matters/%d.json", id), log[0].Path)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, log[0].Query)
	assert.True(t, log[0].Authorization)
	assert.Equal(t, "4.0.12", log[0].APIVersion)
	assert.Equal(t, http.StatusOK, log[0].Status)
	assert.Positive(t, log[0].ResponseSize)
	assert.Equal(t, "PATCH", log[1].Method)
	assert.Equal(t, `"stale"`, log[1].IfMatch)
	assert.Equal(t, http.StatusPreconditionFailed, log[1].Status)
	assert.EqualValues(t, len(`{"data":{"location":"x"}}`), log[1].BodySize)

	log[0].Query.Set("fields", "mutated")
	assert.Equal(t, "id,etag", w.srv.Requests()[0].Query.Get("fields"), "Requests returns a copy")
	w.srv.ResetLog()
	assert.Empty(t, w.srv.Requests())
}

func TestClientDo(t *testing.T) {
	srv := cliotest.NewServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	ctx := context.Background()
	var me struct {
		Data struct {
			ID                int64  `json:"id"`
			Name              string `json:"name"`
			DefaultCalendarID int64  `json:"default_calendar_id"`
		} `json:"data"`
	}
	err = client.Do(ctx, "GET", "users/who_am_i.json", url.Values{"fields": {"id,name,default_calendar_id"}}, nil, &me)
	require.NoError(t, err)
	assert.Equal(t, srv.Demo().AttorneyID, me.Data.ID)
	assert.Equal(t, "Maya Patel", me.Data.Name)
	assert.Equal(t, srv.Demo().AttorneyCalendarID, me.Data.DefaultCalendarID)

	err = client.Do(ctx, "GET", "matters/999999999.json", nil, nil, nil)
	assert.True(t, errors.Is(err, clio.ErrNotFound), "got %v", err)
	err = client.Do(ctx, "GET", "matters.json", url.Values{"fields": {"nope"}}, nil, nil)
	var apiErr *clio.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidFields", apiErr.Type)
}

func TestInMemory(t *testing.T) {
	srv := cliotest.NewServer(t, cliotest.InMemory())
	assert.Equal(t, "http://clio.test", srv.URL())
	client, err := srv.Client()
	require.NoError(t, err)
	var out struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
	}
	require.NoError(t, client.Do(context.Background(), "GET", "practice_areas.json", nil, nil, &out))
	assert.Len(t, out.Data, 2)
	log := srv.Requests()
	require.Len(t, log, 1)
	assert.Equal(t, "/api/v4/practice_areas.json", log[0].Path)
}

func TestMethodAndRouteErrors(t *testing.T) {
	w := newWire(t)
	assert.Equal(t, http.StatusNotFound, w.do("GET", "/api/v4/nothing_here.json", nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, w.do("GET", "/api/v4/matters/999999.json", nil).StatusCode)
	r := w.do("PUT", "/api/v4/matters.json", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.StatusCode)
	noSuffix := w.do("GET", fmt.Sprintf("/api/v4/matters/%d", w.srv.Demo().JaneDoeMatterID), nil)
	assert.Equal(t, http.StatusOK, noSuffix.StatusCode, "the .json suffix is optional, as on Clio")
}

func TestStartCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := cliotest.Start()
	require.NoError(t, err)
	client, err := srv.Client()
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, client.Do(context.Background(), "GET", "matters.json", nil, nil, nil))
	}
	srv.Inject(cliotest.Fault{Path: "/api/v4/users", Drop: true, Times: 1})
	_ = client.Do(context.Background(), "GET", "users.json", nil, nil, nil)
	srv.Close()
	srv.Close() // idempotent
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left after Close")
	_, err = srv.HTTPClient().Get(srv.URL() + "/api/v4/users.json")
	assert.Error(t, err, "closed")
}
