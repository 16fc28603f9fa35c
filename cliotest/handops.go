package cliotest

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
)

// The operations of hand-modelled resources beyond their routes in api.go:
// creating, updating and deleting calendars, practice areas and document
// templates, updating reminders, copying documents, and document versions.
// Bodies are checked against the operation's schema (422 naming the
// field), updates honour If-Match (412 when stale).
//
//   - A created calendar is an AdhocCalendar of the token's user; a
//     UserCalendar or the AccountCalendar cannot be deleted (422), and
//     deleting a calendar deletes its entries and their reminders.
//   - A practice area that a matter uses cannot be deleted (422); deleting
//     one deletes its stages.
//   - A document template's file is its content BASE64-encoded in the JSON
//     body, with its filename (the fake takes no form uploads).
//   - A reminder's duration_value and duration_unit each keep the other's
//     current value when given alone.
//   - Copying a document copies its latest fully uploaded version to the
//     parent given (a Document parent gets it as a new version), with the
//     name and filename given or the source's.
//   - Saving a version as the latest adds a new version with its content.

func init() {
	handle(map[string]opHandler{
		"Calendar#create":                        (*Server).createCalendar,
		"Calendar#update":                        (*Server).updateCalendar,
		"Calendar#destroy":                       (*Server).deleteCalendar,
		"PracticeArea#create":                    (*Server).createPracticeArea,
		"PracticeArea#update":                    (*Server).updatePracticeArea,
		"PracticeArea#destroy":                   (*Server).deletePracticeArea,
		"DocumentTemplate#create":                (*Server).createTemplate,
		"DocumentTemplate#update":                (*Server).updateTemplate,
		"DocumentTemplate#destroy":               (*Server).deleteTemplate,
		"Reminder#update":                        (*Server).updateReminder,
		"Document#copy":                          (*Server).copyDocument,
		"DocumentVersion#index":                  (*Server).listVersions,
		"DocumentVersion#save_as_latest_version": (*Server).saveAsLatestVersion,
	})
}

// lightColor is the light shade Clio pairs with a calendar color: the
// spec's light_color values follow its color values in the same order.
func lightColor(color string) string {
	colors, lights := specRecords["Calendar"]["color"].enum, specRecords["Calendar"]["light_color"].enum
	if i := slices.Index(colors, color); i >= 0 && i < len(lights) {
		return lights[i]
	}
	return color
}

// applyCalendar applies a (checked) create or update body to cal.
func applyCalendar(cal *calendar, b body) error {
	if v, given, _ := b.str("name"); given {
		cal.name = v
	}
	if strings.TrimSpace(cal.name) == "" {
		return invalid("name can't be blank")
	}
	if v, given, _ := b.str("color"); given && v != "" {
		cal.color = v
	}
	if v, given, _ := b.str("source"); given {
		cal.source = v
	}
	if v, given, _ := b.boolean("visible"); given {
		cal.hidden = !v
	}
	return nil
}

func (s *Server) createCalendar(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Calendar")
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	cal := &calendar{kind: "AdhocCalendar", ownerID: c.user.id, color: specRecords["Calendar"]["color"].enum[0]}
	if err := applyCalendar(cal, b); err != nil {
		c.writeErr(err)
		return
	}
	cal.meta = s.newMeta("calendar")
	s.calendars.put(cal.id, cal)
	s.one(c, http.StatusCreated, cal, &cal.meta, items)
}

func (s *Server) updateCalendar(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Calendar")
	if !ok {
		return
	}
	cal, found := s.calendars.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &cal.meta) {
		return
	}
	b, ok := s.checkBody(c, op, false)
	if !ok {
		return
	}
	cp := *cal
	if err := applyCalendar(&cp, b); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "calendar")
	*cal = cp
	s.one(c, http.StatusOK, cal, &cal.meta, items)
}

func (s *Server) deleteCalendar(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	cal, found := s.calendars.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if cal.kind != "AdhocCalendar" {
		c.writeErr(invalid("calendar %d is a %s, which cannot be deleted", cal.id, cal.kind))
		return
	}
	for _, id := range slices.Clone(s.entries.ids) {
		if e := s.entries.rows[id]; e.calendarID == cal.id {
			s.entries.del(id)
			for _, rid := range slices.Clone(s.reminders.ids) {
				if s.reminders.rows[rid].subjectID == id {
					s.reminders.del(rid)
				}
			}
		}
	}
	s.calendars.del(cal.id)
	c.noContent()
}

// applyPracticeArea applies a (checked) create or update body to p.
func applyPracticeArea(p *practiceArea, b body) error {
	for key, dst := range map[string]*string{"name": &p.name, "category": &p.category, "code": &p.code} {
		if v, given, _ := b.str(key); given {
			*dst = v
		}
	}
	if strings.TrimSpace(p.name) == "" {
		return invalid("name can't be blank")
	}
	return nil
}

func (s *Server) createPracticeArea(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "PracticeArea")
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	p := &practiceArea{}
	if err := applyPracticeArea(p, b); err != nil {
		c.writeErr(err)
		return
	}
	p.meta = s.newMeta("practice_area")
	s.practiceAreas.put(p.id, p)
	s.one(c, http.StatusCreated, p, &p.meta, items)
}

func (s *Server) updatePracticeArea(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "PracticeArea")
	if !ok {
		return
	}
	p, found := s.practiceAreas.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &p.meta) {
		return
	}
	b, ok := s.checkBody(c, op, false)
	if !ok {
		return
	}
	cp := *p
	if err := applyPracticeArea(&cp, b); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "practice_area")
	*p = cp
	s.one(c, http.StatusOK, p, &p.meta, items)
}

func (s *Server) deletePracticeArea(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	p, found := s.practiceAreas.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	n := 0
	for _, id := range s.matters.ids {
		if s.matters.rows[id].practiceAreaID == p.id {
			n++
		}
	}
	if n > 0 {
		c.writeErr(invalid("practice area %d is the practice area of %d matter(s) and cannot be deleted", p.id, n))
		return
	}
	for _, id := range slices.Clone(s.stages.ids) {
		if s.stages.rows[id].practiceAreaID == p.id {
			s.stages.del(id)
		}
	}
	s.practiceAreas.del(p.id)
	c.noContent()
}

// applyTemplate applies a (checked) create or update body to t: a new
// file (BASE64) becomes a new blob; a new filename alone renames it.
func (s *Server) applyTemplate(t *docTemplate, b body, creating bool, user int64) error {
	var content []byte
	file, fileGiven, _ := b.str("file")
	if fileGiven {
		var err error
		if content, err = base64.StdEncoding.DecodeString(file); err != nil {
			if content, err = base64.RawStdEncoding.DecodeString(file); err != nil {
				return invalid("file must be the file's content BASE64-encoded (cliotest takes no form uploads)")
			}
		}
	}
	filename, named, _ := b.str("filename")
	switch {
	case named && strings.TrimSpace(filename) == "":
		return invalid("filename can't be blank")
	case named:
		t.filename = filename
	case creating || fileGiven && t.filename == "":
		return invalid("filename is required with a BASE64-encoded file")
	}
	if id, given, _ := b.ref("document_category"); given {
		t.categoryID = id
	}
	if err := s.checkAssoc("document_category", specRecords["DocumentTemplate"]["document_category"], b["document_category"]); err != nil {
		return err
	}
	if fileGiven || named {
		if !fileGiven {
			content = s.blobs[t.uuid].data
		}
		t.uuid, t.contentType = newUUID(), contentTypeOf(t.filename)
		s.storeBlob(t.uuid, content, t.contentType, t.filename)
	}
	t.modifiedBy = user
	return nil
}

func (s *Server) createTemplate(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "DocumentTemplate")
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	t := &docTemplate{}
	if err := s.applyTemplate(t, b, true, c.user.id); err != nil {
		c.writeErr(err)
		return
	}
	t.meta = s.newMeta("document_template")
	s.templates.put(t.id, t)
	s.one(c, http.StatusCreated, t, &t.meta, items)
}

func (s *Server) updateTemplate(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "DocumentTemplate")
	if !ok {
		return
	}
	t, found := s.templates.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &t.meta) {
		return
	}
	b, ok := s.checkBody(c, op, false)
	if !ok {
		return
	}
	cp := *t
	if err := s.applyTemplate(&cp, b, false, c.user.id); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "document_template")
	*t = cp
	s.one(c, http.StatusOK, t, &t.meta, items)
}

func (s *Server) deleteTemplate(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	t, found := s.templates.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.templates.del(t.id)
	c.noContent()
}

func (s *Server) updateReminder(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Reminder")
	if !ok {
		return
	}
	r, found := s.reminders.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &r.meta) {
		return
	}
	b, ok := s.checkBody(c, op, false)
	if !ok {
		return
	}
	cp := *r
	if id, given, _ := b.ref("notification_method"); given {
		if _, ok := s.notifications[id]; !ok {
			c.writeErr(invalid("notification_method %d does not exist (see the user's notification_methods)", id))
			return
		}
		cp.methodID = id
	}
	unit := cmpOr(cp.unit, "minutes")
	if u, given, _ := b.str("duration_unit"); given && u != "" {
		unit = u
	}
	value := cp.minutes / durationUnits[cmpOr(cp.unit, "minutes")]
	if v, given, _ := b.integer("duration_value"); given {
		if v < 0 {
			c.writeErr(invalid("duration_value must be a non-negative integer"))
			return
		}
		value = v
	}
	cp.minutes, cp.unit = value*durationUnits[unit], unit
	s.touch(&cp.meta, "reminder")
	*r = cp
	s.one(c, http.StatusOK, r, &r.meta, items)
}

// latestUploaded returns a document's latest fully uploaded version, or
// nil.
func (d *document) latestUploaded() *docVersion {
	for i := len(d.versions) - 1; i >= 0; i-- {
		if d.versions[i].uploaded {
			return d.versions[i]
		}
	}
	return nil
}

// addVersionOf adds to d a fully uploaded version holding src's content.
func (s *Server) addVersionOf(d *document, src *docVersion, filename string, user int64) *docVersion {
	v := s.newVersion(d, filename, src.contentType, user)
	s.storeBlob(v.uuid, s.blobs[src.uuid].data, v.contentType, v.filename)
	v.uploaded = true
	return v
}

func (s *Server) copyDocument(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Document")
	if !ok {
		return
	}
	src := s.liveDocument(c)
	if src == nil {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	v := src.latestUploaded()
	if v == nil {
		c.writeErr(invalid("document %d has no fully uploaded version to copy", src.id))
		return
	}
	name, _, _ := b.str("name")
	filename, _, _ := b.str("filename")
	d, existing, err := s.documentFor(b, cmpOr(name, src.name), c.user.id)
	if err != nil {
		c.writeErr(err)
		return
	}
	s.addVersionOf(d, v, cmpOr(filename, v.filename), c.user.id)
	if existing {
		s.touch(&d.meta, "document")
	} else {
		s.documents.put(d.id, d)
	}
	s.one(c, http.StatusCreated, d, &d.meta, items)
}

func (s *Server) listVersions(c *call, op *opSpec) {
	if !s.opQuery(c, op, "fully_uploaded") {
		return
	}
	f := filterOf(c)
	uploaded, given := f.bool("fully_uploaded")
	if f.bad() {
		return
	}
	d := s.liveDocument(c)
	if d == nil {
		return
	}
	list(s, c, "DocumentVersion", viewTable(d.versions), func(v *docVersion) bool {
		return !given || v.uploaded == uploaded
	})
}

func (s *Server) saveAsLatestVersion(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	d := s.liveDocument(c)
	if d == nil {
		return
	}
	i := slices.IndexFunc(d.versions, func(v *docVersion) bool { return v.id == c.id(1) })
	if i < 0 {
		c.notFound()
		return
	}
	v := d.versions[i]
	if !v.uploaded {
		c.writeErr(invalid("version %d of document %d is not fully uploaded", v.id, d.id))
		return
	}
	s.addVersionOf(d, v, v.filename, c.user.id)
	s.touch(&d.meta, "document")
	c.resp.status = http.StatusOK
}
