package cliotest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Find what your code sent by operation, named as in Clio's spec (and
// docs/operations.md), or by method and path template, and read each body
// as the SDK's own request type.
func ExampleServer_RequestsFor() {
	srv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	matter := srv.Demo().JaneDoeMatterID

	// The code under test: book two entries, then correct the first.
	call, err := logTime(ctx, client, matter, time.Hour, "Client call")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := logTime(ctx, client, matter, 30*time.Minute, "Reviewed police report"); err != nil {
		log.Fatal(err)
	}
	if _, err := client.Activities.Update(ctx, call.ID, call.ETag, clio.ActivityUpdate{Note: clio.Set("Client call: settlement offer")}); err != nil {
		log.Fatal(err)
	}

	// Every Activity#create, with its body decoded from {"data": ...}.
	for _, r := range srv.RequestsFor("Activity#create") {
		var sent clio.ActivityCreate
		if err := r.DecodeData(&sent); err != nil {
			log.Fatal(err)
		}
		seconds, _ := sent.Quantity.Get()
		note, _ := sent.Note.Get()
		m, _ := sent.Matter.Get()
		fmt.Println(r.Status, sent.Type, sent.Date, seconds, note, m.ID == matter)
	}

	// The same by method and path template; PathIDs holds the path's ids.
	for _, r := range srv.RequestsFor("PATCH /activities/{id}.json") {
		var sent clio.ActivityUpdate
		if err := r.DecodeData(&sent); err != nil {
			log.Fatal(err)
		}
		note, _ := sent.Note.Get()
		fmt.Println(r.Operation, r.PathIDs[0] == call.ID, r.IfMatch == call.ETag, note)
	}
	// Output:
	// 201 TimeEntry 2026-03-02 3600 Client call true
	// 201 TimeEntry 2026-03-02 1800 Reviewed police report true
	// Activity#update true true Client call: settlement offer
}
