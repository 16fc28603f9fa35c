package clio

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// windowServer allows limit requests per fixed window, like Clio, and sends
// the X-RateLimit headers on every response.
type windowServer struct {
	mu       sync.Mutex
	limit    int
	window   time.Duration
	lag      time.Duration // how far the server's clock is behind the client's
	start    time.Time
	used     int
	served   atomic.Int32
	rejected atomic.Int32
}

func (s *windowServer) respond(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().Add(-s.lag)
	if s.start.IsZero() || now.Sub(s.start) >= s.window {
		s.start, s.used = now, 0
	}
	reset := s.start.Add(s.window)
	var resp *http.Response
	if s.used >= s.limit {
		s.rejected.Add(1)
		resp = httpmock.NewStringResponse(429, fixtureBody429)
		resp.Header.Set("Retry-After", fmt.Sprint(int(reset.Sub(now).Seconds()+0.999)))
	} else {
		s.used++
		s.served.Add(1)
		resp = httpmock.NewStringResponse(200, `{"data":{"id":1}}`)
	}
	resp.Header.Set("X-RateLimit-Limit", fmt.Sprint(s.limit))
	resp.Header.Set("X-RateLimit-Remaining", fmt.Sprint(s.limit-s.used))
	resp.Header.Set("X-RateLimit-Reset", fmt.Sprint(reset.Unix()))
	return resp, nil
}

const fixtureBody429 = `{"error":{"type":"RateLimited","message":"rate limited"}}`

func TestRateLimiterPacesBulkWorkWithoutHitting429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 50
		srv := &windowServer{limit: n, window: time.Minute}
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			time.Sleep(50 * time.Millisecond) // network and server time
			return srv.respond(req)
		})
		start := time.Now()
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range jobs {
					assert.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
				}
			})
		}
		for i := range 3 * n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		elapsed := time.Since(start)

		assert.Equal(t, int32(0), srv.rejected.Load(), "no 429s")
		assert.Equal(t, int32(3*n), srv.served.Load())
		// 3N requests at N per window need two full windows plus the last
		// batch's own time; anything within 10% of that is pacing at the limit.
		minimum := 2 * time.Minute
		assert.GreaterOrEqual(t, elapsed, minimum)
		assert.LessOrEqual(t, elapsed, minimum+minimum/10, "elapsed %s", elapsed)
		t.Logf("3x%d requests from 8 goroutines: %s (minimum %s), %d 429s", n, elapsed, minimum, srv.rejected.Load())
	})
}

func TestRateLimiterWithoutHeadersDoesNotLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{}`))
		start := time.Now()
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() { assert.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)) })
		}
		wg.Wait()
		assert.Equal(t, time.Duration(0), time.Since(start))
		assert.Equal(t, 20, mt.GetTotalCallCount())
	})
}

func TestRateLimiterExhaustedWindowBeyondCapFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &windowServer{limit: 2, window: 10 * time.Minute}
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 3, MaxRetryAfter: time.Minute}))
		mt.RegisterResponder("GET", matterURL, srv.respond)
		for range 2 {
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Greater(t, rl.RetryAfter, time.Minute)
		assert.Equal(t, int32(0), srv.rejected.Load(), "the third request was never sent")
		st := c.RateLimiter().Status()
		assert.Equal(t, 2, st.Limit)
		assert.Equal(t, 0, st.Remaining)
	})
}

func TestRateLimiterWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &windowServer{limit: 1, window: time.Minute}
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, srv.respond)
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := c.Do(ctx, "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

// A request that waits on another while that one is the limiter's probe
// (a webhook handshake calling the API during Webhooks.Create) goes after
// probeHold instead of waiting for ever.
func TestRateLimiterProbeDoesNotBlockForever(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewRateLimiter()
		require.NoError(t, l.wait(context.Background(), time.Minute)) // the probe, never answered
		start := time.Now()
		require.NoError(t, l.wait(context.Background(), time.Minute))
		assert.Equal(t, probeHold, time.Since(start))
		start = time.Now()
		require.NoError(t, l.wait(context.Background(), time.Minute))
		assert.Equal(t, probeHold, time.Since(start), "still one at a time while probing")
	})
}

// With the server's clock behind ours the limiter rolls its window over
// early; the server then still counts in the old window and answers 429.
// The job must still finish, without stalling until the context ends.
func TestRateLimiterSurvivesServerClockLag(t *testing.T) {
	for _, lag := range []time.Duration{1500 * time.Millisecond, 20 * time.Second} {
		t.Run(lag.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const n = 10
				srv := &windowServer{limit: n, window: time.Minute, lag: lag}
				c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 5, BaseWait: time.Second, MaxWait: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}))
				mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
					time.Sleep(50 * time.Millisecond)
					return srv.respond(req)
				})
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
				defer cancel()
				start := time.Now()
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						for range 3 * n / 4 {
							assert.NoError(t, c.Do(ctx, "GET", "matters/1.json", nil, nil, nil))
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)
				assert.Equal(t, int32(3*n/4*4), srv.served.Load())
				assert.Less(t, elapsed, 4*time.Minute, "about three windows, not a stall")
				t.Logf("lag %s: %d requests in %s, %d 429s", lag, srv.served.Load(), elapsed, srv.rejected.Load())
			})
		})
	}
}

func TestRateLimiterWaitIsLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		srv := &windowServer{limit: 1, window: time.Minute}
		c, mt := newTestClient(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		mt.RegisterResponder("GET", matterURL, srv.respond)
		for range 2 {
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}
		assert.Contains(t, logs.String(), `msg="clio: waited for the rate limit" method=GET path=/api/v4/matters/1.json waited=1m0s`)
		assert.Equal(t, int32(0), srv.rejected.Load())
	})
}
