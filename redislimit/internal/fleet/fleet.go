// Package fleet runs many OS processes of one program calling Clio with one
// token, for the multi-process tests, the benchmark and the example of
// redislimit: the worker side ([WorkerMain]), the starting side ([Start])
// and a rate-limited test server ([Server]).
package fleet

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

// WorkerFlag, as a program's first argument, makes it a worker: its main
// calls [WorkerMain] with the rest.
const WorkerFlag = "-fleet-worker"

// Config is one worker's job. The token travels in the environment
// (CLIO_ACCESS_TOKEN), never in arguments, which other users can list.
type Config struct {
	BaseURL string        // the API base, ".../api/v4"
	Path    string        // the GET path each call asks, relative to BaseURL
	Redis   string        // the Redis address; "" for a limiter of the process's own
	Calls   int           // calls to make
	Conc    int           // goroutines making them
	Start   time.Time     // when to begin (so that processes begin together)
	Name    string        // the worker's name, prefix of its request ids
	Timeout time.Duration // bound on the whole job
}

// args is c as a worker's command line.
func (c Config) args() []string {
	return []string{WorkerFlag, "-base", c.BaseURL, "-path", c.Path, "-redis", c.Redis,
		"-calls", strconv.Itoa(c.Calls), "-conc", strconv.Itoa(c.Conc),
		"-start", strconv.FormatInt(c.Start.UnixMilli(), 10), "-name", c.Name, "-timeout", c.Timeout.String()}
}

// RequestIDHeader carries each call's id (worker name and number), so a
// server can count that every call arrived once.
const RequestIDHeader = "X-Fleet-Request"

// SharedLimiter returns a rate limiter sharing its window through the Redis
// at addr, and a function that releases it (redislimit's, given by the
// program: this package does not import redislimit, whose tests import it).
type SharedLimiter func(addr string) (*clio.RateLimiter, func())

// WorkerMain runs a worker from its arguments (those after [WorkerFlag]):
// it makes its calls and prints "ok=N failed=M last=T" on stdout, T the
// unix milliseconds when its last call ended. It logs (the
// client's logger, text on stderr, Info and above) and returns an exit
// code.
func WorkerMain(args []string, shared SharedLimiter) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	var c Config
	var start int64
	fs.StringVar(&c.BaseURL, "base", "", "")
	fs.StringVar(&c.Path, "path", "users/who_am_i.json", "")
	fs.StringVar(&c.Redis, "redis", "", "")
	fs.IntVar(&c.Calls, "calls", 10, "")
	fs.IntVar(&c.Conc, "conc", 2, "")
	fs.Int64Var(&start, "start", 0, "")
	fs.StringVar(&c.Name, "name", "w", "")
	fs.DurationVar(&c.Timeout, "timeout", time.Minute, "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c.Start = time.UnixMilli(start)
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ok, failed, err := work(c, os.Getenv("CLIO_ACCESS_TOKEN"), logger, shared)
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 1
	}
	fmt.Printf("ok=%d failed=%d last=%d\n", ok, failed, time.Now().UnixMilli())
	return 0
}

func work(c Config, token string, logger *slog.Logger, shared SharedLimiter) (ok, failed int64, err error) {
	if token == "" {
		return 0, 0, errors.New("CLIO_ACCESS_TOKEN is not set")
	}
	limiter := clio.NewRateLimiter()
	if c.Redis != "" {
		var release func()
		limiter, release = shared(c.Redis)
		defer release()
	}
	client, err := clio.NewClient(clio.WithBaseURL(c.BaseURL), clio.WithAccessToken(token),
		clio.WithRateLimiter(limiter), clio.WithLogger(logger),
		// Without the shared state a fleet meets many 429s; every call
		// must still complete.
		clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 100, MaxWait: 2 * time.Second}))
	if err != nil {
		return 0, 0, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	defer cancel()
	time.Sleep(time.Until(c.Start))
	var next, okN, failedN atomic.Int64
	var wg sync.WaitGroup
	for range max(c.Conc, 1) {
		wg.Go(func() {
			for {
				n := next.Add(1)
				if n > int64(c.Calls) {
					return
				}
				id := fmt.Sprintf("%s-%d", c.Name, n)
				if err := client.Do(ctx, http.MethodGet, c.Path, nil, nil, nil, clio.WithHeader(RequestIDHeader, id)); err != nil {
					logger.Error("call failed", "id", id, "error", err.Error())
					failedN.Add(1)
					continue
				}
				okN.Add(1)
			}
		})
	}
	wg.Wait()
	return okN.Load(), failedN.Load(), nil
}

// Process is one started worker.
type Process struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

// Start starts k workers of the program bin (which must call [WorkerMain]
// when its first argument is [WorkerFlag]) with token in their
// environment, worker i named name-i.
func Start(bin, token string, k int, c Config) ([]*Process, error) {
	var ps []*Process
	for i := range k {
		wc := c
		wc.Name = fmt.Sprintf("%s%d", c.Name, i)
		p := &Process{cmd: exec.Command(bin, wc.args()...)}
		p.cmd.Env = append(os.Environ(), "CLIO_ACCESS_TOKEN="+token)
		p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
		if err := p.cmd.Start(); err != nil {
			for _, q := range ps {
				q.cmd.Process.Kill()
				q.cmd.Wait()
			}
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// Result is what the workers of one run reported.
type Result struct {
	OK, Failed int64
	Stderr     []string    // each worker's log
	Last       []time.Time // when each worker's last call ended
}

// Wait waits for every worker and adds up their reports; a worker that
// failed or reported nothing is an error.
func Wait(ps []*Process) (Result, error) {
	var r Result
	var errs []error
	for i, p := range ps {
		err := p.cmd.Wait()
		r.Stderr = append(r.Stderr, p.stderr.String())
		if err != nil {
			errs = append(errs, fmt.Errorf("worker %d: %v: %s", i, err, lastLines(p.stderr.String(), 5)))
			continue
		}
		var ok, failed, last int64
		if _, err := fmt.Sscanf(strings.TrimSpace(p.stdout.String()), "ok=%d failed=%d last=%d", &ok, &failed, &last); err != nil {
			errs = append(errs, fmt.Errorf("worker %d: report %q: %v", i, p.stdout.String(), err))
			continue
		}
		r.OK += ok
		r.Failed += failed
		r.Last = append(r.Last, time.UnixMilli(last))
	}
	return r, errors.Join(errs...)
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// Run is one measured run of a fleet against a fresh [Server].
type Run struct {
	Bin    string        // the worker program
	K      int           // processes
	Calls  int           // calls per process
	Conc   int           // goroutines per process
	Redis  string        // "" for limiters of their own
	Limit  int           // the server's limit per window
	Window time.Duration // the server's window
	Token  string        // the token they share (a Redis key derives from it)
	// Setup, when set, configures the server before the workers start.
	Setup func(*Server)
	// After, when set, runs AfterDelay after the workers begin (to take
	// Redis away, say).
	After      func()
	AfterDelay time.Duration
}

// Outcome is what a run measured.
type Outcome struct {
	Stats   Stats
	Result  Result
	Missing int           // call ids never served
	Elapsed time.Duration // from the common start to the last worker's end
	Server  *Server
	Start   time.Time // when the workers began
}

// Do runs r: the workers start together at a window boundary, after time
// for every process to start.
func (r Run) Do() (Outcome, error) {
	srv := NewServer(r.Limit, r.Window)
	if r.Setup != nil {
		r.Setup(srv)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Outcome{}, err
	}
	go hs.Serve(ln)
	defer hs.Close()
	start := time.Now().Add(300*time.Millisecond + time.Duration(r.K)*60*time.Millisecond).Truncate(r.Window).Add(r.Window + 30*time.Millisecond)
	c := Config{BaseURL: "http://" + ln.Addr().String() + "/api/v4", Path: "users/who_am_i.json", Redis: r.Redis,
		Calls: r.Calls, Conc: r.Conc, Start: start, Name: "w", Timeout: 2 * time.Minute}
	ps, err := Start(r.Bin, r.Token, r.K, c)
	if err != nil {
		return Outcome{}, err
	}
	if r.After != nil {
		t := time.AfterFunc(time.Until(start)+r.AfterDelay, r.After)
		defer t.Stop()
	}
	res, err := Wait(ps)
	out := Outcome{Stats: srv.Stats(), Result: res, Missing: srv.Missing("w", r.K, r.Calls), Elapsed: time.Since(start), Server: srv, Start: start}
	return out, err
}
