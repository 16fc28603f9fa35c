package cliotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// FuzzRouter sends arbitrary requests (method, path, query, body; to the
// API host, or the storage host when storage is set) to a fresh demo server
// and checks the answer is well formed: no panic (the server's recover
// would answer 500, which the fake never answers on its own), a status
// code, and for every 4xx and 5xx an error envelope (Clio's
// {"error":{"type","message"}}, OAuth's {"error","error_description"}, or
// S3's XML on the storage host).
//
// go test runs the seeds (one request per operation of the spec, hostile
// paths, queries and bodies) and the corpus in testdata/fuzz/FuzzRouter.
// To fuzz, outside CI:
//
//	go test ./cliotest -run '^$' -fuzz '^FuzzRouter$' -fuzztime 5m
//
// and keep any new file under testdata/fuzz/FuzzRouter.
func FuzzRouter(f *testing.F) {
	fx := newFuzzFixture(f)
	ids := fx.ids
	id := func(rec string) string { return strconv.FormatInt(ids[rec], 10) }
	placeholder := regexp.MustCompile(`\{[^}]*\}`)
	for _, op := range specOps {
		// Each operation with its placeholders filled by a record that exists
		// (the first by the record's own kind), by 0 and by a literal {}.
		n := 0
		real := placeholder.ReplaceAllStringFunc(op.path, func(string) string {
			n++
			if n == 1 && ids[op.record] != 0 {
				return id(op.record)
			}
			return id("Matter")
		})
		var body []byte
		if op.body != nil {
			body = []byte(`{"data":{}}`)
		}
		f.Add(op.method, "/api/v4"+real, "", body, false)
		if strings.Contains(op.path, "{") {
			f.Add(op.method, "/api/v4"+placeholder.ReplaceAllString(op.path, "{}"), "", body, false)
			f.Add(op.method, "/api/v4"+placeholder.ReplaceAllString(op.path, "0"), "", body, false)
		}
	}
	for _, s := range []struct {
		method, path, query, body string
		storage                   bool
	}{
		{"GET", "/api/v4/activities/{}.json", "", "", false},
		{"PATCH", "/api/v4/bills/{}", "", `{"data":{}}`, false},
		{"DELETE", "/api/v4/tasks/{}.json", "", "", false},
		{"GET", "/api/v4/matters/{}.json", "", "", false},
		{"GET", "/api/v4/{}", "", "", false},
		{"GET", "/api/v4/", "", "", false},
		{"GET", "/api/v4", "", "", false},
		{"GET", "/", "", "", false},
		{"GET", "/api/v4/activities.json.json", "", "", false},
		{"GET", "/api/v4/activities//1.json", "", "", false},
		{"GET", "/api/v4/activities/-1.json", "", "", false},
		{"GET", "/api/v4/activities/+" + id("Activity") + ".json", "", "", false},
		{"GET", "/api/v4/activities/99999999999999999999.json", "", "", false},
		{"BREW", "/api/v4/activities.json", "", "", false},
		{"", "/api/v4/activities.json", "", "", false},
		{"get", "/api/v4/activities.json", "", "", false},
		{"GET", "/api/v4/activities.json", "fields=id,total,matter{id,display_number}", "", false},
		{"GET", "/api/v4/activities.json", "fields=matter{", "", false},
		{"GET", "/api/v4/activities.json", "limit=0&limit=201&page_token=%00", "", false},
		{"GET", "/api/v4/activities.json", "order=date(desc)&start_date=2026-01-01&end_date=2026-13-01", "", false},
		{"GET", "/api/v4/activities.json", "ids[]=1&ids[]=x&matter_id=-1&created_since=2026-01-01T00:00:00Z", "", false},
		{"GET", "/api/v4/bills.json", "state=paid&state=draft&custom_field_values[1]=x", "", false},
		{"GET", "/api/v4/matters.json", "custom_field_values[" + id("CustomField") + "]=a&status=open,closed&query=%FF", "", false},
		{"GET", "/api/v4/contacts.json", "custom_field_ids[]=0&fields=custom_field_values{id,value}", "", false},
		{"GET", "/api/v4/calendar_entries.json", "from=2026-01-01&to=x&calendar_id=" + id("Calendar"), "", false},
		{"POST", "/api/v4/activities.json", "", `{"data":{"type":"TimeEntry","date":"2026-03-02","quantity":3600,"matter":{"id":` + id("Matter") + `}}}`, false},
		{"POST", "/api/v4/activities.json", "", `{"data":{"type":"TimeEntry","date":"2026-03-02T10:00:00Z","price":1e400}}`, false},
		{"POST", "/api/v4/bills.json", "", `{"data":null}`, false},
		{"POST", "/api/v4/tasks.json", "", `{"data":{"name":"x","assignee":{"id":1,"type":"User"},"due_at":"2026-03-02"}}`, false},
		{"POST", "/api/v4/matters.json", "", `{"data":{"client":{"id":"1"},"description":[]}}`, false},
		{"POST", "/api/v4/contacts.json", "", `{"data":{"type":"Person","first_name":"A","email_addresses":[{"_destroy":true,"id":0}]}}`, false},
		{"POST", "/api/v4/documents.json", "", `{"data":{"name":"a.pdf","parent":{"id":1,"type":"Matter"},"multiparts":[{"part_number":0,"content_length":-1}]}}`, false},
		{"POST", "/api/v4/webhooks.json", "", `{"data":{"url":"http://127.0.0.1:1/hook","events":["created"],"model":"matter"}}`, false},
		{"PATCH", "/api/v4/activities/" + id("Activity") + ".json", "", `[]`, false},
		{"PATCH", "/api/v4/activities/" + id("Activity") + ".json", "", `{"data":{},"x":1}`, false},
		{"POST", "/api/v4/activities/" + id("Activity") + "/copy.json", "", "", false},
		{"DELETE", "/api/v4/activities/" + id("Activity") + ".json", "", "", false},
		{"POST", "/oauth/token", "", "grant_type=refresh_token&client_id=" + DefaultClientID + "&client_secret=" + DefaultClientSecret, false},
		{"GET", "/oauth/authorize", "response_type=code&client_id=" + DefaultClientID + "&redirect_uri=%3A", "", false},
		{"POST", "/oauth/deauthorize", "", "token=", false},
		{"PUT", "/uploads/x/y", "partNumber=0&X-Amz-Signature=", "abc", true},
		{"GET", "/files/{}/{}", "", "", true},
	} {
		f.Add(s.method, s.path, s.query, []byte(s.body), s.storage)
	}
	f.Fuzz(func(t *testing.T, method, path, query string, body []byte, storage bool) {
		fx.check(t, method, path, query, body, storage)
	})
}

// fuzzFixture knows the ids of the records every fresh server holds: each
// input gets a server started the same way (start), so an input that
// fails fails again when replayed.
type fuzzFixture struct {
	ids map[string]int64 // by record kind
}

// refuseTransport answers no webhook: the fuzzer must not reach the
// network through the handshake of a webhook it creates.
type refuseTransport struct{}

func (refuseTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("fuzz: no network")
}

func newFuzzFixture(tb testing.TB) *fuzzFixture {
	s, _, seeded := start(tb)
	defer s.Close()
	d := s.Demo()
	ids := map[string]int64{
		"Matter": d.JaneDoeMatterID, "Contact": d.JaneDoeID, "User": d.AttorneyID,
		"Calendar": d.AttorneyCalendarID, "CalendarEntry": d.IntakeCallEntryID,
		"PracticeArea": d.PersonalInjuryID, "MatterStage": d.Stages["Intake"],
		"CustomField": d.AccidentDateFieldID, "Document": d.PoliceReportDocumentID,
		"DocumentTemplate": d.RetainerTemplateID,
	}
	for rec, id := range seeded {
		ids[rec] = id
	}
	return &fuzzFixture{ids: ids}
}

// start starts a demo server in memory with a record of a few generically
// served kinds (linked to the demo matter), and returns it with an access
// token and the ids of those records.
func start(tb testing.TB) (*Server, string, map[string]int64) {
	s, err := Start(InMemory(), WithWebhookClient(&http.Client{Transport: refuseTransport{}}))
	if err != nil {
		tb.Fatal(err)
	}
	m := strconv.FormatInt(s.Demo().JaneDoeMatterID, 10)
	ids := map[string]int64{}
	for _, r := range []struct{ rec, obj string }{
		{"Activity", `{"type": "TimeEntry", "date": "2026-03-02", "quantity": 3600, "price": 250, "matter": {"id": ` + m + `}}`},
		{"Bill", `{"number": "INV-1", "state": "awaiting_payment", "total": 900, "matters": [{"id": ` + m + `}]}`},
		{"Task", `{"name": "Call the insurer", "due_at": "2026-03-09", "matter": {"id": ` + m + `}}`},
		{"Note", `{"subject": "Intake", "type": "Matter", "matter": {"id": ` + m + `}}`},
	} {
		id, err := s.SeedJSON(r.rec, r.obj)
		if err != nil {
			s.Close()
			tb.Fatalf("seeding %s: %v", r.rec, err)
		}
		ids[r.rec] = id
	}
	return s, s.IssueToken().AccessToken, ids
}

// check sends one request to a fresh server and checks the answer.
func (fx *fuzzFixture) check(t *testing.T, method, path, query string, body []byte, storage bool) {
	s, tok, _ := start(t)
	defer s.Close()
	host, origin := HostAPI, s.apiURL
	if storage {
		host, origin = HostStorage, s.storageURL
	}
	u := &url.URL{Scheme: "http", Host: strings.TrimPrefix(origin, "http://"), Path: path, RawQuery: query}
	r := &http.Request{
		Method:     method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     http.Header{},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Host:       u.Host,
		RequestURI: u.RequestURI(),
		RemoteAddr: "127.0.0.1:1",
	}
	if !storage {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	if len(body) > 0 {
		ct := "application/json"
		if strings.HasPrefix(path, "/oauth/") {
			ct = "application/x-www-form-urlencoded"
		}
		r.Header.Set("Content-Type", ct)
	}
	w := &memWriter{header: http.Header{}}
	s.serve(host, w, r)

	req := method + " " + u.String()
	if w.dropped {
		t.Fatalf("%s: dropped", req)
	}
	if w.status < 100 || w.status > 599 {
		t.Fatalf("%s: status %d", req, w.status)
	}
	if w.status == http.StatusInternalServerError {
		t.Fatalf("%s: 500 (a panic in the fake, logged above): %s", req, w.buf.Bytes())
	}
	log := s.Requests()
	if len(log) != 1 || log[0].Status != w.status {
		t.Fatalf("%s: answered %d, logged %+v", req, w.status, log)
	}
	if api := host == HostAPI && strings.HasPrefix(path, "/api/v4/"); api && log[0].Template == "" &&
		w.status != http.StatusNotFound && w.status != http.StatusMethodNotAllowed && w.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%s: answered %d, yet routed to no operation", req, w.status)
	}
	if err := wellFormed(host, w); err != nil {
		t.Fatalf("%s: %d %v: %q", req, w.status, err, w.buf.Bytes())
	}
}

// wellFormed checks an answer's shape for its status and host.
func wellFormed(host Host, w *memWriter) error {
	body, ct := w.buf.Bytes(), w.header.Get("Content-Type")
	switch {
	case w.status == http.StatusNoContent || w.status == http.StatusNotModified:
		if len(body) > 0 {
			return errors.New("a body with no content")
		}
		return nil
	case w.status >= 300 && w.status < 400:
		if w.header.Get("Location") == "" {
			return errors.New("a redirect without Location")
		}
		return nil
	case host == HostStorage && w.status >= 400:
		if !strings.HasPrefix(ct, "application/xml") || !bytes.Contains(body, []byte("<Error><Code>")) {
			return errors.New("a storage error without S3's XML envelope")
		}
		return nil
	case host == HostStorage:
		return nil // file bytes, or an empty 200 to an upload
	}
	if !strings.HasPrefix(ct, "application/json") {
		return errors.New("Content-Type " + ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	if w.status < 400 {
		return nil
	}
	env, _ := v.(map[string]any)
	switch e := env["error"].(type) {
	case map[string]any: // Clio's {"error": {"type": ..., "message": ...}}
		typ, _ := e["type"].(string)
		msg, _ := e["message"].(string)
		if typ == "" || msg == "" {
			return errors.New("an error envelope without type or message")
		}
	case string: // OAuth's {"error": ..., "error_description": ...}
		desc, _ := env["error_description"].(string)
		if e == "" || desc == "" {
			return errors.New("an OAuth error without error or error_description")
		}
	default:
		return errors.New("no error envelope")
	}
	if w.status == http.StatusMethodNotAllowed && w.header.Get("Allow") == "" {
		return errors.New("405 without Allow")
	}
	return nil
}
