package cliotest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-sdk/clio-go/cliotest"
)

// TestPlaceholderSegmentIsNotFound: a literal "{}" ("%7B%7D") where a path
// takes an id is no path of the spec (404), not the template's placeholder
// with no id behind it. It used to panic the test binary (index out of
// range in call.id) on every generically served resource.
func TestPlaceholderSegmentIsNotFound(t *testing.T) {
	w := newWire(t, cliotest.InMemory())
	for _, path := range []string{
		"/api/v4/activities/%7B%7D.json",
		"/api/v4/activities/{}.json",
		"/api/v4/bills/%7B%7D.json",
		"/api/v4/tasks/%7B%7D",
		"/api/v4/activities/%7B%7D/copy.json",
		"/api/v4/matters/%7B%7D/contacts.json",
		"/api/v4/matters/%7B%7D.json",
		"/api/v4/%7B%7D.json",
	} {
		for _, method := range []string{"GET", "PATCH", "DELETE", "POST"} {
			var r reply
			require.NotPanics(t, func() { r = w.do(method, path, nil) }, "%s %s", method, path)
			assert.Equal(t, http.StatusNotFound, r.StatusCode, "%s %s: %s", method, path, r.raw)
			assert.Equal(t, "RecordNotFound", r.errType(), "%s %s", method, path)
		}
	}
	// The ids still route.
	act, err := w.srv.SeedJSON("Activity", `{"type": "TimeEntry", "date": "2026-03-02"}`)
	require.NoError(t, err)
	r := w.do("GET", fmt.Sprintf("/api/v4/activities/%d.json", act), nil)
	assert.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
	assert.Equal(t, float64(act), r.data()["id"])
}
