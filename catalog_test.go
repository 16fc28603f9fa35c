package clio

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The catalog is generated from Clio's spec (catalog_gen.go); these tests
// check it through the public fields API.

func TestCatalogAcceptsMatterFields(t *testing.T) {
	for _, fs := range []FieldSet{
		Fields("display_number"),
		Fields(Nested("client", "id", "name")),
		Fields(Nested("custom_field_values", "id", "value", "custom_field")),
		Fields("display_number", "status", Nested("client", "id", "name"), Nested("matter_stage", "name"),
			Nested("custom_field_values", "id", "value", "custom_field")),
		Fields("custom_field_values"), // an association without braces: Clio sends id and etag
	} {
		assert.NoError(t, fs.Validate("Matter"), fs.String())
	}

	fs, err := ParseFields("display_number,client{id,name},custom_field_values{id,value,custom_field}")
	require.NoError(t, err)
	require.NoError(t, fs.Validate("Matter"))
	q, err := fs.query("Matter")
	require.NoError(t, err)
	assert.Equal(t, "id,etag,display_number,client{id,name},custom_field_values{id,value,custom_field}", q)
}

func TestCatalogRejectsInvalidMatterFields(t *testing.T) {
	for _, tc := range []struct {
		fs    FieldSet
		field string
	}{
		{Fields("displaynumber"), "displaynumber"},
		{Fields(Nested("client", "nonexistent")), "client{nonexistent}"},
		{Fields(Nested("display_number", "id")), "display_number{id}"}, // not an association
	} {
		err := tc.fs.Validate("Matter")
		var fe *FieldError
		require.True(t, errors.As(err, &fe), "%s: got %v", tc.field, err)
		assert.Equal(t, "Matter", fe.Resource)
		assert.Equal(t, tc.field, fe.Field)
	}

	// A second nesting level cannot be expressed, whether parsed or built.
	_, err := ParseFields("client{account{id}}")
	var fe *FieldError
	require.True(t, errors.As(err, &fe), "ParseFields: got %v", err)
	assert.Contains(t, fe.Reason, "one level")
	err = Fields(Field("client{account{id}}")).Validate("Matter")
	require.True(t, errors.As(err, &fe), "Validate: got %v", err)
	assert.Contains(t, fe.Reason, "one level")
}

func TestCatalogNestedFullRecords(t *testing.T) {
	// Where the spec nests a full record, its associations may be named
	// inside the braces (Clio returns them as id/etag stubs).
	assert.NoError(t, Fields(Nested("latest_document_version", "uuid", "put_url", "put_headers")).Validate("Document"))
	// Where it nests a base record, only that record's scalar fields are valid.
	assert.Error(t, Fields(Nested("client", "addresses")).Validate("Matter"))
	// Other resources have their own catalogs.
	assert.NoError(t, Fields("summary", "start_at", Nested("calendar_owner", "id", "name")).Validate("CalendarEntry"))
	assert.Error(t, Fields("display_number").Validate("CalendarEntry"))
	assert.Error(t, Fields("id").Validate("NoSuchResource"))
}

func TestCatalogShape(t *testing.T) {
	// The resources the services and the webhook models name.
	for _, res := range []string{"Matter", "Contact", "CustomField", "CustomFieldValue", "CalendarEntry", "Calendar",
		"Reminder", "Document", "DocumentVersion", "DocumentTemplate", "DocumentAutomation", "User", "MatterStage",
		"PracticeArea", "Webhook", "Activity", "Task", "Note", "Bill", "Communication", "Folder", "ClioPaymentsPayment"} {
		require.Contains(t, fieldCatalog, res)
	}
	for res, fields := range fieldCatalog {
		require.NotEmpty(t, fields, res)
		for name, inner := range fields {
			assert.True(t, validFieldName(name), "%s.%s", res, name)
			assert.True(t, slices.IsSorted(inner), "%s.%s inner names not sorted", res, name)
			for _, n := range inner {
				assert.True(t, validFieldName(n), "%s.%s{%s}", res, name, n)
			}
		}
	}
	assert.Nil(t, fieldCatalog["Matter"]["display_number"])
	assert.Contains(t, fieldCatalog["Matter"]["client"], "name")
	assert.Contains(t, fieldCatalog["Matter"]["custom_field_values"], "custom_field")
}
