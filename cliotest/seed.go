package cliotest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Seed stores v as a new record of resource and returns its id. resource
// is a record's schema name in Clio's spec, as the SDK's model types are
// named: "Activity", "Bill", "Task", "Note", "TrustLineItem", "Folder"...
// v is anything that marshals to a JSON object: the SDK's model (such as
// clio.Activity, whose zero fields are left out), a map, or a
// json.RawMessage.
//
// For a resource served generically (see the package overview) the object
// holds the record's fields as Clio answers them, so a test can set what
// no request body sets (a bill's state, an activity's billed flag):
// every name must be a field of the record, of its JSON type (dates as
// YYYY-MM-DD) and one of its enum's values, exactly (a bill's state
// "paid"); an association is an object with an id ({"id": 12}, or
// {"id": 12, "type": "User"} where the association may hold several
// kinds), alone or in a list, naming a record that exists in the server;
// created_at and updated_at set the record's timestamps; id and etag are
// assigned by the server. A field Clio computes (an activity's total, a
// bill's balance) may be given too: it is then answered as given instead
// of computed, standing for what the fake cannot derive (a bill's total
// without its line items). A seed of BillingSetting sets fields of the
// firm's billing settings; a JurisdictionsToTrigger is seeded with the
// jurisdiction {"id": N} whose triggers list holds it. A resource no route
// serves from a seed (Timer, records nested in others such as
// Participant) is refused: nothing could read it back.
//
// Resources modelled by hand (matters, contacts, custom fields, calendar
// entries, reminders, webhooks...) are seeded through their create
// operation, so v takes that request body's shape (a matter needs
// client{id} and description) and the same checks apply. Users are added
// from first_name, last_name, email, subscription_type (Attorney or
// NonAttorney), rate and roles, each with a UserCalendar.
//
// Seeding sends no webhook deliveries and is not in the request log.
func (s *Server) Seed(resource string, v any) (int64, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return 0, fmt.Errorf("cliotest: Seed %s: %w", resource, err)
	}
	return s.SeedJSON(resource, string(raw))
}

// SeedJSON is [Server.Seed] with the record given as a JSON object, e.g.
//
//	id, err := srv.SeedJSON("Activity", `{"type": "TimeEntry", "date": "2026-03-02",
//		"quantity": 3600, "matter": {"id": 12}, "reference": "import-1"}`)
func (s *Server) SeedJSON(resource, object string) (int64, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(object), &obj); err != nil || obj == nil {
		return 0, fmt.Errorf("cliotest: Seed %s: the record must be a JSON object", resource)
	}
	if _, ok := specRecords[resource]; !ok {
		return 0, fmt.Errorf("cliotest: Seed: %q is not a record of Clio's spec (use the schema name, such as \"Activity\")", resource)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var id int64
	var err error
	switch {
	case resource == "User":
		id, err = s.seedUser(obj)
	case handRecords[resource]:
		id, err = s.seedByCreate(resource, object)
	case seeders[resource] != nil:
		id, err = seeders[resource](s, obj)
	case !opIndex.served[resource]:
		// Stored, it could never be read back: no generic route lists,
		// shows or creates it (a singleton such as Timer, or a record
		// nested in others).
		err = fmt.Errorf("cliotest cannot seed %s records: no route could read one back (a timer is started with POST /timer.json; other such records exist only nested in others, or are derived from them)", resource)
	default:
		id, err = s.seedGeneric(resource, obj)
	}
	if err != nil {
		return 0, fmt.Errorf("cliotest: Seed %s: %w", resource, err)
	}
	return id, nil
}

// seedGeneric checks obj against the record's fields and stores it.
func (s *Server) seedGeneric(resource string, obj map[string]json.RawMessage) (int64, error) {
	fields := specRecords[resource]
	vals := map[string]json.RawMessage{}
	var created, updated time.Time
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		v := obj[name]
		f, ok := fields[name]
		switch {
		case !ok:
			return 0, fmt.Errorf("%s is not a field of %s", name, resource)
		case name == "id":
			if !isNull(v) && string(v) != "0" {
				return 0, fmt.Errorf("id is assigned by the server; leave it out")
			}
			continue
		case name == "etag":
			continue
		case name == "created_at" || name == "updated_at":
			var ts string
			t, err := time.Time{}, json.Unmarshal(v, &ts)
			if err == nil {
				t, err = time.Parse(time.RFC3339Nano, ts)
			}
			if err != nil {
				return 0, fmt.Errorf("%s must be an ISO-8601 timestamp", name)
			}
			if name == "created_at" {
				created = t
			} else {
				updated = t
			}
			continue
		case f.assoc():
			if err := s.checkAssoc(name, f, v); err != nil {
				return 0, err
			}
		default:
			if err := checkValue(&shape{t: f.t, format: f.format, enum: f.enum}, v, name, false, ""); err != nil {
				return 0, err
			}
		}
		vals[name] = v
	}
	r := &grec{meta: s.newMeta(resource), record: resource, vals: vals}
	if !created.IsZero() {
		r.created = created
	}
	if !updated.IsZero() {
		r.updated = updated
	}
	s.tableOf(resource).put(r.id, r)
	return r.id, nil
}

// seedByCreate runs the hand-written create handler of resource with
// object as the request body, as the token owner.
func (s *Server) seedByCreate(resource, object string) (int64, error) {
	var rt *route
	for _, op := range specOps {
		if op.record == resource && genericShape(&op) == "create" {
			segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(op.path, "/"), ".json"), "/")
			rt, _, _ = match(http.MethodPost, segs)
		}
	}
	if rt == nil {
		return 0, fmt.Errorf("the fake cannot create %s records", resource)
	}
	r, err := http.NewRequest(http.MethodPost, s.BaseURL(), nil)
	if err != nil {
		return 0, err
	}
	owner, _ := s.users.get(s.ownerUserID)
	c := &call{r: r, raw: []byte(`{"data":` + object + `}`), q: url.Values{}, user: owner,
		version: DefaultAPIVersion, resp: response{header: http.Header{}}}
	rt.h(s, c) // c.after (webhook deliveries) is not run: seeding is setup, not an event
	var answer struct {
		Data  struct{ ID int64 }
		Error struct{ Message string }
	}
	_ = json.Unmarshal(c.resp.body, &answer)
	if c.resp.status >= 300 || answer.Data.ID == 0 {
		return 0, fmt.Errorf("the create answered %d: %s", c.resp.status, answer.Error.Message)
	}
	return answer.Data.ID, nil
}

// seedUser adds a firm member.
func (s *Server) seedUser(obj map[string]json.RawMessage) (int64, error) {
	b := body(obj)
	for name := range obj {
		if !slices.Contains([]string{"first_name", "last_name", "email", "subscription_type", "rate", "roles"}, name) {
			return 0, fmt.Errorf("%s cannot be seeded for a user (first_name, last_name, email, subscription_type, rate, roles)", name)
		}
	}
	first, _, err1 := b.str("first_name")
	last, _, err2 := b.str("last_name")
	email, _, err3 := b.str("email")
	sub, _, err4 := b.str("subscription_type")
	roles, _, err5 := b.strings("roles")
	var rate float64
	if v, ok := obj["rate"]; ok && json.Unmarshal(v, &rate) != nil {
		return 0, fmt.Errorf("rate must be a number")
	}
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			return 0, err
		}
	}
	if strings.TrimSpace(first+last) == "" {
		return 0, fmt.Errorf("a user needs first_name or last_name")
	}
	switch sub {
	case "":
		sub = "Attorney"
	case "Attorney", "NonAttorney":
	default:
		return 0, fmt.Errorf("subscription_type must be Attorney or NonAttorney")
	}
	if roles == nil {
		roles = []string{}
	}
	u, _ := s.addUser(first, last, sub, roles, rate, "Email")
	if email != "" {
		u.email, u.notifications[0].email = email, email
	}
	return u.id, nil
}
