package cliotest

import (
	"net/http"
	"strconv"
	"time"
)

// rateWindow counts one token's requests in its current window.
type rateWindow struct {
	end   time.Time
	count int
}

// SetRateLimit changes the per-token limit at run time (n <= 0 turns it
// off) and starts every token's window afresh.
func (s *Server) SetRateLimit(n int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.rateLimit, s.cfg.rateWindow = n, window
	clear(s.limits)
}

// rateLimit counts c against its token's window and sets the X-RateLimit
// headers; when the limit is used up it sets a 429 answer with Retry-After
// and returns true. Called with the lock held.
func (s *Server) rateLimit(c *call) bool {
	n, window := s.cfg.rateLimit, s.cfg.rateWindow
	if n <= 0 {
		return false
	}
	if window <= 0 {
		window = time.Minute
	}
	now := s.now()
	w := s.limits[c.token]
	if w == nil || !now.Before(w.end) {
		w = &rateWindow{end: now.Add(window)}
		s.limits[c.token] = w
	}
	h := c.resp.header
	h.Set("X-RateLimit-Limit", strconv.Itoa(n))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(ceilUnix(w.end), 10))
	if w.count >= n {
		h.Set("X-RateLimit-Remaining", "0")
		wait := max(ceilSeconds(w.end.Sub(now)), 1)
		h.Set("Retry-After", strconv.Itoa(wait))
		c.fail(http.StatusTooManyRequests, "RateLimited", "Rate limit exceeded. Retry in %d seconds.", wait)
		return true
	}
	w.count++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(n-w.count))
	return false
}

// ceilUnix is t as unix seconds, rounded up.
func ceilUnix(t time.Time) int64 {
	sec := t.Unix()
	if t.Nanosecond() > 0 {
		sec++
	}
	return sec
}
