package main

// fieldDocs gives the meaning, and the unit where there is one, of the fields
// people use most, in our own words (issue 16). The spec's description text
// never reaches the index or the generated code; these facts come from
// shared/clio/FACTS.md (§1.3, §7, §9), shared/clio/SEMANTICS.md (§1–§7) and
// the full spec checked out beside the repository, reworded; "probably"
// marks what those sources only suggest. TestFieldDocsDoNotCopySpecText
// checks that no value copies a property's description.
//
// A key names where the property is declared: "<Schema>.<property>" for a
// record field ("Activity_base.quantity" for a scalar, "Matter.client" for an
// association of the full record), or "<Operation>.<path>" for a field of a
// generated request body ("Task#create.due_at", "Bill#update.discount.rate",
// "Document#update.multiparts[].content_length"), the path written as in
// bodyOverrides. A value is the rest of a sentence that follows the Go field
// name: it starts with a verb and ends with a period. id and etag are not
// listed: the generator documents them the same way everywhere.
//
// Conventions: "a calendar date" is a day with no time or zone (clio.Date);
// "an instant" is a point in time with a zone offset (time.Time); money
// amounts are decimal numbers in the currency named; "read-only" means Clio
// sets the value and no request body of the record carries it.
var fieldDocs = map[string]string{
	// ----- Activity (time and expense entries), FACTS §7.10, §1.3; SEMANTICS §3, §5, §7.
	"Activity_base.billed": "says whether the entry is on a bill that is awaiting payment or paid (read-only); " +
		"on_bill also counts draft bills and bills awaiting approval.",
	"Activity_base.contingency_fee": "says whether the entry is a contingency fee, probably the firm's share of an award rather than time or an expense (read-only).",
	"Activity_base.created_at":      "is when the entry was created in Clio: an instant (read-only).",
	"Activity_base.date":            "is the day the work was done or the cost was incurred: a calendar date, no time or zone. Required on create.",
	"Activity_base.flat_rate":       "says whether the entry is charged at a flat amount instead of by the hour (read-only); when true, price is that flat amount, not an hourly rate.",
	"Activity_base.no_charge":       "says whether a non-billable entry still appears on the bill, listed at no charge to the client.",
	"Activity_base.non_billable": "says whether the entry is kept off bills as a line item; its value then counts in non_billable_total instead of total. " +
		"With no_charge true it is shown on the bill all the same.",
	"Activity_base.non_billable_total": "is the value of the entry's non-billable part, computed by Clio (read-only): money in the entry's currency (Activity.currency).",
	"Activity_base.note":               "is the free-text narrative of the entry: what was done, or what the cost was for.",
	"Activity_base.on_bill": "says whether the entry is on an active bill whatever its state, paid, awaiting_payment, awaiting_approval or draft (read-only). " +
		"See billed for the narrower test.",
	"Activity_base.price": "is the rate or amount the entry charges, money in the entry's currency (Activity.currency): " +
		"for a TimeEntry the hourly rate, or the whole amount when flat_rate is true; " +
		"for ExpenseEntry, HardCostEntry and SoftCostEntry the expense amount.",
	"Activity_base.quantity": "is how much the entry records: seconds of work for a TimeEntry (API 4.0.4 and later; " +
		"hours before), probably a count of units for ExpenseEntry and SoftCostEntry (the spec does not list HardCostEntry). " +
		"Hidden when quantity_redacted is true.",
	"Activity_base.quantity_in_hours": "is quantity converted to hours, computed by Clio (read-only); meaningful for a TimeEntry. Hidden when quantity_redacted is true.",
	"Activity_base.quantity_redacted": "says whether Clio withheld the entry's hours and amounts from this user (API 4.0.8 and later, under the account's activity-hours visibility setting): " +
		"when true, quantity, rounded_quantity, both hour forms, total and non_billable_total are not given, and a PATCH of them is refused with 403.",
	"Activity_base.reference": "is the check number or other payment reference of a HardCostEntry, free text.",
	"Activity_base.rounded_quantity": "is quantity after rounding by the account's billing settings, computed by Clio for time entries (read-only); " +
		"total is priced from it. Seconds in API 4.0.4 and later, hours before.",
	"Activity_base.rounded_quantity_in_hours": "is rounded_quantity in hours, computed by Clio (read-only); the rounded figure, not quantity, is what the total is priced from.",
	"Activity_base.tax_setting": "says which of the account's two sales taxes apply to an expense entry: no_tax, tax_1_only, tax_2_only or tax_1_and_tax_2. " +
		"From 2026-04-08, accounts with Multi-Tax also send tax_settings for expense entries, a field this spec does not have.",
	"Activity_base.total": "is the entry's value as Clio computes it for draft, billable and billed entries (read-only): money in the entry's currency (Activity.currency), " +
		"probably price times rounded quantity for time. Hidden when quantity_redacted is true.",
	"Activity_base.type": "says what the entry is: TimeEntry for time worked, or ExpenseEntry, HardCostEntry or SoftCostEntry for costs. " +
		"It decides the unit of quantity and the meaning of price. Required on create.",
	"Activity_base.updated_at": "is when the entry last changed in Clio: an instant (read-only).",
	"Activity.currency":        "is the currency of the entry's money fields (price, total, non_billable_total), read-only; request its fields, e.g. currency{code}, to learn which.",
	"Activity.user":            "is the User who did the work or incurred the cost; create defaults it to the user of the access token.",
	"Activity.vendor":          "is the Contact paid for a HardCostEntry, the supplier of the cost.",
	"Activity.matter":          "is the Matter the entry is recorded against, and so probably the matter whose bill it can go on.",
	"Activity.calendar_entry":  "is the CalendarEntry the time was spent on; its id is a string in answers (calendar entry ids are strings), while request bodies send it as an integer.",

	"Activity#create.date": "is the day the work was done or the cost was incurred: a calendar date, no time or zone.",
	"Activity#create.quantity": "is how much the entry records: seconds of work for a TimeEntry (API 4.0.4 and later; " +
		"hours before), probably a count of units for ExpenseEntry and SoftCostEntry (the spec does not list HardCostEntry).",
	"Activity#create.price": "is the rate or amount, money in the entry's currency: " +
		"for a TimeEntry the hourly rate, or the whole amount for a flat-rate entry; " +
		"for ExpenseEntry, HardCostEntry and SoftCostEntry the expense amount.",
	"Activity#create.type":        "says what the entry is: TimeEntry for time worked, or ExpenseEntry, HardCostEntry or SoftCostEntry for costs; it decides the unit of quantity.",
	"Activity#create.tax_setting": "says which of the account's two sales taxes apply to an expense entry: no_tax, tax_1_only, tax_2_only or tax_1_and_tax_2.",
	"Activity#create.non_billable": "keeps the entry off bills as a line item; " +
		"accepted only for TimeEntries not yet billed, and a no_charge entry is still shown.",
	"Activity#create.no_charge": "shows a non-billable entry on the bill anyway, at no charge to the client.",
	"Activity#create.start_timer": "asks Clio to start a running timer for the entry; " +
		"accepted only for TimeEntries that are not flat-rate and not yet billed.",
	"Activity#create.user":   "is the User the entry belongs to; unset, Clio uses the user of the access token.",
	"Activity#create.vendor": "is the Contact paid for a HardCostEntry.",
	"Activity#create.calendar_entry": "links the entry to a CalendarEntry; the spec types this id as an integer although calendar entry ids are strings elsewhere, " +
		"so a composite recurring-instance id cannot be sent here.",
	"Activity#update.date": "is the day the work was done or the cost was incurred: a calendar date, no time or zone.",
	"Activity#update.quantity": "is how much the entry records: seconds of work for a TimeEntry (API 4.0.4 and later; " +
		"hours before), probably a count of units for ExpenseEntry and SoftCostEntry. " +
		"Refused with 403 when the entry's hours are redacted for this user.",
	"Activity#update.price": "is the rate or amount, money in the entry's currency: " +
		"for a TimeEntry the hourly rate (the whole amount for a flat-rate entry), for expense entries the expense amount. " +
		"Left out while the activity description, matter or user changes, Clio recomputes it from the applicable rates.",
	"Activity#update.type":         "says what the entry is: TimeEntry, ExpenseEntry, HardCostEntry or SoftCostEntry; it decides the unit of quantity.",
	"Activity#update.tax_setting":  "says which of the account's two sales taxes apply to an expense entry: no_tax, tax_1_only, tax_2_only or tax_1_and_tax_2.",
	"Activity#update.non_billable": "keeps the entry off bills as a line item, or puts it back when false; accepted only for TimeEntries not yet billed.",
	"Activity#update.no_charge":    "shows a non-billable entry on the bill anyway, at no charge to the client, or hides it again when false.",
	"Activity#update.start_timer": "asks Clio to start a running timer for the entry; " +
		"accepted only for TimeEntries that are not flat-rate and not yet billed.",
	"Activity#update.calendar_entry": "links the entry to a CalendarEntry; the spec types this id as an integer although calendar entry ids are strings elsewhere.",

	// ----- Bill, SEMANTICS §1, §3, §4, §7 (Bill has no create: Bill#update only).
	"Bill_base.available_state_transitions": "lists the states the bill may move to next, among awaiting_approval, awaiting_payment, paid, void and deleted (read-only); " +
		"move it by sending one of them in BillUpdate.State.",
	"Bill_base.balance":        "is what is still owed on the bill, computed by Clio (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.can_update":     "says whether the bill's details and line items may still be changed (read-only).",
	"Bill_base.created_at":     "is when the bill was created in Clio: an instant (read-only).",
	"Bill_base.credits_issued": "is the sum of the credits issued against the bill (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.discount_services_only": "says whether the bill's discount applies to services alone, not expenses (read-only). " +
		"The spec types it as a string, not a boolean, and does not list its values.",
	"Bill_base.due": "is the amount due on the bill: its total with interest added and discounts taken off, computed by Clio (read-only); " +
		"money in the bill's currency (Bill.currency).",
	"Bill_base.due_at":             "is the day payment is due: a calendar date, no time or zone, whatever the _at suffix suggests.",
	"Bill_base.end_at":             "is the last day of the period the bill covers: a calendar date, no time or zone (read-only).",
	"Bill_base.issued_at":          "is the day the bill was issued: a calendar date, no time or zone, whatever the _at suffix suggests.",
	"Bill_base.kind":               "says what sort of bill this is (read-only): revenue_kind, summary_kind, trust_kind, or aggregate_all, aggregate_split, aggregate_services or aggregate_expenses; Clio does not explain the values.",
	"Bill_base.last_sent_at":       "is when the bill was last sent (read-only). Typed as an instant, but Clio calls it a date, so the time part may be missing or meaningless.",
	"Bill_base.memo":               "is free text kept with the bill; whether it is printed on the bill is not stated.",
	"Bill_base.number":             "is the bill's number as text, which need not be numeric.",
	"Bill_base.paid":               "is how much has been paid towards the bill so far (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.paid_at":            "is when the latest payment on the bill was made (read-only). Typed as an instant, but Clio calls it a date, so treat the time part as unreliable.",
	"Bill_base.pending":            "is the part of the bill being paid by card whose payments are still pending (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.purchase_order":     "is the client's purchase-order reference for the bill, free text.",
	"Bill_base.secondary_tax_rate": "is the rate of the bill's second sales tax: a percentage, scale not stated by Clio (probably 0–100, since the update body calls it a percentage).",
	"Bill_base.secondary_tax_sum":  "is the total of the bill's second sales tax (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.secondary_taxable_sub_total": "is the amount of the bill the second sales tax is charged on (read-only), in the bill's currency. " +
		"The spec types it as an integer while its sibling amounts are decimals; whole currency units or cents is not stated.",
	"Bill_base.services_secondary_tax": "is the second sales tax on the bill's service line items (read-only): money in the bill's currency.",
	"Bill_base.services_secondary_taxable_sub_total": "is the services part of the amount the second sales tax is charged on (read-only), in the bill's currency. " +
		"Typed as an integer by the spec; whole units or cents is not stated.",
	"Bill_base.services_sub_total": "is the subtotal of the bill's service line items (read-only): money in the bill's currency.",
	"Bill_base.services_tax":       "is the primary sales tax on the bill's service line items (read-only): money in the bill's currency.",
	"Bill_base.services_taxable_sub_total": "is the services part of the amount the primary sales tax is charged on (read-only), in the bill's currency. " +
		"Typed as an integer by the spec; whole units or cents is not stated.",
	"Bill_base.shared": "says whether the bill is shared outside the firm (read-only); " +
		"with whom is not stated, probably the client through Clio's client portal.",
	"Bill_base.start_at": "is the first day of the period the bill covers: a calendar date, no time or zone (read-only).",
	"Bill_base.state": "is where the bill stands: draft, awaiting_approval, awaiting_payment, paid, void or deleted. " +
		"Change it with BillUpdate.State, to one of available_state_transitions.",
	"Bill_base.sub_total": "is the bill's subtotal, probably before tax and interest (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.subject":   "is the bill's subject line, free text.",
	"Bill_base.tax_rate":  "is the rate of the bill's primary sales tax: a percentage, scale not stated by Clio (probably 0–100, since the update body calls it a percentage).",
	"Bill_base.tax_sum":   "is the total of the bill's primary sales tax (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.taxable_sub_total": "is the amount of the bill the primary sales tax is charged on (read-only), in the bill's currency. " +
		"The spec types it as an integer while its sibling amounts are decimals; whole currency units or cents is not stated.",
	"Bill_base.total":      "is the bill's total, interest included (read-only): money in the bill's currency (Bill.currency).",
	"Bill_base.total_tax":  "is all the tax on the bill, both sales taxes together, probably tax_sum plus secondary_tax_sum (read-only): money in the bill's currency.",
	"Bill_base.type":       "says whether the bill is a MatterBill, for one matter, or a ClientBill, probably for a client across several matters (read-only).",
	"Bill_base.updated_at": "is when the bill last changed in Clio: an instant (read-only).",
	"Bill.currency":        "is the currency of every money field of the bill (read-only); request currency{code} to learn which.",
	"Bill.client":          "is the Contact the bill is addressed to (read-only).",
	"Bill.matters":         "lists the Matters the bill covers (read-only): one for a MatterBill, probably several for a ClientBill.",

	"Bill#update.due_at":             "is the day payment is due: a calendar date, no time or zone. Ignored when use_grace_period is true.",
	"Bill#update.issued_at":          "is the day the bill was issued: a calendar date, no time or zone.",
	"Bill#update.tax_rate":           "is the rate of the bill's primary sales tax as a percentage; scale not stated by Clio (probably 0–100, so 5 means 5%).",
	"Bill#update.secondary_tax_rate": "is the rate of the bill's second sales tax as a percentage; scale not stated by Clio (probably 0–100).",
	"Bill#update.state":              "moves the bill to draft, awaiting_approval, awaiting_payment, paid, void or deleted; only the states in the bill's available_state_transitions are accepted (probably).",
	"Bill#update.use_grace_period":   "sets the due date from the client's grace period when true, overriding due_at.",
	"Bill#update.currency_id":        "is the id of the Currency record to use for every money field of the bill, such as total and balance.",
	"Bill#update.number":             "is the bill's new number, as text that need not be numeric.",
	"Bill#update.discount.rate": "is the size of the bill's discount: a percentage when discount.type is percentage (scale not stated by Clio, probably 0–100), " +
		"an amount in the bill's currency when it is money.",
	"Bill#update.discount.type": "says how discount.rate is read: percentage or money.",
	"Bill#update.discount.note": "is free text explaining the discount.",
	"Bill#update.interest.rate": "is the interest charged on the bill as a percentage, scale not stated by Clio (probably 0–100). " +
		"Probably a yearly rate: the only hint is bill theme text that calls the interest annual.",
	"Bill#update.interest.period": "is how often the bill charges interest; " +
		"unit not stated by Clio (the answer's Interest.period counts days, so probably days).",
	"Bill#update.interest.type": "says how interest accrues: simple or compound.",

	// ----- Matter, FACTS §7.1; SEMANTICS §1, §7. Matter#create and #update are written by hand.
	"Matter_base.billable":         "says whether work on the matter can be billed; a new matter is billable unless told otherwise.",
	"Matter_base.billing_method":   "says how the matter is billed, flat, contingency or hourly, as Clio derives it (read-only; probably from the matter's custom rate).",
	"Matter_base.client_id":        "is the id of the Contact the matter is for (read-only; set the client through the client association).",
	"Matter_base.client_reference": "is a reference string for use outside Clio, probably the client's own file number.",
	"Matter_base.close_date":       "is the day the matter's status became Closed: a calendar date, no time or zone.",
	"Matter_base.created_at":       "is when the matter was created in Clio: an instant (read-only).",
	"Matter_base.custom_number": "is a number the firm's users gave the matter, as text; " +
		"the matter request bodies do not carry it (display_number is what Clio shows).",
	"Matter_base.description": "is the matter's free-text description, shown with its number; required on create.",
	"Matter_base.display_number": "is the matter's label and reference as Clio shows it: " +
		"generated by Clio and read-only, unless the account numbers matters by hand (its manual_matter_numbering setting), when it can be set.",
	"Matter_base.has_tasks":               "says whether at least one task is attached to the matter (read-only).",
	"Matter_base.last_activity_date":      "is the latest date among the matter's activities, computed by Clio: a calendar date, no time or zone (read-only).",
	"Matter_base.location":                "is where the matter is handled or takes place, free text with no format given by Clio.",
	"Matter_base.maildrop_address":        "is the email address that belongs to this matter alone, Clio's Maildrop (read-only); mail sent there is probably filed to the matter.",
	"Matter_base.matter_stage_updated_at": "is when the matter's stage last changed (read-only). Typed as an instant, but Clio calls it a date, so the time part may be missing.",
	"Matter_base.number":                  "is the matter's sequence number within the account (read-only); display_number is the form people see.",
	"Matter_base.open_date":               "is the day the matter's status became Open: a calendar date, no time or zone.",
	"Matter_base.pending_date":            "is the day the matter's status became Pending: a calendar date, no time or zone.",
	"Matter_base.shared":                  "says whether the matter is shared through Clio Connect right now (read-only).",
	"Matter_base.status":                  "is the matter's stage of life: Open, Pending or Closed, capitalised in answers. Requests and list filters use open, pending and closed in lower case.",
	"Matter_base.updated_at":              "is when the matter last changed in Clio: an instant (read-only).",
	"Matter.client":                       "is the Contact the matter is for; required on create.",
	"Matter.currency":                     "is the currency the matter is billed in (probably); request currency{code} to learn which.",
	"Matter.responsible_attorney":         "is the User who is the lawyer in charge of the matter.",
	"Matter.originating_attorney":         "is the User credited with bringing the matter in (probably for fee allocation, see attorney_allocation).",
	"Matter.responsible_staff":            "is the User on staff in charge of the matter, next to the responsible attorney.",
	"Matter.statute_of_limitations":       "is the Task that tracks the matter's statute-of-limitations deadline; its due_at is a calendar date.",
	"Matter.custom_field_values": "lists the matter's custom field values. Their ids are composite strings such as text_line-1, not the custom field's id: " +
		"send {id, value} to change one, {custom_field{id}, value} to add one, {id, _destroy: true} to remove one.",

	// ----- Contact, FACTS §7.3; SEMANTICS §7. Contact#create and #update are written by hand.
	"Contact_base.client_connect_user_id":          "is the id of the Clio Connect user linked to this contact (read-only).",
	"Contact_base.clio_connect_email":              "is the email address of a contact who uses Clio Connect.",
	"Contact_base.created_at":                      "is when the contact was created in Clio: an instant (read-only).",
	"Contact_base.date_of_birth":                   "is the person's birthday: a calendar date, no time or zone.",
	"Contact_base.first_name":                      "is a Person's given name. Send it, with last_name, when creating a Person, rather than name alone.",
	"Contact_base.has_clio_for_clients_permission": "says whether any record at all is shared with the contact through Clio for Clients (read-only).",
	"Contact_base.initials":                        "is the contact's initials, derived by Clio from the name (read-only).",
	"Contact_base.is_bill_recipient":               "says whether the contact receives the bills of one matter or more (read-only).",
	"Contact_base.is_client":                       "says whether the contact counts as a client, probably the client of one matter or more (read-only).",
	"Contact_base.is_clio_for_client_user":         "says whether the contact has a client login and client user, made when the contact is added to the client portal or given client share permissions (read-only).",
	"Contact_base.is_co_counsel":                   "says whether the firm shares matters with the contact as co-counsel (read-only).",
	"Contact_base.last_name":                       "is a Person's family name. Send it, with first_name, when creating a Person, rather than name alone.",
	"Contact_base.ledes_client_id":                 "is the client id used for the contact in LEDES electronic billing, free text.",
	"Contact_base.locked_clio_connect_email":       "says whether clio_connect_email may no longer be changed (read-only).",
	"Contact_base.middle_name":                     "is a Person's middle name or names, between first_name and last_name.",
	"Contact_base.name": "is the contact's full name: a Company's name, or a Person's name as Clio assembles it. " +
		"The spec requires it on create even for a Person, but for a Person send first_name and last_name: a name alone is split by Clio and may be refused with 422.",
	"Contact_base.prefix":                  "is the honorific written before the contact's name, such as Mr or Mrs.",
	"Contact_base.primary_email_address":   "is the address of the contact's primary email, copied from email_addresses (read-only); change it there.",
	"Contact_base.primary_phone_number":    "is the number of the contact's primary phone, copied from phone_numbers (read-only); change it there.",
	"Contact_base.sales_tax_number":        "is the contact's sales-tax registration number (such as a VAT or GST number, probably), free text.",
	"Contact_base.secondary_email_address": "is the address of the contact's second email, copied from email_addresses (read-only).",
	"Contact_base.secondary_phone_number":  "is the number of the contact's second phone, copied from phone_numbers (read-only).",
	"Contact_base.title":                   "is the contact's job title, free text (probably; the honorific is prefix).",
	"Contact_base.type":                    "says whether the contact is a Person or a Company; required on create, and it decides which name fields apply.",
	"Contact_base.updated_at":              "is when the contact last changed in Clio: an instant (read-only).",
	"Contact.currency":                     "is the currency the contact is billed in (probably); request currency{code} to learn which.",
	"Contact.company":                      "is the Company contact a Person belongs to (probably their employer).",
	"Contact.email_addresses": "lists the contact's email addresses; at most 20 per contact since API 4.0.13 (more is refused with 422), " +
		"and a read gives at most 200. Entries say primary, while request bodies say default_email.",
	"Contact.phone_numbers": "lists the contact's phone numbers; at most 20 per contact since API 4.0.13 (more is refused with 422), " +
		"and a read gives at most 200. Entries say primary, while request bodies say default_number.",
	"Contact.addresses":       "lists the contact's postal addresses; at most 20 per contact since API 4.0.13, more is refused with 422.",
	"Contact.co_counsel_rate": "is the billing rate that applies when the contact works as co-counsel (money, probably in the contact's currency).",
	"Contact.custom_field_values": "lists the contact's custom field values. Their ids are composite strings such as text_line-1, not the custom field's id: " +
		"send {id, value} to change one, {custom_field{id}, value} to add one, {id, _destroy: true} to remove one.",

	// ----- Task, FACTS §7.11; SEMANTICS §1, §5, §6, §9.
	"Task_base.completed_at": "is when the task was marked complete: an instant (read-only); zero while it is not complete.",
	"Task_base.created_at":   "is when the task was created in Clio: an instant (read-only).",
	"Task_base.description": "is the task's body text; required on create. " +
		"With description_text_type rich_text it may hold a small set of HTML tags (such as a, b, p, ul and li).",
	"Task_base.description_text_type": "says how description is written: plain_text (the default) or rich_text (available since 2025-03-14).",
	"Task_base.due_at":                "is the day the task is due: a calendar date, no time or zone, whatever the _at suffix suggests. Request bodies send it as a timestamp.",
	"Task_base.name":                  "is the task's short title; required on create.",
	"Task_base.notify_completion":     "says whether the assigner is told when the task is completed.",
	"Task_base.permission": "says who may see the task: private or public (values from the request side and the list filter; " +
		"the answer's schema declares none).",
	"Task_base.priority": "is how urgent the task is: High, Normal (the default) or Low; list filters spell the values in lower case.",
	"Task_base.status": "is where the task stands: pending, in_progress, in_review, complete or draft. " +
		"Users without advanced tasks only have pending and complete.",
	"Task_base.statute_of_limitations": "says whether the task records a statute-of-limitations deadline (probably the one a matter's statute_of_limitations points to).",
	"Task_base.time_entries_count":     "counts the time entries linked to the task (read-only).",
	"Task_base.time_estimated":         "is how long the task is expected to take, a whole number; unit not stated by Clio.",
	"Task_base.updated_at":             "is when the task last changed in Clio: an instant (read-only).",
	"Task.assignee":                    "is who must do the task: a User or a Contact, named by id and type; required on create.",
	"Task.assigner":                    "is the User who gave the task out (read-only).",
	"Task.time_entries":                "lists the time entries recorded against the task (read-only).",

	"Task#create.due_at": "is the day the task is due. The spec types it as a timestamp, but Clio describes a date and answers with a calendar date, " +
		"so probably only the day counts; which zone decides the day is not stated.",
	"Task#create.time_estimated": "is how long the task is expected to take, a whole number; unit not stated by Clio.",
	"Task#create.assignee":       "is who must do the task: a User or a Contact, by id and type. Required.",
	"Task#create.priority":       "is how urgent the task is: High, Normal or Low; Normal when unset.",
	"Task#create.status": "is where the task starts: pending (when unset), in_progress, in_review, complete or draft; " +
		"users without advanced tasks may pick only pending or complete.",
	"Task#create.permission":             "says who may see the task: private or public (when unset).",
	"Task#create.description_text_type":  "says how description is written: plain_text (when unset) or rich_text.",
	"Task#create.notify_assignee":        "says whether Clio tells the assignee when the task is created.",
	"Task#create.statute_of_limitations": "marks the task as a statute-of-limitations deadline, the kind a matter's statute_of_limitations points to.",
	"Task#create.cascading": "says whether the task's due date derives from another task's (cascading_source), shifted by cascading_offset; " +
		"when false, the other cascading fields are ignored.",
	"Task#create.cascading_source": "is the id of the parent task whose due date this one's derives from.",
	"Task#create.cascading_offset": "is how far the due date lies from the source task's, a whole number counted in the unit the spec lists under cascading_offset_polarity " +
		"(CalendarDays, CalendarWeeks, CalendarMonths, CalendarYears or BusinessDays).",
	"Task#create.cascading_offset_type": "is declared with the values Before and After, which the spec's own wording and task templates give to cascading_offset_polarity: " +
		"the two enums look swapped, and which pairing Clio accepts is untested.",
	"Task#create.cascading_offset_polarity": "is declared with the units CalendarDays, CalendarWeeks, CalendarMonths, CalendarYears and BusinessDays, which the spec's own wording gives to cascading_offset_type: " +
		"the two enums look swapped, and which pairing Clio accepts is untested.",
	"Task#update.due_at": "is the day the task is due. The spec types it as a timestamp, but Clio describes a date and answers with a calendar date, " +
		"so probably only the day counts; which zone decides the day is not stated.",
	"Task#update.time_estimated": "is how long the task is expected to take, a whole number; unit not stated by Clio.",
	"Task#update.assignee":       "is who must do the task: a User or a Contact, by id and type.",
	"Task#update.status": "is where the task stands: pending, in_progress, in_review, complete or draft; " +
		"users without advanced tasks may pick only pending or complete.",
	"Task#update.priority":              "is how urgent the task is: High, Normal or Low.",
	"Task#update.permission":            "says who may see the task: private or public.",
	"Task#update.description_text_type": "says how description is written: plain_text or rich_text.",
	"Task#update.notify_assignee":       "says whether Clio tells the assignee; Clio's own wording speaks only of creation.",
	"Task#update.cascading": "says whether the task's due date derives from another task's (cascading_source), shifted by cascading_offset; " +
		"when false, the other cascading fields are ignored.",
	"Task#update.cascading_source": "is the id of the parent task whose due date this one's derives from.",
	"Task#update.cascading_offset": "is how far the due date lies from the source task's, a whole number counted in the unit the spec lists under cascading_offset_polarity.",
	"Task#update.cascading_offset_type": "is declared with the values Before and After, which the spec's own wording gives to cascading_offset_polarity: " +
		"the two enums look swapped, and which pairing Clio accepts is untested.",
	"Task#update.cascading_offset_polarity": "is declared with the day, week, month, year and business-day units, which the spec's own wording gives to cascading_offset_type: " +
		"the two enums look swapped, and which pairing Clio accepts is untested.",

	// ----- CalendarEntry, FACTS §7.5, §9; SEMANTICS §1, §2, §6, §7. Create and update are written by hand.
	"CalendarEntry_base.all_day": "says whether the entry takes whole days. start_at and end_at are still instants; " +
		"which instants Clio stores for an all-day entry is not stated.",
	"CalendarEntry_base.calendar_owner_id": "is the id of the Calendar the entry is on: a Calendar id, not a User id (read-only; set it through calendar_owner).",
	"CalendarEntry_base.court_rule":        "says whether the entry was made from court rules, as part of a matter docket (read-only).",
	"CalendarEntry_base.created_at":        "is when the entry was created in Clio: an instant (read-only).",
	"CalendarEntry_base.description":       "is the entry's free-text details. Since API 4.0.12 it may be empty with redacted set when the user may not see a private entry.",
	"CalendarEntry_base.end_at":            "is when the entry ends: an instant. Required on create.",
	"CalendarEntry_base.end_date":          "is the calendar date of the entry's end, in the time zone of the user making the request, derived from end_at (read-only).",
	"CalendarEntry_base.end_time": "is the clock time of the entry's end, in the time zone of the user making the request, as text with the zone's abbreviation (read-only); " +
		"not an instant, use end_at for arithmetic.",
	"CalendarEntry_base.location":                 "is where the event takes place, as free text.",
	"CalendarEntry_base.parent_calendar_entry_id": "is the id of the entry this one derives from, probably the recurring series an occurrence belongs to (read-only).",
	"CalendarEntry_base.permission": "is the current user's access to the entry, such as viewer (read-only); " +
		"an attendee whose access is limited_viewer is shown viewer.",
	"CalendarEntry_base.recurrence_rule": "is how the entry repeats, as an iCalendar RRULE text; empty for an entry that does not repeat. " +
		"Sending an empty rule or null makes a recurring entry single.",
	"CalendarEntry_base.start_at":           "is when the entry begins: an instant. Required on create; dates before 1900-01-01 are moved to 1900.",
	"CalendarEntry_base.start_at_time_zone": "is the time zone the entry's start was first set in (read-only); whether it is an IANA name or another form is not stated.",
	"CalendarEntry_base.start_date":         "is the calendar date of the entry's start, in the time zone of the user making the request, derived from start_at (read-only).",
	"CalendarEntry_base.start_time": "is the clock time of the entry's start, in the time zone of the user making the request, as text with the zone's abbreviation (read-only); " +
		"not an instant, use start_at for arithmetic.",
	"CalendarEntry_base.summary":            "is the entry's title; required on create. Since API 4.0.12 it may be empty with redacted set when the user may not see a private entry.",
	"CalendarEntry_base.time_entries_count": "counts the time entries linked to the entry (read-only).",
	"CalendarEntry_base.updated_at":         "is when the entry last changed in Clio: an instant (read-only).",
	"CalendarEntry.calendar_owner": "is the Calendar the entry is on, named by a Calendar id, not a User id: a user's own calendar is User.default_calendar_id. " +
		"Required on create, and writing needs editor permission on that calendar.",
	"CalendarEntry.attendees":             "lists who attends: Calendars (probably users, through their calendars) and Contacts, each with an id and a type.",
	"CalendarEntry.reminders":             "lists the reminders set on the entry (read-only here; they are managed through Reminders).",
	"CalendarEntry.parent_calendar_entry": "is the entry this one derives from, probably the series of a recurring occurrence (read-only).",
	"CalendarEntry.time_entries":          "lists the time entries recorded against the entry (read-only).",

	// ----- Reminder, FACTS §7.5; SEMANTICS §5. Create is written by hand.
	"Reminder_base.created_at":       "is when the reminder was created in Clio: an instant (read-only).",
	"Reminder_base.duration":         "is how long before its subject (the task or calendar entry) the reminder fires, in minutes.",
	"Reminder_base.next_delivery_at": "is when the reminder will next be sent: an instant (read-only).",
	"Reminder_base.state": "is where delivery stands (read-only): being set up (initializing, scheduling, rescheduling), waiting (scheduled), " +
		"being sent (attempting_delivery), or finished (delivered, delivery_failed, delivery_skipped, invalid_user). The grouping is ours.",
	"Reminder_base.updated_at":            "is when the reminder last changed in Clio: an instant (read-only).",
	"Reminder.subject":                    "is what the reminder is for: a CalendarEntry or a Task, named by id and type.",
	"Reminder.notification_method":        "is how the reminder is delivered: one of the user's notification methods (User.notification_methods).",
	"Reminder#update.duration_value":      "is how long before its subject the reminder fires, counted in duration_unit.",
	"Reminder#update.duration_unit":       "is the unit of duration_value: weeks, days, hours or minutes.",
	"Reminder#update.notification_method": "is how the reminder is delivered, by the id of one of the user's notification methods (User.notification_methods).",

	// ----- TrustRequest, SEMANTICS §3, §7. The answer carries no amount, date or note.
	"TrustRequest_base.created_at": "is when the trust request was created in Clio: an instant (read-only). " +
		"The answer holds only id, etag and the two timestamps: the request's amount, dates and note cannot be read back.",
	"TrustRequest_base.updated_at":     "is when the trust request last changed in Clio: an instant (read-only).",
	"TrustRequest#create.trust_amount": "is the amount requested into trust: money, probably in the currency of currency_id. Required.",
	"TrustRequest#create.trust_type": "says whether the request is made of the client as a whole (client) or per matter (matter); " +
		"probably the per-matter amounts then go in matter[]. Required.",
	"TrustRequest#create.issue_date":  "is the day the request is issued: a calendar date, no time or zone. Required.",
	"TrustRequest#create.due_date":    "is the day the funds are due: a calendar date, no time or zone. Required.",
	"TrustRequest#create.approved":    "says whether Clio approves the request automatically on creation. Required.",
	"TrustRequest#create.client_id":   "is the id of the client Contact asked for the funds. Required.",
	"TrustRequest#create.currency_id": "is the id of the Currency record the requested amounts are in (probably).",
	"TrustRequest#create.note":        "is free text kept with the request at client level; who sees it is not stated.",
	"TrustRequest#create.matter[].trust_amount": "is the money requested for this matter. " +
		"The spec types it as an integer although trust_amount is a decimal, so amounts with cents cannot be sent here as typed.",
	"TrustRequest#create.matter[].note": "is free text for this matter's share of the request (Clio's own wording calls it the client-level note, probably a slip).",

	// ----- BankTransaction, SEMANTICS §3, §4, §6, §7.
	"BankTransaction_base.amount": "is the transaction's amount: money in the transaction's currency (currency). " +
		"Whether withdrawals come negative is not stated; funds_in and funds_out split the movement by direction.",
	"BankTransaction_base.bank_account_id":           "is the id of the BankAccount the transaction belongs to (read-only; set it through bank_account).",
	"BankTransaction_base.clio_payments_transaction": "says whether the transaction came from an online payment through Clio Payments (read-only).",
	"BankTransaction_base.confirmation":              "is the transaction's reference code, free text; read_only_confirmation says whether it may be changed.",
	"BankTransaction_base.created_at":                "is when the transaction was recorded in Clio: an instant (read-only).",
	"BankTransaction_base.currency":                  "is the currency of the transaction's amounts, as text; whether it is an ISO 4217 code is not stated.",
	"BankTransaction_base.currency_id":               "is the id of the Currency record of the transaction's amounts (read-only); currency gives it as text.",
	"BankTransaction_base.current_account_balance": "is the bank account's balance as Clio reports it with this transaction (read-only): money in the account's currency. " +
		"Whether it is the balance after this transaction or the account's balance today is not stated.",
	"BankTransaction_base.date":                   "is the day of the transaction: a calendar date, no time or zone.",
	"BankTransaction_base.description":            "is free text describing the transaction.",
	"BankTransaction_base.exchange_rate":          "is the exchange rate applied to the transaction: a ratio, not a percentage; which currency it converts from and to is not stated.",
	"BankTransaction_base.funds_in":               "is the money received into the account by this transaction, computed by Clio (read-only); zero for a withdrawal (probably).",
	"BankTransaction_base.funds_out":              "is the money taken out of the account by this transaction, computed by Clio (read-only); zero for a deposit (probably).",
	"BankTransaction_base.read_only_confirmation": "says whether confirmation, the reference code, is locked against change (read-only).",
	"BankTransaction_base.source":                 "is free text saying where the money came from, probably the payer; Clio gives no vocabulary.",
	"BankTransaction_base.transaction_type": "is the kind of transaction, as free text with values not listed by Clio; " +
		"the create body also takes bank_account_transaction_type (e.g. trust_interest or bank_charge).",
	"BankTransaction_base.type": "is the side of the books the transaction is on (read-only): asset or liability, the values the list filter declares; " +
		"the answer's schema declares none.",
	"BankTransaction_base.updated_at": "is when the transaction last changed in Clio: an instant (read-only).",
	"BankTransaction.bank_account":    "is the BankAccount (operating or trust) the transaction is in; required on create.",
	"BankTransaction.matter":          "is the Matter the money is held or spent for, if any.",
	"BankTransaction.client":          "is the client Contact the money is held or spent for, if any.",

	"BankTransaction#create.amount":                        "is the transaction's amount: money in the transaction's currency (the bank account's, probably, unless currency says otherwise). Required.",
	"BankTransaction#create.date":                          "is the day of the transaction: a calendar date, no time or zone. Required.",
	"BankTransaction#create.currency":                      "is the transaction's currency, as text; whether Clio wants an ISO 4217 code is not stated.",
	"BankTransaction#create.exchange_rate":                 "is the exchange rate to apply: a ratio, not a percentage; its direction is not stated.",
	"BankTransaction#create.bank_account_transaction_type": "is the kind of bank-account transaction, from a list Clio leaves open, for example trust_interest or bank_charge.",
	"BankTransaction#create.confirmation":                  "is the transaction's reference code, free text.",
	"BankTransaction#create.source":                        "is free text saying where the money came from, probably the payer.",
	"BankTransaction#create.bank_account":                  "is the BankAccount the transaction goes in. Required.",
	"BankTransaction#update.amount":                        "is the transaction's amount: money in the transaction's currency; whether withdrawals are negative is not stated.",
	"BankTransaction#update.date":                          "is the day of the transaction: a calendar date, no time or zone.",
	"BankTransaction#update.currency":                      "is the transaction's currency, as text; whether Clio wants an ISO 4217 code is not stated.",
	"BankTransaction#update.exchange_rate":                 "is the exchange rate to apply: a ratio, not a percentage; its direction is not stated.",
	"BankTransaction#update.bank_account_transaction_type": "is the kind of bank-account transaction, from a list Clio leaves open, for example trust_interest or bank_charge.",
	"BankTransaction#update.confirmation":                  "is the transaction's reference code, free text; refused, probably, when read_only_confirmation is true.",

	// ----- Document, FACTS §7.6, fact 22; SEMANTICS §5, §6, §7. Create (upload) is written by hand.
	"Document_base.content_type": "is the file's MIME type, such as application/pdf; at upload Clio infers it from the file's extension when none is sent.",
	"Document_base.created_at":   "is when the document was created in Clio: an instant (read-only).",
	"Document_base.deleted_at":   "is when the document was moved to the trash: an instant (read-only), zero while it is not deleted. Clio deletes trashed documents for good after 30 days.",
	"Document_base.filename":     "is the file name of the document's latest version as uploaded; it may differ from name, the title shown in Clio.",
	"Document_base.locked":       "says whether the document is locked against changes (read-only); lists can filter on it.",
	"Document_base.name":         "is the document's title as shown in Clio; required on upload.",
	"Document_base.received_at":  "is when the document's latest version was received: an instant. It can be set on update and copy.",
	"Document_base.size": "is the size of the file, probably of its latest version and probably in bytes; unit not stated by Clio (read-only). " +
		"The spec's int32 type caps it near 2 GiB.",
	"Document_base.type":               "is always Document for a document (read-only); folders, which share some listings with documents, say Folder.",
	"Document_base.updated_at":         "is when the document last changed in Clio: an instant (read-only).",
	"Document.parent":                  "is the folder the document is in. On upload, copy or move, the parent may be a Folder, a Matter (its folder), a Contact (its folder, made if needed) or a Document (to add a new version).",
	"Document.latest_document_version": "is the newest version of the file: its uuid, put_url and put_headers drive an upload, and fully_uploaded says whether the bytes arrived.",

	"Document#update.fully_uploaded": "finishes an upload when true, the third step after the create and the PUT of the bytes; send it with uuid. " +
		"Clio refuses it when the file or some of its parts did not arrive, or the version is already marked; " +
		"its examples send the string \"true\", the schema says boolean.",
	"Document#update.uuid": "is the uuid of the document version being uploaded, from latest_document_version.uuid; " +
		"required to mark the upload finished, and sent with the next multiparts batch.",
	"Document#update.received_at":              "is when the document was received: an instant.",
	"Document#update.name":                     "is the document's new title as shown in Clio.",
	"Document#update.parent":                   "moves the document into another Folder, Matter, Contact or Document, by id and type.",
	"Document#update.restore":                  "takes the document out of the trash when true.",
	"Document#update.multiparts[].part_number": "is the part's position in a multipart upload, 1 to 10000. At most 50 parts go in one request; send the next batch with uuid and fully_uploaded false.",
	"Document#update.multiparts[].content_length": "is the part's size in bytes; every part but the last must be at least 5 MB. The spec types it as a string; " +
		"the SDK sends a number.",
	"Document#update.multiparts[].content_md5": "is the MD5 digest of the part, base64-encoded; optional, but it lets storage check the part arrived intact.",
	"Document#copy.parent":                     "is where the copy goes: a Folder, a Matter, a Contact or a Document, by id and type. Required.",
	"Document#copy.name":                       "is the copy's title as shown in Clio.",
	"Document#copy.filename":                   "is the file name to give the copy, which Clio calls the original file's name; the spec defaults it to name.",
	"Document#copy.received_at":                "is when the copied document was received: an instant.",
}
