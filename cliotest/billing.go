package cliotest

import (
	"encoding/json"
	"fmt"
	"html"
	"math/big"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Billing: the firm's billing settings (GET /settings/billing.json), the
// ids of the billable matters (GET /billable_matters/ids.json) and a
// bill's HTML preview (GET /bills/{id}/preview.json).

func init() {
	handle(map[string]opHandler{
		"BillingSetting#show": (*Server).showBillingSetting,
		"BillableMatter#ids":  (*Server).billableMatterIDs,
		"Bill#preview":        (*Server).previewBill,
	})
}

// billingDefaults are the billing settings of a new firm: US dollars, time
// rounded up to the next 6 minutes (a tenth of an hour), no taxes.
// Server.Seed("BillingSetting", ...) changes them.
var billingDefaults = map[string]string{
	"currency": `"USD"`, "currency_sign": `"$"`, "billing_currencies": `["USD"]`, "multi_currency_billing": `false`,
	"rounding": `6`, "use_decimal_rounding": `true`,
	"tax_name": `"Tax"`, "tax_rate": `0`, "apply_tax_by_default": `false`,
	"use_secondary_tax": `false`, "secondary_tax_name": `"Secondary Tax"`, "secondary_tax_rate": `0`,
	"secondary_tax_rule": `"Pre"`, "apply_secondary_tax_by_default": `false`,
	"notify_after_bill_created": `false`, "time_on_flat_rate_contingency_matters_is_non_billable": `false`,
	"use_utbms_codes": `false`,
}

// billingSetting returns the firm's billing settings, a generic record
// made on first use.
func (s *Server) billingSetting() *grec {
	t := s.tableOf("BillingSetting")
	if len(t.ids) > 0 {
		return t.rows[t.ids[0]]
	}
	vals := map[string]json.RawMessage{}
	for k, v := range billingDefaults {
		vals[k] = json.RawMessage(v)
	}
	r := &grec{meta: s.newMeta("BillingSetting"), record: "BillingSetting", vals: vals}
	t.put(r.id, r)
	return r
}

// seedBillingSetting sets fields of the billing settings, checked as a
// seed of a generic record is.
func (s *Server) seedBillingSetting(obj map[string]json.RawMessage) (int64, error) {
	bs := s.billingSetting()
	id, err := s.seedGeneric("BillingSetting", obj) // checks obj; the record is dropped
	if err != nil {
		return 0, err
	}
	t := s.tableOf("BillingSetting")
	tmp := t.rows[id]
	t.del(id)
	for k, v := range tmp.vals {
		bs.vals[k] = v
	}
	if _, ok := obj["updated_at"]; ok {
		bs.updated = tmp.updated
	}
	s.touch(&bs.meta, "BillingSetting")
	return bs.id, nil
}

// billingView is the billing settings as answered to one request:
// rounded_duration is the request's duration rounded.
type billingView struct {
	*grec
	rounded any
}

func (v billingView) attr(s *Server, name string) (any, bool) {
	if name == "rounded_duration" {
		return v.rounded, true
	}
	return v.grec.attr(s, name)
}

func (s *Server) showBillingSetting(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "BillingSetting", "duration")
	if !ok {
		return
	}
	bs := s.billingSetting()
	view := billingView{grec: bs}
	if d := c.q.Get("duration"); d != "" {
		secs, err := parseChronic(d)
		if err != nil {
			c.fail(http.StatusBadRequest, "InvalidParameter", "duration %s", err.Error())
			return
		}
		inc, _ := strconv.ParseInt(string(bs.vals["rounding"]), 10, 64)
		view.rounded = hours(roundUp(secs, inc*60))
	}
	s.get(c, view, &bs.meta, items)
}

// roundUp rounds secs up to a multiple of inc seconds (none for inc <= 0).
func roundUp(secs *big.Rat, inc int64) *big.Rat {
	if inc <= 0 {
		return secs
	}
	n := new(big.Rat).Quo(secs, big.NewRat(inc, 1))
	q, r := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
	if r.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetInt(q.Mul(q, big.NewInt(inc)))
}

// Chronic durations, as Clio reads the duration parameter: "2:15" (hours
// and minutes; "2:15:30" with seconds), or amounts with units ("3h",
// "1.5 hours", "1h 30m", "90 min", "45s", "1 day"); a bare number is hours,
// as in Clio's duration fields.
var (
	clockDuration = regexp.MustCompile(`^(\d{1,4}):(\d{1,2})(?::(\d{1,2}))?$`)
	unitDuration  = regexp.MustCompile(`^(\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*([a-z]*)\s*(?:and\s+|,\s*)?`)
	chronicUnits  = map[string]int64{
		"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
		"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
		"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
		"d": 86400, "day": 86400, "days": 86400,
	}
)

// parseChronic returns a duration's seconds, exactly.
func parseChronic(v string) (*big.Rat, error) {
	bad := fmt.Errorf("must be a duration such as 3h, 1.5 hours, 1h 30m or 2:15, not %q", v)
	v = strings.ToLower(strings.TrimSpace(v))
	if m := clockDuration.FindStringSubmatch(v); m != nil {
		h, _ := strconv.ParseInt(m[1], 10, 64)
		mins, _ := strconv.ParseInt(m[2], 10, 64)
		secs, _ := strconv.ParseInt("0"+m[3], 10, 64)
		if mins >= 60 || secs >= 60 {
			return nil, bad
		}
		return big.NewRat(h*3600+mins*60+secs, 1), nil
	}
	total := new(big.Rat)
	n := 0
	for rest := v; rest != ""; n++ {
		m := unitDuration.FindStringSubmatch(rest)
		if m == nil || m[0] == "" {
			return nil, bad
		}
		rest = rest[len(m[0]):]
		x, ok := new(big.Rat).SetString(m[1])
		if !ok {
			return nil, bad
		}
		unit := int64(3600) // a bare number is hours
		if m[2] != "" {
			if unit, ok = chronicUnits[m[2]]; !ok {
				return nil, bad
			}
		} else if n > 0 || rest != "" {
			return nil, bad // a number without its unit among others
		}
		total.Add(total, mul(x, big.NewRat(unit, 1)))
	}
	if n == 0 {
		return nil, bad
	}
	return total, nil
}

// billableMatterIDs answers the ids of the billable matters the same
// query lists (BillableMatter#index, with its filters), as {"data": [ids]},
// paged as that list is.
func (s *Server) billableMatterIDs(c *call, op *opSpec) {
	index := opIndex.byID["BillableMatter#index"]
	modelled := func(p *paramSpec) bool {
		i := indexOfParam(index, p.name)
		return i >= 0 && genericModelled(index, &index.query[i])
	}
	if !s.checkQuery(c, op, modelled, nil) {
		return
	}
	keep, ok := s.genericFilter(c, index)
	if !ok {
		return
	}
	c.q.Del("fields") // ids only
	list(s, c, index.record, s.tableOf(index.record), keep)
	if c.resp.status != http.StatusOK {
		return
	}
	var page struct {
		Data []struct {
			ID int64 `json:"id"`
		} `json:"data"`
		Meta json.RawMessage `json:"meta"`
	}
	if err := json.Unmarshal(c.resp.body, &page); err != nil {
		c.fail(http.StatusInternalServerError, "InternalError", "cliotest: %v", err)
		return
	}
	ids := make([]int64, len(page.Data))
	for i, r := range page.Data {
		ids[i] = r.ID
	}
	c.set(jsonResponse(http.StatusOK, map[string]any{"data": ids, "meta": page.Meta}))
}

// indexOfParam returns the position of parameter name in op's query, or -1.
func indexOfParam(op *opSpec, name string) int {
	for i := range op.query {
		if op.query[i].name == name {
			return i
		}
	}
	return -1
}

// previewBill answers the bill as an HTML page: its number, client and
// dates, its line items, and its totals as the fake computes them.
func (s *Server) previewBill(c *call, op *opSpec) {
	if !s.opQuery(c, op) {
		return
	}
	b := s.grecOf("Bill", c.id(0))
	if b == nil {
		c.notFound()
		return
	}
	esc := func(raw json.RawMessage) string {
		if isNull(raw) {
			return ""
		}
		if str := rawStr(raw); str != "" {
			return html.EscapeString(str)
		}
		return html.EscapeString(string(raw))
	}
	var sb strings.Builder
	title := "Bill " + esc(b.vals["number"])
	fmt.Fprintf(&sb, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>"+
		"<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}</style></head><body>\n<h1>%s</h1>\n", title, title)
	if ct, ok := s.contacts.get(b.refTo("client")); ok {
		fmt.Fprintf(&sb, "<p>Client: %s</p>\n", html.EscapeString(ct.name()))
	}
	fmt.Fprintf(&sb, "<p>State: %s. Issued: %s. Due: %s.</p>\n", esc(b.vals["state"]), esc(b.vals["issued_at"]), esc(b.vals["due_at"]))
	sb.WriteString("<table>\n<tr><th>Date</th><th>Description</th><th>Quantity</th><th>Price</th><th>Amount</th></tr>\n")
	for _, li := range s.naming("LineItem", "bill", b.id) {
		fmt.Fprintf(&sb, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			esc(li.vals["date"]), esc(li.vals["description"]), esc(li.vals["quantity"]), money(li.num("price")), money(s.amount(li, "sub_total")))
	}
	sb.WriteString("</table>\n")
	for _, f := range []struct{ label, field string }{
		{"Sub-total", "sub_total"}, {"Tax", "total_tax"}, {"Total", "total"}, {"Paid", "paid"}, {"Balance due", "due"},
	} {
		fmt.Fprintf(&sb, "<p>%s: %s</p>\n", f.label, money(s.amount(b, f.field)))
	}
	sb.WriteString("</body></html>\n")
	c.resp.status = http.StatusOK
	c.resp.header.Set("Content-Type", "text/html; charset=utf-8")
	c.resp.body = []byte(sb.String())
}
