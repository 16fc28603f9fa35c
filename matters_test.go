package clio

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mcCall is one request seen by an mcRecord responder.
type mcCall struct {
	method string
	path   string // without the /api/v4 prefix
	query  url.Values
	header http.Header
	body   []byte
}

// mcRecord answers with status and testdata/<name>, appending the request
// to calls.
func mcRecord(t *testing.T, calls *[]mcCall, status int, name string) httpmock.Responder {
	t.Helper()
	body := ""
	if name != "" {
		body = fixture(t, name)
	}
	return func(req *http.Request) (*http.Response, error) {
		*calls = append(*calls, mcCall{
			method: req.Method,
			path:   req.URL.Path[len("/api/v4/"):],
			query:  req.URL.Query(),
			header: req.Header.Clone(),
			body:   readBody(t, req),
		})
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	}
}

func mcURL(path string) string { return testBaseURL + "/" + path }

const (
	matterDefaultFields = "id,etag,number,display_number,custom_number,description,status,location," +
		"client_reference,client_id,billable,billing_method,open_date,pending_date,close_date," +
		"last_activity_date,matter_stage_updated_at,created_at,updated_at,client{id,name,type}," +
		"practice_area{id,name},matter_stage{id,name},responsible_attorney{id,name}," +
		"originating_attorney{id,name},responsible_staff{id,name}," +
		"custom_field_values{id,value,field_name,field_type,custom_field}"
	matterETag = `"3f9a1c2b4d5e6f708192a3b4c5d6e7f8"`
)

func TestMatters_List(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters.json"), mcRecord(t, &calls, 200, "matters/list.json"))

	since := time.Date(2025, 6, 1, 8, 0, 0, 0, time.FixedZone("CDT", -5*3600))
	p := c.Matters.List(MatterListParams{
		Status:                []MatterStatus{MatterStatusOpen, "pending"},
		ClientID:              501,
		PracticeAreaID:        31,
		ResponsibleAttorneyID: 9001,
		OriginatingAttorneyID: 9002,
		Query:                 "Rivera",
		UpdatedSince:          since,
		IDs:                   []int64{1001, 1002},
		CustomFieldValues: []CustomFieldFilter{
			{FieldID: 11, Op: ">=", Value: "2025-01-01"},
			{FieldID: 11, Op: "<", Value: "2025-07-01"},
			{FieldID: 13, Value: "202"},
		},
		CustomFieldIDs: []int64{11, 13},
	})
	var got []Matter
	for m, err := range p.All(context.Background()) {
		require.NoError(t, err)
		got = append(got, m)
	}

	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "matters.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields":                  {matterDefaultFields},
		"status":                  {"open,pending"},
		"client_id":               {"501"},
		"practice_area_id":        {"31"},
		"responsible_attorney_id": {"9001"},
		"originating_attorney_id": {"9002"},
		"query":                   {"Rivera"},
		"updated_since":           {"2025-06-01T08:00:00-05:00"},
		"ids[]":                   {"1001", "1002"},
		"custom_field_values[11]": {"[>=2025-01-01, <2025-07-01]"},
		"custom_field_values[13]": {"202"},
		"custom_field_ids[]":      {"11", "13"},
		"limit":                   {"200"},
		"order":                   {"id(asc)"},
	}, calls[0].query)

	require.Len(t, got, 2)
	assert.Equal(t, int64(1001), got[0].ID)
	assert.Equal(t, "00057-Rivera", got[0].DisplayNumber)
	assert.Equal(t, MatterStatusOpen, got[0].Status)
	assert.Equal(t, MatterStatusPending, got[1].Status)
	require.NotNil(t, got[1].Client)
	assert.Equal(t, "Chidi Okafor", got[1].Client.Name)
}

func TestMatters_ListFieldsAndLimit(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters.json"), mcRecord(t, &calls, 200, "matters/list.json"))

	_, err := c.Matters.List(MatterListParams{

		Limit: 50,
	}, Fields("display_number", Nested("client", "name"))).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "id,etag,display_number,client{name}", calls[0].query.Get("fields"))
	assert.Equal(t, "50", calls[0].query.Get("limit"))

	// A field the catalog does not know fails before anything is sent.
	_, err = c.Matters.List(MatterListParams{}, Fields("display_numbr")).NextPage(context.Background())
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Len(t, calls, 1)
}

func TestMatters_Get(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/show.json"))

	m, err := c.Matters.Get(context.Background(), 1001)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{"fields": {matterDefaultFields}}, calls[0].query)

	assert.Equal(t, int64(1001), m.ID)
	assert.Equal(t, matterETag, m.ETag)
	assert.Equal(t, "00057-Rivera", m.DisplayNumber)
	assert.Equal(t, MatterStatusOpen, m.Status)
	assert.Equal(t, NewDate(2025, time.March, 17), m.OpenDate)
	assert.True(t, m.CloseDate.IsZero())
	assert.Equal(t, "NT-2025-118", m.ClientReference)
	require.NotNil(t, m.Client)
	assert.Equal(t, int64(501), m.Client.ID)
	require.NotNil(t, m.PracticeArea)
	assert.Equal(t, "Personal Injury", m.PracticeArea.Name)
	require.NotNil(t, m.MatterStage)
	assert.Equal(t, "Intake", m.MatterStage.Name)
	require.NotNil(t, m.ResponsibleAttorney)
	assert.Equal(t, "Maya Patel", m.ResponsibleAttorney.Name)
	assert.Nil(t, m.ResponsibleStaff)
	require.Len(t, m.CustomFieldValues, 2)
	assert.Equal(t, CompositeID("text_line-501"), m.CustomFieldValues[0].ID)
	assert.JSONEq(t, `"Clark St & Lake St"`, string(m.CustomFieldValues[0].Value))
	assert.Equal(t, "Accident Date", m.CustomFieldValues[1].FieldName)

	_, err = c.Matters.Get(context.Background(), 1001, Fields("display_number", "status"))
	require.NoError(t, err)
	assert.Equal(t, "id,etag,display_number,status", calls[1].query.Get("fields"))
}

func TestMatters_Create(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("matters.json"), mcRecord(t, &calls, 201, "matters/created.json"))

	m, err := c.Matters.Create(context.Background(), MatterCreate{
		Client:              Ref{ID: 503},
		Description:         "Nguyen - rear-end collision on I-90",
		Status:              "Open",
		PracticeArea:        Set(Ref{ID: 31}),
		ResponsibleAttorney: Set(Ref{ID: 9001}),
		OpenDate:            Day(2025, time.June, 10),
		Billable:            Set(true),
		ClientReference:     String("LN-0610"),
	})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "matters.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {matterDefaultFields}}, calls[0].query)
	assertGoldenJSON(t, "matters_create.json", calls[0].body)

	assert.Equal(t, int64(1003), m.ID)
	assert.Equal(t, "00059-Nguyen", m.DisplayNumber)
	assert.Nil(t, m.MatterStage)
	require.Len(t, m.CustomFieldValues, 3)
}

func TestMatters_CreateWithCustomFieldsByName(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("matters.json"), mcRecord(t, &calls, 201, "matters/created.json"))

	m, err := c.Matters.Create(context.Background(), MatterCreate{
		Client:       Ref{ID: 503},
		Description:  "Nguyen - rear-end collision on I-90",
		Status:       "open",
		PracticeArea: Set(Ref{ID: 31}),
		CustomFields: map[string]any{
			"Accident Date":   NewDate(2025, time.June, 1),
			"Referral Source": "web search", // label, any case -> option id
			"Policy Limit":    250000.0,
			"Notes":           nil, // nothing to clear on a new matter
		},
	})
	require.NoError(t, err)

	assert.Equal(t, 1, defs.page1, "definitions fetched once")
	assert.Equal(t, 1, defs.page2)
	require.Len(t, calls, 1, "one POST")
	assert.Equal(t, "POST", calls[0].method)
	assertGoldenJSON(t, "matters_create_custom_fields.json", calls[0].body)
	assert.Equal(t, int64(1003), m.ID)
	assert.Equal(t, "Referral Source", m.CustomFieldValues[1].FieldName)

	// A second create reuses the cached definitions.
	_, err = c.Matters.Create(context.Background(), MatterCreate{Client: Ref{ID: 503}, Description: "x",
		CustomFields: map[string]any{"Accident Location": "I-90 at Exit 41"}})
	require.NoError(t, err)
	assert.Equal(t, 1, defs.page1)
	assert.Len(t, calls, 2)
}

func TestMatters_CreateRefusedLocally(t *testing.T) {
	c, mt := newTestClient(t)
	defs := registerMatterDefinitions(t, mt)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("matters.json"), mcRecord(t, &calls, 201, "matters/created.json"))
	ctx := context.Background()

	_, err := c.Matters.Create(ctx, MatterCreate{Description: "no client"})
	assert.ErrorContains(t, err, "client")
	_, err = c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}})
	assert.ErrorContains(t, err, "description")
	_, err = c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "d", Status: "archived"})
	assert.ErrorContains(t, err, "status")
	assert.Zero(t, mt.GetTotalCallCount())

	_, err = c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "d",
		CustomFields: map[string]any{"Accident Date": "14/03/2025"}})
	assert.ErrorIs(t, err, ErrCustomFieldValue)
	_, err = c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "d",
		CustomFields: map[string]any{"Statute Date": "2025-03-14"}})
	assert.ErrorIs(t, err, ErrUnknownCustomField)
	assert.Empty(t, calls, "no POST")
	assert.Equal(t, 2, defs.page1, "loaded once, then refreshed once for the unknown name")
}

func TestMatters_UpdateWithHeldETag(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/updated.json"))
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/etag.json"))

	m, err := c.Matters.Update(context.Background(), 1001, matterETag, MatterUpdate{
		Description: Set("Rivera v. Northside Transit - bus collision (settlement)"),
		Status:      MatterStatusPending,
		PendingDate: Set(NewDate(2025, time.June, 15)),
		MatterStage: Null[Ref](),
	})
	require.NoError(t, err)
	require.Len(t, calls, 1, "one PATCH, no etag fetch")
	assert.Equal(t, "PATCH", calls[0].method)
	assert.Equal(t, "matters/1001.json", calls[0].path)
	assert.Equal(t, matterETag, calls[0].header.Get("If-Match"))
	assert.Equal(t, url.Values{"fields": {matterDefaultFields}}, calls[0].query)
	assertGoldenJSON(t, "matters_update.json", calls[0].body)

	assert.Equal(t, MatterStatusPending, m.Status)
	assert.Equal(t, NewDate(2025, time.June, 15), m.PendingDate)
	assert.Nil(t, m.MatterStage)
}

func TestMatters_UpdateFetchesETagWhenNoneHeld(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/etag.json"))
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/updated.json"))

	_, err := c.Matters.Update(context.Background(), 1001, "", MatterUpdate{Location: Set("Evanston, IL")}, Fields("location"))
	require.NoError(t, err)
	require.Len(t, calls, 2)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, calls[0].query)
	assert.Equal(t, "PATCH", calls[1].method)
	assert.Equal(t, matterETag, calls[1].header.Get("If-Match"))
	assert.Equal(t, "id,etag,location", calls[1].query.Get("fields"))
	assert.JSONEq(t, `{"data":{"location":"Evanston, IL"}}`, string(calls[1].body))
}

func TestMatters_UpdateStaleETag(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), jsonResponder(t, 412, "core/error_412.json"))

	_, err := c.Matters.Update(context.Background(), 1001, `"stale"`, MatterUpdate{Location: Set("x")})
	require.ErrorIs(t, err, ErrPreconditionFailed)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a 412 on a plain Update is not retried")
}

func TestMatters_Delete(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("DELETE", mcURL("matters/1001.json"), mcRecord(t, &calls, 204, ""))

	require.NoError(t, c.Matters.Delete(context.Background(), 1001))
	require.Len(t, calls, 1)
	assert.Equal(t, "DELETE", calls[0].method)
	assert.Equal(t, "matters/1001.json", calls[0].path)
	assert.Empty(t, calls[0].body)
}

func TestMatters_SetStage(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/stage_updated.json"))

	m, err := c.Matters.SetStage(context.Background(), 1001, matterETag, 4203)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, matterETag, calls[0].header.Get("If-Match"))
	assertGoldenJSON(t, "matters_set_stage.json", calls[0].body)
	require.NotNil(t, m.MatterStage)
	assert.Equal(t, "Negotiation", m.MatterStage.Name)
}

func TestMatters_SetStageByName(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/practice_area.json"))
	mt.RegisterResponder("GET", mcURL("matter_stages.json"), mcRecord(t, &calls, 200, "matters/stages_list.json"))
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/stage_updated.json"))

	m, err := c.Matters.SetStageByName(context.Background(), 1001, "", "  negotiation ")
	require.NoError(t, err)
	require.Len(t, calls, 3)

	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "matters/1001.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {"id,etag,practice_area{id}"}}, calls[0].query)

	assert.Equal(t, "matter_stages.json", calls[1].path)
	assert.Equal(t, url.Values{
		"practice_area_id": {"31"},
		"fields":           {"id,etag,name"},
		"limit":            {"200"}, // MatterStage#index declares no order: none is sent
	}, calls[1].query)

	assert.Equal(t, "PATCH", calls[2].method)
	assert.Equal(t, matterETag, calls[2].header.Get("If-Match"), "the etag of the read, no extra fetch")
	assertGoldenJSON(t, "matters_set_stage.json", calls[2].body)
	assert.Equal(t, int64(4203), m.MatterStage.ID)
}

func TestMatters_SetStageByNameRetriesOn412(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), mcRecord(t, &calls, 200, "matters/practice_area.json"))
	mt.RegisterResponder("GET", mcURL("matter_stages.json"), mcRecord(t, &calls, 200, "matters/stages_list.json"))
	patches := 0
	mt.RegisterResponder("PATCH", mcURL("matters/1001.json"), func(req *http.Request) (*http.Response, error) {
		patches++
		if patches == 1 {
			return httpmock.NewStringResponse(412, fixture(t, "core/error_412.json")), nil
		}
		return httpmock.NewStringResponse(200, fixture(t, "matters/stage_updated.json")), nil
	})

	_, err := c.Matters.SetStageByName(context.Background(), 1001, "", "Negotiation")
	require.NoError(t, err)
	assert.Equal(t, 2, patches)
	assert.Equal(t, 2, mt.GetCallCountInfo()["GET "+mcURL("matters/1001.json")], "re-read after 412")
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+mcURL("matter_stages.json")], "same practice area: stages not re-listed")

	// With the caller's etag a 412 is the caller's to handle.
	patches = 0
	_, err = c.Matters.SetStageByName(context.Background(), 1001, `"held"`, "Negotiation")
	require.ErrorIs(t, err, ErrPreconditionFailed)
	assert.Equal(t, 1, patches)
}

func TestMatters_SetStageByNameUnknown(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "matters/practice_area.json"))
	mt.RegisterResponder("GET", mcURL("matter_stages.json"), jsonResponder(t, 200, "matters/stages_list.json"))

	_, err := c.Matters.SetStageByName(context.Background(), 1001, "", "Settlement")
	var snf *StageNotFoundError
	require.ErrorAs(t, err, &snf)
	assert.Equal(t, int64(31), snf.PracticeAreaID)
	assert.Equal(t, "Settlement", snf.Name)
	assert.Zero(t, mt.GetCallCountInfo()["PATCH "+mcURL("matters/1001.json")])

	mt.RegisterResponder("GET", mcURL("matters/1001.json"), jsonResponder(t, 200, "matters/no_practice_area.json"))
	_, err = c.Matters.SetStageByName(context.Background(), 1001, "", "Intake")
	require.ErrorAs(t, err, &snf)
	assert.Zero(t, snf.PracticeAreaID)
}

func TestMatters_CustomFieldFilterEncoding(t *testing.T) {
	q := url.Values{}
	setCustomFieldFilters(q, []CustomFieldFilter{
		{FieldID: 14, Op: ">", Value: "1000"},
		{FieldID: 15, Op: "=", Value: "true"},
		{FieldID: 12, Value: "Clark St"},
	})
	assert.Equal(t, url.Values{
		"custom_field_values[14]": {">1000"},
		"custom_field_values[15]": {"true"},
		"custom_field_values[12]": {"Clark St"},
	}, q)
}

func TestDeleteRetriedIntoNotFoundIsSuccess(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 2, BaseWait: time.Millisecond, MaxWait: time.Millisecond}))
	calls := 0
	mt.RegisterResponder("DELETE", testBaseURL+"/matters/5.json", func(*http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(503, `{"error":{"type":"ServiceUnavailable","message":"try again"}}`), nil
		}
		return httpmock.NewStringResponse(404, `{"error":{"type":"RecordNotFound","message":"not found"}}`), nil
	})
	require.NoError(t, c.Matters.Delete(context.Background(), 5), "the 503'd attempt deleted it; the retry's 404 confirms")
	assert.Equal(t, 2, calls)

	// A 404 at the first attempt is an answer: the record was not there.
	mt.RegisterResponder("DELETE", testBaseURL+"/matters/6.json", httpmock.NewStringResponder(404, `{"error":{"type":"RecordNotFound","message":"not found"}}`))
	assert.ErrorIs(t, c.Matters.Delete(context.Background(), 6), ErrNotFound)
}

// The filters added for Matter#index encode as Clio takes them, the date
// operators as <op><YYYY-MM-DD> (TestHandWrittenListsTakeEveryFilter checks
// that every declared filter has a field).
func TestMatters_ListEveryFilter(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("matters.json"), mcRecord(t, &calls, 200, "matters/list.json"))
	_, err := c.Matters.List(MatterListParams{
		ResponsibleStaffID: 1, SubscriberUserID: 2, NotificationEventSubscriberUserID: 3, GroupID: 4, GrantID: 5, CurrencyID: 6,
		Billable:     Set(false),
		OpenDate:     []DateFilter{{Op: ">=", Date: NewDate(2026, 1, 1)}, {Op: "<", Date: NewDate(2026, 2, 1)}},
		CloseDate:    []DateFilter{{Date: NewDate(2026, 3, 1)}},
		PendingDate:  []DateFilter{{Op: "<=", Date: NewDate(2026, 4, 1)}},
		CreatedSince: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, calls, 1)
	q := calls[0].query
	assert.Equal(t, []string{">=2026-01-01", "<2026-02-01"}, q["open_date[]"])
	assert.Equal(t, []string{"=2026-03-01"}, q["close_date[]"])
	assert.Equal(t, []string{"<=2026-04-01"}, q["pending_date[]"])
	assert.Equal(t, "false", q.Get("billable"))
	assert.Equal(t, "2026-01-01T00:00:00Z", q.Get("created_since"))
	for k, v := range map[string]string{"responsible_staff_id": "1", "subscriber_user_id": "2", "notification_event_subscriber_user_id": "3",
		"group_id": "4", "grant_id": "5", "currency_id": "6"} {
		assert.Equal(t, v, q.Get(k), k)
	}

}
