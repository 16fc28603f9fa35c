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

// Generic lists: the paging, ids[], created_since and updated_since of
// list (paging.go), then the query parameters the spec declares, each
// modelled or refused:
//
//   - query: a case-insensitive substring of any string field;
//   - <assoc>_id: records whose association has that id (matchRef);
//   - a parameter named as a field of the same type: equality (matchEq),
//     such as type, status and priority; an enum's value must be one the
//     spec lists, exactly (TimeEntry, not timeentry);
//   - per operation (opFilters): an activity's start_date and end_date,
//     inclusive bounds on its date; the region of the Legal Aid UK
//     expense categories (one rate per category in the fake);
//   - order: id(asc) only.
//
// A filter compares the record's value as Clio answers it, computed
// fields included (an activity's flat_rate). A declared parameter not
// modelled answers 501 naming it, one the operation does not declare 400,
// and so does a filter given twice: a filter is never silently ignored. A
// date parameter given a timestamp, or an instant parameter given a bare
// date, is 422 naming it (dates.go).

// handledByName are the query parameters every generic list handles
// itself (list in paging.go, or genericList).
var handledByName = map[string]bool{
	"fields": true, "limit": true, "page_token": true, "offset": true,
	"ids[]": true, "created_since": true, "updated_since": true, "query": true,
}

// opFilters are the parameters modelled for one operation beyond the
// generic rules.
var opFilters = map[string]map[string]bool{
	"Activity#index": {"start_date": true, "end_date": true},
	// region (required) picks the rate Clio answers, London's or the
	// rest's; the fake holds one rate per category (as seeded) and answers
	// it for any region.
	"LaukExpenseCategory#index": {"region": true},
}

// genericModelled reports whether a generic list models parameter p of
// op.
func genericModelled(op *opSpec, p *paramSpec) bool {
	return p.match != matchNone || handledByName[p.name] || opFilters[op.id][p.name]
}

// checkQuery refuses what the fake cannot honour: a parameter the
// operation does not declare (400), one given more than once that takes a
// single value (400), a value outside the parameter's enum (400, compared
// exactly; not for those in ownValues, whose handler checks them), a date
// or date-time parameter not in its form (422), a declared one it does
// not model (501, modelled says which are), a missing required one (400)
// and an order other than id(asc) (501). Wrong input is refused before
// any unmodelled filter: the caller's mistake is the more useful answer. Generic lists (serveSpec) and hand-written ones
// (checkHandList) both go through it.
func (s *Server) checkQuery(c *call, op *opSpec, modelled func(*paramSpec) bool, ownValues map[string]bool) bool {
	declared := map[string]*paramSpec{}
	for i := range op.query {
		declared[op.query[i].name] = &op.query[i]
	}
	var given []*paramSpec
	for _, key := range slices.Sorted(maps.Keys(c.q)) {
		if key == "fields" || key == "page_token" || key == "offset" && op.action == "index" {
			continue
		}
		name := key
		if strings.HasPrefix(key, "custom_field_values[") && strings.HasSuffix(key, "]") {
			name = "custom_field_values" // declared once, sent as custom_field_values[<field id>]
		}
		p := declared[name]
		if p == nil {
			c.fail(http.StatusBadRequest, "InvalidParameter", "%s is not a parameter of %s", key, op.id)
			return false
		}
		vals := c.q[key]
		if ownValues[name] && len(vals) == 1 {
			vals = nil // one value; the handler checks what it holds
		}
		if msg := p.refuse(vals); msg != "" {
			c.fail(http.StatusBadRequest, "InvalidParameter", "%s", msg)
			return false
		}
		if msg := p.badFormat(c.q[key]); msg != "" {
			c.fail(http.StatusUnprocessableEntity, "ValidationError", "%s", msg)
			return false
		}
		given = append(given, p)
	}
	for _, p := range op.query {
		if p.required && !c.q.Has(p.name) {
			c.fail(http.StatusBadRequest, "InvalidParameter", "%s is required by %s", p.name, op.id)
			return false
		}
	}
	for _, p := range given {
		switch {
		case p.name == "order":
			if o := c.q.Get("order"); o != "id(asc)" {
				c.fail(http.StatusNotImplemented, "NotImplemented", "cliotest does not model order=%s of %s (only id(asc))", o, op.id)
				return false
			}
		case !modelled(p):
			c.fail(http.StatusNotImplemented, "NotImplemented", "cliotest does not model the %s parameter of %s", p.name, op.id)
			return false
		}
	}
	return true
}

// refuse says what is wrong with the values given for p, or "": a second
// value of a parameter that takes one (a filter is never silently reduced
// to its first value), or a value outside its enum.
func (p *paramSpec) refuse(vals []string) string {
	if len(vals) > 1 && p.t != jArray {
		return fmt.Sprintf("%s is given %d times; it takes one value", p.name, len(vals))
	}
	if len(p.enum) == 0 {
		return ""
	}
	for _, v := range vals {
		if !slices.Contains(p.enum, v) {
			return fmt.Sprintf("%s must be one of %s", p.name, strings.Join(p.enum, ", "))
		}
	}
	return ""
}

// genericList lists a generic table with the generic filters.
func (s *Server) genericList(c *call, op *opSpec) {
	keep, ok := s.genericFilter(c, op)
	if !ok {
		return
	}
	list(s, c, op.record, s.tableOf(op.record), keep)
}

// genericFilter reads the generic filters of op from the query and returns
// the test a record must pass; on a malformed value it sets the answer and
// returns false.
func (s *Server) genericFilter(c *call, op *opSpec) (func(*grec) bool, bool) {
	type cond struct {
		p   *paramSpec
		val string
	}
	var conds []cond
	f := filterOf(c)
	for i := range op.query {
		p := &op.query[i]
		if p.match == matchNone || !c.q.Has(p.name) {
			continue
		}
		v := c.q.Get(p.name)
		if i := slices.Index(p.enum, v); i >= 0 && p.stored != nil {
			v = p.stored[i] // the record's spelling (priority=high matches High)
		}
		if p.t == jInteger {
			f.int(p.name)
		} else if p.t == jBoolean {
			f.bool(p.name)
		}
		conds = append(conds, cond{p, v})
	}
	query := c.q.Get("query")
	var from, to time.Time
	var fromGiven, toGiven bool
	if op.id == "Activity#index" {
		from, fromGiven = f.date("start_date")
		to, toGiven = f.date("end_date")
	}
	if f.bad() {
		return nil, false
	}
	return func(r *grec) bool {
		for _, cd := range conds {
			if !r.matches(s, cd.p, cd.val) {
				return false
			}
		}
		if query != "" && !r.mentions(query) {
			return false
		}
		if fromGiven || toGiven {
			d, err := parseDate(r.str("date"))
			if err != nil || fromGiven && d.Before(from) || toGiven && d.After(to) {
				return false
			}
		}
		return true
	}, true
}

// matches applies a matchRef or matchEq filter to the field's value as
// answered (held or computed); val has been checked to parse as the
// parameter's type.
func (r *grec) matches(s *Server, p *paramSpec, val string) bool {
	raw := r.value(s, p.field)
	if isNull(raw) {
		return false
	}
	if p.match == matchRef {
		var obj rawObj
		if json.Unmarshal(raw, &obj) != nil {
			return false
		}
		raw = obj["id"]
	}
	switch p.t {
	case jInteger:
		want, _ := strconv.ParseInt(val, 10, 64)
		got, err := strconv.ParseInt(string(raw), 10, 64)
		return err == nil && got == want
	case jBoolean:
		want, _ := strconv.ParseBool(val)
		got, err := strconv.ParseBool(string(raw))
		return err == nil && got == want
	}
	var str string
	return json.Unmarshal(raw, &str) == nil && str == val
}

// mentions reports whether a string field contains q, ignoring case.
func (r *grec) mentions(q string) bool {
	for name := range r.vals {
		if hidden(name) {
			continue
		}
		if s := r.str(name); s != "" && containsFold(s, q) {
			return true
		}
	}
	return false
}

// str returns a string field's value, or "".
func (r *grec) str(name string) string {
	var s string
	_ = json.Unmarshal(r.vals[name], &s)
	return s
}
