package cliotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

func TestFaultStatusByCount(t *testing.T) {
	w := newWire(t)
	f := w.srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters", Status: 503, Times: 2})
	var got []int
	for range 3 {
		got = append(got, w.do("GET", "/api/v4/matters.json", nil).StatusCode)
	}
	assert.Equal(t, []int{503, 503, 200}, got)
	assert.Equal(t, 2, f.Hits())
	log := w.srv.Requests()
	assert.True(t, log[0].Fault)
	assert.False(t, log[2].Fault)
}

func TestFault429WithRetryAfter(t *testing.T) {
	w := newWire(t)
	w.srv.Inject(cliotest.Fault{Path: "/api/v4/users", Status: 429, RetryAfter: 1500 * time.Millisecond, Times: 1})
	r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
	assert.Equal(t, http.StatusTooManyRequests, r.StatusCode)
	assert.Equal(t, "2", r.Header.Get("Retry-After"), "seconds, rounded up")
	assert.Equal(t, "RateLimited", r.errType())
}

func countMatters(t *testing.T, w *wire) int {
	t.Helper()
	return len(w.do("GET", "/api/v4/matters.json", nil).list())
}

func TestFaultDropBeforeAndAfter(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	before := countMatters(t, w) // also opens a keep-alive connection
	body := `{"data":{"client":{"id":` + fmt.Sprint(d.JaneDoeID) + `},"description":"Ambiguous"}}`
	post := func() error {
		req, _ := http.NewRequest("POST", w.srv.URL()+"/api/v4/matters.json", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+w.token)
		resp, err := w.hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}

	w.srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/matters", Drop: true, Times: 1})
	require.Error(t, post(), "the connection is dropped")
	assert.Equal(t, before, countMatters(t, w), "a fault before the handler applies nothing")

	w.srv.ClearFaults()
	w.srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/matters", Drop: true, After: true, Times: 1})
	require.Error(t, post())
	assert.Equal(t, before+1, countMatters(t, w), "After: the write is applied, then the connection dropped")

	w.srv.ClearFaults()
	w.srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/matters", Status: 502, After: true, Times: 1})
	require.NoError(t, post())
	assert.Equal(t, before+2, countMatters(t, w), "After with Status: applied, answered 502")

	var dropped []cliotest.Request
	for _, r := range w.srv.Requests() {
		if r.Dropped {
			dropped = append(dropped, r)
		}
	}
	require.Len(t, dropped, 2)
	assert.Equal(t, 0, dropped[0].Status)
	assert.True(t, dropped[0].Fault)
}

func TestFaultDroppedGETIsNotSilentlyReplayed(t *testing.T) {
	w := newWire(t)
	w.do("GET", "/api/v4/users/who_am_i.json", nil) // a reused connection is where Go's transport would replay
	w.srv.ResetLog()
	w.srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters", Drop: true, Times: 1})
	req, _ := http.NewRequest("GET", w.srv.URL()+"/api/v4/matters.json", nil)
	req.Header.Set("Authorization", "Bearer "+w.token)
	_, err := w.hc.Do(req)
	require.Error(t, err)
	assert.Len(t, w.srv.Requests(), 1, "the client saw the drop; the transport did not resend")
}

func TestFaultDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire(t, cliotest.InMemory())
		w.srv.Inject(cliotest.Fault{Path: "/api/v4/practice_areas", Delay: 3 * time.Second})
		start := time.Now()
		r := w.do("GET", "/api/v4/practice_areas.json", nil)
		assert.Equal(t, http.StatusOK, r.StatusCode, "a delay alone lets the request through")
		assert.Equal(t, 3*time.Second, time.Since(start))

		w.srv.Inject(cliotest.Fault{Path: "/api/v4/matters", Delay: time.Second, Status: 504, Times: 1})
		start = time.Now()
		assert.Equal(t, http.StatusGatewayTimeout, w.do("GET", "/api/v4/matters.json", nil).StatusCode)
		assert.Equal(t, time.Second, time.Since(start))
	})
}

func TestFaultDelayHonoursClientCancel(t *testing.T) {
	srv := cliotest.NewServer(t)
	srv.Inject(cliotest.Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL()+"/api/v4/users.json", nil)
	_, err := srv.HTTPClient().Do(req)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	pattern := func() []int {
		w := newWire(t, cliotest.InMemory())
		w.srv.Inject(cliotest.Fault{Path: "/api/v4/users", Status: 500, Probability: 0.3, Seed: 42})
		var out []int
		for range 40 {
			out = append(out, w.do("GET", "/api/v4/users.json", nil).StatusCode)
		}
		return out
	}
	a, b := pattern(), pattern()
	assert.Equal(t, a, b, "the same seed gives the same faults")
	fails := 0
	for _, s := range a {
		if s == 500 {
			fails++
		}
	}
	assert.Greater(t, fails, 3)
	assert.Less(t, fails, 25)
}

func TestFaultMatching(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	w.srv.Inject(cliotest.Fault{PathRegexp: regexp.MustCompile(`^/api/v4/matters/\d+\.json$`), Status: 500})
	w.srv.Inject(cliotest.Fault{Host: cliotest.HostStorage, Status: 503})
	assert.Equal(t, http.StatusOK, w.do("GET", "/api/v4/matters.json", nil).StatusCode)
	assert.Equal(t, http.StatusInternalServerError, w.do("GET", fmt.Sprintf("/api/v4/matters/%d.json", d.JaneDoeMatterID), nil).StatusCode)
	assert.Equal(t, http.StatusOK, w.do("GET", fmt.Sprintf("/api/v4/contacts/%d.json", d.JaneDoeID), nil).StatusCode)
	resp, err := w.hc.Get(w.srv.StorageURL() + "/files/x/y")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
}

func TestSDKRetriesInjectedFaults(t *testing.T) {
	srv := cliotest.NewServer(t)
	client, err := srv.Client(clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 3, BaseWait: time.Millisecond, MaxWait: 5 * time.Millisecond}))
	require.NoError(t, err)
	ctx := context.Background()

	srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters", Status: 503, Times: 2})
	require.NoError(t, client.Do(ctx, "GET", "matters.json", nil, nil, nil), "GET is retried past two 503s")
	assert.Len(t, srv.Requests(), 3)

	srv.ResetLog()
	srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/contacts", Drop: true, Times: 1})
	require.NoError(t, client.Do(ctx, "GET", "contacts.json", nil, nil, nil), "GET is retried after a dropped connection")
	assert.Len(t, srv.Requests(), 2)

	srv.ResetLog()
	srv.Inject(cliotest.Fault{Method: "POST", Path: "/api/v4/contacts", Status: 503, Times: 1})
	err = client.Do(ctx, "POST", "contacts.json", nil, map[string]any{"data": map[string]any{"type": "Person", "first_name": "X"}}, nil)
	require.True(t, errors.Is(err, clio.ErrServer), "got %v", err)
	assert.Len(t, srv.Requests(), 1, "POST is not replayed")
}
