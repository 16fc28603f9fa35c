package clio

import (
	"encoding/json"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateAddYearsLeapDay(t *testing.T) {
	leap := NewDate(2024, time.February, 29)
	assert.Equal(t, NewDate(2027, time.February, 28), leap.AddYears(3), "Feb 29 into a common year is Feb 28")
	assert.Equal(t, NewDate(2028, time.February, 29), leap.AddYears(4))
	assert.Equal(t, NewDate(2029, time.March, 1), NewDate(2026, time.March, 1).AddYears(3))
}

func TestDateJSONAndText(t *testing.T) {
	var v struct {
		A, B, C Date
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2026-10-14","B":null}`), &v))
	assert.Equal(t, NewDate(2026, time.October, 14), v.A)
	assert.True(t, v.B.IsZero())
	assert.True(t, v.C.IsZero())
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2026-10-14","B":null,"C":null}`, string(out))
	assert.Error(t, json.Unmarshal([]byte(`{"A":"14/10/2026"}`), &v))

	// As a flag value, through encoding.TextUnmarshaler.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var d Date
	fs.TextVar(&d, "date", NewDate(2020, 1, 2), "")
	require.NoError(t, fs.Parse([]string{"-date", "2024-02-29"}))
	assert.Equal(t, NewDate(2024, time.February, 29), d)
	assert.Error(t, fs.Parse([]string{"-date", "2024-02-30"}))
}

// TestLenientTime: the one rule every generated date-time field decodes by.
func TestLenientTime(t *testing.T) {
	for _, tc := range []struct {
		json string
		want time.Time
	}{
		{`"2025-08-14T00:15:35-04:00"`, time.Date(2025, time.August, 14, 4, 15, 35, 0, time.UTC)},
		{`"2025-08-14T04:15:35Z"`, time.Date(2025, time.August, 14, 4, 15, 35, 0, time.UTC)},
		{`"2025-08-14"`, time.Date(2025, time.August, 14, 0, 0, 0, 0, time.UTC)},
		{`""`, time.Time{}},
		{`null`, time.Time{}},
	} {
		lt := lenientTime(time.Now()) // null and "" reset, they do not keep
		require.NoError(t, json.Unmarshal([]byte(tc.json), &lt), tc.json)
		assert.True(t, tc.want.Equal(time.Time(lt)), "%s: got %v", tc.json, time.Time(lt))
		assert.Equal(t, tc.want.IsZero(), time.Time(lt).IsZero(), tc.json)
	}
	for _, bad := range []string{`"2025-13-01"`, `"14/08/2025"`, `"soon"`, `20250814`, `true`} {
		var lt lenientTime
		assert.Error(t, json.Unmarshal([]byte(bad), &lt), bad)
	}
}

// TestDateReadsTheDayAnInstantShows: Clio's spec types some calendar dates
// as date-times; a timestamp in a Date field is the day it shows in its own
// offset, never shifted to UTC or to the reader's zone.
func TestDateReadsTheDayAnInstantShows(t *testing.T) {
	for in, want := range map[string]Date{
		`"2029-10-06"`:                NewDate(2029, time.October, 6),
		`"2029-10-06T00:00:00-04:00"`: NewDate(2029, time.October, 6),
		`"2029-10-06T23:30:00-07:00"`: NewDate(2029, time.October, 6), // already Oct 7 in UTC
		`"2029-10-06T00:00:00Z"`:      NewDate(2029, time.October, 6),
		`null`:                        {},
	} {
		var d Date
		require.NoError(t, json.Unmarshal([]byte(in), &d), in)
		assert.Equal(t, want, d, in)
	}
	for _, bad := range []string{`"2029-10-06T25:00:00Z"`, `"06/10/2029"`, `20291006`} {
		var d Date
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}
	assert.True(t, NewDate(2029, 10, 5).Before(NewDate(2029, 10, 6)))
	assert.True(t, NewDate(2030, 1, 1).After(NewDate(2029, 12, 31)))
	assert.Equal(t, 0, NewDate(2029, 10, 6).Compare(NewDate(2029, 10, 6)))
}

func TestTimeOfDay(t *testing.T) {
	var tod TimeOfDay
	require.NoError(t, json.Unmarshal([]byte(`"2000-01-01T09:30:00-05:00"`), &tod))
	assert.Equal(t, TimeOfDay{Hour: 9, Minute: 30}, tod, "the clock as written; the zone is a separate field")
	require.NoError(t, json.Unmarshal([]byte(`"17:45"`), &tod))
	assert.Equal(t, TimeOfDay{Hour: 17, Minute: 45}, tod)
	b, err := json.Marshal(TimeOfDay{Hour: 7, Minute: 5, Second: 9})
	require.NoError(t, err)
	assert.Equal(t, `"2000-01-01T07:05:09Z"`, string(b))
	_, err = json.Marshal(TimeOfDay{Hour: 24})
	assert.Error(t, err)
	assert.Error(t, json.Unmarshal([]byte(`"noon"`), &tod))
	assert.Equal(t, 90*time.Minute, Minutes(90).Duration())
}
