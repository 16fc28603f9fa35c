package clio_test

import (
	"context"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Record time on a matter, list the matter's time entries, and correct an
// entry: the call shape every generated service shares. It runs against
// cliotest's demo firm.
func ExampleActivitiesService_Create() {
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
	matterID := srv.Demo().JaneDoeMatterID

	entry, err := client.Activities.Create(ctx, clio.ActivityCreate{
		Type:     clio.ActivityTypeTimeEntry,
		Date:     clio.NewDate(2026, time.November, 30),
		Matter:   clio.Set(clio.Ref{ID: matterID}),
		Quantity: clio.Set(1.5 * 3600), // seconds, for a time entry (since API 4.0.4)
		Note:     clio.Set("Initial consultation"),
	})
	if err != nil {
		log.Fatal(err)
	}

	for a, err := range client.Activities.List(clio.ActivityListParams{
		MatterID: matterID, Type: clio.ActivityTypeTimeEntry,
	}, clio.Fields("date", "quantity", "note")).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Date, a.Quantity/3600, "h", a.Note)
	}

	// If-Match with the etag the entry came back with.
	entry, err = client.Activities.Update(ctx, entry.ID, entry.ETag, clio.ActivityUpdate{
		Note: clio.Set("Initial consultation (by phone)"),
	}, clio.Fields("note"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entry.Note)
	// Output:
	// 2026-11-30 1.5 h Initial consultation
	// Initial consultation (by phone)
}
