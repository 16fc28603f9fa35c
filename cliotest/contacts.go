package cliotest

import (
	"net/http"
	"slices"
	"strings"
)

// contact is a Person or a Company.
type contact struct {
	meta
	kind                     string // Person | Company
	first, middle, last      string
	company                  string // a Company's name
	title, prefix, birthDate string
	companyID                int64
	emails                   []*emailAddress
	phones                   []*phoneNumber
	addresses                []*address
	values                   []*cfValue
}

func (ct *contact) name() string {
	if ct.kind == "Company" {
		return ct.company
	}
	return strings.Join(strings.Fields(ct.first+" "+ct.middle+" "+ct.last), " ")
}

// sortName is what display numbers use: a Person's last name, a Company's
// name.
func (ct *contact) sortName() string {
	if ct.kind == "Person" && ct.last != "" {
		return ct.last
	}
	return ct.name()
}

// maxNested is Clio's cap (4.0.13) on emails, phones and addresses.
const maxNested = 20

func (ct *contact) attr(s *Server, name string) (any, bool) {
	if v, ok := ct.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return ct.name(), true
	case "first_name":
		return strOrNil(ct.first), true
	case "middle_name":
		return strOrNil(ct.middle), true
	case "last_name":
		return strOrNil(ct.last), true
	case "type":
		return ct.kind, true
	case "title":
		return strOrNil(ct.title), true
	case "prefix":
		return strOrNil(ct.prefix), true
	case "date_of_birth":
		return strOrNil(ct.birthDate), true
	case "initials":
		if ct.kind == "Company" {
			return initials(ct.company, ""), true
		}
		return initials(ct.first, ct.last), true
	case "primary_email_address", "secondary_email_address":
		return pick(ct.emails, name == "primary_email_address", func(e *emailAddress) (string, bool) { return e.address, e.primary }), true
	case "primary_phone_number", "secondary_phone_number":
		return pick(ct.phones, name == "primary_phone_number", func(p *phoneNumber) (string, bool) { return p.number, p.primary }), true
	case "is_client":
		return s.clientMatters[ct.id] > 0, true
	case "is_clio_for_client_user", "has_clio_for_clients_permission", "locked_clio_connect_email":
		// The fake shares nothing through Clio for Clients. (is_co_counsel
		// and is_bill_recipient answer 501: see computed.go.)
		return false, true
	case "clio_connect_email", "client_connect_user_id", "ledes_client_id", "sales_tax_number":
		return nil, true
	case "email_addresses":
		return nodes(ct.emails), true
	case "phone_numbers":
		return nodes(ct.phones), true
	case "addresses":
		return nodes(ct.addresses), true
	case "primary_address":
		for _, a := range ct.addresses {
			if a.primary {
				return node(a), true
			}
		}
		return nil, true
	case "custom_field_values":
		return s.visibleValues(ct.values), true
	case "company":
		co, _ := s.contacts.get(ct.companyID)
		return optNode(co), true
	case "web_sites", "instant_messengers", "related_contacts", "activity_rates", "account_balances", "custom_field_set_associations", "kyc_field_values", "notification_methods":
		return []node{}, true
	}
	return nil, false
}

// pick returns the primary (or the first non-primary) value of a nested
// collection.
func pick[T any](list []T, primary bool, get func(T) (string, bool)) any {
	for _, x := range list {
		if v, p := get(x); p == primary {
			return v
		}
	}
	return nil
}

type emailAddress struct {
	meta
	name, address string
	primary       bool
}

func (e *emailAddress) attr(_ *Server, name string) (any, bool) {
	if v, ok := e.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return e.name, true
	case "address":
		return e.address, true
	case "primary":
		return e.primary, true
	}
	return nil, false
}

type phoneNumber struct {
	meta
	name, number string
	primary      bool
}

func (p *phoneNumber) attr(_ *Server, name string) (any, bool) {
	if v, ok := p.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return p.name, true
	case "number":
		return p.number, true
	case "primary":
		return p.primary, true
	}
	return nil, false
}

type address struct {
	meta
	name, street, city, province, postalCode, country string
	primary                                           bool
}

func (a *address) attr(_ *Server, name string) (any, bool) {
	if v, ok := a.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return a.name, true
	case "street":
		return strOrNil(a.street), true
	case "city":
		return strOrNil(a.city), true
	case "province":
		return strOrNil(a.province), true
	case "postal_code":
		return strOrNil(a.postalCode), true
	case "country":
		return strOrNil(a.country), true
	case "primary":
		return a.primary, true
	}
	return nil, false
}

// applyNested applies Rails nested attributes to a copy of cur: an entry
// with id updates that element (or deletes it with _destroy), an entry
// without id creates one. set applies an entry's attributes and reports
// whether it asks to be the primary one.
func applyNested[T any, P interface {
	*T
	record
}](s *Server, cur []P, entries []body, what string, set func(P, body, bool) (bool, error), primary func(P) *bool) ([]P, error) {
	out := slices.Clone(cur)
	for _, e := range entries {
		var target P
		var isPrimary bool
		if id, hasID, err := e.integer("id"); err != nil {
			return nil, invalid("%s: %v", what, err)
		} else if hasID {
			i := slices.IndexFunc(out, func(p P) bool { return p.base().id == id })
			if i < 0 {
				return nil, invalid("%s %d does not belong to this contact", what, id)
			}
			if e.destroy() {
				out = slices.Delete(out, i, i+1)
				continue
			}
			cp := *out[i]
			target = P(&cp)
			if isPrimary, err = set(target, e, false); err != nil {
				return nil, err
			}
			s.touch(target.base(), what)
			out[i] = target
		} else {
			if e.destroy() {
				continue
			}
			target = P(new(T))
			if isPrimary, err = set(target, e, true); err != nil {
				return nil, err
			}
			*target.base() = s.newMeta(what)
			out = append(out, target)
		}
		if isPrimary {
			for _, p := range out {
				*primary(p) = p == target
			}
		}
	}
	if len(out) > maxNested {
		return nil, invalid("a contact can have at most %d %s", maxNested, plural[what])
	}
	if len(out) > 0 && !slices.ContainsFunc(out, func(p P) bool { return *primary(p) }) {
		*primary(out[0]) = true
	}
	return out, nil
}

var plural = map[string]string{"email_address": "email addresses", "phone_number": "phone numbers", "address": "addresses"}

// oneOf checks a nested entry's name against its allowed labels.
func oneOf(b body, key string, allowed []string, required bool) (string, bool, error) {
	v, given, _ := b.str(key)
	if !given || v == "" {
		if required {
			return "", false, invalid("%s is required", key)
		}
		return "", false, nil
	}
	if allowed != nil && !slices.Contains(allowed, v) {
		return "", false, invalid("%s must be one of %s", key, strings.Join(allowed, ", "))
	}
	return v, true, nil
}

func (s *Server) setEmail(e *emailAddress, b body, creating bool) (bool, error) {
	if v, ok, err := oneOf(b, "name", []string{"Work", "Home", "Other"}, false); err != nil {
		return false, err
	} else if ok {
		e.name = v
	} else if creating {
		e.name = "Work"
	}
	if v, ok, err := oneOf(b, "address", nil, creating); err != nil {
		return false, err
	} else if ok {
		if !strings.Contains(v, "@") {
			return false, invalid("address %q is not an email address", v)
		}
		e.address = v
	}
	p, _, _ := b.boolean("default_email")
	return p, nil
}

func (s *Server) setPhone(p *phoneNumber, b body, creating bool) (bool, error) {
	if v, ok, err := oneOf(b, "name", []string{"Work", "Home", "Mobile", "Fax", "Pager", "Skype", "Other"}, false); err != nil {
		return false, err
	} else if ok {
		p.name = v
	} else if creating {
		p.name = "Work"
	}
	if v, ok, err := oneOf(b, "number", nil, creating); err != nil {
		return false, err
	} else if ok {
		p.number = v
	}
	d, _, _ := b.boolean("default_number")
	return d, nil
}

func (s *Server) setAddress(a *address, b body, creating bool) (bool, error) {
	if v, ok, err := oneOf(b, "name", []string{"Work", "Home", "Billing", "Other"}, false); err != nil {
		return false, err
	} else if ok {
		a.name = v
	} else if creating {
		a.name = "Work"
	}
	for key, dst := range map[string]*string{"street": &a.street, "city": &a.city, "province": &a.province, "postal_code": &a.postalCode, "country": &a.country} {
		if v, given, _ := b.str(key); given {
			*dst = v
		}
	}
	return false, nil
}

// applyContact applies a create or update body to ct (a copy).
func (s *Server) applyContact(ct *contact, b body, creating bool) error {
	if creating {
		kind, _, _ := b.str("type")
		if kind != "Person" && kind != "Company" {
			return invalid("type must be Person or Company")
		}
		ct.kind = kind
	}
	for key, dst := range map[string]*string{"first_name": &ct.first, "middle_name": &ct.middle, "last_name": &ct.last, "title": &ct.title, "prefix": &ct.prefix, "date_of_birth": &ct.birthDate} {
		if v, given, err := b.str(key); err != nil {
			return invalid("%v", err)
		} else if given {
			if key == "date_of_birth" && v != "" {
				if _, err := parseDate(v); err != nil {
					return invalid("date_of_birth must be %s", dateForm)
				}
			}
			*dst = v
		}
	}
	if name, given, _ := b.str("name"); given && name != "" {
		if ct.kind == "Company" {
			ct.company = name
		} else if ct.first == "" && ct.last == "" {
			if i := strings.LastIndexByte(strings.TrimSpace(name), ' '); i > 0 {
				ct.first, ct.last = strings.TrimSpace(name[:i]), strings.TrimSpace(name[i+1:])
			} else {
				ct.first = strings.TrimSpace(name)
			}
		}
	}
	if ct.kind == "Person" && ct.first == "" && ct.last == "" {
		return invalid("At least one of first name or last name must be provided")
	}
	if ct.kind == "Company" && ct.company == "" {
		return invalid("name can't be blank for a Company")
	}
	if id, given, err := b.ref("company"); err != nil {
		return invalid("%v", err)
	} else if given {
		if co, ok := s.contacts.get(id); id != 0 && (!ok || co.kind != "Company") {
			return invalid("company %d is not a Company contact", id)
		}
		ct.companyID = id
	}
	var err error
	if entries, given, e := b.list("email_addresses"); e != nil {
		return invalid("%v", e)
	} else if given {
		if ct.emails, err = applyNested(s, ct.emails, entries, "email_address", s.setEmail, func(e *emailAddress) *bool { return &e.primary }); err != nil {
			return err
		}
	}
	if entries, given, e := b.list("phone_numbers"); e != nil {
		return invalid("%v", e)
	} else if given {
		if ct.phones, err = applyNested(s, ct.phones, entries, "phone_number", s.setPhone, func(p *phoneNumber) *bool { return &p.primary }); err != nil {
			return err
		}
	}
	if entries, given, e := b.list("addresses"); e != nil {
		return invalid("%v", e)
	} else if given {
		if ct.addresses, err = applyNested(s, ct.addresses, entries, "address", s.setAddress, func(a *address) *bool { return &a.primary }); err != nil {
			return err
		}
	}
	if entries, given, e := b.list("custom_field_values"); e != nil {
		return invalid("%v", e)
	} else if given {
		if ct.values, err = s.applyValues(ct.values, entries, "Contact", ct.id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) insertContact(ct *contact) {
	ct.meta = s.newMeta("contact")
	for _, v := range ct.values {
		v.parentID = ct.id
	}
	s.contacts.put(ct.id, ct)
}

func (s *Server) createContact(c *call) {
	items, ok := c.items("Contact")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	ct := &contact{}
	if err := s.applyContact(ct, b, true); err != nil {
		c.writeErr(err)
		return
	}
	s.insertContact(ct)
	s.emit(c, "contact", ct, "created")
	s.one(c, http.StatusCreated, ct, &ct.meta, items)
}

func (s *Server) getContact(c *call) {
	items, ok := c.items("Contact")
	if !ok {
		return
	}
	ct, found := s.contacts.get(c.id(0))
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
	s.get(c, ct, &ct.meta, items)
}

func (s *Server) updateContact(c *call) {
	items, ok := c.items("Contact")
	if !ok {
		return
	}
	ct, found := s.contacts.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &ct.meta) {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cp := *ct
	if err := s.applyContact(&cp, b, false); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "contact")
	*ct = cp
	s.emit(c, "contact", ct, "updated")
	s.one(c, http.StatusOK, ct, &ct.meta, items)
}

func (s *Server) deleteContact(c *call) {
	ct, found := s.contacts.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if s.clientMatters[ct.id] > 0 {
		c.fail(http.StatusUnprocessableEntity, "ValidationError", "contact %d is the client of %d matter(s) and cannot be deleted", ct.id, s.clientMatters[ct.id])
		return
	}
	s.emit(c, "contact", ct, "deleted")
	s.contacts.del(ct.id)
	c.noContent()
}

func (s *Server) listContacts(c *call) {
	f := filterOf(c)
	clientOnly, _ := f.bool("client_only")
	emailOnly, _ := f.bool("email_only")
	exclude := f.idSet("exclude_ids[]")
	s.cfFilter = f.idSet("custom_field_ids[]")
	defer func() { s.cfFilter = nil }()
	byValues := s.cfValueFilter(f, "Contact")
	if f.bad() {
		return
	}
	kind, initial := c.q.Get("type"), strings.ToUpper(c.q.Get("initial"))
	query := strings.Trim(c.q.Get("query"), "*")
	list(s, c, "Contact", s.contacts, func(ct *contact) bool {
		return (kind == "" || ct.kind == kind) &&
			(!clientOnly || s.clientMatters[ct.id] > 0) &&
			(!emailOnly || len(ct.emails) > 0) &&
			(exclude == nil || !exclude[ct.id]) &&
			(initial == "" || strings.HasPrefix(strings.ToUpper(ct.sortName()), initial)) &&
			(query == "" || contactMatches(ct, query)) &&
			(byValues == nil || byValues(ct.values))
	})
}

// contactMatches is the query filter: a case-insensitive substring of the
// name, title, company name or any email address.
func contactMatches(ct *contact, q string) bool {
	if containsFold(ct.name(), q) || containsFold(ct.title, q) {
		return true
	}
	for _, e := range ct.emails {
		if containsFold(e.address, q) {
			return true
		}
	}
	return false
}
