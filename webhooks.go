package clio

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// WebhooksService manages webhook subscriptions (/webhooks.json). Reach it
// through [Client.Webhooks]; receive deliveries with [NewWebhookHandler].
type WebhooksService struct{ service }

// MaxWebhookLifetime is the longest Clio lets a webhook live: expires_at at
// most 31 days ahead. Without expires_at a webhook lives 3 days. Renew
// before it lapses; leave a margin for clock skew.
const MaxWebhookLifetime = 31 * 24 * time.Hour

// maxWebhookFields is Clio's cap on the fields string of a webhook.
const maxWebhookFields = 1000

// defaultWebhookFields is what List, Get, Update and Renew fill when no
// fields are given: url, fields, model, status, events, expires_at and
// created/updated times. It leaves out shared_secret: anyone holding the
// secret can sign deliveries a [WebhookHandler] accepts, so it is asked for
// only where the caller needs it (Create, Subscribe), and a plain read such
// as a backup of every list does not copy it. Ask for it explicitly with
// Fields("shared_secret") to read it back.
var defaultWebhookFields = Fields("url", "fields", "model", "status", "events", "expires_at",
	"created_at", "updated_at")

// createWebhookFields is what Create fills when no fields are given: the
// defaults and shared_secret, which the caller must hand to its receiver
// ([WebhookHandler.Expect]) or store. Keep it out of logs.
var createWebhookFields = Fields("url", "fields", "model", "status", "events", "expires_at",
	"created_at", "updated_at", "shared_secret")

// webhookModels maps Clio's webhook models, by name and by numeric id (1-10),
// to the spec schema whose fields catalog checks the fields string.
var webhookModels = map[WebhookModel]string{
	"matter": "Matter", "activity": "Activity", "bill": "Bill", "calendar_entry": "CalendarEntry",
	"communication": "Communication", "contact": "Contact", "task": "Task", "document": "Document",
	"folder": "Folder", "clio_payments_payment": "ClioPaymentsPayment",
}

// webhookModelIDs lists the model names by numeric id (matter=1 ... clio_payments_payment=10).
var webhookModelIDs = []WebhookModel{"matter", "activity", "bill", "calendar_entry", "communication", "contact", "task", "document", "folder", "clio_payments_payment"}

// WebhookCreate is the body of POST /webhooks.json. URL, Model and Fields
// are required and plain. Optional fields are Opt: unset is not sent, Set
// sends; Null is refused before anything is sent (Clio's spec gives these
// fields no null, and the SDK checks the expiry).
type WebhookCreate struct {
	// URL receives the deliveries; Clio accepts only https. (http to a
	// loopback host passes the local check so fakes such as cliotest work;
	// Clio itself refuses it.)
	URL string
	// Model is the record type watched (WebhookModelMatter, ...), or its
	// numeric id as a string, "1" (matter) to "10".
	Model WebhookModel
	// Events to deliver: created, updated, deleted, and for matters
	// matter_opened, matter_pended, matter_closed. Empty: Clio's default.
	Events []WebhookEvents
	// Fields are the record fields each delivery carries (and whose changes
	// fire updated); id and etag are always included. Checked against the
	// model's fields catalog when the SDK knows the model's schema, and
	// limited to 1000 characters.
	Fields FieldSet
	// ExpiresAt ends the subscription; at most MaxWebhookLifetime ahead.
	// Unset: Clio's default of 3 days.
	ExpiresAt Opt[time.Time]
}

// WebhookUpdate is the body of PATCH /webhooks/{id}.json. Every field is
// optional, and optional fields are Opt: unset is not sent, Set sends;
// Null is refused before anything is sent (Clio's spec gives these fields
// no null, and the SDK checks the URL, fields and expiry).
// Changing the URL makes Clio repeat the handshake, which a
// [WebhookHandler] accepts when the webhook's secret is in its Store or
// Secrets.
type WebhookUpdate struct {
	URL       Opt[string]
	Events    []WebhookEvents // empty: not sent
	Fields    Opt[FieldSet]   // checked for syntax and length only (the model is not known here)
	ExpiresAt Opt[time.Time]
}

// webhookBody is the wire form of both.
type webhookBody struct {
	URL       string          `json:"url,omitempty"`
	Model     WebhookModel    `json:"model,omitempty"`
	Events    []WebhookEvents `json:"events,omitempty"`
	Fields    string          `json:"fields,omitempty"`
	ExpiresAt string          `json:"expires_at,omitempty"`
}

// Create subscribes to a model's events: POST /webhooks.json
// (Webhook#create). The URL,
// fields and expiry are checked before anything is sent. Clio then makes
// the activation handshake with the URL; the webhook is pending until it
// succeeds. With no fields option the answer carries the defaults of
// [WebhooksService.Get] and shared_secret. Pass the returned SharedSecret to
// the receiver's
// [WebhookHandler.Expect] (and call [WebhooksService.Activate] when it
// reports the handshake came early), or use [WebhooksService.Subscribe],
// which does both.
func (s *WebhooksService) Create(ctx context.Context, p WebhookCreate, opts ...CallOption) (*Webhook, error) {
	model := p.Model
	if n, err := strconv.Atoi(string(model)); err == nil && n >= 1 && n <= len(webhookModelIDs) {
		model = webhookModelIDs[n-1]
	}
	resource, ok := webhookModels[model]
	if !ok {
		return nil, argError("Model", "webhook model %q is not one Clio supports", string(p.Model))
	}
	body := webhookBody{Model: p.Model, Events: p.Events}
	var err error
	if body.URL, err = checkWebhookURL(p.URL); err != nil {
		return nil, err
	}
	if body.Fields, err = webhookFields(p.Fields, resource); err != nil {
		return nil, err
	}
	if body.ExpiresAt, err = webhookExpiryOpt(p.ExpiresAt, time.Now()); err != nil {
		return nil, err
	}
	return opDo[Webhook](ctx, s.service, http.MethodPost, "webhooks.json", "Webhook", createWebhookFields, nil, body, opts)
}

// Subscribe creates a webhook that delivers to receiver and makes receiver
// accept its handshake: it is the safe way to get an active webhook.
// It calls Create (Webhook#create; fields are widened with shared_secret and status, which
// it needs), registers the returned shared secret with
// [WebhookHandler.Expect] (adding it to the receiver's Store, so
// deliveries verify), and, when Clio's handshake arrived before Create
// returned and was refused for that reason, confirms the webhook with
// [WebhooksService.Activate]. The returned webhook is enabled, or pending
// until its handshake arrives, which receiver then accepts.
//
// p.URL must reach receiver. A receiver configured with Secrets instead of
// a Store accepts the handshake, but its deliveries verify only once the
// returned SharedSecret is saved where Secrets reads it.
func (s *WebhooksService) Subscribe(ctx context.Context, receiver *WebhookHandler, p WebhookCreate, opts ...CallOption) (*Webhook, error) {
	if receiver == nil {
		return nil, argError("receiver", "is nil; pass the WebhookHandler that p.URL reaches")
	}
	if fields := newCallConfig(opts).fields; !fields.IsZero() {
		// Subscribe needs these two whatever else the caller asks for; the
		// last FieldSet among the options wins.
		entries := fields.Entries()
		for _, f := range []Field{"shared_secret", "status"} {
			if !slices.Contains(entries, f) {
				entries = append(entries, f)
			}
		}
		opts = append(slices.Clone(opts), Fields(entries...))
	}
	hook, err := s.Create(ctx, p, opts...)
	if err != nil {
		return nil, err
	}
	if hook.SharedSecret == "" {
		return hook, fmt.Errorf("clio: webhook %d was created without a shared_secret in the response; it stays pending", hook.ID)
	}
	if receiver.Expect(hook.SharedSecret) && hook.Status != WebhookStatusEnabled {
		if err := s.Activate(ctx, hook.ID, hook.SharedSecret); err != nil {
			return hook, fmt.Errorf("clio: activating webhook %d: %w", hook.ID, err)
		}
		hook.Status = WebhookStatusEnabled
	}
	return hook, nil
}

// WebhookListParams filters GET /webhooks.json.
type WebhookListParams struct {
	IDs          []int64
	CreatedSince time.Time
	UpdatedSince time.Time
	Limit        int
}

// List pages through the app's webhooks: GET /webhooks.json
// (Webhook#index).
func (s *WebhooksService) List(params WebhookListParams, opts ...CallOption) *WebhookPager {
	q := url.Values{}
	qSetIDs(q, "ids[]", params.IDs)
	qSetTime(q, "created_since", params.CreatedSince)
	qSetTime(q, "updated_since", params.UpdatedSince)
	qSetLimit(q, params.Limit)
	return (*WebhookPager)(opList[Webhook](s.service, "webhooks.json", "Webhook", defaultWebhookFields, listShapeOf("webhooks.json"), q, nil, opts))
}

// Get fetches a webhook: GET /webhooks/{id}.json (Webhook#show). With zero
// fields it fills url, fields, model, status, events, expires_at, created_at and
// updated_at; List, Update and Renew fill the same by default. The signing
// key, shared_secret, comes only when asked for
// (Fields("shared_secret")): keep it out of logs and backups.
func (s *WebhooksService) Get(ctx context.Context, id int64, opts ...CallOption) (*Webhook, error) {
	return opDo[Webhook](ctx, s.service, http.MethodGet, idPath("webhooks", id), "Webhook", defaultWebhookFields, nil, nil, opts)
}

// Update changes a webhook: PATCH /webhooks/{id}.json (Webhook#update)
// with If-Match: etag (fetched first when etag is empty). A stale etag
// returns [ErrPreconditionFailed].
func (s *WebhooksService) Update(ctx context.Context, id int64, etag string, p WebhookUpdate, opts ...CallOption) (*Webhook, error) {
	body := webhookBody{Events: p.Events}
	var err error
	if p.URL.IsNull() {
		return nil, argError("URL", "cannot be null; leave it unset to keep the URL")
	}
	if u, ok := p.URL.Get(); ok {
		if body.URL, err = checkWebhookURL(u); err != nil {
			return nil, err
		}
	}
	if p.Fields.IsNull() {
		return nil, argError("Fields", "cannot be null; leave it unset to keep the fields")
	}
	if fs, ok := p.Fields.Get(); ok {
		if fs.IsZero() {
			return nil, argError("Fields", "is set but empty; leave it unset to keep the fields")
		}
		if body.Fields, err = webhookFields(fs, ""); err != nil {
			return nil, err
		}
	}
	if body.ExpiresAt, err = webhookExpiryOpt(p.ExpiresAt, time.Now()); err != nil {
		return nil, err
	}
	return opUpdate[Webhook](ctx, s.service, idPath("webhooks", id), "Webhook", defaultWebhookFields, etag, body, opts)
}

// Renew pushes a webhook's expiry to d from now: PATCH /webhooks/{id}.json
// (Webhook#update)
// with expires_at, and If-Match: etag (fetched first when empty). d must be
// positive and at most [MaxWebhookLifetime].
func (s *WebhooksService) Renew(ctx context.Context, id int64, etag string, d time.Duration) (*Webhook, error) {
	if d <= 0 || d > MaxWebhookLifetime {
		return nil, argError("lifetime", "a renewal of %s: want more than 0 and at most %s", d, MaxWebhookLifetime)
	}
	return s.Update(ctx, id, etag, WebhookUpdate{ExpiresAt: Set(time.Now().Add(d))})
}

// Delete removes a webhook: DELETE /webhooks/{id}.json (Webhook#destroy).
func (s *WebhooksService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	return opDelete(ctx, s.service, idPath("webhooks", id), opts)
}

// Activate confirms a webhook after the handshake was not echoed: PUT
// /webhooks/{id}/activate with the X-Hook-Secret header Clio sent in the
// handshake. Clio's Webhooks guide documents this path, but the OpenAPI
// spec's paths do not list it (and it has no .json suffix there).
func (s *WebhooksService) Activate(ctx context.Context, id int64, secret string) error {
	if secret == "" {
		return argError("secret", "is empty; pass the webhook's shared_secret (the X-Hook-Secret of its handshake)")
	}
	resp, err := s.c.send(ctx, &request{method: http.MethodPut, path: "webhooks/" + strconv.FormatInt(id, 10) + "/activate",
		header: http.Header{"X-Hook-Secret": {secret}}})
	if err != nil {
		return err
	}
	drain(resp.Body)
	return resp.Body.Close()
}

// checkWebhookURL accepts https URLs, and http on the hosts the client's
// own base URL may use plain http for (loopback, .localhost, .test: fakes).
// The URL is not echoed in errors: its query may carry a token.
func checkWebhookURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", argError("URL", "the webhook URL is not an absolute URL")
	}
	if u.Scheme == "https" || (u.Scheme == "http" && localHost(u.Hostname())) {
		return raw, nil
	}
	return "", argError("URL", "the webhook URL must use https, not %q", u.Scheme)
}

// webhookFields renders a webhook's fields string, checking it against the
// resource's catalog when there is one, and its length.
func webhookFields(fs FieldSet, resource string) (string, error) {
	var out string
	if _, known := fieldCatalog[resource]; known {
		var err error
		if out, err = fs.query(resource); err != nil {
			return "", err
		}
	} else {
		out = fs.String()
		if _, err := ParseFields(out); err != nil {
			return "", err
		}
	}
	if len(out) > maxWebhookFields {
		return "", argError("Fields", "the webhook's fields are %d characters; Clio allows %d", len(out), maxWebhookFields)
	}
	return out, nil
}

// webhookExpiryOpt renders an optional expires_at: "" (not sent) when
// unset, an error for Null, else as webhookExpiry (a zero time is refused
// as not in the future).
func webhookExpiryOpt(o Opt[time.Time], now time.Time) (string, error) {
	if o.IsNull() {
		return "", argError("ExpiresAt", "cannot be null; leave it unset for Clio's default")
	}
	t, ok := o.Get()
	if !ok {
		return "", nil
	}
	if t.IsZero() {
		return "", argError("ExpiresAt", "is set to the zero time; leave it unset for Clio's default")
	}
	return webhookExpiry(t, now)
}

// webhookExpiry renders expires_at (to the second, rounded down), checking
// that it lies in the future and within MaxWebhookLifetime of now.
func webhookExpiry(t, now time.Time) (string, error) {
	if t.IsZero() {
		return "", nil
	}
	t = t.Truncate(time.Second)
	if !t.After(now) || t.After(now.Add(MaxWebhookLifetime)) {
		return "", argError("ExpiresAt", "%s must be in the future and at most 31 days ahead", t.Format(time.RFC3339))
	}
	return t.UTC().Format(time.RFC3339), nil
}
