package clio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// activityServer is a local stand-in for Clio's activities endpoints
// (until cliotest serves the whole API): it stores time entries, answers
// fields=id,etag,... with those fields only, pages, and enforces If-Match.
type activityServer struct {
	mu      sync.Mutex
	next    int64
	entries map[int64]map[string]any
}

func (s *activityServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	path := strings.TrimPrefix(r.URL.Path, "/api/v4/")
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(path, "activities/"), ".json"), 10, 64)
	pick := func(e map[string]any) map[string]any {
		out := map[string]any{}
		for _, f := range strings.Split(r.URL.Query().Get("fields"), ",") {
			name, _, _ := strings.Cut(f, "{")
			if v, ok := e[name]; ok {
				out[name] = v
			}
		}
		return out
	}
	write := func(status int, v any) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	switch {
	case r.Method == http.MethodPost && path == "activities.json":
		var body struct{ Data map[string]any }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			write(400, map[string]any{"error": map[string]string{"type": "BadRequest", "message": "bad json"}})
			return
		}
		s.next++
		e := body.Data
		e["id"], e["etag"] = s.next, fmt.Sprintf(`"v1-%d"`, s.next)
		s.entries[s.next] = e
		write(201, map[string]any{"data": pick(e)})
	case r.Method == http.MethodGet && path == "activities.json":
		var page []map[string]any
		for i := int64(1); i <= s.next; i++ {
			if e, ok := s.entries[i]; ok && fmt.Sprint(e["matter"].(map[string]any)["id"]) == r.URL.Query().Get("matter_id") {
				page = append(page, pick(e))
			}
		}
		write(200, map[string]any{"data": page, "meta": map[string]any{"paging": map[string]any{}}})
	case s.entries[id] == nil:
		write(404, map[string]any{"error": map[string]string{"type": "NotFound", "message": "no such record"}})
	case r.Method == http.MethodGet:
		write(200, map[string]any{"data": pick(s.entries[id])})
	case r.Method == http.MethodPatch:
		e := s.entries[id]
		if r.Header.Get("If-Match") != e["etag"] {
			write(412, map[string]any{"error": map[string]string{"type": "PreconditionFailed", "message": "stale"}})
			return
		}
		var body struct{ Data map[string]any }
		_ = json.NewDecoder(r.Body).Decode(&body)
		for k, v := range body.Data {
			e[k] = v
		}
		e["etag"] = fmt.Sprintf(`"v2-%d"`, id)
		write(200, map[string]any{"data": pick(e)})
	case r.Method == http.MethodDelete:
		delete(s.entries, id)
		w.WriteHeader(204)
	}
}

// TestTimeEntryFlow: create a time entry on a matter, list the matter's
// activities, update one with its etag (a stale etag is refused), delete
// it, against a local server.
func TestTimeEntryFlow(t *testing.T) {
	srv := httptest.NewServer(&activityServer{entries: map[int64]map[string]any{}})
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/api/v4"), WithAccessToken(testToken))
	require.NoError(t, err)
	ctx := context.Background()

	created, err := c.Activities.Create(ctx, ActivityCreate{
		Type: ActivityTypeTimeEntry, Date: NewDate(2026, 3, 2), Quantity: Set(1800.0),
		Matter: Set(Ref{ID: 77}), Note: Set("Reviewed the lease"),
	})
	require.NoError(t, err)
	assert.Equal(t, int64(1), created.ID)
	assert.Equal(t, 1800.0, created.Quantity)

	var listed []Activity
	for a, err := range c.Activities.List(ActivityListParams{MatterID: 77}).All(ctx) {
		require.NoError(t, err)
		listed = append(listed, a)
	}
	require.Len(t, listed, 1)
	assert.Equal(t, "Reviewed the lease", listed[0].Note)

	_, err = c.Activities.Update(ctx, created.ID, `"stale"`, ActivityUpdate{Quantity: Set(2700.0)})
	assert.ErrorIs(t, err, ErrPreconditionFailed)

	updated, err := c.Activities.Update(ctx, created.ID, listed[0].ETag, ActivityUpdate{Quantity: Set(2700.0)})
	require.NoError(t, err)
	assert.Equal(t, 2700.0, updated.Quantity)
	assert.NotEqual(t, listed[0].ETag, updated.ETag)

	require.NoError(t, c.Activities.Delete(ctx, created.ID))
	_, err = c.Activities.Get(ctx, created.ID)
	assert.ErrorIs(t, err, ErrNotFound)
}
