package cliotest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-written lists refuse what they do not implement, as the
// generic ones do: a declared filter they ignore would make a test of
// code that filters by it pass on the whole list.
func TestHandListsRefuseWhatTheyDoNotModel(t *testing.T) {
	w := newWire(t)
	for _, tc := range []struct {
		path    string
		status  int
		message string
	}{
		{"/api/v4/matters.json?group_id=99", 501, "cliotest does not model the group_id parameter of Matter#index"},
		{"/api/v4/matters.json?responsible_staff_id=1", 501, "the responsible_staff_id parameter of Matter#index"},
		{"/api/v4/matters.json?grant_id=1", 501, "the grant_id parameter of Matter#index"},
		{"/api/v4/contacts.json?clio_connect_only=true", 501, "the clio_connect_only parameter of Contact#index"},
		{"/api/v4/calendar_entries.json?has_court_rule=true", 501, "the has_court_rule parameter of CalendarEntry#index"},
		{"/api/v4/calendar_entries.json?source=web", 501, "the source parameter of CalendarEntry#index"},
		{"/api/v4/calendars.json?visible=true", 501, "the visible parameter of Calendar#index"},
		{"/api/v4/custom_fields.json?visible_and_required=true", 501, "the visible_and_required parameter of CustomField#index"},
		{"/api/v4/documents.json?external_property_name=x", 501, "the external_property_name parameter of Document#index"},
		{"/api/v4/users.json?include_co_counsel=true", 501, "the include_co_counsel parameter of User#index"},
		{"/api/v4/matters.json?order=display_number(asc)", 501, "order=display_number(asc) of Matter#index"},
		// Not declared, or declared values misused: the caller's mistake.
		{"/api/v4/matters.json?colour=red", 400, "colour is not a parameter of Matter#index"},
		{"/api/v4/matters.json?open_date=2030-01-01", 400, "open_date is not a parameter of Matter#index"},
		{"/api/v4/webhooks.json?status=enabled", 400, "status is not a parameter of Webhook#index"},
		{"/api/v4/document_templates.json?query=x", 400, "query is not a parameter of DocumentTemplate#index"},
		{"/api/v4/matters.json?billable=true&billable=false", 400, "billable is given 2 times; it takes one value"},
		{"/api/v4/matters.json?status=open&status=closed", 400, "status is given 2 times"},
		{"/api/v4/matters.json?status=opened", 400, "status must be"},
		{"/api/v4/matters.json?order=sideways", 400, "order must be one of"},
		{"/api/v4/contacts.json?type=person", 400, "type must be one of Company, Person"},
		{"/api/v4/contacts.json?initial=a", 400, "initial must be one of A, B"},
		{"/api/v4/reminders.json?state=done", 400, "state must be one of"},
		{"/api/v4/matters.json?open_date[]=soon", 422, "open_date[] must be an operator"},
		{"/api/v4/matters.json?close_date[]=>2030-13-01", 422, "close_date[] must be an operator"},
		{"/api/v4/matters.json?open_date[]=>=2030-01-01T00:00:00Z", 422, "open_date[] must be an operator (=, <, >, <=, >=) and a date (YYYY-MM-DD)"},
		{"/api/v4/practice_areas.json?matter_id=x", 400, "matter_id must be an integer"},
		// The check runs before the handler: the 501 names the filter
		// even where the rest of the query is fine.
		{"/api/v4/matters.json?status=open&currency_id=1", 501, "the currency_id parameter of Matter#index"},
	} {
		r := w.do("GET", tc.path, nil)
		assert.Equal(t, tc.status, r.StatusCode, "%s: %s", tc.path, r.raw)
		assert.Contains(t, r.errMessage(), tc.message, tc.path)
	}
	// What they implement still answers.
	for _, path := range []string{
		"/api/v4/matters.json?status=open,pending",
		"/api/v4/matters.json?order=id(asc)&billable=true",
		"/api/v4/contacts.json?type=Person&initial=D&exclude_ids[]=1&exclude_ids[]=2",
		"/api/v4/documents.json?locked=false",
		"/api/v4/reminders.json?state=scheduled&subject_type=calendar_entry",
	} {
		r := w.do("GET", path, nil)
		assert.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", path, r.raw)
	}
}

// created_since filters every hand-written list on the record's
// created_at.
func TestHandListsCreatedSince(t *testing.T) {
	w := newWire(t)
	for _, res := range []string{"matters", "contacts", "calendar_entries", "calendars", "custom_fields",
		"documents", "document_templates", "users", "matter_stages", "practice_areas"} {
		path := "/api/v4/" + res + ".json?created_since="
		assert.NotEmpty(t, listIDs(t, w, path+url.QueryEscape("2000-01-01T00:00:00Z")), res)
		assert.Empty(t, listIDs(t, w, path+url.QueryEscape("2100-01-01T00:00:00Z")), res)
	}
	// The demo has no reminders or webhooks; the filter still parses.
	for _, res := range []string{"reminders", "webhooks", "document_automations"} {
		listIDs(t, w, "/api/v4/"+res+".json?created_since=2100-01-01T00:00:00Z")
	}
}

func TestMatterListFilters(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	create := func(fields map[string]any) int64 {
		fields["client"] = ref(d.JaneDoeID)
		fields["description"] = "Dated"
		r := w.do("POST", "/api/v4/matters.json", data(fields))
		require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.raw)
		return num(r.data()["id"])
	}
	jan := create(map[string]any{"open_date": "2090-01-15", "billable": false})
	feb := create(map[string]any{"open_date": "2090-02-15", "pending_date": "2090-03-01"})
	mar := create(map[string]any{"open_date": "2090-03-15", "close_date": "2090-04-01", "status": "closed"})
	q := func(conds ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(conds); i += 2 {
			v.Add(conds[i], conds[i+1])
		}
		return "/api/v4/matters.json?" + v.Encode()
	}
	assert.Equal(t, []int64{jan, feb, mar}, listIDs(t, w, q("open_date[]", ">=2090-01-01")), "opened since")
	assert.Equal(t, []int64{feb, mar}, listIDs(t, w, q("open_date[]", ">2090-01-15")))
	assert.Equal(t, []int64{jan}, listIDs(t, w, q("open_date[]", "=2090-01-15")))
	assert.Equal(t, []int64{jan}, listIDs(t, w, q("open_date[]", "2090-01-15")), "no operator means =")
	assert.Equal(t, []int64{feb}, listIDs(t, w, q("open_date[]", ">=2090-02-01", "open_date[]", "<2090-03-01")), "every condition holds")
	assert.Equal(t, []int64{jan, feb}, listIDs(t, w, q("open_date[]", "<=2090-02-15", "open_date[]", ">2089-12-31")))
	assert.Equal(t, []int64{feb}, listIDs(t, w, q("pending_date[]", ">2089-12-31", "pending_date[]", "<2090-12-31")), "matters without the date do not match")
	assert.Equal(t, []int64{mar}, listIDs(t, w, q("close_date[]", ">=2090-04-01")))
	assert.Empty(t, listIDs(t, w, q("close_date[]", "<2090-04-01")))

	notBillable := listIDs(t, w, q("billable", "false"))
	assert.Contains(t, notBillable, jan)
	assert.NotContains(t, notBillable, feb)
	assert.NotContains(t, listIDs(t, w, q("billable", "true")), jan)
	assert.Equal(t, []int64{jan}, listIDs(t, w, q("billable", "false", "open_date[]", ">=2090-01-01")))
}

// The fake's documents are never locked; a matter_id on practice areas
// excludes only Legal Aid UK areas, which the fake has none of.
func TestDocumentLockedAndPracticeAreaMatter(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	all := listIDs(t, w, "/api/v4/documents.json")
	require.NotEmpty(t, all)
	assert.Equal(t, all, listIDs(t, w, "/api/v4/documents.json?locked=false"))
	assert.Empty(t, listIDs(t, w, "/api/v4/documents.json?locked=true"))
	areas := listIDs(t, w, "/api/v4/practice_areas.json")
	assert.Equal(t, areas, listIDs(t, w, fmt.Sprintf("/api/v4/practice_areas.json?matter_id=%d", d.JaneDoeMatterID)))
}
