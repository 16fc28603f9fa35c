package clio_test

import (
	"context"
	"fmt"
	"log"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// A create whose answer is lost may or may not have been applied, and the
// SDK does not send it again. Give the record a value of its own (here an
// intake key as the matter's client reference), and look for it before
// creating it again: now, or in the next run of the job.
func ExampleFindCreated() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	jane := srv.Demo().JaneDoeID
	// Clio applies the next matter POST, but the connection drops before
	// its answer arrives.
	srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/matters.json", After: true, Times: 1})

	const key = "intake-2026-01-12"
	create := func() (*clio.Matter, error) {
		return client.Matters.Create(ctx, clio.MatterCreate{
			Client:          clio.Ref{ID: jane},
			Description:     "Slip and fall at Pike Place Market",
			ClientReference: clio.Set(key),
		})
	}
	_, err = create()
	fmt.Println("outcome unknown:", clio.MayHaveApplied(err))

	// Before sending it again: is a matter of Jane's marked with the key?
	m, err := clio.FindCreated(ctx, client.Matters.List(clio.MatterListParams{ClientID: jane}),
		func(m clio.Matter) bool { return m.ClientReference == key })
	if err != nil {
		log.Fatal(err)
	}
	if m == nil { // not there: the write was not applied, so send it
		if m, err = create(); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(m.Description, "-", m.ClientReference)
	// Output:
	// outcome unknown: true
	// Slip and fall at Pike Place Market - intake-2026-01-12
}
