package clio

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 18 item 10: WithMaxRetries sets one call's retries, above or
// below the client's policy; 0 sends the call once.
func TestWithMaxRetriesPerCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 2}))
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(503, `{}`))
		ctx := context.Background()
		for _, tc := range []struct {
			opts []CallOption
			want int
		}{
			{nil, 3}, // the client's policy: 2 retries
			{[]CallOption{WithMaxRetries(0)}, 1},
			{[]CallOption{WithMaxRetries(5)}, 6},
		} {
			mt.ZeroCallCounters()
			_, err := c.Matters.Get(ctx, 1, tc.opts...)
			var ae *APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.want, ae.Attempts)
			assert.Equal(t, tc.want, mt.GetTotalCallCount())
		}

		// A pager's pages each get the call's retries, next links included.
		mt.RegisterResponder("GET", testBaseURL+"/matters.json", func(req *http.Request) (*http.Response, error) {
			if req.URL.Query().Get("page_token") == "" {
				return httpmock.NewStringResponse(200, pageJSON("p2", 1)), nil
			}
			return httpmock.NewStringResponse(503, `{}`), nil
		})
		mt.ZeroCallCounters()
		p := c.Matters.List(MatterListParams{}, WithMaxRetries(0))
		_, err := p.NextPage(ctx)
		require.NoError(t, err)
		_, err = p.NextPage(ctx)
		require.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 2, mt.GetTotalCallCount())

		// A negative count is refused before anything is sent.
		mt.ZeroCallCounters()
		_, err = c.Matters.Get(ctx, 1, WithMaxRetries(-1))
		var arg *ArgumentError
		require.ErrorAs(t, err, &arg)
		assert.Equal(t, "WithMaxRetries", arg.Param)
		assert.Zero(t, mt.GetTotalCallCount())
	})
}

// Issue 18 item 10: WithTimeout bounds the whole call, retry waits
// included; the error names the call and matches DeadlineExceeded.
func TestWithTimeoutPerCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 10, BaseWait: time.Second, MaxWait: time.Second}))
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(503, `{}`))
		start := time.Now()
		_, err := c.Matters.Get(context.Background(), 1, WithTimeout(2*time.Second))
		assert.Equal(t, 2*time.Second, time.Since(start))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "GET", re.Method)

		// It covers reading the answer: the body is usable until the call
		// returns, and the call's own context ends with it.
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1,"etag":"\"e\""}}`))
		m, err := c.Matters.Get(context.Background(), 1, WithTimeout(time.Second))
		require.NoError(t, err)
		assert.Equal(t, int64(1), m.ID)

		_, err = c.Matters.Get(context.Background(), 1, WithTimeout(0))
		require.ErrorIs(t, err, ErrInvalidArgument)
	})
}

// Issue 18 item 10: WithAttemptTimeout cuts one hung attempt; a GET is
// retried and succeeds, a POST is not resent and may have been applied.
func TestWithAttemptTimeoutPerCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		var calls atomic.Int32
		hang := func(req *http.Request) (*http.Response, error) {
			if calls.Add(1) == 1 {
				<-req.Context().Done() // the first attempt hangs
				return nil, req.Context().Err()
			}
			return httpmock.NewStringResponse(200, `{"data":{"id":1,"etag":"\"e\""}}`), nil
		}
		mt.RegisterResponder("GET", matterURL, hang)
		start := time.Now()
		m, err := c.Matters.Get(context.Background(), 1, WithAttemptTimeout(5*time.Second))
		require.NoError(t, err)
		assert.Equal(t, int64(1), m.ID)
		assert.Equal(t, int32(2), calls.Load())
		assert.GreaterOrEqual(t, time.Since(start), 5*time.Second)
		assert.Less(t, time.Since(start), 10*time.Second)

		calls.Store(0)
		mt.RegisterResponder("POST", testBaseURL+"/matters.json", hang)
		_, err = c.Matters.Create(context.Background(), MatterCreate{Client: Ref{ID: 1}, Description: "x"}, WithAttemptTimeout(5*time.Second))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.True(t, MayHaveApplied(err))
		assert.Equal(t, int32(1), calls.Load(), "a write is not resent")
		var re *RequestError
		require.True(t, errors.As(err, &re))
		assert.Equal(t, "POST", re.Method)
	})
}
