package clio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

// alignedWindowServer allows limit requests per window, with windows
// aligned to whole seconds so that X-RateLimit-Reset (unix seconds) is
// exact, and counts the requests it served and refused.
type alignedWindowServer struct {
	mu       sync.Mutex
	limit    int
	window   time.Duration
	start    time.Time
	used     int
	served   atomic.Int64
	rejected atomic.Int64
	first    time.Time
}

func (s *alignedWindowServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := time.Now()
	if s.first.IsZero() {
		s.first = now
	}
	if start := now.Truncate(s.window); start != s.start {
		s.start, s.used = start, 0
	}
	reset := s.start.Add(s.window)
	ok := s.used < s.limit
	if ok {
		s.used++
	}
	remaining := s.limit - s.used
	s.mu.Unlock()

	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	if !ok {
		s.rejected.Add(1)
		w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(reset).Seconds())+1))
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"type":"RateLimited","message":"rate limited"}}`)
		return
	}
	s.served.Add(1)
	fmt.Fprint(w, `{"data":{"id":1,"etag":"\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\""}}`)
}

// minimum is the least time the limit allows for n requests started at
// the server's first request: the rest of the first window, then one full
// window per further batch of limit requests.
func (s *alignedWindowServer) minimum(n int) time.Duration {
	windows := (n + s.limit - 1) / s.limit
	firstEnd := s.first.Truncate(s.window).Add(s.window)
	return firstEnd.Sub(s.first) + time.Duration(windows-2)*s.window
}

const (
	bulkRequests = 300
	bulkWorkers  = 8
	bulkLimit    = 50
	bulkWindow   = time.Second
)

// runBulk sends bulkRequests GETs from bulkWorkers goroutines through do.
func runBulk(b *testing.B, do func() error) {
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range bulkWorkers {
		wg.Go(func() {
			for range jobs {
				if err := do(); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	for range bulkRequests {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	if failed.Load() > 0 {
		b.Fatalf("%d requests failed", failed.Load())
	}
}

// BenchmarkRateLimitedBulk runs 300 requests from 8 goroutines against a
// server allowing 50 per one-second window, through the SDK and through
// plain net/http that retries 429s after Retry-After. It reports the wall
// time against the minimum the limit allows and the 429s the server sent.
func BenchmarkRateLimitedBulk(b *testing.B) {
	for _, mode := range []string{"sdk", "nethttp"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				srv := &alignedWindowServer{limit: bulkLimit, window: bulkWindow}
				ts := httptest.NewServer(srv)
				// Start just after a window boundary so runs are comparable.
				time.Sleep(time.Until(time.Now().Truncate(bulkWindow).Add(bulkWindow)) + 5*time.Millisecond)
				start := time.Now()
				switch mode {
				case "sdk":
					c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken("bench-token"))
					if err != nil {
						b.Fatal(err)
					}
					runBulk(b, func() error {
						return c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
					})
				case "nethttp":
					runBulk(b, func() error { return plainGetWithRetry(ts.URL + "/api/v4/matters/1.json") })
				}
				elapsed := time.Since(start)
				if got := srv.served.Load(); got != bulkRequests {
					b.Fatalf("the server served %d requests; want %d", got, bulkRequests)
				}
				minimum := srv.minimum(bulkRequests)
				ts.Close()
				b.ReportMetric(elapsed.Seconds(), "wall-s")
				b.ReportMetric(minimum.Seconds(), "min-s")
				b.ReportMetric(float64(elapsed)/float64(minimum), "x-min")
				b.ReportMetric(float64(srv.rejected.Load()), "429s")
			}
		})
	}
}

// plainGetWithRetry is the hand-written way: send, and on 429 sleep for
// Retry-After and send again.
func plainGetWithRetry(url string) error {
	for {
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer bench-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			return nil
		case http.StatusTooManyRequests:
		default:
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		time.Sleep(time.Duration(secs) * time.Second)
	}
}
