package clio

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	webhooksURL            = testBaseURL + "/webhooks.json"
	defaultWebhookFieldStr = "id,etag,url,fields,model,status,events,expires_at,created_at,updated_at"
	createWebhookFieldStr  = defaultWebhookFieldStr + ",shared_secret"
)

func TestWebhooksCreateMatchesClioExample(t *testing.T) {
	c, mt := newTestClient(t)
	var q url.Values
	mt.RegisterResponder("POST", webhooksURL, func(req *http.Request) (*http.Response, error) {
		q = req.URL.Query()
		// Clio's own example request body, verbatim.
		assert.JSONEq(t, fixture(t, "webhooks/create_request.json"), string(readBody(t, req)))
		return jsonResponder(t, 201, "webhooks/create_response.json")(req)
	})
	w, err := c.Webhooks.Create(context.Background(), WebhookCreate{
		URL: "https://my/callback/url", Model: "activity", Events: []WebhookEvents{WebhookEventsCreated, WebhookEventsDeleted, WebhookEventsUpdated},
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {createWebhookFieldStr}}, q, "Create asks for the secret the caller must keep")
	// Decoded from the published create response.
	assert.Equal(t, int64(1234567), w.ID)
	assert.Equal(t, `"longetagstring"`, w.ETag)
	assert.Equal(t, "shared-secret", w.SharedSecret)
	assert.Equal(t, WebhookStatusPending, w.Status)
	assert.Equal(t, WebhookModelContact, w.Model)
	assert.True(t, w.ExpiresAt.Equal(time.Date(2025, 8, 17, 4, 15, 35, 0, time.UTC)), "expires_at %v", w.ExpiresAt)
}

func TestWebhooksCreateWithFieldsAndExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { // time.Now is 2000-01-01T00:00:00Z in the bubble
		c, mt := newTestClient(t)
		mt.RegisterResponder("POST", webhooksURL, func(req *http.Request) (*http.Response, error) {
			assertGoldenJSON(t, "webhooks_create.json", readBody(t, req))
			return jsonResponder(t, 201, "webhooks/show.json")(req)
		})
		w, err := c.Webhooks.Create(context.Background(), WebhookCreate{
			URL: "https://hooks.example.com/clio", Model: "matter", Events: []WebhookEvents{WebhookEventsCreated, WebhookEventsUpdated, WebhookEventsMatterClosed},
			Fields:    Fields("display_number", "status"),
			ExpiresAt: Time(time.Now().Add(30*24*time.Hour + 1500*time.Millisecond)),
		}, Fields("url", "status"))
		require.NoError(t, err)
		assert.Equal(t, WebhookStatusEnabled, w.Status)
		assert.Equal(t, "https://hooks.example.com/clio", w.URL)
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestWebhooksCreateChecksLocally(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		ok := WebhookCreate{URL: "https://hooks.example.com/clio", Model: "matter"}
		for name, tc := range map[string]struct {
			mutate func(*WebhookCreate)
			want   string
		}{
			"http URL":           {func(w *WebhookCreate) { w.URL = "http://hooks.example.com/clio" }, "must use https"},
			"relative URL":       {func(w *WebhookCreate) { w.URL = "/clio" }, "not an absolute URL"},
			"unknown model":      {func(w *WebhookCreate) { w.Model = "invoice" }, "not one Clio supports"},
			"unknown field":      {func(w *WebhookCreate) { w.Fields = Fields("colour") }, "has no field"},
			"expiry past 31d":    {func(w *WebhookCreate) { w.ExpiresAt = Time(time.Now().Add(MaxWebhookLifetime + time.Second)) }, "at most 31 days"},
			"expiry in the past": {func(w *WebhookCreate) { w.ExpiresAt = Time(time.Now().Add(-time.Hour)) }, "in the future"},
			"zero expiry":        {func(w *WebhookCreate) { w.ExpiresAt = Time(time.Time{}) }, "zero time"},
			"null expiry":        {func(w *WebhookCreate) { w.ExpiresAt = Null[time.Time]() }, "cannot be null"},
		} {
			w := ok
			tc.mutate(&w)
			_, err := c.Webhooks.Create(context.Background(), w)
			assert.ErrorContains(t, err, tc.want, name)
		}
		assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent for an invalid webhook")
	})
}

func TestWebhooksCreateAcceptsLoopbackHTTPAndModelIDs(t *testing.T) {
	c, mt := newTestClient(t)
	var bodies []string
	mt.RegisterResponder("POST", webhooksURL, func(req *http.Request) (*http.Response, error) {
		bodies = append(bodies, string(readBody(t, req)))
		return jsonResponder(t, 201, "webhooks/show.json")(req)
	})
	_, err := c.Webhooks.Create(context.Background(), WebhookCreate{URL: "http://127.0.0.1:8080/hook", Model: "1", Fields: Fields("display_number")})
	require.NoError(t, err)
	require.Len(t, bodies, 1)
	assert.JSONEq(t, `{"data":{"url":"http://127.0.0.1:8080/hook","model":"1","fields":"id,etag,display_number"}}`, bodies[0],
		"numeric model ids are sent as given and checked against the matter catalog")
}

func TestWebhooksListGetDelete(t *testing.T) {
	c, mt := newTestClient(t)
	var listQ, getQ url.Values
	mt.RegisterResponder("GET", webhooksURL, func(req *http.Request) (*http.Response, error) {
		listQ = req.URL.Query()
		return jsonResponder(t, 200, "webhooks/list.json")(req)
	})
	mt.RegisterResponder("GET", testBaseURL+"/webhooks/1234567.json", func(req *http.Request) (*http.Response, error) {
		getQ = req.URL.Query()
		return jsonResponder(t, 200, "webhooks/show.json")(req)
	})
	mt.RegisterResponder("DELETE", testBaseURL+"/webhooks/1234567.json", httpmock.NewStringResponder(204, ""))

	var hooks []Webhook
	for w, err := range c.Webhooks.List(WebhookListParams{IDs: []int64{1234567, 1234568}, Limit: 10}).All(context.Background()) {
		require.NoError(t, err)
		hooks = append(hooks, w)
	}
	assert.Equal(t, url.Values{"ids[]": {"1234567", "1234568"}, "limit": {"10"}, "order": {"id(asc)"}, "fields": {defaultWebhookFieldStr}}, listQ)
	require.Len(t, hooks, 2)
	assert.Equal(t, WebhookModelContact, hooks[1].Model)
	assert.Equal(t, WebhookStatusPending, hooks[1].Status)

	w, err := c.Webhooks.Get(context.Background(), 1234567)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {defaultWebhookFieldStr}}, getQ)
	assert.Equal(t, "id,etag,display_number,status", w.Fields)
	assert.Equal(t, "whsec-synthetic-0001", w.SharedSecret)
	assert.Len(t, w.Events, 2)

	require.NoError(t, c.Webhooks.Delete(context.Background(), 1234567))
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

// The shared secret signs deliveries: only Create and Subscribe, whose
// callers must hand it to their receiver, ask for it by default. A plain
// read (a backup walking every list, a record logged) does not copy it.
func TestWebhookSecretOnlyWhereNeeded(t *testing.T) {
	c, mt := newTestClient(t)
	asked := map[string]string{} // call -> fields sent
	record := func(call, fixtureName string, status int) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			if f := req.URL.Query().Get("fields"); f != "id,etag" { // Update's etag lookup aside
				asked[call] = f
			}
			return jsonResponder(t, status, fixtureName)(req)
		}
	}
	mt.RegisterResponder("GET", webhooksURL, record("List", "webhooks/list.json", 200))
	mt.RegisterResponder("GET", testBaseURL+"/webhooks/1234567.json", record("Get", "webhooks/show.json", 200))
	mt.RegisterResponder("PATCH", testBaseURL+"/webhooks/1234567.json", record("Update", "webhooks/show.json", 200))
	mt.RegisterResponder("POST", webhooksURL, record("Create", "webhooks/create_response.json", 201))
	ctx := context.Background()

	for _, err := range c.Webhooks.List(WebhookListParams{}).All(ctx) {
		require.NoError(t, err)
	}
	_, err := c.Webhooks.Get(ctx, 1234567)
	require.NoError(t, err)
	_, err = c.Webhooks.Update(ctx, 1234567, `"e"`, WebhookUpdate{Events: []WebhookEvents{WebhookEventsCreated}})
	require.NoError(t, err)
	for call := range map[string]bool{"List": true, "Get": true, "Update": true} {
		assert.NotContains(t, asked[call], "shared_secret", call)
	}
	assert.NotContains(t, DefaultFields("Webhook").String(), "shared_secret", "what clio.List and the export ask for")

	hook, err := c.Webhooks.Create(ctx, WebhookCreate{URL: "https://hooks.example.com/clio", Model: "contact"})
	require.NoError(t, err)
	assert.Contains(t, asked["Create"], "shared_secret")
	assert.Equal(t, "shared-secret", hook.SharedSecret)

	// Reading the secret back stays possible, by name.
	_, err = c.Webhooks.Get(ctx, 1234567, Fields("shared_secret"))
	require.NoError(t, err)
	assert.Equal(t, "id,etag,shared_secret", asked["Get"])
}

func TestWebhooksUpdate(t *testing.T) {
	c, mt := newTestClient(t)
	var ifMatch []string
	var getQ url.Values
	mt.RegisterResponder("GET", testBaseURL+"/webhooks/1234567.json", func(req *http.Request) (*http.Response, error) {
		getQ = req.URL.Query()
		return jsonResponder(t, 200, "webhooks/show.json")(req)
	})
	mt.RegisterResponder("PATCH", testBaseURL+"/webhooks/1234567.json", func(req *http.Request) (*http.Response, error) {
		ifMatch = append(ifMatch, req.Header.Get("If-Match"))
		assertGoldenJSON(t, "webhooks_update.json", readBody(t, req))
		return jsonResponder(t, 200, "webhooks/show.json")(req)
	})
	up := WebhookUpdate{URL: String("https://hooks.example.com/clio/v2"), Events: []WebhookEvents{WebhookEventsCreated}, Fields: Set(Fields("display_number"))}
	_, err := c.Webhooks.Update(context.Background(), 1234567, `"abc"`, up)
	require.NoError(t, err)
	// No etag: the current one is fetched first, so the write stays conditional.
	_, err = c.Webhooks.Update(context.Background(), 1234567, "", up)
	require.NoError(t, err)
	assert.Equal(t, []string{`"abc"`, `"5d6c7b8a9f0e1d2c3b4a59687766554a"`}, ifMatch)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, getQ)

	_, err = c.Webhooks.Update(context.Background(), 1234567, `"abc"`, WebhookUpdate{URL: String("ftp://x")})
	assert.ErrorContains(t, err, "https")
	for _, bad := range []WebhookUpdate{{URL: Null[string]()}, {Fields: Null[FieldSet]()}, {Fields: Set(FieldSet{})}, {ExpiresAt: Null[time.Time]()}} {
		_, err = c.Webhooks.Update(context.Background(), 1234567, `"abc"`, bad)
		assert.ErrorIs(t, err, ErrInvalidArgument, "%+v", bad)
	}
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestWebhooksRenew(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		var ifMatch string
		mt.RegisterResponder("PATCH", testBaseURL+"/webhooks/1234567.json", func(req *http.Request) (*http.Response, error) {
			ifMatch = req.Header.Get("If-Match")
			assertGoldenJSON(t, "webhooks_renew.json", readBody(t, req))
			return jsonResponder(t, 200, "webhooks/renew_response.json")(req)
		})
		w, err := c.Webhooks.Renew(context.Background(), 1234567, `"5d6c"`, 30*24*time.Hour)
		require.NoError(t, err)
		assert.Equal(t, `"5d6c"`, ifMatch)
		assert.Equal(t, time.Date(2000, 1, 31, 0, 0, 0, 0, time.UTC), w.ExpiresAt.UTC())

		for _, d := range []time.Duration{0, -time.Hour, MaxWebhookLifetime + time.Minute} {
			_, err := c.Webhooks.Renew(context.Background(), 1234567, `"5d6c"`, d)
			assert.Error(t, err, d)
		}
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

func TestWebhooksActivate(t *testing.T) {
	c, mt := newTestClient(t)
	var got *http.Request
	var body []byte
	mt.RegisterResponder("PUT", testBaseURL+"/webhooks/1234567/activate", func(req *http.Request) (*http.Response, error) {
		got, body = req, readBody(t, req)
		return httpmock.NewStringResponse(204, ""), nil
	})
	require.NoError(t, c.Webhooks.Activate(context.Background(), 1234567, "hook-secret-1"))
	require.NotNil(t, got)
	assert.Equal(t, "hook-secret-1", got.Header.Get("X-Hook-Secret"))
	assert.Equal(t, "Bearer "+testToken, got.Header.Get("Authorization"))
	assert.Empty(t, got.URL.RawQuery)
	assert.Empty(t, body)

	assert.ErrorIs(t, c.Webhooks.Activate(context.Background(), 1234567, ""), ErrInvalidArgument)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestWebhookFieldsLength(t *testing.T) {
	// 1000 characters pass, 1001 do not.
	name := strings.Repeat("a", 1000-len("id,etag,"))
	s, err := webhookFields(Fields(Field(name)), "")
	require.NoError(t, err)
	assert.Len(t, s, 1000)
	_, err = webhookFields(Fields(Field(name+"a")), "")
	assert.Error(t, err)
}

// subscribeTest is a receiver and a client whose POST /webhooks.json
// answers with the published create response (webhook 1234567, secret
// "shared-secret", pending).
type subscribeTest struct {
	*hookTest
	c          *Client
	mt         *httpmock.MockTransport
	query      url.Values
	activates  []string // X-Hook-Secret of each PUT .../activate
	handshakes []int    // the receiver's answers to handshakes sent during Create
}

// newSubscribeTest builds it; with early, Clio's handshake reaches the
// receiver while Create is in flight, before the secret is known.
func newSubscribeTest(t *testing.T, early bool) *subscribeTest {
	st := &subscribeTest{hookTest: newHookTest(t, WebhookHandlerConfig{Store: NewWebhookSecrets()})}
	st.c, st.mt = newTestClient(t)
	st.mt.RegisterResponder("POST", webhooksURL, func(req *http.Request) (*http.Response, error) {
		st.query = req.URL.Query()
		if early {
			st.handshakes = append(st.handshakes, st.handshake(1234567, "shared-secret").Code)
		}
		return jsonResponder(t, 201, "webhooks/create_response.json")(req)
	})
	st.mt.RegisterResponder("PUT", testBaseURL+"/webhooks/1234567/activate", func(req *http.Request) (*http.Response, error) {
		st.activates = append(st.activates, req.Header.Get("X-Hook-Secret"))
		return httpmock.NewStringResponse(204, ""), nil
	})
	return st
}

func (st *subscribeTest) subscribe(fields FieldSet) (*Webhook, error) {
	return st.c.Webhooks.Subscribe(context.Background(), st.h, WebhookCreate{
		URL: "https://hooks.example.com/clio", Model: "contact", Events: []WebhookEvents{WebhookEventsCreated},
	}, fields)
}

// deliver posts a delivery signed with secret and returns the answer.
func (st *subscribeTest) deliver(t *testing.T, secret string) int {
	body := []byte(fixture(t, "webhooks/delivery_created.json"))
	return st.post(body, map[string]string{"X-Hook-Signature": SignWebhookPayload(body, secret)}).Code
}

// The legitimate flow when the handshake comes before Create returns (as
// cliotest does it): refused then, confirmed with Activate, and deliveries
// signed with the secret reach OnEvent.
func TestWebhooksSubscribeEarlyHandshake(t *testing.T) {
	st := newSubscribeTest(t, true)
	hook, err := st.subscribe(FieldSet{})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {createWebhookFieldStr}}, st.query)
	assert.Equal(t, []int{http.StatusForbidden}, st.handshakes, "the secret was not known yet")
	assert.Equal(t, []string{"shared-secret"}, st.activates)
	assert.Equal(t, WebhookStatusEnabled, hook.Status)
	assert.Equal(t, []string{"shared-secret"}, st.store.List())

	assert.Equal(t, http.StatusOK, st.deliver(t, "shared-secret"))
	assert.Equal(t, http.StatusUnauthorized, st.deliver(t, "attacker-secret"))
	require.Len(t, st.events, 1)
	assert.Equal(t, int64(1234), st.events[0].WebhookID)
}

// The legitimate flow when the handshake comes after Create returns: it is
// echoed, and nothing is activated by hand.
func TestWebhooksSubscribeLateHandshake(t *testing.T) {
	st := newSubscribeTest(t, false)
	hook, err := st.subscribe(Fields("url"))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {"id,etag,url,shared_secret,status"}}, st.query, "the fields Subscribe needs are added")
	assert.Equal(t, WebhookStatusPending, hook.Status)
	assert.Empty(t, st.activates)

	rec := st.handshake(1234567, "shared-secret")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "shared-secret", rec.Header().Get("X-Hook-Secret"))
	assert.Equal(t, http.StatusForbidden, st.handshake(1234567, "attacker-secret").Code)
	assert.Equal(t, http.StatusOK, st.deliver(t, "shared-secret"))
	assert.Len(t, st.events, 1)
	assert.Equal(t, []string{"shared-secret"}, st.store.List())
}

func TestWebhooksSubscribeErrors(t *testing.T) {
	c, mt := newTestClient(t)
	_, err := c.Webhooks.Subscribe(context.Background(), nil, WebhookCreate{URL: "https://hooks.example.com/clio", Model: "matter"})
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is created without a receiver")

	// A create response without the secret cannot be expected.
	st := newSubscribeTest(t, false)
	st.mt.RegisterResponder("POST", webhooksURL, httpmock.NewStringResponder(201, `{"data":{"id":9,"etag":"\"e\"","status":"pending"}}`))
	hook, err := st.subscribe(FieldSet{})
	require.Error(t, err)
	assert.Equal(t, int64(9), hook.ID, "the created webhook is returned, to delete it")
	assert.Empty(t, st.store.List())

	// Activation failing is reported with the webhook.
	st = newSubscribeTest(t, true)
	st.mt.RegisterResponder("PUT", testBaseURL+"/webhooks/1234567/activate", httpmock.NewStringResponder(422, `{"error":{"type":"ValidationError","message":"no"}}`))
	hook, err = st.subscribe(FieldSet{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "shared-secret")
	assert.Equal(t, WebhookStatusPending, hook.Status)
}
