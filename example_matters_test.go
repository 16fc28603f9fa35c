package clio_test

import (
	"context"
	"fmt"
	"log"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// mattersDemo starts the in-memory fake Clio with its demo firm.
func mattersDemo() (*clio.Client, *cliotest.Server) {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return client, srv
}

func ExampleMattersService_Create() {
	client, srv := mattersDemo()
	defer srv.Close()
	demo := srv.Demo()

	// Custom field values by name go in the same POST; the SDK looks the
	// names and the picklist label up in its definitions cache first.
	m, err := client.Matters.Create(context.Background(), clio.MatterCreate{
		Client:              clio.Ref{ID: demo.JaneDoeID},
		Description:         "Slip and fall at Pike Place Market",
		Status:              clio.MatterStatusOpen,
		PracticeArea:        clio.Set(clio.Ref{ID: demo.PersonalInjuryID}),
		ResponsibleAttorney: clio.Set(clio.Ref{ID: demo.AttorneyID}),
		CustomFields: map[string]any{
			"Accident Date":   clio.NewDate(2026, 1, 12),
			"Referral Source": "existing client",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Description, "-", m.Status, "-", m.Client.Name)
	for _, v := range m.CustomFieldValues {
		if v.FieldType == clio.CustomFieldFieldTypePicklist {
			// A picklist value is the option id.
			fmt.Println(v.FieldName, "is Existing Client:", string(v.Value) == fmt.Sprint(demo.ReferralOptions["Existing Client"]))
			continue
		}
		fmt.Println(v.FieldName, string(v.Value))
	}
	// Output:
	// Slip and fall at Pike Place Market - Open - Jane Doe
	// Accident Date "2026-01-12"
	// Referral Source is Existing Client: true
}

func ExampleMattersService_SetStageByName() {
	client, srv := mattersDemo()
	defer srv.Close()

	// The stage is looked up by name within the matter's practice area.
	m, err := client.Matters.SetStageByName(context.Background(), srv.Demo().JaneDoeMatterID, "", "negotiation")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.PracticeArea.Name, "->", m.MatterStage.Name)
	// Output:
	// Personal Injury -> Negotiation
}

func ExampleCustomFieldsService_SetMatterValues() {
	client, srv := mattersDemo()
	defer srv.Close()

	// An existing value is updated through its composite id, a missing one
	// is added, and nil clears one.
	m, err := client.CustomFields.SetMatterValues(context.Background(), srv.Demo().JaneDoeMatterID, "", map[string]any{
		"Accident Location": "I-5 southbound near Exit 165, Seattle, WA",
		"Referral Source":   nil,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range m.CustomFieldValues {
		fmt.Println(v.FieldName, string(v.Value))
	}
	// Output:
	// Accident Date "2025-11-03"
	// Accident Location "I-5 southbound near Exit 165, Seattle, WA"
}

func ExampleContactsService_FindByEmail() {
	client, srv := mattersDemo()
	defer srv.Close()

	// Clio's query is a wildcard; FindByEmail keeps exact matches only.
	contacts, err := client.Contacts.FindByEmail(context.Background(), "Jane.Doe@example.com")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range contacts {
		fmt.Println(c.Name, c.PrimaryEmailAddress)
	}
	// Output:
	// Jane Doe jane.doe@example.com
}
