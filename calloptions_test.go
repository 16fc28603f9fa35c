package clio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDoCallOptionsHeadersQueryAndMetadata(t *testing.T) {
	c, mt := newTestClient(t)
	var got *http.Request
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		got = req
		r := httpmock.NewStringResponse(200, `{"data":{"id":1,"etag":"\"e\""}}`)
		r.Header.Set("X-API-VERSION", "4.0.13")
		r.Header.Set("X-RateLimit-Limit", "50")
		r.Header.Set("X-RateLimit-Remaining", "49")
		r.Header.Set("X-RateLimit-Reset", "1764500000")
		r.Header.Set("X-Request-Id", "req-1")
		return r, nil
	})
	q := url.Values{"fields": {"id,etag"}}
	var meta Response
	err := c.Do(context.Background(), "GET", "matters/1.json", q, nil, nil,
		WithHeader("X-Trace", "t1"), WithQuery("status", "open"), WithQuery("limit", "9999"), WithResponseInto(&meta))
	require.NoError(t, err)
	assert.Equal(t, "t1", got.Header.Get("X-Trace"))
	assert.Equal(t, "open", got.URL.Query().Get("status"))
	assert.Empty(t, got.URL.Query().Get("limit"), "limit cannot be set through WithQuery")
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, q, "the caller's query is not modified")
	assert.Equal(t, 200, meta.StatusCode)
	assert.Equal(t, "4.0.13", meta.APIVersion)
	assert.Equal(t, "req-1", meta.RequestID)
	assert.Equal(t, RateLimitStatus{Limit: 50, Remaining: 49, Reset: time.Unix(1764500000, 0)}, meta.RateLimit)
}

func TestConditionalGetNotModified(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		if req.Header.Get("If-None-Match") == `"e1"` {
			return httpmock.NewStringResponse(304, ""), nil
		}
		return httpmock.NewStringResponse(200, `{"data":{"id":1,"etag":"\"e2\""}}`), nil
	})
	var meta Response
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil, IfNoneMatch(`"e1"`), WithResponseInto(&meta))
	require.ErrorIs(t, err, ErrNotModified)
	assert.Equal(t, 304, meta.StatusCode, "metadata is captured on an error answer too")
	require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil, IfModifiedSince(time.Unix(0, 0))))
}

func TestOperationsAndDefaultFieldsAreExported(t *testing.T) {
	ops := Operations()
	require.Len(t, ops, len(operations))
	byID := map[string]Operation{}
	for _, op := range ops {
		byID[op.ID] = op
	}
	assert.Equal(t, Operation{ID: "Activity#index", HTTPMethod: "GET", Path: "/activities.json", Service: "Activities", Method: "List", Record: "Activity", MaxLimit: 200}, byID["Activity#index"])
	assert.Equal(t, 25, byID["BillableClient#index"].MaxLimit)
	assert.Equal(t, 2000, byID["User#index"].MaxLimit)
	assert.Equal(t, 200, byID["Jurisdiction#index"].MaxLimit, "court rules lists differ: jurisdictions 200")
	assert.Equal(t, 1000, byID["JurisdictionsToTrigger#index"].MaxLimit, "triggers 1000")
	assert.Equal(t, []QueryParam{{Name: "type", Values: []string{"Matter", "Contact"}}}, byID["Note#index"].Required)
	ops[0].Required = append(ops[0].Required, QueryParam{Name: "x"})
	assert.NotEqual(t, ops[0].Required, Operations()[0].Required, "callers get a copy")

	assert.Equal(t, defaultActivityFields.String(), DefaultFields("Activity").String())
	assert.Equal(t, defaultMatterFields.String(), DefaultFields("Matter").String(), "hand-written defaults too")
	assert.True(t, DefaultFields("NoSuchRecord").IsZero())

	// List asks for the resource's defaults when no fields are given.
	c, mt := newTestClient(t)
	var got string
	mt.RegisterResponder("GET", testBaseURL+"/activities.json", func(req *http.Request) (*http.Response, error) {
		got = req.URL.Query().Get("fields")
		return httpmock.NewStringResponse(200, `{"data":[],"meta":{"paging":{}}}`), nil
	})
	_, err := List[json.RawMessage](c, "activities.json", "Activity", nil).NextPage(context.Background())
	require.NoError(t, err)
	want, err := defaultActivityFields.query("Activity")
	require.NoError(t, err)
	assert.Equal(t, want, got)

	// Without a limit, a list asks for the largest page it allows, up to
	// DefaultPageSize: billable clients take 25.
	mt.RegisterResponder("GET", testBaseURL+"/billable_clients.json", func(req *http.Request) (*http.Response, error) {
		got = req.URL.Query().Get("limit")
		return httpmock.NewStringResponse(200, `{"data":[],"meta":{"paging":{}}}`), nil
	})
	_, err = List[json.RawMessage](c, "billable_clients.json", "BillableClient", nil).NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "25", got)
}

// MyEvent records have no etag, so their update is sent without If-Match
// and without a read first (asking for an etag would be a 400).
func TestUpdateOfARecordWithoutETag(t *testing.T) {
	c, mt := newTestClient(t)
	var got *http.Request
	mt.RegisterResponder("PATCH", testBaseURL+"/internal_notifications/my_events/7.json", func(req *http.Request) (*http.Response, error) {
		got = req
		return httpmock.NewStringResponse(200, `{"data":{"id":7}}`), nil
	})
	_, err := c.MyEvents.Update(context.Background(), 7, "", MyEventUpdate{})
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Empty(t, got.Header.Get("If-Match"))
	assert.Equal(t, 1, mt.GetTotalCallCount(), "no etag read first")
	_, err = c.MyEvents.Update(context.Background(), 7, `"e"`, MyEventUpdate{})
	require.ErrorIs(t, err, ErrInvalidArgument)
}
