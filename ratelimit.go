package clio

import (
	"context"
	"log/slog"
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
//
// The limiter is shared, so one bad answer must not stop every client of
// the token. Headers are untrusted and bounded accordingly:
//   - No header holds requests longer than one window (60 s) from the
//     response that carried it: a later reset, or a longer Retry-After on a
//     429, is cut to that.
//   - A response whose headers are not believable counts as one without
//     headers: a limit outside 1..100000, a remaining count outside
//     0..limit, or a reset more than two minutes of clock skew outside the
//     next window (ten years ahead, in milliseconds, year 1, MaxInt64).
//   - The reset is read on the server's clock: when the response's Date
//     header is more than a couple of seconds off ours, the reset counts
//     from Date, so a server clock a day ahead still paces by its windows.
//   - A window far (more than two windows) from the current one is another
//     clock's, not a late response, and replaces it: one bogus answer cannot
//     make the later correct ones look stale.
//   - Every wait has a deadline: the window's end (at most 60 s), or
//     probeHold while only responses still in flight can say more.
//
// A 429 holds every request: until its Retry-After when its
// X-RateLimit-Remaining shows room left in the window (a short refusal),
// else until the window's reset or the Retry-After, whichever is later.
//
// A limiter from [NewSharedRateLimiter] also keeps the window in a
// [RateLimitStore], so that every process using the token paces by one
// count; see there for what happens when the store is slow or down.
type RateLimiter struct {
	mu        sync.Mutex
	state     limiterState
	limit     int
	remaining int           // requests this process may still start in the window
	window    int64         // the server's X-RateLimit-Reset naming the current window
	reset     time.Time     // when the current window ends on our clock
	rolled    bool          // the window was rolled over locally and not yet confirmed
	inflight  int           // requests granted whose response has not been seen
	probed    time.Time     // when the last request was let out to learn the window
	hold      time.Time     // no request before this: a 429's Retry-After while the window had room
	changed   chan struct{} // closed and replaced to wake the waiters
	waiters   int           // goroutines sleeping on changed

	// The shared state (NewSharedRateLimiter); all nil or zero otherwise.
	store  RateLimitStore
	logger *slog.Logger // the first client's; see adoptLogger
	token  string       // the access token key was derived from
	key    string       // the store key: a hash of token, never the token
	cached []byte       // the value last read from or written to the store
	held   int          // permits taken from the store whose outcome it has not been told
	down   bool         // the store failed: pacing by the local state alone
	retry  time.Time    // when down, the next time the store is tried again
	trying bool         // a goroutine is trying the store again
}

// probeHold is how long a request waits for the probe before it goes too.
// A webhook handshake that calls the API while Webhooks.Create is the
// probe would otherwise wait for ever.
const probeHold = time.Second

const (
	// rateWindow is Clio's rate-limit window, and the longest any header
	// holds requests.
	rateWindow = time.Minute
	// maxClockSkew is how far outside [now, now+rateWindow] a reset may lie
	// and still be read as clock skew rather than nonsense.
	maxClockSkew = 2 * rateWindow
	// dateSlack is how far the Date header may be from our clock and still
	// count as agreeing: Date has whole seconds, and a reset read on our own
	// synchronised clock is exact.
	dateSlack = 2 * time.Second
	// lateWindows is how far (in seconds of reset) a response's window may
	// be behind the current one and still be a late answer from an earlier
	// window; further behind, it is a different clock's.
	lateWindows = int64(2 * rateWindow / time.Second)
	// maxRateLimit bounds a believable X-RateLimit-Limit (Clio allows 50 a
	// minute at peak).
	maxRateLimit = 100_000
)

type limiterState int

const (
	limiterProbing   limiterState = iota // no headers seen yet: one request at a time
	limiterUnlimited                     // the server sends no (believable) rate-limit headers
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
	Reset     time.Time // when the window ends, on this machine's clock
}

// Status returns the last known limit, remaining count and reset time.
func (l *RateLimiter) Status() RateLimitStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	return RateLimitStatus{Limit: l.limit, Remaining: l.remaining, Reset: l.reset}
}

// wait blocks until a request may be sent. A wait longer than maxWait
// returns *RateLimitError at once instead. Every wait has a deadline.
func (l *RateLimiter) wait(ctx context.Context, maxWait time.Duration) error {
	return l.waitFor(ctx, "", maxWait)
}

// waitFor is wait for a request carrying the access token token ("": the
// same as the last one), which names the window in a shared store.
func (l *RateLimiter) waitFor(ctx context.Context, token string, maxWait time.Duration) error {
	if l.store != nil && token != "" {
		l.setToken(token)
	}
	for {
		if l.useStore(time.Now()) {
			d, err := l.takeShared(ctx)
			if err == nil && d.ok {
				return nil
			}
			if err == nil {
				if err := l.sleepShared(ctx, d, maxWait); err != nil {
					return err
				}
				continue
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// The store failed (takeShared said so in the log): this
			// request, and the next until the store is back, go by the
			// local state below.
		}
		l.mu.Lock()
		now := time.Now()
		var until, probeEnd time.Time
		switch l.state {
		case limiterUnlimited:
			l.inflight++
			l.mu.Unlock()
			return nil
		case limiterProbing:
			if l.probe(now) {
				l.mu.Unlock()
				return nil
			}
			probeEnd = l.probed.Add(probeHold)
		case limiterKnown:
			if now.Before(l.hold) {
				until = l.hold // a 429's short Retry-After (at most rateWindow)
				break
			}
			if !l.rolled && !now.Before(l.reset) {
				// The window is over: the next one starts full, less what is
				// still in flight and may be counted in it.
				l.remaining = max(l.limit-l.inflight, 0)
				l.rolled = true
				l.probed = now
			}
			if l.remaining > 0 {
				l.remaining--
				l.inflight++
				l.mu.Unlock()
				return nil
			}
			if l.rolled {
				// The window was rolled over locally and its budget is spent;
				// only responses can say more (the server's clock may lag
				// ours). Let one request ask when none is on its way, else
				// one per probeHold: a request in flight may itself wait on
				// this one, like a webhook handshake during Webhooks.Create.
				if l.probe(now) {
					l.mu.Unlock()
					return nil
				}
				probeEnd = l.probed.Add(probeHold)
			} else {
				until = l.reset // at most rateWindow after the response that set it
			}
		}
		changed := l.changed
		l.waiters++
		l.mu.Unlock()

		d := probeEnd.Sub(now)
		if !until.IsZero() {
			if d = until.Sub(now); d > maxWait {
				return &RateLimitError{
					APIError:   &APIError{StatusCode: http.StatusTooManyRequests, Type: "RateLimitWindowExhausted"},
					RetryAfter: d,
				}
			}
		}
		err := sleepOrWake(ctx, max(d, 0), changed)
		l.mu.Lock()
		l.waiters--
		l.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// rateInfo is what one response's rate-limit headers say.
type rateInfo struct {
	limit, remaining int
	window           int64     // X-RateLimit-Reset as sent: the window's name on the server
	end              time.Time // when the window ends on our clock, at most rateWindow ahead
}

// readRateHeaders reads the rate-limit headers of a response observed at
// now. ok is false when one is missing or not believable; see
// [RateLimiter] for the bounds.
func readRateHeaders(h http.Header, now time.Time) (ri rateInfo, ok bool) {
	limit, err1 := strconv.Atoi(h.Get("X-Ratelimit-Limit")) // canonical keys: Get need not rewrite them
	remaining, err2 := strconv.Atoi(h.Get("X-Ratelimit-Remaining"))
	window, err3 := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil ||
		limit < 1 || limit > maxRateLimit || remaining < 0 || remaining > limit {
		return rateInfo{}, false
	}
	// Read the reset on the server's clock when its Date shows the clocks
	// disagree. Date is bounded (four-digit years), so none of this
	// arithmetic overflows.
	ref := now
	if date, err := http.ParseTime(h.Get("Date")); err == nil && (date.Sub(now) > dateSlack || now.Sub(date) > dateSlack) {
		ref = date
	}
	refUnix, skew := ref.Unix(), int64(maxClockSkew/time.Second)
	if window < refUnix-skew || window > refUnix+int64(rateWindow/time.Second)+skew {
		return rateInfo{}, false
	}
	end := now.Add(time.Unix(window, 0).Sub(ref))
	if latest := now.Add(rateWindow); end.After(latest) {
		end = latest
	}
	return rateInfo{limit: limit, remaining: remaining, window: window, end: end}, true
}

// observe records the outcome of one granted request: resp is nil when the
// request failed without a response.
func (l *RateLimiter) observe(resp *http.Response, now time.Time) {
	var ri rateInfo
	var ok bool
	if resp != nil {
		ri, ok = readRateHeaders(resp.Header, now)
	}
	l.observeLocal(resp, ri, ok, now)
	if l.store != nil {
		l.recordShared(resp, ri, ok, now)
	}
}

// observeLocal is observe on the in-process state; ri and ok are what
// resp's headers say.
func (l *RateLimiter) observeLocal(resp *http.Response, ri rateInfo, ok bool, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.broadcast()
	if l.inflight > 0 {
		l.inflight--
	}
	if resp == nil {
		return
	}
	if !ok {
		if l.state == limiterProbing {
			l.state = limiterUnlimited
		}
		return
	}
	known := l.state == limiterKnown
	l.state, l.limit = limiterKnown, ri.limit
	switch {
	case known && l.rolled && ri.window == l.window:
		// The server counted this request in the window we rolled out of
		// (its clock may lag ours), so the slot it took in the new one is
		// free again.
		l.remaining = min(l.remaining+1, l.limit)
	case known && ri.window < l.window && l.window-ri.window <= lateWindows:
		// A late response from a window already over says nothing new.
	case known && ri.window == l.window:
		// The current window: the local count is exact unless someone else
		// spends this token's budget, which only the server's count shows.
		l.remaining = min(l.remaining, ri.remaining)
	case known && l.rolled:
		// The first word of the window rolled into locally.
		l.remaining = min(l.remaining, ri.remaining)
		l.window, l.reset, l.rolled = ri.window, ri.end, false
	default:
		// A window not seen before, or one from another clock than the
		// current one's: trust the server, less what is in flight.
		l.remaining = max(ri.remaining-l.inflight, 0)
		l.window, l.reset, l.rolled = ri.window, ri.end, false
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		d, hasRetryAfter := retryAfter(resp.Header, now)
		hold := now.Add(min(d, rateWindow))
		if hasRetryAfter && ri.remaining > 0 {
			// The window has room, so the refusal is a short one (a burst
			// limit): hold everyone for the Retry-After only, not until the
			// window ends.
			if hold.After(l.hold) {
				l.hold = hold
			}
			return
		}
		// The window is spent: nothing more until its reset or
		// Retry-After, whichever is later, but no more than a window.
		l.remaining, l.rolled = 0, false
		if hasRetryAfter && hold.After(l.reset) {
			l.reset = hold
		}
	}
}

// probe lets one request out to learn more when none is in flight or the
// last probe went out probeHold ago; called with mu held.
func (l *RateLimiter) probe(now time.Time) bool {
	if l.inflight > 0 && now.Before(l.probed.Add(probeHold)) {
		return false
	}
	l.inflight++
	l.probed = now
	return true
}

// broadcast wakes every waiter; called with mu held. With none waiting it
// does nothing, so a response costs no new channel.
func (l *RateLimiter) broadcast() {
	if l.waiters == 0 {
		return
	}
	close(l.changed)
	l.changed = make(chan struct{})
}
