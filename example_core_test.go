package clio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Build a client from options. Against real Clio, WithRegion and
// WithTokenSource are all it needs; here the options point it at the
// in-process fake.
func ExampleNewClient() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	client, err := clio.NewClient(
		clio.WithBaseURL(srv.BaseURL()),
		clio.WithAccessToken(srv.IssueToken().AccessToken),
		clio.WithHTTPClient(srv.HTTPClient()),
		clio.WithUserAgent("acme-intake/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.WhoAmI(context.Background(), clio.Fields("name"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("connected as", me.Name)
	// Output:
	// connected as Maya Patel
}

// A field Clio does not have is refused before anything is sent.
func ExampleFieldSet_Validate() {
	fields, err := clio.ParseFields("display_number,client{id,nickname}")
	if err != nil {
		log.Fatal(err)
	}
	err = fields.Validate("Matter")
	var fe *clio.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Resource, fe.Field)
	}
	fmt.Println(err)
	// Output:
	// Matter client{id,nickname}
	// clio: invalid field "client{id,nickname}" for Matter: "client" has no field "nickname"
}

// Save the cursor after a page and resume from it later, in another run.
func ExamplePager_Resume() {
	srv, err := cliotest.Start(cliotest.InMemory(), cliotest.WithoutDemoData())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.AddMatters(5)
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	params := clio.MatterListParams{Limit: 2}

	first := client.Matters.List(params)
	page, err := first.NextPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first run:", len(page), "matters")
	cursor := first.Cursor() // store it with the export's progress

	for m, err := range client.Matters.List(params).Resume(cursor).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("resumed:", m.DisplayNumber)
	}
	// Output:
	// first run: 2 matters
	// resumed: 00003-Bulk Client
	// resumed: 00004-Bulk Client
	// resumed: 00005-Bulk Client
}

// List reaches any list endpoint; with json.RawMessage the records come as
// Clio sent them.
func ExampleList() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	areas := clio.List[json.RawMessage](client, "practice_areas.json", "PracticeArea", nil, clio.Fields("name"))
	for raw, err := range areas.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		var area map[string]any
		if err := json.Unmarshal(raw, &area); err != nil {
			log.Fatal(err)
		}
		fmt.Println(area["name"], len(area), "keys")
	}
	// Output:
	// Personal Injury 3 keys
	// Family 3 keys
}

// Find a document template by file name.
func ExampleDocumentTemplatesService_List() {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	for tmpl, err := range client.DocumentTemplates.List(clio.DocumentTemplateListParams{}).All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tmpl.Filename, tmpl.ContentType)
	}
	// Output:
	// Retainer Agreement.docx application/vnd.openxmlformats-officedocument.wordprocessingml.document
}
