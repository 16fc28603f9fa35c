package cliotest

import (
	"net/http"
	"strings"
	"time"
)

// The hand-written list routes (listEp in api.go) follow the generic
// lists' rule: a filter is never silently ignored. Each names its
// operation, and handLists below the parameters its handler implements;
// checkQuery then refuses the rest as it does for generic lists: a
// parameter the operation does not declare is 400, a declared one not
// implemented 501 naming it, a value outside the enum or a single-valued
// parameter given twice 400, and an order other than id(asc) 501.

// handList is what one hand-written list implements beyond listParams.
type handList struct {
	// filters are the parameters its handler reads, space-separated.
	filters string
	// ownValues are those of filters taking a comma-separated list of
	// enum values (matters' status=open,pending), which the handler
	// checks itself.
	ownValues string
}

// listParams are the parameters list (paging.go) implements for every
// hand-written list; fields, page_token, offset and order are checked by
// checkQuery itself.
var listParams = map[string]bool{"limit": true, "ids[]": true, "created_since": true, "updated_since": true}

// handLists are the hand-written lists by operation. A filter added to a
// handler must be added here, or requests using it are refused; one named
// here must be declared by the operation (TestHandListsNameDeclaredParameters).
var handLists = map[string]handList{
	"Matter#index": {
		filters: "query status client_id practice_area_id responsible_attorney_id originating_attorney_id billable " +
			"open_date[] close_date[] pending_date[] custom_field_ids[] custom_field_values",
		ownValues: "status",
	},
	"Contact#index":            {filters: "query type initial client_only email_only exclude_ids[] custom_field_ids[] custom_field_values"},
	"CalendarEntry#index":      {filters: "query calendar_id matter_id is_all_day from to"},
	"Calendar#index":           {filters: "owner type"},
	"Reminder#index":           {filters: "subject_id subject_type notification_method_id user_id state"},
	"CustomField#index":        {filters: "query parent_type field_type deleted"},
	"Document#index":           {filters: "query matter_id contact_id parent_id show_uncompleted include_deleted locked"},
	"DocumentTemplate#index":   {},
	"DocumentAutomation#index": {},
	"User#index":               {filters: "name enabled subscription_type role"},
	"MatterStage#index":        {filters: "practice_area_id"},
	"PracticeArea#index":       {filters: "name code matter_id"},
	"Webhook#index":            {},
}

// listEp is a hand-written list route for operation op: its query is
// checked (checkHandList) before h runs.
func listEp(path, op string, h func(*Server, *call)) route {
	r := ep(http.MethodGet, path, h)
	r.op = op
	return r
}

// checkHandList applies checkQuery to a hand-written list of operation
// id; on a refusal it sets the answer and returns false.
func (s *Server) checkHandList(c *call, id string) bool {
	op, hl := opIndex.byID[id], handLists[id]
	if op == nil {
		c.fail(http.StatusInternalServerError, "InternalError", "cliotest: no operation %s", id)
		return false
	}
	filters := words(hl.filters)
	return s.checkQuery(c, op, func(p *paramSpec) bool {
		return listParams[p.name] || filters[p.name]
	}, words(hl.ownValues))
}

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// dateCond is one condition of a date filter such as open_date[]=>=2026-01-01.
type dateCond struct {
	op   string
	date time.Time
}

// dateConds reads the repeated conditions <op><YYYY-MM-DD> of key (op one
// of =, <, >, <= or >=; none means =); nil when absent. All must hold. A
// value whose date is not YYYY-MM-DD (a timestamp included) is 422.
func (f *filter) dateConds(key string) []dateCond {
	var out []dateCond
	for _, v := range f.c.q[key] {
		op := "="
		for _, o := range []string{"<=", ">=", "<", ">", "="} {
			if rest, ok := strings.CutPrefix(v, o); ok {
				op, v = o, rest
				break
			}
		}
		d, err := parseDate(v)
		if err != nil {
			f.failDate(key, "an operator (=, <, >, <=, >=) and "+dateForm)
			return nil
		}
		out = append(out, dateCond{op, d})
	}
	return out
}

// holdsAll reports whether a record's date (YYYY-MM-DD; "" for none,
// which meets no condition) meets every condition, compared as dates.
func holdsAll(conds []dateCond, date string) bool {
	d, err := parseDate(date)
	if err != nil {
		return len(conds) == 0
	}
	for _, c := range conds {
		cmp := d.Compare(c.date)
		var ok bool
		switch c.op {
		case "=":
			ok = cmp == 0
		case "<":
			ok = cmp < 0
		case ">":
			ok = cmp > 0
		case "<=":
			ok = cmp <= 0
		case ">=":
			ok = cmp >= 0
		}
		if !ok {
			return false
		}
	}
	return true
}
