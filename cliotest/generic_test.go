package cliotest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-sdk/clio-go/cliotest"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// notModelledOps are the operations that answer 501, as the package
// overview and the README describe them: none of the spec's 282.
var notModelledOps []string

// TestEveryOperationAnswers sends every operation of the spec: none gets
// the "no route" 404 or a 405; exactly the operations of notModelledOps
// answer 501, naming the operation, and every other is served.
func TestEveryOperationAnswers(t *testing.T) {
	w := newWire(t)
	var served, notModelled []string
	for _, op := range cliotest.SpecOperations() {
		path := "/api/v4" + placeholder.ReplaceAllString(op.Path, "99999999")
		var body any
		if op.Method == "POST" || op.Method == "PATCH" || op.Method == "PUT" {
			body = data(map[string]any{})
		}
		r := w.do(op.Method, path, body)
		assert.NotEqual(t, http.StatusMethodNotAllowed, r.StatusCode, op.ID)
		assert.NotContains(t, r.errMessage(), "No route matches", op.ID)
		if r.StatusCode == http.StatusNotImplemented {
			notModelled = append(notModelled, op.ID)
			assert.Contains(t, r.errMessage(), op.ID)
			assert.Equal(t, "NotImplemented", r.errType())
		} else {
			served = append(served, op.ID)
		}
	}
	assert.ElementsMatch(t, notModelledOps, notModelled, "the operations answering 501 (update the package overview and the README with this list)")
	assert.Len(t, served, 282)
	assert.Len(t, cliotest.SpecOperations(), 282)
}

// TestEveryGenericListRendersEveryField seeds an empty record of every
// resource listed generically and lists it with every field selected.
// Only the lists named below are not covered, each for its reason.
func TestEveryGenericListRendersEveryField(t *testing.T) {
	handModelled := map[string]bool{ // their own tests cover them
		"Calendar#index": true, "CalendarEntry#index": true, "Contact#index": true, "CustomField#index": true,
		"Document#index": true, "DocumentAutomation#index": true, "DocumentTemplate#index": true,
		"Matter#index": true, "MatterStage#index": true, "PracticeArea#index": true,
		"Reminder#index": true, "User#index": true, "Webhook#index": true,
	}
	w := newWire(t)
	var lists []string
	for _, op := range cliotest.SpecOperations() {
		if !strings.HasSuffix(op.ID, "#index") || strings.Contains(op.Path, "{") || handModelled[op.ID] {
			continue
		}
		q := url.Values{"fields": {strings.Join(cliotest.RecordFields(op.Record), ",")}}
		object := `{}`
		switch op.ID {
		case "Note#index": // type is required
			q.Set("type", "Matter")
			object = `{"type": "Matter"}`
		case "ConversationMessage#index": // conversation_id is required
			conv := seed(t, w.srv, "Conversation", `{"subject": "x"}`)
			q.Set("conversation_id", fmt.Sprint(conv))
			object = fmt.Sprintf(`{"conversation": {"id": %d}}`, conv)
		case "LaukExpenseCategory#index": // region is required
			q.Set("region", "London")
		}
		seed(t, w.srv, op.Record, object)
		r := w.do("GET", "/api/v4"+op.Path+"?"+q.Encode(), nil)
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", op.ID, r.raw)
		require.NotEmpty(t, r.list(), op.ID)
		lists = append(lists, op.ID)
	}
	assert.Len(t, lists, 57)
}

func TestNotModelledAndRefusedRequests(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	for _, tc := range []struct {
		method, path string
		status       int
		message      string
	}{
		{"GET", "/api/v4/folders/list.json?external_property_name=x", 501, "cliotest does not model the external_property_name parameter of Folder#list"},
		{"GET", fmt.Sprintf("/api/v4/matters/%d/related_contacts.json?order=contact.name(asc)", d.JaneDoeMatterID), 501, "order=contact.name(asc) of RelatedContacts#index"},
		{"GET", "/api/v4/billable_matters/ids.json?matter_id=1", 501, "the matter_id parameter of BillableMatter#ids"},
		{"GET", "/api/v4/bills/99999999/preview.json", 404, "not found"},
		{"GET", "/api/v4/activities.json?status=billed", 501, "the status parameter of Activity#index"},
		{"GET", "/api/v4/activities.json?order=date(desc)", 501, "order=date(desc)"},
		{"GET", "/api/v4/activities.json?colour=red", 400, "colour is not a parameter of Activity#index"},
		{"GET", "/api/v4/activities.json?matter_id=abc", 400, "matter_id must be an integer"},
		{"GET", "/api/v4/notes.json", 400, "type is required by Note#index"},
		{"GET", "/api/v4/activities.json?fields=id,colour", 400, "colour is not a valid field"},
		{"GET", "/api/v4/no_such_things.json", 404, "No route matches"},
	} {
		var body any
		if tc.method == "POST" {
			body = data(map[string]any{"name": "x"})
		}
		r := w.do(tc.method, tc.path, body)
		assert.Equal(t, tc.status, r.StatusCode, "%s %s: %s", tc.method, tc.path, r.raw)
		assert.Contains(t, r.errMessage(), tc.message, "%s %s", tc.method, tc.path)
	}
	r := w.do("PUT", "/api/v4/activities.json", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.StatusCode)
	assert.Equal(t, "GET, POST", r.Header.Get("Allow"))
}

// seed stores a record from JSON or fails the test.
func seed(t *testing.T, srv *cliotest.Server, resource, object string) int64 {
	t.Helper()
	id, err := srv.SeedJSON(resource, object)
	require.NoError(t, err)
	return id
}

// listIDs lists path and returns the ids answered.
func listIDs(t *testing.T, w *wire, path string) []int64 {
	t.Helper()
	r := w.do("GET", path, nil)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", path, r.raw)
	out := []int64{}
	for _, rec := range r.list() {
		out = append(out, num(rec["id"]))
	}
	return out
}

func TestGenericFilters(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	a := seed(t, w.srv, "Activity", fmt.Sprintf(`{"type": "TimeEntry", "date": "2026-03-02", "matter": {"id": %d}, "user": {"id": %d},
		"note": "Deposition PREP", "flat_rate": true, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}`, d.JaneDoeMatterID, d.AttorneyID))
	b := seed(t, w.srv, "Activity", fmt.Sprintf(`{"type": "ExpenseEntry", "date": "2026-03-09", "matter": {"id": %d}, "user": {"id": %d}, "flat_rate": false}`,
		d.JohnSmithMatterID, d.AssociateID))
	c := seed(t, w.srv, "Activity", `{"type": "TimeEntry", "date": "2026-03-31"}`)

	for query, want := range map[string][]int64{
		"": {a, b, c},
		"?ids[]=" + fmt.Sprint(a) + "&ids[]=" + fmt.Sprint(c): {a, c},
		"?matter_id=" + fmt.Sprint(d.JaneDoeMatterID):         {a},
		"?user_id=" + fmt.Sprint(d.AssociateID):               {b},
		"?type=TimeEntry":                                     {a, c},
		"?flat_rate=true":                                     {a},
		"?flat_rate=false":                                    {b, c}, // c's flat_rate is computed: no flat-rate description
		"?query=deposition":                                   {a},
		"?start_date=2026-03-02&end_date=2026-03-09":          {a, b},
		"?start_date=2026-03-03":                              {b, c},
		"?end_date=2026-03-02":                                {a},
		"?created_since=2026-02-01T00:00:00Z":                 {b, c},
		"?updated_since=2025-12-31T00:00:00Z":                 {a, b, c},
	} {
		assert.Equal(t, want, listIDs(t, w, "/api/v4/activities.json"+query), query)
	}

	// A parameter named like a field of another type or enum is not
	// equality: BankAccount's type filter (OperatingAccount|TrustAccount)
	// differs from the record's (Operating|Trust).
	r := w.do("GET", "/api/v4/bank_accounts.json?type=TrustAccount", nil)
	assert.Equal(t, http.StatusNotImplemented, r.StatusCode)
}

// TestGenericFilterValues: a filter's value must be one its enum lists,
// exactly, and a filter takes one value; each refusal is Clio's 400
// envelope naming the parameter (and the values it takes).
func TestGenericFilterValues(t *testing.T) {
	w := newWire(t)
	for _, tc := range []struct{ query, message string }{
		{"/bills.json?state=bogus", "state must be one of draft, awaiting_approval, awaiting_payment, paid, void, deleted"},
		{"/tasks.json?status=bogus", "status must be one of pending, in_progress, in_review, complete, draft"},
		{"/activities.json?type=Lunch", "type must be one of TimeEntry, ExpenseEntry, HardCostEntry, SoftCostEntry"},
		{"/activities.json?type=timeentry", "type must be one of TimeEntry, ExpenseEntry, HardCostEntry, SoftCostEntry"},
		{"/tasks.json?priority=High", "priority must be one of high, normal, low"}, // the filter's spelling, not the record's
		// A filter the fake does not model still refuses a wrong value.
		{"/activities.json?status=bogus", "status must be one of billed, draft, unbilled, non_billable, billable, written_off"},
		{"/tasks.json?statuses[]=pending&statuses[]=bogus", "statuses[] must be one of pending, in_progress, in_review, complete, draft"},
		{"/activities.json?type=TimeEntry&type=ExpenseEntry", "type is given 2 times; it takes one value"},
		{"/activities.json?matter_id=1&matter_id=2", "matter_id is given 2 times; it takes one value"},
		{"/activities.json?limit=1&limit=2", "limit is given 2 times; it takes one value"},
		{"/activities.json?order=bogus", "order must be one of"},
		// Wrong input wins over a filter the fake does not model.
		{"/activities.json?status=billed&type=Lunch", "type must be one of"},
	} {
		r := w.do("GET", "/api/v4"+tc.query, nil)
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, "%s: %s", tc.query, r.raw)
		assert.Equal(t, "InvalidParameter", r.errType(), tc.query)
		assert.Contains(t, r.errMessage(), tc.message, tc.query)
	}

	// Values in the enum are served, compared exactly with the record's.
	high := seed(t, w.srv, "Task", `{"name": "a", "priority": "High", "status": "pending"}`)
	low := seed(t, w.srv, "Task", `{"name": "b", "priority": "Low", "status": "complete"}`)
	assert.Equal(t, []int64{high}, listIDs(t, w, "/api/v4/tasks.json?priority=high"), "the filter's high is the record's High")
	assert.Equal(t, []int64{low}, listIDs(t, w, "/api/v4/tasks.json?status=complete"))
	assert.Equal(t, []int64{high, low}, listIDs(t, w, fmt.Sprintf("/api/v4/tasks.json?ids[]=%d&ids[]=%d", high, low)), "a list parameter stays multi-valued")
	assert.Equal(t, http.StatusNotImplemented, w.do("GET", "/api/v4/tasks.json?statuses[]=pending&statuses[]=draft", nil).StatusCode)
}

func TestGenericPagingFieldsAndConditionalGet(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	var want []int64
	for i := range 5 {
		want = append(want, seed(t, w.srv, "Note", fmt.Sprintf(`{"type": "Matter", "subject": "n%d", "matter": {"id": %d}}`, i, d.JaneDoeMatterID)))
	}
	var got []int64
	next := "/api/v4/notes.json?type=Matter&limit=2&fields=id,subject"
	pages := 0
	for next != "" {
		r := w.do("GET", next, nil)
		require.Equal(t, http.StatusOK, r.StatusCode, string(r.raw))
		for _, rec := range r.list() {
			got = append(got, num(rec["id"]))
			assert.NotEmpty(t, rec["subject"])
		}
		next = r.next()
		pages++
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, pages)

	path := fmt.Sprintf("/api/v4/notes/%d.json", want[0])
	stub := w.do("GET", path, nil).data()
	assert.Len(t, stub, 2, "id and etag only without fields")
	etag, _ := stub["etag"].(string)
	nested := w.do("GET", path+"?fields=subject,detail,matter{id,display_number},author{name}", nil).data()
	assert.Equal(t, "n0", nested["subject"])
	assert.Nil(t, nested["detail"], "a field never set is null")
	assert.Equal(t, map[string]any{"id": float64(d.JaneDoeMatterID), "display_number": "00001-Doe"}, nested["matter"])
	assert.Nil(t, nested["author"], "a seeded note has no author unless given")
	r := w.do("GET", path, nil, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, r.StatusCode)
	assert.Equal(t, http.StatusBadRequest, w.do("GET", path+"?fields=matter{client{name}}", nil).StatusCode, "one nesting level")
}

func TestGenericBodyChecks(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	for _, tc := range []struct {
		body    string
		message string
	}{
		{`{"type": "TimeEntry", "date": "2026-03-02", "colour": "red"}`, "colour is not a field of the Activity#create request body"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": {"id": 1, "name": "x"}}`, "matter.name is not a field of the Activity#create request body"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "quantity": "3600"}`, "quantity must be a number"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": {"id": "12"}}`, "matter.id must be an integer"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "non_billable": "yes"}`, "non_billable must be true or false"},
		{`{"type": "TimeEntry", "date": "03/02/2026"}`, "date must be a date (YYYY-MM-DD)"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": 12}`, "matter must be an object"},
		{`{"type": "Lunch", "date": "2026-03-02"}`, "type must be one of TimeEntry, ExpenseEntry, HardCostEntry, SoftCostEntry"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": {}}`, "matter.id is required"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": {"id": null}}`, "matter.id is required"},
		{`{"type": "TimeEntry", "date": "2026-03-02", "matter": {"id": 0}}`, "matter.id must be a positive integer"},
		{`{"date": "2026-03-02"}`, "type can't be blank"},
		{`{"type": "TimeEntry", "date": null}`, "date can't be blank"},
	} {
		r := w.do("POST", "/api/v4/activities.json", json.RawMessage(`{"data":`+tc.body+`}`))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, tc.body)
		assert.Equal(t, "ValidationError", r.errType(), tc.body)
		assert.Equal(t, tc.message, r.errMessage(), tc.body)
	}
	r := w.do("POST", "/api/v4/folders.json", data(map[string]any{"name": "x", "parent": map[string]any{"id": 1, "type": "Matter"},
		"external_properties": []any{map[string]any{"name": "a", "value": 7}}}))
	assert.Equal(t, "external_properties[0].value must be a string", r.errMessage())
	assert.Equal(t, http.StatusBadRequest, w.do("POST", "/api/v4/activities.json", json.RawMessage(`{"data": [1]}`)).StatusCode)

	// Associations in a list are checked like single ones.
	group := seed(t, w.srv, "Group", `{"name": "Litigators"}`)
	for body, message := range map[string]string{
		`{"name": "x", "groups": [{"id": 99999999}]}`:                   "groups[0] 99999999 does not exist",
		fmt.Sprintf(`{"name": "x", "groups": [{"id": %d}, {}]}`, group): "groups[1].id is required",
	} {
		r := w.do("POST", "/api/v4/expense_categories.json", json.RawMessage(`{"data":`+body+`}`))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, body)
		assert.Equal(t, message, r.errMessage(), body)
	}
	r = w.do("POST", "/api/v4/expense_categories.json?fields=groups{id,name}", data(map[string]any{"name": "x", "groups": []any{ref(group)}}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	assert.Equal(t, []any{map[string]any{"id": float64(group), "name": "Litigators"}}, r.data()["groups"])

	// The body is {"data": ...} only, for generic and hand-modelled
	// resources alike.
	for _, path := range []string{"/api/v4/activities.json", "/api/v4/matters.json"} {
		r := w.do("POST", path, json.RawMessage(`{"data": {"type": "TimeEntry", "date": "2026-03-02"}, "matter": {"id": 1}}`))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, path)
		assert.Equal(t, "ValidationError", r.errType(), path)
		assert.Equal(t, `matter is not part of the request body, which is {"data": {...}} only`, r.errMessage(), path)
	}

	ok := w.do("POST", "/api/v4/activities.json?fields=id,note,matter", data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "note": nil,
		"matter": ref(d.JaneDoeMatterID)}))
	require.Equal(t, http.StatusCreated, ok.StatusCode, string(ok.raw))
	path := fmt.Sprintf("/api/v4/activities/%d.json?fields=note,date,matter", num(ok.data()["id"]))
	up := w.do("PATCH", path, data(map[string]any{"note": "only this", "matter": nil}))
	require.Equal(t, http.StatusOK, up.StatusCode, "a PATCH needs no required field: %s", up.raw)
	assert.Equal(t, "only this", up.data()["note"])
	assert.Equal(t, "2026-03-02", up.data()["date"])
	assert.Nil(t, up.data()["matter"], "null clears an association")
	bad := w.do("PATCH", path, data(map[string]any{"date": "tomorrow"}))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.StatusCode)
	assert.Equal(t, "only this", w.do("GET", path, nil).data()["note"], "a refused write changes nothing")
}

func TestGenericCopy(t *testing.T) {
	w := newWire(t)
	src := seed(t, w.srv, "TaskTemplateList", `{"name": "PI intake", "description": "Steps after signing"}`)
	r := w.do("POST", fmt.Sprintf("/api/v4/task_template_lists/%d/copy.json?fields=name,description", src), data(map[string]any{"name": "PI intake (copy)"}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	assert.NotEqual(t, src, num(r.data()["id"]))
	assert.Equal(t, "PI intake (copy)", r.data()["name"])
	assert.Equal(t, "Steps after signing", r.data()["description"], "the copy keeps the source's fields")
	assert.Equal(t, http.StatusNotFound, w.do("POST", "/api/v4/task_template_lists/99999999/copy.json", data(map[string]any{})).StatusCode)
}

func TestSeed(t *testing.T) {
	srv := cliotest.NewServer(t)
	d := srv.Demo()
	for _, tc := range []struct{ resource, object, message string }{
		{"Activities", `{}`, `"Activities" is not a record of Clio's spec`},
		{"Activity", `[1]`, "must be a JSON object"},
		{"Activity", `{"colour": "red"}`, "colour is not a field of Activity"},
		{"Activity", `{"quantity": "1"}`, "quantity must be a number"},
		{"Activity", `{"date": "2026-3-2"}`, "date must be a date"},
		{"Activity", `{"id": 5}`, "id is assigned by the server"},
		{"Activity", `{"matter": {"id": 99999999}}`, "matter 99999999 does not exist"},
		{"Activity", `{"created_at": "yesterday"}`, "created_at must be an ISO-8601 timestamp"},
		{"Matter", `{"description": "no client"}`, "client is required"},
		{"User", `{"first_name": "Ann", "rate": "high"}`, "rate must be a number"},
		{"Calendar", `{"name": "x"}`, "cannot create Calendar records"},
		{"Bill", `{"state": "bogus"}`, "state must be one of draft, awaiting_approval, awaiting_payment, paid, void, deleted"},
		{"Activity", `{"type": "Lunch"}`, "type must be one of TimeEntry, ExpenseEntry, HardCostEntry, SoftCostEntry"},
		{"Task", `{"priority": "high"}`, "priority must be one of High, Normal, Low"}, // the record's spelling
		{"Activity", `{"matter": {}}`, "matter.id is required"},
		{"ExpenseCategory", `{"groups": [{"id": 99999999}]}`, "groups[0] 99999999 does not exist"},
		{"ExpenseCategory", `{"groups": {"id": 1}}`, "groups must be an array"},
		{"Timer", `{}`, "cliotest cannot seed Timer records"},
		{"BillingSetting", `{"rounding": "six"}`, "rounding must be an integer"},
		{"JurisdictionsToTrigger", `{"description": "x"}`, `a trigger is seeded with jurisdiction {"id": N}`},
		{"JurisdictionsToTrigger", `{"jurisdiction": {"id": 99999999}}`, "jurisdiction 99999999 does not exist"},
		{"Participant", `{}`, "cliotest cannot seed Participant records"},
	} {
		_, err := srv.SeedJSON(tc.resource, tc.object)
		require.Error(t, err, tc.object)
		assert.Contains(t, err.Error(), tc.message)
	}

	// Hand-modelled resources are seeded through their create.
	matter := seed(t, srv, "Matter", fmt.Sprintf(`{"client": {"id": %d}, "description": "Seeded slip and fall", "status": "pending"}`, d.JaneDoeID))
	user := seed(t, srv, "User", `{"first_name": "Lee", "last_name": "Wong", "subscription_type": "NonAttorney", "rate": 95}`)
	assert.Empty(t, srv.Requests(), "seeding is not logged")
	w := &wire{t: t, srv: srv, token: srv.IssueToken().AccessToken, hc: srv.HTTPClient()}
	m := w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json?fields=description,status", matter), nil).data()
	assert.Equal(t, "Pending", m["status"])
	u := w.do("GET", fmt.Sprintf("/api/v4/users/%d.json?fields=id,name,subscription_type,rate", user), nil).data()
	assert.Equal(t, map[string]any{"id": float64(user), "name": "Lee Wong", "subscription_type": "NonAttorney", "rate": 95.0}, u)

	// A polymorphic association names its kind.
	task := seed(t, srv, "Task", fmt.Sprintf(`{"name": "Call", "assignee": {"id": %d, "type": "User"}}`, user))
	got := w.do("GET", fmt.Sprintf("/api/v4/tasks/%d.json?fields=assignee{id,name}", task), nil).data()
	assert.Equal(t, map[string]any{"id": float64(user), "name": "Lee Wong"}, got["assignee"])
	_, err := srv.SeedJSON("Task", `{"assignee": {"id": 99999999, "type": "Contact"}}`)
	assert.ErrorContains(t, err, "assignee 99999999 does not exist")
}

func TestRequestLogKeepsAPIBodies(t *testing.T) {
	w := newWire(t)
	sent := `{"data":{"type":"TimeEntry","date":"2026-03-02","note":"hello"}}`
	r := w.do("POST", "/api/v4/activities.json", json.RawMessage(sent))
	require.Equal(t, http.StatusCreated, r.StatusCode)
	big := strings.Repeat("x", cliotest.MaxLoggedBody+100)
	w.do("POST", "/api/v4/activities.json", data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "note": big}))
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"secret-value"}, "client_id": {cliotest.DefaultClientID}}
	postForm(t, w, "/oauth/token", form)

	log := w.srv.Requests()
	require.Len(t, log, 3)
	assert.JSONEq(t, sent, string(log[0].Body))
	assert.Len(t, log[1].Body, cliotest.MaxLoggedBody, "bounded")
	assert.Greater(t, log[1].BodySize, int64(cliotest.MaxLoggedBody))
	assert.Nil(t, log[2].Body, "OAuth bodies carry credentials and are not kept")
	assert.Positive(t, log[2].BodySize)
	log[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), w.srv.Requests()[0].Body[0], "Requests returns copies")
}
