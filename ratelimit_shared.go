package clio

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The rate limiter's window shared by every process of a token through a
// RateLimitStore (NewSharedRateLimiter); ratelimit.go has the limiter.

// RateLimitStore keeps the rate-limit state that every process using one
// access token must agree on: what Clio said about the window (limit,
// remaining, reset), the permits taken from it whose answers are not yet
// seen, and any Retry-After hold. The limiter encodes that state as a short
// opaque value (at most 256 bytes), checks every value it reads back as
// untrusted, and keeps all the logic; the store only keeps the value and
// swaps it atomically. Keys are a SHA-256 hash of the access token, never
// the token. Package github.com/clio-sdk/clio-go/redislimit implements it
// on Redis.
type RateLimitStore interface {
	// CompareAndSwap atomically stores next under key, to expire ttl later,
	// if the value stored there is old (a missing key holds the empty
	// value). It returns the value stored after the call (next when it
	// swapped) and whether it swapped. When old and next are equal it only
	// compares. It should return when ctx is done; the limiter gives up on
	// it then either way.
	CompareAndSwap(ctx context.Context, key string, old, next []byte, ttl time.Duration) (stored []byte, swapped bool, err error)
}

// NewSharedRateLimiter returns a limiter that keeps the window in store, for
// the clients of every process using one access token (pass it with
// [WithRateLimiter]). They take their permits from one count, so the fleet
// paces itself as one client, and a 429 and its Retry-After seen by any of
// them holds them all. It keeps every bound of [RateLimiter].
//
// Each request and each response costs one compare-and-swap on the store,
// or a few when other processes won the race, each call bounded by 250 ms.
// When a call fails or is slower than that, the limiter paces by its
// in-process state as [NewRateLimiter]'s does, says so once through the
// client's logger (at Warn; at Info when the store is back), and tries the
// store again every 5 s. (When the store answers but other processes keep
// winning the race for a second, that one request goes by the local state
// and the store stays in use.) No request is lost or sent twice because of
// the store. While it is down each process knows only its own count and
// the headers it sees, so a fleet may meet 429s again; the client retries
// them.
//
// Processes sharing a store should have clocks within a second or so of
// each other: each places the window's end on its own clock.
func NewSharedRateLimiter(store RateLimitStore) *RateLimiter {
	l := NewRateLimiter()
	l.store = store
	return l
}

const (
	// storeTimeout bounds one call to the store: a store slower than this
	// is taken to be down.
	storeTimeout = 250 * time.Millisecond
	// storeBusy bounds the rounds of one operation that lose their
	// compare-and-swap to other processes (the store answers, but many
	// processes write at once); after it the request goes by the local
	// state, and the store stays in use.
	storeBusy = time.Second
	// storeRetry is how long the limiter goes by its local state after
	// the store failed before it tries the store again.
	storeRetry = 5 * time.Second
	// storePoll is how often a waiting request asks the store again while
	// only a response (from any process) can say more.
	storePoll = 20 * time.Millisecond
	// storeTTL is how long an untouched shared state lives.
	storeTTL = 2 * rateWindow
	// storeSkew is how far another process's clock may be ahead of ours in
	// the times it stores.
	storeSkew = 5 * time.Second
	// maxStateLen bounds a stored value; a longer one is not ours.
	maxStateLen = 256
	// maxFlight bounds the permits in flight a stored value may claim.
	maxFlight = 1 << 20
	// maxSwaps bounds the compare-and-swap rounds of one operation.
	maxSwaps = 64
)

// errStoreBusy is an operation that lost every compare-and-swap round.
var errStoreBusy = errors.New("clio: the shared rate-limit state kept changing")

// errStoreSlow is a store call that took longer than storeTimeout.
var errStoreSlow = errors.New("clio: the shared rate-limit store did not answer in time")

// adoptLogger gives a shared limiter the logger of a client using it,
// unless it has a real one already.
func (l *RateLimiter) adoptLogger(lg *slog.Logger) {
	if l.store == nil || lg == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.logger == nil || l.logger.Handler() == slog.DiscardHandler {
		l.logger = lg
	}
}

// setToken derives the store key from the access token of a request.
func (l *RateLimiter) setToken(token string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if token == l.token {
		return
	}
	sum := sha256.Sum256([]byte("clio-go rate limit\x00" + token))
	l.token, l.key = token, hex.EncodeToString(sum[:])
	l.cached, l.held = nil, 0 // another token, another window
}

// useStore reports whether this request asks the store: it does unless
// the server sends no rate-limit headers, or the store failed and is not
// due to be tried again (one request tries it; the rest go by the local
// state meanwhile).
func (l *RateLimiter) useStore(now time.Time) bool {
	if l.store == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.key == "" || l.state == limiterUnlimited:
		return false
	case !l.down:
		return true
	case l.trying || now.Before(l.retry):
		return false
	}
	l.trying = true
	return true
}

// takeShared asks the store for a permit.
func (l *RateLimiter) takeShared(ctx context.Context) (sharedDecision, error) {
	var d sharedDecision
	if err := l.updateShared(ctx, func(s *sharedState, now int64) { d = s.take(now) }); err != nil {
		return d, err
	}
	if d.ok {
		// The local state counts the request too: it releases it in
		// observe, and paces the next ones if the store fails.
		l.mu.Lock()
		l.held++
		l.inflight++
		if l.state == limiterKnown && l.remaining > 0 {
			l.remaining--
		}
		l.mu.Unlock()
	}
	return d, nil
}

// sleepShared waits as the store's decision says: until a hold or the
// window's end (failing at once past maxWait, as the local state does), or
// storePoll while only a response can say more. A response seen by this
// process wakes it early.
func (l *RateLimiter) sleepShared(ctx context.Context, d sharedDecision, maxWait time.Duration) error {
	wait := time.Until(time.UnixMilli(d.until))
	if d.poll {
		wait = min(wait, storePoll)
	} else if wait > maxWait {
		return &RateLimitError{
			APIError:   &APIError{StatusCode: http.StatusTooManyRequests, Type: "RateLimitWindowExhausted"},
			RetryAfter: wait,
		}
	}
	l.mu.Lock()
	changed := l.changed
	l.waiters++
	l.mu.Unlock()
	err := sleepOrWake(ctx, min(max(wait, 0), rateWindow), changed)
	l.mu.Lock()
	l.waiters--
	l.mu.Unlock()
	return err
}

// recordShared tells the store what a response said (ri, ok) and releases
// the permit it was sent on, when that came from the store.
func (l *RateLimiter) recordShared(resp *http.Response, ri rateInfo, ok bool, now time.Time) {
	l.mu.Lock()
	use := l.key != "" && !l.down
	release := use && l.held > 0
	if release {
		l.held--
	}
	l.mu.Unlock()
	if !use || (!release && resp == nil) {
		return
	}
	r := sharedRecord{release: release, answered: resp != nil, known: ok,
		limit: ri.limit, remaining: ri.remaining, window: ri.window, end: ri.end.UnixMilli()}
	if ok && resp.StatusCode == http.StatusTooManyRequests {
		r.is429 = true
		var d time.Duration
		d, r.retryAfter = retryAfter(resp.Header, now)
		r.holdUntil = now.Add(min(d, rateWindow)).UnixMilli()
	}
	// A failure is logged by updateShared; the local state has the news.
	_ = l.updateShared(context.Background(), func(s *sharedState, _ int64) { s.record(r) })
}

// updateShared applies fn to the stored state by compare-and-swap, each
// call within storeTimeout, the rounds lost to other processes within
// storeBusy. A failed or slow call puts the limiter on its local state
// (logged once); success after a failure takes it back.
func (l *RateLimiter) updateShared(ctx context.Context, fn func(s *sharedState, now int64)) error {
	busyCtx, cancel := context.WithTimeout(ctx, storeBusy)
	defer cancel()
	l.mu.Lock()
	key, cur := l.key, l.cached
	l.mu.Unlock()
	var err error
	for range maxSwaps {
		now := time.Now()
		s := decodeShared(cur, now)
		next := s
		fn(&next, now.UnixMilli())
		val := cur
		if next != s || len(cur) == 0 {
			next.seq = s.seq + 1 // no value is stored twice, so a swap never mistakes an old one for the current
			val = next.encode()
		}
		var stored []byte
		var swapped bool
		if stored, swapped, err = l.swap(busyCtx, key, cur, val); err != nil {
			break
		}
		if swapped {
			l.storeOK(key, val)
			return nil
		}
		cur = stored
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err() // the caller gave up; the store is not to blame
	case err == nil || (busyCtx.Err() != nil && !errors.Is(err, errStoreSlow)):
		return errStoreBusy // the store answers; others won the rounds
	}
	l.storeFailed(err)
	return err
}

// swap runs one CompareAndSwap within storeTimeout, giving up then even
// if the store does not.
func (l *RateLimiter) swap(ctx context.Context, key string, old, next []byte) ([]byte, bool, error) {
	type result struct {
		stored  []byte
		swapped bool
		err     error
	}
	callCtx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		stored, swapped, err := l.store.CompareAndSwap(callCtx, key, old, next, storeTTL)
		done <- result{stored, swapped, err}
	}()
	select {
	case r := <-done:
		return r.stored, r.swapped, r.err
	case <-callCtx.Done():
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, errStoreSlow
	}
}

// storeOK records a successful operation that stored val under key.
func (l *RateLimiter) storeOK(key string, val []byte) {
	l.mu.Lock()
	if key == l.key {
		l.cached = val
	}
	back := l.down
	l.down, l.trying = false, false
	logger := l.logger
	l.mu.Unlock()
	if back && logger != nil {
		logger.Info("clio: the shared rate-limit state is back; pacing with the other processes again")
	}
}

// storeFailed puts the limiter on its local state until storeRetry has
// passed, logging the first failure of an outage only.
func (l *RateLimiter) storeFailed(err error) {
	l.mu.Lock()
	l.retry, l.trying = time.Now().Add(storeRetry), false
	first := !l.down
	// Permits taken from the store before it failed are not given back:
	// the stored state forgets them within two windows.
	l.down, l.held, l.cached = true, 0, nil
	logger := l.logger
	l.mu.Unlock()
	if first && logger != nil {
		logger.Warn("clio: the shared rate-limit state is unavailable; pacing by this process's own count",
			"error", err.Error(), "retry_in", storeRetry)
	}
}

// sharedState is the state kept in a RateLimitStore: the part of the
// limiter the processes of one token share, times in unix milliseconds.
// take and record follow the local state's wait and observe; what differs
// is said where it does.
type sharedState struct {
	seq               int64 // incremented on every change
	mode              limiterState
	limit, left       int
	window            int64 // X-RateLimit-Reset as sent: the window's name
	end               int64 // when the window ends
	rolled            bool
	hold, probed      int64
	flight, flightAgo int // permits in flight taken in this window and before it
}

// sharedDecision is take's answer: ok, or no request before until (poll:
// until then, only a response can say more).
type sharedDecision struct {
	ok    bool
	poll  bool
	until int64
}

// sharedRecord is what one outcome tells the shared state.
type sharedRecord struct {
	release, answered, known, is429, retryAfter bool
	limit, remaining                            int
	window, end, holdUntil                      int64
}

func (s *sharedState) take(now int64) sharedDecision {
	if now < s.hold {
		return sharedDecision{until: s.hold}
	}
	switch s.mode {
	case limiterUnlimited:
		s.flight++
		return sharedDecision{ok: true}
	case limiterKnown:
		if !s.rolled && now >= s.end {
			// Permits in flight still count in the new window, as in the
			// local state. Ones from before the last window are forgotten:
			// their process may have died with them.
			s.left = max(s.limit-s.flight, 0)
			s.flightAgo, s.flight = s.flight, 0
			s.rolled, s.probed = true, now
		}
		if s.left > 0 {
			s.left--
			s.flight++
			return sharedDecision{ok: true}
		}
		if !s.rolled {
			return sharedDecision{until: s.end}
		}
	}
	// Nothing known yet, or a window rolled over locally and spent: one
	// request asks, as in the local state.
	if s.flight+s.flightAgo == 0 || now >= s.probed+probeHold.Milliseconds() {
		s.flight++
		s.probed = now
		return sharedDecision{ok: true}
	}
	return sharedDecision{poll: true, until: s.probed + probeHold.Milliseconds()}
}

func (s *sharedState) record(r sharedRecord) {
	if r.release {
		// Which permit this was is not known; the older ones go first.
		if s.flightAgo > 0 {
			s.flightAgo--
		} else if s.flight > 0 {
			s.flight--
		}
	}
	if !r.answered {
		return
	}
	if !r.known {
		if s.mode == limiterProbing {
			s.mode = limiterUnlimited
		}
		return
	}
	known := s.mode == limiterKnown
	s.mode, s.limit, s.left = limiterKnown, r.limit, min(s.left, r.limit)
	switch {
	case known && s.rolled && r.window == s.window:
		s.left = min(s.left+1, s.limit)
	case known && r.window < s.window && s.window-r.window <= lateWindows:
	case known && r.window == s.window:
		// The server's count includes every process's requests.
		s.left = min(s.left, r.remaining)
	case known && s.rolled:
		s.left = min(s.left, r.remaining)
		s.window, s.end, s.rolled = r.window, r.end, false
	default:
		s.left = max(r.remaining-s.flight-s.flightAgo, 0)
		s.window, s.end, s.rolled = r.window, r.end, false
	}
	if r.is429 {
		if r.retryAfter && r.remaining > 0 {
			s.hold = max(s.hold, r.holdUntil)
			return
		}
		s.left, s.rolled = 0, false
		if r.retryAfter {
			s.end = max(s.end, r.holdUntil)
		}
	}
}

// encode is the stored form: "c1" and eleven decimal numbers.
func (s sharedState) encode() []byte {
	return fmt.Appendf(nil, "c1 %d %d %d %d %d %d %d %d %d %d %d", s.seq, s.mode, s.limit, s.window, s.end,
		s.left, b2i(s.rolled), s.hold, s.probed, s.flight, s.flightAgo)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// decodeShared reads a stored value, read at now. The value is untrusted
// (any process, or anyone with access to the store, may have written it):
// one that is not well formed, or whose numbers are out of bounds, counts
// as no state at all. Times are at most a window (plus storeSkew) ahead,
// so a stored value holds no request longer than one from a response.
func decodeShared(b []byte, now time.Time) sharedState {
	if len(b) == 0 || len(b) > maxStateLen {
		return sharedState{}
	}
	f := strings.Fields(string(b))
	if len(f) != 12 || f[0] != "c1" {
		return sharedState{}
	}
	var n [11]int64
	for i := range n {
		v, err := strconv.ParseInt(f[i+1], 10, 64)
		if err != nil || v < 0 {
			return sharedState{}
		}
		n[i] = v
	}
	nowMs, day := now.UnixMilli(), int64(24*time.Hour/time.Second)
	latest := nowMs + (rateWindow + storeSkew).Milliseconds()
	mode, limit, window, left, rolled := limiterState(n[1]), n[2], n[3], n[5], n[6]
	if mode > limiterKnown || limit > maxRateLimit || (mode == limiterKnown && limit < 1) || left > limit || rolled > 1 ||
		window > now.Unix()+2*day || n[4] > latest || n[7] > latest || n[8] > nowMs+storeSkew.Milliseconds() ||
		n[9] > maxFlight || n[10] > maxFlight {
		return sharedState{}
	}
	return sharedState{seq: n[0], mode: mode, limit: int(limit), window: window, end: n[4], left: int(left),
		rolled: rolled == 1, hold: n[7], probed: n[8], flight: int(n[9]), flightAgo: int(n[10])}
}
