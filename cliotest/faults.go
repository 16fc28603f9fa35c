package cliotest

import (
	"math"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Fault describes an injected failure. A request matches when its host,
// method and path match; then, when Probability is set, a draw from a
// random source seeded with Seed decides; and only the first Times such
// requests are faulted (0 = every one).
//
// What happens to a faulted request, in order: Delay (if set) is waited
// first; then with Drop the connection is closed without a response; with
// Status the server answers that status (a JSON error body, plus
// Retry-After when RetryAfter is set). The handler does not
// run, so a faulted write is NOT applied. A fault with only a Delay lets the
// request through after the wait.
//
// With After, the handler runs first (the write IS applied) and its answer
// is then replaced: by Status if set, otherwise by dropping the connection.
// Use it to test ambiguous writes.
type Fault struct {
	Host       Host           // HostAPI or HostStorage; "" matches both
	Method     string         // e.g. "POST"; "" matches any
	Path       string         // a path prefix, e.g. "/api/v4/matters"; "" matches any
	PathRegexp *regexp.Regexp // if set, the path must also match it
	Times      int            // fault only the first Times matches; 0 = no limit
	// Probability, when in (0,1), faults a match with that probability,
	// drawn from math/rand/v2 PCG seeded with Seed, so runs repeat.
	Probability float64
	Seed        uint64

	Status     int           // answer with this status (5xx, 429, ...)
	RetryAfter time.Duration // sent as Retry-After (seconds, rounded up) with Status
	// Drop closes the connection without a response. Over the network it
	// sends a truncated status line first, so Go's transport reports the
	// error instead of silently resending an idempotent request on a new
	// connection (which it does when a reused connection closes before the
	// first response byte).
	Drop  bool
	Delay time.Duration // wait this long first
	After bool          // apply the request, then fault its response
}

// InjectedFault is a fault in force; it counts the requests it faulted.
type InjectedFault struct {
	Fault
	s    *Server
	rng  *rand.Rand
	hits int
}

// Inject adds a fault rule. Rules are tried in the order added; the first
// that fires wins.
func (s *Server) Inject(f Fault) *InjectedFault {
	inj := &InjectedFault{Fault: f, s: s}
	if f.Probability > 0 {
		inj.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
	}
	s.mu.Lock()
	s.faults = append(s.faults, inj)
	s.mu.Unlock()
	return inj
}

// Hits reports how many requests the fault has faulted.
func (f *InjectedFault) Hits() int {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.hits
}

// Remove withdraws the fault.
func (f *InjectedFault) Remove() {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	for i, g := range f.s.faults {
		if g == f {
			f.s.faults = append(f.s.faults[:i], f.s.faults[i+1:]...)
			return
		}
	}
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// matchFault returns the fault that fires for r, counting the hit.
func (s *Server) matchFault(host Host, r *http.Request) *InjectedFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.Host != "" && f.Host != host {
			continue
		}
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.Path) {
			continue
		}
		if f.PathRegexp != nil && !f.PathRegexp.MatchString(r.URL.Path) {
			continue
		}
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		if f.rng != nil && f.Probability < 1 && f.rng.Float64() >= f.Probability {
			continue
		}
		f.hits++
		return f
	}
	return nil
}

// response builds the fault's status answer.
func (f *InjectedFault) response() *response {
	typ := "InjectedFault"
	switch {
	case f.Status == http.StatusTooManyRequests:
		typ = "RateLimited"
	case f.Status >= 500:
		typ = "ServerError"
	}
	resp := jsonError(f.Status, typ, "cliotest injected "+strconv.Itoa(f.Status)+" "+http.StatusText(f.Status))
	if f.RetryAfter > 0 {
		resp.header.Set("Retry-After", strconv.Itoa(ceilSeconds(f.RetryAfter)))
	}
	return resp
}

// ceilSeconds rounds d up to whole seconds.
func ceilSeconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
