package main

import (
	"bytes"
	"context"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runIntake runs the intake with the default flags (and extra) against srv,
// returning its error instead of failing.
func runIntake(t *testing.T, srv *cliotest.Server, extra ...string) (*result, string, error) {
	t.Helper()
	cfg, err := parseFlags(append([]string{"-poll", "1ms"}, extra...), &bytes.Buffer{})
	require.NoError(t, err)
	c, err := srv.Client()
	require.NoError(t, err)
	var out bytes.Buffer
	res, err := run(context.Background(), c, cfg, &out)
	return res, out.String(), err
}

// intakeWrites are the writes of a first intake for a new client, in order.
var intakeWrites = []struct{ name, method, path string }{
	{"contact", "POST", "/api/v4/contacts.json"},
	{"matter", "POST", "/api/v4/matters.json"},
	{"calendar entry", "POST", "/api/v4/calendar_entries.json"},
	{"reminder", "POST", "/api/v4/reminders.json"},
	{"document automation", "POST", "/api/v4/document_automations.json"},
	{"stage", "PATCH", "/api/v4/matters/"},
	{"task", "POST", "/api/v4/tasks.json"},
	{"note", "POST", "/api/v4/notes.json"},
}

// firm is what the firm holds for the default intake's client, read back
// through the API.
type firm struct {
	Contacts, Matters, Entries, Reminders, Automations, Documents, Tasks, Notes int
	Stage, NoteDetail                                                           string
}

func firmOf(t *testing.T, srv *cliotest.Server) firm {
	t.Helper()
	ctx := context.Background()
	c, err := srv.Client()
	require.NoError(t, err)
	var f firm
	contacts, err := c.Contacts.FindByEmail(ctx, "alex.rivera@example.com")
	require.NoError(t, err)
	f.Contacts = len(contacts)
	require.Len(t, contacts, 1, "one client contact")
	count := func(n *int) func(error) {
		return func(err error) { require.NoError(t, err); *n++ }
	}
	var matterIDs []int64
	for m, err := range c.Matters.List(clio.MatterListParams{ClientID: contacts[0].ID}).All(ctx) {
		count(&f.Matters)(err)
		matterIDs = append(matterIDs, m.ID)
		if m.MatterStage != nil {
			f.Stage = m.MatterStage.Name
		}
	}
	for _, mid := range matterIDs {
		for e, err := range c.CalendarEntries.List(clio.CalendarEntryListParams{MatterID: mid}).All(ctx) {
			count(&f.Entries)(err)
			id, ok := e.ID.Int64()
			require.True(t, ok)
			for _, err := range c.Reminders.List(clio.ReminderListParams{Subject: clio.ReminderSubject{Type: clio.ReminderSubjectCalendarEntry, ID: id}}).All(ctx) {
				count(&f.Reminders)(err)
			}
		}
		for a, err := range c.DocumentAutomations.List(clio.DocumentAutomationListParams{}, clio.Fields(clio.Nested("matter", "id"))).All(ctx) {
			require.NoError(t, err)
			if a.Matter != nil && a.Matter.ID == mid {
				f.Automations++
			}
		}
		for _, err := range c.Documents.List(clio.DocumentListParams{MatterID: mid}).All(ctx) {
			count(&f.Documents)(err)
		}
		for _, err := range c.Tasks.List(clio.TaskListParams{MatterID: mid}).All(ctx) {
			count(&f.Tasks)(err)
		}
		for n, err := range c.Notes.List(clio.NoteListParams{Type: clio.NoteTypeMatter, MatterID: mid}, clio.Fields("detail")).All(ctx) {
			count(&f.Notes)(err)
			f.NoteDetail = n.Detail
		}
	}
	return f
}

// complete is the firm after one whole intake.
func complete(t *testing.T, f firm) {
	t.Helper()
	assert.Equal(t, 1, f.Contacts, "contacts")
	assert.Equal(t, 1, f.Matters, "matters")
	assert.Equal(t, 1, f.Entries, "calendar entries")
	assert.Equal(t, 1, f.Reminders, "reminders")
	assert.Equal(t, 1, f.Automations, "document automations")
	assert.Equal(t, 1, f.Documents, "documents")
	assert.Equal(t, 1, f.Tasks, "tasks")
	assert.Equal(t, 1, f.Notes, "notes")
	assert.Equal(t, "Investigation", f.Stage)
	assert.Contains(t, f.NoteDetail, "Intake of Alex Rivera (new client", "the note reads as in an uninterrupted run")
}

// same asserts that a resumed run reports what an uninterrupted one does,
// apart from what says how it got there.
func same(t *testing.T, want, got *result) {
	t.Helper()
	g := *got
	g.ContactCreated, g.Resumed = want.ContactCreated, want.Resumed
	assert.Equal(t, *want, g)
}

// A write whose outcome is unknown stops the intake with MayHaveApplied;
// a rerun with the same flags finishes it, and the firm holds one of
// everything. Each write is tried both ways: applied with its answer lost
// (the connection dropped after the handler ran), and not applied (a 503,
// which the SDK cannot tell from an applied one).
func TestIntakeResumesAfterAnUnknownOutcome(t *testing.T) {
	clean := cliotest.NewServer(t, cliotest.InMemory())
	want, _, err := runIntake(t, clean)
	require.NoError(t, err)
	complete(t, firmOf(t, clean))

	for _, w := range intakeWrites {
		for _, applied := range []bool{true, false} {
			name := w.name + "/not applied"
			fault := cliotest.Fault{Method: w.method, Path: w.path, Times: 1, Status: 503}
			if applied {
				name = w.name + "/applied, answer lost"
				fault = cliotest.Fault{Method: w.method, Path: w.path, Times: 1, After: true}
			}
			t.Run(name, func(t *testing.T) {
				srv := cliotest.NewServer(t, cliotest.InMemory())
				inj := srv.Inject(fault)
				_, out, err := runIntake(t, srv)
				require.Error(t, err, out)
				assert.True(t, clio.MayHaveApplied(err), "%v", err)
				require.Equal(t, 1, inj.Hits(), "the fault fired on the %s", w.name)
				stopped := len(writes(srv.Requests()))

				got, out, err := runIntake(t, srv)
				require.NoError(t, err, out)
				same(t, want, got)
				complete(t, firmOf(t, srv))
				if w.name != "contact" && (applied || w.name != "matter") {
					assert.True(t, got.Resumed, "the rerun found the matter:\n%s", out)
				}
				// The rerun wrote only what the first run did not get to:
				// the faulted write again if it was not applied, and the
				// writes after it.
				redone := len(writes(srv.Requests())) - stopped
				left := len(intakeWrites) - writeIndex(w.name) - 1
				if !applied {
					left++
				}
				assert.Equal(t, left, redone, "writes of the rerun:\n%s", out)
			})
		}
	}
}

// writeIndex is the position of the named write in intakeWrites.
func writeIndex(name string) int {
	for i, w := range intakeWrites {
		if w.name == name {
			return i
		}
	}
	return -1
}

// A rerun of an intake that completed finds everything and writes nothing.
func TestIntakeRerunAfterSuccessWritesNothing(t *testing.T) {
	srv := cliotest.NewServer(t, cliotest.InMemory())
	want, _, err := runIntake(t, srv)
	require.NoError(t, err)
	before := len(srv.Requests())

	got, out, err := runIntake(t, srv)
	require.NoError(t, err, out)
	rerun := srv.Requests()[before:]
	assert.Empty(t, writes(rerun), "nothing was written:\n%s", out)
	assert.True(t, got.Resumed)
	assert.False(t, got.ContactCreated)
	same(t, want, got)
	assert.Contains(t, out, "resuming: found matter")
	complete(t, firmOf(t, srv))
	// The six reads that resolve names, then one list per thing to find
	// (the client's matters, the entries, the reminder, the document jobs,
	// the tasks, the notes) and one read of the finished job.
	assert.Len(t, rerun, 13)

	// Another key is another intake: a second matter for the same client.
	// For a client found by email, the list of the client's matters takes
	// the place of creating the contact: as many requests as a first
	// intake for a new client.
	before = len(srv.Requests())
	other, out, err := runIntake(t, srv, "-key", "claim-2")
	require.NoError(t, err, out)
	assert.False(t, other.Resumed)
	assert.False(t, other.NewClient, "the client has a matter already")
	assert.NotEqual(t, want.MatterID, other.MatterID)
	assert.Len(t, srv.Requests()[before:], intakeMinimum)
}
