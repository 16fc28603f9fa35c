package main

import (
	"strings"
	"testing"
)

// TestFakeTable checks the rules the fake's table is built with on the
// committed index: the generic list filters, and the body corrections the
// SDK applies (so the fake takes every body the SDK sends).
func TestFakeTable(t *testing.T) {
	files, err := generate("spec-index.json")
	if err != nil {
		t.Fatal(err)
	}
	src := string(files[fakeFile])
	for _, want := range []string{
		// <assoc>_id filters by the association's id.
		`{name: "matter_id", t: jInteger, match: matchRef, field: "matter"}`,
		// An enum filter equal to the field's values ignoring case: its
		// values exactly, and the record's spelling of each.
		`{name: "priority", t: jString, enum: []string{"high", "normal", "low"}, match: matchEq, field: "priority", stored: []string{"High", "Normal", "Low"}}`,
		// An enum filter spelled as the field is needs no stored spelling.
		`{name: "state", t: jString, enum: []string{"draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted"}, match: matchEq, field: "state"}`,
		// A list parameter carries its items' values.
		`{name: "statuses[]", t: jArray, enum: []string{"pending", "in_progress", "in_review", "complete", "draft"}}`,
		// An enum of operators is no value set.
		`{name: "custom_field_values", t: jString}`,
		// A record's string field carries its enum.
		`"state": {t: jString, enum: []string{"draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted"}}`,
		// A boolean filter named as a boolean field.
		`{name: "flat_rate", t: jBoolean, match: matchEq, field: "flat_rate"}`,
		// A filter whose values differ from the field's is not equality
		// (BankAccount type: OperatingAccount|TrustAccount vs Operating|Trust).
		`{name: "type", t: jString, enum: []string{"OperatingAccount", "TrustAccount"}}, {name: "updated_since"`,
		// Note#create: matter and contact are not both required (override).
		`{id: "Note#create", method: "POST", path: "/notes.json", record: "Note", action: "create", body: &shape{t: jObject, required: []string{"type"}`,
		// custom_field_values[].id is a composite string id (override).
		`"id": {t: jStringOrInteger}`,
		// multiparts[].content_length is a number (override).
		`"content_length": {t: jInteger}`,
		// A view of another record under its owner's name refers to it.
		`"calendar_entry": {ref: "CalendarEntry"}`,
		// A delete names the record it removes.
		`{id: "Activity#destroy", method: "DELETE", path: "/activities/{id}.json", record: "Activity", action: "destroy"}`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("%s lacks %s", fakeFile, want)
		}
	}
}
