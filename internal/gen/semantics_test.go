package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSemanticsNameRealFields: every key of the semantic table names a
// property, body field or query parameter of the committed index, so a
// stale entry cannot silently stop applying.
func TestSemanticsNameRealFields(t *testing.T) {
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	for key, m := range semantics {
		if op, param, ok := strings.Cut(key, "?"); ok {
			assert.True(t, hasQueryParam(s, op, param), "%s: no such query parameter", key)
			continue
		}
		p, _, err := resolveFieldDocKey(s, key)
		if !assert.NoError(t, err, key) {
			continue
		}
		switch m.kind {
		case kindDate:
			assert.NotEqual(t, "date", p.Format, "%s: already a date in the spec; the table holds departures", key)
		case kindMoney:
			assert.Contains(t, []string{"number", "integer", "string"}, p.Type, key)
		}
		if m.kind.goType() != "" && m.kind != kindMoney {
			assert.NotEmpty(t, m.reason, "%s changes the spec's type without a reason", key)
		}
	}
}

func hasQueryParam(s *spec, id, name string) bool {
	for _, methods := range s.paths {
		for _, o := range methods {
			if o.OperationID != id {
				continue
			}
			for _, p := range o.Parameters {
				if p.Name == name {
					return true
				}
			}
		}
	}
	return false
}

// TestSemanticsApply: the table reaches the generated code: calendar dates
// the spec types date-time are Date in models, bodies and params, money is
// Decimal, a time of day is TimeOfDay, and the doc comment says the unit.
func TestSemanticsApply(t *testing.T) {
	files, err := generate("spec-index.json")
	require.NoError(t, err)
	models, services := string(files["models_gen.go"]), string(files["services_gen.go"])
	for _, want := range []string{
		"MatterStageUpdatedAt Date `json:\"matter_stage_updated_at,omitzero\"`",
		"Total Decimal `json:\"total,omitzero\"`",
		"TaxableSubTotal Decimal", // integer money in the spec
		"Balance Decimal",         // Grant_base.balance, a string in the spec
		"Rate Ratio",              // "1/3"
		"TimeOfDay TimeOfDay",     // ReportSchedule
		"Duration Minutes",        // Reminder
		"seconds of work for a TimeEntry",
	} {
		assert.True(t, strings.Contains(models, want), "models_gen.go lacks %q", want)
	}
	for _, want := range []string{
		"DueAt Opt[Date] `json:\"due_at,omitzero\"`",                // Task#create, typed date-time
		"StartDate Date\n",                                          // Activity#index?start_date
		"qSetDate(q, \"end_date\", p.EndDate)",                      // sent YYYY-MM-DD
		"Price Opt[Decimal]",                                        // Activity#create
		"ReceivedAt Opt[time.Time]",                                 // Communication#update, a plain string in the spec
		"CascadingOffsetType TaskTemplateCreateCascadingOffsetType", // the swapped enums
		"Type DiscountBaseType",                                     // LineItem#update discount.type, a boolean in the spec
	} {
		assert.True(t, strings.Contains(services, want), "services_gen.go lacks %q", want)
	}
	assert.False(t, strings.Contains(services, "TaskCreateCascadingOffsetType"), "the swapped enum is not generated")
	assert.True(t, strings.Contains(string(files[fakeFile]), `"due_at": {t: jString, format: "date"}`), "the fake checks a task's due date as a date")
	assert.True(t, strings.Contains(string(files[semanticsDoc]), "| `Task#create.due_at` | calendar date |"))
}
