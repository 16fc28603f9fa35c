package clio

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 18 item 9: a middleware runs around each attempt and sees the
// operation, the attempt number and the answer; it never sees the token,
// which still reaches the transport.
func TestMiddlewareSeesEachAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var log []string
		var leaked atomic.Bool
		outer := func(req *http.Request, at Attempt, next MiddlewareNext) (*http.Response, error) {
			if strings.Contains(req.Header.Get("Authorization"), testToken) {
				leaked.Store(true)
			}
			req.Header.Set("Traceparent", fmt.Sprintf("00-trace-%d", at.Number))
			resp, err := next(req)
			status := 0
			if resp != nil {
				status = resp.StatusCode
				if strings.Contains(resp.Request.Header.Get("Authorization"), testToken) {
					leaked.Store(true)
				}
			}
			log = append(log, fmt.Sprintf("outer %s %s %s #%d -> %d %v (auth %q)",
				at.OperationID, at.Method, at.PathTemplate, at.Number, status, err, req.Header.Get("Authorization")))
			return resp, err
		}
		inner := func(req *http.Request, at Attempt, next MiddlewareNext) (*http.Response, error) {
			log = append(log, "inner "+req.Header.Get("Traceparent"))
			return next(req)
		}
		c, mt := newTestClient(t, WithMiddleware(outer), WithMiddleware(inner))
		var sent []string
		calls := 0
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			sent = append(sent, req.Header.Get("Authorization")+" "+req.Header.Get("Traceparent"))
			if calls++; calls == 1 {
				return httpmock.NewStringResponse(503, `{}`), nil
			}
			return httpmock.NewStringResponse(200, `{"data":{"id":1}}`), nil
		})
		_, err := c.Matters.Get(context.Background(), 1)
		require.NoError(t, err)
		assert.Equal(t, []string{
			"inner 00-trace-1",
			`outer Matter#show GET /matters/{id}.json #1 -> 503 <nil> (auth "[REDACTED]")`,
			"inner 00-trace-2",
			`outer Matter#show GET /matters/{id}.json #2 -> 200 <nil> (auth "[REDACTED]")`,
		}, log)
		assert.Equal(t, []string{"Bearer " + testToken + " 00-trace-1", "Bearer " + testToken + " 00-trace-2"}, sent,
			"the transport gets the token and the middleware's header")
		assert.False(t, leaked.Load(), "no middleware saw the token")
	})
}

// The operation is found for every kind of call: a next link (absolute),
// a literal segment beside a placeholder, and none for a path the spec
// does not have.
func TestMiddlewareOperationLookup(t *testing.T) {
	var ops []string
	c, mt := newTestClient(t, WithMiddleware(func(req *http.Request, at Attempt, next MiddlewareNext) (*http.Response, error) {
		ops = append(ops, at.OperationID+" "+at.PathTemplate)
		return next(req)
	}))
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"data":[]}`))
	ctx := context.Background()
	require.NoError(t, c.Do(ctx, "GET", testBaseURL+"/matters.json?page_token=x", nil, nil, nil))
	require.NoError(t, c.Do(ctx, "GET", "billable_matters/ids.json", nil, nil, nil))
	require.NoError(t, c.Do(ctx, "GET", "matters/12/contacts.json", nil, nil, nil))
	require.NoError(t, c.Do(ctx, "GET", "no_such_thing.json", nil, nil, nil))
	assert.Equal(t, []string{
		"Matter#index /matters.json",
		"BillableMatter#ids /billable_matters/ids.json",
		"MatterContacts#index /matters/{matter_id}/contacts.json",
		" ",
	}, ops)

	_, err := NewClient(WithAccessToken("x"), WithMiddleware(nil))
	require.ErrorIs(t, err, ErrInvalidArgument)
}

// A middleware that panics releases the limiter's slot like a transport
// that panics.
func TestMiddlewarePanicReleasesLimiter(t *testing.T) {
	c, mt := newTestClient(t, WithMiddleware(func(*http.Request, Attempt, MiddlewareNext) (*http.Response, error) { panic("mw") }))
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{}`))
	func() {
		defer func() { _ = recover() }()
		_ = c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	}()
	c.cfg.limiter.mu.Lock()
	defer c.cfg.limiter.mu.Unlock()
	assert.Zero(t, c.cfg.limiter.inflight)
}
