package cliotest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// matter is stored compactly: associations are ids, resolved when rendered.
type matter struct {
	meta
	number                           int64
	displayNumber                    string
	description, status              string // status: Open | Pending | Closed
	location, clientReference        string
	openDate, closeDate, pendingDate string
	billable                         bool
	clientID, practiceAreaID         int64
	stageID                          int64
	responsibleID, originatingID     int64
	stageUpdated                     time.Time
	values                           []*cfValue
}

func (m *matter) attr(s *Server, name string) (any, bool) {
	if v, ok := m.common(name); ok {
		return v, true
	}
	switch name {
	case "number":
		return m.number, true
	case "display_number":
		return m.displayNumber, true
	case "custom_number":
		return nil, true
	case "description":
		return m.description, true
	case "status":
		return m.status, true
	case "location":
		return strOrNil(m.location), true
	case "client_reference":
		return strOrNil(m.clientReference), true
	case "client_id":
		return m.clientID, true
	case "billable":
		return m.billable, true
	case "billing_method":
		return "hourly", true
	case "maildrop_address":
		return fmt.Sprintf("matter-%d@maildrop.clio.test", m.id), true
	case "open_date":
		return strOrNil(m.openDate), true
	case "close_date":
		return strOrNil(m.closeDate), true
	case "pending_date":
		return strOrNil(m.pendingDate), true
	case "shared":
		return false, true // the fake shares nothing through Clio Connect
	case "has_tasks":
		return len(s.naming("Task", "matter", m.id)) > 0, true
	case "last_activity_date":
		return s.lastActivityDate(m.id), true
	case "matter_stage_updated_at":
		return fmtTime(m.stageUpdated), true
	case "client":
		return optNode(s.contacts.rows[m.clientID]), true
	case "practice_area":
		p, _ := s.practiceAreas.get(m.practiceAreaID)
		return optNode(p), true
	case "matter_stage":
		st, _ := s.stages.get(m.stageID)
		return optNode(st), true
	case "responsible_attorney":
		u, _ := s.users.get(m.responsibleID)
		return optNode(u), true
	case "originating_attorney":
		u, _ := s.users.get(m.originatingID)
		return optNode(u), true
	case "custom_field_values":
		return s.visibleValues(m.values), true
	case "relationships", "account_balances", "custom_field_set_associations", "task_template_list_instances", "matter_bill_recipients", "split_invoice_payers", "kyc_field_values":
		return []node{}, true
	}
	return nil, false
}

// lastActivityDate returns the latest date of the activities on matter
// id, or nil when it has none.
func (s *Server) lastActivityDate(id int64) any {
	var last time.Time
	for _, a := range s.naming("Activity", "matter", id) {
		if d, err := parseDate(a.str("date")); err == nil && d.After(last) {
			last = d
		}
	}
	if last.IsZero() {
		return nil
	}
	return last.Format(time.DateOnly)
}

// matterStatus maps request values (lowercase) to response values.
var matterStatus = map[string]string{"open": "Open", "pending": "Pending", "closed": "Closed"}

// applyMatter applies a create or update body to m (a copy of the stored
// record). It returns the status-change event, if any.
func (s *Server) applyMatter(m *matter, b body, creating bool) (string, error) {
	if id, given, err := b.ref("client"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		if _, ok := s.contacts.get(id); !ok {
			return "", invalid("client %d does not exist", id)
		}
		m.clientID = id
	}
	if creating && m.clientID == 0 {
		return "", invalid("client is required")
	}
	if v, given, err := b.str("description"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		m.description = v
	}
	if strings.TrimSpace(m.description) == "" {
		return "", invalid("description can't be blank")
	}
	event := ""
	if v, given, _ := b.str("status"); given {
		st, ok := matterStatus[v]
		if !ok {
			return "", invalid("status must be one of open, pending, closed (lowercase), got %q", v)
		}
		if st != m.status {
			event = map[string]string{"Open": "matter_opened", "Pending": "matter_pended", "Closed": "matter_closed"}[st]
			today := s.now().UTC().Format(time.DateOnly)
			switch st {
			case "Open":
				if m.openDate == "" {
					m.openDate = today
				}
			case "Pending":
				m.pendingDate = today
			case "Closed":
				m.closeDate = today
			}
		}
		m.status = st
	}
	if id, given, err := b.ref("practice_area"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		if _, ok := s.practiceAreas.get(id); id != 0 && !ok {
			return "", invalid("practice_area %d does not exist", id)
		}
		if id != m.practiceAreaID {
			m.practiceAreaID = id
			if st, ok := s.stages.get(m.stageID); ok && st.practiceAreaID != id {
				m.stageID, m.stageUpdated = 0, s.now() // the old stage does not belong to the new area
			}
		}
	}
	if id, given, err := b.ref("matter_stage"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		if id != 0 {
			st, ok := s.stages.get(id)
			if !ok {
				return "", invalid("matter_stage %d does not exist", id)
			}
			if st.practiceAreaID != m.practiceAreaID {
				return "", invalid("matter_stage %d does not belong to the matter's practice area", id)
			}
		}
		if id != m.stageID {
			m.stageID, m.stageUpdated = id, s.now()
		}
	}
	for key, dst := range map[string]*int64{"responsible_attorney": &m.responsibleID, "originating_attorney": &m.originatingID} {
		if id, given, err := b.ref(key); err != nil {
			return "", invalid("%v", err)
		} else if given {
			if _, ok := s.users.get(id); id != 0 && !ok {
				return "", invalid("%s %d is not a user", key, id)
			}
			*dst = id
		}
	}
	for key, dst := range map[string]*string{"open_date": &m.openDate, "close_date": &m.closeDate, "pending_date": &m.pendingDate} {
		if v, given, _ := b.str(key); given {
			if _, err := parseDate(v); v != "" && err != nil {
				return "", invalid("%s must be %s", key, dateForm)
			}
			*dst = v
		}
	}
	for key, dst := range map[string]*string{"location": &m.location, "client_reference": &m.clientReference, "display_number": &m.displayNumber} {
		if v, given, _ := b.str(key); given {
			*dst = v
		}
	}
	if v, given, err := b.boolean("billable"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		m.billable = v
	}
	if entries, given, err := b.list("custom_field_values"); err != nil {
		return "", invalid("%v", err)
	} else if given {
		vals, err := s.applyValues(m.values, entries, "Matter", m.id)
		if err != nil {
			return "", err
		}
		m.values = vals
	}
	return event, nil
}

// insertMatter stores a new matter, numbering it.
func (s *Server) insertMatter(m *matter) {
	m.meta = s.newMeta("matter")
	for _, v := range m.values {
		v.parentID = m.id
	}
	s.matterNumber++
	m.number = s.matterNumber
	if m.displayNumber == "" {
		last := "Matter"
		if ct, ok := s.contacts.get(m.clientID); ok {
			last = ct.sortName()
		}
		m.displayNumber = fmt.Sprintf("%05d-%s", m.number, last)
	}
	s.matters.put(m.id, m)
	s.clientMatters[m.clientID]++
}

func (s *Server) createMatter(c *call) {
	items, ok := c.items("Matter")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	m := &matter{status: "Open", billable: true}
	if _, err := s.applyMatter(m, b, true); err != nil {
		c.writeErr(err)
		return
	}
	if m.openDate == "" && m.status == "Open" {
		m.openDate = s.now().UTC().Format(time.DateOnly)
	}
	s.insertMatter(m)
	s.emit(c, "matter", m, "created")
	s.one(c, http.StatusCreated, m, &m.meta, items)
}

func (s *Server) getMatter(c *call) {
	items, ok := c.items("Matter")
	if !ok {
		return
	}
	m, found := s.matters.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	f := filterOf(c)
	s.cfFilter = f.idSet("custom_field_ids[]")
	defer func() { s.cfFilter = nil }()
	if f.bad() {
		return
	}
	s.get(c, m, &m.meta, items)
}

func (s *Server) updateMatter(c *call) {
	items, ok := c.items("Matter")
	if !ok {
		return
	}
	m, found := s.matters.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &m.meta) {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cp := *m
	event, err := s.applyMatter(&cp, b, false)
	if err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "matter")
	s.clientMatters[m.clientID]--
	s.clientMatters[cp.clientID]++
	*m = cp
	events := []string{"updated"}
	if event != "" {
		events = append(events, event)
	}
	s.emit(c, "matter", m, events...)
	s.one(c, http.StatusOK, m, &m.meta, items)
}

func (s *Server) deleteMatter(c *call) {
	m, found := s.matters.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.emit(c, "matter", m, "deleted")
	s.matters.del(m.id)
	s.clientMatters[m.clientID]--
	c.noContent()
}

func (s *Server) listMatters(c *call) {
	f := filterOf(c)
	client, clientGiven := f.int("client_id")
	area, areaGiven := f.int("practice_area_id")
	resp, respGiven := f.int("responsible_attorney_id")
	orig, origGiven := f.int("originating_attorney_id")
	billable, billableGiven := f.bool("billable")
	opened, closed, pending := f.dateConds("open_date[]"), f.dateConds("close_date[]"), f.dateConds("pending_date[]")
	s.cfFilter = f.idSet("custom_field_ids[]")
	defer func() { s.cfFilter = nil }()
	byValues := s.cfValueFilter(f, "Matter")
	var statuses map[string]bool
	if v := c.q.Get("status"); v != "" {
		statuses = map[string]bool{}
		for p := range strings.SplitSeq(v, ",") {
			st, ok := matterStatus[strings.TrimSpace(p)]
			if !ok {
				f.fail("status", "a comma list of open, pending, closed")
			}
			statuses[st] = true
		}
	}
	if f.bad() {
		return
	}
	query := strings.Trim(c.q.Get("query"), "*")
	list(s, c, "Matter", s.matters, func(m *matter) bool {
		return (statuses == nil || statuses[m.status]) &&
			(!clientGiven || m.clientID == client) &&
			(!areaGiven || m.practiceAreaID == area) &&
			(!respGiven || m.responsibleID == resp) &&
			(!origGiven || m.originatingID == orig) &&
			(!billableGiven || m.billable == billable) &&
			(opened == nil || holdsAll(opened, m.openDate)) &&
			(closed == nil || holdsAll(closed, m.closeDate)) &&
			(pending == nil || holdsAll(pending, m.pendingDate)) &&
			(query == "" || s.matterMatches(m, query)) &&
			(byValues == nil || byValues(m.values))
	})
}

// matterMatches is the query filter: display_number, number, description
// and the client's names.
func (s *Server) matterMatches(m *matter, q string) bool {
	if containsFold(m.displayNumber, q) || containsFold(m.description, q) || strconv.FormatInt(m.number, 10) == q {
		return true
	}
	ct, ok := s.contacts.get(m.clientID)
	return ok && (containsFold(ct.name(), q) || containsFold(ct.first, q) || containsFold(ct.last, q))
}
