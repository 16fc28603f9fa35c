package cliotest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// TestRequestsFor: the log names each request's operation and path
// template, whatever the answer (faulted, 401, 422 included), and
// RequestsFor filters on either spelling.
func TestRequestsFor(t *testing.T) {
	w := newWire(t, cliotest.InMemory())
	d := w.srv.Demo()
	body := data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 3600, "matter": ref(d.JaneDoeMatterID)})

	created := w.do("POST", "/api/v4/activities.json", body)
	require.Equal(t, http.StatusCreated, created.StatusCode, "%s", created.raw)
	id := num(created.data()["id"])
	w.do("POST", "/api/v4/activities", data(map[string]any{"type": "Nope"}))     // 422
	w.do("POST", "/api/v4/activities.json", body, "Authorization", "Bearer bad") // 401
	w.srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/activities", Status: 503, Times: 1})
	w.do("POST", "/api/v4/activities.json", body) // faulted before the handler
	w.do("GET", "/api/v4/activities.json", nil)
	w.do("GET", fmt.Sprintf("/api/v4/activities/%d.json", id), nil)
	w.do("PATCH", fmt.Sprintf("/api/v4/activities/%d.json", id), data(map[string]any{"note": "x"}))
	w.do("GET", "/api/v4/activities/%7B%7D.json", nil) // 404: no operation
	w.do("GET", "/api/v4/nothing.json", nil)           // 404
	w.do("PUT", "/api/v4/activities.json", nil)        // 405
	w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json", d.JaneDoeMatterID), nil)
	w.do("GET", fmt.Sprintf("/api/v4/matters/%d/contacts.json", d.JaneDoeMatterID), nil)
	w.do("GET", fmt.Sprintf("/api/v4/matter_stages/%d.json", d.Stages["Intake"]), nil)
	w.do("POST", "/oauth/token", nil)

	creates := w.srv.RequestsFor("Activity#create")
	require.Len(t, creates, 4)
	var statuses []int
	for _, r := range creates {
		assert.Equal(t, "Activity#create", r.Operation)
		assert.Equal(t, "/activities.json", r.Template)
		assert.Nil(t, r.PathIDs)
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{201, 422, 401, 503}, statuses)
	assert.True(t, creates[3].Fault)
	for _, spelling := range []string{"POST /activities.json", "POST /api/v4/activities.json", "post /activities", " POST  activities "} {
		assert.Equal(t, creates, w.srv.RequestsFor(spelling), spelling)
	}

	updates := w.srv.RequestsFor("PATCH /activities/{activity_id}.json")
	require.Len(t, updates, 1)
	assert.Equal(t, "Activity#update", updates[0].Operation)
	assert.Equal(t, "/activities/{id}.json", updates[0].Template)
	assert.Equal(t, []int64{id}, updates[0].PathIDs)
	assert.Equal(t, updates, w.srv.RequestsFor("Activity#update"))
	assert.Len(t, w.srv.RequestsFor("Activity#index"), 1)
	assert.Len(t, w.srv.RequestsFor("Activity#show"), 1)
	assert.Empty(t, w.srv.RequestsFor("Activity#destroy"))

	// Hand-modelled routes name their operation too, and the two the spec
	// does not declare their template.
	show := w.srv.RequestsFor("Matter#show")
	require.Len(t, show, 1)
	assert.Equal(t, "/matters/{id}.json", show[0].Template)
	assert.Equal(t, []int64{d.JaneDoeMatterID}, show[0].PathIDs)
	contacts := w.srv.RequestsFor("GET /matters/{matter_id}/contacts.json")
	require.Len(t, contacts, 1)
	assert.Equal(t, "MatterContacts#index", contacts[0].Operation)
	stage := w.srv.RequestsFor("GET /matter_stages/{id}.json")
	require.Len(t, stage, 1)
	assert.Equal(t, "", stage[0].Operation)
	assert.Equal(t, "/matter_stages/{id}.json", stage[0].Template)
	assert.Equal(t, http.StatusOK, stage[0].Status)

	// What routes to no operation has none.
	for _, r := range w.srv.Requests() {
		switch {
		case r.Path == "/oauth/token", r.Status == http.StatusNotFound, r.Status == http.StatusMethodNotAllowed:
			assert.Empty(t, r.Operation, "%s %s", r.Method, r.Path)
			assert.Empty(t, r.Template, "%s %s", r.Method, r.Path)
		default:
			assert.NotEmpty(t, r.Template, "%s %s", r.Method, r.Path)
		}
	}

	// A copy: changing it leaves the log alone.
	creates[0].PathIDs = append(creates[0].PathIDs, 1)
	updates[0].PathIDs[0] = 0
	assert.Equal(t, []int64{id}, w.srv.RequestsFor("Activity#update")[0].PathIDs)

	// A misspelt operation fails loudly.
	for _, bad := range []string{"Activity#craete", "activity#create", "", "POST", "GET /activities/{id}/nothing.json", "PUT /activities.json"} {
		assert.Panics(t, func() { w.srv.RequestsFor(bad) }, bad)
	}
}

// TestDecodeData reads a logged body's data object into a type, and says
// why when it cannot.
func TestDecodeData(t *testing.T) {
	w := newWire(t, cliotest.InMemory())
	d := w.srv.Demo()
	w.do("POST", "/api/v4/activities.json", data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 5400, "note": "Drafted", "matter": ref(d.JaneDoeMatterID)}))
	r := w.srv.RequestsFor("Activity#create")[0]

	var typed clio.ActivityCreate
	require.NoError(t, r.DecodeData(&typed))
	assert.Equal(t, clio.ActivityTypeTimeEntry, typed.Type)
	assert.Equal(t, "2026-03-02", typed.Date.String())
	q, _ := typed.Quantity.Get()
	assert.Equal(t, 5400.0, q)
	m, _ := typed.Matter.Get()
	assert.Equal(t, d.JaneDoeMatterID, m.ID)

	var own struct {
		Note   string
		Matter struct{ ID int64 }
	}
	require.NoError(t, r.DecodeData(&own))
	assert.Equal(t, "Drafted", own.Note)
	var raw map[string]any
	require.NoError(t, r.DecodeData(&raw))
	assert.Equal(t, "TimeEntry", raw["type"])

	// A body over MaxLoggedBody is kept in part: refused, not half-read.
	long := strings.Repeat("x", cliotest.MaxLoggedBody)
	w.do("POST", "/api/v4/activities.json", data(map[string]any{"type": "TimeEntry", "date": "2026-03-02", "note": long}))
	w.do("GET", "/api/v4/activities.json", nil)
	w.do("POST", "/api/v4/activities.json", map[string]any{"type": "TimeEntry"})
	w.do("POST", "/api/v4/activities.json", []any{1})
	for _, c := range []struct {
		r    cliotest.Request
		want string
	}{
		{w.srv.RequestsFor("Activity#create")[1], "the log kept 65536 of the body's"},
		{w.srv.RequestsFor("Activity#index")[0], "no body logged"},
		{w.srv.RequestsFor("Activity#create")[2], `the body has no "data"`},
		{w.srv.RequestsFor("Activity#create")[3], "body: json: cannot unmarshal array"},
	} {
		err := c.r.DecodeData(&raw)
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
		assert.Contains(t, err.Error(), "cliotest: "+c.r.Method+" /api/v4/activities.json")
	}
	var wrong struct{ Type int }
	assert.ErrorContains(t, r.DecodeData(&wrong), "data: json: cannot unmarshal string")
}
