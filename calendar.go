package clio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// CalendarsService reads calendars (/calendars.json). Reach it through
// [Client.Calendars]. A calendar entry is filed on a calendar, not on a
// user: a user's own calendar is [User.DefaultCalendarID].
type CalendarsService struct{ service }

// CalendarEntriesService reads and writes calendar entries
// (/calendar_entries.json). Reach it through [Client.CalendarEntries].
type CalendarEntriesService struct{ service }

// RemindersService creates, lists and deletes reminders (/reminders.json).
// Reach it through [Client.Reminders].
type RemindersService struct{ service }

// defaultCalendarFields is what the CalendarsService methods fill when no
// fields are given: name, type, permission, visible, color, light_color,
// source, court_rules_default_calendar, created/updated times and the
// creator (id, name).
var defaultCalendarFields = Fields("name", "type", "permission", "visible", "color", "light_color",
	"source", "court_rules_default_calendar", "created_at", "updated_at",
	Nested("creator", "id", "name"))

// defaultCalendarEntryFields is what the CalendarEntriesService methods fill
// when no fields are given: summary, description, location, start_at,
// end_at, all_day, recurrence_rule, start_at_time_zone, calendar_owner_id,
// permission, created/updated times, the calendar owner (id, name, type),
// the matter (id, display_number) and the attendees (id, type, name, email).
var defaultCalendarEntryFields = Fields("summary", "description", "location", "start_at", "end_at",
	"all_day", "recurrence_rule", "start_at_time_zone", "calendar_owner_id", "permission",
	"created_at", "updated_at",
	Nested("calendar_owner", "id", "name", "type"),
	Nested("matter", "id", "display_number"),
	Nested("attendees", "id", "type", "name", "email"))

// defaultReminderFields is what the RemindersService methods fill when no
// fields are given: duration (in minutes), state, next_delivery_at,
// created/updated times, the notification method (id, type, email_address)
// and the subject (id, type, identifier).
var defaultReminderFields = Fields("duration", "state", "next_delivery_at", "created_at", "updated_at",
	Nested("notification_method", "id", "type", "email_address"),
	Nested("subject", "id", "type", "identifier"))

// ---- calendars ----

// CalendarListParams filters GET /calendars.json. Zero values are not sent;
// the Opt filters are sent when set, true or false.
type CalendarListParams struct {
	Type                CalendarType // e.g. CalendarTypeUserCalendar
	Owner               Opt[bool]    // only calendars the user owns
	Writeable           Opt[bool]    // only calendars the user can write to
	Visible             Opt[bool]
	FilterInactiveUsers Opt[bool] // drop shared UserCalendars of inactive users
	Source              CalendarSource
	IDs                 []int64
	CreatedSince        time.Time
	UpdatedSince        time.Time
	Limit               int // page size, 1-200; 0: DefaultPageSize
}

func (p CalendarListParams) values() url.Values {
	q := url.Values{}
	qSetString(q, "type", string(p.Type))
	qSetBool(q, "owner", p.Owner)
	qSetBool(q, "writeable", p.Writeable)
	qSetBool(q, "visible", p.Visible)
	qSetBool(q, "filter_inactive_users", p.FilterInactiveUsers)
	qSetString(q, "source", string(p.Source))
	qSetIDs(q, "ids[]", p.IDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	qSetLimit(q, p.Limit)
	return q
}

// List pages through the calendars the user can see: GET /calendars.json
// (Clio's Calendar#index).
func (s *CalendarsService) List(params CalendarListParams, opts ...CallOption) *CalendarPager {
	return (*CalendarPager)(opList[Calendar](s.service, "calendars.json", "Calendar", defaultCalendarFields, listShapeOf("calendars.json"), params.values(), nil, opts))
}

// Get fetches a calendar: GET /calendars/{id}.json (Calendar#show). With
// zero fields it fills defaultCalendarFields.
func (s *CalendarsService) Get(ctx context.Context, id int64, opts ...CallOption) (*Calendar, error) {
	return opDo[Calendar](ctx, s.service, http.MethodGet, idPath("calendars", id), "Calendar", defaultCalendarFields, nil, nil, opts)
}

// ---- calendar entries ----

// CalendarEntryListParams filters GET /calendar_entries.json. Zero values
// are not sent.
type CalendarEntryListParams struct {
	From       time.Time // entries that end on or after From (sent as RFC 3339)
	To         time.Time // entries that begin on or before To (sent as RFC 3339)
	CalendarID int64
	MatterID   int64
	IsAllDay   Opt[bool]
	Visible    Opt[bool]
	Query      string // Clio's search over the entries
	// Expanded returns one record per occurrence of a recurring entry.
	Expanded bool
	// OwnerEntriesAcrossAllUsers returns the entries the calendars' owners
	// hold on every user's calendar.
	OwnerEntriesAcrossAllUsers Opt[bool]
	HasCourtRule               Opt[bool]      // entries made (or not) by a court rule
	Source                     CalendarSource // web or mobile: where the entry was made
	// ExternalPropertyName and ExternalPropertyValue select the entries an
	// integration tagged with that property.
	ExternalPropertyName, ExternalPropertyValue string
	IDs                                         []int64
	CreatedSince, UpdatedSince                  time.Time
	Limit                                       int // page size, 1-200; 0: DefaultPageSize
}

func (p CalendarEntryListParams) values() url.Values {
	q := url.Values{}
	qSetTime(q, "from", p.From)
	qSetTime(q, "to", p.To)
	qSetID(q, "calendar_id", p.CalendarID)
	qSetID(q, "matter_id", p.MatterID)
	qSetBool(q, "is_all_day", p.IsAllDay)
	qSetBool(q, "visible", p.Visible)
	qSetString(q, "query", p.Query)
	qSetTrue(q, "expanded", p.Expanded)
	qSetBool(q, "owner_entries_across_all_users", p.OwnerEntriesAcrossAllUsers)
	qSetBool(q, "has_court_rule", p.HasCourtRule)
	qSetString(q, "source", string(p.Source))
	qSetString(q, "external_property_name", p.ExternalPropertyName)
	qSetString(q, "external_property_value", p.ExternalPropertyValue)
	qSetIDs(q, "ids[]", p.IDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	qSetLimit(q, p.Limit)
	return q
}

// EntryAttendee is one attendees[] item of a calendar entry write: a
// Calendar (AttendeeBaseTypeCalendar, e.g. a user's DefaultCalendarID) or a
// Contact (AttendeeBaseTypeContact). Set Destroy to remove an attendee.
// Every field is optional in Clio's spec, and optional fields are Opt:
// unset is not sent, Set sends, Null sends null.
type EntryAttendee struct {
	ID      Opt[int64]       `json:"id,omitzero"`
	Type    AttendeeBaseType `json:"type,omitzero"`
	Destroy Opt[bool]        `json:"_destroy,omitzero"`
}

// EntryExternalProperty is one external_properties[] item (at most 5 per
// entry). Set ID to change or, with Destroy, delete an existing one. Every
// field is optional, and optional fields are Opt: unset is not sent, Set
// sends, Null sends null.
type EntryExternalProperty struct {
	ID      Opt[int64]  `json:"id,omitzero"`
	Name    Opt[string] `json:"name,omitzero"`
	Value   Opt[string] `json:"value,omitzero"`
	Destroy Opt[bool]   `json:"_destroy,omitzero"`
}

// CalendarEntryCreate is the body of POST /calendar_entries.json.
// CalendarOwner, Summary, StartAt and EndAt are required, plain, and
// checked before anything is sent. Optional fields are Opt: unset is not
// sent, Set sends, Null sends null.
type CalendarEntryCreate struct {
	// CalendarOwner is the Calendar the entry goes on (a Calendar id, not a
	// User id: a user's own calendar is User.DefaultCalendarID).
	CalendarOwner Ref         `json:"calendar_owner"`
	Summary       string      `json:"summary"`
	StartAt       time.Time   `json:"start_at"` // encoded RFC 3339 with its offset
	EndAt         time.Time   `json:"end_at"`
	AllDay        Opt[bool]   `json:"all_day,omitzero"`
	Description   Opt[string] `json:"description,omitzero"`
	Location      Opt[string] `json:"location,omitzero"`
	// Matter links the entry to a matter; Null[Ref]() sends null.
	Matter                 Opt[Ref]                `json:"matter,omitzero"`
	Attendees              []EntryAttendee         `json:"attendees,omitempty"`
	RecurrenceRule         Opt[string]             `json:"recurrence_rule,omitzero"` // an RRULE, e.g. "FREQ=WEEKLY;BYDAY=MO"
	CalendarEntryEventType Opt[Ref]                `json:"calendar_entry_event_type,omitzero"`
	ExternalProperties     []EntryExternalProperty `json:"external_properties,omitempty"`
	SendEmailNotification  Opt[bool]               `json:"send_email_notification,omitzero"`
}

// ErrNoCalendarOwner is returned, before any request, by calendar entry
// creation without a calendar owner id.
var ErrNoCalendarOwner = errors.New("clio: calendar entry needs calendar_owner{id}, a Calendar id (a user's own is User.DefaultCalendarID)")

func (b *CalendarEntryCreate) check() error {
	switch {
	case b.CalendarOwner.ID == 0:
		return &ArgumentError{Param: "CalendarOwner", Problem: "a calendar entry needs calendar_owner{id}, a Calendar id (a user's own is User.DefaultCalendarID)", Err: ErrNoCalendarOwner}
	case b.Summary == "":
		return argError("Summary", "a calendar entry needs a summary")
	case b.StartAt.IsZero() || b.EndAt.IsZero():
		return argError("StartAt", "a calendar entry needs start_at and end_at")
	case b.EndAt.Before(b.StartAt):
		return argError("EndAt", "end_at is before start_at")
	}
	return nil
}

// CalendarEntryUpdate is the body of PATCH /calendar_entries/{id}.json.
// Every field is optional, and optional fields are Opt: unset is not sent,
// Set sends, Null sends null.
type CalendarEntryUpdate struct {
	// CalendarOwner moves the entry to another Calendar; Clio does not
	// accept null here.
	CalendarOwner Opt[Ref]       `json:"calendar_owner,omitzero"`
	Summary       Opt[string]    `json:"summary,omitzero"`
	Description   Opt[string]    `json:"description,omitzero"`
	Location      Opt[string]    `json:"location,omitzero"`
	StartAt       Opt[time.Time] `json:"start_at,omitzero"`
	EndAt         Opt[time.Time] `json:"end_at,omitzero"`
	AllDay        Opt[bool]      `json:"all_day,omitzero"`
	// Matter relinks the entry; Null[Ref]() unlinks it.
	Matter    Opt[Ref]        `json:"matter,omitzero"`
	Attendees []EntryAttendee `json:"attendees,omitempty"`
	// RecurrenceRule changes the recurrence; Null[string]() or "" makes the
	// entry non-recurring.
	RecurrenceRule         Opt[string]             `json:"recurrence_rule,omitzero"`
	CalendarEntryEventType Opt[Ref]                `json:"calendar_entry_event_type,omitzero"`
	ExternalProperties     []EntryExternalProperty `json:"external_properties,omitempty"`
	SendEmailNotification  Opt[bool]               `json:"send_email_notification,omitzero"`
}

// entryPath is "calendar_entries/{id}.json" with the id path-escaped. The
// spec types entry ids as strings, so a composite id is possible; a "/"
// is refused because a server may decode %2F as a path separator.
func entryPath(id CompositeID) (string, error) {
	if id == "" {
		return "", argError("id", "calendar entry id is empty")
	}
	if strings.Contains(string(id), "/") {
		return "", argError("id", "calendar entry id contains '/'")
	}
	return "calendar_entries/" + url.PathEscape(string(id)) + ".json", nil
}

// List pages through calendar entries: GET /calendar_entries.json
// (CalendarEntry#index).
func (s *CalendarEntriesService) List(params CalendarEntryListParams, opts ...CallOption) *CalendarEntryPager {
	return (*CalendarEntryPager)(opList[CalendarEntry](s.service, "calendar_entries.json", "CalendarEntry", defaultCalendarEntryFields, listShapeOf("calendar_entries.json"), params.values(), nil, opts))
}

// Get fetches a calendar entry: GET /calendar_entries/{id}.json
// (CalendarEntry#show). With zero fields it fills defaultCalendarEntryFields.
func (s *CalendarEntriesService) Get(ctx context.Context, id CompositeID, opts ...CallOption) (*CalendarEntry, error) {
	path, err := entryPath(id)
	if err != nil {
		return nil, err
	}
	return opDo[CalendarEntry](ctx, s.service, http.MethodGet, path, "CalendarEntry", defaultCalendarEntryFields, nil, nil, opts)
}

// Create adds a calendar entry: POST /calendar_entries.json
// (CalendarEntry#create). A missing calendar owner ([ErrNoCalendarOwner]),
// summary, start or end fails before anything is sent.
func (s *CalendarEntriesService) Create(ctx context.Context, body CalendarEntryCreate, opts ...CallOption) (*CalendarEntry, error) {
	if err := body.check(); err != nil {
		return nil, err
	}
	return opDo[CalendarEntry](ctx, s.service, http.MethodPost, "calendar_entries.json", "CalendarEntry", defaultCalendarEntryFields, nil, body, opts)
}

// Update changes a calendar entry: PATCH /calendar_entries/{id}.json
// (CalendarEntry#update) with If-Match: etag. With an empty etag it first
// fetches the entry's current etag; a stale one returns
// [ErrPreconditionFailed].
func (s *CalendarEntriesService) Update(ctx context.Context, id CompositeID, etag string, body CalendarEntryUpdate, opts ...CallOption) (*CalendarEntry, error) {
	path, err := entryPath(id)
	if err != nil {
		return nil, err
	}
	return opUpdate[CalendarEntry](ctx, s.service, path, "CalendarEntry", defaultCalendarEntryFields, etag, body, opts)
}

// Delete removes a calendar entry: DELETE /calendar_entries/{id}.json
// (CalendarEntry#destroy).
func (s *CalendarEntriesService) Delete(ctx context.Context, id CompositeID, opts ...CallOption) error {
	path, err := entryPath(id)
	if err != nil {
		return err
	}
	return opDelete(ctx, s.service, path, opts)
}

// ---- reminders ----

// ReminderSubjectType is the kind of record a reminder is about.
type ReminderSubjectType string

// The subject types Clio accepts.
const (
	ReminderSubjectCalendarEntry ReminderSubjectType = "CalendarEntry"
	ReminderSubjectTask          ReminderSubjectType = "Task"
)

// ReminderSubject points a reminder at a calendar entry or a task.
type ReminderSubject struct {
	ID   int64               `json:"id"`
	Type ReminderSubjectType `json:"type"`
}

// ReminderDurationUnit is the unit of a reminder's DurationValue.
type ReminderDurationUnit string

// The units Clio accepts.
const (
	ReminderWeeks   ReminderDurationUnit = "weeks"
	ReminderDays    ReminderDurationUnit = "days"
	ReminderHours   ReminderDurationUnit = "hours"
	ReminderMinutes ReminderDurationUnit = "minutes"
)

// reminderUnits lists the units ReminderDuration picks from, largest
// first, with their lengths. Weeks are left out on purpose: "7 days
// before" reads better than "1 week before" for a deadline; set
// ReminderWeeks explicitly if you want it.
var reminderUnits = []struct {
	unit ReminderDurationUnit
	d    time.Duration
}{
	{ReminderDays, 24 * time.Hour},
	{ReminderHours, time.Hour},
	{ReminderMinutes, time.Minute},
}

// ReminderDuration expresses d in the largest of days, hours and minutes
// that divides it: 7 days is (7, days), 36h is (36, hours), 90m is (90,
// minutes). d must be a positive whole number of minutes.
func ReminderDuration(d time.Duration) (int, ReminderDurationUnit, error) {
	if d <= 0 || d%time.Minute != 0 {
		return 0, "", argError("ReminderBefore", "lead time %s: want a positive whole number of minutes", d)
	}
	for _, u := range reminderUnits {
		if d%u.d == 0 {
			return int(d / u.d), u.unit, nil
		}
	}
	panic("unreachable") // minutes divide d
}

// ReminderCreate is the body of POST /reminders.json. Subject and
// NotificationMethod (an id from User.NotificationMethods) are required and
// plain. The reminder fires DurationValue DurationUnit before the subject;
// [ReminderDuration] converts a time.Duration. Optional fields are Opt:
// unset is not sent, Set sends, Null sends null.
type ReminderCreate struct {
	Subject            ReminderSubject      `json:"subject"`
	NotificationMethod Ref                  `json:"notification_method"`
	DurationValue      Opt[int]             `json:"duration_value,omitzero"`
	DurationUnit       ReminderDurationUnit `json:"duration_unit,omitzero"`
}

func (b *ReminderCreate) check() error {
	switch {
	case b.Subject.ID == 0 || b.Subject.Type == "":
		return argError("Subject", "a reminder needs subject{id,type}")
	case b.Subject.Type != ReminderSubjectCalendarEntry && b.Subject.Type != ReminderSubjectTask:
		return argError("Subject", "reminder subject type %q: want CalendarEntry or Task", b.Subject.Type)
	case b.NotificationMethod.ID == 0:
		return argError("NotificationMethod", "a reminder needs notification_method{id} (see User.NotificationMethods)")
	}
	if v, ok := b.DurationValue.Get(); ok && v < 0 {
		return argError("DurationValue", "is negative")
	}
	switch b.DurationUnit {
	case "", ReminderWeeks, ReminderDays, ReminderHours, ReminderMinutes:
		return nil
	}
	return argError("DurationUnit", "%q: want weeks, days, hours or minutes", b.DurationUnit)
}

// ReminderListParams filters GET /reminders.json. Zero values are not sent.
type ReminderListParams struct {
	// Subject limits the list to one calendar entry's or task's reminders
	// (subject_id and subject_type; Type alone filters by kind).
	Subject              ReminderSubject
	NotificationMethodID int64
	UserID               int64
	State                ReminderState
	IDs                  []int64
	CreatedSince         time.Time
	UpdatedSince         time.Time
	Limit                int // page size, 1-200; 0: DefaultPageSize
}

func (p ReminderListParams) values() (url.Values, error) {
	q := url.Values{}
	switch p.Subject.Type {
	case "":
		if p.Subject.ID != 0 {
			return nil, argError("Subject", "a reminder filter subject id needs its type (Clio requires subject_type with subject_id)")
		}
	case ReminderSubjectCalendarEntry:
		q.Set("subject_type", "calendar_entry")
	case ReminderSubjectTask:
		q.Set("subject_type", "task")
	default:
		return nil, argError("Subject", "reminder subject type %q: want CalendarEntry or Task", p.Subject.Type)
	}
	qSetID(q, "subject_id", p.Subject.ID)
	qSetID(q, "notification_method_id", p.NotificationMethodID)
	qSetID(q, "user_id", p.UserID)
	qSetString(q, "state", string(p.State))
	qSetIDs(q, "ids[]", p.IDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	qSetLimit(q, p.Limit)
	return q, nil
}

// Create adds a reminder: POST /reminders.json (Reminder#create). The body
// is checked before anything is sent.
func (s *RemindersService) Create(ctx context.Context, body ReminderCreate, opts ...CallOption) (*Reminder, error) {
	if err := body.check(); err != nil {
		return nil, err
	}
	return opDo[Reminder](ctx, s.service, http.MethodPost, "reminders.json", "Reminder", defaultReminderFields, nil, body, opts)
}

// List pages through reminders: GET /reminders.json (Reminder#index).
func (s *RemindersService) List(params ReminderListParams, opts ...CallOption) *ReminderPager {
	q, err := params.values()
	if err != nil {
		return (*ReminderPager)(errPager[Reminder](err))
	}
	return (*ReminderPager)(opList[Reminder](s.service, "reminders.json", "Reminder", defaultReminderFields, listShapeOf("reminders.json"), q, nil, opts))
}

// Get fetches a reminder: GET /reminders/{id}.json (Reminder#show). With
// zero fields it fills defaultReminderFields.
func (s *RemindersService) Get(ctx context.Context, id int64, opts ...CallOption) (*Reminder, error) {
	return opDo[Reminder](ctx, s.service, http.MethodGet, idPath("reminders", id), "Reminder", defaultReminderFields, nil, nil, opts)
}

// Delete removes a reminder: DELETE /reminders/{id}.json (Reminder#destroy).
func (s *RemindersService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	return opDelete(ctx, s.service, idPath("reminders", id), opts)
}

// ---- statute of limitations ----

// DefaultSOLReminder is how long before a statute-of-limitations deadline
// the reminder fires when SOLParams.ReminderBefore is zero.
const DefaultSOLReminder = 7 * 24 * time.Hour

// SOLParams describes a statute-of-limitations deadline for
// [CalendarEntriesService.CreateStatuteOfLimitations].
type SOLParams struct {
	// Matter the deadline belongs to. ID is required; DisplayNumber and
	// Client.Name make the title (fetch the matter with display_number and
	// client{name}).
	Matter *Matter
	// IncidentDate starts the limitation period.
	IncidentDate Date
	// Years is the limitation period. The deadline is IncidentDate.AddYears:
	// February 29 plus a number of years that lands in a common year is
	// February 28.
	Years int
	// User owns the deadline, usually the responsible attorney. The entry
	// goes on User.DefaultCalendarID (a Calendar id), and the reminder
	// through one of User.NotificationMethods. A plain [UsersService.Get]
	// fills both, and TimeZone.
	User *User
	// ReminderBefore is the reminder's lead time; zero means
	// DefaultSOLReminder (7 days). It is sent in the largest whole unit of
	// days, hours or minutes (see [ReminderDuration]).
	ReminderBefore time.Duration
	// NotificationMethodID picks the user's notification method. Zero picks
	// the method marked as the default email address, else the first of
	// type Email, else the first.
	NotificationMethodID int64
	// Location is the time zone whose calendar day the all-day entry
	// covers. Nil means User.TimeZone when it is an IANA name Go can load,
	// else UTC. Clio may report Rails-style zone names ("Eastern Time (US &
	// Canada)") that Go cannot load; pass Location for those users.
	Location *time.Location
}

// CreateStatuteOfLimitations files a statute-of-limitations deadline: POST
// /calendar_entries.json (CalendarEntry#create) for an all-day entry on the
// deadline, then POST /reminders.json (Reminder#create) for a reminder
// ReminderBefore ahead of it. Everything is
// checked before the first request.
//
// The entry is titled "Statute of limitations: <client name> — <display
// number>", is linked to matter{id} and goes on the user's default
// calendar (calendar_owner is User.DefaultCalendarID, never the user id).
// All-day encoding: all_day is true, start_at is 00:00 on the deadline and
// end_at is 00:00 on the next day, both in Location (see SOLParams), sent
// as RFC 3339 with that zone's offset.
//
// If the reminder fails, the entry exists already: it is returned together
// with the error, so the caller can retry the reminder or delete the entry.
func (s *CalendarEntriesService) CreateStatuteOfLimitations(ctx context.Context, p SOLParams, opts ...CallOption) (*CalendarEntry, *Reminder, error) {
	entryBody, reminderBody, err := p.bodies()
	if err != nil {
		return nil, nil, err
	}
	entry, err := s.Create(ctx, entryBody, opts...)
	if err != nil {
		return nil, nil, err
	}
	id, ok := entry.ID.Int64()
	if !ok {
		return entry, nil, fmt.Errorf("clio: calendar entry id %q is not numeric; cannot attach a reminder", string(entry.ID))
	}
	reminderBody.Subject.ID = id
	reminder, err := s.c.Reminders.Create(ctx, reminderBody)
	if err != nil {
		return entry, nil, fmt.Errorf("clio: statute of limitations entry %s created, but its reminder failed: %w", string(entry.ID), err)
	}
	return entry, reminder, nil
}

// bodies checks p and builds the entry body and the reminder body (whose
// subject id is filled in once the entry exists).
func (p SOLParams) bodies() (CalendarEntryCreate, ReminderCreate, error) {
	var zero CalendarEntryCreate
	switch {
	case p.Matter == nil || p.Matter.ID == 0:
		return zero, ReminderCreate{}, argError("Matter", "the statute of limitations entry needs the matter (with its id)")
	case p.User == nil:
		return zero, ReminderCreate{}, argError("User", "the statute of limitations entry needs the user whose calendar it goes on")
	case p.User.DefaultCalendarID == 0:
		return zero, ReminderCreate{}, &ArgumentError{Param: "User", Problem: fmt.Sprintf("user %d has no default_calendar_id (fetch the user with it)", p.User.ID), Err: ErrNoCalendarOwner}
	case p.IncidentDate.IsZero():
		return zero, ReminderCreate{}, argError("IncidentDate", "the statute of limitations entry needs the incident date")
	case p.Years <= 0:
		return zero, ReminderCreate{}, argError("Years", "a limitation period of %d years: want at least 1", p.Years)
	}
	before := p.ReminderBefore
	if before == 0 {
		before = DefaultSOLReminder
	}
	value, unit, err := ReminderDuration(before)
	if err != nil {
		return zero, ReminderCreate{}, err
	}
	method, err := p.notificationMethod()
	if err != nil {
		return zero, ReminderCreate{}, err
	}
	loc := p.Location
	if loc == nil {
		loc = time.UTC
		if l, err := time.LoadLocation(p.User.TimeZone); err == nil {
			loc = l
		}
	}
	deadline := p.IncidentDate.AddYears(p.Years)
	entry := CalendarEntryCreate{
		CalendarOwner: Ref{ID: p.User.DefaultCalendarID},
		Summary:       solTitle(p.Matter),
		Description: Set(fmt.Sprintf("Limitation period of %d years from the incident on %s ends on %s.",
			p.Years, p.IncidentDate, deadline)),
		StartAt: deadline.In(loc),
		EndAt:   deadline.AddDays(1).In(loc),
		AllDay:  Set(true),
		Matter:  Set(Ref{ID: p.Matter.ID}),
	}
	reminder := ReminderCreate{
		Subject:            ReminderSubject{Type: ReminderSubjectCalendarEntry},
		NotificationMethod: Ref{ID: method},
		DurationValue:      Set(value),
		DurationUnit:       unit,
	}
	return entry, reminder, nil
}

// notificationMethod picks the reminder's notification method id.
func (p SOLParams) notificationMethod() (int64, error) {
	methods := p.User.NotificationMethods
	if p.NotificationMethodID != 0 {
		return p.NotificationMethodID, nil
	}
	for _, m := range methods {
		if m.IsDefaultEmailAddress && m.ID != 0 {
			return m.ID, nil
		}
	}
	for _, m := range methods {
		if strings.EqualFold(string(m.Type), "Email") && m.ID != 0 {
			return m.ID, nil
		}
	}
	if len(methods) > 0 && methods[0].ID != 0 {
		return methods[0].ID, nil
	}
	return 0, argError("User", "user %d has no notification methods (fetch the user with notification_methods, or set NotificationMethodID)", p.User.ID)
}

// solTitle is "Statute of limitations: <client name> — <display number>",
// leaving out what the matter does not carry.
func solTitle(m *Matter) string {
	var parts []string
	if m.Client != nil && m.Client.Name != "" {
		parts = append(parts, m.Client.Name)
	}
	if m.DisplayNumber != "" {
		parts = append(parts, m.DisplayNumber)
	}
	if len(parts) == 0 {
		parts = append(parts, "matter "+strconv.FormatInt(m.ID, 10))
	}
	return "Statute of limitations: " + strings.Join(parts, " — ")
}
