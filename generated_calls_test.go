package clio

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captured is one request as the mock saw it.
type captured struct {
	method, path string
	query        url.Values
	header       http.Header
	body         []byte
}

// record registers a responder for method and path that captures the
// request and answers with status and body.
func record(t *testing.T, mt *httpmock.MockTransport, method, path string, status int, body string, into *[]captured) {
	t.Helper()
	mt.RegisterResponder(method, testBaseURL+path, func(req *http.Request) (*http.Response, error) {
		*into = append(*into, captured{req.Method, req.URL.Path, req.URL.Query(), req.Header.Clone(), readBody(t, req)})
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		resp.Header.Set("X-Request-Id", "req-1")
		return resp, nil
	})
}

const activityJSON = `{"data":{"id":501,"etag":"\"e1\"","type":"TimeEntry","date":"2026-03-02","quantity":3600,"matter":{"id":77}}}`

// wantActivityFields is defaultActivityFields on the wire.
var wantActivityFields = "id,etag,billed,contingency_fee,created_at,date,flat_rate,no_charge,non_billable,non_billable_total,note,on_bill,price,quantity,quantity_in_hours,quantity_redacted,reference,rounded_quantity,rounded_quantity_in_hours,tax_setting,total,type,updated_at,activity_description{id},bill{id},calendar_entry{id},client_portal{id},communication{id},contact_note{id},currency{id},document_version{id},expense_category{id},legal_aid_uk_activity{id},matter{id},matter_note{id},subject{id},task{id},text_message_conversation{id},timer{id},user{id},utbms_expense{id},vendor{id}"

func TestActivities(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	var calls []captured
	record(t, mt, "GET", "/activities.json", 200, `{"data":[{"id":501,"etag":"\"e1\""},{"id":502,"etag":"\"e2\""}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "GET", "/activities/501.json", 200, activityJSON, &calls)
	record(t, mt, "POST", "/activities.json", 201, activityJSON, &calls)
	record(t, mt, "PATCH", "/activities/501.json", 200, activityJSON, &calls)
	record(t, mt, "DELETE", "/activities/501.json", 204, "", &calls)

	t.Run("List", func(t *testing.T) {
		calls = nil
		var got []int64
		for a, err := range c.Activities.List(ActivityListParams{MatterID: 77, Type: ActivityTypeTimeEntry, StartDate: NewDate(2026, time.November, 2), EndDate: NewDate(2026, time.November, 5), Status: ActivityListStatusUnbilled}).All(ctx) {
			require.NoError(t, err)
			got = append(got, a.ID)
		}
		assert.Equal(t, []int64{501, 502}, got)
		require.Len(t, calls, 1)
		assert.Equal(t, url.Values{
			"fields": {wantActivityFields}, "matter_id": {"77"}, "type": {"TimeEntry"}, "status": {"unbilled"},
			"start_date": {"2026-11-02"}, "end_date": {"2026-11-05"}, "limit": {"200"}, "order": {"id(asc)"},
		}, calls[0].query)
	})
	t.Run("List with a chosen order and page size", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.List(ActivityListParams{Order: ActivityListOrderDateDesc, Limit: 50}, Fields("date")).NextPage(ctx)
		require.NoError(t, err)
		assert.Equal(t, url.Values{"fields": {"id,etag,date"}, "order": {"date(desc)"}, "limit": {"50"}}, calls[0].query)
	})
	t.Run("List refuses a page size out of range before sending", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.List(ActivityListParams{Limit: 201}).NextPage(ctx)
		assert.ErrorIs(t, err, ErrInvalidArgument)
		var ae *ArgumentError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "Limit", ae.Param)
		assert.Empty(t, calls)
	})
	t.Run("Get", func(t *testing.T) {
		calls = nil
		var resp Response
		a, err := c.Activities.Get(ctx, 501, WithResponseInto(&resp))
		require.NoError(t, err)
		assert.Equal(t, int64(501), a.ID)
		assert.Equal(t, ActivityTypeTimeEntry, a.Type)
		assert.Equal(t, NewDate(2026, 3, 2), a.Date)
		assert.Equal(t, url.Values{"fields": {wantActivityFields}}, calls[0].query)
		assert.Equal(t, "req-1", resp.RequestID)
	})
	t.Run("Get with fields and a conditional header", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.Get(ctx, 501, Fields("date", Nested("matter", "id", "display_number")), IfNoneMatch(`"e0"`))
		require.NoError(t, err)
		assert.Equal(t, url.Values{"fields": {"id,etag,date,matter{id,display_number}"}}, calls[0].query)
		assert.Equal(t, `"e0"`, calls[0].header.Get("If-None-Match"))
	})
	t.Run("Get refuses an unknown field before sending", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.Get(ctx, 501, Fields("quantty"))
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		assert.Empty(t, calls)
	})
	t.Run("Create", func(t *testing.T) {
		calls = nil
		a, err := c.Activities.Create(ctx, ActivityCreate{
			Type:                ActivityTypeTimeEntry,
			Date:                NewDate(2026, 3, 2),
			Quantity:            Set(3600.0),
			Matter:              Set(Ref{ID: 77}),
			Note:                Set("Drafted the engagement letter"),
			ActivityDescription: Set(ActivityCreateActivityDescription{ID: Set[int64](12)}),
			NonBillable:         Set(false),
		})
		require.NoError(t, err)
		assert.Equal(t, int64(501), a.ID)
		assert.Equal(t, "POST", calls[0].method)
		assert.Equal(t, url.Values{"fields": {wantActivityFields}}, calls[0].query)
		assertGoldenJSON(t, "activity_create.json", calls[0].body)
	})
	t.Run("Update with the etag held", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.Update(ctx, 501, `"e1"`, ActivityUpdate{Quantity: Set(5400.0), Note: Null[string](), Task: Null[Ref]()})
		require.NoError(t, err)
		require.Len(t, calls, 1, "no read first")
		assert.Equal(t, `"e1"`, calls[0].header.Get("If-Match"))
		assertGoldenJSON(t, "activity_update.json", calls[0].body)
	})
	t.Run("Update without an etag reads it first", func(t *testing.T) {
		calls = nil
		_, err := c.Activities.Update(ctx, 501, "", ActivityUpdate{Quantity: Set(5400.0)})
		require.NoError(t, err)
		require.Len(t, calls, 2)
		assert.Equal(t, "GET", calls[0].method)
		assert.Equal(t, url.Values{"fields": {"id,etag"}}, calls[0].query)
		assert.Equal(t, `"e1"`, calls[1].header.Get("If-Match"))
	})
	t.Run("Delete", func(t *testing.T) {
		calls = nil
		require.NoError(t, c.Activities.Delete(ctx, 501))
		assert.Equal(t, "DELETE", calls[0].method)
		assert.Empty(t, calls[0].query)
		assert.Empty(t, calls[0].body)
	})
}

func TestActivitiesUpdateStaleETag(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("PATCH", testBaseURL+"/activities/501.json", jsonResponder(t, 412, "core/error_412.json"))
	_, err := c.Activities.Update(context.Background(), 501, `"old"`, ActivityUpdate{Note: Set("x")})
	assert.ErrorIs(t, err, ErrPreconditionFailed)
}

func TestBills(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	var calls []captured
	bill := `{"data":{"id":9,"etag":"\"b1\"","number":"2026-009","state":"draft","total":1250.5}}`
	record(t, mt, "GET", "/bills.json", 200, `{"data":[{"id":9}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "GET", "/bills/9.json", 200, bill, &calls)
	record(t, mt, "PATCH", "/bills/9.json", 200, bill, &calls)
	mt.RegisterResponder("GET", testBaseURL+"/bills/9/preview.json", func(req *http.Request) (*http.Response, error) {
		calls = append(calls, captured{method: req.Method, path: req.URL.Path, query: req.URL.Query()})
		return httpmock.NewStringResponse(200, "<html><body>Bill 2026-009</body></html>"), nil
	})

	calls = nil
	_, err := c.Bills.List(BillListParams{State: BillStateAwaitingPayment, IssuedAfter: NewDate(2026, 1, 1), ClientID: 4}).NextPage(ctx)
	require.NoError(t, err)
	q := calls[0].query
	assert.Equal(t, "awaiting_payment", q.Get("state"))
	assert.Equal(t, "2026-01-01", q.Get("issued_after"))
	assert.Equal(t, "4", q.Get("client_id"))
	assert.Equal(t, "id(asc)", q.Get("order"))

	calls = nil
	b, err := c.Bills.Get(ctx, 9)
	require.NoError(t, err)
	assert.Equal(t, "2026-009", b.Number)
	assert.Empty(t, calls[0].query.Get("navigation.next"))

	calls = nil
	_, err = c.Bills.Get(ctx, 9, BillGetParams{NavigationNext: 1}, Fields("number"))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {"id,etag,number"}, "navigation.next": {"1"}}, calls[0].query, "params of a Get are a call option")

	calls = nil
	_, err = c.Bills.Update(ctx, 9, `"b1"`, BillUpdate{
		State:    BillStateAwaitingPayment,
		DueAt:    Set(NewDate(2026, 4, 30)),
		Memo:     Set("Net 30"),
		Discount: Set(BillUpdateDiscount{Rate: Amount("10"), Type: BillUpdateDiscountTypePercentage, Note: Set("Loyalty")}),
	})
	require.NoError(t, err)
	assert.Equal(t, `"b1"`, calls[0].header.Get("If-Match"))
	assertGoldenJSON(t, "bill_update.json", calls[0].body)

	calls = nil
	html, err := c.Bills.Preview(ctx, 9)
	require.NoError(t, err)
	assert.Equal(t, "<html><body>Bill 2026-009</body></html>", string(html))
	assert.Empty(t, calls[0].query, "the preview takes no fields")
}

func TestTasks(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	var calls []captured
	task := `{"data":{"id":31,"etag":"\"t1\"","name":"File the motion","status":"pending"}}`
	record(t, mt, "GET", "/tasks.json", 200, `{"data":[{"id":31}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "POST", "/tasks.json", 201, task, &calls)
	record(t, mt, "PATCH", "/tasks/31.json", 200, task, &calls)

	_, err := c.Tasks.List(TaskListParams{Statuses: []TaskStatus{TaskStatusPending, TaskStatusInProgress}, MatterID: 77}).NextPage(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"pending", "in_progress"}, calls[0].query["statuses[]"])

	// A due date is a calendar date: it goes out as the day itself, never
	// as an instant that is the day before in the Americas.
	_, err = c.Tasks.Create(ctx, TaskCreate{
		Name:        "File the motion",
		Description: "Motion to compel, Roe v. Doe",
		Assignee:    TaskCreateAssignee{ID: 12, Type: TaskCreateAssigneeTypeUser},
		Matter:      Set(Ref{ID: 77}),
		DueAt:       Day(2029, time.October, 6),
		Priority:    TaskPriorityHigh,
	})
	require.NoError(t, err)
	assertGoldenJSON(t, "task_create.json", calls[1].body)
	assert.Contains(t, string(calls[1].body), `"due_at":"2029-10-06"`)

	_, err = c.Tasks.Update(ctx, 31, `"t1"`, TaskUpdate{Status: TaskStatusComplete, DueAt: Null[Date]()})
	require.NoError(t, err)
	assertGoldenJSON(t, "task_update.json", calls[2].body)
}

func TestNotes(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	var calls []captured
	note := `{"data":{"id":41,"etag":"\"n1\"","subject":"Call with client","type":"Matter"}}`
	record(t, mt, "GET", "/notes.json", 200, `{"data":[{"id":41}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "POST", "/notes.json", 201, note, &calls)
	record(t, mt, "PATCH", "/notes/41.json", 200, note, &calls)

	_, err := c.Notes.List(NoteListParams{MatterID: 77}).NextPage(ctx)
	var ae *ArgumentError
	require.ErrorAs(t, err, &ae, "type is required by GET /notes.json")
	assert.Equal(t, "Type", ae.Param)
	assert.Empty(t, calls, "refused before sending")

	_, err = c.Notes.List(NoteListParams{Type: NoteTypeMatter, MatterID: 77}).NextPage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Matter", calls[0].query.Get("type"))

	_, err = c.Notes.Create(ctx, NoteCreate{
		Type:    NoteTypeMatter,
		Matter:  Set(Ref{ID: 77}), // no contact: a matter note (override of the spec's required pair)
		Subject: Set("Call with client"),
		Detail:  Set("Discussed the settlement offer."),
		Date:    Set(NewDate(2026, 3, 2)),
	})
	require.NoError(t, err)
	assertGoldenJSON(t, "note_create.json", calls[1].body)

	_, err = c.Notes.Update(ctx, 41, `"n1"`, NoteUpdate{Detail: Set("Offer rejected."), Subject: Null[string]()})
	require.NoError(t, err)
	assertGoldenJSON(t, "note_update.json", calls[2].body)
}

func TestNestedList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []captured
	record(t, mt, "GET", "/matters/77/contacts.json", 200, `{"data":[{"id":1,"name":"Hart"}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "GET", "/contacts/9/email_addresses.json", 200, `{"data":[{"id":3,"address":"a@example.test"}],"meta":{"paging":{}}}`, &calls)
	record(t, mt, "GET", "/documents/5/versions.json", 200, `{"data":[{"id":2}],"meta":{"paging":{}}}`, &calls)

	page, err := c.MatterContacts.List(77, MatterContactsListParams{}).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, "Hart", page[0].Name)
	assert.Equal(t, "id(asc)", calls[0].query.Get("order"), "MatterContacts#index declares order")

	emails, err := c.EmailAddresses.List(9, EmailAddressListParams{}).NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "a@example.test", emails[0].Address)
	assert.False(t, calls[1].query.Has("order"), "EmailAddress#index declares no order")

	_, err = c.DocumentVersions.List(5, DocumentVersionListParams{}).NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/api/v4/documents/5/versions.json", calls[2].path)
	assert.False(t, calls[2].query.Has("id"), "the {id} the spec also declares in the query is sent once, in the path")
}

func TestListPagesCarryCallOptions(t *testing.T) {
	c, mt := newTestClient(t)
	var headers []string
	mt.RegisterResponder("GET", testBaseURL+"/groups.json", func(req *http.Request) (*http.Response, error) {
		headers = append(headers, req.Header.Get("X-Trace"))
		body := `{"data":[{"id":1}],"meta":{"paging":{"next":"` + testBaseURL + `/groups.json?page_token=p2"}}}`
		if req.URL.Query().Get("page_token") == "p2" {
			body = `{"data":[{"id":2}],"meta":{"paging":{}}}`
		}
		resp := httpmock.NewStringResponse(200, body)
		resp.Header.Set("X-Request-Id", "r-"+req.URL.Query().Get("page_token"))
		return resp, nil
	})
	var resp Response
	n := 0
	for _, err := range c.Groups.List(GroupListParams{}, WithHeader("X-Trace", "t1"), WithResponseInto(&resp)).All(context.Background()) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"t1", "t1"}, headers, "every page sends the call's headers")
	assert.Equal(t, "r-p2", resp.RequestID, "the metadata is the last page's")
}

func TestDownloadOtherThanDocuments(t *testing.T) {
	c, mt := newTestClient(t)
	var apiAuth, storageAuth string
	mt.RegisterResponder("GET", testBaseURL+"/document_archives/8/download.json", func(req *http.Request) (*http.Response, error) {
		apiAuth = req.Header.Get("Authorization")
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", "https://storage.example.test/archives/8.zip?X-Amz-Signature=s")
		return resp, nil
	})
	mt.RegisterResponder("GET", "=~^https://storage\\.example\\.test/archives/", func(req *http.Request) (*http.Response, error) {
		storageAuth = req.Header.Get("Authorization")
		resp := httpmock.NewStringResponse(200, "PK synthetic zip")
		resp.Header.Set("Content-Type", "application/zip")
		return resp, nil
	})
	rc, info, err := c.DocumentArchives.Download(context.Background(), 8)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Equal(t, "PK synthetic zip", string(b))
	assert.Equal(t, "application/zip", info.ContentType)
	assert.Equal(t, "Bearer "+testToken, apiAuth)
	assert.Empty(t, storageAuth, "the storage request carries no token")
}

func TestMatterDocketPreviewRequiresItsParams(t *testing.T) {
	c, mt := newTestClient(t)
	_, _, err := c.MatterDockets.Preview(context.Background(), MatterDocketPreviewParams{JurisdictionID: 1})
	assert.ErrorIs(t, err, ErrInvalidArgument)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestCustomActionCopy(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []captured
	record(t, mt, "POST", "/task_template_lists/3/copy.json", 201, `{"data":{"id":4,"etag":"\"c\"","name":"Intake (copy)"}}`, &calls)
	l, err := c.TaskTemplateLists.Copy(context.Background(), 3, TaskTemplateListCopy{Name: Set("Intake (copy)"), PracticeArea: Set(Ref{ID: 2})})
	require.NoError(t, err)
	assert.Equal(t, "Intake (copy)", l.Name)
	assert.JSONEq(t, `{"data":{"name":"Intake (copy)","practice_area":{"id":2}}}`, string(calls[0].body))
	assert.Equal(t, "id,etag,created_at,description,name,templates_count,updated_at,creator{id},practice_area{id}", calls[0].query.Get("fields"))
}

func TestBillableMatterIDs(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []captured
	record(t, mt, "GET", "/billable_matters/ids.json", 200, `{"data":[11,12,13],"meta":{"paging":{}}}`, &calls)
	var ids []int64
	for id, err := range c.BillableMatters.IDs(BillableMatterIDsParams{ClientID: 4}).All(context.Background()) {
		require.NoError(t, err)
		ids = append(ids, id)
	}
	assert.Equal(t, []int64{11, 12, 13}, ids)
	assert.Equal(t, url.Values{"client_id": {"4"}, "limit": {"1000"}}, calls[0].query, "no fields, no order; the operation's own page size")
}

func TestReportsWaitAndDownload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		var calls []captured
		record(t, mt, "POST", "/reports.json", 201, `{"data":{"id":70,"etag":"\"r\"","state":"queued"}}`, &calls)
		start := time.Now()
		var polls []time.Duration
		states := []string{"queued", "in_progress", "completed"}
		mt.RegisterResponder("GET", testBaseURL+"/reports/70.json", func(req *http.Request) (*http.Response, error) {
			polls = append(polls, time.Since(start))
			return httpmock.NewStringResponse(200, `{"data":{"id":70,"etag":"\"r\"","state":"`+states[min(len(polls)-1, 2)]+`"}}`), nil
		})
		mt.RegisterResponder("GET", testBaseURL+"/reports/70/download.json", func(req *http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
			resp.Header.Set("Location", "https://storage.example.test/reports/70.csv?sig=s")
			return resp, nil
		})
		mt.RegisterResponder("GET", "=~^https://storage\\.example\\.test/reports/", httpmock.NewStringResponder(200, "a,b\n1,2\n"))

		rc, _, id, err := c.Reports.CreateAndDownload(context.Background(),
			ReportCreate{Kind: ReportKindClientLedger, Format: ReportFormatCSV}, WaitOptions{})
		require.NoError(t, err)
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		assert.Equal(t, "a,b\n1,2\n", string(b))
		assert.Equal(t, int64(70), id)
		assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second}, polls, "1s, doubling")
		assert.JSONEq(t, `{"data":{"kind":"client_ledger","format":"csv"}}`, string(calls[0].body))
	})
	t.Run("failed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("GET", testBaseURL+"/reports/70.json", httpmock.NewStringResponder(200, `{"data":{"id":70,"state":"failed"}}`))
			_, err := c.Reports.Wait(context.Background(), 70, WaitOptions{})
			var re *ReportError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, ReportError{ID: 70, State: ReportStateFailed}, *re)
		})
	})
	t.Run("context ends the wait", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("GET", testBaseURL+"/reports/70.json", httpmock.NewStringResponder(200, `{"data":{"id":70,"state":"in_progress"}}`))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := c.Reports.Wait(ctx, 70, WaitOptions{})
			assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
			assert.Equal(t, 4, mt.GetTotalCallCount(), "polls at 0, 1, 3 and 7 seconds")
		})
	})
}
