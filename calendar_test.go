package clio

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York without relying on the host's zoneinfo

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// calCall is one request as the server saw it.
type calCall struct {
	method string
	path   string // escaped path, e.g. /api/v4/calendar_entries/88001.json
	query  url.Values
	header http.Header
	body   []byte
}

// calRecord answers with the fixture testdata/<name> and records the
// request in *calls.
func calRecord(t *testing.T, calls *[]calCall, status int, name string) httpmock.Responder {
	t.Helper()
	body := ""
	if name != "" {
		body = fixture(t, name)
	}
	return func(req *http.Request) (*http.Response, error) {
		*calls = append(*calls, calCall{req.Method, req.URL.EscapedPath(), req.URL.Query(), req.Header.Clone(), readBody(t, req)})
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	}
}

func calAPI(path string) string { return testBaseURL + "/" + path }

// calCollect drains a pager.
func calCollect[T any](t *testing.T, p interface {
	All(context.Context) iter.Seq2[T, error]
}) []T {
	t.Helper()
	var out []T
	for v, err := range p.All(context.Background()) {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func calMustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

const (
	wantCalendarFields = "id,etag,name,type,permission,visible,color,light_color,source,court_rules_default_calendar,created_at,updated_at,creator{id,name}"
	wantEntryFields    = "id,etag,summary,description,location,start_at,end_at,all_day,recurrence_rule,start_at_time_zone,calendar_owner_id,permission,created_at,updated_at,calendar_owner{id,name,type},matter{id,display_number},attendees{id,type,name,email}"
	wantReminderFields = "id,etag,duration,state,next_delivery_at,created_at,updated_at,notification_method{id,type,email_address},subject{id,type,identifier}"
)

func TestCalendarDefaultFieldsAreValid(t *testing.T) {
	for resource, fs := range map[string]FieldSet{
		"Calendar": defaultCalendarFields, "CalendarEntry": defaultCalendarEntryFields, "Reminder": defaultReminderFields,
	} {
		assert.NoError(t, fs.Validate(resource), resource)
	}
}

func TestCalendarsList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("calendars.json"), calRecord(t, &calls, 200, "calendar/calendars_list.json"))

	got := calCollect(t, c.Calendars.List(CalendarListParams{
		Type: CalendarTypeUserCalendar, Owner: Set(true), Writeable: Set(false), Visible: Set(true), Limit: 50,
	}))

	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "/api/v4/calendars.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {wantCalendarFields}, "type": {"UserCalendar"}, "owner": {"true"}, "writeable": {"false"},
		"visible": {"true"}, "limit": {"50"}, "order": {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.Equal(t, int64(9001), got[0].ID)
	assert.Equal(t, "Alice Attorney", got[0].Name)
	assert.EqualValues(t, "UserCalendar", got[0].Type)
	assert.EqualValues(t, "AccountCalendar", got[1].Type)
	require.NotNil(t, got[1].Creator)
	assert.Equal(t, int64(500), got[1].Creator.ID)
}

func TestCalendarsGet(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("calendars/9001.json"), calRecord(t, &calls, 200, "calendar/calendar_show.json"))

	cal, err := c.Calendars.Get(context.Background(), 9001)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/calendars/9001.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantCalendarFields}}, calls[0].query)
	assert.Equal(t, int64(9001), cal.ID)
	assert.Equal(t, `"0c7a1f3e5b2d4a6c8e9f0a1b2c3d4e5f"`, cal.ETag)
	assert.EqualValues(t, "owner", cal.Permission)
	assert.True(t, cal.Visible)
}

func TestCalendarEntriesList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("calendar_entries.json"), calRecord(t, &calls, 200, "calendar/entries_list.json"))

	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	got := calCollect(t, c.CalendarEntries.List(CalendarEntryListParams{
		From:       time.Date(2026, 3, 1, 0, 0, 0, 0, ny),
		To:         time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC),
		MatterID:   3301,
		CalendarID: 9001,
		IsAllDay:   Set(false),
		Query:      "Roe",
		Expanded:   true,
	}))

	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "/api/v4/calendar_entries.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {wantEntryFields}, "from": {"2026-03-01T00:00:00-05:00"}, "to": {"2026-03-31T23:59:59Z"},
		"matter_id": {"3301"}, "calendar_id": {"9001"}, "is_all_day": {"false"}, "query": {"Roe"},
		"expanded": {"true"}, "limit": {"200"}, // CalendarEntry#index declares no order: none is sent
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.Equal(t, CompositeID("88001"), got[0].ID)
	assert.Equal(t, CompositeID("88002"), got[1].ID, "a numeric id decodes too")
	assert.Equal(t, "Deposition of J. Roe", got[0].Summary)
	assert.True(t, got[0].StartAt.Equal(calMustTime(t, "2026-03-10T18:00:00Z")))
	require.NotNil(t, got[0].Matter)
	assert.Equal(t, "00042-Roe", got[0].Matter.DisplayNumber)
	assert.Nil(t, got[1].Matter)
	assert.True(t, got[1].AllDay)
}

func TestCalendarEntriesGet(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("calendar_entries/88001.json"), calRecord(t, &calls, 200, "calendar/entry_show.json"))

	e, err := c.CalendarEntries.Get(context.Background(), "88001", Fields("summary", Nested("matter", "id")))
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/calendar_entries/88001.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {"id,etag,summary,matter{id}"}}, calls[0].query)
	assert.Equal(t, CompositeID("88001"), e.ID)
	assert.Equal(t, int64(9001), e.CalendarOwnerID)
	require.NotNil(t, e.CalendarOwner)
	assert.Equal(t, int64(9001), e.CalendarOwner.ID)
	require.Len(t, e.Attendees, 1)
	assert.Equal(t, "alice@firm.example", e.Attendees[0].Email)
}

func TestCalendarEntriesGetEscapesID(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", `=~/calendar_entries/`, calRecord(t, &calls, 200, "calendar/entry_show.json"))

	_, err := c.CalendarEntries.Get(context.Background(), "88001 2026?x")
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/calendar_entries/88001%202026%3Fx.json", calls[0].path)
	assert.Equal(t, []string{wantEntryFields}, calls[0].query["fields"], "the ? stayed in the path")

	for _, bad := range []CompositeID{"", "1/2"} {
		_, err := c.CalendarEntries.Get(context.Background(), bad)
		assert.Error(t, err, "%q", bad)
	}
	assert.Len(t, calls, 1, "bad ids send nothing")
}

func TestCalendarEntriesCreate(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("calendar_entries.json"), calRecord(t, &calls, 201, "calendar/entry_show.json"))

	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	e, err := c.CalendarEntries.Create(context.Background(), CalendarEntryCreate{
		CalendarOwner:  Ref{ID: 9001},
		Summary:        "Deposition of J. Roe",
		Description:    String("Bring exhibits A-F"),
		Location:       String("Courtroom 4B"),
		StartAt:        time.Date(2026, 3, 10, 14, 0, 0, 0, ny),
		EndAt:          time.Date(2026, 3, 10, 16, 0, 0, 0, ny),
		Matter:         Set(Ref{ID: 3301}),
		Attendees:      []EntryAttendee{{ID: Int64(9001), Type: AttendeeBaseTypeCalendar}, {ID: Int64(12), Type: AttendeeBaseTypeContact}},
		RecurrenceRule: String("FREQ=WEEKLY;COUNT=2"),
	})
	require.NoError(t, err)

	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "/api/v4/calendar_entries.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantEntryFields}}, calls[0].query)
	assertGoldenJSON(t, "calendar_entry_create.json", calls[0].body)
	assert.Equal(t, CompositeID("88001"), e.ID)
	assert.Equal(t, "Courtroom 4B", e.Location)
}

func TestCalendarEntriesCreateNullMatter(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("calendar_entries.json"), calRecord(t, &calls, 201, "calendar/entry_show.json"))

	start := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)
	_, err := c.CalendarEntries.Create(context.Background(), CalendarEntryCreate{
		CalendarOwner: Ref{ID: 9002}, Summary: "Filing deadline", StartAt: start, EndAt: start.AddDate(0, 0, 1),
		AllDay: Bool(true), Matter: Null[Ref](),
	})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"data":{"calendar_owner":{"id":9002},"summary":"Filing deadline",
		"start_at":"2026-03-12T00:00:00Z","end_at":"2026-03-13T00:00:00Z","all_day":true,"matter":null}}`, string(calls[0].body))
}

func TestCalendarEntriesCreateChecksLocally(t *testing.T) {
	c, mt := newTestClient(t)
	start := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	ok := CalendarEntryCreate{CalendarOwner: Ref{ID: 9001}, Summary: "x", StartAt: start, EndAt: start.Add(time.Hour)}

	noOwner := ok
	noOwner.CalendarOwner = Ref{}
	_, err := c.CalendarEntries.Create(context.Background(), noOwner)
	require.ErrorIs(t, err, ErrNoCalendarOwner)
	assert.Contains(t, err.Error(), "Calendar id")

	for name, mutate := range map[string]func(*CalendarEntryCreate){
		"no summary": func(b *CalendarEntryCreate) { b.Summary = "" },
		"no start":   func(b *CalendarEntryCreate) { b.StartAt = time.Time{} },
		"end before": func(b *CalendarEntryCreate) { b.EndAt = start.Add(-time.Minute) },
	} {
		b := ok
		mutate(&b)
		_, err := c.CalendarEntries.Create(context.Background(), b)
		assert.Error(t, err, name)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing was sent")
}

func TestCalendarEntriesUpdateWithETag(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("PATCH", calAPI("calendar_entries/88001.json"), calRecord(t, &calls, 200, "calendar/entry_updated.json"))

	const held = `"2e9c3b5a7d4f6c8e0ab1c2d3e4f5a6b7"`
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	e, err := c.CalendarEntries.Update(context.Background(), "88001", held, CalendarEntryUpdate{
		Summary:        Set("Deposition of J. Roe (moved)"),
		StartAt:        Set(time.Date(2026, 3, 11, 14, 0, 0, 0, ny)),
		EndAt:          Set(time.Date(2026, 3, 11, 16, 0, 0, 0, ny)),
		Matter:         Null[Ref](),
		RecurrenceRule: Null[string](),
		Attendees:      []EntryAttendee{{ID: Int64(9001), Type: AttendeeBaseTypeCalendar, Destroy: Bool(true)}},
	})
	require.NoError(t, err)

	require.Len(t, calls, 1, "one PATCH, no etag fetch")
	assert.Equal(t, "PATCH", calls[0].method)
	assert.Equal(t, "/api/v4/calendar_entries/88001.json", calls[0].path)
	assert.Equal(t, held, calls[0].header.Get("If-Match"))
	assert.Equal(t, url.Values{"fields": {wantEntryFields}}, calls[0].query)
	assertGoldenJSON(t, "calendar_entry_update.json", calls[0].body)
	assert.Equal(t, "Deposition of J. Roe (moved)", e.Summary)
	assert.Equal(t, `"4abe5d7c9f6b8e0a2cd3e4f5a6b7c8d9"`, e.ETag)
}

func TestCalendarEntriesUpdateFetchesETag(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("calendar_entries/88001.json"), calRecord(t, &calls, 200, "calendar/entry_etag.json"))
	mt.RegisterResponder("PATCH", calAPI("calendar_entries/88001.json"), calRecord(t, &calls, 200, "calendar/entry_updated.json"))

	_, err := c.CalendarEntries.Update(context.Background(), "88001", "", CalendarEntryUpdate{Location: Set("Room 2")})
	require.NoError(t, err)

	require.Len(t, calls, 2)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, calls[0].query)
	assert.Equal(t, "PATCH", calls[1].method)
	assert.Equal(t, `"5bcf6e8da07c9f1b3de4f5a6b7c8d9e0"`, calls[1].header.Get("If-Match"))
	assert.JSONEq(t, `{"data":{"location":"Room 2"}}`, string(calls[1].body))
}

func TestCalendarEntriesUpdateStaleETag(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("PATCH", calAPI("calendar_entries/88001.json"), jsonResponder(t, 412, "core/error_412.json"))
	_, err := c.CalendarEntries.Update(context.Background(), "88001", `"stale"`, CalendarEntryUpdate{Location: Set("x")})
	assert.ErrorIs(t, err, ErrPreconditionFailed)
}

func TestCalendarEntriesDelete(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("DELETE", calAPI("calendar_entries/88001.json"), calRecord(t, &calls, 204, ""))

	require.NoError(t, c.CalendarEntries.Delete(context.Background(), "88001"))
	require.Len(t, calls, 1)
	assert.Equal(t, "DELETE", calls[0].method)
	assert.Equal(t, "/api/v4/calendar_entries/88001.json", calls[0].path)
	assert.Empty(t, calls[0].query)
	assert.Empty(t, calls[0].body)
}

func TestRemindersCreate(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("reminders.json"), calRecord(t, &calls, 201, "calendar/reminder_show.json"))

	r, err := c.Reminders.Create(context.Background(), ReminderCreate{
		Subject:            ReminderSubject{ID: 88100, Type: ReminderSubjectCalendarEntry},
		NotificationMethod: Ref{ID: 7702},
		DurationValue:      Int(15),
		DurationUnit:       ReminderMinutes,
	})
	require.NoError(t, err)

	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "/api/v4/reminders.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantReminderFields}}, calls[0].query)
	assertGoldenJSON(t, "calendar_reminder_create.json", calls[0].body)
	assert.Equal(t, int64(66001), r.ID)
	assert.EqualValues(t, 10080, r.Duration)
	assert.EqualValues(t, "scheduled", r.State)
	require.NotNil(t, r.NotificationMethod)
	assert.Equal(t, int64(7702), r.NotificationMethod.ID)
	require.NotNil(t, r.Subject)
	assert.Equal(t, int64(88100), r.Subject.ID)
}

func TestRemindersCreateChecksLocally(t *testing.T) {
	c, mt := newTestClient(t)
	ok := ReminderCreate{Subject: ReminderSubject{ID: 1, Type: ReminderSubjectTask}, NotificationMethod: Ref{ID: 2}, DurationValue: Int(1), DurationUnit: ReminderWeeks}
	for name, mutate := range map[string]func(*ReminderCreate){
		"no subject id":   func(b *ReminderCreate) { b.Subject.ID = 0 },
		"bad type":        func(b *ReminderCreate) { b.Subject.Type = "Matter" },
		"no method":       func(b *ReminderCreate) { b.NotificationMethod = Ref{} },
		"bad unit":        func(b *ReminderCreate) { b.DurationUnit = "months" },
		"negative amount": func(b *ReminderCreate) { b.DurationValue = Int(-1) },
	} {
		b := ok
		mutate(&b)
		_, err := c.Reminders.Create(context.Background(), b)
		assert.Error(t, err, name)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

// The duration is optional in Clio's spec: unset, neither field is sent.
func TestRemindersCreateWithoutDuration(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("reminders.json"), calRecord(t, &calls, 201, "calendar/reminder_show.json"))
	_, err := c.Reminders.Create(context.Background(), ReminderCreate{
		Subject:            ReminderSubject{ID: 88100, Type: ReminderSubjectCalendarEntry},
		NotificationMethod: Ref{ID: 7702},
	})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"data":{"subject":{"id":88100,"type":"CalendarEntry"},"notification_method":{"id":7702}}}`, string(calls[0].body))
}

func TestRemindersList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("reminders.json"), calRecord(t, &calls, 200, "calendar/reminders_list.json"))

	got := calCollect(t, c.Reminders.List(ReminderListParams{
		Subject:              ReminderSubject{ID: 88100, Type: ReminderSubjectCalendarEntry},
		NotificationMethodID: 7702,
	}, Fields("duration", "state")))
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/reminders.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {"id,etag,duration,state"}, "subject_id": {"88100"}, "subject_type": {"calendar_entry"},
		"notification_method_id": {"7702"}, "limit": {"200"}, "order": {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.EqualValues(t, 60, got[1].Duration)
	assert.True(t, got[1].NextDeliveryAt.IsZero(), "null next_delivery_at")

	// A subject id without its type is refused before any request.
	_, err := c.Reminders.List(ReminderListParams{Subject: ReminderSubject{ID: 5}}).NextPage(context.Background())
	assert.Error(t, err)
	assert.Len(t, calls, 1)
}

func TestRemindersGetAndDelete(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("reminders/66001.json"), calRecord(t, &calls, 200, "calendar/reminder_show.json"))
	mt.RegisterResponder("DELETE", calAPI("reminders/66001.json"), calRecord(t, &calls, 204, ""))

	r, err := c.Reminders.Get(context.Background(), 66001)
	require.NoError(t, err)
	assert.Equal(t, int64(66001), r.ID)
	require.NoError(t, c.Reminders.Delete(context.Background(), 66001))

	require.Len(t, calls, 2)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{"fields": {wantReminderFields}}, calls[0].query)
	assert.Equal(t, "DELETE", calls[1].method)
	assert.Equal(t, "/api/v4/reminders/66001.json", calls[1].path)
}

func TestReminderDuration(t *testing.T) {
	for _, tc := range []struct {
		d     time.Duration
		value int
		unit  ReminderDurationUnit
	}{
		{7 * 24 * time.Hour, 7, ReminderDays},
		{14 * 24 * time.Hour, 14, ReminderDays},
		{36 * time.Hour, 36, ReminderHours},
		{2 * time.Hour, 2, ReminderHours},
		{90 * time.Minute, 90, ReminderMinutes},
	} {
		v, u, err := ReminderDuration(tc.d)
		require.NoError(t, err, tc.d)
		assert.Equal(t, tc.value, v, tc.d)
		assert.Equal(t, tc.unit, u, tc.d)
	}
	for _, bad := range []time.Duration{0, -time.Hour, 90 * time.Second} {
		_, _, err := ReminderDuration(bad)
		assert.Error(t, err, bad)
	}
}

// ---- statute of limitations ----

// solUser decodes the who_am_i fixture: user 501, default calendar 9001,
// notification methods 7701 (Popup) and 7702 (Email, the default).
func solUser(t *testing.T) *User {
	t.Helper()
	var env dataEnvelope[User]
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "users/who_am_i.json")), &env))
	return &env.Data
}

func solMatter() *Matter {
	return &Matter{ID: 3301, DisplayNumber: "00042-Roe", Client: &ContactBase{ID: 4401, Name: "Jane Roe"}}
}

func TestCreateStatuteOfLimitations(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("calendar_entries.json"), calRecord(t, &calls, 201, "calendar/entry_sol_created.json"))
	mt.RegisterResponder("POST", calAPI("reminders.json"), calRecord(t, &calls, 201, "calendar/reminder_show.json"))

	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	user := solUser(t)
	require.Equal(t, int64(501), user.ID)
	require.Equal(t, int64(9001), user.DefaultCalendarID)

	entry, reminder, err := c.CalendarEntries.CreateStatuteOfLimitations(context.Background(), SOLParams{
		Matter:       solMatter(),
		IncidentDate: NewDate(2024, time.February, 29),
		Years:        2,
		User:         user,
		Location:     ny, // the fixture's time_zone is a Rails name Go cannot load
	})
	require.NoError(t, err)

	require.Len(t, calls, 2)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "/api/v4/calendar_entries.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantEntryFields}}, calls[0].query)
	// Deadline 2026-02-28 (Feb 29 + 2 years), all day in New York, on
	// calendar 9001 (not user 501), linked to matter 3301.
	assertGoldenJSON(t, "calendar_sol_entry.json", calls[0].body)

	assert.Equal(t, "POST", calls[1].method)
	assert.Equal(t, "/api/v4/reminders.json", calls[1].path)
	// Subject is the new entry 88100; method 7702 is the default email;
	// 7 days before.
	assertGoldenJSON(t, "calendar_sol_reminder.json", calls[1].body)

	assert.Equal(t, CompositeID("88100"), entry.ID)
	assert.True(t, entry.AllDay)
	assert.Equal(t, int64(66001), reminder.ID)
}

func TestCreateStatuteOfLimitationsBodies(t *testing.T) {
	user := solUser(t)
	base := SOLParams{Matter: solMatter(), IncidentDate: NewDate(2023, time.June, 15), Years: 3, User: user}

	t.Run("rails time zone falls back to UTC", func(t *testing.T) {
		e, r, err := base.bodies()
		require.NoError(t, err)
		assert.Equal(t, "2026-06-15T00:00:00Z", e.StartAt.Format(time.RFC3339))
		assert.Equal(t, "2026-06-16T00:00:00Z", e.EndAt.Format(time.RFC3339))
		assert.Equal(t, Ref{ID: 9001}, e.CalendarOwner)
		assert.Equal(t, int64(7702), r.NotificationMethod.ID)
		assert.Equal(t, Int(7), r.DurationValue)
		assert.Equal(t, ReminderDays, r.DurationUnit)
	})
	t.Run("IANA user time zone is used, across DST", func(t *testing.T) {
		u := *user
		u.TimeZone = "America/New_York"
		p := base
		p.User = &u
		p.IncidentDate = NewDate(2023, time.March, 7) // deadline 2026-03-07, DST starts 03-08
		e, _, err := p.bodies()
		require.NoError(t, err)
		assert.Equal(t, "2026-03-07T00:00:00-05:00", e.StartAt.Format(time.RFC3339))
		assert.Equal(t, "2026-03-08T00:00:00-05:00", e.EndAt.Format(time.RFC3339))
	})
	t.Run("explicit method and lead time", func(t *testing.T) {
		p := base
		p.NotificationMethodID = 7701
		p.ReminderBefore = 48 * time.Hour
		_, r, err := p.bodies()
		require.NoError(t, err)
		assert.Equal(t, int64(7701), r.NotificationMethod.ID)
		assert.Equal(t, Int(2), r.DurationValue)
		assert.Equal(t, ReminderDays, r.DurationUnit)
	})
	t.Run("default email address wins", func(t *testing.T) {
		u := *user
		u.NotificationMethods = []NotificationMethodBase{{ID: 1, Type: "Email"}, {ID: 2, Type: "Email", IsDefaultEmailAddress: true}}
		p := base
		p.User = &u
		_, r, err := p.bodies()
		require.NoError(t, err)
		assert.Equal(t, int64(2), r.NotificationMethod.ID)
	})
	t.Run("no default email: first Email method", func(t *testing.T) {
		u := *user
		u.NotificationMethods = []NotificationMethodBase{{ID: 1, Type: "Popup"}, {ID: 2, Type: "Email"}}
		p := base
		p.User = &u
		_, r, err := p.bodies()
		require.NoError(t, err)
		assert.Equal(t, int64(2), r.NotificationMethod.ID)
	})
	t.Run("title without client", func(t *testing.T) {
		p := base
		p.Matter = &Matter{ID: 3301, DisplayNumber: "00042-Roe"}
		e, _, err := p.bodies()
		require.NoError(t, err)
		assert.Equal(t, "Statute of limitations: 00042-Roe", e.Summary)
	})
}

func TestCreateStatuteOfLimitationsChecksLocally(t *testing.T) {
	c, mt := newTestClient(t)
	user := solUser(t)
	noCal := *user
	noCal.DefaultCalendarID = 0
	noMethods := *user
	noMethods.NotificationMethods = nil
	base := SOLParams{Matter: solMatter(), IncidentDate: NewDate(2024, 2, 29), Years: 2, User: user}

	for name, mutate := range map[string]func(*SOLParams){
		"no matter":           func(p *SOLParams) { p.Matter = nil },
		"no user":             func(p *SOLParams) { p.User = nil },
		"no calendar":         func(p *SOLParams) { p.User = &noCal },
		"no methods":          func(p *SOLParams) { p.User = &noMethods },
		"no incident":         func(p *SOLParams) { p.IncidentDate = Date{} },
		"no years":            func(p *SOLParams) { p.Years = 0 },
		"sub-minute reminder": func(p *SOLParams) { p.ReminderBefore = 30 * time.Second },
	} {
		p := base
		mutate(&p)
		_, _, err := c.CalendarEntries.CreateStatuteOfLimitations(context.Background(), p)
		assert.Error(t, err, name)
		if name == "no calendar" {
			assert.ErrorIs(t, err, ErrNoCalendarOwner)
		}
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestCreateStatuteOfLimitationsReminderFails(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", calAPI("calendar_entries.json"), jsonResponder(t, 201, "calendar/entry_sol_created.json"))
	mt.RegisterResponder("POST", calAPI("reminders.json"), jsonResponder(t, 422, "core/error_422.json"))

	entry, reminder, err := c.CalendarEntries.CreateStatuteOfLimitations(context.Background(), SOLParams{
		Matter: solMatter(), IncidentDate: NewDate(2024, 2, 29), Years: 2, User: solUser(t),
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrValidation)
	var apiErr *APIError
	assert.True(t, errors.As(err, &apiErr))
	require.NotNil(t, entry, "the entry exists and is returned for cleanup")
	assert.Equal(t, CompositeID("88100"), entry.ID)
	assert.Nil(t, reminder)
}
