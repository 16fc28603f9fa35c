package cliotest

import (
	"net/http"
	"slices"
	"time"
)

// calendarEntry is an event on a calendar.
type calendarEntry struct {
	meta
	summary, description, location string
	start, end                     time.Time
	allDay                         bool
	recurrence                     string
	calendarID, matterID           int64
}

func (e *calendarEntry) attr(s *Server, name string) (any, bool) {
	if v, ok := e.common(name); ok {
		return v, true
	}
	switch name {
	case "summary":
		return e.summary, true
	case "description":
		return strOrNil(e.description), true
	case "location":
		return strOrNil(e.location), true
	case "start_at":
		return fmtTime(e.start), true
	case "end_at":
		return fmtTime(e.end), true
	case "start_date":
		return e.start.UTC().Format(time.DateOnly), true
	case "start_time":
		return e.start.UTC().Format(time.TimeOnly), true
	case "end_date":
		return e.end.UTC().Format(time.DateOnly), true
	case "end_time":
		return e.end.UTC().Format(time.TimeOnly), true
	case "all_day":
		return e.allDay, true
	case "recurrence_rule":
		return strOrNil(e.recurrence), true
	case "parent_calendar_entry_id", "parent_calendar_entry", "conference_meeting", "matter_docket", "calendar_entry_event_type":
		return nil, true
	case "court_rule":
		return false, true
	case "permission":
		return "owner", true
	case "calendar_owner_id":
		return e.calendarID, true
	case "start_at_time_zone":
		return "UTC", true
	case "time_entries_count":
		return len(s.timeEntries("calendar_entry", e.id)), true
	case "time_entries":
		return s.timeEntries("calendar_entry", e.id), true
	case "matter":
		m, _ := s.matters.get(e.matterID)
		return optNode(m), true
	case "calendar_owner":
		cal, _ := s.calendars.get(e.calendarID)
		return optNode(cal), true
	case "calendars":
		cal, _ := s.calendars.get(e.calendarID)
		if cal == nil {
			return []node{}, true
		}
		return []node{cal}, true
	case "reminders":
		out := []node{}
		for _, id := range s.reminders.ids {
			if r := s.reminders.rows[id]; r.subjectID == e.id {
				out = append(out, r)
			}
		}
		return out, true
	case "attendees", "external_properties":
		return []node{}, true
	}
	return nil, false
}

// applyEntry applies a create or update body to e (a copy).
func (s *Server) applyEntry(e *calendarEntry, b body, creating bool) error {
	if id, given, err := b.ref("calendar_owner"); err != nil {
		return invalid("%v", err)
	} else if given {
		if _, ok := s.calendars.get(id); !ok {
			return invalid("calendar_owner %d is not a Calendar id (a user's own calendar is its default_calendar_id)", id)
		}
		e.calendarID = id
	}
	if creating && e.calendarID == 0 {
		return invalid("calendar_owner is required")
	}
	if v, given, _ := b.str("summary"); given {
		e.summary = v
	}
	if e.summary == "" {
		return invalid("summary can't be blank")
	}
	for key, dst := range map[string]*time.Time{"start_at": &e.start, "end_at": &e.end} {
		v, given, _ := b.str(key)
		if !given {
			if creating {
				return invalid("%s is required", key)
			}
			continue
		}
		t, err := parseInstant(v)
		if err != nil {
			return invalid("%s must be %s, got %q", key, instantForm, v)
		}
		*dst = t
	}
	if e.end.Before(e.start) {
		return invalid("end_at must not be before start_at")
	}
	if id, given, err := b.ref("matter"); err != nil {
		return invalid("%v", err)
	} else if given {
		if _, ok := s.matters.get(id); id != 0 && !ok {
			return invalid("matter %d does not exist", id)
		}
		e.matterID = id
	}
	if v, given, err := b.boolean("all_day"); err != nil {
		return invalid("%v", err)
	} else if given {
		e.allDay = v
	}
	for key, dst := range map[string]*string{"description": &e.description, "location": &e.location, "recurrence_rule": &e.recurrence} {
		if v, given, _ := b.str(key); given {
			*dst = v
		}
	}
	return nil
}

func (s *Server) createEntry(c *call) {
	items, ok := c.items("CalendarEntry")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	e := &calendarEntry{}
	if err := s.applyEntry(e, b, true); err != nil {
		c.writeErr(err)
		return
	}
	e.meta = s.newMeta("calendar_entry")
	s.entries.put(e.id, e)
	s.one(c, http.StatusCreated, e, &e.meta, items)
}

func (s *Server) getEntry(c *call) { getRecord(s, c, "CalendarEntry", s.entries) }

func (s *Server) updateEntry(c *call) {
	items, ok := c.items("CalendarEntry")
	if !ok {
		return
	}
	e, found := s.entries.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &e.meta) {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cp := *e
	if err := s.applyEntry(&cp, b, false); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "calendar_entry")
	*e = cp
	s.one(c, http.StatusOK, e, &e.meta, items)
}

func (s *Server) deleteEntry(c *call) {
	e, found := s.entries.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.entries.del(e.id)
	for _, id := range slices.Clone(s.reminders.ids) {
		if s.reminders.rows[id].subjectID == e.id {
			s.reminders.del(id)
		}
	}
	c.noContent()
}

func (s *Server) listEntries(c *call) {
	f := filterOf(c)
	cal, calGiven := f.int("calendar_id")
	mat, matGiven := f.int("matter_id")
	allDay, allDayGiven := f.bool("is_all_day")
	from, to := f.time("from"), f.time("to")
	if f.bad() {
		return
	}
	query := c.q.Get("query")
	list(s, c, "CalendarEntry", s.entries, func(e *calendarEntry) bool {
		return (!calGiven || e.calendarID == cal) &&
			(!matGiven || e.matterID == mat) &&
			(!allDayGiven || e.allDay == allDay) &&
			(from.IsZero() || !e.end.Before(from)) &&
			(to.IsZero() || !e.start.After(to)) &&
			(query == "" || containsFold(e.summary, query) || containsFold(e.description, query))
	})
}

// reminder notifies a user before a calendar entry.
type reminder struct {
	meta
	subjectID int64
	methodID  int64
	minutes   int64
	unit      string // the duration_unit it was given (minutes when none)
	userID    int64
}

// subjectRef renders a reminder's polymorphic subject.
type subjectRef struct {
	id         int64
	kind, text string
}

func (p subjectRef) attr(_ *Server, name string) (any, bool) {
	switch name {
	case "id":
		return p.id, true
	case "type":
		return p.kind, true
	case "identifier":
		return p.text, true
	}
	return nil, true
}

func (r *reminder) attr(s *Server, name string) (any, bool) {
	if v, ok := r.common(name); ok {
		return v, true
	}
	e, _ := s.entries.get(r.subjectID)
	switch name {
	case "duration":
		return r.minutes, true
	case "state":
		return "scheduled", true
	case "next_delivery_at":
		if e == nil {
			return nil, true
		}
		return fmtTime(e.start.Add(-time.Duration(r.minutes) * time.Minute)), true
	case "notification_method":
		return optNode(s.notifications[r.methodID]), true
	case "subject":
		sub := subjectRef{id: r.subjectID, kind: "CalendarEntry"}
		if e != nil {
			sub.text = e.summary
		}
		return node(sub), true
	}
	return nil, false
}

// durationUnits converts reminder units to minutes.
var durationUnits = map[string]int64{"minutes": 1, "hours": 60, "days": 24 * 60, "weeks": 7 * 24 * 60}

func (s *Server) createReminder(c *call) {
	items, ok := c.items("Reminder")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	r := &reminder{userID: c.user.id}
	err := func() error {
		subj, ok := b["subject"]
		if !ok {
			return invalid("subject is required")
		}
		sb, err := subBody(subj)
		if err != nil {
			return invalid("subject must be {\"id\": N, \"type\": \"CalendarEntry\"}")
		}
		kind, _, _ := sb.str("type")
		id, _, _ := sb.integer("id")
		switch kind {
		case "CalendarEntry":
			if _, ok := s.entries.get(id); !ok {
				return invalid("subject: calendar entry %d does not exist", id)
			}
		case "Task":
			return invalid("subject: tasks are not modelled by cliotest")
		default:
			return invalid("subject type must be CalendarEntry or Task")
		}
		r.subjectID = id
		mid, given, err := b.ref("notification_method")
		if err != nil || !given || mid == 0 {
			return invalid("notification_method is required")
		}
		if _, ok := s.notifications[mid]; !ok {
			return invalid("notification_method %d does not exist (see the user's notification_methods)", mid)
		}
		r.methodID = mid
		n, _, err := b.integer("duration_value")
		if err != nil || n < 0 {
			return invalid("duration_value must be a non-negative integer")
		}
		unit, given, _ := b.str("duration_unit")
		if !given {
			unit = "minutes"
		}
		mult, ok := durationUnits[unit]
		if !ok {
			return invalid("duration_unit must be one of weeks, days, hours, minutes")
		}
		r.minutes, r.unit = n*mult, unit
		return nil
	}()
	if err != nil {
		c.writeErr(err)
		return
	}
	r.meta = s.newMeta("reminder")
	s.reminders.put(r.id, r)
	s.one(c, http.StatusCreated, r, &r.meta, items)
}

func (s *Server) getReminder(c *call) { getRecord(s, c, "Reminder", s.reminders) }

func (s *Server) deleteReminder(c *call) {
	if _, found := s.reminders.get(c.id(0)); !found {
		c.notFound()
		return
	}
	s.reminders.del(c.id(0))
	c.noContent()
}

func (s *Server) listReminders(c *call) {
	f := filterOf(c)
	subj, subjGiven := f.int("subject_id")
	method, methodGiven := f.int("notification_method_id")
	uid, uidGiven := f.int("user_id")
	if f.bad() {
		return
	}
	kind, state := c.q.Get("subject_type"), c.q.Get("state")
	list(s, c, "Reminder", s.reminders, func(r *reminder) bool {
		return (!subjGiven || r.subjectID == subj) &&
			(!methodGiven || r.methodID == method) &&
			(!uidGiven || r.userID == uid) &&
			(kind == "" || kind == "calendar_entry") && // the spec's subject_type enum: calendar_entry, task
			(state == "" || state == "scheduled")
	})
}
