package main

// Spec-versus-reality corrections. Each entry names the schema that
// declares the property ("X_base.prop" for scalars) and says why, with the
// section of shared/clio/FACTS.md that records the discrepancy. The general
// rules that apply to every property (ids, date-times, base and full
// records) are in models.go; an entry here wins over them.

// override replaces or widens the Go type the spec would give a property.
type override struct {
	goType    string // the Go type written instead; "" keeps the spec's type
	oneOrMany bool   // wrap the spec's type T as OneOrMany[T]: a list that also decodes from one T
	note      string // appended to the field's doc comment
	reason    string // why, for readers of the generator
}

var overrides = map[string]override{
	"CustomFieldValue_base.value": {
		goType: "json.RawMessage",
		note:   "Kept raw: Clio sends a string, number or boolean here depending on the field type.",
		reason: "The spec types value as a string, but its JSON form depends on field_type " +
			"(checkbox, numeric, currency, picklist option id...); decoding it as a string " +
			"would fail on a number or boolean. FACTS.md §7.4 and §9 item 15.",
	},
	"DocumentAutomation_base.export_formats": {
		oneOrMany: true,
		note:      "Clio sends a list such as [\"pdf\"]; a single string also decodes.",
		reason: "The schema types export_formats as one string enum, but its own description " +
			"says \"An array of what formats were requested\" and Clio answers [\"pdf\"]; " +
			"decoding a string would fail after the automation was created. FACTS.md §9 item 21.",
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
