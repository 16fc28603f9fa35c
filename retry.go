package clio

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"time"
)

// RetryPolicy decides how the client retries. Every zero field takes its
// default from [DefaultRetryPolicy], MaxRetries included; to turn retries
// off, set MaxRetries to [NoRetries].
//
// What is retried:
//   - 429 on any method (Clio refused the request, so it was not applied),
//     after Retry-After (seconds or an HTTP date) or, without one, backoff;
//   - connection errors, 408, 500, 502, 503 and 504 on GET, HEAD and DELETE
//     only, after exponential backoff with full jitter;
//   - a connection that could not be opened, on any method (nothing was sent).
//
// POST and PATCH are never resent after an ambiguous failure: Clio has no
// idempotency keys, so a resent create could duplicate a record. The caller
// gets a [*RequestError] with MayHaveApplied set, or the [*APIError].
type RetryPolicy struct {
	MaxRetries    int           // retries after the first attempt; default 3; NoRetries for none
	BaseWait      time.Duration // first backoff ceiling; default 500ms, doubling per retry
	MaxWait       time.Duration // backoff ceiling; default 30s
	MaxRetryAfter time.Duration // longest Retry-After or rate-limit wait the client sits out; longer ones return *RateLimitError at once; default 60s
}

// DefaultRetryPolicy returns the policy a client starts with.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, BaseWait: 500 * time.Millisecond, MaxWait: 30 * time.Second, MaxRetryAfter: time.Minute}
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// NoRetries as RetryPolicy.MaxRetries turns retries off: every request is
// sent once, 429s included.
const NoRetries = -1

func (p RetryPolicy) maxRetryAfter() time.Duration { return orDefault(p.MaxRetryAfter, time.Minute) }

// retryMax is the number of retries: 0 means the default, NoRetries none.
func (p RetryPolicy) retryMax() int {
	switch {
	case p.MaxRetries == 0:
		return DefaultRetryPolicy().MaxRetries
	case p.MaxRetries < 0:
		return 0
	}
	return p.MaxRetries
}

// backoff is the go-retryablehttp Backoff: Retry-After when the response has
// one, otherwise full jitter over an exponentially growing ceiling.
func (p RetryPolicy) backoff(_, _ time.Duration, retry int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header, time.Now()); ok {
			// checkRetry does not retry past the cap; this keeps any path
			// from sleeping longer.
			return min(d, p.maxRetryAfter())
		}
	}
	ceiling := orDefault(p.MaxWait, 30*time.Second)
	if base := orDefault(p.BaseWait, 500*time.Millisecond); retry < 30 && base<<retry < ceiling {
		ceiling = base << retry
	}
	return rand.N(ceiling + 1)
}

// idempotent reports whether a method may be resent after an ambiguous
// failure.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// notSent reports whether err happened before the request could leave:
// the connection was never opened.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// checkRetry decides for the go-retryablehttp CheckRetry whether one call
// is tried again. It also feeds every response's rate-limit headers to the
// limiter.
func (c *Client) checkRetry(ctx context.Context, st *callState, resp *http.Response, err error) (bool, error) {
	p := c.cfg.retry
	c.cfg.limiter.observe(resp, time.Now())
	st.granted--
	if ctx.Err() != nil && resp == nil {
		return false, ctx.Err()
	}
	if ctx.Err() != nil {
		// An answer came back as the caller's context ended: it is the
		// result (a write it reports was applied), not an error.
		return false, nil
	}
	if st.attempts > st.maxRetries {
		return false, nil // the call's retries are spent: the executor reports this answer
	}
	if err != nil {
		retry := idempotent(st.method) || notSent(err)
		if retry {
			c.cfg.logger.DebugContext(ctx, "clio: connection failed; retrying if attempts remain", "method", st.method)
		}
		return retry, nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if d, ok := retryAfter(resp.Header, time.Now()); ok && d > p.maxRetryAfter() {
			return false, nil // the executor returns *RateLimitError now rather than sleeping
		}
		c.cfg.logger.WarnContext(ctx, "clio: rate limited; retrying if attempts remain", "method", st.method, "path", st.path)
		return true, nil
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if d, ok := retryAfter(resp.Header, time.Now()); ok && d > p.maxRetryAfter() {
			return false, nil // come back much later: the caller gets the error now
		}
		if idempotent(st.method) {
			if st.debug {
				c.cfg.logger.DebugContext(ctx, "clio: server error; retrying if attempts remain", "method", st.method, "path", st.path, "status", resp.StatusCode)
			}
			return true, nil
		}
	}
	return false, nil
}

// sleepOrWake waits for d (forever when d < 0), a wake-up on changed, or the
// end of ctx.
func sleepOrWake(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	var timeout <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
	case <-changed:
	}
	return nil
}

// sleep waits d or until ctx ends. It uses a timer, so it runs on virtual
// time under testing/synctest.
func sleep(ctx context.Context, d time.Duration) error { return sleepOrWake(ctx, max(d, 0), nil) }

// pauses is the schedule of one of the SDK's own retry or polling loops
// (token refresh, upload finish, automation polling, stale-write retries).
// HTTP retries of the executor run on go-retryablehttp with [RetryPolicy].
type pauses struct {
	attempts int           // calls of step at most; 0 means until step stops or ctx ends
	first    time.Duration // pause after the first call; 0 means no pause
	max      time.Duration // the pause doubles up to this; 0 means no ceiling
}

// retryLoop calls step until it reports retry false, the attempts run out
// or ctx ends while pausing, and returns step's last error (or ctx's). It
// is the one loop behind the SDK's own retries and polls.
func retryLoop(ctx context.Context, p pauses, step func(attempt int) (retry bool, err error)) error {
	wait := p.first
	for attempt := 1; ; attempt++ {
		retry, err := step(attempt)
		if !retry || (p.attempts > 0 && attempt >= p.attempts) {
			return err
		}
		if wait > 0 {
			if serr := sleep(ctx, wait); serr != nil {
				return serr
			}
			wait *= 2
			if p.max > 0 && wait > p.max {
				wait = p.max
			}
		} else if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
