package clio

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimiter paces requests by Clio's rate-limit headers. Clio counts
// requests per access token in a fixed window and reports
// X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (a unix
// time) on every response. The limiter lets requests go while the window
// has room, then holds them until the window resets, so bulk work runs at
// the allowed rate without 429s. Until the first headers arrive it lets one
// request out at a time to learn them, for at most probeHold each (so a
// slow first request, or one that waits on another, does not stall the
// rest); a server that sends no headers is not limited. It is safe for
// many goroutines and for sharing between clients of the same token
// ([WithRateLimiter]).
type RateLimiter struct {
	mu        sync.Mutex
	state     limiterState
	limit     int
	remaining int       // requests this process may still start in the window
	reset     time.Time // when the server's window ends
	rolled    bool      // the window was rolled over locally and not yet confirmed
	inflight  int       // requests granted whose response has not been seen
	probed    time.Time // when the last probe was let out
	changed   chan struct{}
}

// probeHold is how long a request waits for the probe before it goes too.
// A webhook handshake that calls the API while Webhooks.Create is the
// probe would otherwise wait for ever.
const probeHold = time.Second

type limiterState int

const (
	limiterProbing   limiterState = iota // no headers seen yet: one request at a time
	limiterUnlimited                     // the server sends no rate-limit headers
	limiterKnown
)

// NewRateLimiter returns a limiter that learns the limit from responses.
func NewRateLimiter() *RateLimiter {
	return &RateLimiter{changed: make(chan struct{})}
}

// RateLimitStatus is the limiter's view of the current window.
type RateLimitStatus struct {
	Limit     int       // requests allowed per window; 0 until headers are seen
	Remaining int       // requests this client may still start in the window
	Reset     time.Time // when the window ends
}

// Status returns the last known limit, remaining count and reset time.
func (l *RateLimiter) Status() RateLimitStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	return RateLimitStatus{Limit: l.limit, Remaining: l.remaining, Reset: l.reset}
}

// wait blocks until a request may be sent. A wait longer than maxWait
// returns *RateLimitError at once instead.
func (l *RateLimiter) wait(ctx context.Context, maxWait time.Duration) error {
	for {
		l.mu.Lock()
		now := time.Now()
		var until, probeEnd time.Time
		switch l.state {
		case limiterUnlimited:
			l.inflight++
			l.mu.Unlock()
			return nil
		case limiterProbing:
			if l.inflight == 0 || !now.Before(l.probed.Add(probeHold)) {
				l.inflight++
				l.probed = now
				l.mu.Unlock()
				return nil
			}
			probeEnd = l.probed.Add(probeHold)
		case limiterKnown:
			if !l.rolled && !l.reset.IsZero() && !now.Before(l.reset) {
				// The window is over: the next one starts full, less what is
				// still in flight and may be counted in it.
				l.remaining = max(l.limit-l.inflight, 0)
				l.rolled = true
			}
			if l.remaining > 0 {
				l.remaining--
				l.inflight++
				l.mu.Unlock()
				return nil
			}
			if l.rolled && l.inflight == 0 {
				// The window was rolled over locally, its budget is spent and
				// no response is on its way to say more (the server's clock
				// may lag ours): let one request ask.
				l.inflight++
				l.mu.Unlock()
				return nil
			}
			if !l.rolled {
				until = l.reset
			}
		}
		changed := l.changed
		l.mu.Unlock()

		var d time.Duration = -1 // no deadline: wait for a response to say more
		if !probeEnd.IsZero() {
			d = probeEnd.Sub(now)
		}
		if !until.IsZero() {
			if d = until.Sub(now); d > maxWait {
				return &RateLimitError{
					APIError:   &APIError{StatusCode: http.StatusTooManyRequests, Type: "RateLimitWindowExhausted"},
					RetryAfter: d,
				}
			}
		}
		if err := sleepOrWake(ctx, d, changed); err != nil {
			return err
		}
	}
}

// observe records the outcome of one granted request: resp is nil when the
// request failed without a response.
func (l *RateLimiter) observe(resp *http.Response, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.broadcast()
	if l.inflight > 0 {
		l.inflight--
	}
	if resp == nil {
		return
	}
	limit, err1 := strconv.Atoi(resp.Header.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	resetUnix, err3 := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		if l.state == limiterProbing {
			l.state = limiterUnlimited
		}
		return
	}
	reset := time.Unix(resetUnix, 0)
	l.state, l.limit = limiterKnown, limit
	switch {
	case l.rolled && reset.Equal(l.reset):
		// The server counted this request in the window we rolled out of
		// (its clock may lag ours), so the slot it took in the new one is
		// free again.
		l.remaining = min(l.remaining+1, l.limit)
	case reset.Before(l.reset):
		// A late response from a window already over says nothing new.
	case reset.Equal(l.reset) || l.rolled:
		// The current window (or the first word of the one rolled into
		// locally): the local count is exact unless someone else spends this
		// token's budget, which only the server's count shows.
		l.remaining = min(l.remaining, remaining)
		l.reset, l.rolled = reset, false
	default:
		// A window not seen before: trust the server, less what is in flight.
		l.remaining = max(remaining-l.inflight, 0)
		l.reset = reset
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		// The server's word wins: nothing more until its reset or
		// Retry-After, whichever is later.
		l.remaining, l.rolled = 0, false
		if d, ok := retryAfter(resp.Header, now); ok && now.Add(d).After(l.reset) {
			l.reset = now.Add(d)
		}
	}
}

// broadcast wakes every waiter; called with mu held.
func (l *RateLimiter) broadcast() {
	close(l.changed)
	l.changed = make(chan struct{})
}
