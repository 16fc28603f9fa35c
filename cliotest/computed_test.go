package cliotest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawData returns the fields of a single-record answer as raw JSON, so a
// test sees a number exactly as the fake wrote it (300.00, not 300).
func rawData(t *testing.T, r reply) map[string]json.RawMessage {
	t.Helper()
	require.Less(t, r.StatusCode, 300, "%s", r.raw)
	var env struct{ Data map[string]json.RawMessage }
	require.NoError(t, json.Unmarshal(r.raw, &env), "%s", r.raw)
	return env.Data
}

// get reads one record with the fields given, as raw JSON.
func (w *wire) get(t *testing.T, path, fields string) map[string]json.RawMessage {
	t.Helper()
	return rawData(t, w.do("GET", path+"?fields="+url.QueryEscape(fields), nil))
}

// create posts a body to a list path and returns the new record's id.
func (w *wire) create(t *testing.T, path string, fields map[string]any) int64 {
	t.Helper()
	r := w.do("POST", path, data(fields))
	require.Equal(t, http.StatusCreated, r.StatusCode, "%s", r.raw)
	return num(r.data()["id"])
}

func activityPath(id int64) string { return fmt.Sprintf("/api/v4/activities/%d.json", id) }

// The example: 5400 seconds are 1.5 hours.
func TestActivityQuantityInHours(t *testing.T) {
	w := newWire(t)
	id := w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 5400, "price": 200})
	got := w.get(t, activityPath(id), "quantity,quantity_in_hours,rounded_quantity,rounded_quantity_in_hours")
	assert.JSONEq(t, "1.5", string(got["quantity_in_hours"]))
	assert.JSONEq(t, "5400", string(got["rounded_quantity"]), "the fake does not round")
	assert.JSONEq(t, "1.5", string(got["rounded_quantity_in_hours"]))

	// An expense's quantity counts units: it has no hours.
	exp := w.create(t, "/api/v4/activities.json", map[string]any{"type": "ExpenseEntry", "date": "2026-03-02", "quantity": 3, "price": 12.10})
	got = w.get(t, activityPath(exp), "quantity_in_hours,rounded_quantity,rounded_quantity_in_hours")
	assert.Equal(t, "null", string(got["quantity_in_hours"]))
	assert.Equal(t, "null", string(got["rounded_quantity_in_hours"]))
	assert.JSONEq(t, "3", string(got["rounded_quantity"]))

	// An update is read back recomputed.
	r := w.do("PATCH", activityPath(id)+"?fields=quantity_in_hours", data(map[string]any{"quantity": 900}))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
	assert.JSONEq(t, "0.25", string(rawData(t, r)["quantity_in_hours"]))
}

// Totals are exact decimals with two places: no float64 on the way.
func TestActivityTotal(t *testing.T) {
	w := newWire(t)
	for _, tc := range []struct {
		body                  map[string]any
		total, nonBillableTot string
	}{
		{map[string]any{"type": "TimeEntry", "quantity": 5400, "price": 200}, "300.00", "0.00"},
		{map[string]any{"type": "ExpenseEntry", "quantity": 3, "price": 12.10}, "36.30", "0.00"},
		// 1.10 × 3 is 3.3000000000000003 in float64.
		{map[string]any{"type": "SoftCostEntry", "quantity": 3, "price": 1.10}, "3.30", "0.00"},
		// 1000 s at 200/h is 55.555…: to the cent, half away from zero.
		{map[string]any{"type": "TimeEntry", "quantity": 1000, "price": 200}, "55.56", "0.00"},
		{map[string]any{"type": "TimeEntry", "quantity": 5400, "price": 200, "non_billable": true}, "300.00", "300.00"},
		{map[string]any{"type": "HardCostEntry", "quantity": 2, "price": 0.005}, "0.01", "0.00"},
		{map[string]any{"type": "TimeEntry"}, "0.00", "0.00"},
	} {
		tc.body["date"] = "2026-03-02"
		id := w.create(t, "/api/v4/activities.json", tc.body)
		got := w.get(t, activityPath(id), "total,non_billable_total")
		assert.Equal(t, tc.total, string(got["total"]), "%v", tc.body)
		assert.Equal(t, tc.nonBillableTot, string(got["non_billable_total"]), "%v", tc.body)
	}
}

// A flat-rate activity description makes the activity flat rate: its
// total is its price, whatever the time.
func TestActivityFlatRate(t *testing.T) {
	w := newWire(t)
	desc := w.create(t, "/api/v4/activity_descriptions.json", map[string]any{"name": "Filing", "rate": map[string]any{"type": "FlatRate", "amount": 500}})
	flat := w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 7200, "price": 500,
		"activity_description": ref(desc)})
	got := w.get(t, activityPath(flat), "flat_rate,total")
	assert.Equal(t, "true", string(got["flat_rate"]))
	assert.Equal(t, "500.00", string(got["total"]))

	hourly := w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 7200, "price": 500})
	got = w.get(t, activityPath(hourly), "flat_rate,total,contingency_fee,quantity_redacted")
	assert.Equal(t, "false", string(got["flat_rate"]))
	assert.Equal(t, "1000.00", string(got["total"]))
	assert.Equal(t, "false", string(got["contingency_fee"]))
	assert.Equal(t, "false", string(got["quantity_redacted"]))
	assert.Equal(t, []int64{flat}, listIDs(t, w, "/api/v4/activities.json?flat_rate=true"), "the filter reads the computed value")
}

// An activity is on a bill when a line item of the bill names it; billed
// once the bill is approved.
func TestActivityOnBill(t *testing.T) {
	w := newWire(t)
	act := w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02", "quantity": 3600, "price": 100})
	fields := "on_bill,billed,bill{id,state}"
	got := w.get(t, activityPath(act), fields)
	assert.Equal(t, "false", string(got["on_bill"]))
	assert.Equal(t, "false", string(got["billed"]))
	assert.Equal(t, "null", string(got["bill"]))

	bill := seed(t, w.srv, "Bill", `{"number": "INV-1", "state": "draft"}`)
	seed(t, w.srv, "LineItem", fmt.Sprintf(`{"bill": {"id": %d}, "activity": {"id": %d}, "kind": "Service", "price": 100, "quantity": 1}`, bill, act))
	got = w.get(t, activityPath(act), fields)
	assert.Equal(t, "true", string(got["on_bill"]))
	assert.Equal(t, "false", string(got["billed"]), "a draft bill is not billed")
	assert.JSONEq(t, fmt.Sprintf(`{"id": %d, "state": "draft"}`, bill), string(got["bill"]))

	billPath := fmt.Sprintf("/api/v4/bills/%d.json", bill)
	for state, want := range map[string][2]string{"awaiting_payment": {"true", "true"}, "paid": {"true", "true"}, "void": {"false", "false"}} {
		r := w.do("PATCH", billPath, data(map[string]any{"state": state}))
		require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
		got = w.get(t, activityPath(act), fields)
		assert.Equal(t, want[0], string(got["on_bill"]), state)
		assert.Equal(t, want[1], string(got["billed"]), state)
	}
}

// A bill's sums come from its line items and the allocations to it.
func TestBillComputedFromLineItemsAndAllocations(t *testing.T) {
	w := newWire(t)
	bill := seed(t, w.srv, "Bill", `{"number": "INV-7", "state": "awaiting_payment", "tax_rate": 10}`)
	service := seed(t, w.srv, "LineItem", fmt.Sprintf(`{"bill": {"id": %d}, "kind": "Service", "price": 200, "quantity": 1.5, "taxable": true}`, bill))
	seed(t, w.srv, "LineItem", fmt.Sprintf(`{"bill": {"id": %d}, "kind": "Expense", "price": "12.10", "quantity": 3}`, bill))
	memo := seed(t, w.srv, "CreditMemo", `{"amount": 50, "date": "2026-03-04"}`)
	seed(t, w.srv, "Allocation", fmt.Sprintf(`{"bill": {"id": %d}, "amount": 100, "date": "2026-03-05", "parent": {"id": 1, "type": "Payment"}}`, bill))
	seed(t, w.srv, "Allocation", fmt.Sprintf(`{"bill": {"id": %d}, "amount": 50, "date": "2026-03-07", "parent": {"id": %d, "type": "CreditMemo"}}`, bill, memo))
	seed(t, w.srv, "Allocation", fmt.Sprintf(`{"bill": {"id": %d}, "amount": 999, "date": "2026-03-09", "voided_at": "2026-03-10T00:00:00Z"}`, bill))

	// Line items have no show operation: list the one.
	r := w.do("GET", fmt.Sprintf("/api/v4/line_items.json?ids[]=%d&fields=sub_total,tax,secondary_tax,total", service), nil)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
	var lines struct{ Data []map[string]json.RawMessage }
	require.NoError(t, json.Unmarshal(r.raw, &lines))
	require.Len(t, lines.Data, 1)
	line := lines.Data[0]
	assert.Equal(t, "300.00", string(line["sub_total"]), "200 × 1.5 h")
	assert.Equal(t, "30.00", string(line["tax"]), "10% of 300")
	assert.Equal(t, "0.00", string(line["secondary_tax"]))
	assert.Equal(t, "330.00", string(line["total"]))

	got := w.get(t, fmt.Sprintf("/api/v4/bills/%d.json", bill), "sub_total,services_sub_total,tax_sum,secondary_tax_sum,services_tax,"+
		"taxable_sub_total,services_taxable_sub_total,total_tax,total,paid,paid_at,credits_issued,due,balance,pending,can_update,available_state_transitions,shared,last_sent_at")
	for field, want := range map[string]string{
		"sub_total": "336.30", "services_sub_total": "300.00", "tax_sum": "30.00", "secondary_tax_sum": "0.00", "services_tax": "30.00",
		"taxable_sub_total": "300.00", "services_taxable_sub_total": "300.00", "total_tax": "30.00", "total": "366.30",
		"paid": "100.00", "credits_issued": "50.00", "due": "216.30", "balance": "216.30", "pending": "0.00",
		"can_update": "false", "shared": "false", "last_sent_at": "null",
	} {
		assert.Equal(t, want, string(got[field]), field)
	}
	assert.Contains(t, string(got["paid_at"]), "2026-03-05", "the latest payment, not the credit or the voided one")
	assert.JSONEq(t, `["awaiting_approval", "paid", "void", "deleted"]`, string(got["available_state_transitions"]))

	// A percentage discount comes off the sub_total.
	r = w.do("PATCH", fmt.Sprintf("/api/v4/bills/%d.json?fields=total,can_update", bill), data(map[string]any{
		"state": "draft", "discount": map[string]any{"rate": 10, "type": "percentage"}}))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
	got = rawData(t, r)
	assert.Equal(t, "332.67", string(got["total"]), "336.30 − 33.63 + 30.00")
	assert.Equal(t, "true", string(got["can_update"]))
}

// A value seeded for a computed field stands for what Clio holds: it is
// answered as seeded, and what derives from it follows.
func TestSeededComputedValueIsKept(t *testing.T) {
	w := newWire(t)
	bill := seed(t, w.srv, "Bill", `{"number": "INV-9", "state": "awaiting_payment", "total": 1250}`)
	got := w.get(t, fmt.Sprintf("/api/v4/bills/%d.json", bill), "total,sub_total,due,balance")
	assert.Equal(t, "1250", string(got["total"]))
	assert.Equal(t, "0.00", string(got["sub_total"]), "no line items")
	assert.Equal(t, "1250.00", string(got["due"]))
	assert.Equal(t, "1250.00", string(got["balance"]))
}

// What the fake does not compute answers 501 naming it, on a read, inside
// an association, on a write (which is then not applied) and in a webhook
// subscription.
func TestNotComputedFieldsAnswer501(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	contact := fmt.Sprintf("/api/v4/contacts/%d.json", d.JaneDoeID)
	for _, tc := range []struct{ method, path, field string }{
		{"GET", contact + "?fields=id,is_co_counsel", "Contact.is_co_counsel"},
		{"GET", "/api/v4/contacts.json?fields=name,is_bill_recipient", "Contact.is_bill_recipient"},
		{"GET", fmt.Sprintf("/api/v4/matters/%d.json?fields=", d.JaneDoeMatterID) + url.QueryEscape("client{name,is_co_counsel}"), "Contact.is_co_counsel"},
	} {
		r := w.do(tc.method, tc.path, nil)
		assert.Equal(t, http.StatusNotImplemented, r.StatusCode, "%s: %s", tc.path, r.raw)
		assert.Equal(t, "NotImplemented", r.errType(), tc.path)
		assert.Contains(t, r.errMessage(), "cliotest does not compute "+tc.field, tc.path)
	}

	r := w.do("PATCH", contact+"?fields=is_bill_recipient", data(map[string]any{"first_name": "Janet"}))
	assert.Equal(t, http.StatusNotImplemented, r.StatusCode, "%s", r.raw)
	assert.JSONEq(t, `"Jane"`, string(w.get(t, contact, "first_name")["first_name"]), "the refused write changed nothing")

	r = w.do("POST", "/api/v4/webhooks.json", data(map[string]any{"url": "https://example.com/hook", "model": "contact", "fields": "id,is_co_counsel"}))
	assert.Equal(t, http.StatusNotImplemented, r.StatusCode, "%s", r.raw)
	assert.Contains(t, r.errMessage(), "Contact.is_co_counsel")

	// The rest of a contact's computed fields answer.
	got := w.get(t, contact, "initials,is_client,primary_email_address,is_clio_for_client_user")
	assert.JSONEq(t, `"JD"`, string(got["initials"]))
	assert.Equal(t, "true", string(got["is_client"]))
	assert.JSONEq(t, `"jane.doe@example.com"`, string(got["primary_email_address"]))
	assert.Equal(t, "false", string(got["is_clio_for_client_user"]))
}

// Matters, calendar entries and tasks count what names them.
func TestComputedFromRelatedRecords(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	matter := fmt.Sprintf("/api/v4/matters/%d.json", d.JaneDoeMatterID)
	got := w.get(t, matter, "has_tasks,last_activity_date")
	assert.Equal(t, "false", string(got["has_tasks"]))
	assert.Equal(t, "null", string(got["last_activity_date"]))

	task := w.create(t, "/api/v4/tasks.json", map[string]any{"name": "Call", "description": "Call the client",
		"assignee": map[string]any{"id": d.AttorneyID, "type": "User"}, "matter": ref(d.JaneDoeMatterID)})
	for _, date := range []string{"2026-03-09", "2026-03-02"} {
		w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": date, "quantity": 600,
			"matter": ref(d.JaneDoeMatterID), "task": ref(task), "calendar_entry": ref(d.IntakeCallEntryID)})
	}
	w.create(t, "/api/v4/activities.json", map[string]any{"type": "ExpenseEntry", "date": "2026-03-30", "quantity": 1,
		"task": ref(task), "calendar_entry": ref(d.IntakeCallEntryID)})
	got = w.get(t, matter, "has_tasks,last_activity_date")
	assert.Equal(t, "true", string(got["has_tasks"]))
	assert.JSONEq(t, `"2026-03-09"`, string(got["last_activity_date"]), "the latest date, not the latest entry")

	entry := w.get(t, fmt.Sprintf("/api/v4/calendar_entries/%d.json", d.IntakeCallEntryID), "time_entries_count")
	assert.JSONEq(t, "2", string(entry["time_entries_count"]), "time entries only, not the expense")

	taskPath := fmt.Sprintf("/api/v4/tasks/%d.json", task)
	got = w.get(t, taskPath, "time_entries_count,completed_at")
	assert.JSONEq(t, "2", string(got["time_entries_count"]))
	assert.Equal(t, "null", string(got["completed_at"]))
	r := w.do("PATCH", taskPath+"?fields=completed_at", data(map[string]any{"status": "complete"}))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.raw)
	assert.Regexp(t, `^"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$`, string(rawData(t, r)["completed_at"]))
	r = w.do("PATCH", taskPath+"?fields=completed_at", data(map[string]any{"status": "pending"}))
	assert.Equal(t, "null", string(rawData(t, r)["completed_at"]))
}

// A transaction's funds and its account's balance follow its amount.
func TestBankComputed(t *testing.T) {
	w := newWire(t)
	acct := w.create(t, "/api/v4/bank_accounts.json", map[string]any{"name": "Trust", "currency": "USD", "type": "Trust", "balance": 1000})
	in := w.create(t, "/api/v4/bank_transactions.json", map[string]any{"amount": 5000, "date": "2026-03-03", "bank_account": ref(acct)})
	out := w.create(t, "/api/v4/bank_transactions.json", map[string]any{"amount": -200.10, "date": "2026-03-04", "bank_account": ref(acct)})
	fields := "funds_in,funds_out,current_account_balance"
	got := w.get(t, fmt.Sprintf("/api/v4/bank_transactions/%d.json", in), fields)
	assert.Equal(t, "5000.00", string(got["funds_in"]))
	assert.Equal(t, "0.00", string(got["funds_out"]))
	assert.Equal(t, "5799.90", string(got["current_account_balance"]))
	got = w.get(t, fmt.Sprintf("/api/v4/bank_transactions/%d.json", out), fields)
	assert.Equal(t, "0.00", string(got["funds_in"]))
	assert.Equal(t, "200.10", string(got["funds_out"]))
	assert.JSONEq(t, "2", string(w.get(t, fmt.Sprintf("/api/v4/bank_accounts/%d.json", acct), "bank_transactions_count")["bank_transactions_count"]))
}

// A date where an instant belongs, or an instant where a date belongs, is
// refused with 422 naming the parameter or field, in queries and bodies.
func TestDatesAndInstantsKeepTheirForm(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	cf := url.Values{fmt.Sprintf("custom_field_values[%d]", d.AccidentDateFieldID): {">=2025-11-01T00:00:00Z"}}.Encode()
	for path, name := range map[string]string{
		"/api/v4/activities.json?start_date=2026-03-02T00:00:00Z":                          "start_date must be a date (YYYY-MM-DD)",
		"/api/v4/activities.json?end_date=" + url.QueryEscape("2026-03-02T23:59:59-05:00"): "end_date must be a date (YYYY-MM-DD)",
		"/api/v4/activities.json?start_date=03/02/2026":                                    "start_date must be a date",
		"/api/v4/activities.json?created_since=2026-03-02":                                 "created_since must be an ISO-8601 timestamp",
		"/api/v4/matters.json?updated_since=2026-03-02":                                    "updated_since must be an ISO-8601 timestamp",
		"/api/v4/calendar_entries.json?from=2026-03-02":                                    "from must be an ISO-8601 timestamp",
		"/api/v4/tasks.json?due_at_from=2026-03-02T00:00:00Z":                              "due_at_from must be a date",
		"/api/v4/bills.json?issued_after=2026-03-02T00:00:00Z":                             "issued_after must be a date",
		"/api/v4/matters.json?" + cf:                                                       "must be a date (YYYY-MM-DD) for a date field",
	} {
		r := w.do("GET", path, nil)
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "%s: %s", path, r.raw)
		assert.Equal(t, "ValidationError", r.errType(), path)
		assert.Contains(t, r.errMessage(), name, path)
	}
	// Each form still passes where it belongs, and date bounds are
	// inclusive dates.
	a := w.create(t, "/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02"})
	assert.Equal(t, []int64{a}, listIDs(t, w, "/api/v4/activities.json?start_date=2026-03-02&end_date=2026-03-02&created_since=2000-01-01T00:00:00Z"))
	assert.Empty(t, listIDs(t, w, "/api/v4/activities.json?start_date=2026-03-03"))
	listIDs(t, w, "/api/v4/calendar_entries.json?from=2026-03-02T00:00:00Z")

	for _, tc := range []struct {
		path string
		body map[string]any
		msg  string
	}{
		{"/api/v4/matters.json", map[string]any{"client": ref(d.JaneDoeID), "description": "x", "open_date": "2026-03-02T00:00:00Z"}, "open_date must be a date (YYYY-MM-DD)"},
		{"/api/v4/contacts.json", map[string]any{"type": "Person", "first_name": "A", "date_of_birth": "1990-01-01T00:00:00Z"}, "date_of_birth must be a date (YYYY-MM-DD)"},
		{"/api/v4/calendar_entries.json", map[string]any{"calendar_owner": ref(d.AttorneyCalendarID), "summary": "x", "start_at": "2026-03-02", "end_at": "2026-03-02T10:00:00Z"}, "start_at must be an ISO-8601 timestamp"},
		{"/api/v4/activities.json", map[string]any{"type": "TimeEntry", "date": "2026-03-02T09:00:00Z"}, "date must be a date (YYYY-MM-DD)"},
	} {
		r := w.do("POST", tc.path, data(tc.body))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "%s: %s", tc.path, r.raw)
		assert.Contains(t, r.errMessage(), tc.msg, tc.path)
	}
}
