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

// Receive Clio webhooks: accept the handshake of a webhook you created,
// verify signatures, handle events. The example plays Clio's part (and an
// attacker's) with httptest and SignWebhookPayload; against Clio, use
// WebhooksService.Subscribe, which creates the webhook and calls Expect.
func ExampleNewWebhookHandler() {
	handler, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Store: clio.NewWebhookSecrets(),
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

	// 1. Webhooks.Create returned webhook 1234 with shared_secret "s3cr3t":
	// expect its handshake.
	handler.Expect("s3cr3t")

	// 2. Clio's handshake: the secret is echoed, which activates the webhook.
	resp := post(`{"webhook_id":1234}`, clio.HeaderHookSecret, "s3cr3t")
	fmt.Println("handshake:", resp.StatusCode, "echoed:", resp.Header.Get(clio.HeaderHookSecret) == "s3cr3t")

	// 3. A stranger's handshake naming the same webhook is refused.
	resp = post(`{"webhook_id":1234}`, clio.HeaderHookSecret, "guess")
	fmt.Println("stranger's handshake:", resp.StatusCode)

	// 4. A signed delivery.
	event := `{"data":{"id":152,"etag":"\"9a10\""},"meta":{"event":"created","webhook_id":1234}}`
	resp = post(event, clio.HeaderHookSignature, clio.SignWebhookPayload([]byte(event), "s3cr3t"))
	fmt.Println("signed delivery:", resp.StatusCode)

	// 5. A forged one.
	resp = post(event, clio.HeaderHookSignature, clio.SignWebhookPayload([]byte(event), "guess"))
	fmt.Println("forged delivery:", resp.StatusCode)
	// Output:
	// handshake: 200 echoed: true
	// stranger's handshake: 403
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

// Subscribe to matter events: Subscribe creates the webhook and has the
// receiver accept its handshake, which enables it. Runs against cliotest,
// which accepts an http loopback URL where Clio requires https.
func ExampleWebhooksService_Subscribe() {
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
		Store:   secrets,
		OnEvent: func(context.Context, clio.WebhookEvent) error { return nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(handler)
	defer receiver.Close()

	hook, err := client.Webhooks.Subscribe(ctx, handler, clio.WebhookCreate{
		URL:    receiver.URL,
		Model:  clio.WebhookModelMatter,
		Events: []clio.WebhookEvents{clio.WebhookEventsCreated, clio.WebhookEventsUpdated},
		Fields: clio.Fields("display_number", "status"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("subscribed:", hook.Status, hook.Fields, "secrets held:", len(secrets.List()))

	hook, err = client.Webhooks.Get(ctx, hook.ID, clio.Fields("status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("at Clio:", hook.Status)
	// Output:
	// subscribed: enabled id,etag,display_number,status secrets held: 1
	// at Clio: enabled
}

// Create a webhook yourself and tell the receiver to expect it, e.g. when
// the receiver reads its secrets from a database (WebhookHandlerConfig
// Secrets). Clio may send the handshake before Create returns (cliotest
// does); it is refused then, and Expect reports it so Activate confirms the
// webhook.
func ExampleWebhookHandler_Expect() {
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

	db := clio.NewWebhookSecrets() // stands in for a database table of shared secrets
	handler, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Secrets: func(context.Context) ([]string, error) { return db.List(), nil },
		OnEvent: func(context.Context, clio.WebhookEvent) error { return nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(handler)
	defer receiver.Close()

	hook, err := client.Webhooks.Create(ctx, clio.WebhookCreate{
		URL: receiver.URL, Model: clio.WebhookModelContact, Fields: clio.Fields("name"),
	}, clio.Fields("status", "shared_secret"))
	if err != nil {
		log.Fatal(err)
	}
	db.Add(hook.SharedSecret)
	if handler.Expect(hook.SharedSecret) {
		fmt.Println("the handshake came before Create returned; activating")
		if err := client.Webhooks.Activate(ctx, hook.ID, hook.SharedSecret); err != nil {
			log.Fatal(err)
		}
	}
	hook, err = client.Webhooks.Get(ctx, hook.ID, clio.Fields("status"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("at Clio:", hook.Status)
	// Output:
	// the handshake came before Create returned; activating
	// at Clio: enabled
}
