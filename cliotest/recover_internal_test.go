package cliotest

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captureLog sends the standard logger's output to a buffer for the test.
func captureLog(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	prev, flags := log.Writer(), log.Flags()
	log.SetOutput(&buf)
	t.Cleanup(func() { log.SetOutput(prev); log.SetFlags(flags) })
	return &buf
}

// TestPanicAnswers500: a panic in a handler (here a nil table, standing for
// a bug in the fake) is the server's last defence's 500 with Clio's error
// envelope, not a crash of the test binary; the lock is released, so the
// server answers the next request; the request is logged with its status
// and the panic goes to the standard logger.
func TestPanicAnswers500(t *testing.T) {
	logged := captureLog(t)
	s, err := Start(InMemory())
	require.NoError(t, err)
	defer s.Close()
	tok := s.IssueToken().AccessToken
	get := func() (int, map[string]map[string]string) {
		req, err := http.NewRequest("GET", s.BaseURL()+"/users/who_am_i.json", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		var resp *http.Response
		require.NotPanics(t, func() { resp, err = s.HTTPClient().Do(req) })
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		var env map[string]map[string]string
		_ = json.Unmarshal(raw, &env)
		return resp.StatusCode, env
	}

	s.mu.Lock()
	users := s.users
	s.users = nil // authenticate dereferences it under the lock
	s.mu.Unlock()
	status, env := get()
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, "InternalError", env["error"]["type"])
	assert.NotEmpty(t, env["error"]["message"])
	assert.Contains(t, logged.String(), "cliotest: panic serving GET /api/v4/users/who_am_i.json: runtime error")

	s.mu.Lock()
	s.users = users
	s.mu.Unlock()
	status, _ = get()
	assert.Equal(t, http.StatusOK, status, "the lock was released")

	log := s.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, http.StatusInternalServerError, log[0].Status)
	assert.Equal(t, "User#who_am_i", log[0].Operation)
}

// TestPanicEnvelopeNamesNoData: the 500's message is fixed text, whatever
// the panic carried.
func TestPanicEnvelopeNamesNoData(t *testing.T) {
	captureLog(t)
	s, err := Start(InMemory())
	require.NoError(t, err)
	defer s.Close()
	w := &memWriter{header: http.Header{}}
	e := Request{Method: "GET", Path: "/api/v4/contacts.json"}
	func() {
		defer s.recoverPanic(w, &e)
		panic("Jane Doe, jane.doe@example.com, SSN 078-05-1120")
	}()
	assert.Equal(t, http.StatusInternalServerError, w.status)
	assert.Equal(t, http.StatusInternalServerError, e.Status)
	assert.JSONEq(t, `{"error":{"type":"InternalError","message":"cliotest failed to handle the request (a bug in cliotest; the panic is logged)"}}`, w.buf.String())
	assert.NotContains(t, w.buf.String(), "Jane")

	// A dropped connection's abort passes through to net/http.
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		defer s.recoverPanic(&memWriter{header: http.Header{}}, &Request{})
		panic(http.ErrAbortHandler)
	})
}
