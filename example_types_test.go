package clio_test

import (
	"context"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Values typed by meaning: a time entry of two hours (seconds, built with
// the typed Opt constructor, which takes the literal 2 * 3600 where Set
// would make an Opt[int]), an exact rate, a due date that is a calendar
// day, and a field that was not requested told apart from a false one.
func Example_typesByMeaning() {
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
	demo := srv.Demo()

	entry, err := client.Activities.Create(ctx, clio.ActivityCreate{
		Type:     clio.ActivityTypeTimeEntry,
		Date:     clio.NewDate(2026, time.November, 30),
		Matter:   clio.Set(clio.Ref{ID: demo.JaneDoeMatterID}),
		Quantity: clio.Float(2 * 3600),  // seconds, for a time entry
		Price:    clio.Amount("312.50"), // the hourly rate, exact
		Note:     clio.String("Drafted the complaint"),
	}, clio.Fields("quantity", "quantity_in_hours", "total"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entry.QuantityInHours, "h,", entry.Total, "total")

	task, err := client.Tasks.Create(ctx, clio.TaskCreate{
		Name:        "File the complaint",
		Description: "Before the limitation period runs out",
		Assignee:    clio.TaskCreateAssignee{ID: demo.AttorneyID, Type: clio.TaskCreateAssigneeTypeUser},
		DueAt:       clio.Day(2029, time.October, 6), // sent as "2029-10-06"
	}, clio.Fields("due_at"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("due", task.DueAt)

	m, err := client.Matters.Get(ctx, demo.JaneDoeMatterID, clio.Fields("id")) // fields=id,etag
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("billable:", m.Billable, "sent:", m.Has("billable"))
	// Output:
	// 2 h, 625.00 total
	// due 2029-10-06
	// billable: false sent: false
}
