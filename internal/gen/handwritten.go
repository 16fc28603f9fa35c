package main

// What the SDK writes by hand. The generator emits one method per
// operation of the spec except those listed here, and one service type per
// resource except the services declared by hand. Both tables are checked
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
