package main

import (
	"bytes"
	"context"
	"testing"
	"testing/synctest"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intakeOn runs the intake with the default flags against srv.
func intakeOn(t *testing.T, srv *cliotest.Server, opts ...clio.Option) (*result, string) {
	t.Helper()
	cfg, err := parseFlags([]string{"-poll", "10ms"}, &bytes.Buffer{})
	require.NoError(t, err)
	c, err := srv.Client(opts...)
	require.NoError(t, err)
	var out bytes.Buffer
	res, err := run(context.Background(), c, cfg, &out)
	require.NoError(t, err, out.String())
	return res, out.String()
}

func TestIntakeCompletesAgainstTheFake(t *testing.T) {
	srv := cliotest.NewServer(t)
	res, out := intakeOn(t, srv)

	assert.True(t, res.ContactCreated)
	assert.Equal(t, clio.NewDate(2029, 10, 14), res.Deadline, "accident date + 3 years")
	assert.Equal(t, "Investigation", res.Stage)
	require.Len(t, res.Documents, 1)
	assert.Contains(t, res.Documents[0], "Retainer Agreement")
	assert.Contains(t, out, "moved matter")

	assert.Len(t, srv.Requests(), intakeMinimum)

	// What Clio now holds, read back through the API.
	c, err := srv.Client()
	require.NoError(t, err)
	m, err := c.Matters.Get(context.Background(), res.MatterID, clio.Fields("custom_field_values{field_name,value}", "matter_stage{name}", "responsible_attorney{id}"))
	require.NoError(t, err)
	values := map[string]string{}
	for _, v := range m.CustomFieldValues {
		values[v.FieldName] = string(v.Value)
	}
	assert.Equal(t, `"2026-10-14"`, values["Accident Date"])
	assert.Equal(t, `"Route 9 at Elm Street, Springfield"`, values["Accident Location"])
	assert.Equal(t, "Investigation", m.MatterStage.Name)
	assert.Equal(t, srv.Demo().AttorneyID, m.ResponsibleAttorney.ID)

	entry, err := c.CalendarEntries.Get(context.Background(), res.EntryID, clio.Fields("all_day", "start_at", "calendar_owner{id}"))
	require.NoError(t, err)
	assert.True(t, entry.AllDay)
	assert.Equal(t, clio.NewDate(2029, 10, 14), clio.DateOf(entry.StartAt), "the entry Clio holds is on the deadline")
	assert.Equal(t, srv.Demo().AttorneyCalendarID, entry.CalendarOwner.ID, "on the attorney's calendar, by Calendar id")

	// A second intake for the same email finds the contact instead.
	res2, _ := intakeOn(t, srv)
	assert.False(t, res2.ContactCreated)
	assert.Equal(t, res.ContactID, res2.ContactID)
}

// Under 429 bursts and 503s on reads the intake finishes with the same
// result, and the server never receives a write twice.
func TestIntakeUnderFaultsSameResultNoDoubleWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clean := cliotest.NewServer(t, cliotest.InMemory())
		want, _ := intakeOn(t, clean)
		cleanCount := len(clean.Requests())

		srv := cliotest.NewServer(t, cliotest.InMemory())
		srv.Inject(cliotest.Fault{Status: 429, RetryAfter: 2 * time.Second, Times: 3}) // a burst at the start
		srv.Inject(cliotest.Fault{Method: "POST", Status: 429, RetryAfter: time.Second, Probability: 0.5, Seed: 3})
		srv.Inject(cliotest.Fault{Method: "PATCH", Status: 429, Times: 1})
		srv.Inject(cliotest.Fault{Method: "GET", Status: 503, Probability: 0.3, Seed: 11})
		got, _ := intakeOn(t, srv, clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 8, BaseWait: 100 * time.Millisecond, MaxWait: 2 * time.Second, MaxRetryAfter: time.Minute}))

		assert.Equal(t, want, got, "same result with and without faults")

		log := srv.Requests()
		var faulted429, faulted503 int
		writes := map[string]int{}
		for _, r := range log {
			switch {
			case r.Fault && r.Status == 429:
				faulted429++
			case r.Fault && r.Status == 503:
				faulted503++
			case r.Method == "POST" || r.Method == "PATCH":
				writes[r.Method+" "+r.Path]++
			}
			assert.False(t, r.Fault && r.Status != 429 && r.Method != "GET", "only GETs get 503s here: %v", r)
		}
		assert.Positive(t, faulted429, "429s were injected")
		assert.Positive(t, faulted503, "503s were injected")
		assert.Equal(t, cleanCount, len(log)-faulted429-faulted503, "each fault cost exactly one resend")
		require.Len(t, writes, 6, "contact, matter, entry, reminder, automation, stage")
		for w, n := range writes {
			assert.Equal(t, 1, n, "%s reached the server's handler %d times", w, n)
		}
	})
}

// intakeMinimum is the fewest requests the intake can make against the
// fake, one per thing it must read or write: find the contact, create it,
// who_am_i, the practice area by name, the custom field definitions, create
// the matter, the calendar entry, its reminder, the template list, the
// automation, three polls (the fake moves the automation one state per
// read), the stages of the practice area and the stage PATCH.
const intakeMinimum = 15

// BenchmarkIntakeRequests counts the requests the intake workflow sends,
// from the fake's request log, against intakeMinimum.
func BenchmarkIntakeRequests(b *testing.B) {
	cfg, err := parseFlags([]string{"-poll", "1ms"}, &bytes.Buffer{})
	if err != nil {
		b.Fatal(err)
	}
	var sent int
	for b.Loop() {
		srv, err := cliotest.Start(cliotest.InMemory())
		if err != nil {
			b.Fatal(err)
		}
		c, err := srv.Client()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := run(context.Background(), c, cfg, &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
		sent = len(srv.Requests())
		srv.Close()
	}
	b.ReportMetric(float64(sent), "requests")
	b.ReportMetric(intakeMinimum, "min-requests")
}
