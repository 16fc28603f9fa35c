package cliotest_test

import (
	"net/http"
	"testing"

	"github.com/clio-sdk/clio-go/cliotest"
)

func BenchmarkAddMatters100k(b *testing.B) {
	for b.Loop() {
		srv, err := cliotest.Start(cliotest.InMemory(), cliotest.WithoutDemoData())
		if err != nil {
			b.Fatal(err)
		}
		if ids := srv.AddMatters(100_000); len(ids) != 100_000 {
			b.Fatalf("added %d matters", len(ids))
		}
		srv.Close()
	}
}

// BenchmarkListAllMatters pages through 100,000 matters (500 pages of 200)
// over loopback with raw HTTP.
func BenchmarkListAllMatters(b *testing.B) {
	w := newWire(b)
	w.srv.AddMatters(100_000)
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for link := "/api/v4/matters.json?fields=id,etag,display_number,status"; link != ""; {
			r := w.do("GET", link, nil)
			if r.StatusCode != http.StatusOK {
				b.Fatal(r.StatusCode)
			}
			n += len(r.list())
			link = r.next()
		}
		if n != 100_003 {
			b.Fatal(n)
		}
	}
}
