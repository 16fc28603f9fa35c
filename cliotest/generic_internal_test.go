package cliotest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookModelOf: the generic writes deliver events for exactly the
// webhook models served from the spec, derived from webhookSchemas.
func TestWebhookModelOf(t *testing.T) {
	assert.Equal(t, map[string]string{"Activity": "activity", "Bill": "bill", "Communication": "communication",
		"Task": "task", "Folder": "folder", "ClioPaymentsPayment": "clio_payments_payment"}, webhookModelOf)
	for schema := range webhookModelOf {
		assert.True(t, opIndex.served[schema], schema)
	}
}

// TestLookup finds records of every kind by schema and id: each
// hand-modelled table, a generic table, and nothing for a missing id or
// an unknown kind.
func TestLookup(t *testing.T) {
	s := NewServer(t)
	d := s.Demo()
	found := map[string]int64{
		"Matter": d.JaneDoeMatterID, "Contact": d.JaneDoeID, "User": d.AttorneyID, "Calendar": d.FirmCalendarID,
		"CalendarEntry": d.IntakeCallEntryID, "PracticeArea": d.PersonalInjuryID, "CustomField": d.AccidentDateFieldID,
		"Document": d.PoliceReportDocumentID, "DocumentTemplate": d.RetainerTemplateID,
	}
	task, err := s.SeedJSON("Task", `{"name": "Call"}`)
	require.NoError(t, err)
	found["Task"] = task
	for record, id := range found {
		n, ok := s.lookup(record, id)
		assert.True(t, ok, record)
		assert.NotNil(t, n, record)
		_, ok = s.lookup(record, 99999999)
		assert.False(t, ok, record)
	}
	for record := range s.handTables {
		assert.True(t, handRecords[record], record)
	}
	_, ok := s.lookup("Bill", task)
	assert.False(t, ok, "no table of bills yet")
	_, ok = s.lookup("NoSuchRecord", 1)
	assert.False(t, ok)
}
