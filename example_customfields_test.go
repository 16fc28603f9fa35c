package clio_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

func ExampleCustomFieldsService_Values() {
	client, srv := mattersDemo()
	defer srv.Close()
	ctx := context.Background()

	// Matters.Get fills custom_field_values by default; Values reads them
	// by the field's name, typed by its definition.
	m, err := client.Matters.Get(ctx, srv.Demo().JaneDoeMatterID)
	if err != nil {
		log.Fatal(err)
	}
	cf, err := client.CustomFields.Values(ctx, clio.CustomFieldParentTypeMatter, m.CustomFieldValues)
	if err != nil {
		log.Fatal(err)
	}
	if d, ok := cf.Values["Accident Date"].(clio.Date); ok {
		fmt.Println("accident on", d, "- a", d.In(time.UTC).Weekday())
	}
	fmt.Println("referred by:", cf.Values["Referral Source"]) // the option's label, not its id
	for _, name := range slices.Sorted(maps.Keys(cf.Values)) {
		fmt.Printf("%s (%T)\n", name, cf.Values[name])
	}
	for _, u := range cf.Unread { // values that could not be read by name
		fmt.Println("unread:", u.Name, u.Reason)
	}
	// Output:
	// accident on 2025-11-03 - a Monday
	// referred by: Web Search
	// Accident Date (clio.Date)
	// Accident Location (string)
	// Referral Source (string)
}
