package clio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors; an [*APIError] matches the one for its status with
// errors.Is, e.g. errors.Is(err, clio.ErrNotFound).
var (
	ErrNotModified        = errors.New("clio: not modified")             // 304, after If-None-Match
	ErrBadRequest         = errors.New("clio: bad request")              // 400, e.g. InvalidFields
	ErrUnauthorized       = errors.New("clio: unauthorized")             // 401 that survived one refresh
	ErrForbidden          = errors.New("clio: forbidden")                // 403, missing permission
	ErrNotFound           = errors.New("clio: not found")                // 404
	ErrConflict           = errors.New("clio: conflict")                 // 409
	ErrGone               = errors.New("clio: gone")                     // 410, unknown or retired X-API-VERSION
	ErrPreconditionFailed = errors.New("clio: precondition failed")      // 412, stale If-Match etag
	ErrValidation         = errors.New("clio: validation failed")        // 422
	ErrRateLimited        = errors.New("clio: rate limited")             // 429
	ErrServer             = errors.New("clio: server error")             // 5xx
	ErrReauthorize        = errors.New("clio: reauthorization required") // refresh token refused: the firm must reconnect
)

// maxErrorBody bounds how much of an error body is read.
const maxErrorBody = 1 << 20

// APIError is an error answer from Clio. Error() names the method, path,
// status, Clio's error type and Clio's message (on one line, cut to about
// 200 bytes, so a 422 says why); it never includes tokens, query values or
// the body. Message holds Clio's explanation whole; it can quote submitted
// values (a name, an email), so log errors with the care due to record
// data.
type APIError struct {
	StatusCode int
	Type       string // Clio's error type, e.g. "InvalidFields", or the OAuth error code, e.g. "invalid_token"
	Message    string // Clio's message or OAuth error_description
	Method     string
	URL        string // scheme, host and path; no query
	Attempts   int    // how many times the request was sent
	Header     http.Header
	// MayHaveApplied is true for a write (POST, PATCH, PUT) answered with a
	// 5xx or 408, or with a success status carrying an error body: Clio may
	// have applied it, so it was not resent. Read the record back before
	// trying again.
	MayHaveApplied bool

	// afterUnknown: an earlier attempt of this call may have been applied
	// (dropped after sending, 5xx, 408) before this answer came.
	afterUnknown bool
}

// Error names the method, path, status, Clio's error type and Clio's
// message, cut to one line of at most about 200 bytes. It never includes
// tokens, query values or a body.
func (e *APIError) Error() string {
	s := fmt.Sprintf("clio: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" {
		s += " (" + e.Type + ")"
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	if e.MayHaveApplied {
		s += " (outcome unknown: the write may have been applied; read the record back before retrying)"
	}
	if m := oneLine(e.Message, maxErrorMessage); m != "" {
		s += ": " + m
	}
	return s
}

// maxErrorMessage bounds how much of Clio's message an error's text
// carries, in bytes.
const maxErrorMessage = 200

// oneLine makes untrusted text safe for one log line: control and format
// characters (newlines, escapes, bidirectional overrides) and invalid
// UTF-8 become spaces, runs of spaces become one, and the result is cut at
// a character boundary to at most limit bytes, marked with "…".
func oneLine(s string, limit int) string {
	var b strings.Builder
	space := true // drops leading spaces
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if b.Len()+utf8.RuneLen(r) > limit {
			return strings.TrimRight(b.String(), " ") + "…"
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Is matches the sentinel for the status code.
func (e *APIError) Is(target error) bool {
	return target != nil && statusSentinel(e.StatusCode) == target
}

func statusSentinel(code int) error {
	switch code {
	case 304:
		return ErrNotModified
	case 400:
		return ErrBadRequest
	case 401:
		return ErrUnauthorized
	case 403:
		return ErrForbidden
	case 404:
		return ErrNotFound
	case 409:
		return ErrConflict
	case 410:
		return ErrGone
	case 412:
		return ErrPreconditionFailed
	case 422:
		return ErrValidation
	case 429:
		return ErrRateLimited
	}
	if code >= 500 {
		return ErrServer
	}
	return nil
}

// RateLimitError is a 429 that the client did not wait out, because Clio
// asked for a longer wait than the retry policy's MaxRetryAfter, or because
// retries ran out. It unwraps to the [*APIError].
type RateLimitError struct {
	*APIError
	RetryAfter time.Duration // how long Clio asked to wait
}

// Error describes the failure without tokens, query values or body text.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("%s; retry after %s", e.APIError.Error(), e.RetryAfter)
}

// Unwrap returns the underlying APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// ReauthorizationError means Clio refused the refresh token (invalid_grant):
// it was revoked or the app was disconnected, so the firm must authorize
// again. Retrying will not help. It matches [ErrReauthorize].
type ReauthorizationError struct {
	Err error // the *TokenError from the token endpoint
}

// Error describes the failure without tokens, query values or body text.
func (e *ReauthorizationError) Error() string {
	return "clio: the refresh token was refused (invalid_grant): the firm must reconnect to Clio"
}

// Unwrap returns the token endpoint's error.
func (e *ReauthorizationError) Unwrap() error { return e.Err }

// Is matches ErrReauthorize.
func (e *ReauthorizationError) Is(target error) bool { return target == ErrReauthorize }

// errorBody covers both shapes Clio uses: the v4 envelope
// {"error":{"type","message"}} and the OAuth shape
// {"error":"invalid_token","error_description":"..."}.
type errorBody struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// readAPIError builds an APIError from a response, reading at most
// maxErrorBody bytes of its body, and closes the body.
func readAPIError(resp *http.Response, attempts int) error {
	defer resp.Body.Close()
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     resp.Request.Method,
		URL:        redactURL(resp.Request.URL),
		Attempts:   attempts,
		Header:     resp.Header,
		MayHaveApplied: !idempotent(resp.Request.Method) &&
			(resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout),
	}
	// A body past the bound is not drained: closing it early costs only
	// the connection.
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e.Type, e.Message = parseErrorBody(b)
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, _ := retryAfter(resp.Header, time.Now())
		return &RateLimitError{APIError: e, RetryAfter: wait}
	}
	return e
}

// parseErrorBody extracts the error type and message from either shape; an
// unreadable body yields empty strings.
func parseErrorBody(b []byte) (typ, msg string) {
	var body errorBody
	if json.Unmarshal(b, &body) != nil || len(body.Error) == 0 {
		return "", ""
	}
	var detail struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body.Error, &detail) == nil {
		return detail.Type, detail.Message
	}
	var code string
	if json.Unmarshal(body.Error, &code) == nil {
		return code, body.ErrorDescription
	}
	return "", ""
}

func isDigits(v string) bool {
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		// Saturate: a huge value must not wrap into a short wait.
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if isDigits(v) {
		return time.Duration(math.MaxInt64), true // beyond int64 seconds
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// ErrInvalidArgument matches every refusal the client makes before a
// request leaves: a bad option, an unknown field name, a missing id, a
// value out of range. errors.As gives the [*ArgumentError].
var ErrInvalidArgument = errors.New("clio: invalid argument")

// ArgumentError is a call or option refused locally, before any request
// was sent, so nothing was changed at Clio. It matches [ErrInvalidArgument].
// Its text names the parameter and the problem, never a submitted value
// that could be client data.
type ArgumentError struct {
	Param      string // the option, parameter or field at fault, e.g. "WithBaseURL", "Limit", "fields"
	Problem    string // what is wrong with it
	Suggestion string // for a misspelt name, the closest known one; "" if none
	Err        error  // a more specific sentinel or cause, if any (e.g. ErrNoCalendarOwner)
}

// Error names the parameter, the problem and any suggestion.
func (e *ArgumentError) Error() string {
	s := "clio: " + e.Param + ": " + e.Problem
	if e.Suggestion != "" {
		s += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return s
}

// Is matches ErrInvalidArgument.
func (e *ArgumentError) Is(target error) bool { return target == ErrInvalidArgument }

// Unwrap returns the more specific cause, if any.
func (e *ArgumentError) Unwrap() error { return e.Err }

// argError builds an *ArgumentError; problem is formatted with args.
func argError(param, problem string, args ...any) error {
	if len(args) > 0 {
		problem = fmt.Sprintf(problem, args...)
	}
	return &ArgumentError{Param: param, Problem: problem}
}

var errNoData = errors.New("the answer has no data")

// ErrResponseTooLarge is matched by the error for an answer larger than
// the client's bound ([WithMaxResponseBytes]).
var ErrResponseTooLarge = errors.New("clio: response too large")

// DecodeError is a successful answer (2xx) whose body could not be read or
// decoded: cut short, not JSON, too large, or without data. For a write
// (POST, PATCH, PUT) Clio answered success, so the write was applied:
// Applied is true, and ID and ETag hold the record's when the body still
// shows them. Do not resend such a write; read the record back instead.
type DecodeError struct {
	StatusCode int
	Method     string
	URL        string // scheme, host and path; no query
	Applied    bool   // a write that Clio answered with success
	ID         string // the record's id as Clio wrote it, if readable ("" if not)
	ETag       string
	Err        error
}

// Error describes the failure without tokens, query values or body text.
func (e *DecodeError) Error() string {
	s := fmt.Sprintf("clio: %s %s: %d answer unreadable", e.Method, e.URL, e.StatusCode)
	if e.Applied {
		s += " (the write was applied"
		if e.ID != "" {
			s += ": record " + e.ID
		}
		s += "; read it back, do not resend)"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the read or decode error.
func (e *DecodeError) Unwrap() error { return e.Err }

func newDecodeError(resp *http.Response, body []byte, err error) *DecodeError {
	e := &DecodeError{StatusCode: resp.StatusCode, Method: resp.Request.Method, URL: redactURL(resp.Request.URL),
		Applied: !idempotent(resp.Request.Method), Err: err}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) {
		// encoding/json's messages name offsets and Go types, not body
		// text; keep them short all the same.
		e.Err = fmt.Errorf("invalid JSON: %w", err)
	}
	if e.Applied && len(body) > 0 {
		e.ID, e.ETag = recoverRecordID(body)
	}
	return e
}

// recoverRecordID reads the id and etag of {"data":{"id":..,"etag":..}}
// from a body that may be cut short or broken after them.
func recoverRecordID(body []byte) (id, etag string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	// next reads one token and reports whether it is want.
	next := func(want json.Token) bool { t, err := dec.Token(); return err == nil && t == want }
	if !next(json.Delim('{')) {
		return "", ""
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return id, etag
		}
		if key != "data" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return id, etag
			}
			continue
		}
		if !next(json.Delim('{')) {
			return id, etag
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return id, etag
			}
			switch key {
			case "id":
				var v CompositeID
				if dec.Decode(&v) != nil {
					return id, etag
				}
				id = string(v)
			case "etag":
				if dec.Decode(&etag) != nil {
					return id, etag
				}
			default:
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return id, etag
				}
			}
		}
		return id, etag
	}
	return id, etag
}

// MayHaveApplied reports whether err leaves a write's outcome open or
// applied: the request left the process and Clio may have acted on it
// (a [*RequestError] or [*APIError] with MayHaveApplied set), or Clio
// answered success but the answer could not be read ([*DecodeError] with
// Applied). Before retrying such a write, read the record back
// ([FindCreated] looks for a created one).
func MayHaveApplied(err error) bool {
	var re *RequestError
	var ae *APIError
	var de *DecodeError
	switch {
	case errors.As(err, &re):
		return re.MayHaveApplied
	case errors.As(err, &ae):
		return ae.MayHaveApplied
	case errors.As(err, &de):
		return de.Applied
	}
	return false
}

// ForeignHostError reports a URL outside the API base URL (another host,
// another path prefix on the same host, or a path with dot segments), which
// the client refuses to send its token to: a paging next link, a redirect
// or a path given to [Client.Do].
type ForeignHostError struct {
	URL string // the refused URL, without its query
}

// Error describes the failure without tokens, query values or body text.
func (e *ForeignHostError) Error() string {
	return "clio: refusing to send the Clio token to " + e.URL + ": not under the API base URL"
}

// TokenRejectedError is returned without sending anything when the token
// source offers an access token Clio has already answered 401
// invalid_token to, and the source cannot refresh it (a fixed token from
// [WithAccessToken], say). Give the client a new token, e.g. with
// [Client.Clone] and [WithAccessToken]. It matches [ErrUnauthorized].
type TokenRejectedError struct{}

// Error says what happened and what to do.
func (e *TokenRejectedError) Error() string {
	return "clio: the access token was rejected by Clio (invalid_token) and cannot be refreshed; supply a new token"
}

// Is matches ErrUnauthorized.
func (e *TokenRejectedError) Is(target error) bool { return target == ErrUnauthorized }

// RequestError is a failure with no HTTP response: a dropped connection, a
// timeout, or the caller's context ending (then errors.Is matches
// context.DeadlineExceeded or context.Canceled). When MayHaveApplied is
// true the request was a write (POST, PATCH) that may have reached Clio,
// so it was not resent; check before retrying.
type RequestError struct {
	Method         string
	URL            string // without query
	Attempts       int    // 0 when the call ended before anything was sent (in a rate-limit wait)
	MayHaveApplied bool
	Err            error
}

// Error describes the failure without tokens, query values or body text.
func (e *RequestError) Error() string {
	s := fmt.Sprintf("clio: %s %s failed after %d attempt(s)", e.Method, e.URL, e.Attempts)
	if e.Attempts == 0 {
		s = fmt.Sprintf("clio: %s %s not sent", e.Method, e.URL)
	}
	if e.MayHaveApplied {
		s += " (outcome unknown: the write may have been applied)"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the transport error.
func (e *RequestError) Unwrap() error { return e.Err }
