package cliotest

import (
	"cmp"
	"encoding/json"
	"slices"
)

// Helpers for the operations modelled one by one (opHandlers): each checks
// its query as the lists do (checkQuery), naming the parameters it models;
// a declared parameter it does not name answers 501 naming it.

// opQuery checks the query of op: modelled names the declared parameters
// the handler reads, besides those list (paging.go) reads itself.
func (s *Server) opQuery(c *call, op *opSpec, modelled ...string) bool {
	return s.checkQuery(c, op, func(p *paramSpec) bool {
		return listParams[p.name] || slices.Contains(modelled, p.name)
	}, nil)
}

// opItems checks the query of op as opQuery does, then the fields
// selection for schema.
func (s *Server) opItems(c *call, op *opSpec, schema string, modelled ...string) ([]item, bool) {
	if !s.opQuery(c, op, modelled...) {
		return nil, false
	}
	return c.items(schema)
}

// viewTable puts derived records (a contact's email addresses, the items
// of a folder) in a table in id order, for list to page.
func viewTable[T any, P interface {
	*T
	record
}](rows []P) *table[T] {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b P) int { return cmp.Compare(a.base().id, b.base().id) })
	t := newTable[T]()
	for _, r := range rows {
		t.put(r.base().id, (*T)(r))
	}
	return t
}

// seeders seed the records that are kept in a generic table but are not
// plain generic records: the billing settings (a singleton: a seed sets
// its fields) and a jurisdiction's triggers (seeded with their
// jurisdiction).
var seeders = map[string]func(*Server, map[string]json.RawMessage) (int64, error){
	"BillingSetting":         (*Server).seedBillingSetting,
	"JurisdictionsToTrigger": (*Server).seedTrigger,
}
