package clio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// CompositeID is an identifier that Clio types as a string. Custom field
// values have composite ids such as "date-123" or "picklist-2", and the spec
// types calendar entry ids as strings (recurring instances may be composite).
// It decodes from either a JSON string or a JSON number and encodes as a
// string, which is what Clio expects when the id is sent back.
type CompositeID string

// UnmarshalJSON accepts a JSON string, a JSON number or null.
func (id *CompositeID) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*id = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = CompositeID(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("clio: id must be a string or a number, got %s", b)
		}
		*id = CompositeID(n.String())
	}
	return nil
}

// Int64 returns the id as an int64 when it is purely numeric.
func (id CompositeID) Int64() (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}
