package clio_test

import (
	"context"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

// Record time on a matter, list what is unbilled, and correct an entry:
// the call shape every generated service shares.
func ExampleActivitiesService_Create() {
	ctx := context.Background()
	client, err := clio.NewClient(clio.WithAccessToken("token"))
	if err != nil {
		log.Fatal(err)
	}
	const matterID = 1001

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
		MatterID: matterID, Status: clio.ActivityListStatusUnbilled,
	}, clio.Fields("date", "quantity_in_hours", "total", "note")).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Date, a.QuantityInHours, a.Total)
	}

	// If-Match with the etag the entry came back with.
	if _, err := client.Activities.Update(ctx, entry.ID, entry.ETag, clio.ActivityUpdate{
		Note: clio.Set("Initial consultation (by phone)"),
	}); err != nil {
		log.Fatal(err)
	}
}
