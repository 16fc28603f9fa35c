package cliotest

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Demo holds the ids and names of the seeded firm, for tests and examples.
// Ids come from one counter shared by every resource, so they differ
// between kinds; rely on these fields rather than on numbers.
type Demo struct {
	AccountID   int64
	AccountName string // "Sterling & Vance LLP"

	// AttorneyID is Maya Patel, an attorney and the account owner: tokens
	// from IssueToken and Client act as her. Her UserCalendar is her
	// default_calendar_id; she has an Email and a Popup notification method.
	AttorneyID, AttorneyCalendarID           int64
	EmailNotificationID, PopupNotificationID int64
	AssociateID, AssociateCalendarID         int64 // Daniel Kim, attorney
	ParalegalID, ParalegalCalendarID         int64 // Rosa Alvarez, non-attorney
	FirmCalendarID                           int64 // the AccountCalendar

	// The fields below are zero with WithoutDemoData.

	PersonalInjuryID int64 // practice area "Personal Injury"
	FamilyID         int64 // practice area "Family"
	// Stages by name: "Intake", "Investigation", "Negotiation",
	// "Litigation" (Personal Injury); "Consultation", "Filing", "Mediation",
	// "Resolution" (Family).
	Stages map[string]int64

	// Matter custom fields: "Accident Date" (date), "Accident Location"
	// (text_line), "Referral Source" (picklist with ReferralOptions "Web
	// Search", "Existing Client", "Attorney Referral", "Advertisement").
	AccidentDateFieldID, AccidentLocationFieldID, ReferralSourceFieldID int64
	ReferralOptions                                                     map[string]int64
	PreferredLanguageFieldID                                            int64 // Contact custom field (text_line)

	RetainerTemplateID int64 // document template "Retainer Agreement.docx"

	// Contacts: Jane Doe (jane.doe@example.com), John Smith
	// (john.smith@example.com), Acme Logistics Inc. (a Company).
	JaneDoeID, JohnSmithID, AcmeID int64
	// Matters: Jane Doe's rear-end collision (Personal Injury,
	// Investigation, with accident custom field values), John Smith's
	// divorce (Family, pending), Acme's warehouse injury claim (Personal
	// Injury, Intake).
	JaneDoeMatterID, JohnSmithMatterID, AcmeMatterID int64
	PoliceReportDocumentID                           int64 // "Police Report.pdf" on Jane Doe's matter
	IntakeCallEntryID                                int64 // calendar entry on the attorney's calendar
}

// Demo returns the seeded firm's ids and names.
func (s *Server) Demo() Demo {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.demo
	d.Stages = maps.Clone(d.Stages)
	d.ReferralOptions = maps.Clone(d.ReferralOptions)
	return d
}

func (s *Server) initState() {
	s.users = newTable[user]()
	s.generic = map[string]*table[grec]{}
	s.notifications = map[int64]*notificationMethod{}
	s.calendars = newTable[calendar]()
	s.practiceAreas = newTable[practiceArea]()
	s.stages = newTable[matterStage]()
	s.contacts = newTable[contact]()
	s.matters = newTable[matter]()
	s.customFields = newTable[customField]()
	s.entries = newTable[calendarEntry]()
	s.reminders = newTable[reminder]()
	s.documents = newTable[document]()
	s.versions = map[string]*docVersion{}
	s.templates = newTable[docTemplate]()
	s.automations = newTable[automation]()
	s.webhooks = newTable[webhook]()
	s.clientMatters = map[int64]int{}
	s.blobs = map[string]*blob{}
	s.handTables = map[string]nodeTable{
		"Matter": s.matters, "Contact": s.contacts, "User": s.users, "Calendar": s.calendars,
		"CalendarEntry": s.entries, "PracticeArea": s.practiceAreas, "MatterStage": s.stages,
		"CustomField": s.customFields, "Reminder": s.reminders, "Document": s.documents,
		"DocumentTemplate": s.templates, "DocumentAutomation": s.automations, "Webhook": s.webhooks,
	}
}

// seedFirm creates what every server has: the account, three users with
// their calendars and notification methods, and the firm calendar.
func (s *Server) seedFirm() {
	s.account = &account{meta: s.newMeta("account"), name: "Sterling & Vance LLP"}
	s.demo.AccountID, s.demo.AccountName = s.account.id, s.account.name
	maya, mayaCal := s.addUser("Maya", "Patel", "Attorney", []string{"admin", "billing"}, 350, "Email", "Popup")
	maya.owner = true
	s.account.ownerID, s.ownerUserID = maya.id, maya.id
	dan, danCal := s.addUser("Daniel", "Kim", "Attorney", []string{"billing"}, 275, "Email")
	rosa, rosaCal := s.addUser("Rosa", "Alvarez", "NonAttorney", []string{}, 120, "Email")
	firm := &calendar{meta: s.newMeta("calendar"), name: "Firm Calendar", kind: "AccountCalendar", color: "#7b8a8b"}
	s.calendars.put(firm.id, firm)
	s.demo.AttorneyID, s.demo.AttorneyCalendarID = maya.id, mayaCal.id
	s.demo.EmailNotificationID, s.demo.PopupNotificationID = maya.notifications[0].id, maya.notifications[1].id
	s.demo.AssociateID, s.demo.AssociateCalendarID = dan.id, danCal.id
	s.demo.ParalegalID, s.demo.ParalegalCalendarID = rosa.id, rosaCal.id
	s.demo.FirmCalendarID = firm.id
}

// addUser adds a firm member with a UserCalendar and one notification
// method per kind ("Email", "Popup").
func (s *Server) addUser(first, last, sub string, roles []string, rate float64, kinds ...string) (*user, *calendar) {
	u := &user{meta: s.newMeta("user"), first: first, last: last, subscription: sub, roles: roles, rate: rate}
	u.email = fmt.Sprintf("%s.%s@sterlingvance.example", strings.ToLower(first), strings.ToLower(last))
	cal := &calendar{meta: s.newMeta("calendar"), name: u.name(), kind: "UserCalendar", color: "#4a90d9", ownerID: u.id}
	s.calendars.put(cal.id, cal)
	u.calendarID = cal.id
	for _, k := range kinds {
		n := &notificationMethod{meta: s.newMeta("notification_method"), kind: k}
		if k == "Email" {
			n.email = u.email
		}
		u.notifications = append(u.notifications, n)
		s.notifications[n.id] = n
	}
	s.users.put(u.id, u)
	return u, cal
}

// seedDemo adds the practice, custom fields, a template, contacts,
// matters, a document and a calendar entry.
func (s *Server) seedDemo() {
	d := &s.demo
	d.Stages, d.ReferralOptions = map[string]int64{}, map[string]int64{}
	area := func(name, category, code string, stages ...string) int64 {
		p := &practiceArea{meta: s.newMeta("practice_area"), name: name, category: category, code: code}
		s.practiceAreas.put(p.id, p)
		for i, st := range stages {
			ms := &matterStage{meta: s.newMeta("matter_stage"), name: st, order: i + 1, practiceAreaID: p.id}
			s.stages.put(ms.id, ms)
			d.Stages[st] = ms.id
		}
		return p.id
	}
	d.PersonalInjuryID = area("Personal Injury", "personal_injury", "PI", "Intake", "Investigation", "Negotiation", "Litigation")
	d.FamilyID = area("Family", "family", "FAM", "Consultation", "Filing", "Mediation", "Resolution")

	field := func(name, parent, ftype string, order int, options ...string) *customField {
		cf := &customField{meta: s.newMeta("custom_field"), name: name, parentType: parent, fieldType: ftype, displayed: true, displayOrder: order}
		for _, o := range options {
			po := &picklistOption{meta: s.newMeta("picklist_option"), option: o}
			cf.options = append(cf.options, po)
			d.ReferralOptions[o] = po.id
		}
		s.customFields.put(cf.id, cf)
		return cf
	}
	d.AccidentDateFieldID = field("Accident Date", "Matter", "date", 1).id
	d.AccidentLocationFieldID = field("Accident Location", "Matter", "text_line", 2).id
	d.ReferralSourceFieldID = field("Referral Source", "Matter", "picklist", 3, "Web Search", "Existing Client", "Attorney Referral", "Advertisement").id
	d.PreferredLanguageFieldID = field("Preferred Language", "Contact", "text_line", 1).id

	d.RetainerTemplateID = s.addTemplate("Retainer Agreement.docx", []byte("RETAINER AGREEMENT\n\nClient: {{client_name}}\nMatter: {{matter_number}}\n"))

	person := func(first, last, email, phone string) *contact {
		ct := &contact{kind: "Person", first: first, last: last}
		s.insertContact(ct)
		ct.emails = []*emailAddress{{meta: s.newMeta("email_address"), name: "Home", address: email, primary: true}}
		if phone != "" {
			ct.phones = []*phoneNumber{{meta: s.newMeta("phone_number"), name: "Mobile", number: phone, primary: true}}
		}
		return ct
	}
	jane := person("Jane", "Doe", "jane.doe@example.com", "206-555-0142")
	jane.addresses = []*address{{meta: s.newMeta("address"), name: "Home", street: "1200 Pine St", city: "Seattle", province: "WA", postalCode: "98101", country: "United States", primary: true}}
	john := person("John", "Smith", "john.smith@example.com", "")
	acme := &contact{kind: "Company", company: "Acme Logistics Inc."}
	s.insertContact(acme)
	acme.emails = []*emailAddress{{meta: s.newMeta("email_address"), name: "Work", address: "claims@acme-logistics.example", primary: true}}
	d.JaneDoeID, d.JohnSmithID, d.AcmeID = jane.id, john.id, acme.id

	value := func(m *matter, fieldID int64, v any) {
		def, _ := s.customFields.get(fieldID)
		s.cfvSeq++
		cv := &cfValue{cid: fmt.Sprintf("%s-%d", def.fieldType, s.cfvSeq), fieldID: fieldID, value: v, parentID: m.id, parentMatter: true}
		s.touch(&cv.meta, "custom_field_value")
		m.values = append(m.values, cv)
	}
	today := s.now().UTC()
	m1 := &matter{description: "Rear-end collision on I-5; whiplash and vehicle damage", status: "Open", billable: true,
		clientID: jane.id, practiceAreaID: d.PersonalInjuryID, stageID: d.Stages["Investigation"],
		responsibleID: d.AttorneyID, originatingID: d.AssociateID, openDate: today.AddDate(0, -2, 0).Format(time.DateOnly), stageUpdated: today}
	s.insertMatter(m1)
	value(m1, d.AccidentDateFieldID, "2025-11-03")
	value(m1, d.AccidentLocationFieldID, "I-5 northbound near Exit 166, Seattle, WA")
	value(m1, d.ReferralSourceFieldID, d.ReferralOptions["Web Search"])
	m2 := &matter{description: "Dissolution of marriage", status: "Pending", billable: true, clientID: john.id,
		practiceAreaID: d.FamilyID, stageID: d.Stages["Consultation"], responsibleID: d.AssociateID,
		pendingDate: today.Format(time.DateOnly), stageUpdated: today}
	s.insertMatter(m2)
	m3 := &matter{description: "Warehouse forklift injury claim", status: "Open", billable: true, clientID: acme.id,
		practiceAreaID: d.PersonalInjuryID, stageID: d.Stages["Intake"], responsibleID: d.AttorneyID,
		openDate: today.Format(time.DateOnly), stageUpdated: today}
	s.insertMatter(m3)
	value(m3, d.ReferralSourceFieldID, d.ReferralOptions["Attorney Referral"])
	d.JaneDoeMatterID, d.JohnSmithMatterID, d.AcmeMatterID = m1.id, m2.id, m3.id

	d.PoliceReportDocumentID = s.addDocument(m1.id, "Police Report.pdf", []byte("%PDF-1.4\n% Seattle PD collision report (cliotest demo)\n"), d.AttorneyID).id

	start := today.Truncate(time.Hour).Add(24 * time.Hour)
	e := &calendarEntry{meta: s.newMeta("calendar_entry"), summary: "Intake call: Jane Doe", start: start, end: start.Add(30 * time.Minute),
		calendarID: d.AttorneyCalendarID, matterID: m1.id}
	s.entries.put(e.id, e)
	d.IntakeCallEntryID = e.id
}

// AddMatters adds n open matters (for benchmarks and paging tests) and
// returns their ids in order. They are stored compactly; 100,000 take well
// under a second. The client is Jane Doe, or a "Bulk Client" contact when
// there is no demo data.
func (s *Server) AddMatters(n int) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	client, ok := s.contacts.get(s.demo.JaneDoeID)
	if !ok {
		client = &contact{kind: "Company", company: "Bulk Client"}
		s.insertContact(client)
	}
	today := s.now().UTC().Format(time.DateOnly)
	ids := make([]int64, n)
	for i := range n {
		m := &matter{description: "Bulk matter", status: "Open", billable: true, clientID: client.id, openDate: today}
		s.insertMatter(m)
		ids[i] = m.id
	}
	return ids
}

// AddContacts adds n Person contacts, "Contact <i>" with email
// contact<i>@example.com, and returns their ids in order.
func (s *Server) AddContacts(n int) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, n)
	for i := range n {
		ct := &contact{kind: "Person", first: "Contact", last: fmt.Sprint(i + 1)}
		s.insertContact(ct)
		ct.emails = []*emailAddress{{meta: s.newMeta("email_address"), name: "Work", address: fmt.Sprintf("contact%d@example.com", i+1), primary: true}}
		ids[i] = ct.id
	}
	return ids
}

// AddDocumentTemplate adds a document template with the given file and
// returns its id. Automations from a template whose filename contains
// "fail" end in state failed.
func (s *Server) AddDocumentTemplate(filename string, content []byte) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addTemplate(filename, content)
}

// addTemplate is AddDocumentTemplate for callers holding the lock.
func (s *Server) addTemplate(filename string, content []byte) int64 {
	t := &docTemplate{meta: s.newMeta("document_template"), filename: filename, contentType: contentTypeOf(filename), uuid: newUUID()}
	s.storeBlob(t.uuid, append([]byte(nil), content...), t.contentType, filename)
	s.templates.put(t.id, t)
	return t.id
}
