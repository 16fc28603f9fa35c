package cliotest

import (
	"encoding/json"
	"fmt"
	"maps"
)

// Records listed under a parent's path: a matter's client, contacts and
// related contacts, a contact's email addresses and phone numbers, and a
// court-rules jurisdiction's triggers. A missing parent is 404.
//
//   - /matters/{id}/client.json is the matter's client contact, with
//     is_matter_client true.
//   - /matters/{id}/contacts.json lists the client ("Client" as its
//     relationship_name, is_client true), then each contact a Relationship
//     record names on the matter (its description as relationship_name),
//     once each, by contact id; custom_field_ids[] limits the custom field
//     values answered, as on contacts.
//   - /matters/{id}/related_contacts.json lists the Relationship records
//     of the matter, by relationship id, each with its contact's fields,
//     contact_id, and is_matter_client when that contact is the client.
//   - /court_rules/jurisdictions/{id}/triggers.json lists the triggers
//     seeded for that jurisdiction (Server.Seed("JurisdictionsToTrigger",
//     ...) with a jurisdiction {id}), with the generic filters.

func init() {
	handle(map[string]opHandler{
		"Client#show":                  (*Server).showMatterClient,
		"EmailAddress#index":           (*Server).listEmailAddresses,
		"PhoneNumber#index":            (*Server).listPhoneNumbers,
		"MatterContacts#index":         (*Server).listMatterContacts,
		"RelatedContacts#index":        (*Server).listRelatedContacts,
		"JurisdictionsToTrigger#index": (*Server).listTriggers,
		"JurisdictionsToTrigger#show":  (*Server).showTrigger,
	})
}

// clientView is a matter's client contact as /matters/{id}/client.json
// answers it.
type clientView struct{ *contact }

func (v clientView) attr(s *Server, name string) (any, bool) {
	if name == "is_matter_client" {
		return true, true
	}
	return v.contact.attr(s, name)
}

func (s *Server) showMatterClient(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Client")
	if !ok {
		return
	}
	m, found := s.matters.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	ct, found := s.contacts.get(m.clientID)
	if !found {
		c.notFound()
		return
	}
	s.get(c, clientView{ct}, &ct.meta, items)
}

func (s *Server) listEmailAddresses(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	if ct, found := s.contacts.get(c.id(0)); !found {
		c.notFound()
	} else {
		list(s, c, "EmailAddress", viewTable(ct.emails), nil)
	}
}

func (s *Server) listPhoneNumbers(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	if ct, found := s.contacts.get(c.id(0)); !found {
		c.notFound()
	} else {
		list(s, c, "PhoneNumber", viewTable(ct.phones), nil)
	}
}

// relationships returns the Relationship records naming matter m whose
// contact exists, with that contact.
func (s *Server) relationships(m *matter) ([]*grec, []*contact) {
	var rels []*grec
	var cts []*contact
	for _, r := range s.naming("Relationship", "matter", m.id) {
		if ct, ok := s.contacts.get(r.refTo("contact")); ok {
			rels, cts = append(rels, r), append(cts, ct)
		}
	}
	return rels, cts
}

// matterContact is one contact of a matter (MatterContacts): its id and
// etag are the contact's, its created_at and updated_at the relationship's
// (the contact's for the client).
type matterContact struct {
	meta
	ct       *contact
	m        *matter
	rel      *grec // the relationship naming the contact; nil for the client
	isClient bool
}

func (mc *matterContact) attr(s *Server, name string) (any, bool) {
	if v, ok := mc.common(name); ok {
		return v, true
	}
	switch name {
	case "contact_created_at":
		return fmtTime(mc.ct.created), true
	case "contact_updated_at":
		return fmtTime(mc.ct.updated), true
	case "description":
		return mc.m.description, true
	case "matter_id":
		return mc.m.id, true
	case "matter_number":
		return mc.m.displayNumber, true
	case "is_client":
		return mc.isClient, true
	case "relationship_name":
		if mc.isClient || mc.rel == nil {
			return "Client", true
		}
		return strOrNil(mc.rel.str("description")), true
	case "relationship":
		if mc.rel == nil {
			return nil, true
		}
		return node(mc.rel), true
	case "avatar", "primary_web_site", "secondary_web_site", "secondary_address":
		return nil, true
	}
	return mc.ct.attr(s, name)
}

func (s *Server) listMatterContacts(c *call, op *opSpec) {
	if !s.opQuery(c, op, "custom_field_ids[]") {
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
	byContact := map[int64]*matterContact{}
	if ct, ok := s.contacts.get(m.clientID); ok {
		byContact[ct.id] = &matterContact{meta: ct.meta, ct: ct, m: m, isClient: true}
	}
	rels, cts := s.relationships(m)
	for i, r := range rels {
		if _, seen := byContact[cts[i].id]; seen {
			continue
		}
		mc := &matterContact{meta: cts[i].meta, ct: cts[i], m: m, rel: r}
		mc.created, mc.updated = r.created, r.updated
		byContact[cts[i].id] = mc
	}
	list(s, c, "MatterContacts", viewTable(slicesOf(byContact)), nil)
}

// slicesOf returns the values of a map (in no order: viewTable sorts).
func slicesOf[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for v := range maps.Values(m) {
		out = append(out, v)
	}
	return out
}

// relatedContact is one Relationship record of a matter with its
// contact's fields (RelatedContacts).
type relatedContact struct {
	meta // the relationship's
	ct   *contact
	m    *matter
}

func (rc *relatedContact) attr(s *Server, name string) (any, bool) {
	if v, ok := rc.common(name); ok {
		return v, true
	}
	switch name {
	case "contact_id":
		return rc.ct.id, true
	case "is_matter_client":
		return rc.m.clientID == rc.ct.id, true
	case "avatar", "primary_web_site", "secondary_web_site", "secondary_address":
		return nil, true
	}
	return rc.ct.attr(s, name)
}

func (s *Server) listRelatedContacts(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	m, found := s.matters.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	rels, cts := s.relationships(m)
	rows := make([]*relatedContact, len(rels))
	for i, r := range rels {
		rows[i] = &relatedContact{meta: r.meta, ct: cts[i], m: m}
	}
	list(s, c, "RelatedContacts", viewTable(rows), nil)
}

// Court-rules triggers live in the generic table "JurisdictionsToTrigger",
// each holding its jurisdiction under a hidden key.
const triggerJurisdiction = "_jurisdiction"

// seedTrigger seeds a trigger of the jurisdiction obj names as
// jurisdiction {id}; the other keys are the trigger's fields.
func (s *Server) seedTrigger(obj map[string]json.RawMessage) (int64, error) {
	rest := maps.Clone(obj)
	raw, ok := rest["jurisdiction"]
	delete(rest, "jurisdiction")
	var ref rawObj
	_ = json.Unmarshal(raw, &ref)
	_, jid := refOf("Jurisdiction", ref)
	if !ok || jid <= 0 {
		return 0, fmt.Errorf("a trigger is seeded with jurisdiction {\"id\": N}, the jurisdiction it belongs to")
	}
	if s.grecOf("Jurisdiction", jid) == nil {
		return 0, fmt.Errorf("jurisdiction %d does not exist", jid)
	}
	id, err := s.seedGeneric("JurisdictionsToTrigger", rest)
	if err != nil {
		return 0, err
	}
	s.grecOf("JurisdictionsToTrigger", id).vals[triggerJurisdiction] = json.RawMessage(fmt.Sprintf(`{"id":%d}`, jid))
	return id, nil
}

func (s *Server) listTriggers(c *call, op *opSpec) {
	if !s.checkQuery(c, op, func(p *paramSpec) bool { return genericModelled(op, p) }, nil) {
		return
	}
	jid := c.id(0)
	if s.grecOf("Jurisdiction", jid) == nil {
		c.notFound()
		return
	}
	keep, ok := s.genericFilter(c, op)
	if !ok {
		return
	}
	list(s, c, op.record, s.tableOf(op.record), func(r *grec) bool {
		return r.refTo(triggerJurisdiction) == jid && keep(r)
	})
}

func (s *Server) showTrigger(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, op.record)
	if !ok {
		return
	}
	r := s.grecOf(op.record, c.id(1))
	if s.grecOf("Jurisdiction", c.id(0)) == nil || r == nil || r.refTo(triggerJurisdiction) != c.id(0) {
		c.notFound()
		return
	}
	s.get(c, r, &r.meta, items)
}
