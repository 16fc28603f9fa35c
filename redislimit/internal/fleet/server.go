package fleet

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Server limits one token to Limit requests per Window, in fixed windows
// aligned to multiples of Window since the epoch (so X-RateLimit-Reset, in
// whole seconds, is exact when Window is), like Clio: X-RateLimit-Limit,
// -Remaining and -Reset on every answer, 429 with Retry-After when the
// window is spent. It counts what a fleet did: the requests it served per
// window and per request id, its 429s, and the requests that arrived while
// a 429's Retry-After held.
type Server struct {
	Limit  int
	Window time.Duration
	// Grace is how long after a 429 a request may still arrive without
	// counting as sent during the hold: it may have left before the 429
	// was seen.
	Grace time.Duration

	mu         sync.Mutex
	window     time.Time
	used       int
	perWindow  map[int64]int // served, by window start (unix ms)
	ids        map[string]int
	rejected   int
	inject     int // answer the inject-th request with a short 429
	injectWait int // its Retry-After, seconds
	injected   int
	holdFrom   time.Time
	holdUntil  time.Time
	duringHold int
	inGrace    int
	graceMax   time.Duration // the latest an in-grace request came after its 429
	requests   int
}

// NewServer returns a server allowing limit requests per window.
func NewServer(limit int, window time.Duration) *Server {
	return &Server{Limit: limit, Window: window, Grace: 250 * time.Millisecond,
		perWindow: map[int64]int{}, ids: map[string]int{}}
}

// InjectShort429 makes the server answer its n-th request with a 429 whose
// Retry-After is wait (whole seconds) while the window still has room: a
// refusal that holds every client of the token for wait, not the window.
func (s *Server) InjectShort429(n int, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject, s.injectWait = n, int(wait/time.Second)
}

// ServeHTTP answers any request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := time.Now()
	s.requests++
	if now.Before(s.holdUntil) {
		if d := now.Sub(s.holdFrom); d < s.Grace {
			s.inGrace++
			s.graceMax = max(s.graceMax, d)
		} else {
			s.duringHold++
		}
	}
	if start := now.Truncate(s.Window); !start.Equal(s.window) {
		s.window, s.used = start, 0
	}
	reset := s.window.Add(s.Window)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.Limit))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	status, retry := http.StatusOK, 0
	switch {
	case s.requests == s.inject:
		status, retry = http.StatusTooManyRequests, s.injectWait
		s.injected++
		s.holdFrom, s.holdUntil = now, now.Add(time.Duration(retry)*time.Second)
	case s.used >= s.Limit:
		status, retry = http.StatusTooManyRequests, int((reset.Sub(now)+time.Second-1)/time.Second)
		s.rejected++
		if reset.After(s.holdUntil) {
			s.holdFrom, s.holdUntil = now, reset // the window's end is what the server means
		}
	default:
		s.used++
		s.perWindow[s.window.UnixMilli()]++
		s.ids[r.Header.Get(RequestIDHeader)]++
	}
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.Limit-s.used))
	s.mu.Unlock()

	h.Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		h.Set("Retry-After", strconv.Itoa(retry))
		w.WriteHeader(status)
		fmt.Fprint(w, `{"error":{"type":"RateLimited","message":"Rate limit exceeded."}}`)
		return
	}
	fmt.Fprint(w, `{"data":{"id":1,"etag":"\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"","name":"Fleet Worker"}}`)
}

// Stats is what a server counted.
type Stats struct {
	Requests   int // every request, 429s included
	Served     int
	Rejected   int // 429s for a spent window
	Injected   int // 429s from InjectShort429
	DuringHold int // requests that arrived while a 429 held, after Grace
	InGrace    int // requests that arrived within Grace of a 429 while it held
	// GraceMax is how long after its 429 the latest of those came.
	GraceMax time.Duration
	// FullWindows are the windows strictly between the first and the last
	// in which requests were served; FullServed what they served. The
	// achieved share of the allowed rate is FullServed / (FullWindows *
	// Limit): whole windows, not the timing of single requests.
	FullWindows, FullServed int
	// Duplicates are request ids served more than once (see also
	// Server.Missing).
	Duplicates int
}

// Share is the achieved share of the allowed rate over the full windows
// (0 when there were none).
func (st Stats) Share(limit int) float64 {
	if st.FullWindows == 0 {
		return 0
	}
	return float64(st.FullServed) / float64(st.FullWindows*limit)
}

// Stats returns what the server counted so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Requests: s.requests, Rejected: s.rejected, Injected: s.injected, DuringHold: s.duringHold, InGrace: s.inGrace, GraceMax: s.graceMax}
	var first, last int64
	for w, n := range s.perWindow {
		st.Served += n
		if first == 0 || w < first {
			first = w
		}
		if w > last {
			last = w
		}
	}
	step := s.Window.Milliseconds()
	for w := first + step; w < last; w += step {
		st.FullWindows++
		st.FullServed += s.perWindow[w]
	}
	for _, n := range s.ids {
		if n > 1 {
			st.Duplicates++
		}
	}
	return st
}

// Missing returns how many of the ids name-i-1 .. name-i-calls, for
// workers i in 0..k-1, the server never served.
func (s *Server) Missing(name string, k, calls int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	missing := 0
	for i := range k {
		for n := 1; n <= calls; n++ {
			if s.ids[fmt.Sprintf("%s%d-%d", name, i, n)] == 0 {
				missing++
			}
		}
	}
	return missing
}
