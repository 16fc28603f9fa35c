package cliotest

import (
	"slices"
	"strconv"
	"strings"
)

// account is the firm.
type account struct {
	meta
	name    string
	ownerID int64
}

func (a *account) attr(s *Server, name string) (any, bool) {
	if v, ok := a.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return a.name, true
	case "state":
		return "active", true
	case "owner":
		u, _ := s.users.get(a.ownerID)
		return optNode(u), true
	}
	return nil, false
}

// user is a firm member; the API cannot create users, so they come from the
// seed only.
type user struct {
	meta
	first, last, email string
	subscription       string // Attorney | NonAttorney
	roles              []string
	rate               float64
	owner              bool
	calendarID         int64
	notifications      []*notificationMethod
}

func (u *user) name() string { return strings.TrimSpace(u.first + " " + u.last) }

func (u *user) attr(s *Server, name string) (any, bool) {
	if v, ok := u.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return u.name(), true
	case "first_name":
		return u.first, true
	case "last_name":
		return u.last, true
	case "initials":
		return initials(u.first, u.last), true
	case "email":
		return u.email, true
	case "enabled":
		return true, true
	case "roles":
		return u.roles, true
	case "subscription_type":
		return u.subscription, true
	case "time_zone":
		return "UTC", true
	case "default_calendar_id":
		return u.calendarID, true
	case "rate":
		return u.rate, true
	case "account_owner":
		return u.owner, true
	case "clio_connect", "court_rules_default_attendee":
		return false, true
	case "phone_number":
		return nil, true
	case "type":
		return "User", true
	case "account":
		return node(s.account), true
	case "notification_methods":
		return nodes(u.notifications), true
	case "groups":
		return []node{}, true
	}
	return nil, false
}

func initials(first, last string) string {
	out := ""
	for _, p := range []string{first, last} {
		if p != "" {
			out += strings.ToUpper(p[:1])
		}
	}
	return out
}

// notificationMethod is how a user gets reminders (Email, Popup, SMS).
type notificationMethod struct {
	meta
	kind  string
	email string
}

func (n *notificationMethod) attr(_ *Server, name string) (any, bool) {
	if v, ok := n.common(name); ok {
		return v, true
	}
	switch name {
	case "type":
		return n.kind, true
	case "email_address":
		return strOrNil(n.email), true
	case "is_default_email_address":
		return n.kind == "Email", true
	}
	return nil, false
}

// calendar is a UserCalendar (one per user) or the AccountCalendar.
type calendar struct {
	meta
	name, kind, color string
	ownerID           int64  // the user owning a UserCalendar (the creator of an AdhocCalendar); 0 for the account's
	hidden            bool   // visible false
	source            string // web (the default) or mobile
}

func (cal *calendar) attr(s *Server, name string) (any, bool) {
	if v, ok := cal.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return cal.name, true
	case "type":
		return cal.kind, true
	case "color":
		return cal.color, true
	case "light_color":
		return lightColor(cal.color), true
	case "court_rules_default_calendar":
		return false, true
	case "permission":
		return "owner", true
	case "visible":
		return !cal.hidden, true
	case "source":
		return cmpOr(cal.source, "web"), true
	case "creator":
		u, _ := s.users.get(cal.ownerID)
		if u == nil {
			u, _ = s.users.get(s.account.ownerID)
		}
		return optNode(u), true
	}
	return nil, false
}

type practiceArea struct {
	meta
	name, category, code string
}

func (p *practiceArea) attr(_ *Server, name string) (any, bool) {
	if v, ok := p.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return p.name, true
	case "category":
		return p.category, true
	case "code":
		return p.code, true
	}
	return nil, false
}

type matterStage struct {
	meta
	name           string
	order          int
	practiceAreaID int64
}

func (m *matterStage) attr(_ *Server, name string) (any, bool) {
	if v, ok := m.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return m.name, true
	case "order":
		return m.order, true
	case "practice_area_id":
		return strconv.FormatInt(m.practiceAreaID, 10), true // typed string in Clio's spec
	}
	return nil, false
}

func (s *Server) whoAmI(c *call) {
	if items, ok := c.items("User"); ok {
		s.get(c, c.user, &c.user.meta, items)
	}
}

func (s *Server) getUser(c *call) { getRecord(s, c, "User", s.users) }

func (s *Server) listUsers(c *call) {
	f := filterOf(c)
	enabled, enabledGiven := f.bool("enabled")
	name, sub, role := c.q.Get("name"), strings.ToLower(c.q.Get("subscription_type")), c.q.Get("role")
	if f.bad() {
		return
	}
	list(s, c, "User", s.users, func(u *user) bool {
		return (!enabledGiven || enabled) &&
			(name == "" || containsFold(u.name(), name)) &&
			(sub == "" || strings.ToLower(u.subscription) == sub) &&
			(role == "" || slices.Contains(u.roles, role))
	})
}

func (s *Server) listCalendars(c *call) {
	f := filterOf(c)
	owner, ownerGiven := f.bool("owner")
	kind := c.q.Get("type")
	if f.bad() {
		return
	}
	list(s, c, "Calendar", s.calendars, func(cal *calendar) bool {
		return (kind == "" || cal.kind == kind) && (!ownerGiven || (cal.ownerID == c.user.id) == owner)
	})
}

func (s *Server) getCalendar(c *call) { getRecord(s, c, "Calendar", s.calendars) }

func (s *Server) listPracticeAreas(c *call) {
	// matter_id excludes Legal Aid UK practice areas once the matter has
	// activities; the fake has none of those, so it excludes nothing.
	f := filterOf(c)
	f.int("matter_id")
	if f.bad() {
		return
	}
	name, code := c.q.Get("name"), c.q.Get("code")
	list(s, c, "PracticeArea", s.practiceAreas, func(p *practiceArea) bool {
		return (name == "" || strings.EqualFold(p.name, name)) && (code == "" || p.code == code)
	})
}

func (s *Server) getPracticeArea(c *call) { getRecord(s, c, "PracticeArea", s.practiceAreas) }

func (s *Server) listStages(c *call) {
	f := filterOf(c)
	area, areaGiven := f.int("practice_area_id")
	if f.bad() {
		return
	}
	list(s, c, "MatterStage", s.stages, func(m *matterStage) bool {
		return !areaGiven || m.practiceAreaID == area
	})
}

func (s *Server) getStage(c *call) { getRecord(s, c, "MatterStage", s.stages) }
