package cliotest

import (
	"fmt"
	"time"
)

// Clio keeps calendar dates (a matter's open_date, an activity's date)
// apart from instants (created_at, a calendar entry's start_at). The fake
// holds each to its form, in request bodies and in query parameters alike:
// a timestamp where a date belongs, or a bare date where an instant
// belongs, is a 422 ValidationError naming the field or parameter, never
// read as midnight somewhere. Dates and instants are compared as parsed
// values, never as text.

// Forms of date and instant, as messages say them.
const (
	dateForm    = "a date (YYYY-MM-DD)"
	instantForm = "an ISO-8601 timestamp with its offset (such as 2026-03-02T09:30:00Z)"
)

// parseDate parses a calendar date, YYYY-MM-DD only, as midnight UTC.
func parseDate(v string) (time.Time, error) { return time.Parse(time.DateOnly, v) }

// parseInstant parses an instant: an RFC 3339 timestamp with its offset,
// never a bare date.
func parseInstant(v string) (time.Time, error) { return time.Parse(time.RFC3339Nano, v) }

// badFormat says what is wrong with the values given for a date or
// date-time parameter, or "". An empty value is left to the handler,
// which reads it as absent.
func (p *paramSpec) badFormat(vals []string) string {
	for _, v := range vals {
		if v == "" {
			continue
		}
		switch p.format {
		case "date":
			if _, err := parseDate(v); err != nil {
				return fmt.Sprintf("%s must be %s, not %q", p.name, dateForm, v)
			}
		case "date-time":
			if _, err := parseInstant(v); err != nil {
				return fmt.Sprintf("%s must be %s, not %q", p.name, instantForm, v)
			}
		}
	}
	return ""
}
