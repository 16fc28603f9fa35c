package clio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// memShared is a SharedTokenStore in memory, with a lock that expires on
// the (synctest) clock, for the core's tests; redislimit tests the real one.
type memShared struct {
	mu        sync.Mutex
	tok       *oauth2.Token
	ttl       time.Duration
	lastFence int64
	lockFence int64 // 0: unlocked
	lockUntil time.Time
	down      error // every call fails with it
	loadErr   error // Load fails with it (an unreadable token)
	saves     int
}

func (m *memShared) Save(_ context.Context, tok *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down != nil {
		return m.down
	}
	m.tok, m.loadErr = tok, nil
	m.saves++
	return nil
}

func (m *memShared) Load(context.Context) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down != nil {
		return nil, m.down
	}
	if m.loadErr != nil {
		return nil, m.loadErr
	}
	return m.tok, nil
}

func (m *memShared) TryLock(context.Context) (int64, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down != nil {
		return 0, false, m.down
	}
	if m.lockFence != 0 && time.Now().Before(m.lockUntil) {
		return 0, false, nil
	}
	m.lastFence++
	m.lockFence, m.lockUntil = m.lastFence, time.Now().Add(m.ttl)
	return m.lastFence, true, nil
}

// holds reports whether fence holds the lock; m.mu is held.
func (m *memShared) holds(fence int64) bool {
	return m.lockFence == fence && time.Now().Before(m.lockUntil)
}

func (m *memShared) SaveFenced(_ context.Context, fence int64, tok *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down != nil {
		return m.down
	}
	if !m.holds(fence) {
		return ErrLockLost
	}
	m.tok, m.loadErr, m.lockFence = tok, nil, 0
	m.saves++
	return nil
}

func (m *memShared) Unlock(_ context.Context, fence int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down != nil {
		return m.down
	}
	if m.holds(fence) {
		m.lockFence = 0
	}
	return nil
}

func (m *memShared) current() *oauth2.Token {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tok
}

// tokenEndpoint answers refreshes after delay with access tokens "new-1",
// "new-2", ... and counts them.
func tokenEndpoint(mt *httpmock.MockTransport, delay time.Duration) *atomic.Int32 {
	var n atomic.Int32
	mt.RegisterResponder("POST", tokenURL, func(req *http.Request) (*http.Response, error) {
		i := n.Add(1)
		time.Sleep(delay)
		return jsonResp(200, fmt.Sprintf(`{"token_type":"bearer","access_token":"new-%d","expires_in":3600}`, i)), nil
	})
	return &n
}

func sharedSource(mt *httpmock.MockTransport, tok *oauth2.Token, store TokenStore, opts ...TokenSourceOption) *TokenSource {
	cfg := OAuthConfig(RegionUS, "client-id-1", "client-secret-xyz", "https://intake.example.com/callback")
	opts = append([]TokenSourceOption{WithTokenHTTPClient(&http.Client{Transport: mt})}, opts...)
	return NewTokenSource(cfg, tok, store, opts...)
}

var expiredShared = &oauth2.Token{AccessToken: "expired-access", RefreshToken: "refresh-secret", Expiry: time.Unix(1000, 0)}

// Sixteen sources (each standing for a process) start with no token of
// their own and find an expired one in the shared store: one refresh, and
// every source uses its token.
func TestSharedStoreRefreshesOnceForAllSources(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{tok: expiredShared, ttl: 5 * time.Second}
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 200*time.Millisecond)
		got := make([]string, 16)
		var wg sync.WaitGroup
		for i := range got {
			ts := sharedSource(mt, nil, store)
			wg.Go(func() {
				tok, err := ts.TokenContext(context.Background())
				if assert.NoError(t, err) {
					got[i] = tok.AccessToken
				}
			})
		}
		wg.Wait()
		assert.Equal(t, int32(1), refreshes.Load(), "exactly one refresh")
		for i, tok := range got {
			assert.Equal(t, "new-1", tok, "source %d", i)
		}
		assert.Equal(t, "refresh-secret", store.current().RefreshToken, "the refresh token is kept")
		assert.Equal(t, 1, store.saves)
	})
}

// A source whose token Clio rejected takes the newer token another process
// saved, without refreshing; with the rejected token still in the store it
// refreshes.
func TestSharedStoreForceRefreshTakesNewerToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 0)
		rejected := &oauth2.Token{AccessToken: "rejected", RefreshToken: "refresh-secret", Expiry: time.Now().Add(time.Hour)}
		newer := &oauth2.Token{AccessToken: "newer", RefreshToken: "refresh-secret", Expiry: time.Now().Add(time.Hour)}
		store := &memShared{tok: newer, ttl: 5 * time.Second}
		ts := sharedSource(mt, rejected, store)
		tok, err := ts.ForceRefresh(context.Background(), rejected)
		require.NoError(t, err)
		assert.Equal(t, "newer", tok.AccessToken)
		assert.Equal(t, int32(0), refreshes.Load())

		tok, err = ts.ForceRefresh(context.Background(), newer)
		require.NoError(t, err)
		assert.Equal(t, "new-1", tok.AccessToken)
		assert.Equal(t, "new-1", store.current().AccessToken)
	})
}

// A holder that died leaves the lock until it expires; then one waiting
// source refreshes.
func TestSharedStoreDeadHolderLockExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{tok: expiredShared, ttl: 3 * time.Second}
		_, ok, _ := store.TryLock(context.Background()) // the holder, which then dies
		require.True(t, ok)
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 0)
		start := time.Now()
		var refreshedAt time.Duration
		mt.RegisterResponder("POST", tokenURL, func(*http.Request) (*http.Response, error) {
			refreshes.Add(1)
			refreshedAt = time.Since(start)
			return jsonResp(200, `{"access_token":"new-1","expires_in":3600}`), nil
		})
		var wg sync.WaitGroup
		for range 4 {
			ts := sharedSource(mt, nil, store)
			wg.Go(func() {
				tok, err := ts.TokenContext(context.Background())
				if assert.NoError(t, err) {
					assert.Equal(t, "new-1", tok.AccessToken)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, int32(1), refreshes.Load())
		assert.GreaterOrEqual(t, refreshedAt, 3*time.Second, "nobody refreshed while the lock held")
		assert.LessOrEqual(t, refreshedAt, 3*time.Second+sharedPollMax, "the lock was taken within a poll of its expiry")
		assert.LessOrEqual(t, time.Since(start), 3*time.Second+2*sharedPollMax, "the others saw the token at their next poll")
	})
}

// Waiting for another process honours the caller's deadline; a source with
// none refreshes on its own after sharedWait, saying so.
func TestSharedStoreWaitIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{tok: expiredShared, ttl: time.Hour} // a holder that hangs
		_, ok, _ := store.TryLock(context.Background())
		require.True(t, ok)
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 0)
		var logs bytes.Buffer
		ts := sharedSource(mt, nil, store, WithTokenLogger(slog.New(slog.NewTextHandler(&logs, nil))))

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := ts.TokenContext(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, time.Second, time.Since(start))

		tok, err := ts.TokenContext(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "new-1", tok.AccessToken)
		assert.Equal(t, int32(1), refreshes.Load())
		assert.LessOrEqual(t, time.Since(start), sharedWait+sharedPollMax, "the first caller's flight went on; the wait ended at sharedWait")
		assert.Contains(t, logs.String(), "taking too long")
		assert.Equal(t, "expired-access", store.current().AccessToken, "a token refreshed without the lock is not saved")
	})
}

// A store that is down: each refresh is local and at once, the outage is
// logged once, and no token reaches the log.
func TestSharedStoreDownRefreshesLocallyLogsOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{down: errors.New("dial tcp 127.0.0.1:6379: connection refused"), ttl: time.Second}
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 0)
		var logs bytes.Buffer
		ts := sharedSource(mt, expiredShared, store, WithTokenLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		start := time.Now()
		tok, err := ts.TokenContext(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "new-1", tok.AccessToken)
		tok, err = ts.ForceRefresh(context.Background(), tok)
		require.NoError(t, err)
		assert.Equal(t, "new-2", tok.AccessToken)
		assert.Equal(t, time.Duration(0), time.Since(start), "no waiting on a store that refuses")
		assert.Equal(t, int32(2), refreshes.Load())
		assert.Equal(t, 1, strings.Count(logs.String(), "shared token store failed"), logs.String())
		for _, secret := range []string{"refresh-secret", "new-1", "new-2", "expired-access"} {
			assert.NotContains(t, logs.String(), secret)
		}

		// Back up: the next refresh goes through the store again.
		store.mu.Lock()
		store.down = nil
		store.mu.Unlock()
		tok, err = ts.ForceRefresh(context.Background(), tok)
		require.NoError(t, err)
		assert.Equal(t, "new-3", tok.AccessToken)
		assert.Equal(t, "new-3", store.current().AccessToken)
		assert.Contains(t, logs.String(), "works again")
	})
}

// An unreadable shared token (wrong key, tampered) is logged and replaced
// by a refresh under the lock.
func TestSharedStoreUnreadableTokenIsReplaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{tok: expiredShared, loadErr: errors.New("redislimit: the shared token cannot be decrypted"), ttl: time.Second}
		mt := httpmock.NewMockTransport()
		refreshes := tokenEndpoint(mt, 0)
		var logs bytes.Buffer
		ts := sharedSource(mt, expiredShared, store, WithTokenLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		tok, err := ts.TokenContext(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "new-1", tok.AccessToken)
		assert.Equal(t, int32(1), refreshes.Load())
		assert.Equal(t, "new-1", store.current().AccessToken)
		assert.Contains(t, logs.String(), "cannot be decrypted")
	})
}

// A holder whose lock expires mid-refresh does not overwrite the token the
// next holder saved, and uses that one.
func TestSharedStoreLostLockDoesNotOverwrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := &memShared{tok: expiredShared, ttl: time.Second}
		mt := httpmock.NewMockTransport()
		var n atomic.Int32
		mt.RegisterResponder("POST", tokenURL, func(*http.Request) (*http.Response, error) {
			if n.Add(1) == 1 {
				time.Sleep(2 * time.Second) // outlives the lock
				return jsonResp(200, `{"access_token":"slow","expires_in":3600}`), nil
			}
			return jsonResp(200, `{"access_token":"quick","expires_in":3600}`), nil
		})
		slow, quick := sharedSource(mt, nil, store), sharedSource(mt, nil, store)
		slowTok := make(chan string, 1)
		go func() {
			tok, err := slow.TokenContext(context.Background())
			assert.NoError(t, err)
			slowTok <- tok.AccessToken
		}()
		synctest.Wait() // slow holds the lock and is at the endpoint
		time.Sleep(1500 * time.Millisecond)
		tok, err := quick.TokenContext(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "quick", tok.AccessToken)
		assert.Equal(t, "quick", <-slowTok, "the slow holder takes the saved token")
		assert.Equal(t, "quick", store.current().AccessToken)
		assert.Equal(t, 1, store.saves)
	})
}
