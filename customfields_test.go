package clio

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const customFieldDefaultFields = "id,etag,name,parent_type,field_type,displayed,deleted,required," +
	"display_order,created_at,updated_at,picklist_options{id,option,deleted_at}"

// defCounts counts the definitions pages served.
type defCounts struct {
	mu           sync.Mutex
	page1, page2 int
	queries      []url.Values
}

// registerMatterDefinitions serves the matter custom field definitions in
// two pages, checking the query of the first.
func registerMatterDefinitions(t *testing.T, mt *httpmock.MockTransport) *defCounts {
	t.Helper()
	d := &defCounts{}
	p1, p2 := fixture(t, "customfields/matter_definitions_page1.json"), fixture(t, "customfields/matter_definitions_page2.json")
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), func(req *http.Request) (*http.Response, error) {
		d.mu.Lock()
		defer d.mu.Unlock()
		q := req.URL.Query()
		d.queries = append(d.queries, q)
		body := p1
		if q.Get("page_token") == "cfp2" {
			d.page2++
			body = p2
		} else {
			d.page1++
		}
		return httpmock.NewStringResponse(200, body), nil
	})
	return d
}

func TestCustomFields_DefinitionsCacheLoad(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	ctx := context.Background()

	d, err := c.CustomFields.Definition(ctx, "matter", "Referral Source")
	require.NoError(t, err)
	assert.Equal(t, int64(13), d.ID)
	assert.Len(t, d.PicklistOptions, 4)
	require.Len(t, defs.queries, 2)
	assert.Equal(t, url.Values{
		"parent_type": {"matter"},
		"fields":      {customFieldDefaultFields},
		"limit":       {"200"},
		"order":       {"id(asc)"},
	}, defs.queries[0])
	assert.Equal(t, "cfp2", defs.queries[1].Get("page_token"))

	// Case-insensitive, from the cache; page 2 names are there too.
	d, err = c.CustomFields.Definition(ctx, "Matter", "hours estimated")
	require.NoError(t, err)
	assert.Equal(t, int64(22), d.ID)
	assert.Equal(t, 1, defs.page1)

	// Deleted definitions are not found (and cause one reload).
	_, err = c.CustomFields.Definition(ctx, "Matter", "Old Intake Code")
	assert.ErrorIs(t, err, ErrUnknownCustomField)
	assert.Equal(t, 2, defs.page1)

	_, err = c.CustomFields.Definition(ctx, "Task", "x")
	assert.ErrorContains(t, err, "Matter or Contact")
}

func TestCustomFields_DefinitionsSingleFlight(t *testing.T) {
	c, mt := newTestClient(t)
	release := make(chan struct{})
	var served int
	var mu sync.Mutex
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		served++
		mu.Unlock()
		<-release
		return httpmock.NewStringResponse(200, fixture(t, "customfields/contact_definitions.json")), nil
	})

	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = c.CustomFields.Definition(context.Background(), "Contact", "Client Since")
		})
	}
	time.Sleep(50 * time.Millisecond) // let the callers pile up on the one fetch
	close(release)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, served)
}

func TestCustomFields_RefreshOnMissingName(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))
	assert.Equal(t, 1, defs.page1)

	// The field was added in Clio after the cache was loaded.
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), jsonResponder(t, 200, "customfields/matter_definitions_refreshed.json"))
	d, err := c.CustomFields.Definition(ctx, "Matter", "Police Report Number")
	require.NoError(t, err)
	assert.Equal(t, int64(23), d.ID)
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+mcURL("custom_fields.json")])
}

func TestCustomFields_SetMatterValues(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "customfields/matter_values.json"))
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "customfields/matter_updated.json"))

	m, err := c.CustomFields.SetMatterValues(context.Background(), 1001, "", map[string]any{
		"Accident Location": "Clark St & Lake St", // has text_line-501: update by composite id
		"Accident Date":     NewDate(2025, 3, 14), // id null placeholder: add
		"Referral Source":   "EXISTING CLIENT",    // picklist label -> option id 202, update picklist-77
		"Claim Portal":      nil,                  // has url-88: destroy
		"Notes":             nil,                  // no value: nothing to send
		"Policy Limit":      1500.5,               // no value: add
		"Adjuster":          &Contact{ID: 610},    // no value: add contact id
	})
	require.NoError(t, err)
	require.Len(t, calls, 2)

	read := calls[0]
	assert.Equal(t, "GET", read.method)
	assert.Equal(t, "id,etag,custom_field_values{id,value,custom_field}", read.query.Get("fields"))
	assert.ElementsMatch(t, []string{"11", "12", "13", "14", "16", "18", "20"}, read.query["custom_field_ids[]"])

	write := calls[1]
	assert.Equal(t, "PATCH", write.method)
	assert.Equal(t, "matters/1001.json", write.path)
	assert.Equal(t, matterETag, write.header.Get("If-Match"))
	assert.Equal(t, url.Values{"fields": {matterDefaultFields}}, write.query)
	assertGoldenJSON(t, "customfields_set_matter_values.json", write.body)

	assert.Equal(t, int64(1001), m.ID)
	require.Len(t, m.CustomFieldValues, 3)
	assert.Equal(t, CompositeID("date-906"), m.CustomFieldValues[0].ID)
	assert.JSONEq(t, `"202"`, string(m.CustomFieldValues[2].Value))
	assert.Equal(t, 1, defs.page1)
}

func TestCustomFields_DefinitionsFetchedOnceForManyUpdates(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "customfields/matter_values.json"))
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), jsonResponder(t, 200, "customfields/matter_updated.json"))

	for i := range 5 {
		_, err := c.CustomFields.SetMatterValues(context.Background(), 1001, "", map[string]any{
			"Hours Estimated": i, "Injuries Documented": i%2 == 0,
		})
		require.NoError(t, err)
	}
	assert.Equal(t, 1, defs.page1)
	assert.Equal(t, 1, defs.page2)
	assert.Equal(t, 5, mt.GetCallCountInfo()["PATCH "+mcURL("matters/1001.json")])
}

func TestCustomFields_RefusedBeforeAnyRequest(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))
	mt.ZeroCallCounters()
	loads := defs.page1

	// Wrong type: refused from the cache, nothing sent at all.
	_, err := c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Accident Date": 20250314})
	require.ErrorIs(t, err, ErrCustomFieldValue)
	var cfe *CustomFieldError
	require.ErrorAs(t, err, &cfe)
	assert.Equal(t, "Accident Date", cfe.Name)
	assert.Equal(t, "date", cfe.FieldType)
	assert.Equal(t, "Matter", cfe.ParentType)
	assert.NotContains(t, err.Error(), "20250314", "values stay out of error strings")
	assert.Zero(t, mt.GetTotalCallCount())

	// An empty string would be dropped from the entry and change nothing:
	// refused, pointing at nil.
	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Accident Location": ""})
	require.ErrorIs(t, err, ErrCustomFieldValue)
	assert.ErrorContains(t, err, "use nil to clear")
	assert.Zero(t, mt.GetTotalCallCount())

	// Unknown name: one refresh of the definitions, nothing else.
	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Statute Date": "2025-03-14", "Notes": "ok"})
	require.ErrorIs(t, err, ErrUnknownCustomField)
	require.ErrorAs(t, err, &cfe)
	assert.Equal(t, "Statute Date", cfe.Name)
	assert.Equal(t, loads+1, defs.page1, "one reload of the definitions")
	assert.Zero(t, mt.GetCallCountInfo()["GET "+mcURL("matters/1001.json")])
	assert.Zero(t, mt.GetCallCountInfo()["PATCH "+mcURL("matters/1001.json")])

	// Every bad entry is reported.
	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Accident Date": true, "Policy Limit": "lots"})
	assert.ErrorContains(t, err, `"Accident Date"`)
	assert.ErrorContains(t, err, `"Policy Limit"`)
	assert.Zero(t, mt.GetCallCountInfo()["GET "+mcURL("matters/1001.json")])
}

func TestCustomFields_RetryOn412(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	var calls []mcCall
	reads := 0
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), func(req *http.Request) (*http.Response, error) {
		reads++
		name := "customfields/matter_values.json"
		if reads > 1 {
			name = "customfields/matter_values_after_412.json" // someone added the Accident Date meanwhile
		}
		return mcRecord(t, &calls, 200, name)(req)
	})
	patches := 0
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), func(req *http.Request) (*http.Response, error) {
		patches++
		if patches == 1 {
			return mcRecord(t, &calls, 412, "core/error_412.json")(req)
		}
		return mcRecord(t, &calls, 200, "customfields/matter_updated.json")(req)
	})

	_, err := c.CustomFields.SetMatterValues(context.Background(), 1001, "", map[string]any{"Accident Date": "2025-03-14"})
	require.NoError(t, err)
	require.Len(t, calls, 4)
	assert.Equal(t, []string{"GET", "PATCH", "GET", "PATCH"}, []string{calls[0].method, calls[1].method, calls[2].method, calls[3].method})
	assert.Equal(t, matterETag, calls[1].header.Get("If-Match"))
	assert.JSONEq(t, `{"data":{"custom_field_values":[{"custom_field":{"id":11},"value":"2025-03-14"}]}}`, string(calls[1].body))
	// After the re-read the value exists, so it is updated, not added twice.
	assert.Equal(t, `"8e4f60718293a4b5c63d7e8f90a1b2c3"`, calls[3].header.Get("If-Match"))
	assertGoldenJSON(t, "customfields_retry_after_412.json", calls[3].body)
}

func TestCustomFields_412Bounded(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "customfields/matter_values.json"))
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), jsonResponder(t, 412, "core/error_412.json"))

	_, err := c.CustomFields.SetMatterValues(context.Background(), 1001, "", map[string]any{"Notes": "n"})
	require.ErrorIs(t, err, ErrPreconditionFailed)
	assert.Equal(t, 3, mt.GetCallCountInfo()["PATCH "+mcURL("matters/1001.json")])
	assert.Equal(t, 3, mt.GetCallCountInfo()["GET "+mcURL("matters/1001.json")])

	// The caller's own etag: one attempt, sent as If-Match.
	mt.ZeroCallCounters()
	var calls []mcCall
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 412, "core/error_412.json"))
	_, err = c.CustomFields.SetMatterValues(context.Background(), 1001, `"held-etag"`, map[string]any{"Notes": "n"})
	require.ErrorIs(t, err, ErrPreconditionFailed)
	require.Len(t, calls, 1)
	assert.Equal(t, `"held-etag"`, calls[0].header.Get("If-Match"))
}

func TestCustomFields_ClearOnlyAbsentSendsNoPatch(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "customfields/matter_values.json"))

	_, err := c.CustomFields.SetMatterValues(context.Background(), 1001, "", map[string]any{"Notes": nil})
	require.NoError(t, err)
	require.Len(t, calls, 2) // the read, then a plain Get for the result
	assert.Equal(t, matterDefaultFields, calls[1].query.Get("fields"))
	assert.Zero(t, mt.GetCallCountInfo()["PATCH "+mcURL("matters/1001.json")])
}

func TestCustomFields_SetContactValues(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), mcRecord(t, &calls, 200, "customfields/contact_definitions.json"))
	mt.RegisterResponder("GET", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "customfields/contact_values.json"))
	mt.RegisterResponder("PATCH", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "customfields/contact_updated.json"))

	ct, err := c.CustomFields.SetContactValues(context.Background(), 501, "", map[string]any{
		"Preferred Language": "spanish",
		"Client Since":       time.Date(2021, 5, 4, 23, 30, 0, 0, time.UTC),
	})
	require.NoError(t, err)
	require.Len(t, calls, 3)
	assert.Equal(t, "contact", calls[0].query.Get("parent_type"))
	assert.Equal(t, "contacts/501.json", calls[1].path)
	assert.ElementsMatch(t, []string{"31", "32"}, calls[1].query["custom_field_ids[]"])
	assert.Equal(t, "PATCH", calls[2].method)
	assert.Equal(t, `"0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"`, calls[2].header.Get("If-Match"))
	assert.Equal(t, contactDefaultFields, calls[2].query.Get("fields"))
	assertGoldenJSON(t, "customfields_set_contact_values.json", calls[2].body)
	require.Len(t, ct.CustomFieldValues, 2)
	assert.Equal(t, CompositeID("date-802"), ct.CustomFieldValues[1].ID)
}

func TestCustomFields_ValueEncoding(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))

	good := []struct {
		name string
		in   any
		want string
	}{
		{"Accident Date", NewDate(2025, 3, 14), "2025-03-14"},
		{"Accident Date", time.Date(2025, 3, 14, 22, 0, 0, 0, time.FixedZone("X", -6*3600)), "2025-03-14"},
		{"Accident Date", "2025-03-14", "2025-03-14"},
		{"Injuries Documented", true, "true"},
		{"Injuries Documented", false, "false"},
		{"Policy Limit", 250000, "250000"},
		{"Policy Limit", 1500.25, "1500.25"},
		{"Policy Limit", float32(0.5), "0.5"},
		{"Policy Limit", "99.90", "99.90"},
		{"Hours Estimated", int64(12), "12"},
		{"Hours Estimated", uint8(7), "7"},
		{"Accident Location", "Clark St", "Clark St"},
		{"Notes", "line one\nline two", "line one\nline two"},
		{"Claim Portal", "https://claims.example.com/c/77", "https://claims.example.com/c/77"},
		{"Adjuster Email", "adjuster@insurer.example", "adjuster@insurer.example"},
		{"Referral Source", "Web Search", "201"},
		{"Referral Source", "advertisement", "204"},
		{"Referral Source", int64(202), "202"},
		{"Adjuster", int64(610), "610"},
		{"Adjuster", &Contact{ID: 611}, "611"},
		{"Related Matter", &Matter{ID: 1002}, "1002"},
		{"Related Matter", 1003, "1003"},
	}
	for _, tc := range good {
		ch, err := c.CustomFields.resolve(ctx, "Matter", map[string]any{tc.name: tc.in})
		require.NoError(t, err, "%s %T", tc.name, tc.in)
		assert.Equal(t, tc.want, ch[0].value, "%s %T", tc.name, tc.in)
		assert.False(t, ch[0].clear)
	}

	bad := []struct {
		name string
		in   any
	}{
		{"Accident Date", "03/14/2025"},
		{"Accident Date", Date{}},
		{"Accident Date", 20250314},
		{"Injuries Documented", "yes"},
		{"Policy Limit", "1,500"},
		{"Policy Limit", true},
		{"Accident Location", 42},
		{"Claim Portal", "claims portal"},
		{"Adjuster Email", "Adjuster <adjuster@insurer.example>"},
		{"Adjuster Email", "not-an-email"},
		{"Referral Source", "Attorney Referral"}, // deleted option
		{"Referral Source", int64(999)},
		{"Referral Source", 1.5},
		{"Adjuster", "Lakeshore Medical"},
		{"Adjuster", int64(0)},
		{"Related Matter", &Contact{ID: 1}},
	}
	for _, tc := range bad {
		_, err := c.CustomFields.resolve(ctx, "Matter", map[string]any{tc.name: tc.in})
		assert.ErrorIs(t, err, ErrCustomFieldValue, "%s %T %v", tc.name, tc.in, tc.in)
	}

	ch, err := c.CustomFields.resolve(ctx, "Matter", map[string]any{"Adjuster": (*Contact)(nil), "Notes": nil})
	require.NoError(t, err)
	assert.True(t, ch[0].clear)
	assert.True(t, ch[1].clear)

	_, err = c.CustomFields.resolve(ctx, "Matter", map[string]any{"Notes": "a", "notes": "b"})
	assert.ErrorContains(t, err, "same custom field")
}

func TestCustomFields_List(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), mcRecord(t, &calls, 200, "customfields/list.json"))

	got, err := c.CustomFields.List(CustomFieldListParams{
		ParentType: "Matter", FieldType: "picklist", Deleted: Set(false), Query: "Referral",
	}).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{
		"parent_type": {"matter"},
		"field_type":  {"picklist"},
		"deleted":     {"false"},
		"query":       {"Referral"},
		"fields":      {customFieldDefaultFields},
		"limit":       {"200"},
		"order":       {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 1)
	assert.Equal(t, "Referral Source", got[0].Name)
	assert.Equal(t, "picklist", string(got[0].FieldType))
}

func TestCustomFields_Get(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("custom_fields/13.json"), mcRecord(t, &calls, 200, "customfields/show.json"))

	d, err := c.CustomFields.Get(context.Background(), 13)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, url.Values{"fields": {customFieldDefaultFields}}, calls[0].query)
	assert.Equal(t, "Referral Source", d.Name)
	assert.Equal(t, "Matter", string(d.ParentType))
	assert.True(t, d.Displayed)
	require.Len(t, d.PicklistOptions, 3)
	assert.Equal(t, "Existing Client", d.PicklistOptions[1].Option)
	assert.False(t, d.PicklistOptions[2].DeletedAt.IsZero())
}

func TestCustomFields_CreateUpdateDelete(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("custom_fields.json"), mcRecord(t, &calls, 201, "customfields/created.json"))
	mt.RegisterResponder("PATCH", mcURL("custom_fields/13.json"), mcRecord(t, &calls, 200, "customfields/updated.json"))
	mt.RegisterResponder("DELETE", mcURL("custom_fields/24.json"), mcRecord(t, &calls, 204, ""))
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))

	d, err := c.CustomFields.Create(ctx, CustomFieldCreate{
		Name: "Venue", FieldType: "picklist", ParentType: "matter",
		Displayed: Set(true), Required: Set(true),
		PicklistOptions: []PicklistOptionInput{{Option: String("Cook County")}, {Option: String("DuPage County")}},
	})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, url.Values{"fields": {customFieldDefaultFields}}, calls[0].query)
	assertGoldenJSON(t, "customfields_create.json", calls[0].body)
	assert.Equal(t, int64(24), d.ID)
	assert.Len(t, d.PicklistOptions, 2)

	u, err := c.CustomFields.Update(ctx, 13, `"c0000000000000000000000000000013"`, CustomFieldUpdate{
		PicklistOptions: []PicklistOptionInput{
			{ID: Int64(201), Option: String("Online Search")},
			{ID: Int64(202), Deleted: Bool(true)},
			{Option: String("Billboard")},
		},
	})
	require.NoError(t, err)
	require.Len(t, calls, 2)
	assert.Equal(t, "PATCH", calls[1].method)
	assert.Equal(t, `"c0000000000000000000000000000013"`, calls[1].header.Get("If-Match"))
	assertGoldenJSON(t, "customfields_update.json", calls[1].body)
	assert.Equal(t, "Online Search", u.PicklistOptions[0].Option)

	require.NoError(t, c.CustomFields.Delete(ctx, 24))
	require.Len(t, calls, 3)
	assert.Equal(t, "DELETE", calls[2].method)
	assert.Equal(t, "custom_fields/24.json", calls[2].path)

	// Writes drop the cache: the next lookup reloads.
	_, err = c.CustomFields.Definition(ctx, "Matter", "Notes")
	require.NoError(t, err)
	assert.Equal(t, 2, defs.page1)

	// Local refusals.
	for _, bad := range []CustomFieldCreate{
		{FieldType: "text_line", ParentType: "Matter"},
		{Name: "x", FieldType: "textline", ParentType: "Matter"},
		{Name: "x", FieldType: "text_line", ParentType: "Task"},
	} {
		_, err := c.CustomFields.Create(ctx, bad)
		assert.Error(t, err)
	}
	assert.Len(t, calls, 3)
}

func TestCustomFields_ErrorsIs(t *testing.T) {
	unknown := &CustomFieldError{ParentType: "Matter", Name: "X", Reason: "no such custom field", unknown: true}
	assert.True(t, errors.Is(unknown, ErrUnknownCustomField))
	assert.False(t, errors.Is(unknown, ErrCustomFieldValue))
	bad := &CustomFieldError{ParentType: "Matter", Name: "X", FieldType: "date", Reason: "r"}
	assert.True(t, errors.Is(bad, ErrCustomFieldValue))
	assert.Equal(t, `clio: Matter custom field "X" (date): r`, bad.Error())
}

// ---- reading values by name ----

// The fixtures are synthetic, shaped from the spec's CustomFieldValue
// schema (CustomFieldValue_base plus custom_field{id} and, for picklists,
// picklist_option{id,option}); see testdata/README.md.

func TestCustomFields_ValuesByNameEveryType(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "customfields/matter_values_by_name.json"))
	ctx := context.Background()

	m, err := c.Matters.Get(ctx, 1001)
	require.NoError(t, err)
	got, err := c.CustomFields.Values(ctx, CustomFieldParentTypeMatter, m.CustomFieldValues)
	require.NoError(t, err)

	assert.Equal(t, map[string]any{
		"Accident Date":       NewDate(2025, 3, 14),                  // date -> Date
		"Accident Location":   "Clark St & Lake St",                  // text_line -> string
		"Referral Source":     "Existing Client",                     // picklist option id 202 -> its label
		"Policy Limit":        250000.5,                              // currency -> float64
		"Injuries Documented": true,                                  // checkbox -> bool
		"Adjuster":            int64(610),                            // contact -> id
		"Related Matter":      int64(1002),                           // matter -> id
		"Claim Portal":        "https://claims.example.com/c/77",     // url -> string
		"Adjuster Email":      "adjuster@insurer.example",            // email -> string
		"Notes":               "Rear bumper.\nNo airbag deployment.", // text_area -> string
		"Hours Estimated":     12.5,                                  // numeric -> float64
		"Time Of Accident":    "14:30:00",                            // time -> string as sent
	}, got.Values)

	// The value of the deleted definition is reported, not dropped.
	require.Len(t, got.Unread, 1)
	assert.Equal(t, UnreadCustomFieldValue{
		ID: "text_line-908", FieldID: 21, Name: "Old Intake Code", FieldType: "text_line",
		Reason: "the custom field is deleted", Value: json.RawMessage(`"LEGACY-7"`),
	}, got.Unread[0])

	// Every definition was known: the definitions were listed once.
	assert.Equal(t, 1, defs.page1)

	// The result has the shape the setters take: it writes back as is.
	var writes int
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), func(req *http.Request) (*http.Response, error) {
		writes++
		return httpmock.NewStringResponse(200, fixture(t, "customfields/matter_updated.json")), nil
	})
	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", got.Values)
	require.NoError(t, err)
	assert.Equal(t, 1, writes)
}

func TestCustomFields_ValuesRefreshOnUnknownDefinition(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))

	// Since the cache was loaded, Clio gained the field "Police Report
	// Number" (23) and the picklist option "Billboard" (205).
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), jsonResponder(t, 200, "customfields/matter_definitions_refreshed.json"))
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "customfields/matter_values_unknown_fields.json"))
	mt.ZeroCallCounters()
	m, err := c.Matters.Get(ctx, 1001)
	require.NoError(t, err)

	got, err := c.CustomFields.Values(ctx, "matter", m.CustomFieldValues)
	require.NoError(t, err)
	defsURL := "GET " + mcURL("custom_fields.json")
	assert.Equal(t, 1, mt.GetCallCountInfo()[defsURL], "one reload for the new field and option")
	assert.Equal(t, map[string]any{
		"Accident Date":        NewDate(2025, 3, 14),
		"Police Report Number": "RD-2025-0412",
		"Referral Source":      "Billboard",
	}, got.Values)

	// Id 99 is unknown even after the reload: reported with the entry's
	// own name, never dropped.
	require.Len(t, got.Unread, 1)
	u := got.Unread[0]
	assert.Equal(t, int64(99), u.FieldID)
	assert.Equal(t, "Intake Channel", u.Name)
	assert.Equal(t, CompositeID("text_line-922"), u.ID)
	assert.Contains(t, u.Reason, "no Matter custom field has this id")

	// The id that stayed unknown does not reload the definitions again on
	// the next read (a list of many records carrying it costs one reload).
	again, err := c.CustomFields.Values(ctx, "Matter", m.CustomFieldValues)
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetCallCountInfo()[defsURL])
	assert.Equal(t, got, again)

	// After Invalidate it is tried again.
	c.CustomFields.Invalidate()
	_, err = c.CustomFields.Values(ctx, "Matter", m.CustomFieldValues)
	require.NoError(t, err)
	assert.Equal(t, 2, mt.GetCallCountInfo()[defsURL])
}

func TestCustomFields_ValuesPicklistLabels(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	ctx := context.Background()
	pick := func(raw string) CustomFieldValue {
		return CustomFieldValue{ID: "picklist-77", CustomField: &CustomField{ID: 13}, Value: json.RawMessage(raw)}
	}
	for raw, want := range map[string]string{
		`"201"`: "Web Search",
		`204`:   "Advertisement",     // a JSON number
		`"203"`: "Attorney Referral", // a deleted option still has its label
	} {
		got, err := c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{pick(raw)})
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"Referral Source": want}, got.Values, raw)
		assert.Empty(t, got.Unread, raw)
	}
	assert.Equal(t, 1, defs.page1, "known options need no reload")

	// An option id the definitions lack, even after the one reload.
	got, err := c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{pick(`"999"`)})
	require.NoError(t, err)
	assert.Empty(t, got.Values)
	require.Len(t, got.Unread, 1)
	assert.Equal(t, "no option of this picklist has this id", got.Unread[0].Reason)
	assert.Equal(t, 2, defs.page1)
}

func TestCustomFields_ValuesLenientDecoding(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))
	ids := map[string]int64{"Accident Date": 11, "Accident Location": 12, "Policy Limit": 14, "Injuries Documented": 15,
		"Adjuster": 16, "Related Matter": 17, "Hours Estimated": 22, "Time Of Accident": 25}
	entry := func(name, raw string) CustomFieldValue {
		return CustomFieldValue{ID: "x-1", CustomField: &CustomField{ID: ids[name]}, Value: json.RawMessage(raw)}
	}

	good := []struct {
		name, raw string
		want      any
	}{
		{"Injuries Documented", `true`, true},
		{"Injuries Documented", `"true"`, true},
		{"Injuries Documented", `"1"`, true},
		{"Injuries Documented", `1`, true},
		{"Injuries Documented", `false`, false},
		{"Injuries Documented", `"false"`, false},
		{"Injuries Documented", `"0"`, false},
		{"Injuries Documented", `0`, false},
		{"Policy Limit", `1500.25`, 1500.25},
		{"Policy Limit", `"1500.25"`, 1500.25},
		{"Policy Limit", `"99.90"`, 99.9},
		{"Hours Estimated", `12`, 12.0},
		{"Hours Estimated", `"-3"`, -3.0},
		{"Accident Date", `"2025-03-14"`, NewDate(2025, 3, 14)},
		{"Accident Date", `"2025-03-14T23:30:00-06:00"`, NewDate(2025, 3, 14)}, // the date as written
		{"Adjuster", `"610"`, int64(610)},
		{"Adjuster", `610`, int64(610)},
		{"Adjuster", `{"id": 610, "name": "Lakeshore Medical"}`, int64(610)},
		{"Related Matter", `{"id": "1002"}`, int64(1002)},
		{"Accident Location", `"Clark St"`, "Clark St"},
		{"Accident Location", `42`, "42"},
		{"Time Of Accident", `"2:30 PM"`, "2:30 PM"},
	}
	for _, tc := range good {
		got, err := c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{entry(tc.name, tc.raw)})
		require.NoError(t, err)
		assert.Equal(t, map[string]any{tc.name: tc.want}, got.Values, "%s %s", tc.name, tc.raw)
		assert.Empty(t, got.Unread, "%s %s", tc.name, tc.raw)
	}

	bad := []struct{ name, raw, reason string }{
		{"Injuries Documented", `"yes"`, "not a checkbox value"},
		{"Injuries Documented", `2`, "not a checkbox value"},
		{"Policy Limit", `"1,500"`, "not a number"},
		{"Policy Limit", `true`, "not a number"},
		{"Hours Estimated", `"NaN"`, "not a number"},
		{"Accident Date", `"03/14/2025"`, "not a date (want YYYY-MM-DD)"},
		{"Accident Date", `20250314`, "not a date string"},
		{"Adjuster", `"Lakeshore Medical"`, "not a record id"},
		{"Adjuster", `0`, "not a record id"},
		{"Related Matter", `{"display_number": "00012-Doe"}`, "not a record id"},
		{"Accident Location", `true`, "not a text value"},
		{"Accident Location", `["a"]`, "not a text value"},
	}
	for _, tc := range bad {
		got, err := c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{entry(tc.name, tc.raw)})
		require.NoError(t, err)
		assert.Empty(t, got.Values, "%s %s", tc.name, tc.raw)
		if assert.Len(t, got.Unread, 1, "%s %s", tc.name, tc.raw) {
			u := got.Unread[0]
			assert.Equal(t, tc.reason, u.Reason, "%s %s", tc.name, tc.raw)
			assert.Equal(t, tc.name, u.Name)
			assert.JSONEq(t, tc.raw, string(u.Value))
		}
	}

	// No value: null, "", an id-less placeholder (spec: a displayed field
	// with no value) are simply absent.
	got, err := c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{
		entry("Accident Date", `null`), entry("Accident Location", `""`),
		{CustomField: &CustomField{ID: 14}},
		{CustomField: &CustomField{ID: 15}, Value: json.RawMessage(`null`)},
	})
	require.NoError(t, err)
	assert.Empty(t, got.Values)
	assert.Empty(t, got.Unread)

	// Entries read without value or custom_field are reported with what to
	// request; duplicates of one definition keep the first.
	got, err = c.CustomFields.Values(ctx, "Matter", []CustomFieldValue{
		{ID: "date-901", CustomField: &CustomField{ID: 11}},
		{ID: "text_line-501", FieldName: "Accident Location", Value: json.RawMessage(`"Clark St"`)},
		entry("Policy Limit", `"10"`), entry("Policy Limit", `"20"`),
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"Policy Limit": 10.0}, got.Values)
	require.Len(t, got.Unread, 3)
	assert.Contains(t, got.Unread[0].Reason, "request custom_field_values{value}")
	assert.Contains(t, got.Unread[1].Reason, "request custom_field_values{custom_field}")
	assert.Equal(t, "Accident Location", got.Unread[1].Name)
	assert.Equal(t, "a second value for the same custom field", got.Unread[2].Reason)

	_, err = c.CustomFields.Values(ctx, "Task", nil)
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

func TestCustomFields_ValuesDefinitionsError(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", mcURL("custom_fields.json"), jsonResponder(t, 404, "core/error_404.json"))
	got, err := c.CustomFields.Values(context.Background(), "Contact", []CustomFieldValue{
		{ID: "date-1", CustomField: &CustomField{ID: 32}, Value: json.RawMessage(`"2021-05-04"`)},
	})
	require.ErrorIs(t, err, ErrNotFound)
	assert.Nil(t, got.Values)
}

func TestCustomFields_RefusalsAreArgumentErrors(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))
	mt.ZeroCallCounters()

	var ae *ArgumentError
	_, err := c.CustomFields.Create(ctx, CustomFieldCreate{FieldType: "text_line", ParentType: "Matter"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Name", ae.Param)

	_, err = c.CustomFields.Create(ctx, CustomFieldCreate{Name: "x", FieldType: "TextLine", ParentType: "Matter"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "FieldType", ae.Param)
	assert.Equal(t, "text_line", ae.Suggestion)
	assert.ErrorContains(t, err, `did you mean "text_line"?`)

	_, err = c.CustomFields.Create(ctx, CustomFieldCreate{Name: "x", FieldType: "text_line", ParentType: "Task"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "ParentType", ae.Param)

	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", nil)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "values", ae.Param)

	// The empty-string refusal: still a CustomFieldError naming the field,
	// and now an ArgumentError too.
	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Accident Location": ""})
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.ErrorIs(t, err, ErrCustomFieldValue)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, `Matter custom field "Accident Location"`, ae.Param)
	assert.Equal(t, "empty string (use nil to clear)", ae.Problem)
	assert.EqualError(t, err, `clio: Matter custom field "Accident Location" (text_line): empty string (use nil to clear)`)

	_, err = c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"No Such Field": "x"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.ErrorIs(t, err, ErrUnknownCustomField)

	_, err = c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "d", CustomFields: map[string]any{"Policy Limit": "lots"}})
	require.ErrorIs(t, err, ErrInvalidArgument)

	assert.Equal(t, 2, mt.GetTotalCallCount(), "only the (two-page) reload for the unknown name")
}

// Issue 18 item 6: a misspelt custom field name comes with the closest
// defined one, as a misspelt field name does; a name near nothing gets no
// suggestion.
func TestCustomFields_UnknownNameSuggestsClosest(t *testing.T) {
	c, mt := newTestClient(t)
	registerMatterDefinitions(t, mt)
	ctx := context.Background()
	require.NoError(t, c.CustomFields.Refresh(ctx, "Matter"))

	_, err := c.CustomFields.SetMatterValues(ctx, 1001, "", map[string]any{"Acident date": "2025-03-14"})
	require.ErrorIs(t, err, ErrUnknownCustomField)
	var cfe *CustomFieldError
	require.ErrorAs(t, err, &cfe)
	assert.Equal(t, "Accident Date", cfe.Suggestion)
	assert.ErrorContains(t, err, `custom field "Acident date": no such custom field (did you mean "Accident Date"?)`)
	var ae *ArgumentError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Accident Date", ae.Suggestion)

	_, err = c.CustomFields.Definition(ctx, "Matter", "Hours Estimatd")
	require.ErrorAs(t, err, &cfe)
	assert.Equal(t, "Hours Estimated", cfe.Suggestion)

	_, err = c.CustomFields.Definition(ctx, "Matter", "Opposing Counsel Fax")
	require.ErrorAs(t, err, &cfe)
	assert.Empty(t, cfe.Suggestion)
	assert.NotContains(t, err.Error(), "did you mean")
}
