package clio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/internal/benchutil"
)

// The benchmarks here run each SDK path beside the plain net/http +
// encoding/json way of doing the same thing, against the same local
// server, in the same run. bench/run runs them all and prints one table.

const benchToken = benchutil.Token

// rateLimitHeaders are what Clio sends on every response; with plenty
// remaining the SDK's limiter lets requests straight through.
func rateLimitHeaders(h http.Header) {
	h.Set("X-RateLimit-Limit", "100000")
	h.Set("X-RateLimit-Remaining", "99999")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
}

// BenchmarkGetMatter gets one matter with the SDK's default fields through
// Matters.Get and through a hand-written request that sends the same URL
// and headers and decodes into the same struct. The server answers the
// synthetic matter fixture (testdata/matters/show.json).
func BenchmarkGetMatter(b *testing.B) {
	body, err := os.ReadFile("testdata/matters/show.json")
	if err != nil {
		b.Fatal(err)
	}
	var lastQuery atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lastQuery.Store(r.URL.RawQuery)
		rateLimitHeaders(w.Header())
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	}))
	defer ts.Close()
	ctx := context.Background()

	c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken(benchToken))
	if err != nil {
		b.Fatal(err)
	}
	// The baseline asks for exactly what the SDK asks for.
	if _, err := c.Matters.Get(ctx, 1001); err != nil {
		b.Fatal(err)
	}
	rawURL := ts.URL + "/api/v4/matters/1001.json?" + lastQuery.Load().(string)

	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m, err := c.Matters.Get(ctx, 1001)
			if err != nil || m.ID != 1001 {
				b.Fatal(m, err)
			}
		}
	})
	b.Run("nethttp", func(b *testing.B) {
		b.ReportAllocs()
		hc := &http.Client{}
		for b.Loop() {
			m, err := benchutil.PlainGetMatter(ctx, hc, rawURL)
			if err != nil || m.ID != 1001 {
				b.Fatal(m, err)
			}
		}
	})
}

// matterPages serves total matters in cursor pages of 200, generated on
// the fly from the synthetic matter fixture, with absolute next links as
// Clio sends them. Generating keeps the server's own heap out of the
// client's measurement.
type matterPages struct {
	total  int
	url    string
	record []byte // the fixture's matter, with the id as %d
}

func newMatterPages(b testing.TB, total int) *matterPages {
	raw, err := os.ReadFile("testdata/matters/show.json")
	if err != nil {
		b.Fatal(err)
	}
	var doc struct{ Data map[string]any }
	if err := json.Unmarshal(raw, &doc); err != nil {
		b.Fatal(err)
	}
	doc.Data["id"] = 987654321
	rec, _ := json.Marshal(doc.Data)
	return &matterPages{total: total, record: bytes.Replace(rec, []byte("987654321"), []byte("%d"), 1)}
}

func (p *matterPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	var buf bytes.Buffer
	buf.WriteString(`{"data":[`)
	last := min(after+200, p.total)
	for id := after + 1; id <= last; id++ {
		if id > after+1 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, string(p.record), id)
	}
	buf.WriteString(`],"meta":{"records":`)
	buf.WriteString(strconv.Itoa(p.total))
	buf.WriteString(`,"paging":{`)
	if last < p.total {
		q := r.URL.Query()
		q.Set("after", strconv.Itoa(last))
		fmt.Fprintf(&buf, `"next":%q`, p.url+r.URL.Path+"?"+q.Encode())
	}
	buf.WriteString(`}}}`)
	rateLimitHeaders(w.Header())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(buf.Bytes())
}

// BenchmarkStreamMatters pages through every matter with Pager.All and
// with a hand-written loop over next links, reporting records per second
// and the peak heap above the starting heap. The sdk runs at 10,000 and
// 100,000 matters show that the peak does not grow with the count.
func BenchmarkStreamMatters(b *testing.B) {
	for _, tc := range []struct {
		mode  string
		total int
	}{{"sdk", 10_000}, {"sdk", 100_000}, {"nethttp", 100_000}} {
		b.Run(fmt.Sprintf("%s/%d", tc.mode, tc.total), func(b *testing.B) {
			pages := newMatterPages(b, tc.total)
			ts := httptest.NewServer(pages)
			defer ts.Close()
			pages.url = ts.URL
			ctx := context.Background()
			c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken(benchToken))
			if err != nil {
				b.Fatal(err)
			}
			var n int
			var lastID int64
			stream := func() error {
				switch tc.mode {
				case "sdk":
					for m, err := range c.Matters.List(clio.MatterListParams{}).All(ctx) {
						if err != nil {
							return err
						}
						n, lastID = n+1, m.ID
					}
					return nil
				default:
					return plainStreamMatters(ctx, ts.URL+"/api/v4/matters.json?limit=200&order=id(asc)", func(m *clio.Matter) {
						n, lastID = n+1, m.ID
					})
				}
			}
			var elapsed time.Duration
			peak := peakHeapGrowth(func() {
				for b.Loop() {
					n = 0
					start := time.Now()
					if err := stream(); err != nil {
						b.Fatal(err)
					}
					elapsed += time.Since(start)
					if n != tc.total || lastID != int64(tc.total) {
						b.Fatalf("streamed %d matters ending at %d; want %d", n, lastID, tc.total)
					}
				}
			})
			b.ReportMetric(float64(tc.total)*float64(b.N)/elapsed.Seconds(), "records/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			if tc.mode == "sdk" && peak >= 32<<20 {
				b.Errorf("peak heap grew by %.1f MiB streaming %d matters; want < 32 MiB", float64(peak)/(1<<20), tc.total)
			}
		})
	}
}

// TestPagerStreamsInConstantMemory streams 30,000 matters (150 pages)
// through Pager.All; holding them all would take well over 32 MiB, one page
// at a time takes a few.
//
// Under the race detector, whose own allocations make heap figures
// meaningless, it streams 3,000 (15 pages) and checks only the records.
func TestPagerStreamsInConstantMemory(t *testing.T) {
	total := 30_000
	if clio.RaceEnabled {
		total = 3_000
	}
	pages := newMatterPages(t, total)
	ts := httptest.NewServer(pages)
	defer ts.Close()
	pages.url = ts.URL
	c, err := clio.NewClient(clio.WithBaseURL(ts.URL+"/api/v4"), clio.WithAccessToken(benchToken))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var last int64
	peak := peakHeapGrowth(func() {
		for m, err := range c.Matters.List(clio.MatterListParams{}).All(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			if m.ID != last+1 {
				t.Fatalf("matter %d after %d", m.ID, last)
			}
			n, last = n+1, m.ID
		}
	})
	if n != total {
		t.Fatalf("streamed %d matters; want %d", n, total)
	}
	t.Logf("peak heap growth streaming %d matters: %.1f MiB", total, float64(peak)/(1<<20))
	if !clio.RaceEnabled && peak >= 32<<20 {
		t.Errorf("peak heap grew by %.1f MiB; want < 32 MiB", float64(peak)/(1<<20))
	}
}

// plainStreamMatters is the hand-written paging loop.
func plainStreamMatters(ctx context.Context, url string, each func(*clio.Matter)) error {
	for url != "" {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+benchToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		var page struct {
			Data []clio.Matter
			Meta struct{ Paging struct{ Next string } }
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return err
		}
		for i := range page.Data {
			each(&page.Data[i])
		}
		url = page.Meta.Paging.Next
	}
	return nil
}

// peakHeapGrowth runs f and reports how far the live heap rose above its
// level before f, sampled every millisecond.
func peakHeapGrowth(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if peak.Load() < base {
		return 0
	}
	return peak.Load() - base
}
