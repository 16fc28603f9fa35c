package clio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// lenientTime reads a date-time field of a generated model. Clio may send
// an instant field as "2026-03-01" or "", which time.Time refuses, failing
// the record and with it the whole page (the calendar dates the spec types
// as date-times are clio.Date fields, which read instants in their turn).
// The generated UnmarshalJSON methods route every time.Time field through
// this type, so the rule is the same for all of them:
//
//   - an RFC 3339 string decodes as time.Time decodes it;
//   - a date-only YYYY-MM-DD decodes as midnight UTC on that date;
//   - "" and null decode as the zero time.Time.
//
// Anything else is still an error: a value that is not a time at all is a
// real mismatch with the spec, not a format variant.
type lenientTime time.Time

// UnmarshalJSON implements the rule above.
func (t *lenientTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*t = lenientTime{}
		return nil
	}
	if len(b) == len(`"2006-01-02"`) && b[0] == '"' && b[len(b)-1] == '"' {
		d, err := time.Parse(time.DateOnly, string(b[1:len(b)-1]))
		if err != nil {
			return fmt.Errorf("clio: invalid date-time %s: want RFC 3339 or YYYY-MM-DD", b)
		}
		*t = lenientTime(d)
		return nil
	}
	return (*time.Time)(t).UnmarshalJSON(b)
}

// OneOrMany is a list field that Clio may also send as a single value:
// DocumentAutomation.ExportFormats is typed as one string in Clio's spec
// but answered as a list such as ["pdf"]. Both forms decode; it encodes as
// a JSON array. It is an ordinary slice, so len, range and the slices
// package work on it.
type OneOrMany[T any] []T

// UnmarshalJSON accepts a JSON array of T, a single T (a list of one) or
// null (an empty list).
func (l *OneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '[':
		var v []T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = OneOrMany[T]{one}
	return nil
}
