package main

// What the SDK writes by hand. The generator emits one method per
// operation of the spec except those listed here, and one service type per
// resource except the services declared by hand, and lists the
// hand-written conveniences in docs/operations.md. The tables are checked
// against the spec when the generator runs: a name that no longer matches
// an operation or a resource fails the run.

// handWrittenOps maps the operations implemented by hand to their
// "Service.Method". Document#create is the first step of Documents.Upload,
// which also PATCHes to finish the upload; the plain Document#update (rename,
// move, restore) is generated.
var handWrittenOps = map[string]string{
	"Matter#index":   "Matters.List",
	"Matter#show":    "Matters.Get",
	"Matter#create":  "Matters.Create",
	"Matter#update":  "Matters.Update",
	"Matter#destroy": "Matters.Delete",

	"Contact#index":   "Contacts.List",
	"Contact#show":    "Contacts.Get",
	"Contact#create":  "Contacts.Create",
	"Contact#update":  "Contacts.Update",
	"Contact#destroy": "Contacts.Delete",

	"CustomField#index":   "CustomFields.List",
	"CustomField#show":    "CustomFields.Get",
	"CustomField#create":  "CustomFields.Create",
	"CustomField#update":  "CustomFields.Update",
	"CustomField#destroy": "CustomFields.Delete",

	"Calendar#index": "Calendars.List",
	"Calendar#show":  "Calendars.Get",

	"CalendarEntry#index":   "CalendarEntries.List",
	"CalendarEntry#show":    "CalendarEntries.Get",
	"CalendarEntry#create":  "CalendarEntries.Create",
	"CalendarEntry#update":  "CalendarEntries.Update",
	"CalendarEntry#destroy": "CalendarEntries.Delete",

	"Reminder#index":   "Reminders.List",
	"Reminder#show":    "Reminders.Get",
	"Reminder#create":  "Reminders.Create",
	"Reminder#destroy": "Reminders.Delete",

	"Document#index":    "Documents.List",
	"Document#show":     "Documents.Get",
	"Document#create":   "Documents.Upload",
	"Document#destroy":  "Documents.Delete",
	"Document#download": "Documents.Download",

	"DocumentTemplate#index":    "DocumentTemplates.List",
	"DocumentTemplate#show":     "DocumentTemplates.Get",
	"DocumentTemplate#download": "DocumentTemplates.Download",

	"DocumentAutomation#create": "DocumentAutomations.Create",
	"DocumentAutomation#show":   "DocumentAutomations.Get",

	"User#index":        "Users.List",
	"User#show":         "Users.Get",
	"User#who_am_i":     "Users.WhoAmI",
	"MatterStage#index": "MatterStages.List",

	"PracticeArea#index":   "PracticeAreas.List",
	"PracticeArea#show":    "PracticeAreas.Get",
	"PracticeArea#create":  "PracticeAreas.Create",
	"PracticeArea#update":  "PracticeAreas.Update",
	"PracticeArea#destroy": "PracticeAreas.Delete",

	"Webhook#index":   "Webhooks.List",
	"Webhook#show":    "Webhooks.Get",
	"Webhook#create":  "Webhooks.Create",
	"Webhook#update":  "Webhooks.Update",
	"Webhook#destroy": "Webhooks.Delete",
}

// handDeclared lists the services whose type is declared by hand, by
// service field name, with the expression that builds one from s, the
// shared service value. The generator still adds methods to them for the
// operations not in handWrittenOps.
var handDeclared = map[string]string{
	"Matters":             "&MattersService{s}",
	"Contacts":            "&ContactsService{s}",
	"CustomFields":        "newCustomFieldsService(s)", // holds the definitions cache
	"Calendars":           "&CalendarsService{s}",
	"CalendarEntries":     "&CalendarEntriesService{s}",
	"Reminders":           "&RemindersService{s}",
	"Documents":           "&DocumentsService{s}",
	"DocumentTemplates":   "&DocumentTemplatesService{s}",
	"DocumentAutomations": "&DocumentAutomationsService{s}",
	"Users":               "&UsersService{s}",
	"MatterStages":        "&MatterStagesService{s}",
	"PracticeAreas":       "&PracticeAreasService{s}",
	"Webhooks":            "&WebhooksService{s}",
}

// handDefaults lists the records whose default field set is declared by
// hand, as default<Record>Fields beside their service; generated methods
// returning these records use it too, so one service has one default.
var handDefaults = map[string]bool{
	"Calendar": true, "CalendarEntry": true, "Reminder": true, "Contact": true,
	"CustomField": true, "Document": true, "DocumentTemplate": true,
	"DocumentAutomation": true, "Matter": true, "User": true,
	"MatterStage": true, "PracticeArea": true, "Webhook": true,
}

// convenience is an exported service method written by hand that is not
// one operation of the spec: a helper on top of the operations.
type convenience struct {
	Service, Method string   // "Matters", "SetStageByName"
	What            string   // what it does, for docs/operations.md
	Ops             []string // the operations it calls; its doc comment names each
	NoOp            string   // when it calls no operation of the spec: why
}

// conveniences lists every hand-written convenience, in the order of
// docs/operations.md. The root package's TestOperationsCoverage holds this
// list against the services' exported methods, and
// TestMethodDocsNameTheirOperations against their doc comments, so a new
// helper cannot be left out of the reference.
var conveniences = []convenience{
	{Service: "CalendarEntries", Method: "CreateStatuteOfLimitations",
		What: "files a statute-of-limitations deadline: an all-day entry on the user's calendar and a reminder before it",
		Ops:  []string{"CalendarEntry#create", "Reminder#create"}},
	{Service: "Contacts", Method: "FindByEmail",
		What: "the contacts with an email address, compared case-insensitively, every page",
		Ops:  []string{"Contact#index"}},
	{Service: "CustomFields", Method: "SetMatterValues",
		What: "sets a matter's custom field values by field name (read, then one PATCH with If-Match)",
		Ops:  []string{"Matter#show", "Matter#update"}},
	{Service: "CustomFields", Method: "SetContactValues",
		What: "sets a contact's custom field values by field name (read, then one PATCH with If-Match)",
		Ops:  []string{"Contact#show", "Contact#update"}},
	{Service: "CustomFields", Method: "Values",
		What: "reads a record's custom field values by field name, typed by their definitions",
		Ops:  []string{"CustomField#index"}},
	{Service: "CustomFields", Method: "Definition",
		What: "the cached custom field definition with a name",
		Ops:  []string{"CustomField#index"}},
	{Service: "CustomFields", Method: "Refresh",
		What: "reloads the cached custom field definitions of a parent type",
		Ops:  []string{"CustomField#index"}},
	{Service: "CustomFields", Method: "Invalidate",
		What: "drops the cached custom field definitions",
		NoOp: "it only drops the cache; the next lookup reloads"},
	{Service: "DocumentAutomations", Method: "Wait",
		What: "polls a document automation until it completes and returns its documents",
		Ops:  []string{"DocumentAutomation#show"}},
	{Service: "Documents", Method: "DownloadURL",
		What: "the signed storage URL a document download redirects to, not fetched",
		Ops:  []string{"Document#download"}},
	{Service: "Matters", Method: "SetStage",
		What: "moves a matter to a matter stage by id",
		Ops:  []string{"Matter#update"}},
	{Service: "Matters", Method: "SetStageByName",
		What: "moves a matter to the stage of its practice area with a name",
		Ops:  []string{"Matter#show", "MatterStage#index", "Matter#update"}},
	{Service: "Reports", Method: "Wait",
		What: "polls a report until it completes",
		Ops:  []string{"Report#show"}},
	{Service: "Reports", Method: "CreateAndDownload",
		What: "creates a report, waits for it and streams its file",
		Ops:  []string{"Report#create", "Report#show", "Report#download"}},
	{Service: "Webhooks", Method: "Subscribe",
		What: "creates a webhook and makes a WebhookHandler accept its handshake: an active webhook in one call",
		Ops:  []string{"Webhook#create"}},
	{Service: "Webhooks", Method: "Renew",
		What: "pushes a webhook's expiry forward",
		Ops:  []string{"Webhook#update"}},
	{Service: "Webhooks", Method: "Activate",
		What: "confirms a webhook whose handshake was not echoed: PUT /webhooks/{id}/activate",
		NoOp: "Clio's Webhooks guide documents the call, but the spec does not list it"},
}
