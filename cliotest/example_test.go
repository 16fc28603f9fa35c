package cliotest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// logTime is the code under test in the examples: it books time on a
// matter through the SDK.
func logTime(ctx context.Context, client *clio.Client, matterID int64, d time.Duration, note string) (*clio.Activity, error) {
	return client.Activities.Create(ctx, clio.ActivityCreate{
		Type:     clio.ActivityTypeTimeEntry,
		Date:     clio.NewDate(2026, time.March, 2),
		Matter:   clio.Set(clio.Ref{ID: matterID}),
		Quantity: clio.Set(d.Seconds()),
		Note:     clio.Set(note),
	})
}

// A test of your own code, end to end: seed what it reads, run it through
// the SDK against the fake, then assert on what it sent. In a test, use
// cliotest.NewServer(t), which closes the server when the test ends.
func Example() {
	srv, err := cliotest.Start(cliotest.WithoutDemoData())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}

	// Seed: a client and a matter (hand-modelled resources are seeded
	// through their create body).
	jane, err := srv.SeedJSON("Contact", `{"type": "Person", "first_name": "Jane", "last_name": "Doe"}`)
	if err != nil {
		log.Fatal(err)
	}
	matter, err := srv.Seed("Matter", map[string]any{"client": map[string]any{"id": jane}, "description": "Doe v. Roe"})
	if err != nil {
		log.Fatal(err)
	}

	// Run the code under test.
	if _, err := logTime(context.Background(), client, matter, 90*time.Minute, "Drafted demand letter"); err != nil {
		log.Fatal(err)
	}

	// Assert on the request log: what was sent, and how it was answered.
	// RequestsFor picks the requests to an operation; DecodeData reads a
	// body's {"data": ...} into the SDK's request type.
	for _, r := range srv.RequestsFor("Activity#create") {
		var sent clio.ActivityCreate
		if err := r.DecodeData(&sent); err != nil {
			log.Fatal(err)
		}
		seconds, _ := sent.Quantity.Get()
		note, _ := sent.Note.Get()
		m, _ := sent.Matter.Get()
		fmt.Println(r.Method, r.Path, r.Status)
		fmt.Println(sent.Type, seconds, note, m.ID == matter)
	}
	// Output:
	// POST /api/v4/activities.json 201
	// TimeEntry 5400 Drafted demand letter true
}

// Seed records of any resource, including those Clio's API cannot create
// (bills, trust line items), with the SDK's own model types or JSON.
func ExampleServer_Seed() {
	srv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	matter := srv.Demo().JaneDoeMatterID
	for _, b := range []clio.Bill{
		{Number: "INV-0041", State: clio.BillStatePaid, Total: clio.MustDecimal("900")},
		{Number: "INV-0042", State: clio.BillStateAwaitingPayment, Total: clio.MustDecimal("1250"), Matters: []clio.MatterBase{{ID: matter}}},
	} {
		if _, err := srv.Seed("Bill", b); err != nil {
			log.Fatal(err)
		}
	}
	if _, err := srv.SeedJSON("Bill", `{"number": "INV-0043", "state": "awaiting_payment", "total": 310.5}`); err != nil {
		log.Fatal(err)
	}

	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for b, err := range client.Bills.List(clio.BillListParams{State: clio.BillStateAwaitingPayment}).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(b.Number, b.Total)
	}
	// Output:
	// INV-0042 1250
	// INV-0043 310.5
}

// Inject a fault to test how your code handles it: here a time entry whose
// write was applied but whose answer was lost. The SDK does not resend a
// POST; the error says the outcome is unknown, and the log shows the one
// request, so a test can check the code reads back before retrying.
func ExampleServer_Inject() {
	srv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/activities", Status: 503, After: true, Times: 1})

	_, err = logTime(context.Background(), client, srv.Demo().JaneDoeMatterID, time.Hour, "Client call")
	var apiErr *clio.APIError
	fmt.Println(errors.As(err, &apiErr) && apiErr.MayHaveApplied)
	fmt.Println(len(srv.Requests()), "request sent")

	n := 0
	for _, err := range client.Activities.List(clio.ActivityListParams{MatterID: srv.Demo().JaneDoeMatterID}).All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "entry stored")
	// Output:
	// true
	// 1 request sent
	// 1 entry stored
}
