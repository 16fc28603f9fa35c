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
	"Reminder_base.duration": {
		goType: "Minutes",
		note:   "In minutes before the event; Duration converts it.",
		reason: "An int32 the spec describes in minutes; the write form is duration_value with " +
			"duration_unit, so the read form carries its unit in its type. SEMANTICS.md §5.",
	},
	"ReminderTemplate_base.duration": {
		goType: "Minutes",
		note:   "In minutes before the event; Duration converts it.",
		reason: "See Reminder_base.duration.",
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

// serviceRenames names the services whose rule-made name would not be a
// good Go identifier or would read wrongly.
var serviceRenames = map[string]string{
	// "ClioFile::Submission" is not a Go name; the records are
	// ClioFileSubmissionsReport (GET /clio_file/submissions_reports.json).
	"ClioFile::Submission": "ClioFileSubmissions",
	// The triggers of a jurisdiction (/court_rules/jurisdictions/{id}/triggers);
	// "JurisdictionsToTriggers" would read as a mapping table.
	"JurisdictionsToTrigger": "JurisdictionTriggers",
}

// methodRenames names methods whose action name would collide or mislead.
var methodRenames = map[string]string{
	// Folder#list lists the items (documents and folders) of a folder, next
	// to Folder#index, which lists folders; it answers Item records.
	"Folder#list": "ListItems",
}

// opOverride corrects what the spec says about one operation.
type opOverride struct {
	ids      bool // the answer is {"data": [ids]} (IdsResponse), paged
	dropBody bool // the request body the spec declares is not sent
	reason   string
}

var opOverrides = map[string]opOverride{
	"BillableMatter#ids": {ids: true, reason: "The spec points the answer at BillableMatter_Show, " +
		"but the action lists ids: its IdsResponse schema ({\"data\": [int64]}) is referred to by no " +
		"operation, and the operation pages (limit, page_token) like a list."},
	"GrantFundingSource#destroy": {dropBody: true, reason: "A DELETE with a {\"name\"} body is " +
		"declared; nothing else in Clio's API sends a body with DELETE, so Delete sends none (a " +
		"caller who needs If-Match passes WithHeader)."},
}

// bodyOverrides corrects the type of request-body fields, keyed by the
// field's path below the body ("custom_field_values[].id", "*" matching
// any operation) or by "Operation#action.path". An entry can also make a
// required field optional.
type bodyOverride struct {
	goType   string // the Go type written instead; "" keeps the spec's
	optional bool   // the field is not required, whatever the spec says
	reason   string
}

var bodyOverrides = map[string]bodyOverride{
	"*.custom_field_values[].id": {goType: "CompositeID", reason: "Typed int64 in request " +
		"schemas, but a custom field value's id is a composite string such as \"text_line-1\" in " +
		"answers and examples. FACTS.md §9 item 12."},
	"*.multiparts[].content_length": {goType: "int64", reason: "Typed string in the schema; " +
		"Clio's worked example sends a number, and a part is up to 5 GB. FACTS.md §7.6."},
	"LineItem#update.discount.type": {goType: "DiscountBaseType", reason: "Typed boolean, but " +
		"the value is percentage or money, the enum the LineItem answered carries. SEMANTICS.md §8 V3."},
	// The spec swaps the two enums of Task#create/update against their own
	// descriptions and against TaskTemplate#create/update: the offset's
	// type is the unit (CalendarDays...), its polarity Before or After.
	"Task#create.cascading_offset_type": {goType: "TaskTemplateCreateCascadingOffsetType",
		reason: "Enum swapped with cascading_offset_polarity in the spec. SEMANTICS.md §8 U4."},
	"Task#create.cascading_offset_polarity": {goType: "TaskTemplateCreateCascadingOffsetPolarity",
		reason: "Enum swapped with cascading_offset_type in the spec. SEMANTICS.md §8 U4."},
	"Task#update.cascading_offset_type": {goType: "TaskTemplateCreateCascadingOffsetType",
		reason: "See Task#create.cascading_offset_type."},
	"Task#update.cascading_offset_polarity": {goType: "TaskTemplateCreateCascadingOffsetPolarity",
		reason: "See Task#create.cascading_offset_polarity."},
	"Note#create.matter": {optional: true, reason: "The spec marks both matter and contact " +
		"required, but a note belongs to one: matter for a Matter note, contact for a Contact " +
		"note. FACTS.md §7.12."},
	"Note#create.contact": {optional: true, reason: "See Note#create.matter."},
	"Contact#create.name": {optional: true, reason: "Marked required, but a Person is created " +
		"with first_name and last_name, and name alone may be refused (422). FACTS.md §7.3, §9 item 19."},
}

// defaultFieldExclusions lists fields left out of a record's generated
// default field set: because Clio refuses them, or because they carry a
// secret that a plain read (a list walked for a backup, a record logged)
// must not copy. A caller who needs one names it in a fields option.
// (Hand-written defaults, such as the webhook's without shared_secret,
// follow the same rule beside their service.)
var defaultFieldExclusions = map[string][]string{
	// Asking for document_versions is a 400 since API 4.0.6; the versions
	// have their own list (DocumentVersions.List). FACTS.md §7.6.
	"Document": {"document_versions"},
	// put_url is a signed storage URL: whoever holds it can write the
	// version's bytes until it expires. Only an upload needs it, and
	// Documents.Upload asks for it by name. FACTS.md §7.6.
	"DocumentVersion": {"put_url"},
}
