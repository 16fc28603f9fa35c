package clio

import (
	"bytes"
	"fmt"
	"time"
)

// Date is a civil calendar date with no time of day or zone, as Clio sends
// for fields typed "date" ("2026-03-01"). The zero Date means "no date": JSON
// null and an absent field both decode to it, and it encodes as null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the Date for year, month and day, normalised as time.Date
// normalises (February 30 becomes March 1 or 2).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date in the form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("clio: invalid date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddYears returns the same calendar day n years later. A February 29 that
// lands in a common year becomes February 28, not March 1, which is how
// limitation periods are counted.
func (d Date) AddYears(n int) Date {
	y := d.Year + n
	if d.Month == time.February && d.Day == 29 && !isLeap(y) {
		return Date{Year: y, Month: time.February, Day: 28}
	}
	return Date{Year: y, Month: d.Month, Day: d.Day}
}

// AddDays returns the date n days after d (n may be negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.In(time.UTC).AddDate(0, 0, n))
}

// Compare returns -1, 0 or +1 as d is before, the same day as, or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

// Before reports whether d is a day before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a day after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// MarshalJSON encodes d as "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes "YYYY-MM-DD"; null and "" decode to the zero Date.
// An RFC 3339 timestamp also decodes, to the calendar date it shows in its
// own offset ("2029-10-06T00:00:00-04:00" is October 6): Clio's spec types
// some calendar dates as date-times, and the day as written is the day
// meant, whatever zone the reader is in.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("clio: invalid date %s: want a JSON string", truncate(string(b), 48))
	}
	s := b[1 : len(b)-1]
	if len(s) > len(time.DateOnly) {
		t, err := time.Parse(time.RFC3339Nano, string(s))
		if err != nil {
			return fmt.Errorf("clio: invalid date %q: want YYYY-MM-DD", truncate(string(s), 48))
		}
		*d = DateOf(t)
		return nil
	}
	return d.UnmarshalText(s)
}

// MarshalText encodes d as YYYY-MM-DD ("" for the zero Date), so a Date
// works with flag.TextVar and text encodings.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// TimeOfDay is a wall-clock time with no date or zone, such as the hour a
// report schedule runs (its zone is a separate field). It encodes as Clio's
// spec asks for such fields, a full date-time of which only the clock is
// read: "2000-01-01T09:30:00Z". It decodes from that form (taking the clock
// as written, whatever the offset) or from "09:30" and "09:30:00".
type TimeOfDay struct {
	Hour, Minute, Second int
}

// ParseTimeOfDay parses "15:04", "15:04:05" or an RFC 3339 date-time (its
// clock as written).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	for _, layout := range []string{time.TimeOnly, "15:04", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return TimeOfDay{Hour: t.Hour(), Minute: t.Minute(), Second: t.Second()}, nil
		}
	}
	return TimeOfDay{}, fmt.Errorf("clio: invalid time of day %q: want HH:MM[:SS]", truncate(s, 48))
}

// String formats t as HH:MM:SS.
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d:%02d", t.Hour, t.Minute, t.Second) }

// IsZero reports whether t is midnight, the zero TimeOfDay.
func (t TimeOfDay) IsZero() bool { return t == TimeOfDay{} }

// MarshalJSON encodes t as a date-time on 2000-01-01 in UTC, since Clio
// reads only its clock.
func (t TimeOfDay) MarshalJSON() ([]byte, error) {
	if t.Hour < 0 || t.Hour > 23 || t.Minute < 0 || t.Minute > 59 || t.Second < 0 || t.Second > 59 {
		return nil, fmt.Errorf("clio: invalid time of day %d:%d:%d", t.Hour, t.Minute, t.Second)
	}
	return []byte(`"2000-01-01T` + t.String() + `Z"`), nil
}

// UnmarshalJSON decodes the forms ParseTimeOfDay reads; null and "" are
// the zero TimeOfDay.
func (t *TimeOfDay) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*t = TimeOfDay{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("clio: invalid time of day %s: want a JSON string", truncate(string(b), 48))
	}
	v, err := ParseTimeOfDay(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Minutes is a whole number of minutes, as Clio counts a reminder's lead
// time (how long before the event it fires). It is a plain integer on the
// wire.
type Minutes int

// Duration returns m as a time.Duration.
func (m Minutes) Duration() time.Duration { return time.Duration(m) * time.Minute }
