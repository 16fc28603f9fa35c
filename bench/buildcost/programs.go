package main

// The user programs, one per SDK, each doing the same five things.

const clioProgram = `// A user-like program: a client, a Get, a listing, a create with optional
// fields and an update.
package main

import (
	"context"
	"fmt"
	"time"

	"github.com/clio-sdk/clio-go"
)

func main() {
	ctx := context.Background()
	c, err := clio.NewClient()
	if err != nil {
		panic(err)
	}
	m, err := c.Matters.Get(ctx, 1)
	if err != nil {
		panic(err)
	}
	for ct, err := range c.Contacts.List(clio.ContactListParams{}).All(ctx) {
		if err != nil {
			panic(err)
		}
		fmt.Println(ct.ID)
	}
	t, err := c.Tasks.Create(ctx, clio.TaskCreate{
		Name:        "Call client",
		Description: "About the filing",
		Assignee:    clio.TaskCreateAssignee{ID: 7, Type: "User"},
		DueAt:       clio.Day(2029, time.October, 6),
		Matter:      clio.Set(clio.Ref{ID: m.ID}),
	})
	if err != nil {
		panic(err)
	}
	_, err = c.Matters.Update(ctx, m.ID, "", clio.MatterUpdate{Description: clio.String("Renamed")})
	fmt.Println(t.ID, err)
}
`

const stripeProgram = `// The stripe-go counterpart: a client, a retrieve, a listing, a create
// with optional fields and an update.
package main

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v82"
)

func main() {
	ctx := context.Background()
	sc := stripe.NewClient("sk_test")
	cus, err := sc.V1Customers.Retrieve(ctx, "cus_1", nil)
	if err != nil {
		panic(err)
	}
	for ch, err := range sc.V1Charges.List(ctx, &stripe.ChargeListParams{}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(ch.ID)
	}
	pi, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{
		Amount:      stripe.Int64(2000),
		Currency:    stripe.String("usd"),
		Customer:    stripe.String(cus.ID),
		Description: stripe.String("About the filing"),
	})
	if err != nil {
		panic(err)
	}
	_, err = sc.V1Customers.Update(ctx, cus.ID, &stripe.CustomerUpdateParams{Description: stripe.String("Renamed")})
	fmt.Println(pi.ID, err)
}
`

const rawProgram = `// The plain net/http counterpart: a Get, a page, a create and an update
// with encoding/json.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

type matter struct {
	ID          int64  ` + "`json:\"id\"`" + `
	Description string ` + "`json:\"description\"`" + `
}

func call(ctx context.Context, method, url string, in, out any) error {
	var body bytes.Buffer
	if in != nil {
		if err := json.NewEncoder(&body).Encode(map[string]any{"data": in}); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, url, &body)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(&struct{ Data any }{out})
}

func main() {
	ctx := context.Background()
	const base = "https://app.clio.com/api/v4/"
	var m matter
	if err := call(ctx, "GET", base+"matters/1.json", nil, &m); err != nil {
		panic(err)
	}
	var page []matter
	if err := call(ctx, "GET", base+"contacts.json", nil, &page); err != nil {
		panic(err)
	}
	for _, ct := range page {
		fmt.Println(ct.ID)
	}
	var t matter
	err := call(ctx, "POST", base+"tasks.json", map[string]any{"name": "Call client", "due_at": "2029-10-06"}, &t)
	fmt.Println(t.ID, err, call(ctx, "PATCH", base+"matters/1.json", map[string]any{"description": "Renamed"}, &m))
}
`
