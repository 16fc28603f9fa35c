package cliotest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Every resource of the spec that is not modelled by hand is served from a
// generic table: a record keeps the fields it was given (by a create body,
// an update or a seed) as raw JSON, and renders them through the fields
// machinery; associations given as {"id": N} render as the referenced
// record when it exists in the fake. Fields Clio computes are computed on
// read (computed.go) unless the record holds a seeded value.

// grec is a record of a generically served resource.
type grec struct {
	meta
	record string                     // its schema: "Activity"
	vals   map[string]json.RawMessage // the fields set, as given
}

func (r *grec) attr(s *Server, name string) (any, bool) {
	if v, ok := r.common(name); ok {
		return v, true
	}
	raw, ok := r.vals[name]
	if !ok || isNull(raw) {
		if v, ok := r.computed(s, name); ok {
			return v, true
		}
		return nil, true
	}
	if f := specRecords[r.record][name]; f.assoc() {
		return s.assocValue(f, raw), true
	}
	return raw, true
}

// rawObj is a nested object kept as sent (an association to nothing the
// fake stores, or an element of a nested list).
type rawObj map[string]json.RawMessage

func (o rawObj) attr(_ *Server, name string) (any, bool) {
	v, ok := o[name]
	return v, ok
}

// assocValue renders an association field: the referenced record when the
// fake holds it, else the object as given.
func (s *Server) assocValue(f fieldSpec, raw json.RawMessage) any {
	if !f.many {
		return s.assocNode(f.ref, raw)
	}
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return raw
	}
	out := make([]node, 0, len(elems))
	for _, e := range elems {
		if n, ok := s.assocNode(f.ref, e).(node); ok {
			out = append(out, n)
		}
	}
	return out
}

func (s *Server) assocNode(ref string, raw json.RawMessage) any {
	var obj rawObj
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return raw
	}
	if rec, id := refOf(ref, obj); id > 0 {
		if n, ok := s.lookup(rec, id); ok {
			return n
		}
	}
	return obj
}

// refOf returns the record an association object points at and its id: a
// "type" naming a stored record (polymorphic associations such as a task's
// assignee {"id": 1, "type": "User"}) wins over the field's declared
// record. The id is 0 when the object holds none (or not an integer).
func refOf(ref string, obj rawObj) (string, int64) {
	var typ string
	if json.Unmarshal(obj["type"], &typ) == nil && stored(typ) {
		ref = typ
	}
	id, _ := strconv.ParseInt(string(obj["id"]), 10, 64)
	return ref, id
}

// stored reports whether the fake keeps records of the schema, so an
// association to a missing one is an error.
func stored(record string) bool {
	return handRecords[record] || opIndex.served[record] || nestedRecords[record]
}

// nestedRecords are records kept in a generic table although no generic
// route serves them: they live under a parent's path (a jurisdiction's
// triggers, nested.go).
var nestedRecords = map[string]bool{"JurisdictionsToTrigger": true}

// hidden reports whether a key of a generic record's vals is the fake's own
// bookkeeping (a trigger's jurisdiction, a report's file), which no fields
// selection can name and no query matches.
func hidden(key string) bool { return strings.HasPrefix(key, "_") }

// lookup finds a record of any kind by schema and id.
func (s *Server) lookup(record string, id int64) (node, bool) {
	t, ok := s.handTables[record]
	if !ok {
		g, ok := s.generic[record]
		if !ok {
			return nil, false
		}
		t = g
	}
	n := t.node(id)
	return n, n != nil
}

// nodeTable is a table of any record type, seen as nodes.
type nodeTable interface{ node(id int64) node }

// node returns the record with id as a node, or nil (never a typed nil).
func (t *table[T]) node(id int64) node {
	r, ok := t.rows[id]
	if !ok {
		return nil
	}
	n, _ := any(r).(node)
	return n
}

// tableOf returns the generic table of a record, making it on first use.
func (s *Server) tableOf(record string) *table[grec] {
	t := s.generic[record]
	if t == nil {
		t = newTable[grec]()
		s.generic[record] = t
	}
	return t
}

// opHandler answers one operation of the spec that is neither routed by
// hand (api.go) nor served by the generic handlers below: the operations
// of hand-modelled resources beyond their routes, nested lists,
// singletons, previews, downloads and report generation. Each file
// modelling some of them registers its handlers in opHandlers.
type opHandler func(s *Server, c *call, op *opSpec)

// opHandlers are the operations modelled one by one, by operationId. It is
// filled by init functions (an initializer could not refer to handlers
// that reach serveSpec).
var opHandlers = map[string]opHandler{}

// handle registers the handlers of some operations; a second handler for
// one operation is a programming error.
func handle(hs map[string]opHandler) {
	for id, h := range hs {
		if opHandlers[id] != nil {
			panic("cliotest: two handlers for " + id)
		}
		opHandlers[id] = h
	}
}

// serveSpec answers an operation of the spec that has no hand-written
// route.
func (s *Server) serveSpec(c *call, op *opSpec) {
	if h := opHandlers[op.id]; h != nil {
		h(s, c, op)
		return
	}
	if !servedGenerically(op) {
		c.notModelled(op)
		return
	}
	how := genericShape(op)
	if !s.checkQuery(c, op, func(p *paramSpec) bool { return genericModelled(op, p) }, nil) {
		return
	}
	switch how {
	case "list":
		s.genericList(c, op)
	case "show":
		getRecord[grec](s, c, op.record, s.tableOf(op.record))
	case "create", "copy":
		s.genericCreate(c, op, how == "copy")
	case "update":
		s.genericUpdate(c, op)
	case "destroy":
		t := s.tableOf(op.record)
		r, found := t.get(c.id(0))
		if !found {
			c.notFound()
			return
		}
		s.emitRecord(c, r, "deleted")
		t.del(r.id)
		if op.record == "Activity" {
			s.dropTimers(r.id) // a deleted entry's timer stops without it
		}
		c.noContent()
	}
}

// servedGenerically reports whether the generic handlers serve op: a
// list, show, create, update, delete or copy of a record the fake does not
// model by hand, at a path of its own.
func servedGenerically(op *opSpec) bool {
	return genericShape(op) != "" && !handRecords[op.record] && !singletons[op.record] && op.record != ""
}

// emitRecord delivers a webhook event for r when its resource is a
// webhook model.
func (s *Server) emitRecord(c *call, r *grec, event string) {
	if model, ok := webhookModelOf[r.record]; ok {
		s.emit(c, model, r, event)
	}
}

// notModelled answers 501 naming the operation.
func (c *call) notModelled(op *opSpec) {
	c.fail(http.StatusNotImplemented, "NotImplemented", "cliotest does not model %s (%s %s)", op.id, op.method, op.path)
}

// genericCreate answers a create, or a copy of the record in the path
// with the body's fields applied.
func (s *Server) genericCreate(c *call, op *opSpec, copying bool) {
	items, ok := c.items(op.record)
	if !ok {
		return
	}
	vals := map[string]json.RawMessage{}
	if copying {
		src, found := s.tableOf(op.record).get(c.id(0))
		if !found {
			c.notFound()
			return
		}
		vals = maps.Clone(src.vals)
	}
	b, ok := s.checkBody(c, op, !copying)
	if !ok {
		return
	}
	if err := s.applyFields(op.record, vals, b); err != nil {
		c.writeErr(err)
		return
	}
	if f := userDefaults[op.record]; f != "" && !copying && vals[f] == nil {
		vals[f] = json.RawMessage(fmt.Sprintf(`{"id":%d}`, c.user.id))
	}
	if op.record == "Folder" {
		s.folderOwner(vals)
	}
	timer, err := wantsTimer(op, b, vals)
	if err != nil {
		c.writeErr(err)
		return
	}
	s.onWrite(op.record, nil, vals) // a copy too is a new record
	r := &grec{meta: s.newMeta(op.record), record: op.record, vals: vals}
	s.tableOf(op.record).put(r.id, r)
	if timer {
		s.startTimer(c.user.id, r)
	}
	s.emitRecord(c, r, "created")
	s.one(c, http.StatusCreated, r, &r.meta, items)
}

// userDefaults names the association Clio fills with the token's user
// when a create does not give it: the user an activity is booked to, a
// task's assigner, a note's author.
var userDefaults = map[string]string{"Activity": "user", "Task": "assigner", "Note": "author"}

// folderOwner sets a new folder's matter or contact from its parent: the
// matter or contact itself, or the parent folder's.
func (s *Server) folderOwner(vals map[string]json.RawMessage) {
	var parent rawObj
	_ = json.Unmarshal(vals["parent"], &parent)
	var typ string
	_ = json.Unmarshal(parent["type"], &typ)
	switch typ {
	case "Matter":
		vals["matter"] = json.RawMessage(`{"id":` + string(parent["id"]) + `}`)
	case "Contact":
		vals["contact"] = json.RawMessage(`{"id":` + string(parent["id"]) + `}`)
	case "Folder":
		id, _ := strconv.ParseInt(string(parent["id"]), 10, 64)
		if up, ok := s.tableOf("Folder").get(id); ok {
			for _, k := range []string{"matter", "contact"} {
				if v, ok := up.vals[k]; ok {
					vals[k] = v
				}
			}
		}
	}
}

// genericUpdate answers a PATCH: If-Match, the body checked, then applied.
func (s *Server) genericUpdate(c *call, op *opSpec) {
	items, ok := c.items(op.record)
	if !ok {
		return
	}
	r, found := s.tableOf(op.record).get(c.id(0))
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
	vals := maps.Clone(r.vals)
	if err := s.applyFields(op.record, vals, b); err != nil {
		c.writeErr(err)
		return
	}
	timer, err := wantsTimer(op, b, vals)
	if err != nil {
		c.writeErr(err)
		return
	}
	s.onWrite(op.record, r.vals, vals)
	r.vals = vals
	s.touch(&r.meta, op.record)
	if timer {
		s.startTimer(c.user.id, r)
	}
	s.emitRecord(c, r, "updated")
	s.one(c, http.StatusOK, r, &r.meta, items)
}

// checkBody decodes the body and checks it against the operation's
// request schema (422 naming the field); an operation without a JSON body
// schema takes any data object.
func (s *Server) checkBody(c *call, op *opSpec, creating bool) (body, bool) {
	b, ok := c.data()
	if !ok {
		return nil, false
	}
	if op.body != nil {
		if err := checkObject(op.body, b, "", creating, op.id); err != nil {
			c.writeErr(err)
			return nil, false
		}
	}
	return b, true
}

// applyFields sets the record's fields found in b on vals; fields of the
// body that are not fields of the record (start_timer) are accepted and
// dropped. An association that names no record, or a stored record that
// does not exist, is 422 (checkAssoc).
func (s *Server) applyFields(record string, vals map[string]json.RawMessage, b body) error {
	fields := specRecords[record]
	for _, name := range slices.Sorted(maps.Keys(b)) {
		v := b[name]
		f, ok := fields[name]
		if !ok || name == "id" || name == "etag" {
			continue
		}
		if err := s.checkAssoc(name, f, v); err != nil {
			return err
		}
		vals[name] = asFormat(f.format, v)
		if scalar, ok := fields[name+"_id"]; ok && scalar.t == jInteger && !scalar.assoc() {
			// The record also carries the id as a scalar (bank_account_id
			// beside bank_account{...}).
			vals[name+"_id"] = refID(v)
		}
	}
	return nil
}

// asFormat shapes a date or timestamp as the record field holds it, where
// the spec's request and response disagree (a task's due_at is a
// timestamp in the body, a date in the record): a timestamp becomes its
// date, a date midnight UTC.
func asFormat(format string, v json.RawMessage) json.RawMessage {
	var s string
	if format == "" || json.Unmarshal(v, &s) != nil {
		return v
	}
	t, err := parseTime(s)
	if err != nil {
		return v
	}
	out := t.Format(time.DateOnly)
	if format == "date-time" {
		out = t.Format(time.RFC3339)
	}
	b, _ := json.Marshal(out)
	return b
}

// refTo returns the id an association field of r holds, or 0.
func (r *grec) refTo(name string) int64 {
	id, _ := strconv.ParseInt(string(refID(r.vals[name])), 10, 64)
	return id
}

// refID returns the id of an association object as raw JSON, or null.
func refID(v json.RawMessage) json.RawMessage {
	var obj rawObj
	if json.Unmarshal(v, &obj) != nil || obj == nil || isNull(obj["id"]) {
		return json.RawMessage("null")
	}
	return obj["id"]
}

// checkAssoc checks the value of an association field f (nothing for
// other fields, or null): each object, alone or in a list, with checkRef.
func (s *Server) checkAssoc(name string, f fieldSpec, v json.RawMessage) error {
	if !f.assoc() || isNull(v) {
		return nil
	}
	if !f.many {
		return s.checkRef(name, f, v)
	}
	var elems []json.RawMessage
	if json.Unmarshal(v, &elems) != nil {
		return invalid("%s must be an array", name)
	}
	for i, e := range elems {
		if err := s.checkRef(name+"["+strconv.Itoa(i)+"]", f, e); err != nil {
			return err
		}
	}
	return nil
}

// checkRef checks one association object: a positive id, naming a record
// that exists when the fake stores that kind. An object without an id is
// refused when it carries nothing else ({}, or only a type) and refers to
// a record, since it names none; one carrying other fields is a nested
// value (a bill's interest, an external property) kept as given.
func (s *Server) checkRef(name string, f fieldSpec, v json.RawMessage) error {
	var obj rawObj
	if json.Unmarshal(v, &obj) != nil || obj == nil {
		return invalid("%s must be an object like {\"id\": 1}", name)
	}
	rec, id := refOf(f.ref, obj)
	if isNull(obj["id"]) {
		bare := true
		for k := range obj {
			bare = bare && (k == "id" || k == "type")
		}
		if bare && rec != "" {
			return invalid("%s.id is required", name)
		}
		return nil
	}
	if id <= 0 {
		return invalid("%s.id must be a positive integer", name)
	}
	if !stored(rec) {
		return nil
	}
	if _, ok := s.lookup(rec, id); !ok {
		return invalid("%s %d does not exist", name, id)
	}
	return nil
}

func isNull(v json.RawMessage) bool { return len(v) == 0 || string(v) == "null" }
