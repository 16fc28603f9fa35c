package cliotest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is a webhook endpoint that records what it gets.
type receiver struct {
	mu        sync.Mutex
	echo      bool
	bodies    [][]byte
	sigs      []string
	handshake int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if secret := r.Header.Get("X-Hook-Secret"); secret != "" {
		rc.handshake++
		if rc.echo {
			w.Header().Set("X-Hook-Secret", secret)
		}
		return
	}
	rc.bodies = append(rc.bodies, body)
	rc.sigs = append(rc.sigs, r.Header.Get("X-Hook-Signature"))
}

func TestWebhookHandshakeAndSignedDelivery(t *testing.T) {
	w := newWire(t)
	rc := &receiver{echo: true}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)

	r := w.do("POST", "/api/v4/webhooks.json?fields=id,status,shared_secret,events,expires_at", data(map[string]any{
		"url": hook.URL + "/clio", "model": "matter", "fields": "id,etag,description,client{id,name}",
		"events": []string{"created", "updated"},
	}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	assert.Equal(t, "pending", r.data()["status"], "the create answer precedes the handshake, as on Clio")
	secret := r.data()["shared_secret"].(string)
	require.NotEmpty(t, secret)
	path := fmt.Sprintf("/api/v4/webhooks/%d.json?fields=status", num(r.data()["id"]))
	assert.Equal(t, "enabled", w.do("GET", path, nil).data()["status"])
	assert.Equal(t, 1, rc.handshake)

	d := w.srv.Demo()
	m := w.do("POST", "/api/v4/matters.json", data(map[string]any{"client": ref(d.JaneDoeID), "description": "Dog bite"}))
	require.Equal(t, http.StatusCreated, m.StatusCode)
	w.do("DELETE", fmt.Sprintf("/api/v4/matters/%d.json", num(m.data()["id"])), nil) // deleted is not subscribed

	rc.mu.Lock()
	defer rc.mu.Unlock()
	require.Len(t, rc.bodies, 1)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(rc.bodies[0])
	assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), rc.sigs[0], "lowercase hex HMAC-SHA256 of the raw body")
	var payload map[string]any
	require.NoError(t, json.Unmarshal(rc.bodies[0], &payload))
	assert.Equal(t, map[string]any{"event": "created", "webhook_id": r.data()["id"]}, payload["meta"])
	pd := payload["data"].(map[string]any)
	assert.Equal(t, "Dog bite", pd["description"])
	assert.Equal(t, map[string]any{"id": float64(d.JaneDoeID), "name": "Jane Doe"}, pd["client"])
	assert.Regexp(t, etagRe, pd["etag"])

	sent := w.srv.Deliveries()
	require.Len(t, sent, 2)
	assert.Equal(t, "handshake", sent[0].Event)
	assert.Equal(t, "created", sent[1].Event)
	assert.Equal(t, http.StatusOK, sent[1].Status)
}

func TestWebhookWithoutEchoStaysPendingUntilActivated(t *testing.T) {
	w := newWire(t)
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)
	r := w.do("POST", "/api/v4/webhooks.json?fields=id,shared_secret", data(map[string]any{"url": hook.URL, "model": "contact", "fields": "id,name"}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	id := num(r.data()["id"])
	path := fmt.Sprintf("/api/v4/webhooks/%d.json?fields=status", id)
	assert.Equal(t, "pending", w.do("GET", path, nil).data()["status"])
	w.do("POST", "/api/v4/contacts.json", data(map[string]any{"type": "Person", "first_name": "Q"}))
	assert.Empty(t, rc.bodies, "a pending webhook gets no deliveries")

	bad := w.do("PUT", fmt.Sprintf("/api/v4/webhooks/%d/activate", id), nil, "X-Hook-Secret", "wrong")
	assert.Equal(t, http.StatusUnprocessableEntity, bad.StatusCode)
	ok := w.do("PUT", fmt.Sprintf("/api/v4/webhooks/%d/activate", id), nil, "X-Hook-Secret", r.data()["shared_secret"].(string))
	assert.Equal(t, http.StatusNoContent, ok.StatusCode)
	assert.Equal(t, "enabled", w.do("GET", path, nil).data()["status"])
}

func TestWebhookURLRules(t *testing.T) {
	w := newWire(t)
	for _, u := range []string{"http://example.com/hook", "ftp://localhost/x", "not a url"} {
		r := w.do("POST", "/api/v4/webhooks.json", data(map[string]any{"url": u, "model": "matter", "fields": "id"}))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, u)
	}
	r := w.do("POST", "/api/v4/webhooks.json", data(map[string]any{"url": "https://127.0.0.1:1/hook", "model": "matter", "fields": "id,nope"}))
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "fields are validated")
	r = w.do("POST", "/api/v4/webhooks.json?fields=status", data(map[string]any{"url": "https://127.0.0.1:1/hook", "model": "matter", "fields": "id"}))
	require.Equal(t, http.StatusCreated, r.StatusCode, "https is accepted; an unreachable URL leaves it pending")
	assert.Equal(t, "pending", r.data()["status"])
	sent := w.srv.Deliveries()
	require.Len(t, sent, 1)
	assert.NotEmpty(t, sent[0].Err)
}

func TestWebhookCRUDAndSuspendOn410(t *testing.T) {
	w := newWire(t)
	var gone bool
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if s := r.Header.Get("X-Hook-Secret"); s != "" {
			rw.Header().Set("X-Hook-Secret", s)
			return
		}
		if gone {
			rw.WriteHeader(http.StatusGone)
		}
	}))
	t.Cleanup(hook.Close)
	r := w.do("POST", "/api/v4/webhooks.json?fields=id,etag,expires_at", data(map[string]any{"url": hook.URL, "model": "6", "fields": "id,name"}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	path := fmt.Sprintf("/api/v4/webhooks/%d.json", num(r.data()["id"]))
	got := w.do("GET", path+"?fields=model,status,events", nil)
	assert.Equal(t, "contact", got.data()["model"], "numeric model ids map to names")
	assert.Equal(t, []any{"created", "updated", "deleted"}, got.data()["events"], "all events by default")

	tooLate := w.do("PATCH", path, data(map[string]any{"expires_at": "2999-01-01T00:00:00Z"}))
	assert.Equal(t, http.StatusUnprocessableEntity, tooLate.StatusCode, "at most 31 days out")
	up := w.do("PATCH", path+"?fields=events", data(map[string]any{"events": []string{"deleted"}}), "If-Match", w.do("GET", path, nil).Header.Get("ETag"))
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	assert.Equal(t, []any{"deleted"}, up.data()["events"])
	assert.Len(t, w.do("GET", "/api/v4/webhooks.json", nil).list(), 1)

	gone = true
	c := w.do("POST", "/api/v4/contacts.json", data(map[string]any{"type": "Person", "first_name": "Temp"}))
	w.do("DELETE", fmt.Sprintf("/api/v4/contacts/%d.json", num(c.data()["id"])), nil)
	assert.Equal(t, "suspended", w.do("GET", path+"?fields=status", nil).data()["status"], "a 410 answer suspends the webhook")

	assert.Equal(t, http.StatusNoContent, w.do("DELETE", path, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, w.do("GET", path, nil).StatusCode)
}

func TestWebhookEventsOfResourcesServedFromTheSpec(t *testing.T) {
	w := newWire(t)
	rc := &receiver{echo: true}
	hook := httptest.NewServer(rc)
	t.Cleanup(hook.Close)
	r := w.do("POST", "/api/v4/webhooks.json?fields=id", data(map[string]any{
		"url": hook.URL, "model": "activity", "fields": "id,note,matter{id}", "events": []string{"created", "updated", "deleted"},
	}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	r = w.do("POST", "/api/v4/webhooks.json", data(map[string]any{"url": hook.URL, "model": "task", "fields": "id,colour"}))
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "fields are checked against the model's record")

	d := w.srv.Demo()
	a := w.do("POST", "/api/v4/activities.json", data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "note": "a", "matter": ref(d.JaneDoeMatterID)}))
	require.Equal(t, http.StatusCreated, a.StatusCode)
	path := fmt.Sprintf("/api/v4/activities/%d.json", num(a.data()["id"]))
	w.do("PATCH", path, data(map[string]any{"note": "b"}))
	w.do("DELETE", path, nil)
	w.do("POST", "/api/v4/tasks.json", data(map[string]any{"name": "n", "description": "d", "assignee": map[string]any{"id": d.AttorneyID, "type": "User"}}))

	var events []string
	for _, dl := range w.srv.Deliveries()[1:] {
		var p struct {
			Data map[string]any
			Meta struct{ Event string }
		}
		require.NoError(t, json.Unmarshal(dl.Body, &p))
		events = append(events, fmt.Sprintf("%s %v %v", p.Meta.Event, p.Data["note"], p.Data["matter"]))
	}
	want := fmt.Sprintf("map[id:%d]", d.JaneDoeMatterID)
	assert.Equal(t, []string{"created a " + want, "updated b " + want, "deleted b " + want}, events, "no task events: nobody subscribed")
}
