// Command compare measures a Matters.Get through the SDK against the
// hand-written net/http + encoding/json call to the same local server, in
// the same process: short blocks of calls, the order alternated every
// round, many rounds, and reports the spread of the per-round ratio. It
// also counts the connections each side opens for 10,000 Gets from 8 and
// 32 goroutines. bench/run runs it in several processes.
//
//	go run ./bench/compare -rounds 1000 -block 20
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/internal/benchutil"
)

const token = benchutil.Token

func main() {
	rounds := flag.Int("rounds", 1000, "rounds of one SDK block and one net/http block")
	block := flag.Int("block", 20, "calls per block")
	conns := flag.Bool("conns", true, "also count connections per 10,000 Gets at 8 and 32 goroutines")
	flag.Parse()
	if err := run(*rounds, *block, *conns); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// server is a local Clio answering GET matters/1001.json with the matter
// fixture and counting the connections it accepts.
type server struct {
	*httptest.Server
	opened atomic.Int64
	query  atomic.Value
}

func newServer() (*server, error) {
	body, err := os.ReadFile("testdata/matters/show.json")
	if err != nil {
		return nil, fmt.Errorf("run from the repository root: %w", err)
	}
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.query.Store(r.URL.RawQuery)
		h := w.Header()
		h["X-Ratelimit-Limit"] = []string{"1000000"}
		h["X-Ratelimit-Remaining"] = []string{"999999"}
		h["X-Ratelimit-Reset"] = []string{fmt.Sprint(time.Now().Add(time.Hour).Unix())}
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		w.Write(body)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.opened.Add(1)
		}
	}
	s.Start()
	return s, nil
}

func run(rounds, block int, conns bool) error {
	srv, err := newServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	ctx := context.Background()
	c, err := clio.NewClient(clio.WithBaseURL(srv.URL+"/api/v4"), clio.WithAccessToken(token))
	if err != nil {
		return err
	}
	sdk := func() error {
		m, err := c.Matters.Get(ctx, 1001)
		if err == nil && m.ID != 1001 {
			err = fmt.Errorf("got matter %d", m.ID)
		}
		return err
	}
	if err := sdk(); err != nil {
		return err
	}
	// The baseline asks for exactly what the SDK asked for.
	rawURL := srv.URL + "/api/v4/matters/1001.json?" + srv.query.Load().(string)
	hc := &http.Client{}
	raw := func() error {
		m, err := benchutil.PlainGetMatter(ctx, hc, rawURL)
		if err == nil && m.ID != 1001 {
			err = fmt.Errorf("got matter %d", m.ID)
		}
		return err
	}

	timeBlock := func(f func() error) (time.Duration, error) {
		start := time.Now()
		for range block {
			if err := f(); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	// Warm up both sides.
	for range 5 {
		if _, err := timeBlock(sdk); err != nil {
			return err
		}
		if _, err := timeBlock(raw); err != nil {
			return err
		}
	}
	ratios := make([]float64, 0, rounds)
	var sdkTotal, rawTotal time.Duration
	for i := range rounds {
		var ts, tr time.Duration
		var err1, err2 error
		if i%2 == 0 {
			ts, err1 = timeBlock(sdk)
			tr, err2 = timeBlock(raw)
		} else {
			tr, err2 = timeBlock(raw)
			ts, err1 = timeBlock(sdk)
		}
		if err1 != nil || err2 != nil {
			return fmt.Errorf("sdk: %v, net/http: %v", err1, err2)
		}
		sdkTotal += ts
		rawTotal += tr
		ratios = append(ratios, float64(ts)/float64(tr))
	}
	slices.Sort(ratios)
	n := float64(rounds * block)
	fmt.Printf("get-ratio min=%.3f median=%.3f max=%.3f p10=%.3f p90=%.3f\n",
		ratios[0], ratios[len(ratios)/2], ratios[len(ratios)-1], ratios[len(ratios)/10], ratios[len(ratios)*9/10])
	fmt.Printf("get-us sdk=%.1f nethttp=%.1f diff=%.1f\n",
		float64(sdkTotal.Microseconds())/n, float64(rawTotal.Microseconds())/n, float64((sdkTotal-rawTotal).Microseconds())/n)
	fmt.Printf("get-allocs sdk=%.0f nethttp=%.0f\n",
		testing.AllocsPerRun(200, func() { _ = sdk() }), testing.AllocsPerRun(200, func() { _ = raw() }))

	if conns {
		for _, g := range []int{8, 32} {
			s, err := countConns(srv, g, func(hc *http.Client) (func() error, error) {
				c, err := clio.NewClient(clio.WithBaseURL(srv.URL+"/api/v4"), clio.WithAccessToken(token))
				return func() error { _, err := c.Matters.Get(ctx, 1001); return err }, err
			})
			if err != nil {
				return err
			}
			r, err := countConns(srv, g, func(*http.Client) (func() error, error) {
				t := http.DefaultTransport.(*http.Transport).Clone()
				t.MaxIdleConnsPerHost = g
				hc := &http.Client{Transport: t}
				return func() error { _, err := benchutil.PlainGetMatter(ctx, hc, rawURL); return err }, nil
			})
			if err != nil {
				return err
			}
			fmt.Printf("conns goroutines=%d sdk=%d nethttp-tuned=%d\n", g, s, r)
		}
	}
	return nil
}

// countConns runs 10,000 Gets from g goroutines through a fresh client and
// returns how many connections the server accepted meanwhile.
func countConns(srv *server, g int, mk func(*http.Client) (func() error, error)) (int64, error) {
	get, err := mk(nil)
	if err != nil {
		return 0, err
	}
	before := srv.opened.Load()
	var wg sync.WaitGroup
	var firstErr atomic.Value
	const total = 10000
	var next atomic.Int64
	for range g {
		wg.Go(func() {
			for next.Add(1) <= total {
				if err := get(); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, err
	}
	return srv.opened.Load() - before, nil
}
