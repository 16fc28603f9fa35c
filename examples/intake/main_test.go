package main

import (
	"bytes"
	"context"
	"strings"
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
	// The task's due date goes out as the calendar day, which the fake (as
	// a strict Clio would) requires: an instant there is refused with 422.
	var taskBody string
	for _, r := range srv.Requests() {
		if r.Method == "POST" && r.Path == "/api/v4/tasks.json" {
			taskBody = string(r.Body)
		}
	}
	assert.Contains(t, taskBody, `"due_at":"2029-10-06"`)

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

	// The attorney's task is due before the reminder fires (7 days before
	// the deadline by default), and the note sums the intake up.
	task, err := c.Tasks.Get(context.Background(), res.TaskID, clio.Fields("name", "due_at", "priority", "assignee{id}", "matter{id}"))
	require.NoError(t, err)
	assert.Equal(t, srv.Demo().AttorneyID, task.Assignee.ID)
	assert.Equal(t, res.MatterID, task.Matter.ID)
	assert.Equal(t, clio.TaskPriorityHigh, task.Priority)
	reminderAt := clio.NewDate(2029, 10, 14).In(time.UTC).Add(-clio.DefaultSOLReminder)
	assert.True(t, task.DueAt.In(time.UTC).Before(reminderAt), "task due %s, reminder at %s", task.DueAt, reminderAt)
	assert.Equal(t, res.TaskDue, task.DueAt)
	note, err := c.Notes.Get(context.Background(), res.NoteID, clio.Fields("subject", "detail", "matter{id}"))
	require.NoError(t, err)
	assert.Equal(t, "Intake summary", note.Subject)
	assert.Equal(t, res.MatterID, note.Matter.ID)
	assert.Contains(t, note.Detail, "2029-10-14")
	assert.Contains(t, note.Detail, res.Stage)
	assert.Contains(t, note.Detail, "Intake of Alex Rivera (new client")

	// An intake for an existing client's email names that client.
	cfg, err := parseFlags([]string{"-poll", "10ms", "-email", "jane.doe@example.com"}, &bytes.Buffer{})
	require.NoError(t, err)
	var out2 bytes.Buffer
	_, err = run(context.Background(), c, cfg, &out2)
	require.NoError(t, err, out2.String())
	assert.Contains(t, out2.String(), "found client contact")
	var notes []string
	for n, err := range c.Notes.List(clio.NoteListParams{Type: clio.NoteTypeMatter}, clio.Fields("detail")).All(context.Background()) {
		require.NoError(t, err)
		notes = append(notes, n.Detail)
	}
	require.NotEmpty(t, notes)
	assert.Contains(t, notes[len(notes)-1], "Intake of Jane Doe (existing client")

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
		require.Len(t, writes, 8, "contact, matter, entry, reminder, automation, stage, task, note")
		for w, n := range writes {
			assert.Equal(t, 1, n, "%s reached the server's handler %d times", w, n)
		}
	})
}

// intakeMinimum is the fewest requests the intake can make against the
// fake, one per thing it must read or write. First the reads that resolve
// every name: find the contact, who_am_i, the practice area by name, the
// custom field definitions, the stages of the practice area, the template
// list; then the writes: create the contact, the matter, the calendar
// entry, its reminder, the automation, three polls (the fake moves the
// automation one state per read), the stage PATCH, the attorney's task and
// the intake note.
const intakeMinimum = 17

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

// writes lists the POST, PATCH and DELETE requests in log.
func writes(log []cliotest.Request) []string {
	var w []string
	for _, r := range log {
		if r.Method == "POST" || r.Method == "PATCH" || r.Method == "DELETE" {
			w = append(w, r.Method+" "+r.Path)
		}
	}
	return w
}

// A wrong name anywhere fails the intake before its first write.
func TestIntakeWithAWrongNameWritesNothing(t *testing.T) {
	for _, flags := range [][]string{
		{"-stage", "No Such Stage"},
		{"-template", "No Such Template"},
		{"-practice-area", "No Such Area"},
		{"-attorney", "999999"},
	} {
		t.Run(flags[0], func(t *testing.T) {
			srv := cliotest.NewServer(t)
			cfg, err := parseFlags(append([]string{"-poll", "10ms"}, flags...), &bytes.Buffer{})
			require.NoError(t, err)
			c, err := srv.Client()
			require.NoError(t, err)
			_, err = run(context.Background(), c, cfg, &bytes.Buffer{})
			require.Error(t, err)
			assert.Empty(t, writes(srv.Requests()), "nothing was written")
		})
	}

	// Bad flag values are refused before anything is sent.
	for _, flags := range [][]string{{"-reminder", "-48h"}, {"-reminder", "90s"}, {"-sol-years", "0"}, {"extra-arg"}} {
		_, err := parseFlags(flags, &bytes.Buffer{})
		assert.Error(t, err, "%v", flags)
	}

	t.Run("custom field", func(t *testing.T) {
		srv := cliotest.NewServer(t)
		c, err := srv.Client()
		require.NoError(t, err)
		def, err := c.CustomFields.Definition(context.Background(), clio.CustomFieldParentTypeMatter, "Accident Location")
		require.NoError(t, err)
		require.NoError(t, c.CustomFields.Delete(context.Background(), def.ID))
		before := len(srv.Requests())

		cfg, err := parseFlags([]string{"-poll", "10ms"}, &bytes.Buffer{})
		require.NoError(t, err)
		c, err = srv.Client()
		require.NoError(t, err)
		_, err = run(context.Background(), c, cfg, &bytes.Buffer{})
		require.ErrorIs(t, err, clio.ErrUnknownCustomField)
		assert.Empty(t, writes(srv.Requests()[before:]), "nothing was written")
	})
}

// realFirm points the environment at srv as if it were real Clio.
func realFirm(t *testing.T, srv *cliotest.Server) {
	for _, k := range []string{"CLIO_CLIENT_ID", "CLIO_CLIENT_SECRET", "CLIO_REFRESH_TOKEN", "CLIO_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("CLIO_BASE_URL", srv.BaseURL())
	t.Setenv("CLIO_ACCESS_TOKEN", srv.IssueToken().AccessToken)
}

// Against a real firm the intake names the firm and user, and writes only
// with -yes or a typed "yes".
func TestIntakeOnARealFirmNeedsYes(t *testing.T) {
	srv := cliotest.NewServer(t)
	realFirm(t, srv)
	ctx := context.Background()
	args := []string{"-poll", "10ms"}

	var stdout, stderr bytes.Buffer
	err := start(ctx, args, nil, &stdout, &stderr)
	require.Error(t, err)
	assert.ErrorContains(t, err, "-yes")
	assert.Contains(t, stderr.String(), srv.Demo().AccountName, "says which firm")
	assert.Contains(t, stderr.String(), "Maya Patel", "says which user")
	assert.Empty(t, writes(srv.Requests()), "nothing was written")

	require.Error(t, start(ctx, args, strings.NewReader("n\n"), &stdout, &stderr))
	assert.Empty(t, writes(srv.Requests()), "nothing was written")

	require.NoError(t, start(ctx, args, strings.NewReader("yes\n"), &stdout, &stderr))
	assert.NotEmpty(t, writes(srv.Requests()))

	// Another intake (its own key) with -yes writes without asking.
	n := len(writes(srv.Requests()))
	require.NoError(t, start(ctx, append(args, "-yes", "-key", "second"), nil, &stdout, &stderr))
	assert.Greater(t, len(writes(srv.Requests())), n)
}
