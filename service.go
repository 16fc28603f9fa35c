package clio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Ref points at another record by id, as Clio's request bodies do
// ({"id": 12}).
type Ref struct {
	ID int64 `json:"id"`
}

// Opt is an optional request-body field with three states: omitted (the
// zero Opt, not sent), set to a value ([Set]) and set to null ([Null], which
// Clio reads as "clear this"). Fields of type Opt are tagged omitzero.
type Opt[T any] struct {
	v     T
	state optState
}

type optState uint8

const (
	optOmitted optState = iota
	optSet
	optNull
)

// Set returns an Opt holding v.
func Set[T any](v T) Opt[T] { return Opt[T]{v: v, state: optSet} }

// Typed constructors of Opt for literals: Set(2 * 3600) would be an
// Opt[int], which an Opt[float64] field does not take; Float(2 * 3600) is
// an Opt[float64].

// Float returns an Opt[float64] holding v.
func Float(v float64) Opt[float64] { return Set(v) }

// Int returns an Opt[int] holding v.
func Int(v int) Opt[int] { return Set(v) }

// Int64 returns an Opt[int64] holding v.
func Int64(v int64) Opt[int64] { return Set(v) }

// String returns an Opt[string] holding v.
func String(v string) Opt[string] { return Set(v) }

// Bool returns an Opt[bool] holding v.
func Bool(v bool) Opt[bool] { return Set(v) }

// Time returns an Opt[time.Time] holding v, for instants.
func Time(v time.Time) Opt[time.Time] { return Set(v) }

// Day returns an Opt[Date] holding the calendar date year-month-day, for
// date fields such as a task's due date: Day(2029, time.October, 6).
func Day(year int, month time.Month, day int) Opt[Date] { return Set(NewDate(year, month, day)) }

// Amount returns an Opt[Decimal] holding the decimal literal s, for money
// fields: Amount("250.00"). Like MustDecimal it panics on an invalid
// literal; for values read at run time use ParseDecimal and Set.
func Amount(s string) Opt[Decimal] { return Set(MustDecimal(s)) }

// Null returns an Opt that sends JSON null.
func Null[T any]() Opt[T] { return Opt[T]{state: optNull} }

// IsZero reports whether o is omitted; encoding/json's omitzero uses it.
func (o Opt[T]) IsZero() bool { return o.state == optOmitted }

// IsNull reports whether o is set to null.
func (o Opt[T]) IsNull() bool { return o.state == optNull }

// Get returns the value and whether one is set.
func (o Opt[T]) Get() (T, bool) { return o.v, o.state == optSet }

// MarshalJSON encodes the value, or null.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != optSet {
		return []byte("null"), nil
	}
	return json.Marshal(o.v)
}

// UnmarshalJSON decodes null as [Null] and anything else as [Set].
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	// The fields are set directly: calling Set or Null here would make
	// every importing package compile them for each T as well.
	if bytes.Equal(b, []byte("null")) {
		var zero T
		o.v, o.state = zero, optNull
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.v, o.state = v, optSet
	return nil
}

// service is the part every resource service shares.
type service struct {
	c *Client
}

// withFields returns q (or a new Values) with Clio's fields parameter set:
// the caller's selection, validated, or else the operation's defaults.
func withFields(q url.Values, resource string, fields, defaults FieldSet) (url.Values, error) {
	if fields.IsZero() {
		fields = defaults
	}
	f, err := fields.query(resource)
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = url.Values{}
	}
	q.Set("fields", f)
	return q, nil
}

// currentETag fetches a record's id and etag only.
func (s service) currentETag(ctx context.Context, path string) (string, error) {
	var out dataEnvelope[struct {
		ETag string `json:"etag"`
	}]
	if err := s.c.Do(ctx, http.MethodGet, path, url.Values{"fields": {"id,etag"}}, nil, &out); err != nil {
		return "", err
	}
	if out.Data.ETag == "" {
		return "", fmt.Errorf("clio: %s returned no etag", path)
	}
	return out.Data.ETag, nil
}

// sendData sends r and decodes {"data": T}.
func sendData[T any](ctx context.Context, s service, r *request) (*T, error) {
	resp, err := s.c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeData[T](resp)
}

// idPath formats a record path such as "matters/12.json".
func idPath(collection string, id int64) string {
	b := make([]byte, 0, len(collection)+26)
	b = append(b, collection...)
	b = append(b, '/')
	b = strconv.AppendInt(b, id, 10)
	return string(append(b, ".json"...))
}

// staleWriteAttempts bounds the read-modify-write helpers (custom field
// values, stage by name) when Clio answers 412 because the record changed
// between their read and their write.
const staleWriteAttempts = 3

// retryStale runs a read-modify-write step, again while it fails with
// ErrPreconditionFailed, up to staleWriteAttempts times. With the caller's
// etag it runs once: a 412 then means the caller's copy is stale, which a
// re-read cannot fix.
func retryStale[T any](etag string, step func() (*T, error)) (*T, error) {
	attempts := staleWriteAttempts
	if etag != "" {
		attempts = 1
	}
	var out *T
	err := retryLoop(context.Background(), pauses{attempts: attempts}, func(int) (bool, error) {
		var err error
		out, err = step()
		return errors.Is(err, ErrPreconditionFailed), err
	})
	return out, err
}

// Query helpers for the services' list filters: zero values are not sent.

func qSetString(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}

func qSetID(q url.Values, key string, id int64) {
	if id != 0 {
		q.Set(key, strconv.FormatInt(id, 10))
	}
}

func qSetIDs(q url.Values, key string, ids []int64) {
	for _, id := range ids {
		q.Add(key, strconv.FormatInt(id, 10))
	}
}

// qSetTrue sends a flag filter only when it is on.
func qSetTrue(q url.Values, key string, on bool) {
	if on {
		q.Set(key, "true")
	}
}

func qSetBool(q url.Values, key string, v Opt[bool]) {
	if b, ok := v.Get(); ok {
		q.Set(key, strconv.FormatBool(b))
	}
}

// qSetTime sends t in RFC 3339 with the caller's offset (Encode escapes
// a "+").
func qSetTime(q url.Values, key string, t time.Time) {
	if !t.IsZero() {
		q.Set(key, t.Format(time.RFC3339))
	}
}

// qSetLimit sends any non-zero page size, so that opList can refuse one out
// of range instead of dropping it.
func qSetLimit(q url.Values, n int) {
	if n != 0 {
		q.Set("limit", strconv.Itoa(n))
	}
}

// checkLimit refuses a page size (the raw limit parameter) outside
// 1..max for the list at path; "" is the default.
func checkLimit(limit string, max int, path string) error {
	if limit == "" {
		return nil
	}
	n, err := strconv.Atoi(limit)
	if err != nil || n < 1 || n > max {
		return argError("Limit", "page size %s for %s: want 1..%d", limit, path, max)
	}
	return nil
}
