package main

// Spec-versus-reality corrections. Each entry names the schema that
// declares the property ("X_base.prop" for scalars) and says why, with the
// section of shared/clio/FACTS.md that records the discrepancy. Besides this
// table one general rule applies in scalarType: a property named id that the
// spec types as a string becomes CompositeID (CustomFieldValue ids such as
// "date-123", CalendarEntry ids, Activity_CalendarEntry ids), because Clio
// uses composite string ids there and CompositeID also accepts a JSON number
// (FACTS.md §0 fact 18, §7 general conventions, §9 items 11 and 12).

// override replaces the Go type the spec would give a property.
type override struct {
	goType string // the Go type written instead
	note   string // appended to the field's doc comment
	reason string // why, for readers of the generator
}

var overrides = map[string]override{
	"CustomFieldValue_base.value": {
		goType: "json.RawMessage",
		note:   "Kept raw: Clio sends a string, number or boolean here depending on the field type.",
		reason: "The spec types value as a string, but its JSON form depends on field_type " +
			"(checkbox, numeric, currency, picklist option id...); decoding it as a string " +
			"would fail on a number or boolean. FACTS.md §7.4 and §9 item 15.",
	},
	"MatterStage_base.practice_area_id": {
		goType: "CompositeID",
		note:   "The spec types this id as a string; it decodes from a string or a number.",
		reason: "Typed string in the spec although it holds a PracticeArea id (an integer " +
			"everywhere else). FACTS.md §7.2.",
	},
}

// sharedEnums makes enums that the spec repeats on related schemas one Go
// type, so values compare without conversion (a custom field value's
// field_type against the CustomFieldFieldType constants). Key and value are
// "Schema.prop" of the copy and of the canonical declaration; the generator
// fails if their value sets differ. Enums not listed get their own type.
var sharedEnums = map[string]string{
	"CustomFieldValue_base.field_type":   "CustomField_base.field_type",
	"CustomFieldSet_base.parent_type":    "CustomField_base.parent_type",
	"Client_base.type":                   "Contact_base.type",
	"MatterContacts_base.type":           "Contact_base.type",
	"RelatedContacts_base.type":          "Contact_base.type",
	"BillRecipient_Contact_base.type":    "Contact_base.type",
	"ClioCreator_base.subscription_type": "User_base.subscription_type",
	"TaskTemplate_base.priority":         "Task_base.priority",
	"ReportPreset_base.kind":             "Report_base.kind",
	"ReportPreset_base.format":           "Report_base.format",
	"ReportPreset_base.category":         "Report_base.category",
}

// typeRenames gives a Go name to resources whose spec name is taken by the
// SDK itself. The rename applies to the pair (X and X_base -> renamed and
// renamed+Base); the catalog keeps the spec name.
var typeRenames = map[string]string{
	// Clio's Client schema is the contact GET /matters/{id}/client.json
	// returns; clio.Client is the API client (clio.go).
	"Client": "MatterClient",
}
