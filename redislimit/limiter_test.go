package redislimit

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/redislimit/internal/fleet"
	"github.com/redis/go-redis/v9"
)

var testKey = strings.Repeat("ab", 32)

func TestLimitStoreCompareAndSwap(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	s := NewLimitStore(rdb)
	ctx := context.Background()

	stored, swapped, err := s.CompareAndSwap(ctx, testKey, nil, []byte("one"), time.Minute)
	if err != nil || !swapped || string(stored) != "one" {
		t.Fatalf("a missing key holds the empty value: got %q %v %v", stored, swapped, err)
	}
	if ttl := rdb.PTTL(ctx, "clio:rl:"+testKey).Val(); ttl <= 0 || ttl > time.Minute {
		t.Errorf("the key expires: ttl %s", ttl)
	}
	stored, swapped, err = s.CompareAndSwap(ctx, testKey, []byte("stale"), []byte("two"), time.Minute)
	if err != nil || swapped || string(stored) != "one" {
		t.Fatalf("a stale old value does not swap and returns the current: got %q %v %v", stored, swapped, err)
	}
	stored, swapped, err = s.CompareAndSwap(ctx, testKey, []byte("one"), []byte("one"), time.Minute)
	if err != nil || !swapped || string(stored) != "one" {
		t.Fatalf("equal old and next compare: got %q %v %v", stored, swapped, err)
	}
	if _, _, err := s.CompareAndSwap(ctx, testKey, []byte("one"), []byte("two"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := rdb.Get(ctx, "clio:rl:"+testKey).Val(); got != "two" {
		t.Errorf("stored %q", got)
	}

	// A value that is not the limiter's (too long) counts as none.
	rdb.Set(ctx, "clio:rl:"+testKey, strings.Repeat("x", 10_000), time.Minute)
	stored, swapped, err = s.CompareAndSwap(ctx, testKey, nil, []byte("three"), time.Minute)
	if err != nil || !swapped || string(stored) != "three" {
		t.Fatalf("an oversized value is replaced: got %d bytes %v %v", len(stored), swapped, err)
	}

	// A key that is not a hash could be a token: refused, nothing written.
	for _, k := range []string{"", "secret-token", strings.Repeat("AB", 32), testKey + "0"} {
		if _, _, err := s.CompareAndSwap(ctx, k, nil, []byte("x"), time.Minute); err == nil {
			t.Errorf("key %q accepted", k)
		}
	}
	if n := rdb.DBSize(ctx).Val(); n != 1 {
		t.Errorf("%d keys", n)
	}
}

// plainServer answers every request with Clio's rate-limit headers for a
// window of 100 a minute.
func plainServer(t *testing.T) *httptest.Server {
	srv := fleet.NewServer(100, time.Minute)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// The key is a hash of the token: no key and no value holds it, and every
// key expires.
func TestLimiterKeysHideTheTokenAndExpire(t *testing.T) {
	r := startRedis(t)
	rdb := r.Client(t)
	ts := plainServer(t)
	const token = "tok-7b1f9c2e-secret"
	c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken(token), clio.WithRateLimiter(NewRateLimiter(rdb)))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := c.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	keys := rdb.Keys(context.Background(), "*").Val()
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "clio:rl:") {
		t.Fatalf("keys %q", keys)
	}
	for _, k := range keys {
		v := rdb.Get(context.Background(), k).Val()
		if strings.Contains(k, token) || strings.Contains(v, token) || strings.Contains(k, "secret") {
			t.Errorf("the token is in %q = %q", k, v)
		}
		if ttl := rdb.PTTL(context.Background(), k).Val(); ttl <= 0 {
			t.Errorf("%s does not expire (%s)", k, ttl)
		}
	}
}

// syncBuffer is a log sink for a client used from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A Redis that stops answering (SIGSTOP) costs one call a bounded wait:
// the limiter goes by its own count, logs it once, and is back on Redis
// once Redis answers again.
func TestLimiterSlowRedisCostsABoundedWait(t *testing.T) {
	r := startRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, ContextTimeoutEnabled: true})
	t.Cleanup(func() { rdb.Close() })
	ts := plainServer(t)
	var logs syncBuffer
	c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken("slow-redis-token"),
		clio.WithRateLimiter(NewRateLimiter(rdb)), clio.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	call := func() time.Duration {
		start := time.Now()
		if err := c.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, nil); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	call()
	if err := r.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer r.cmd.Process.Signal(syscall.SIGCONT)
	if d := call(); d > 500*time.Millisecond {
		t.Errorf("a call with Redis stopped took %s; want about 250 ms", d)
	}
	for range 5 {
		if d := call(); d > 100*time.Millisecond {
			t.Errorf("a call after the fallback took %s", d)
		}
	}
	if n := strings.Count(logs.String(), "shared rate-limit state is unavailable"); n != 1 {
		t.Errorf("logged %d times:\n%s", n, logs.String())
	}
	r.cmd.Process.Signal(syscall.SIGCONT)
	time.Sleep(5100 * time.Millisecond) // the limiter asks Redis again after 5 s
	call()
	if !strings.Contains(logs.String(), "shared rate-limit state is back") {
		t.Errorf("recovery not logged:\n%s", logs.String())
	}
}

// fleetRun runs r and fails the test on a worker's failure.
func fleetRun(t *testing.T, r fleet.Run) fleet.Outcome {
	t.Helper()
	out, err := r.Do()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFleet runs K OS processes sharing one token against a server that
// allows 20 requests per one-second window.
func TestFleet(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process runs take about half a minute")
	}
	r := startRedis(t)
	bin := filepath.Join(t.TempDir(), "fleetbench")
	if out, err := exec.Command("go", "build", "-o", bin, "./internal/fleetbench").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const limit = 20
	run := func(k, windows int, redisAddr string) fleet.Run {
		return fleet.Run{Bin: bin, K: k, Calls: (windows*limit + k - 1) / k, Conc: 2, Redis: redisAddr,
			Limit: limit, Window: time.Second, Token: fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())}
	}

	// Shared: no 429, nothing sent during a hold, and the windows used
	// to at least 95% (counted over whole windows, not timed).
	for _, k := range []int{8, 16} {
		t.Run(fmt.Sprintf("shared/k=%d", k), func(t *testing.T) {
			out := fleetRun(t, run(k, 5, r.Addr))
			st := out.Stats
			t.Logf("k=%d shared: %d requests, %d served, %d 429s, %d sent during a hold, %d of %d in %d full windows (%.3f)",
				k, st.Requests, st.Served, st.Rejected, st.DuringHold, st.FullServed, st.FullWindows*limit, st.FullWindows, st.Share(limit))
			if st.Rejected != 0 || st.DuringHold != 0 {
				t.Errorf("%d 429s, %d requests during a hold; want none", st.Rejected, st.DuringHold)
			}
			for i, log := range out.Result.Stderr {
				if strings.Contains(log, "shared rate-limit state is unavailable") {
					t.Errorf("worker %d lost Redis:\n%s", i, lastLines(log, 3))
				}
			}
			if st.FullWindows < 2 || st.Share(limit) < 0.95 {
				t.Errorf("%d full windows used to %.3f; want >= 0.95 of the allowed rate", st.FullWindows, st.Share(limit))
			}
			if out.Result.Failed != 0 || out.Missing != 0 || st.Duplicates != 0 {
				t.Errorf("failed %d, missing %d, served twice %d", out.Result.Failed, out.Missing, st.Duplicates)
			}
		})
	}

	// Own limiters: the 429s the shared state saves (a figure, not a
	// bound: it depends on timing).
	for _, k := range []int{8, 16} {
		t.Run(fmt.Sprintf("own/k=%d", k), func(t *testing.T) {
			out := fleetRun(t, run(k, 3, ""))
			st := out.Stats
			t.Logf("k=%d own limiters: %d requests, %d served, %d 429s, %d sent during a hold, share %.3f",
				k, st.Requests, st.Served, st.Rejected, st.DuringHold, st.Share(limit))
			if out.Result.Failed != 0 || out.Missing != 0 {
				t.Errorf("failed %d, missing %d", out.Result.Failed, out.Missing)
			}
		})
	}

	// One process's 429 (with room left in the window, Retry-After 1 s)
	// holds all of them.
	t.Run("retry-after holds every process", func(t *testing.T) {
		rr := run(8, 3, r.Addr)
		rr.Setup = func(s *fleet.Server) { s.InjectShort429(30, time.Second) }
		out := fleetRun(t, rr)
		st := out.Stats
		t.Logf("%d requests, injected %d; %d arrived within %s of it (sent before it was seen; the latest %s after), %d during the hold",
			st.Requests, st.Injected, st.InGrace, out.Server.Grace, st.GraceMax.Round(time.Millisecond), st.DuringHold)
		if st.Injected != 1 || st.DuringHold != 0 || st.Rejected != 0 {
			t.Errorf("injected %d; %d requests during the hold, %d 429s; want 1, 0, 0", st.Injected, st.DuringHold, st.Rejected)
		}
		if out.Result.Failed != 0 || out.Missing != 0 || st.Duplicates != 0 {
			t.Errorf("failed %d, missing %d, served twice %d", out.Result.Failed, out.Missing, st.Duplicates)
		}
	})

	// Redis killed mid-run: every call completes, each served once, and
	// each process says once that it paces alone.
	t.Run("redis killed", func(t *testing.T) {
		dying := startRedis(t)
		rr := run(8, 5, dying.Addr)
		var killed time.Time
		rr.After, rr.AfterDelay = func() { killed = time.Now(); dying.Stop() }, 1500*time.Millisecond
		out := fleetRun(t, rr)
		st := out.Stats
		t.Logf("%d requests, %d served, %d 429s after Redis died, %s", st.Requests, st.Served, st.Rejected, out.Elapsed.Round(time.Millisecond))
		if out.Result.Failed != 0 || out.Missing != 0 || st.Duplicates != 0 {
			t.Errorf("failed %d, missing %d, served twice %d", out.Result.Failed, out.Missing, st.Duplicates)
		}
		if int64(st.Served) != out.Result.OK {
			t.Errorf("served %d, workers report %d", st.Served, out.Result.OK)
		}
		// A worker still calling after Redis died says so once; one done
		// before may not have noticed.
		for i, log := range out.Result.Stderr {
			n := strings.Count(log, "shared rate-limit state is unavailable")
			if n > 1 || (n == 0 && out.Result.Last[i].After(killed.Add(100*time.Millisecond))) {
				t.Errorf("worker %d (done %s after Redis died) logged the fallback %d times:\n%s", i, out.Result.Last[i].Sub(killed), n, log)
			}
		}
	})
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}
