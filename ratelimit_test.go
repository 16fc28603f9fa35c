package clio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strings"
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
	date     bool          // send a Date header from the server's clock
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
	if s.date {
		resp.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	}
	return resp, nil
}

// setLag sets the server's clock; its window starts again at the next
// request.
func (s *windowServer) setLag(lag time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lag, s.start = lag, time.Time{}
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
		srv := &windowServer{limit: 2, window: time.Minute}
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 3, MaxRetryAfter: 30 * time.Second}))
		mt.RegisterResponder("GET", matterURL, srv.respond)
		for range 2 {
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Greater(t, rl.RetryAfter, 30*time.Second)
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

// rateLimitResponse is a response with the given rate-limit headers.
func rateLimitResponse(status int, limit, remaining, reset string) *http.Response {
	body := `{"data":{"id":1}}`
	if status == http.StatusTooManyRequests {
		body = fixtureBody429
	}
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("X-RateLimit-Limit", limit)
	resp.Header.Set("X-RateLimit-Remaining", remaining)
	resp.Header.Set("X-RateLimit-Reset", reset)
	return resp
}

// firstThen answers the first request with first and every later one
// through then.
func firstThen(first *http.Response, then httpmock.Responder) httpmock.Responder {
	var calls atomic.Int32
	return func(req *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return first, nil
		}
		return then(req)
	}
}

// An absurd X-RateLimit-Reset on one response is no information: it must
// not lock out the other clients sharing the limiter, neither by failing
// their calls locally (a reset years ahead) nor by holding them with no
// deadline (a reset the limiter cannot place).
func TestRateLimiterIgnoresAbsurdReset(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reset func(now time.Time) string
	}{
		{"ten years ahead", func(now time.Time) string { return fmt.Sprint(now.AddDate(10, 0, 0).Unix()) }},
		{"milliseconds", func(now time.Time) string { return fmt.Sprint(now.Add(time.Minute).UnixMilli()) }},
		{"year one", func(time.Time) string { return "-62135596800" }},
		{"max int64", func(time.Time) string { return "9223372036854775807" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := &windowServer{limit: 50, window: time.Minute}
				l := NewRateLimiter()
				a, mta := newTestClient(t, WithRateLimiter(l))
				b, mtb := newTestClient(t, WithRateLimiter(l))
				bogus := rateLimitResponse(200, "50", "0", tc.reset(time.Now()))
				mta.RegisterResponder("GET", matterURL, firstThen(bogus, srv.respond))
				mtb.RegisterResponder("GET", matterURL, srv.respond)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				defer cancel()
				start := time.Now()

				require.NoError(t, a.Do(ctx, "GET", "matters/1.json", nil, nil, nil))
				for _, c := range []*Client{b, a, b} {
					require.NoError(t, c.Do(ctx, "GET", "matters/1.json", nil, nil, nil))
				}
				assert.Equal(t, time.Duration(0), time.Since(start), "no hold on the strength of the bogus reset")
				st := l.Status()
				assert.Equal(t, 50, st.Limit)
				assert.Equal(t, 47, st.Remaining, "paced by the correct headers")
				assert.True(t, st.Reset.After(time.Now()) && !st.Reset.After(time.Now().Add(rateWindow)), "reset %s", st.Reset)
			})
		})
	}
}

// Limits and remaining counts that cannot be true are no information
// either: nothing is learnt from them and nothing is held.
func TestRateLimiterIgnoresAbsurdLimitOrRemaining(t *testing.T) {
	for _, tc := range []struct{ name, limit, remaining string }{
		{"negative limit", "-1", "0"},
		{"zero limit", "0", "0"},
		{"huge limit", "9223372036854775807", "9223372036854775807"},
		{"negative remaining", "50", "-5"},
		{"remaining above limit", "50", "51"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := NewRateLimiter()
				require.NoError(t, l.wait(context.Background(), time.Minute))
				l.observe(rateLimitResponse(200, tc.limit, tc.remaining, fmt.Sprint(time.Now().Add(time.Minute).Unix())), time.Now())
				assert.Equal(t, RateLimitStatus{}, l.Status())
				start := time.Now()
				require.NoError(t, l.wait(context.Background(), time.Minute))
				assert.Equal(t, time.Duration(0), time.Since(start))
			})
		})
	}
}

// A server clock a day ahead must neither lock the token out for a day
// once its window is spent nor make the correct headers that follow look
// like late answers from an old window.
func TestRateLimiterServerClockADayAhead(t *testing.T) {
	for _, date := range []bool{true, false} {
		t.Run(fmt.Sprintf("date=%v", date), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := &windowServer{limit: 4, window: time.Minute, lag: -24 * time.Hour, date: date}
				c, mt := newTestClient(t)
				mt.RegisterResponder("GET", matterURL, srv.respond)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				defer cancel()
				start := time.Now()
				for range 5 {
					require.NoError(t, c.Do(ctx, "GET", "matters/1.json", nil, nil, nil))
				}
				assert.LessOrEqual(t, time.Since(start), rateWindow, "held at most one window")

				srv.setLag(0) // the server's clock is put right
				require.NoError(t, c.Do(ctx, "GET", "matters/1.json", nil, nil, nil))
				st := c.RateLimiter().Status()
				assert.Equal(t, 3, st.Remaining, "the correct headers count")
				assert.Equal(t, time.Now().Add(time.Minute), st.Reset, "the correct window")
				if date {
					// Read on the server's Date, its day-ahead windows pace
					// the calls. Without Date they are unreadable, and the
					// server's one 429 and Retry-After do.
					assert.Equal(t, int32(0), srv.rejected.Load())
				}
			})
		})
	}
}

// A 429's Retry-After holds the clients sharing the limiter for at most
// one window, however long it asks for.
func TestRateLimiterRetryAfterHoldsAtMostOneWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &windowServer{limit: 50, window: time.Minute}
		l := NewRateLimiter()
		a, mta := newTestClient(t, WithRateLimiter(l))
		b, mtb := newTestClient(t, WithRateLimiter(l))
		r429 := rateLimitResponse(http.StatusTooManyRequests, "50", "0", fmt.Sprint(time.Now().Add(30*time.Second).Unix()))
		r429.Header.Set("Retry-After", fmt.Sprint(10*365*24*3600))
		mta.RegisterResponder("GET", matterURL, firstThen(r429, srv.respond))
		mtb.RegisterResponder("GET", matterURL, srv.respond)
		start := time.Now()

		var rl *RateLimitError
		require.ErrorAs(t, a.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil), &rl, "the call told to wait ten years fails")
		require.NoError(t, b.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		assert.Equal(t, rateWindow, time.Since(start))
	})
}

// When the window was rolled over locally, its budget is spent and the
// only request that could say more never answers (a webhook handshake
// waiting on Webhooks.Create), a waiting request still goes: after
// probeHold, not never.
func TestRateLimiterRolledWindowWaitHasDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		l := NewRateLimiter()
		require.NoError(t, l.wait(ctx, time.Minute))
		l.observe(rateLimitResponse(200, "1", "0", fmt.Sprint(time.Now().Add(time.Minute).Unix())), time.Now())

		start := time.Now()
		require.NoError(t, l.wait(ctx, time.Minute)) // the next window's one request; never answered
		assert.Equal(t, time.Minute, time.Since(start))

		start = time.Now()
		require.NoError(t, l.wait(ctx, time.Minute))
		assert.Equal(t, probeHold, time.Since(start))
	})
}

// Issue 18 item 4: a 429 whose X-RateLimit-Remaining shows room is a short
// refusal: the call (and every client of the limiter) waits its
// Retry-After, not the window's end. With the window spent, the window's
// end still holds.
func TestRateLimiter429ShortRetryAfterWithRoomLeft(t *testing.T) {
	for _, tc := range []struct {
		name      string
		remaining string
		want      time.Duration
	}{
		{"room left: Retry-After", "40", time.Second},
		{"window spent: its reset", "0", 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := NewRateLimiter()
				a, mta := newTestClient(t, WithRateLimiter(l))
				b, mtb := newTestClient(t, WithRateLimiter(l))
				r429 := rateLimitResponse(http.StatusTooManyRequests, "50", tc.remaining, fmt.Sprint(time.Now().Add(30*time.Second).Unix()))
				r429.Header.Set("Retry-After", "1")
				ok := httpmock.NewStringResponder(200, `{"data":{"id":1}}`) // no headers: says nothing new
				mta.RegisterResponder("GET", matterURL, firstThen(r429, ok))
				mtb.RegisterResponder("GET", matterURL, ok)
				start := time.Now()
				require.NoError(t, a.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
				assert.Equal(t, tc.want, time.Since(start), "the retried call")
				assert.Equal(t, 2, mta.GetTotalCallCount())

				// Another client of the token, asking right after the 429.
				c429 := rateLimitResponse(http.StatusTooManyRequests, "50", tc.remaining, fmt.Sprint(time.Now().Add(30*time.Second).Unix()))
				c429.Header.Set("Retry-After", "1")
				l.observe(c429, time.Now())
				start = time.Now()
				require.NoError(t, b.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
				assert.Equal(t, tc.want, time.Since(start), "a call sharing the limiter")
			})
		})
	}
}

// Issue 18 item 5: a transport that panics does not leak the limiter's
// in-flight slot, so the next call does not wait for it.
func TestRateLimiterSlotReleasedAfterTransportPanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, func(*http.Request) (*http.Response, error) { panic("transport bug") })
		func() {
			defer func() { assert.Equal(t, "transport bug", recover(), "the panic reaches the caller") }()
			_ = c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		}()
		l := c.RateLimiter()
		l.mu.Lock()
		inflight := l.inflight
		l.mu.Unlock()
		assert.Zero(t, inflight, "the slot is released")

		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1}}`))
		start := time.Now()
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		assert.Zero(t, time.Since(start), "no wait for a leaked slot")
	})
}

// memRateStore is a RateLimitStore in memory, for the limiter's own tests
// (redislimit tests the Redis one against a real redis-server). It can fail,
// or block until the caller gives up, and it records the keys it saw.
type memRateStore struct {
	mu    sync.Mutex
	vals  map[string][]byte
	keys  map[string]bool
	fail  error // returned by every call while set
	block bool  // every call waits for its context while set
	calls int
}

func newMemRateStore() *memRateStore {
	return &memRateStore{vals: map[string][]byte{}, keys: map[string]bool{}}
}

func (m *memRateStore) CompareAndSwap(ctx context.Context, key string, old, next []byte, ttl time.Duration) ([]byte, bool, error) {
	m.mu.Lock()
	m.calls++
	m.keys[key] = true
	if m.block {
		m.mu.Unlock()
		<-ctx.Done()
		return nil, false, ctx.Err()
	}
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, false, m.fail
	}
	if ttl <= 0 {
		return nil, false, fmt.Errorf("ttl %s", ttl)
	}
	cur := m.vals[key]
	if !bytes.Equal(cur, old) {
		return bytes.Clone(cur), false, nil
	}
	m.vals[key] = bytes.Clone(next)
	return next, true, nil
}

// snapshot returns the calls so far and copies of the values and keys.
func (m *memRateStore) snapshot() (calls int, vals map[string][]byte, keys map[string]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls, maps.Clone(m.vals), maps.Clone(m.keys)
}

func (m *memRateStore) set(f func(m *memRateStore)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(m)
}

// sharedClients are n clients of one token, each with its own shared
// limiter on store (as n processes would have), all answered by srv.
func sharedClients(t *testing.T, store RateLimitStore, srv *windowServer, n int, opts ...Option) []*Client {
	var cs []*Client
	for range n {
		c, mt := newTestClient(t, append([]Option{WithRateLimiter(NewSharedRateLimiter(store))}, opts...)...)
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			time.Sleep(50 * time.Millisecond)
			return srv.respond(req)
		})
		cs = append(cs, c)
	}
	return cs
}

// Four "processes" with a limiter each, sharing one store, pace as one
// client: no 429, and the job takes the time the limit allows. Without
// the store they meet 429s.
func TestSharedRateLimiterPacesProcessesAsOne(t *testing.T) {
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const n = 20
				srv := &windowServer{limit: n, window: time.Minute}
				var cs []*Client
				if shared {
					cs = sharedClients(t, newMemRateStore(), srv, 4)
				} else {
					for range 4 {
						c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 20}))
						mt.RegisterResponder("GET", matterURL, srv.respond)
						cs = append(cs, c)
					}
				}
				start := time.Now()
				var wg sync.WaitGroup
				for _, c := range cs {
					for range 2 {
						wg.Go(func() {
							for range 3 * n / 8 {
								assert.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
							}
						})
					}
				}
				wg.Wait()
				elapsed := time.Since(start)
				assert.Equal(t, int32(3*n/8*8), srv.served.Load())
				t.Logf("%d requests from 4 limiters: %s, %d 429s", srv.served.Load(), elapsed, srv.rejected.Load())
				if shared {
					assert.Equal(t, int32(0), srv.rejected.Load(), "no 429s")
					assert.GreaterOrEqual(t, elapsed, 2*time.Minute)
					assert.LessOrEqual(t, elapsed, 2*time.Minute+12*time.Second, "paced at the limit")
				} else {
					assert.Positive(t, srv.rejected.Load(), "limiters that do not share meet 429s")
				}
			})
		})
	}
}

// One process's 429 and its Retry-After hold another process.
func TestSharedRateLimiter429HoldsEveryProcess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemRateStore()
		la, lb := NewSharedRateLimiter(store), NewSharedRateLimiter(store)
		a, mta := newTestClient(t, WithRateLimiter(la))
		b, mtb := newTestClient(t, WithRateLimiter(lb))
		reset := fmt.Sprint(time.Now().Add(30 * time.Second).Unix())
		r429 := rateLimitResponse(http.StatusTooManyRequests, "50", "40", reset)
		r429.Header.Set("Retry-After", "3")
		mta.RegisterResponder("GET", matterURL, firstThen(r429, httpmock.NewStringResponder(200, `{"data":{"id":1}}`)))
		var bSent time.Time
		mtb.RegisterResponder("GET", matterURL, func(*http.Request) (*http.Response, error) {
			bSent = time.Now()
			return rateLimitResponse(200, "50", "39", reset), nil
		})
		start := time.Now()
		done := make(chan struct{})
		go func() {
			defer close(done)
			assert.NoError(t, a.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}()
		time.Sleep(time.Millisecond) // a's 429 is in
		require.NoError(t, b.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		<-done
		assert.Equal(t, 3*time.Second, bSent.Sub(start), "b held by a's Retry-After")
		assert.Equal(t, 2, mta.GetTotalCallCount())
		assert.Equal(t, 1, mtb.GetTotalCallCount())
	})
}

// A store that fails costs no wait: the limiter goes by its local state,
// logs it once, tries again storeRetry later, and logs when it is back.
func TestSharedRateLimiterStoreDownFallsBackAndRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		store := newMemRateStore()
		store.fail = errors.New("connection refused")
		srv := &windowServer{limit: 100, window: time.Minute}
		c := sharedClients(t, store, srv, 1, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))[0]
		start := time.Now()
		for range 10 {
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}
		assert.Equal(t, 10*50*time.Millisecond, time.Since(start), "no wait on a failed store")
		assert.Equal(t, 1, strings.Count(logs.String(), "shared rate-limit state is unavailable"), logs.String())
		calls, _, _ := store.snapshot()
		assert.Equal(t, 1, calls, "the store is not asked again before storeRetry")
		assert.Equal(t, int32(10), srv.served.Load())

		store.set(func(m *memRateStore) { m.fail = nil })
		time.Sleep(storeRetry)
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		assert.Contains(t, logs.String(), "shared rate-limit state is back")
		_, vals, _ := store.snapshot()
		assert.Len(t, vals, 1, "in use again")
		assert.Equal(t, 1, strings.Count(logs.String(), "unavailable"))
	})
}

// A store that does not answer costs each operation storeTimeout once,
// then nothing until storeRetry has passed.
func TestSharedRateLimiterSlowStoreCostsABoundedWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemRateStore()
		store.block = true
		srv := &windowServer{limit: 100, window: time.Minute}
		c := sharedClients(t, store, srv, 1)[0]
		start := time.Now()
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		assert.Equal(t, storeTimeout+50*time.Millisecond, time.Since(start))
		start = time.Now()
		for range 5 {
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		}
		assert.Equal(t, 5*50*time.Millisecond, time.Since(start))
		calls, _, _ := store.snapshot()
		assert.Equal(t, 1, calls)
		assert.Equal(t, int32(6), srv.served.Load(), "each request sent once")
	})
}

// Keys are a hash of the token; the token is in no key and no value.
func TestSharedRateLimiterKeysHideTheToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newMemRateStore()
		srv := &windowServer{limit: 100, window: time.Minute}
		c := sharedClients(t, store, srv, 1)[0]
		require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		_, vals, keys := store.snapshot()
		require.Len(t, keys, 1)
		for k := range keys {
			assert.Len(t, k, 64)
			assert.NotContains(t, k, testToken)
			assert.NotContains(t, string(vals[k]), testToken)
			assert.LessOrEqual(t, len(vals[k]), maxStateLen)
		}
		// Another token is another window.
		d, err := c.Clone(WithAccessToken("another-token"), WithRateLimiter(c.RateLimiter()))
		require.NoError(t, err)
		require.NoError(t, d.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
		_, _, keys = store.snapshot()
		assert.Len(t, keys, 2)
	})
}

// A stored value is untrusted: one that would hold requests for a day, or
// is not well formed, holds nothing.
func TestSharedRateLimiterIgnoresAbsurdStoredState(t *testing.T) {
	now := time.Now()
	day := now.Add(24 * time.Hour).UnixMilli()
	for name, val := range map[string]string{
		"hold a day ahead":       fmt.Sprintf("c1 5 2 50 %d %d 0 0 %d 0 0 0", now.Unix()+60, day, day),
		"window end a day ahead": fmt.Sprintf("c1 5 2 50 %d %d 0 0 0 0 0 0", now.Unix()+60, day),
		"left above limit":       fmt.Sprintf("c1 5 2 50 %d %d 51 0 0 0 0 0", now.Unix()+60, now.UnixMilli()+1000),
		"negative":               "c1 5 2 50 -1 0 0 0 0 0 0 0",
		"too long":               "c1 5 2 50 1 1 1 0 0 0 0 0" + strings.Repeat(" ", maxStateLen),
		"garbage":                "\x00\xff",
		"another format":         "c2 1 2 3 4 5 6 7 8 9 10 11",
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, sharedState{}, decodeShared([]byte(val), now))
		})
	}
	t.Run("in use", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			store := newMemRateStore()
			srv := &windowServer{limit: 100, window: time.Minute}
			c := sharedClients(t, store, srv, 1)[0]
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
			store.set(func(m *memRateStore) {
				for k := range m.vals {
					day := time.Now().Add(24 * time.Hour).UnixMilli()
					m.vals[k] = fmt.Appendf(nil, "c1 9 2 100 %d %d 0 0 %d 0 0 0", time.Now().Unix()+60, day, day)
				}
			})
			start := time.Now()
			require.NoError(t, c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil))
			assert.Equal(t, 50*time.Millisecond, time.Since(start), "not held by the stored day")
		})
	})
}

func TestSharedStateRoundTrips(t *testing.T) {
	now := time.Now()
	s := sharedState{seq: 7, mode: limiterKnown, limit: 50, left: 3, window: now.Unix() + 30, end: now.UnixMilli() + 30_000,
		rolled: true, hold: now.UnixMilli() + 1000, probed: now.UnixMilli(), flight: 4, flightAgo: 1}
	assert.Equal(t, s, decodeShared(s.encode(), now))
}

func FuzzDecodeShared(f *testing.F) {
	now := time.Unix(1_750_000_000, 0)
	f.Add([]byte(sharedState{seq: 1, mode: limiterKnown, limit: 50, left: 3, window: now.Unix(), end: now.UnixMilli()}.encode()))
	f.Add([]byte("c1 1 2 50 1 1 1 0 0 0 0 0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := decodeShared(b, now)
		latest := now.Add(rateWindow + storeSkew).UnixMilli()
		if s.end > latest || s.hold > latest || s.left > s.limit || s.limit > maxRateLimit || s.flight > maxFlight {
			t.Fatalf("out of bounds: %+v", s)
		}
		d := s.take(now.UnixMilli())
		if !d.ok && d.until > latest+probeHold.Milliseconds() {
			t.Fatalf("holds until %d", d.until)
		}
	})
}
