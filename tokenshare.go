package clio

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// SharedTokenStore is a [TokenStore] that several processes share (one on
// Redis is in the module github.com/clio-sdk/clio-go/redislimit), so that a
// fleet of workers on one firm's token refreshes it once between them. A
// [TokenSource] whose store implements it, on finding its token expired or
// rejected:
//
//  1. loads the shared token and uses it if it is fresh and not the one
//     Clio rejected (another process has refreshed already);
//  2. otherwise takes the refresh lock, refreshes, and saves the new token
//     with SaveFenced, which stores it only while the lock is still its own;
//  3. or, when another process holds the lock, polls the store (for at most
//     15 s, the caller's context permitting) until the new token appears, or
//     the lock expires and it can take the lock itself.
//
// The lock is an economy, not what keeps the firm connected: Clio Manage
// does not rotate refresh tokens, so two processes refreshing at once both
// get valid tokens and neither loses the refresh token. That is why a
// source that cannot reach the store, or waits too long, refreshes in its
// own process (logging it once through [WithTokenLogger]) instead of
// failing, and why a holder whose lock expired mid-refresh keeps the token
// it got when the store refuses it.
//
// Each call gets a context bounded to one second: a store that takes longer
// to load counts as down. A store must never put a token into a key, an
// error or a log.
type SharedTokenStore interface {
	TokenStore
	// Load returns the shared token, or nil and no error when there is
	// none. A token it cannot read (wrong key, tampered) is an error.
	Load(ctx context.Context) (*oauth2.Token, error)
	// TryLock takes the refresh lock if it is free, for a time the store
	// chooses (a few seconds; well under 15 s), after which it frees
	// itself. It returns a fence, greater than any fence it returned
	// before, and ok; or ok false when another holder has the lock.
	TryLock(ctx context.Context) (fence int64, ok bool, err error)
	// SaveFenced saves tok and releases the lock if fence still holds it;
	// otherwise it saves nothing and returns an error matching
	// [ErrLockLost].
	SaveFenced(ctx context.Context, fence int64, tok *oauth2.Token) error
	// Unlock releases the lock if fence still holds it (after a refresh
	// that failed), so that the next process need not wait for it to
	// expire.
	Unlock(ctx context.Context, fence int64) error
}

// ErrLockLost is returned by [SharedTokenStore.SaveFenced] when the refresh
// lock expired (and perhaps went to another process) before the save.
var ErrLockLost = errors.New("clio: the shared refresh lock was lost")

const (
	// sharedOpTimeout bounds each call to a SharedTokenStore, so a store
	// that hangs or is down costs a refresh a second or two, not the whole
	// refreshTimeout. A store answers in milliseconds when it works.
	sharedOpTimeout = time.Second
	// sharedWait bounds the wait for another process's refresh; then this
	// process refreshes itself, with what is left of refreshTimeout.
	sharedWait = 15 * time.Second
	// sharedPoll is the first pause between looks at the store while
	// another process refreshes; it doubles up to sharedPollMax.
	sharedPoll    = 20 * time.Millisecond
	sharedPollMax = 250 * time.Millisecond
)

// refreshShared is refreshNow for a shared store. old is this process's
// token (perhaps nil), stale the one Clio rejected (nil for an expiry).
func (ts *TokenSource) refreshShared(ctx context.Context, old, stale *oauth2.Token) (*oauth2.Token, error) {
	usable := func(t *oauth2.Token) bool {
		return ts.fresh(t) && (stale == nil || t.AccessToken != stale.AccessToken)
	}
	var refresh string // the refresh token to use: the shared one when readable
	if old != nil {
		refresh = old.RefreshToken
	}
	var tok *oauth2.Token
	var err error
	waitUntil := time.Now().Add(sharedWait)
	poll := pauses{first: sharedPoll, max: sharedPollMax}
	loopErr := retryLoop(ctx, poll, func(int) (bool, error) {
		cur, lerr := ts.sharedLoad(ctx)
		if errors.Is(lerr, context.DeadlineExceeded) {
			// The store did not answer in time: it is down or hangs.
			tok, err = ts.refreshAlone(ctx, refresh, lerr)
			return false, nil
		}
		if cur != nil {
			if usable(cur) {
				tok = ts.adopt(cur) // another process refreshed
				return false, nil
			}
			if cur.RefreshToken != "" {
				refresh = cur.RefreshToken
			}
		}
		fence, ok, lerr := ts.sharedTryLock(ctx)
		switch {
		case lerr != nil:
			tok, err = ts.refreshAlone(ctx, refresh, lerr)
			return false, nil
		case ok:
			tok, err = ts.refreshLocked(ctx, fence, refresh, usable)
			return false, nil
		case time.Now().After(waitUntil):
			ts.logger.WarnContext(ctx, "clio: another process's token refresh is taking too long; refreshing in this process", "waited", sharedWait)
			tok, err = ts.refreshAlone(ctx, refresh, nil)
			return false, nil
		}
		return true, nil // another process is refreshing: look again
	})
	if loopErr != nil {
		return nil, loopErr
	}
	return tok, err
}

// refreshLocked refreshes while holding the lock fence and saves the new
// token through the fence.
func (ts *TokenSource) refreshLocked(ctx context.Context, fence int64, refresh string, usable func(*oauth2.Token) bool) (*oauth2.Token, error) {
	// The previous holder may have saved between the look and the lock.
	if cur, _ := ts.sharedLoad(ctx); cur != nil {
		if usable(cur) {
			ts.sharedUnlock(ctx, fence)
			return ts.adopt(cur), nil
		}
		if cur.RefreshToken != "" {
			refresh = cur.RefreshToken
		}
	}
	if refresh == "" {
		ts.sharedUnlock(ctx, fence)
		return nil, &ReauthorizationError{Err: errors.New("no refresh token")}
	}
	tok, err := ts.fetchToken(ctx, refresh)
	if err != nil {
		ts.sharedUnlock(ctx, fence)
		return nil, err
	}
	octx, cancel := context.WithTimeout(ctx, sharedOpTimeout)
	err = ts.shared.SaveFenced(octx, fence, tok)
	cancel()
	switch {
	case err == nil:
		ts.sharedWorks(ctx)
	case errors.Is(err, ErrLockLost):
		// The lock expired mid-refresh. Another process's newer token
		// wins if there is one; if not, ours is valid all the same.
		if cur, _ := ts.sharedLoad(ctx); cur != nil && usable(cur) {
			return ts.adopt(cur), nil
		}
	default:
		ts.sharedFailed(ctx, "saving the refreshed token", err)
	}
	return ts.adopt(tok), nil
}

// refreshAlone refreshes without the fleet, when the store is unreachable
// (cause) or the holder of the lock is too slow (cause nil). The token is
// not saved: no refresh token is lost by that, since Clio does not rotate
// them, and the next refresh through the store shares a token again.
func (ts *TokenSource) refreshAlone(ctx context.Context, refresh string, cause error) (*oauth2.Token, error) {
	if cause != nil {
		ts.sharedFailed(ctx, "taking the refresh lock", cause)
	}
	if refresh == "" {
		if cause != nil {
			return nil, fmt.Errorf("clio: no refresh token, and the shared token store failed: %w", cause)
		}
		return nil, &ReauthorizationError{Err: errors.New("no refresh token")}
	}
	tok, err := ts.fetchToken(ctx, refresh)
	if err != nil {
		return nil, err
	}
	return ts.adopt(tok), nil
}

// sharedLoad loads the shared token: nil when there is none, and an error
// (logged once) when it cannot be had. The error matches
// context.DeadlineExceeded when the store did not answer in time.
func (ts *TokenSource) sharedLoad(ctx context.Context) (*oauth2.Token, error) {
	octx, cancel := context.WithTimeout(ctx, sharedOpTimeout)
	defer cancel()
	tok, err := ts.shared.Load(octx)
	if err != nil {
		ts.sharedFailed(ctx, "loading the shared token", err)
		if octx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("%w (%w)", err, context.DeadlineExceeded)
		}
		return nil, err
	}
	ts.sharedWorks(ctx)
	return tok, nil
}

func (ts *TokenSource) sharedTryLock(ctx context.Context) (int64, bool, error) {
	octx, cancel := context.WithTimeout(ctx, sharedOpTimeout)
	defer cancel()
	return ts.shared.TryLock(octx)
}

// sharedUnlock releases the lock; a failure leaves it to expire.
func (ts *TokenSource) sharedUnlock(ctx context.Context, fence int64) {
	octx, cancel := context.WithTimeout(ctx, sharedOpTimeout)
	defer cancel()
	if err := ts.shared.Unlock(octx, fence); err != nil {
		ts.sharedFailed(ctx, "releasing the refresh lock", err)
	}
}

// sharedFailed logs the first failure of the shared store since it last
// worked. The store's errors carry no token.
func (ts *TokenSource) sharedFailed(ctx context.Context, op string, err error) {
	ts.mu.Lock()
	first := !ts.sharedFailing
	ts.sharedFailing = true
	ts.mu.Unlock()
	if first {
		ts.logger.WarnContext(ctx, "clio: the shared token store failed; refreshes may not be shared until it works", "op", op, "err", err)
	}
}

// sharedWorks notes that the shared store works again after a failure.
func (ts *TokenSource) sharedWorks(ctx context.Context) {
	ts.mu.Lock()
	was := ts.sharedFailing
	ts.sharedFailing = false
	ts.mu.Unlock()
	if was {
		ts.logger.InfoContext(ctx, "clio: the shared token store works again")
	}
}
