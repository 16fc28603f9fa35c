// Command fleetbench measures a fleet of K processes sharing one Clio token
// against a server allowing -limit requests per -window, with the window
// shared through Redis (redislimit) and with each process's own limiter,
// in the same run. It prints one line per run for bench/run:
//
//	fleet k=8 mode=shared requests=120 served=120 429s=0 during_hold=0 share=1.000 allowed=20.0/s achieved=20.0/s
//
// share is the served requests over the allowed ones, counted over the
// windows fully inside the run. It starts a redis-server on a free port
// unless -redis names one, and prints "fleet skipped: ..." without one.
// The multi-process tests of redislimit build it and run its worker mode.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/redislimit"
	"github.com/clio-sdk/clio-go/redislimit/internal/fleet"
	"github.com/redis/go-redis/v9"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == fleet.WorkerFlag {
		os.Exit(fleet.WorkerMain(os.Args[2:], sharedLimiter))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fleetbench:", err)
		os.Exit(1)
	}
}

// sharedLimiter is redislimit's limiter on the Redis at addr.
func sharedLimiter(addr string) (*clio.RateLimiter, func()) {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	// Dial before the common start, as a long-running worker would have.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = rdb.Ping(ctx).Err()
	return redislimit.NewRateLimiter(rdb), func() { rdb.Close() }
}

func run() error {
	addr := flag.String("redis", "", "a Redis address (default: start redis-server)")
	ks := flag.String("k", "1,8,16", "process counts")
	limit := flag.Int("limit", 20, "requests allowed per window")
	window := flag.Duration("window", time.Second, "the window")
	windows := flag.Int("windows", 6, "windows' worth of calls per run")
	flag.Parse()
	if *addr == "" {
		r, err := fleet.StartRedis()
		if errors.Is(err, fleet.ErrNoRedisServer) {
			fmt.Println("fleet skipped: redis-server is not installed")
			return nil
		}
		if err != nil {
			return err
		}
		defer r.Stop()
		*addr = r.Addr
	}
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	for _, f := range strings.Split(*ks, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 1 {
			return fmt.Errorf("-k: %q", f)
		}
		for _, shared := range []bool{true, false} {
			run := fleet.Run{Bin: bin, K: k, Calls: (*windows**limit + k - 1) / k, Conc: 2,
				Limit: *limit, Window: *window, Token: fmt.Sprintf("fleetbench-%d-%d", k, time.Now().UnixNano())}
			mode := "own"
			if shared {
				run.Redis, mode = *addr, "shared"
			}
			out, err := run.Do()
			if err != nil {
				return err
			}
			st := out.Stats
			allowed := float64(*limit) / window.Seconds()
			fmt.Printf("fleet k=%d mode=%s requests=%d served=%d 429s=%d during_hold=%d share=%.3f allowed=%.1f/s achieved=%.1f/s\n",
				k, mode, st.Requests, st.Served, st.Rejected+st.Injected, st.DuringHold, st.Share(*limit), allowed, st.Share(*limit)*allowed)
		}
	}
	return nil
}
