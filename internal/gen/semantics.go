package main

import "strings"

// The semantic layer: where the meaning of a field parts from its type in
// Clio's spec, this table says what the field is, and why. The generator
// reads it for the models, the request bodies, the query parameters and the
// fake's operations table, so one field is typed one way everywhere, and
// writes it out as docs/semantics.md.
//
// Keys name a property where the spec declares it:
//
//	"Schema.prop"            a model property (the X_base for scalars)
//	"Record#action.path"     a request-body property ("medical_records[].end_date")
//	"Record#action?param"    a query parameter
//
// The entries come from the field-by-field audit in shared/clio/SEMANTICS.md
// (2026-12-07), which cites the spec for each; the reason says which
// evidence decided. A property the table does not name keeps the general
// mapping of models.go (date -> Date, date-time -> time.Time, number ->
// float64).

// meaningKind is what a value is, as a firm means it.
type meaningKind int

const (
	kindDate       meaningKind = iota + 1 // a calendar day: Date, sent YYYY-MM-DD
	kindInstant                           // a moment: time.Time, sent RFC 3339 with its offset
	kindTimeOfDay                         // a wall-clock time: TimeOfDay
	kindMoney                             // an amount of money: Decimal
	kindRatio                             // a number that may arrive as a fraction: Ratio
	kindPercent                           // a percentage or rate: stays a number, scale in the note
	kindQuantity                          // a count or duration: stays a number, unit in the note
	kindVocabulary                        // a fixed vocabulary the spec states only in words: the note gives it
)

// meaning is one entry of the table.
type meaning struct {
	kind   meaningKind
	reason string // why the spec's own type is not the answer (types it changes only)
	note   string // the unit or scale, for the field's doc comment
}

// goType is the Go type a kind imposes, or "" when the spec's type stays
// (percentages and quantities keep their numeric type).
func (k meaningKind) goType() string {
	switch k {
	case kindDate:
		return "Date"
	case kindInstant:
		return "time.Time"
	case kindTimeOfDay:
		return "TimeOfDay"
	case kindMoney:
		return "Decimal"
	case kindRatio:
		return "Ratio"
	}
	return ""
}

// apply returns the Go type a property of spec type typ gets under m: the
// kind's type, in place of a scalar or of a list's elements.
func (m meaning) apply(typ string) string {
	t := m.kind.goType()
	if t == "" {
		return typ
	}
	if strings.HasPrefix(typ, "[]") {
		return "[]" + t
	}
	return t
}

// docNote is the doc text an entry adds to a field of Go type typ: what
// the value is, its unit or scale, and why it is not typed as the spec
// types it.
func (m meaning) docNote() string {
	what := ""
	switch m.kind {
	case kindDate:
		what = "A calendar date (no time or zone), sent as YYYY-MM-DD."
	case kindMoney:
		what = "An amount of money, exact (Decimal)."
	case kindTimeOfDay:
		what = "A wall-clock time; its zone is given separately."
	}
	if m.kind != kindMoney || strings.Contains(m.reason, "types") {
		what = joinNotes(what, whyNote(m.reason))
	}
	return joinNotes(what, m.note)
}

// reasonNote is the part of docNote that says why the type departs from
// the spec's, for fields whose meaning fieldDocs already gives.
func (m meaning) reasonNote() string {
	if m.kind.goType() == "" {
		return ""
	}
	return whyNote(m.reason)
}

// zeroable lists the struct types whose zero value means "no value":
// model fields of these types are tagged omitzero rather than omitempty.
var zeroable = map[string]bool{"time.Time": true, "Date": true, "TimeOfDay": true, "Decimal": true, "Ratio": true}

// joinNotes joins doc notes with a space.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

// format is the spec format the fake checks a string against, or "".
func (k meaningKind) format() string {
	switch k {
	case kindDate:
		return "date"
	case kindInstant, kindTimeOfDay:
		return "date-time"
	}
	return ""
}

// words names a kind in docs/semantics.md.
func (k meaningKind) words() string {
	return [...]string{"", "calendar date", "instant", "time of day", "money", "money or fraction", "percentage", "quantity", "vocabulary"}[k]
}

var semantics = map[string]meaning{
	// date: typed date-time, but described as a calendar date (SEMANTICS.md §1b)
	"Activity#index?end_date":                                   {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Activity#index?start_date":                                 {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"BankTransfer_base.date":                                    {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Bill_base.last_sent_at":                                    {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"ClioFile::Submission#index?submitted_after":                {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"ClioFile::Submission#index?submitted_before":               {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Communication#index?received_before":                       {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Communication#index?received_since":                        {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MatterDocket#preview?start_date":                           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Matter_base.matter_stage_updated_at":                       {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecord#update.end_date":                             {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecord#update.start_date":                           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecord_base.end_date":                               {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecord_base.start_date":                             {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.bills_follow_up_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.bills_request_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.medical_records[].end_date":   {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.medical_records[].start_date": {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.records_follow_up_date":       {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.records_request_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.treatment_end_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#create.treatment_start_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#index?treatment_end_date":            {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#index?treatment_start_date":          {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.bills_follow_up_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.bills_request_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.medical_records[].end_date":   {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.medical_records[].start_date": {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.records_follow_up_date":       {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.records_request_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.treatment_end_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest#update.treatment_start_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.bills_follow_up_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.bills_request_date":             {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.records_follow_up_date":         {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.records_request_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.treatment_end_date":             {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"MedicalRecordsRequest_base.treatment_start_date":           {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	"Report#index?created_before":                               {kind: kindDate, reason: "typed date-time, but described as a calendar date (SEMANTICS.md §1b)"},
	// date: typed date-time, but described as a date, and the Task answered has due_at as a date (SEMANTICS.md §1d)
	"Task#create.due_at": {kind: kindDate, reason: "typed date-time, but described as a date, and the Task answered has due_at as a date (SEMANTICS.md §1d)"},
	"Task#update.due_at": {kind: kindDate, reason: "typed date-time, but described as a date, and the Task answered has due_at as a date (SEMANTICS.md §1d)"},
	// date: typed date-time, but described as the date of the last payment (SEMANTICS.md §1b?)
	"Bill_base.paid_at": {kind: kindDate, reason: "typed date-time, but described as the date of the last payment (SEMANTICS.md §1b?)"},
	// instant: typed a plain string, described as a date-time, and answered as one (SEMANTICS.md §2s)
	"Communication#create.received_at": {kind: kindInstant, reason: "typed a plain string, described as a date-time, and answered as one (SEMANTICS.md §2s)"},
	"Communication#update.received_at": {kind: kindInstant, reason: "typed a plain string, described as a date-time, and answered as one (SEMANTICS.md §2s)"},
	// instant: typed date, but described as a timestamp, and answered as a date-time (SEMANTICS.md §1d)
	"TaskType#create.deleted_at": {kind: kindInstant, reason: "typed date, but described as a timestamp, and answered as a date-time (SEMANTICS.md §1d)"},
	"TaskType#update.deleted_at": {kind: kindInstant, reason: "typed date, but described as a timestamp, and answered as a date-time (SEMANTICS.md §1d)"},
	// money: an amount of money (SEMANTICS.md §3)
	"AccountBalance_base.balance":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Activity#create.price":                                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Activity#update.price":                                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescription#create.rate.amount":                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescription#create.rate.non_billable_amount":          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescription#update.rate.amount":                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescription#update.rate.non_billable_amount":          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescriptionRate_base.amount":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityDescriptionRate_base.non_billable_amount":             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityRate#create.rate":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityRate#update.rate":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ActivityRate_base.rate":                                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Activity_base.non_billable_total":                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Activity_base.price":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Activity_base.total":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Allocation_base.amount":                                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Balance_base.amount":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Balance_base.due":                                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Balance_base.interest_amount":                                 {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankAccount#create.balance":                                   {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankAccount_base.balance":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction#create.amount":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction#update.amount":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction_base.amount":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction_base.current_account_balance":                 {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction_base.funds_in":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransaction_base.funds_out":                               {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BankTransfer_base.amount":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.balance":                                            {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.credits_issued":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.due":                                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.paid":                                               {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.pending":                                            {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.secondary_tax_sum":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.services_secondary_tax":                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.services_sub_total":                                 {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.services_tax":                                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.sub_total":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.tax_sum":                                            {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.total":                                              {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Bill_base.total_tax":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BillableClient_base.amount_in_trust":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BillableClient_base.unbilled_amount":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BillableMatter_base.amount_in_trust":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"BillableMatter_base.unbilled_amount":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ClioCreator_base.rate":                                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ClioPaymentsLink#create.amount":                               {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ClioPaymentsLink_base.amount":                                 {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ClioPaymentsPayment_base.amount":                              {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"CreditMemo_base.amount":                                       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Damage#create.amount":                                         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Damage#update.amount":                                         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Damage_base.amount":                                           {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"EvergreenRetainer_base.minimum_threshold":                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ExpenseCategory#create.rate":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"ExpenseCategory#update.rate":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"InterestCharge_base.total":                                    {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Interest_base.balance":                                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Interest_base.total":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilCertificatedRate_base.exceptional":                   {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilCertificatedRate_base.fee":                           {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilControlledRate_base.exceptional":                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilControlledRate_base.fee":                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilControlledRate_base.post_dec25_exceptional":          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCivilControlledRate_base.post_dec25_fee":                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.exceptional":                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.fee":                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_dec25_exceptional":       {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_dec25_fee":               {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_nov_24_exceptional":      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_nov_24_fee":              {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_sept_22_exceptional":     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukCriminalControlledRate_base.post_sept_22_fee":             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LaukExpenseCategory_base.rate":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkActivity_base.base_rate":                            {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkBill_base.advocacy_costs":                           {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkBill_base.disbursements_vat":                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkBill_base.net_disbursements":                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkBill_base.net_profit_costs":                         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LegalAidUkBill_base.travel_and_waiting_costs":                 {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Lien_base.amount":                                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem#update.price":                                        {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItemTotals_base.price":                                    {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItemTotals_base.sub_total":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItemTotals_base.total":                                    {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem_base.price":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem_base.secondary_tax":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem_base.sub_total":                                      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem_base.tax":                                            {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"LineItem_base.total":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MatterBalance_base.amount":                                    {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MatterBudget_base.budget":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill#update.adjustment":                                {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill#update.amount":                                    {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill#update.balance":                                   {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill#update.payers[].amount":                           {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill_base.adjustment":                                  {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalBill_base.amount":                                      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#create.medical_bills[].adjustment":      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#create.medical_bills[].amount":          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#create.medical_bills[].balance":         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#create.medical_bills[].payers[].amount": {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#update.medical_bills[].adjustment":      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#update.medical_bills[].amount":          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#update.medical_bills[].balance":         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"MedicalRecordsRequest#update.medical_bills[].payers[].amount": {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"OutstandingClientBalance_base.pending_payments_total":         {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"OutstandingClientBalance_base.total_outstanding_balance":      {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"Payment_base.amount":                                          {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"PolymorphicCustomRate_base.award":                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"TrustLineItem#update.total":                                   {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"TrustLineItem_base.total":                                     {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"TrustRequest#create.trust_amount":                             {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	"User_base.rate":                                               {kind: kindMoney, reason: "an amount of money (SEMANTICS.md §3)"},
	// money: an amount of money or a percentage, as the discount type says (SEMANTICS.md §3, §4 P2)
	"Bill#update.discount.rate":     {kind: kindMoney, reason: "an amount of money or a percentage, as the discount type says (SEMANTICS.md §3, §4 P2)", note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Discount_base.rate":            {kind: kindMoney, reason: "an amount of money or a percentage, as the discount type says (SEMANTICS.md §3, §4 P2)", note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"LineItem#update.discount.rate": {kind: kindMoney, reason: "an amount of money or a percentage, as the discount type says (SEMANTICS.md §3, §4 P2)", note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	// money: an amount of money the spec types as a string (SEMANTICS.md §3, M3)
	"Grant_base.balance":                                     {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkBill_base.adjourned_hearing_fee":              {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkBill_base.cost_of_counsel":                    {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkBill_base.detention_travel_and_waiting_costs": {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkBill_base.value_of_costs":                     {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkMatter_base.clr_total_profit_costs":           {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkMatter_base.cost_limit":                       {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkMatter_base.lh_total_disbursements":           {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	"LegalAidUkMatter_base.lh_total_profit_costs":            {kind: kindMoney, reason: "an amount of money the spec types as a string (SEMANTICS.md §3, M3)"},
	// money: an amount of money the spec types as an integer (SEMANTICS.md §3, M2)
	"Bill_base.secondary_taxable_sub_total":          {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"Bill_base.services_secondary_taxable_sub_total": {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"Bill_base.services_taxable_sub_total":           {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"Bill_base.taxable_sub_total":                    {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"ExpenseCategory_base.rate":                      {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"LegalAidUkBill_base.profit_costs_ex_vat":        {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	"TrustRequest#create.matter[].trust_amount":      {kind: kindMoney, reason: "an amount of money the spec types as an integer (SEMANTICS.md §3, M2)"},
	// percent
	"AttorneyAllocation_base.originating_attorney_allocation": {kind: kindPercent, note: "A percentage from 0 to 100, as Clio states."},
	"AttorneyAllocation_base.responsible_attorney_allocation": {kind: kindPercent, note: "A percentage from 0 to 100, as Clio states."},
	"BankTransaction#create.exchange_rate":                    {kind: kindPercent, note: "A ratio, not a percentage; which currency it converts to which is not stated by Clio."},
	"BankTransaction#update.exchange_rate":                    {kind: kindPercent, note: "A ratio, not a percentage; which currency it converts to which is not stated by Clio."},
	"BankTransaction_base.exchange_rate":                      {kind: kindPercent, note: "A ratio, not a percentage; which currency it converts to which is not stated by Clio."},
	"Bill#update.interest.rate":                               {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Bill#update.secondary_tax_rate":                          {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Bill#update.tax_rate":                                    {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Bill_base.secondary_tax_rate":                            {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Bill_base.tax_rate":                                      {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"BillingSetting_base.secondary_tax_rate":                  {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"BillingSetting_base.tax_rate":                            {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Discount_base.early_payment_rate":                        {kind: kindPercent, note: "A percentage; Clio does not state the scale, probably 0–100 (whole percent)."},
	"DocumentArchive_base.progress":                           {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"Interest_base.rate":                                      {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"LegalAidUkActivity_base.uplift":                          {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"LineItemTotals_base.discount_percent":                    {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"MatterBudget_base.notification_threshold":                {kind: kindPercent, note: "A percentage from 0 to 100, as Clio states."},
	"PaymentProfile_base.discount_rate":                       {kind: kindPercent, note: "A percentage; Clio does not state the scale, probably 0–100 (0–100)."},
	"PaymentProfile_base.interest_rate":                       {kind: kindPercent, note: "A percentage; Clio does not state the scale, probably 0–100 (0–100)."},
	"Report_base.progress":                                    {kind: kindPercent, note: "A percentage; Clio does not state the scale, probably 0–100 (0–100)."},
	"SplitInvoicePayer_base.split_portion":                    {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	"SplitInvoice_base.split_portion":                         {kind: kindPercent, note: "A percentage or rate whose scale (0–100 or 0–1) Clio does not state."},
	// quantity
	"Activity#create.quantity":                                {kind: kindQuantity, note: "Unit: seconds for TimeEntry; expense entries: unit count (inference)."},
	"Activity#update.quantity":                                {kind: kindQuantity, note: "Unit: seconds for TimeEntry; expense entries: unit count (inference)."},
	"Activity_base.quantity":                                  {kind: kindQuantity, note: "Unit: seconds (TimeEntry, version ≥4.0.4); hours ≤4.0.3."},
	"Activity_base.quantity_in_hours":                         {kind: kindQuantity, note: "Unit: hours."},
	"Activity_base.rounded_quantity":                          {kind: kindQuantity, note: "Unit: seconds (≥4.0.4); hours ≤4.0.3."},
	"Activity_base.rounded_quantity_in_hours":                 {kind: kindQuantity, note: "Unit: hours."},
	"Bill#update.interest.period":                             {kind: kindQuantity, note: "Unit: unstated (Interest_base says days)."},
	"BillableClient_base.unbilled_hours":                      {kind: kindQuantity, note: "Unit: hours."},
	"BillableMatter_base.unbilled_hours":                      {kind: kindQuantity, note: "Unit: hours."},
	"BillingSetting#show?duration":                            {kind: kindQuantity, note: "Unit: Chronic string, e.g. '3h' or '2:15'."},
	"BillingSetting_base.rounded_duration":                    {kind: kindQuantity, note: "Unit not stated by Clio."},
	"BillingSetting_base.rounding":                            {kind: kindQuantity, note: "Unit: minutes (increment)."},
	"ClioPaymentsLink#create.duration":                        {kind: kindQuantity, note: "Unit: seconds (max 7776000 = 90 days)."},
	"Discount_base.early_payment_period":                      {kind: kindQuantity, note: "Unit: days."},
	"Document#create.multiparts[].content_length":             {kind: kindQuantity, note: "Unit: bytes."},
	"Document#update.multiparts[].content_length":             {kind: kindQuantity, note: "Unit: bytes."},
	"DocumentArchive_base.size":                               {kind: kindQuantity, note: "Unit: bytes."},
	"DocumentTemplate_base.size":                              {kind: kindQuantity, note: "Unit: bytes."},
	"DocumentVersion_base.size":                               {kind: kindQuantity, note: "Unit: bytes."},
	"Document_base.size":                                      {kind: kindQuantity, note: "Unit not stated by Clio (\"file size\"; bytes elsewhere)."},
	"Interest_base.period":                                    {kind: kindQuantity, note: "Unit: days."},
	"LegalAidUkBill_base.advice_time":                         {kind: kindQuantity, note: "Unit not stated by Clio."},
	"LegalAidUkBill_base.travel_time":                         {kind: kindQuantity, note: "Unit not stated by Clio."},
	"LegalAidUkBill_base.waiting_time":                        {kind: kindQuantity, note: "Unit not stated by Clio."},
	"LineItem#update.quantity":                                {kind: kindQuantity, note: "Unit: unstated (response says hours)."},
	"LineItemTotals_base.quantity":                            {kind: kindQuantity, note: "Unit: unstated (sum of LineItem quantity)."},
	"LineItem_base.quantity":                                  {kind: kindQuantity, note: "Unit: hours."},
	"PaymentProfile_base.discount_period":                     {kind: kindQuantity, note: "Unit not stated by Clio."},
	"PaymentProfile_base.interest_period":                     {kind: kindQuantity, note: "Unit not stated by Clio."},
	"PaymentProfile_base.terms":                               {kind: kindQuantity, note: "Unit not stated by Clio."},
	"Reminder#create.duration_value":                          {kind: kindQuantity, note: "Counted in the unit duration_unit names (enum weeks|days|hours|minutes)."},
	"Reminder#update.duration_value":                          {kind: kindQuantity, note: "Counted in the unit duration_unit names (enum)."},
	"ReminderTemplate_base.duration":                          {kind: kindQuantity, note: "Unit: minutes."},
	"Reminder_base.duration":                                  {kind: kindQuantity, note: "Unit: minutes."},
	"ReportSchedule#create.every_no_of_months":                {kind: kindQuantity, note: "Unit: months."},
	"ReportSchedule#update.every_no_of_months":                {kind: kindQuantity, note: "Unit: months."},
	"ReportSchedule_base.every_no_of_months":                  {kind: kindQuantity, note: "Unit: months."},
	"Task#create.cascading_offset":                            {kind: kindQuantity, note: "Unit: unit enum on cascading_offset_polarity (swapped, see §5)."},
	"Task#create.time_estimated":                              {kind: kindQuantity, note: "Unit not stated by Clio."},
	"Task#update.cascading_offset":                            {kind: kindQuantity, note: "Unit: unit enum on cascading_offset_polarity (swapped, see §5)."},
	"Task#update.time_estimated":                              {kind: kindQuantity, note: "Unit not stated by Clio."},
	"TaskTemplate#create.cascading_offset":                    {kind: kindQuantity, note: "Counted in the unit cascading_offset_type names (CalendarDays…BusinessDays)."},
	"TaskTemplate#create.reminder_templates[].duration_value": {kind: kindQuantity, note: "Counted in the unit duration_unit names (plain string)."},
	"TaskTemplate#update.cascading_offset":                    {kind: kindQuantity, note: "Counted in the unit cascading_offset_type names (CalendarDays…BusinessDays)."},
	"TaskTemplate#update.reminder_templates[].duration_value": {kind: kindQuantity, note: "Counted in the unit duration_unit names (plain string)."},
	"Task_base.time_estimated":                                {kind: kindQuantity, note: "Unit not stated by Clio."},
	"Timer_base.elapsed_time":                                 {kind: kindQuantity, note: "Unit: hours."},
	// ratio: an hourly or flat amount, or a contingency percentage, which may arrive as a fraction string such as "1/3" (SEMANTICS.md §3, M4)
	"PolymorphicCustomRate_base.rate": {kind: kindRatio, reason: "an hourly or flat amount, or a contingency percentage, which may arrive as a fraction string such as \"1/3\" (SEMANTICS.md §3, M4)", note: "Described as a percentage, yet an example gives the fraction 1/3: the scale is not settled."},
	// timeOfDay: typed date-time, but only its clock is read; the zone is time_zone (SEMANTICS.md §2t)
	"ReportSchedule#create.time_of_day": {kind: kindTimeOfDay, reason: "typed date-time, but only its clock is read; the zone is time_zone (SEMANTICS.md §2t)"},
	"ReportSchedule#update.time_of_day": {kind: kindTimeOfDay, reason: "typed date-time, but only its clock is read; the zone is time_zone (SEMANTICS.md §2t)"},
	"ReportSchedule_base.time_of_day":   {kind: kindTimeOfDay, reason: "typed date-time, but only its clock is read; the zone is time_zone (SEMANTICS.md §2t)"},
	// Documented, not retyped: the value fits its Go type, but its
	// vocabulary is stated only in the spec's words (SEMANTICS.md §6, §8 D2).
	"ConversationMessage_base.date":                          {kind: kindVocabulary, note: "A date or date-time as text; the spec gives no format, so it stays a string."},
	"LegalAidUkMatter_base.lh_start_date":                    {kind: kindVocabulary, note: "A date as text; the spec gives no format, so it stays a string (ParseDate reads YYYY-MM-DD)."},
	"User_base.time_zone":                                    {kind: kindVocabulary, note: "A time zone name; Clio does not say which naming (IANA or other)."},
	"ClioCreator_base.time_zone":                             {kind: kindVocabulary, note: "A time zone name; Clio does not say which naming (IANA or other)."},
	"ReportSchedule_base.time_zone":                          {kind: kindVocabulary, note: "An IANA time zone name, the zone of time_of_day."},
	"ReportSchedule#create.time_zone":                        {kind: kindVocabulary, note: "An IANA time zone name (such as America/Toronto), the zone of time_of_day; a string because two of the spec's 598 names differ only in punctuation."},
	"ReportSchedule#update.time_zone":                        {kind: kindVocabulary, note: "An IANA time zone name, the zone of time_of_day."},
	"CalendarEntry_base.start_at_time_zone":                  {kind: kindVocabulary, note: "The time zone the entry was created in; Clio does not say which naming."},
	"Jurisdiction_base.display_timezone":                     {kind: kindVocabulary, note: "A display string: an IANA zone name with its UTC offset."},
	"CalendarEntry_base.start_time":                          {kind: kindVocabulary, note: "The start as a clock time with a zone abbreviation, in the requesting user's zone: display text; start_at is the instant."},
	"CalendarEntry_base.end_time":                            {kind: kindVocabulary, note: "The end as a clock time with a zone abbreviation, in the requesting user's zone: display text; end_at is the instant."},
	"Currency_base.code":                                     {kind: kindVocabulary, note: "An ISO 4217 currency code, such as USD."},
	"ClioPaymentsLink#create.currency":                       {kind: kindVocabulary, note: "An ISO 4217 currency code, such as USD."},
	"ClioPaymentsLink_base.currency":                         {kind: kindVocabulary, note: "The currency collected; probably an ISO 4217 code (the form is not stated)."},
	"ClioPaymentsPayment_base.currency":                      {kind: kindVocabulary, note: "The currency paid in; probably an ISO 4217 code (the form is not stated)."},
	"BankAccount_base.currency":                              {kind: kindVocabulary, note: "The account's currency; probably an ISO 4217 code (the form is not stated)."},
	"BankAccount#create.currency":                            {kind: kindVocabulary, note: "The account's currency; probably an ISO 4217 code (the form is not stated)."},
	"BankAccount#update.currency":                            {kind: kindVocabulary, note: "The account's currency; probably an ISO 4217 code (the form is not stated)."},
	"BankTransaction_base.currency":                          {kind: kindVocabulary, note: "The transaction's currency; probably an ISO 4217 code (the form is not stated)."},
	"BillableMatter_base.currency_code":                      {kind: kindVocabulary, note: "A currency code; probably ISO 4217 (the standard is not stated)."},
	"BillingSetting_base.currency":                           {kind: kindVocabulary, note: "The user's currency setting; the form is not stated."},
	"ActivityDescription_base.category_type":                 {kind: kindVocabulary, note: "Whether the rate is hourly or a flat fee."},
	"AccountBalance_base.type":                               {kind: kindVocabulary, note: "Operating or Trust: which kind of bank account the balance is in."},
	"ExpenseCategory_base.entry_type":                        {kind: kindVocabulary, note: "hard_cost, soft_cost or unassociated, as in the request's enum."},
	"ExpenseCategory_base.tax_setting":                       {kind: kindVocabulary, note: "One of the values of ActivityTaxSetting (no_tax ... tax_1_and_tax_2)."},
	"Allocation_base.payment_type":                           {kind: kindVocabulary, note: "card or eCheck."},
	"Allocation#index?parent_type":                           {kind: kindVocabulary, note: "An integer code choosing CreditMemo or Payment parents; Clio does not give the mapping."},
	"CalendarEntry_base.permission":                          {kind: kindVocabulary, note: "The requesting user's permission on the entry: a Calendar permission value (owner, editor, viewer, limited_viewer, none)."},
	"Task_base.permission":                                   {kind: kindVocabulary, note: "private or public, as in the request's enum."},
	"CalendarEntry_base.recurrence_rule":                     {kind: kindVocabulary, note: "An iCalendar RRULE, such as FREQ=WEEKLY;BYDAY=MO; empty for a single entry."},
	"CalendarEntry#create.recurrence_rule":                   {kind: kindVocabulary, note: "An iCalendar RRULE, such as FREQ=WEEKLY;BYDAY=MO."},
	"CalendarEntry#update.recurrence_rule":                   {kind: kindVocabulary, note: "An iCalendar RRULE; empty or null makes the entry single."},
	"LineItem#index?kind":                                    {kind: kindVocabulary, note: "Service, Expense or Product: the kinds a LineItem has."},
	"Note#create.detail_text_type":                           {kind: kindVocabulary, note: "plain_text or rich_text, as the Note answered says."},
	"Note#update.detail_text_type":                           {kind: kindVocabulary, note: "plain_text or rich_text, as the Note answered says."},
	"TaskTemplate#create.reminder_templates[].duration_unit": {kind: kindVocabulary, note: "weeks, days, hours or minutes: the unit of duration_value."},
	"TaskTemplate#update.reminder_templates[].duration_unit": {kind: kindVocabulary, note: "weeks, days, hours or minutes: the unit of duration_value."},
	"Report#index?category":                                  {kind: kindVocabulary, note: "One of the ReportCategory values."},
	"Report#index?state":                                     {kind: kindVocabulary, note: "One of the ReportState values."},
	"Report#index?source":                                    {kind: kindVocabulary, note: "One of the ReportSource values."},
	"ActivityDescription_base.type":                          {kind: kindVocabulary, note: "One of the values the ActivityDescription list filter takes for type."},
	"BankTransaction_base.type":                              {kind: kindVocabulary, note: "One of the values the BankTransaction list filter takes for type."},
	"MatterDocket_base.status":                               {kind: kindVocabulary, note: "One of the values the MatterDocket list filter takes for status."},
	"MedicalBill_base.damage_type":                           {kind: kindVocabulary, note: "One of the values of Damage's damage_type."},
	"BankTransaction#create.bank_account_transaction_type":   {kind: kindVocabulary, note: "An open list, such as trust_interest or bank_charge."},
	"EmailAddress_base.name":                                 {kind: kindVocabulary, note: "Usually Home, Work or Other; Clio may send other names."},
	"Event_base.subject_type":                                {kind: kindVocabulary, note: "The record type that raised the event, such as Matter or Document."},
	"AttorneyAllocation_base.resource_type":                  {kind: kindVocabulary, note: "The record type the allocation belongs to, such as Matter."},
	"Document_base.content_type":                             {kind: kindVocabulary, note: "A MIME type, such as application/pdf."},
	"DocumentVersion_base.content_type":                      {kind: kindVocabulary, note: "A MIME type, such as application/pdf."},
	"DocumentTemplate_base.content_type":                     {kind: kindVocabulary, note: "A MIME type, such as application/vnd.openxmlformats-officedocument.wordprocessingml.document."},
	"ReportSchedule_base.days_of_week":                       {kind: kindVocabulary, note: "Days as integers, 0 for Sunday to 6 for Saturday."},
	"ReportSchedule#create.days_of_week":                     {kind: kindVocabulary, note: "Days as integers, 0 for Sunday to 6 for Saturday."},
	"ReportSchedule#update.days_of_week":                     {kind: kindVocabulary, note: "Days as integers, 0 for Sunday to 6 for Saturday."},
	"ReportSchedule_base.day_of_month":                       {kind: kindVocabulary, note: "1 to 31; 32 means the last day of the month."},
	"ReportSchedule#create.day_of_month":                     {kind: kindVocabulary, note: "1 to 31; 32 means the last day of the month."},
	"ReportSchedule#update.day_of_month":                     {kind: kindVocabulary, note: "1 to 31; 32 means the last day of the month."},
	"Report#create.year":                                     {kind: kindVocabulary, note: "A year such as 2026; it sets start_date and end_date."},
	// An instant, as the spec types it, although its text speaks of a day:
	// it filters by a date-time, so the caller passes the day's start in
	// the firm's zone (SEMANTICS.md §1b?).
	"Communication#index?received_at": {kind: kindInstant, reason: "typed date-time and described as a date-time, though it selects records of a day (SEMANTICS.md §1b?)", note: "Pass the start of the day in the firm's zone."},
}
