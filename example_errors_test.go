package clio_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Handle errors by kind: errors.Is against the sentinels, errors.As for
// the details, MayHaveApplied before retrying a write. What the SDK can
// wait out on its own (a 5xx or dropped connection on a read, a 429 with a
// short Retry-After, a spent rate-limit window) it does before the call
// returns; the errors below are what is left for the caller. The fake's
// fault injection plays Clio's failures.
func Example_errorHandling() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	// A short backoff so the example runs fast; the default starts at 500ms.
	client, err := srv.Client(clio.WithRetryPolicy(clio.RetryPolicy{BaseWait: 10 * time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	demo := srv.Demo()

	// A sentinel per status.
	_, err = client.Matters.Get(ctx, 987654)
	fmt.Println("404 is ErrNotFound:", errors.Is(err, clio.ErrNotFound))

	// A 422 says why in its text; *APIError holds the parts.
	_, err = client.Activities.Create(ctx, clio.ActivityCreate{
		Type: clio.ActivityTypeTimeEntry, Date: clio.NewDate(2026, time.November, 30),
		Matter: clio.Set(clio.Ref{ID: 987654}), Quantity: clio.Set(3600.0),
	})
	var apiErr *clio.APIError
	if errors.Is(err, clio.ErrValidation) && errors.As(err, &apiErr) {
		fmt.Printf("422: type %s, message %q\n", apiErr.Type, apiErr.Message)
	}
	fmt.Println(err)

	// Waited out by the SDK: a read answered 503 twice is retried with
	// backoff, and the caller sees only the record.
	srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters/", Status: 503, Times: 2})
	m, err := client.Matters.Get(ctx, demo.JaneDoeMatterID, clio.Fields("display_number"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after two 503s:", m.DisplayNumber)

	// Not waited out: a 429 asking for longer than the policy's
	// MaxRetryAfter (60s) comes back at once, saying how long to wait.
	srv.Inject(cliotest.Fault{Method: "GET", Status: 429, RetryAfter: 5 * time.Minute, Times: 1})
	_, err = client.Matters.Get(ctx, demo.JaneDoeMatterID)
	var rl *clio.RateLimitError
	if errors.As(err, &rl) {
		fmt.Println("429 is ErrRateLimited:", errors.Is(err, clio.ErrRateLimited), "- retry after", rl.RetryAfter)
	}

	// A write is never resent after an ambiguous failure: a 503 on a
	// create may have been applied, so read back before trying again.
	srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/matters.json", Status: 503, Times: 1})
	_, err = client.Matters.Create(ctx, clio.MatterCreate{Client: clio.Ref{ID: demo.JaneDoeID}, Description: "Slip and fall"})
	fmt.Println("503 on a create is ErrServer:", errors.Is(err, clio.ErrServer), "- may have applied:", clio.MayHaveApplied(err))

	// No answer in time: a *RequestError naming the call, which still
	// matches context.DeadlineExceeded.
	srv.Inject(cliotest.Fault{Method: "GET", Delay: time.Second, Times: 1})
	_, err = client.Matters.Get(ctx, demo.JaneDoeMatterID, clio.WithTimeout(20*time.Millisecond), clio.WithMaxRetries(0))
	var reqErr *clio.RequestError
	if errors.As(err, &reqErr) {
		fmt.Println("deadline:", reqErr.Method, errors.Is(err, context.DeadlineExceeded))
	}
	// Output:
	// 404 is ErrNotFound: true
	// 422: type ValidationError, message "matter 987654 does not exist"
	// clio: POST http://clio.test/api/v4/activities.json: 422 Unprocessable Entity (ValidationError): matter 987654 does not exist
	// after two 503s: 00001-Doe
	// 429 is ErrRateLimited: true - retry after 5m0s
	// 503 on a create is ErrServer: true - may have applied: true
	// deadline: GET true
}
