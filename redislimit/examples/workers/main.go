// Command workers starts N worker processes that share one Clio token and
// its rate limit through Redis, against the embedded fake Clio (cliotest)
// with a small window, and prints the 429s and the rate they achieved
// against the allowed one:
//
//	go run ./examples/workers -n 8
//
// It uses the Redis at REDIS_ADDR (or -redis), else starts a redis-server
// of its own on a free port. -own gives each worker a limiter of its own
// instead, to compare.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/clio-sdk/clio-go/redislimit"
	"github.com/clio-sdk/clio-go/redislimit/internal/fleet"
	"github.com/redis/go-redis/v9"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == fleet.WorkerFlag {
		os.Exit(fleet.WorkerMain(os.Args[2:], sharedLimiter))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "workers:", err)
		os.Exit(1)
	}
}

// sharedLimiter is what each worker process does to share the window: a
// limiter on Redis, passed to its client with clio.WithRateLimiter.
func sharedLimiter(addr string) (*clio.RateLimiter, func()) {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	return redislimit.NewRateLimiter(rdb), func() { rdb.Close() }
}

func run() error {
	n := flag.Int("n", 8, "worker processes")
	calls := flag.Int("calls", 80, "calls in all, split between the workers")
	limit := flag.Int("limit", 20, "requests the fake allows per window")
	window := flag.Duration("window", 5*time.Second, "the fake's window")
	addr := flag.String("redis", os.Getenv("REDIS_ADDR"), "a Redis address (default: $REDIS_ADDR, else start redis-server)")
	own := flag.Bool("own", false, "give each worker a limiter of its own instead of the shared one")
	flag.Parse()
	if *n < 1 || *calls < 1 || *limit < 1 || *window < time.Second {
		return errors.New("-n, -calls and -limit must be positive, -window at least 1s")
	}

	srv, err := cliotest.Start(cliotest.WithRateLimit(*limit, *window))
	if err != nil {
		return err
	}
	defer srv.Close()
	shared := "shared through Redis at "
	switch {
	case *own:
		*addr, shared = "", "each worker with a limiter of its own"
	case *addr == "":
		r, err := fleet.StartRedis()
		if err != nil {
			return fmt.Errorf("%w (install it, or give -redis / REDIS_ADDR)", err)
		}
		defer r.Stop()
		*addr = r.Addr
		shared += *addr + " (started for this run)"
	default:
		shared += *addr
	}
	fmt.Printf("%d workers, %d calls of Users.WhoAmI, one token, the fake allowing %d per %s; %s\n", *n, *calls, *limit, *window, shared)

	bin, err := os.Executable()
	if err != nil {
		return err
	}
	start := time.Now().Add(500*time.Millisecond + time.Duration(*n)*50*time.Millisecond)
	ps, err := fleet.Start(bin, srv.IssueToken().AccessToken, *n, fleet.Config{
		BaseURL: srv.BaseURL(), Path: "users/who_am_i.json", Redis: *addr,
		Calls: (*calls + *n - 1) / *n, Conc: 2, Start: start, Name: "w", Timeout: 5 * time.Minute})
	if err != nil {
		return err
	}
	res, err := fleet.Wait(ps)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)

	var served, rejected int
	for _, r := range srv.Requests() {
		switch r.Status {
		case http.StatusOK:
			served++
		case http.StatusTooManyRequests:
			rejected++
		}
	}
	// The rate over the whole windows the run took: the windows its time
	// touched, each allowing limit requests.
	windows := max(math.Ceil(elapsed.Seconds()/window.Seconds()), 1)
	allowed := float64(*limit) / window.Seconds()
	achieved := float64(served) / (windows * window.Seconds())
	fmt.Printf("calls ok %d, failed %d; requests served %d, 429s %d\n", res.OK, res.Failed, served, rejected)
	fmt.Printf("achieved %.2f/s over the %.0f windows the run took (%s; the limit needs at least %d), allowed %.2f/s\n",
		achieved, windows, elapsed.Round(10*time.Millisecond), (served+*limit-1) / *limit, allowed)
	return nil
}
