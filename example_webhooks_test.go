package clio_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// Receive Clio webhooks: answer the handshake, verify signatures, handle
// events. The example plays Clio's part with httptest and
// SignWebhookPayload.
func ExampleNewWebhookHandler() {
	secrets := clio.NewWebhookSecrets()
	handler, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Store: secrets,
		OnHandshake: func(ctx context.Context, secret string, webhookID int64) (bool, error) {
			// Accept only handshakes you expect, e.g. for a webhook you just
			// created whose shared_secret matches.
			return true, nil
		},
		OnEvent: func(ctx context.Context, ev clio.WebhookEvent) error {
			rec, err := clio.DecodeWebhookData[struct {
				ID int64 `json:"id"`
			}](ev)
			if err != nil {
				return err
			}
			fmt.Printf("webhook %d: record %d %s\n", ev.WebhookID, rec.ID, ev.Event)
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	defer srv.Close()

	post := func(body string, header, value string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set(header, value)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	// 1. Clio's handshake: the secret is echoed, which activates the webhook.
	resp := post(`{"webhook_id":1234}`, clio.HeaderHookSecret, "s3cr3t")
	fmt.Println("handshake:", resp.StatusCode, "echoed:", resp.Header.Get(clio.HeaderHookSecret) == "s3cr3t")

	// 2. A signed delivery.
	event := `{"data":{"id":152,"etag":"\"9a10\""},"meta":{"event":"created","webhook_id":1234}}`
	resp = post(event, clio.HeaderHookSignature, clio.SignWebhookPayload([]byte(event), "s3cr3t"))
	fmt.Println("signed delivery:", resp.StatusCode)

	// 3. A forged one.
	resp = post(event, clio.HeaderHookSignature, clio.SignWebhookPayload([]byte(event), "guess"))
	fmt.Println("forged delivery:", resp.StatusCode)
	// Output:
	// handshake: 200 echoed: true
	// webhook 1234: record 152 created
	// signed delivery: 200
	// forged delivery: 401
}

// Verify a signature yourself, e.g. in a framework with its own routing.
func ExampleVerifySignature() {
	body := []byte(`{"data":{"id":152},"meta":{"event":"deleted","webhook_id":1234}}`)
	sig := clio.SignWebhookPayload(body, "new-secret")

	// While rotating, accept the old and the new secret.
	fmt.Println(clio.VerifySignature(body, sig, "old-secret", "new-secret"))
	fmt.Println(clio.VerifySignature(body, sig, "old-secret"))
	fmt.Println(clio.VerifySignature(body, ""))
	// Output:
	// <nil>
	// clio: webhook signature matches no secret
	// clio: webhook delivery has no X-Hook-Signature
}

// Subscribe to matter events; the receiver answers Clio's handshake, which
// enables the webhook. Runs against cliotest, which accepts an http
// loopback URL where Clio requires https.
func ExampleWebhooksService_Create() {
	clioSrv, err := cliotest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer clioSrv.Close()
	client, err := clioSrv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	secrets := clio.NewWebhookSecrets()
	handler, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Store:       secrets,
		OnHandshake: func(context.Context, string, int64) (bool, error) { return true, nil },
		OnEvent:     func(context.Context, clio.WebhookEvent) error { return nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(handler)
	defer receiver.Close()

	hook, err := client.Webhooks.Create(ctx, clio.WebhookCreate{
		URL:    receiver.URL,
		Model:  clio.WebhookModelMatter,
		Events: []clio.WebhookEvents{clio.WebhookEventsCreated, clio.WebhookEventsUpdated},
		Fields: clio.Fields("display_number", "status"),
	}, clio.FieldSet{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", hook.Status, hook.Fields)

	hook, err = client.Webhooks.Get(ctx, hook.ID, clio.Fields("status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after the handshake:", hook.Status, "secrets held:", len(secrets.List()))
	// Output:
	// created: pending id,etag,display_number,status
	// after the handshake: enabled secrets held: 1
}
