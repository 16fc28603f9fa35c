package clio

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func status(code int, body string, header ...string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, body)
		for i := 0; i+1 < len(header); i += 2 {
			resp.Header.Set(header[i], header[i+1])
		}
		return resp, nil
	}
}

const matterURL = testBaseURL + "/matters/1.json"

func TestRetry429WithRetryAfterSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		var at []time.Time
		calls := 0
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			at = append(at, time.Now())
			calls++
			if calls == 1 {
				return status(429, `{"error":{"type":"RateLimited","message":"x"}}`, "Retry-After", "2")(req)
			}
			return status(200, `{"data":{"id":1}}`)(req)
		})
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		require.Len(t, at, 2, "one retry")
		assert.Equal(t, 2*time.Second, at[1].Sub(at[0]), "waits exactly Retry-After")
	})
}

func TestRetry429WithRetryAfterHTTPDate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		var at []time.Time
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			at = append(at, time.Now())
			if len(at) == 1 {
				when := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
				return status(429, `{}`, "Retry-After", when)(req)
			}
			return status(200, `{}`)(req)
		})
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		require.Len(t, at, 2)
		// An HTTP date has one-second resolution.
		assert.InDelta(t, 5*time.Second, at[1].Sub(at[0]), float64(time.Second))
	})
}

func TestRetry429WithoutHeaderBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseWait: time.Second, MaxWait: 10 * time.Second}))
		var at []time.Time
		mt.RegisterResponder("POST", testBaseURL+"/matters.json", func(req *http.Request) (*http.Response, error) {
			at = append(at, time.Now())
			if len(at) <= 3 {
				return status(429, `{}`)(req)
			}
			return status(201, `{"data":{"id":9}}`)(req)
		})
		require.NoError(t, c.Do(context.Background(), "POST", "matters.json", nil, map[string]any{"data": map[string]any{}}, nil),
			"429 is retried even for POST: Clio did not apply it")
		require.Len(t, at, 4)
		for i := 1; i < len(at); i++ {
			ceiling := time.Second << (i - 1)
			wait := at[i].Sub(at[i-1])
			assert.LessOrEqual(t, wait, ceiling, "retry %d waits within the exponential ceiling", i)
			assert.GreaterOrEqual(t, wait, time.Duration(0))
		}
	})
}

func TestRetryAfterAboveCapReturnsRateLimitErrorAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 3, MaxRetryAfter: 30 * time.Second}))
		mt.RegisterResponder("GET", matterURL, status(429, fixture(t, "core/error_429.json"), "Retry-After", "120"))
		start := time.Now()
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, 120*time.Second, rl.RetryAfter)
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, "RateLimited", rl.Type)
		assert.Equal(t, time.Duration(0), time.Since(start), "no sleeping")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestCancelledContextStopsRetryWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, status(429, `{}`, "Retry-After", "30"))
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		start := time.Now()
		err := c.Do(ctx, "GET", "matters/1.json", nil, nil, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 3*time.Second, time.Since(start), "the wait ends with the context")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestWritesAreNotReplayedAfterAmbiguousFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("POST", testBaseURL+"/matters.json", status(503, `{}`))
		err := c.Do(context.Background(), "POST", "matters.json", nil, map[string]any{"data": map[string]any{}}, nil)
		require.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+testBaseURL+"/matters.json"], "a POST answered 503 is not resent")

		mt.RegisterResponder("PATCH", matterURL, httpmock.NewErrorResponder(errors.New("connection reset by peer")))
		err = c.Do(context.Background(), "PATCH", "matters/1.json", nil, map[string]any{"data": map[string]any{}}, nil)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.True(t, re.MayHaveApplied, "the caller is told the write may have applied")
		assert.Equal(t, 1, re.Attempts)
		assert.Equal(t, 1, mt.GetCallCountInfo()["PATCH "+matterURL], "a dropped PATCH is not resent")
	})
}

func TestGetIsRetriedUpToPolicyThenReturnsLastAPIError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 2}))
		calls := 0
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("connection reset by peer")
			}
			return status(503, `{"error":{"type":"ServiceUnavailable","message":"try later"}}`)(req)
		})
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, "ServiceUnavailable", apiErr.Type)
		assert.Equal(t, 3, apiErr.Attempts)
		assert.Equal(t, 3, calls)
		assert.NotContains(t, err.Error(), "giving up")
	})
}

func TestGetRecoversAfterTransientFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		calls := 0
		mt.RegisterResponder("DELETE", matterURL, func(req *http.Request) (*http.Response, error) {
			calls++
			if calls < 3 {
				return status(502, `{}`)(req)
			}
			return status(204, ``)(req)
		})
		require.NoError(t, c.Do(context.Background(), "DELETE", "matters/1.json", nil, nil, nil))
		assert.Equal(t, 3, calls)
	})
}
