package clio

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultTransportBoundsWaitsAndKeepsConnections(t *testing.T) {
	c, err := NewClient(WithAccessToken(testToken))
	require.NoError(t, err)
	tr, ok := c.cfg.httpClient.Transport.(*http.Transport)
	require.True(t, ok, "the SDK's own transport")
	assert.Equal(t, 10*time.Second, tr.TLSHandshakeTimeout)
	assert.Equal(t, 90*time.Second, tr.ResponseHeaderTimeout)
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 32)
	assert.True(t, tr.ForceAttemptHTTP2)
	assert.NotNil(t, tr.DialContext)

	c2, err := c.Clone(WithAccessToken("other"))
	require.NoError(t, err)
	assert.Same(t, tr, c2.cfg.httpClient.Transport, "a clone shares the transport and its connections")
}

// Concurrent callers reuse connections: 16 goroutines making 800 Gets open
// about 16, where http.DefaultTransport (2 idle per host) opens hundreds.
func TestConcurrentGetsReuseConnections(t *testing.T) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":{"id":1,"etag":"\"e\""}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/api/v4"), WithAccessToken(testToken))
	require.NoError(t, err)
	const goroutines = 16
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range 50 {
				if _, err := c.Matters.Get(context.Background(), 1); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, opened.Load(), int64(2*goroutines), "connections opened for %d concurrent callers", goroutines)
}

// A write that gets no answer headers within the transport's bound fails
// instead of hanging for ever on a context without a deadline.
func TestResponseHeaderTimeoutEndsAHungCall(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	tr := NewTransport()
	tr.ResponseHeaderTimeout = 50 * time.Millisecond // the default is 90 s
	c, err := NewClient(WithBaseURL(srv.URL+"/api/v4"), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	_, err = c.Matters.Create(context.Background(), MatterCreate{Client: Ref{ID: 1}, Description: "x"})
	require.Error(t, err)
	assert.True(t, MayHaveApplied(err), "the POST was sent: %v", err)
}
