package clio_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Upload a file to a matter in Clio's three steps, then stream it back.
// The example runs against cliotest, the SDK's in-process fake of Clio.
func ExampleDocumentsService_Upload() {
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

	letter := "Dear Ms Doe, thank you for choosing Sterling & Vance.\n"
	doc, err := client.Documents.Upload(ctx, clio.DocumentUpload{
		Name:        "Engagement Letter.txt",
		Parent:      clio.DocumentParent{ID: srv.Demo().JaneDoeMatterID, Type: clio.DocumentParentMatter},
		Content:     strings.NewReader(letter), // any io.Reader; it is streamed, not buffered
		Size:        int64(len(letter)),
		ContentType: clio.String("text/plain"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("uploaded:", doc.Name, "fully uploaded:", doc.LatestDocumentVersion.FullyUploaded)

	body, info, err := client.Documents.Download(ctx, doc.ID)
	if err != nil {
		log.Fatal(err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("downloaded %d bytes of %s: %q\n", info.ContentLength, info.ContentType, b)
	// Output:
	// uploaded: Engagement Letter.txt fully uploaded: true
	// downloaded 54 bytes of text/plain: "Dear Ms Doe, thank you for choosing Sterling & Vance.\n"
}

// List the documents filed on a matter.
func ExampleDocumentsService_List() {
	srv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}

	docs := client.Documents.List(clio.DocumentListParams{
		MatterID: srv.Demo().JaneDoeMatterID,
	}, clio.Fields("name", "content_type"))
	for d, err := range docs.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Name, d.ContentType)
	}
	// Output:
	// Police Report.pdf application/pdf
}

// Generate a document from a template and wait for Clio to finish it.
func ExampleDocumentAutomationsService_Wait() {
	srv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	demo := srv.Demo()
	a, err := client.DocumentAutomations.Create(ctx, clio.DocumentAutomationCreate{
		TemplateID: demo.RetainerTemplateID,
		MatterID:   demo.JaneDoeMatterID,
		Filename:   "Retainer - Jane Doe",
		Formats:    []clio.DocumentAutomationExportFormats{clio.DocumentAutomationExportFormatsPDF},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Against Clio keep the default 1 s first interval; the fake is quick.
	docs, err := client.DocumentAutomations.Wait(ctx, a.ID, clio.WaitOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		fmt.Println("generated:", d.Name)
	}
	// Output:
	// generated: Retainer - Jane Doe.pdf
}
