package cliotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// webhook is a subscription to one model's events.
type webhook struct {
	meta
	url, fields, model, status string
	items                      []item // fields parsed for model's schema
	secret                     string
	events                     []string
	expires                    time.Time
	userID                     int64
}

func (w *webhook) attr(s *Server, name string) (any, bool) {
	if v, ok := w.common(name); ok {
		return v, true
	}
	switch name {
	case "url":
		return w.url, true
	case "fields":
		return w.fields, true
	case "shared_secret":
		return w.secret, true
	case "model":
		return w.model, true
	case "status":
		return w.status, true
	case "events":
		return w.events, true
	case "expires_at":
		return fmtTime(w.expires), true
	case "user":
		u, _ := s.users.get(w.userID)
		return optNode(u), true
	}
	return nil, false
}

// webhookModels are Clio's model names, in the order of their numeric ids.
var webhookModels = []string{"matter", "activity", "bill", "calendar_entry", "communication", "contact", "task", "document", "folder", "clio_payments_payment"}

// webhookSchemas maps the models whose events the fake delivers to their
// schema: matters and contacts (hand-modelled), and the models served from
// the spec (generic.go emits created, updated and deleted). Calendar
// entries and documents deliver no events.
var webhookSchemas = map[string]string{"matter": "Matter", "contact": "Contact",
	"activity": "Activity", "bill": "Bill", "communication": "Communication", "task": "Task",
	"folder": "Folder", "clio_payments_payment": "ClioPaymentsPayment"}

// webhookModelOf maps a generically served schema to its webhook model:
// webhookSchemas inverted, hand-modelled schemas aside (their handlers
// deliver their own events).
var webhookModelOf = func() map[string]string {
	out := map[string]string{}
	for model, schema := range webhookSchemas {
		if !handRecords[schema] {
			out[schema] = model
		}
	}
	return out
}()

var webhookEvents = []string{"created", "updated", "deleted", "matter_opened", "matter_pended", "matter_closed"}

// Delivery is one webhook request the server sent: a handshake or an event.
type Delivery struct {
	WebhookID int64
	Event     string // "handshake" for the activation request, else created, updated, ...
	URL       string
	Body      []byte // the exact bytes sent (signed for events)
	Signature string // X-Hook-Signature sent ("" for the handshake)
	Status    int    // the receiver's answer; 0 when the request failed
	Err       string // the transport error, if any
}

// Deliveries returns a copy of the webhook requests sent so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// loopbackHTTP reports whether u is an http URL on a loopback host, which
// the fake accepts in place of Clio's https-only rule so tests can use
// httptest servers.
func loopbackHTTP(u *url.URL) bool {
	if u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// applyWebhook applies a create or update body to w (a copy); it reports
// whether the URL changed (which needs a new handshake).
func (s *Server) applyWebhook(w *webhook, b body, creating bool) (bool, error) {
	urlChanged := false
	if v, given, _ := b.str("url"); given || creating {
		u, err := url.Parse(v)
		if v == "" || err != nil || u.Host == "" || u.Scheme != "https" && !loopbackHTTP(u) {
			return false, invalid("url must be an https URL (cliotest also accepts http on loopback hosts)")
		}
		urlChanged = v != w.url
		w.url = v
	}
	if creating {
		m, _, _ := b.str("model")
		if n, err := strconv.Atoi(m); err == nil && n >= 1 && n <= len(webhookModels) {
			m = webhookModels[n-1]
		}
		if !slices.Contains(webhookModels, m) {
			return false, invalid("model must be one of %s", strings.Join(webhookModels, ", "))
		}
		w.model = m
	}
	if v, given, _ := b.str("fields"); given || creating {
		if v == "" || len(v) > 1000 {
			return false, invalid("fields is required and at most 1000 characters")
		}
		if schema, ok := webhookSchemas[w.model]; ok {
			items, ferr := parseFields(v, true, schema)
			if ferr != nil {
				return false, invalid("fields: %s is not a valid field", ferr.name)
			}
			if field, why := notComputed(schema, items); field != "" {
				return false, &notImplementedError{"fields: cliotest does not compute " + field + " (" + why + ")"}
			}
			w.items = items
		}
		w.fields = v
	}
	if evs, given, err := b.strings("events"); err != nil {
		return false, invalid("%v", err)
	} else if given && len(evs) > 0 {
		for _, e := range evs {
			if !slices.Contains(webhookEvents, e) || strings.HasPrefix(e, "matter_") && w.model != "matter" {
				return false, invalid("event %q is not valid for model %s", e, w.model)
			}
		}
		w.events = evs
	} else if creating {
		w.events = []string{"created", "updated", "deleted"}
	}
	now := s.now()
	if v, given, _ := b.str("expires_at"); given {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil || !t.After(now) || t.After(now.Add(31*24*time.Hour)) {
			return false, invalid("expires_at must be a timestamp within the next 31 days")
		}
		w.expires = t
	} else if creating {
		w.expires = now.Add(3 * 24 * time.Hour)
	}
	return urlChanged, nil
}

func (s *Server) createWebhook(c *call) {
	items, ok := c.items("Webhook")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	w := &webhook{status: "pending", userID: c.user.id, secret: randomToken(32)}
	if _, err := s.applyWebhook(w, b, true); err != nil {
		c.writeErr(err)
		return
	}
	w.meta = s.newMeta("webhook")
	s.webhooks.put(w.id, w)
	s.one(c, http.StatusCreated, w, &w.meta, items)
	id, u, secret := w.id, w.url, w.secret
	c.after = append(c.after, func() { s.handshake(id, u, secret) })
}

// handshake POSTs X-Hook-Secret to the webhook URL; a 200 echoing the
// secret enables the webhook. The body, undocumented by Clio, is
// {"webhook_id": N}.
func (s *Server) handshake(id int64, target, secret string) {
	payload := []byte(`{"webhook_id":` + strconv.FormatInt(id, 10) + `}`)
	d := Delivery{WebhookID: id, Event: "handshake", URL: target, Body: payload}
	resp, err := s.post(target, payload, map[string]string{"X-Hook-Secret": secret})
	ok := false
	if err != nil {
		d.Err = err.Error()
	} else {
		d.Status = resp.StatusCode
		ok = resp.StatusCode == http.StatusOK && resp.Header.Get("X-Hook-Secret") == secret
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, d)
	if w, found := s.webhooks.get(id); found && ok && w.url == target && w.secret == secret {
		w.status = "enabled"
		s.touch(&w.meta, "webhook")
	}
}

// post sends a webhook request and drains the answer.
func (s *Server) post(target string, payload []byte, hdr map[string]string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Clio-Webhooks (cliotest)")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := s.cfg.webhookClient.Do(req)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp, nil
}

// emit queues signed deliveries of n's events to the enabled, unexpired
// webhooks on model. The payload is rendered now (under the lock) and sent
// after the lock is released, before the API response is written.
func (s *Server) emit(c *call, model string, n node, events ...string) {
	now := s.now()
	for _, id := range s.webhooks.ids {
		w := s.webhooks.rows[id]
		if w.model != model || w.status != "enabled" || !now.Before(w.expires) {
			continue
		}
		for _, ev := range events {
			if !slices.Contains(w.events, ev) {
				continue
			}
			payload, _ := json.Marshal(map[string]any{
				"data": s.render(n, w.items),
				"meta": map[string]any{"event": ev, "webhook_id": w.id},
			})
			mac := hmac.New(sha256.New, []byte(w.secret))
			mac.Write(payload)
			sig := hex.EncodeToString(mac.Sum(nil))
			wid, target, event := w.id, w.url, ev
			c.after = append(c.after, func() { s.deliver(wid, target, event, payload, sig) })
		}
	}
}

// deliver sends one signed event; a 410 answer suspends the webhook, as
// Clio does. Failed deliveries are recorded, not retried.
func (s *Server) deliver(id int64, target, event string, payload []byte, sig string) {
	d := Delivery{WebhookID: id, Event: event, URL: target, Body: payload, Signature: sig}
	resp, err := s.post(target, payload, map[string]string{"X-Hook-Signature": sig})
	if err != nil {
		d.Err = err.Error()
	} else {
		d.Status = resp.StatusCode
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, d)
	if d.Status == http.StatusGone {
		if w, found := s.webhooks.get(id); found {
			w.status = "suspended"
			s.touch(&w.meta, "webhook")
		}
	}
}

func (s *Server) listWebhooks(c *call) {
	list[webhook](s, c, "Webhook", s.webhooks, nil)
}

func (s *Server) getWebhook(c *call) { getRecord(s, c, "Webhook", s.webhooks) }

func (s *Server) updateWebhook(c *call) {
	items, ok := c.items("Webhook")
	if !ok {
		return
	}
	w, found := s.webhooks.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &w.meta) {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cp := *w
	urlChanged, err := s.applyWebhook(&cp, b, false)
	if err != nil {
		c.writeErr(err)
		return
	}
	if urlChanged {
		cp.status = "pending"
	}
	s.touch(&cp.meta, "webhook")
	*w = cp
	s.one(c, http.StatusOK, w, &w.meta, items)
	if urlChanged {
		id, u, secret := w.id, w.url, w.secret
		c.after = append(c.after, func() { s.handshake(id, u, secret) })
	}
}

func (s *Server) deleteWebhook(c *call) {
	if _, found := s.webhooks.get(c.id(0)); !found {
		c.notFound()
		return
	}
	s.webhooks.del(c.id(0))
	c.noContent()
}

// activateWebhook is the alternative to echoing the handshake:
// PUT /webhooks/{id}/activate with the X-Hook-Secret header.
func (s *Server) activateWebhook(c *call) {
	w, found := s.webhooks.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if c.r.Header.Get("X-Hook-Secret") != w.secret {
		c.fail(http.StatusUnprocessableEntity, "ValidationError", "X-Hook-Secret does not match the webhook's secret")
		return
	}
	w.status = "enabled"
	s.touch(&w.meta, "webhook")
	c.noContent()
}
