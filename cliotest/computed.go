package cliotest

import (
	"encoding/json"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Fields Clio computes (totals, hours, flags such as billed, counts) are
// computed by the fake on every read from the records it holds, by the
// rules of computedFields. A field it cannot compute is refused: a request
// whose fields select it answers 501 naming it, rather than a null or a 0
// that would pass for Clio's answer.
//
// A value seeded for a computed field of a generically served record
// (Server.Seed) stands for what Clio holds and is answered as given, so a
// test can set up a bill's total without its line items.
//
// Money is computed exactly with math/big and rounded to the cent, halves
// away from zero; it renders as a JSON number with two decimals (300.00).

// derived says how the fake answers one field Clio computes.
type derived struct {
	// how is what the fake answers, in its own terms.
	how string
	// fn computes the field of a generically served record. It is nil for
	// the hand-modelled records (matters, contacts...), whose attr methods
	// compute theirs, and for the fields answered 501. A *big.Rat result
	// is an amount of money.
	fn func(s *Server, r *grec) any
	// no says why the fake cannot compute the field: a request selecting
	// it answers 501.
	no string
}

// computedFields lists, per record, the fields Clio computes and how the
// fake answers each. Records without such fields (TrustRequest) are
// absent. Every entry names a field of the record (TestComputedTable).
// It is filled by init: the computations read it back (an amount as held
// or computed), which a package-level initializer may not.
var computedFields map[string]map[string]derived

func init() {
	computedFields = map[string]map[string]derived{
		"Activity": {
			"quantity_in_hours":         {how: "quantity / 3600 for a TimeEntry (quantity is seconds); null for an expense, whose quantity counts units", fn: activityHours},
			"rounded_quantity":          {how: "quantity: the fake has no rounding setting", fn: activityQuantity},
			"rounded_quantity_in_hours": {how: "quantity_in_hours: the fake has no rounding setting", fn: activityHours},
			"total":                     {how: "price × quantity_in_hours for a TimeEntry (price alone when flat_rate), price × quantity for an expense; a missing price or quantity counts as 0", fn: activityTotal},
			"non_billable_total":        {how: "total when non_billable, else 0", fn: activityNonBillableTotal},
			"bill":                      {how: "the bill holding it: as seeded, else the bill of a line item naming it", fn: activityBillNode},
			"on_bill":                   {how: "whether that bill exists and is not void or deleted", fn: activityOnBill},
			"billed":                    {how: "whether that bill is awaiting_payment or paid", fn: activityBilled},
			"flat_rate":                 {how: "whether its activity_description's rate type is FlatRate", fn: activityFlatRate},
			"contingency_fee":           {how: "false: the fake makes no contingency fee entries", fn: always(false)},
			"quantity_redacted":         {how: "false: the fake redacts no quantity", fn: always(false)},
			"timer":                     {how: "the running timer on it (timers.go); null when none runs", fn: activityTimer},
		},
		"Timer": {
			"elapsed_time": {how: "the hours since it started", fn: timerElapsed},
		},
		"LineItem": {
			"sub_total":     {how: "price × quantity (hours, or units for an expense), less its percentage or money discount", fn: lineSubTotal},
			"tax":           {how: "sub_total × the bill's tax_rate / 100 when taxable, else 0", fn: lineTax},
			"secondary_tax": {how: "sub_total × the bill's secondary_tax_rate / 100 when secondary_taxable, else 0", fn: lineSecondaryTax},
			"total":         {how: "sub_total + tax + secondary_tax", fn: lineTotal},
		},
		"Bill": {
			"sub_total":                            {how: "the sum of its line items' sub_total", fn: billSum(func(l billLine) *big.Rat { return l.sub })},
			"services_sub_total":                   {how: "the same over its Service line items", fn: billSum(func(l billLine) *big.Rat { return l.service(l.sub) })},
			"tax_sum":                              {how: "the sum of its line items' tax", fn: billSum(func(l billLine) *big.Rat { return l.tax })},
			"secondary_tax_sum":                    {how: "the sum of its line items' secondary_tax", fn: billSum(func(l billLine) *big.Rat { return l.tax2 })},
			"services_tax":                         {how: "tax_sum over its Service line items", fn: billSum(func(l billLine) *big.Rat { return l.service(l.tax) })},
			"services_secondary_tax":               {how: "secondary_tax_sum over its Service line items", fn: billSum(func(l billLine) *big.Rat { return l.service(l.tax2) })},
			"taxable_sub_total":                    {how: "the sub_total of its taxable line items", fn: billSum(func(l billLine) *big.Rat { return when(l.taxable, l.sub) })},
			"secondary_taxable_sub_total":          {how: "the sub_total of its secondary_taxable line items", fn: billSum(func(l billLine) *big.Rat { return when(l.taxable2, l.sub) })},
			"services_taxable_sub_total":           {how: "taxable_sub_total over its Service line items", fn: billSum(func(l billLine) *big.Rat { return l.service(when(l.taxable, l.sub)) })},
			"services_secondary_taxable_sub_total": {how: "secondary_taxable_sub_total over its Service line items", fn: billSum(func(l billLine) *big.Rat { return l.service(when(l.taxable2, l.sub)) })},
			"total_tax":                            {how: "tax_sum + secondary_tax_sum", fn: billSum(func(l billLine) *big.Rat { return add(l.tax, l.tax2) })},
			"total":                                {how: "sub_total − its discount (percentage of sub_total, or money) + total_tax + its interest's total; interest does not accrue in the fake", fn: billTotal},
			"paid":                                 {how: "the sum of the allocations to it that are not voided and not from a CreditMemo", fn: billPaid},
			"paid_at":                              {how: "the date of the latest of those allocations; null without one", fn: billPaidAt},
			"credits_issued":                       {how: "the sum of the allocations to it from a CreditMemo that are not voided", fn: billCredits},
			"due":                                  {how: "total − paid − credits_issued", fn: billDue},
			"balance":                              {how: "due − its interest's total", fn: billBalance},
			"pending":                              {how: "0: the fake has no card payments in flight", fn: zero},
			"shared":                               {how: "false: the fake shares nothing through Clio for Clients", fn: always(false)},
			"last_sent_at":                         {how: "null: the fake sends no bills", fn: always(nil)},
			"can_update":                           {how: "whether its state is draft or awaiting_approval", fn: billCanUpdate},
			"available_state_transitions":          {how: "every state it may be given but its own: the fake's Bill#update takes any", fn: billTransitions},
		},
		"Task": {
			"completed_at":       {how: "when a write set its status to complete (its update time for one seeded complete); null when not complete", fn: taskCompletedAt},
			"time_entries_count": {how: "the number of TimeEntry activities naming it", fn: taskTimeEntriesCount},
			"time_entries":       {how: "those activities", fn: taskTimeEntries},
		},
		"BankTransaction": {
			"funds_in":                  {how: "amount when positive, else 0", fn: txFundsIn},
			"funds_out":                 {how: "−amount when amount is negative, else 0", fn: txFundsOut},
			"current_account_balance":   {how: "its account's balance given at create plus the amounts of all the account's transactions", fn: txAccountBalance},
			"clio_payments_transaction": {how: "false: the fake takes no online payments", fn: always(false)},
			"read_only_confirmation":    {how: "false: the fake lets every confirmation be updated", fn: always(false)},
		},
		"BankAccount": {
			"bank_transactions_count": {how: "the number of transactions naming the account", fn: accountTransactionsCount},
			"clio_payments_enabled":   {how: "false: the fake takes no online payments", fn: always(false)},
		},

		// Hand-modelled records: their attr methods compute these.
		"Matter": {
			"billing_method":          {how: "hourly: the fake has no flat-rate or contingency matters"},
			"shared":                  {how: "false: the fake shares nothing through Clio Connect"},
			"has_tasks":               {how: "whether a task names the matter"},
			"last_activity_date":      {how: "the latest date of the activities naming the matter; null without one"},
			"matter_stage_updated_at": {how: "when a write last changed its stage"},
		},
		"Contact": {
			"initials":                        {how: "the initials of its first and last name (a company's name)"},
			"primary_email_address":           {how: "its email address marked primary"},
			"secondary_email_address":         {how: "its first email address not marked primary"},
			"primary_phone_number":            {how: "its phone number marked primary"},
			"secondary_phone_number":          {how: "its first phone number not marked primary"},
			"is_client":                       {how: "whether it is the client of a matter"},
			"has_clio_for_clients_permission": {how: "false: the fake shares nothing through Clio for Clients"},
			"is_clio_for_client_user":         {how: "false: the fake shares nothing through Clio for Clients"},
			"is_co_counsel":                   {no: "co-counsel (activity rates naming a co_counsel_contact_id, shared matters) is not modelled"},
			"is_bill_recipient":               {no: "bill recipients are not modelled"},
		},
		"CalendarEntry": {
			"start_date":         {how: "start_at's date in UTC, the time zone of the fake's users"},
			"start_time":         {how: "start_at's time of day in UTC"},
			"end_date":           {how: "end_at's date in UTC"},
			"end_time":           {how: "end_at's time of day in UTC"},
			"court_rule":         {how: "false: the fake makes no court rule events"},
			"permission":         {how: "owner: every user of the fake may edit every calendar"},
			"time_entries_count": {how: "the number of TimeEntry activities naming the entry"},
			"time_entries":       {how: "those activities"},
		},
		"Document": {
			"locked": {how: "false: the fake locks no document"},
			"size":   {how: "the bytes of its latest fully uploaded version"},
		},
	}
}

// notComputed returns "Record.field" and the reason for the first field
// of the selection that the fake does not compute, looking inside the
// braces of an association too, or "" when every field is answered.
func notComputed(schema string, items []item) (string, string) {
	for _, it := range items {
		if d := computedFields[schema][it.name]; d.no != "" {
			return schema + "." + it.name, d.no
		}
		ref := specRecords[schema][it.name].ref
		for _, in := range it.inner {
			if d := computedFields[ref][in.name]; d.no != "" {
				return ref + "." + in.name, d.no
			}
		}
	}
	return "", ""
}

// refuseNotComputed answers 501 when the selection holds a field the fake
// does not compute, and reports whether it did.
func (c *call) refuseNotComputed(schema string, items []item) bool {
	field, why := notComputed(schema, items)
	if field == "" {
		return false
	}
	c.fail(http.StatusNotImplemented, "NotImplemented", "cliotest does not compute %s (%s)", field, why)
	return true
}

// computed answers a computed field of a generic record that holds no
// value for it; ok is false for a field that is not computed.
func (r *grec) computed(s *Server, name string) (any, bool) {
	d, ok := computedFields[r.record][name]
	if !ok || d.fn == nil {
		return nil, false
	}
	v := d.fn(s, r)
	if x, ok := v.(*big.Rat); ok {
		return money(x), true
	}
	return v, true
}

// value returns a field of r as raw JSON: as held, else as computed.
func (r *grec) value(s *Server, name string) json.RawMessage {
	if raw, ok := r.vals[name]; ok && !isNull(raw) {
		return raw
	}
	v, ok := r.computed(s, name)
	if rec, isRec := v.(record); ok && isRec {
		return json.RawMessage(`{"id":` + strconv.FormatInt(rec.base().id, 10) + `}`)
	}
	if b, err := json.Marshal(v); ok && err == nil {
		return b
	}
	return nil
}

// onWrite records what Clio sets at the moment of a write to a generic
// record, given its fields before and after: a task's completed_at when
// its status becomes complete, cleared when it leaves complete.
func (s *Server) onWrite(record string, before, after map[string]json.RawMessage) {
	if record != "Task" {
		return
	}
	was, now := rawStr(before["status"]), rawStr(after["status"])
	switch {
	case now != "complete":
		delete(after, "completed_at")
	case was != "complete":
		after["completed_at"], _ = json.Marshal(s.now().UTC().Format(time.RFC3339))
	}
}

// Numbers and money.

// ratOf reads a JSON number, or a string holding one (Clio sends some
// amounts as strings), exactly. Values beyond float64's range are refused,
// so a hostile exponent cannot make a huge big.Rat.
func ratOf(raw json.RawMessage) (*big.Rat, bool) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return nil, false
	}
	if s[0] == '"' {
		if json.Unmarshal(raw, &s) != nil {
			return nil, false
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil || strings.ContainsAny(s, "/xXpP") {
		return nil, false
	}
	x, ok := new(big.Rat).SetString(s)
	return x, ok
}

// num returns a number field r holds, or 0.
func (r *grec) num(name string) *big.Rat {
	if x, ok := ratOf(r.vals[name]); ok {
		return x
	}
	return new(big.Rat)
}

// amount returns an amount field of r: as held (seeded), else as computed,
// else 0.
func (s *Server) amount(r *grec, name string) *big.Rat {
	if x, ok := ratOf(r.vals[name]); ok {
		return x
	}
	if d := computedFields[r.record][name]; d.fn != nil {
		if x, ok := d.fn(s, r).(*big.Rat); ok {
			return x
		}
	}
	return new(big.Rat)
}

var (
	hundred     = big.NewRat(100, 1)
	secsPerHour = big.NewRat(3600, 1)
)

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }

// percentOf returns rate percent of x, to the cent. The fake reads rates
// (tax_rate, a percentage discount) on a 0–100 scale.
func percentOf(x, rate *big.Rat) *big.Rat { return cents(new(big.Rat).Quo(mul(x, rate), hundred)) }

// when returns x when ok, else 0.
func when(ok bool, x *big.Rat) *big.Rat {
	if ok {
		return x
	}
	return new(big.Rat)
}

// cents rounds x to the cent, halves away from zero.
func cents(x *big.Rat) *big.Rat {
	n := mul(x, hundred)
	q, r := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int)) // toward zero
	if r.Abs(r).Lsh(r, 1).Cmp(n.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(n.Sign())))
	}
	return new(big.Rat).SetFrac(q, big.NewInt(100))
}

// money renders an amount as a JSON number with two decimals, rounded to
// the cent.
func money(x *big.Rat) json.Number { return json.Number(cents(x).FloatString(2)) }

// hours renders a quantity of seconds in hours. Hours are no money: the
// exact quotient is rendered as the nearest float64, as the SDK reads it.
func hours(secs *big.Rat) float64 {
	f, _ := new(big.Rat).Quo(secs, secsPerHour).Float64()
	return f
}

// zero is a computation answering an amount of 0.
func zero(*Server, *grec) any { return new(big.Rat) }

// always returns a computation answering v.
func always(v any) func(*Server, *grec) any { return func(*Server, *grec) any { return v } }

// rawStr returns a JSON string's value, or "".
func rawStr(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// flag reports whether a boolean field r holds is true.
func (r *grec) flag(name string) bool { return string(r.vals[name]) == "true" }

// Lookups among the generic records.

// grecOf returns a generic record by schema and id, or nil.
func (s *Server) grecOf(record string, id int64) *grec {
	t := s.generic[record]
	if t == nil || id <= 0 {
		return nil
	}
	r, _ := t.get(id)
	return r
}

// naming returns the records of schema record whose association field
// holds id, in id order.
func (s *Server) naming(record, field string, id int64) []*grec {
	t := s.generic[record]
	if t == nil {
		return nil
	}
	var out []*grec
	for _, rid := range t.ids {
		if r := t.rows[rid]; r.refTo(field) == id {
			out = append(out, r)
		}
	}
	return out
}

// timeEntries returns the TimeEntry activities whose field names id.
func (s *Server) timeEntries(field string, id int64) []node {
	out := []node{}
	for _, a := range s.naming("Activity", field, id) {
		if !isExpense(a) {
			out = append(out, a)
		}
	}
	return out
}

// Activities.

// isExpense reports whether an activity is an expense, whose quantity
// counts units; any other activity is a time entry.
func isExpense(r *grec) bool {
	switch r.str("type") {
	case "ExpenseEntry", "HardCostEntry", "SoftCostEntry":
		return true
	}
	return false
}

func activityQuantity(_ *Server, r *grec) any {
	if q, ok := r.vals["quantity"]; ok && !isNull(q) {
		return q
	}
	return 0
}

func activityHours(_ *Server, r *grec) any {
	if isExpense(r) {
		return nil
	}
	return hours(r.num("quantity"))
}

func activityTotal(s *Server, r *grec) any {
	price, qty := r.num("price"), r.num("quantity")
	switch {
	case isExpense(r):
		return cents(mul(price, qty))
	case s.flatRate(r):
		return cents(price)
	}
	return cents(new(big.Rat).Quo(mul(price, qty), secsPerHour))
}

func activityNonBillableTotal(s *Server, r *grec) any {
	return when(r.flag("non_billable"), s.amount(r, "total"))
}

func activityFlatRate(s *Server, r *grec) any { return s.flatRate(r) }

// flatRate reports whether an activity is billed at a flat rate: as held,
// else as its activity description's rate says.
func (s *Server) flatRate(r *grec) bool {
	if v, ok := r.vals["flat_rate"]; ok && !isNull(v) {
		return string(v) == "true"
	}
	desc := s.grecOf("ActivityDescription", r.refTo("activity_description"))
	if desc == nil {
		return false
	}
	var rate rawObj
	_ = json.Unmarshal(desc.vals["rate"], &rate)
	return rawStr(rate["type"]) == "FlatRate"
}

// activityBill returns the bill an activity is on: the one it holds, else
// the bill of the first line item naming it; nil for none.
func (s *Server) activityBill(r *grec) *grec {
	if _, ok := r.vals["bill"]; ok {
		return s.grecOf("Bill", r.refTo("bill"))
	}
	for _, li := range s.naming("LineItem", "activity", r.id) {
		if b := s.grecOf("Bill", li.refTo("bill")); b != nil {
			return b
		}
	}
	return nil
}

func activityBillNode(s *Server, r *grec) any {
	if b := s.activityBill(r); b != nil {
		return node(b)
	}
	return nil
}

func activityOnBill(s *Server, r *grec) any {
	b := s.activityBill(r)
	return b != nil && !slices.Contains([]string{"void", "deleted"}, b.str("state"))
}

func activityBilled(s *Server, r *grec) any {
	b := s.activityBill(r)
	return b != nil && slices.Contains([]string{"awaiting_payment", "paid"}, b.str("state"))
}

// Line items and bills.

func lineSubTotal(_ *Server, r *grec) any {
	st := cents(mul(r.num("price"), r.num("quantity")))
	var d rawObj
	_ = json.Unmarshal(r.vals["discount"], &d)
	rate, ok := ratOf(d["rate"])
	switch {
	case !ok:
	case rawStr(d["type"]) == "percentage":
		st = sub(st, percentOf(st, rate))
	case rawStr(d["type"]) == "money":
		st = sub(st, cents(rate))
	}
	return st
}

// lineTaxAt returns a line item's tax at the rate field of its bill when
// the item's flag field is true.
func (s *Server) lineTaxAt(r *grec, flag, rate string) *big.Rat {
	b := s.grecOf("Bill", r.refTo("bill"))
	if b == nil || !r.flag(flag) {
		return new(big.Rat)
	}
	return percentOf(s.amount(r, "sub_total"), b.num(rate))
}

func lineTax(s *Server, r *grec) any { return s.lineTaxAt(r, "taxable", "tax_rate") }

func lineSecondaryTax(s *Server, r *grec) any {
	return s.lineTaxAt(r, "secondary_taxable", "secondary_tax_rate")
}

func lineTotal(s *Server, r *grec) any {
	return add(s.amount(r, "sub_total"), add(s.amount(r, "tax"), s.amount(r, "secondary_tax")))
}

// billLine is what a bill's sums read of one of its line items.
type billLine struct {
	sub, tax, tax2    *big.Rat
	taxable, taxable2 bool
	isService         bool
}

// service returns x for a Service line item, else 0.
func (l billLine) service(x *big.Rat) *big.Rat { return when(l.isService, x) }

// billLines returns the line items naming bill b.
func (s *Server) billLines(b *grec) []billLine {
	var out []billLine
	for _, li := range s.naming("LineItem", "bill", b.id) {
		out = append(out, billLine{
			sub: s.amount(li, "sub_total"), tax: s.amount(li, "tax"), tax2: s.amount(li, "secondary_tax"),
			taxable: li.flag("taxable"), taxable2: li.flag("secondary_taxable"), isService: li.str("kind") == "Service",
		})
	}
	return out
}

// billSum is a computation summing part of each line item of a bill.
func billSum(part func(billLine) *big.Rat) func(*Server, *grec) any {
	return func(s *Server, b *grec) any {
		sum := new(big.Rat)
		for _, l := range s.billLines(b) {
			sum.Add(sum, part(l))
		}
		return sum
	}
}

// billInterest returns the total of a bill's interest object, or 0: the
// fake accrues none itself.
func billInterest(b *grec) *big.Rat {
	var in rawObj
	_ = json.Unmarshal(b.vals["interest"], &in)
	if x, ok := ratOf(in["total"]); ok {
		return x
	}
	return new(big.Rat)
}

func billTotal(s *Server, b *grec) any {
	st := s.amount(b, "sub_total")
	var d rawObj
	_ = json.Unmarshal(b.vals["discount"], &d)
	discount := new(big.Rat)
	if rate, ok := ratOf(d["rate"]); ok {
		switch rawStr(d["type"]) {
		case "percentage":
			discount = percentOf(st, rate)
		case "money":
			discount = cents(rate)
		}
	}
	return add(sub(st, discount), add(s.amount(b, "total_tax"), billInterest(b)))
}

// billAllocations returns the allocations to bill b that are not voided:
// payments, and credits (those whose parent is a CreditMemo).
func (s *Server) billAllocations(b *grec) (payments, credits []*grec) {
	for _, a := range s.naming("Allocation", "bill", b.id) {
		if !isNull(a.vals["voided_at"]) {
			continue
		}
		var parent rawObj
		_ = json.Unmarshal(a.vals["parent"], &parent)
		if rawStr(parent["type"]) == "CreditMemo" {
			credits = append(credits, a)
		} else {
			payments = append(payments, a)
		}
	}
	return payments, credits
}

func sumOf(recs []*grec, field string) *big.Rat {
	sum := new(big.Rat)
	for _, r := range recs {
		sum.Add(sum, r.num(field))
	}
	return sum
}

func billPaid(s *Server, b *grec) any {
	payments, _ := s.billAllocations(b)
	return sumOf(payments, "amount")
}

func billCredits(s *Server, b *grec) any {
	_, credits := s.billAllocations(b)
	return sumOf(credits, "amount")
}

func billPaidAt(s *Server, b *grec) any {
	payments, _ := s.billAllocations(b)
	var last time.Time
	for _, p := range payments {
		if d, err := parseDate(p.str("date")); err == nil && d.After(last) {
			last = d
		}
	}
	if last.IsZero() {
		return nil
	}
	// In the shape the record's field takes (a date, or midnight UTC).
	v, _ := json.Marshal(last.Format(time.DateOnly))
	return asFormat(specRecords["Bill"]["paid_at"].format, v)
}

func billDue(s *Server, b *grec) any {
	return sub(s.amount(b, "total"), add(s.amount(b, "paid"), s.amount(b, "credits_issued")))
}

func billBalance(s *Server, b *grec) any { return sub(s.amount(b, "due"), billInterest(b)) }

func billCanUpdate(_ *Server, b *grec) any {
	st := b.str("state")
	return st == "draft" || st == "awaiting_approval"
}

// billStates are the states a bill may move to, as the spec's
// available_state_transitions lists them.
var billStates = []string{"awaiting_approval", "awaiting_payment", "paid", "void", "deleted"}

func billTransitions(_ *Server, b *grec) any {
	st := b.str("state")
	return slices.DeleteFunc(slices.Clone(billStates), func(x string) bool { return x == st })
}

// Tasks.

func taskCompletedAt(_ *Server, r *grec) any {
	if r.str("status") != "complete" {
		return nil
	}
	return fmtTime(r.updated)
}

func taskTimeEntries(s *Server, r *grec) any { return s.timeEntries("task", r.id) }

func taskTimeEntriesCount(s *Server, r *grec) any { return len(s.timeEntries("task", r.id)) }

// Bank accounts and transactions.

func txFundsIn(_ *Server, r *grec) any {
	amt := r.num("amount")
	return when(amt.Sign() > 0, amt)
}

func txFundsOut(_ *Server, r *grec) any {
	amt := r.num("amount")
	return when(amt.Sign() < 0, new(big.Rat).Neg(amt))
}

// txAccount returns the id of a transaction's bank account.
func txAccount(r *grec) int64 {
	if id := r.refTo("bank_account"); id > 0 {
		return id
	}
	id, _ := strconv.ParseInt(string(r.vals["bank_account_id"]), 10, 64)
	return id
}

func txAccountBalance(s *Server, r *grec) any {
	id := txAccount(r)
	bal := new(big.Rat)
	if acct := s.grecOf("BankAccount", id); acct != nil {
		bal = acct.num("balance")
	}
	for _, tx := range s.transactionsOf(id) {
		bal = add(bal, tx.num("amount"))
	}
	return bal
}

// transactionsOf returns the transactions of bank account id.
func (s *Server) transactionsOf(id int64) []*grec {
	t := s.generic["BankTransaction"]
	if t == nil || id <= 0 {
		return nil
	}
	var out []*grec
	for _, tid := range t.ids {
		if tx := t.rows[tid]; txAccount(tx) == id {
			out = append(out, tx)
		}
	}
	return out
}

func accountTransactionsCount(s *Server, r *grec) any { return len(s.transactionsOf(r.id)) }
