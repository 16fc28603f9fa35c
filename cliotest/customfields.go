package cliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fieldTypes are Clio's custom field types.
var fieldTypes = []string{"checkbox", "contact", "currency", "date", "time", "email", "matter", "numeric", "picklist", "text_area", "text_line", "url"}

// customField is a custom field definition.
type customField struct {
	meta
	name, parentType, fieldType string // parentType: Matter | Contact
	displayed, required         bool
	deleted                     bool
	displayOrder                int
	options                     []*picklistOption
}

type picklistOption struct {
	meta
	option  string
	deleted time.Time
}

func (o *picklistOption) attr(_ *Server, name string) (any, bool) {
	if v, ok := o.common(name); ok {
		return v, true
	}
	switch name {
	case "option":
		return o.option, true
	case "deleted_at":
		return fmtTime(o.deleted), true
	}
	return nil, false
}

func (f *customField) attr(_ *Server, name string) (any, bool) {
	if v, ok := f.common(name); ok {
		return v, true
	}
	switch name {
	case "name":
		return f.name, true
	case "parent_type":
		return f.parentType, true
	case "field_type":
		return f.fieldType, true
	case "displayed":
		return f.displayed, true
	case "deleted":
		return f.deleted, true
	case "required":
		return f.required, true
	case "display_order":
		return f.displayOrder, true
	case "picklist_options":
		return nodes(f.options), true
	}
	return nil, false
}

func (f *customField) option(id int64) *picklistOption {
	for _, o := range f.options {
		if o.id == id && o.deleted.IsZero() {
			return o
		}
	}
	return nil
}

// cfValue is a custom field value on a matter or contact. Its id is
// composite: "<field_type>-<n>".
type cfValue struct {
	meta         // meta.id is unused; cid is the id
	cid          string
	fieldID      int64
	value        any
	parentID     int64
	parentMatter bool
}

func (v *cfValue) attr(s *Server, name string) (any, bool) {
	switch name {
	case "id":
		return v.cid, true
	case "etag", "created_at", "updated_at":
		return v.common(name)
	}
	def, _ := s.customFields.get(v.fieldID)
	switch name {
	case "value":
		return v.value, true
	case "soft_deleted":
		return false, true
	case "custom_field":
		return optNode(def), true
	case "picklist_option":
		if def == nil {
			return nil, true
		}
		id, _ := v.value.(int64)
		return optNode(def.option(id)), true
	case "matter":
		if !v.parentMatter {
			return nil, true
		}
		m, _ := s.matters.get(v.parentID)
		return optNode(m), true
	case "contact":
		if v.parentMatter {
			return nil, true
		}
		ct, _ := s.contacts.get(v.parentID)
		return optNode(ct), true
	}
	if def == nil {
		return nil, true
	}
	switch name {
	case "field_name":
		return def.name, true
	case "field_type":
		return def.fieldType, true
	case "field_required":
		return def.required, true
	case "field_displayed":
		return def.displayed, true
	case "field_display_order":
		return def.displayOrder, true
	}
	return nil, false
}

// visibleValues applies the custom_field_ids[] filter of the request being
// rendered (s.cfFilter, set under the lock by list and get handlers).
func (s *Server) visibleValues(vals []*cfValue) []node {
	out := make([]node, 0, len(vals))
	for _, v := range vals {
		if s.cfFilter == nil || s.cfFilter[v.fieldID] {
			out = append(out, v)
		}
	}
	return out
}

// applyValues applies nested custom_field_values entries to a copy of cur:
// an entry with id updates that value (or deletes it with _destroy); an
// entry without id adds a value through custom_field{id}, and a second value
// for the same field is a 422.
func (s *Server) applyValues(cur []*cfValue, entries []body, parentType string, parentID int64) ([]*cfValue, error) {
	out := slices.Clone(cur)
	for _, e := range entries {
		if e.has("id") && !e.isNull("id") {
			cid, _, err := e.str("id")
			if err != nil {
				return nil, err
			}
			i := slices.IndexFunc(out, func(v *cfValue) bool { return v.cid == cid })
			if i < 0 {
				return nil, invalid("custom field value %s does not exist on this %s", cid, strings.ToLower(parentType))
			}
			if e.destroy() {
				out = slices.Delete(out, i, i+1)
				continue
			}
			if fid, given, _ := e.ref("custom_field"); given && fid != out[i].fieldID {
				return nil, invalid("custom field value %s belongs to custom field %d, not %d", cid, out[i].fieldID, fid)
			}
			if raw, given := e["value"]; given {
				def, _ := s.customFields.get(out[i].fieldID)
				val, err := s.convertValue(def, raw)
				if err != nil {
					return nil, err
				}
				cp := *out[i]
				cp.value = val
				s.touch(&cp.meta, "custom_field_value")
				out[i] = &cp
			}
			continue
		}
		if e.destroy() {
			continue
		}
		fid, given, err := e.ref("custom_field")
		if err != nil {
			return nil, err
		}
		if !given || fid == 0 {
			return nil, invalid("custom_field_values: an entry without id needs custom_field{id}")
		}
		def, ok := s.customFields.get(fid)
		if !ok || def.deleted || def.parentType != parentType {
			return nil, invalid("custom field %d is not a %s custom field", fid, parentType)
		}
		if slices.ContainsFunc(out, func(v *cfValue) bool { return v.fieldID == fid }) {
			return nil, invalid("custom field value for custom field %d already exists", fid)
		}
		val, err := s.convertValue(def, e["value"])
		if err != nil {
			return nil, err
		}
		s.cfvSeq++
		v := &cfValue{cid: fmt.Sprintf("%s-%d", def.fieldType, s.cfvSeq), fieldID: fid, value: val, parentID: parentID, parentMatter: parentType == "Matter"}
		s.touch(&v.meta, "custom_field_value")
		out = append(out, v)
	}
	return out, nil
}

// convertValue checks a value against its field's type and stores it in
// the form the fake returns: dates "YYYY-MM-DD", picklists the option id,
// checkboxes a boolean, numbers a number, contact/matter an id, text as is.
func (s *Server) convertValue(def *customField, raw json.RawMessage) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	// Clio's request schema types every value as a string, whatever the
	// field type: 42 or true must come as "42" or "true".
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return nil, invalid("value for %s must be a JSON string, got %s", def.name, raw)
	}
	switch def.fieldType {
	case "date":
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			return nil, invalid("value for %s must be a date (YYYY-MM-DD), got %q", def.name, str)
		}
		return str, nil
	case "picklist":
		id, err := strconv.ParseInt(str, 10, 64)
		if err != nil || def.option(id) == nil {
			return nil, invalid("value for %s must be the id of one of its picklist options, got %q", def.name, str)
		}
		return id, nil
	case "checkbox":
		v, err := strconv.ParseBool(str)
		if err != nil {
			return nil, invalid("value for %s must be true or false", def.name)
		}
		return v, nil
	case "numeric", "currency":
		v, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, invalid("value for %s must be a number", def.name)
		}
		return v, nil
	case "contact", "matter":
		id, err := strconv.ParseInt(str, 10, 64)
		found := false
		if err == nil && def.fieldType == "contact" {
			_, found = s.contacts.get(id)
		} else if err == nil {
			_, found = s.matters.get(id)
		}
		if !found {
			return nil, invalid("value for %s must be the id of an existing %s", def.name, def.fieldType)
		}
		return id, nil
	}
	return str, nil
}

func (s *Server) listCustomFields(c *call) {
	f := filterOf(c)
	deleted, deletedGiven := f.bool("deleted")
	if f.bad() {
		return
	}
	parent, ftype, query := c.q.Get("parent_type"), c.q.Get("field_type"), c.q.Get("query")
	list(s, c, "CustomField", s.customFields, func(cf *customField) bool {
		return (parent == "" || strings.EqualFold(cf.parentType, parent)) &&
			(ftype == "" || cf.fieldType == ftype) &&
			(query == "" || containsFold(cf.name, query)) &&
			(deletedGiven && cf.deleted == deleted || !deletedGiven && !cf.deleted)
	})
}

func (s *Server) getCustomField(c *call) { getRecord(s, c, "CustomField", s.customFields) }

func (s *Server) createCustomField(c *call) {
	items, ok := c.items("CustomField")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cf := &customField{displayed: true}
	err := func() error {
		name, _, err := b.str("name")
		if err != nil || name == "" {
			return invalid("name is required")
		}
		ftype, _, _ := b.str("field_type")
		if !slices.Contains(fieldTypes, ftype) {
			return invalid("field_type must be one of %s", strings.Join(fieldTypes, ", "))
		}
		parent, _, _ := b.str("parent_type")
		switch strings.ToLower(parent) {
		case "matter":
			parent = "Matter"
		case "contact":
			parent = "Contact"
		default:
			return invalid("parent_type must be Matter or Contact")
		}
		cf.name, cf.fieldType, cf.parentType = name, ftype, parent
		return s.applyFieldAttrs(cf, b)
	}()
	if err != nil {
		c.writeErr(err)
		return
	}
	cf.meta = s.newMeta("custom_field")
	s.customFields.put(cf.id, cf)
	s.one(c, http.StatusCreated, cf, &cf.meta, items)
}

// applyFieldAttrs applies the attributes a PATCH may change, including
// picklist options ({option} adds, {id, option} renames, {id, _deleted}
// removes).
func (s *Server) applyFieldAttrs(cf *customField, b body) error {
	if v, given, err := b.str("name"); err != nil || given && v == "" {
		return invalid("name must not be empty")
	} else if given {
		cf.name = v
	}
	for key, dst := range map[string]*bool{"displayed": &cf.displayed, "required": &cf.required} {
		if v, given, err := b.boolean(key); err != nil {
			return invalid("%v", err)
		} else if given {
			*dst = v
		}
	}
	if v, given, err := b.integer("display_order"); err != nil {
		return invalid("%v", err)
	} else if given {
		cf.displayOrder = int(v)
	}
	opts, _, err := b.list("picklist_options")
	if err != nil {
		return invalid("%v", err)
	}
	if len(opts) > 0 && cf.fieldType != "picklist" {
		return invalid("picklist_options apply only to picklist fields")
	}
	cf.options = slices.Clone(cf.options)
	for _, o := range opts {
		text, _, _ := o.str("option")
		id, hasID, _ := o.integer("id")
		del, _, _ := o.boolean("_deleted")
		if !hasID {
			if text == "" {
				return invalid("a new picklist option needs option")
			}
			po := &picklistOption{meta: s.newMeta("picklist_option"), option: text}
			cf.options = append(cf.options, po)
			continue
		}
		i := slices.IndexFunc(cf.options, func(p *picklistOption) bool { return p.id == id })
		if i < 0 {
			return invalid("picklist option %d does not exist", id)
		}
		cp := *cf.options[i]
		if del {
			cp.deleted = s.now()
		} else if text != "" {
			cp.option = text
		}
		s.touch(&cp.meta, "picklist_option")
		cf.options[i] = &cp
	}
	return nil
}

func (s *Server) updateCustomField(c *call) {
	items, ok := c.items("CustomField")
	if !ok {
		return
	}
	cf, found := s.customFields.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	if !s.ifMatch(c, &cf.meta) {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	cp := *cf
	if err := s.applyFieldAttrs(&cp, b); err != nil {
		c.writeErr(err)
		return
	}
	s.touch(&cp.meta, "custom_field")
	*cf = cp
	s.one(c, http.StatusOK, cf, &cf.meta, items)
}

// deleteCustomField marks the field deleted (it stays readable, with
// deleted: true, and drops out of the default list).
func (s *Server) deleteCustomField(c *call) {
	cf, found := s.customFields.get(c.id(0))
	if !found || cf.deleted {
		c.notFound()
		return
	}
	cf.deleted = true
	s.touch(&cf.meta, "custom_field")
	c.noContent()
}

// cfValueFilter reads custom_field_values[<id>]=<op><value> list filters
// (several conditions as [<=50, >=45], all ANDed) and returns a predicate
// over a record's values, or nil when none is given. As Clio documents,
// only = works for checkbox, contact, matter, picklist, email, text and url
// fields; currency, date, time and numeric fields also take <, >, <= and >=.
func (s *Server) cfValueFilter(f *filter, parentType string) func([]*cfValue) bool {
	type cond struct {
		def     *customField
		op, arg string
	}
	var conds []cond
	for key, vals := range f.c.q {
		idStr, ok := strings.CutPrefix(key, "custom_field_values[")
		if !ok || !strings.HasSuffix(idStr, "]") {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(idStr, "]"), 10, 64)
		def, found := s.customFields.get(id)
		if err != nil || !found || def.parentType != parentType {
			f.fail(key, "the id of a "+parentType+" custom field")
			return nil
		}
		for _, v := range vals {
			for part := range strings.SplitSeq(strings.TrimSuffix(strings.TrimPrefix(v, "["), "]"), ",") {
				part = strings.TrimSpace(part)
				op := "="
				for _, o := range []string{"<=", ">=", "<", ">", "="} {
					if rest, ok := strings.CutPrefix(part, o); ok {
						op, part = o, strings.TrimSpace(rest)
						break
					}
				}
				switch def.fieldType {
				case "date":
					if _, err := parseDate(part); err != nil {
						f.failDate(key, dateForm+" for a date field")
						return nil
					}
				case "currency", "time", "numeric":
				default:
					if op != "=" {
						f.fail(key, "= for a "+def.fieldType+" field")
						return nil
					}
				}
				conds = append(conds, cond{def, op, part})
			}
		}
	}
	if len(conds) == 0 {
		return nil
	}
	return func(values []*cfValue) bool {
		for _, c := range conds {
			i := slices.IndexFunc(values, func(v *cfValue) bool { return v.fieldID == c.def.id })
			if i < 0 || !compareCF(fmt.Sprint(values[i].value), c.op, c.arg, c.def.fieldType) {
				return false
			}
		}
		return true
	}
}

// compareCF applies one condition: numbers (currency included) compare
// exactly as numbers, dates as dates, times as their text (HH:MM sorts),
// the rest by equality, case-insensitively.
func compareCF(have, op, want, fieldType string) bool {
	cmp := strings.Compare(have, want)
	switch {
	case fieldType == "currency" || fieldType == "numeric":
		h, ok1 := ratOf(json.RawMessage(have))
		w, ok2 := ratOf(json.RawMessage(want))
		if !ok1 || !ok2 {
			return false
		}
		cmp = h.Cmp(w)
	case fieldType == "date":
		h, err1 := parseDate(have)
		w, err2 := parseDate(want)
		if err1 != nil || err2 != nil {
			return false
		}
		cmp = h.Compare(w)
	case op == "=":
		return strings.EqualFold(have, want)
	}
	switch op {
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return cmp == 0
}
