package clio_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"sort"
	"sync"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// span is one traced attempt, as a tracing library would export it.
type span struct {
	Name       string // the operation: low cardinality, no ids
	Attributes map[string]any
	Duration   time.Duration
}

// exporter is a tiny in-memory stand-in for a tracing and metrics backend
// (OpenTelemetry, Prometheus, ...): it keeps spans and counts requests by
// operation and status.
type exporter struct {
	mu       sync.Mutex
	spans    []span
	requests map[string]int // "operation status" -> count
}

// middleware records a span and a counter for each HTTP attempt.
func (e *exporter) middleware(req *http.Request, at clio.Attempt, next clio.MiddlewareNext) (*http.Response, error) {
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") // propagate a trace
	start := time.Now()
	resp, err := next(req)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.spans = append(e.spans, span{
		Name: at.OperationID,
		Attributes: map[string]any{
			"http.method": at.Method, "http.route": at.PathTemplate, "http.status_code": status,
			"clio.attempt": at.Number, "authorization": req.Header.Get("Authorization"),
		},
		Duration: time.Since(start),
	})
	e.requests[fmt.Sprintf("%s %d", at.OperationID, status)]++
	return resp, err
}

// Trace and count every HTTP attempt with a middleware: spans named for
// Clio's operation, with the path template, attempt number and status,
// and a request counter by operation and status. No OpenTelemetry
// dependency is needed: the middleware is plain net/http.
func ExampleWithMiddleware() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	exp := &exporter{requests: map[string]int{}}
	client, err := srv.Client(
		clio.WithMiddleware(exp.middleware),
		clio.WithRetryPolicy(clio.RetryPolicy{BaseWait: 10 * time.Millisecond}), // a short backoff for the example
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters/", Status: 503, Times: 1}) // one retry
	if _, err := client.Matters.Get(ctx, srv.Demo().JaneDoeMatterID); err != nil {
		log.Fatal(err)
	}
	for _, err := range client.Contacts.List(clio.ContactListParams{Limit: 2}).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
	}

	for _, s := range exp.spans {
		a := s.Attributes
		fmt.Printf("span %s: %s %s attempt %d -> %d (Authorization %q)\n",
			s.Name, a["http.method"], a["http.route"], a["clio.attempt"], a["http.status_code"], a["authorization"])
	}
	keys := make([]string, 0, len(exp.requests))
	for k := range exp.requests {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("clio_requests_total{%s} %d\n", k, exp.requests[k])
	}
	// Output:
	// span Matter#show: GET /matters/{id}.json attempt 1 -> 503 (Authorization "[REDACTED]")
	// span Matter#show: GET /matters/{id}.json attempt 2 -> 200 (Authorization "[REDACTED]")
	// span Contact#index: GET /contacts.json attempt 1 -> 200 (Authorization "[REDACTED]")
	// span Contact#index: GET /contacts.json attempt 1 -> 200 (Authorization "[REDACTED]")
	// clio_requests_total{Contact#index 200} 2
	// clio_requests_total{Matter#show 200} 1
	// clio_requests_total{Matter#show 503} 1
}
