package cliotest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// The operations modelled one by one (folder items, timers, billing
// settings, billable matter ids, previews, reports and archives, nested
// lists, and the writes of hand-modelled resources beyond their routes),
// through the SDK as a user's code calls them.

func sdkClient(t *testing.T, opts ...cliotest.Option) (*cliotest.Server, *clio.Client, cliotest.Demo) {
	t.Helper()
	srv := cliotest.NewServer(t, opts...)
	client, err := srv.Client()
	require.NoError(t, err)
	return srv, client, srv.Demo()
}

// collect returns what a pager yields, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// status returns the HTTP status of an SDK error (0 for none).
func status(err error) int {
	var apiErr *clio.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

func upload(t *testing.T, client *clio.Client, name string, parent clio.DocumentParent, content string) *clio.Document {
	t.Helper()
	doc, err := client.Documents.Upload(context.Background(), clio.DocumentUpload{
		Name: name, Parent: parent, Content: strings.NewReader(content), Size: int64(len(content)),
	})
	require.NoError(t, err)
	return doc
}

// TestFolderItems walks a matter's documents as a user does: the top level
// of the matter, then into a folder, then everything below it.
func TestFolderItems(t *testing.T) {
	ctx := context.Background()
	_, client, d := sdkClient(t)
	medical, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Medical",
		Parent: clio.FolderCreateParent{ID: d.JaneDoeMatterID, Type: clio.FolderCreateParentTypeMatter}})
	require.NoError(t, err)
	bills, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Bills",
		Parent: clio.FolderCreateParent{ID: medical.ID, Type: clio.FolderCreateParentTypeFolder}})
	require.NoError(t, err)
	record := upload(t, client, "ER record.pdf", clio.DocumentParent{ID: medical.ID, Type: clio.DocumentParentFolder}, "record")
	invoice := upload(t, client, "Ambulance invoice.pdf", clio.DocumentParent{ID: bills.ID, Type: clio.DocumentParentFolder}, "invoice")
	other, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Pleadings",
		Parent: clio.FolderCreateParent{ID: d.JohnSmithMatterID, Type: clio.FolderCreateParentTypeMatter}})
	require.NoError(t, err)

	type row struct {
		id  int64
		typ clio.ItemType
	}
	items := func(p clio.FolderListItemsParams) []row {
		var out []row
		for _, it := range collect(t, client.Folders.ListItems(p).All(ctx)) {
			out = append(out, row{it.ID, it.Type})
		}
		return out
	}
	assert.Equal(t, []row{{d.PoliceReportDocumentID, "Document"}, {medical.ID, "Folder"}},
		items(clio.FolderListItemsParams{MatterID: d.JaneDoeMatterID}), "the top level of the matter")
	assert.Equal(t, []row{{d.PoliceReportDocumentID, "Document"}, {medical.ID, "Folder"}, {other.ID, "Folder"}},
		items(clio.FolderListItemsParams{}), "the top level of every matter and contact")
	assert.Equal(t, []row{{bills.ID, "Folder"}, {record.ID, "Document"}}, items(clio.FolderListItemsParams{ParentID: medical.ID}))
	assert.Equal(t, []row{{bills.ID, "Folder"}, {record.ID, "Document"}, {invoice.ID, "Document"}},
		items(clio.FolderListItemsParams{ParentID: medical.ID, Scope: clio.FolderListItemsScopeDescendants}))
	assert.Equal(t, []row{{invoice.ID, "Document"}},
		items(clio.FolderListItemsParams{MatterID: d.JaneDoeMatterID, Scope: clio.FolderListItemsScopeDescendants, Query: "AMBULANCE"}))

	all := collect(t, client.Folders.ListItems(clio.FolderListItemsParams{ParentID: medical.ID},
		clio.Fields("name", "type", clio.Nested("matter", "id"), clio.Nested("parent", "id", "type"))).All(ctx))
	require.Len(t, all, 2)
	assert.Equal(t, "Bills", all[0].Name)
	assert.Equal(t, "ER record.pdf", all[1].Name)
	require.NotNil(t, all[1].Matter)
	assert.Equal(t, d.JaneDoeMatterID, all[1].Matter.ID, "a document in a folder belongs to the folder's matter")
	for _, it := range all {
		require.NotNil(t, it.Parent, it.Name)
		assert.Equal(t, medical.ID, it.Parent.ID, it.Name)
		assert.Equal(t, "Folder", string(it.Parent.Type), it.Name)
	}

	require.NoError(t, client.Documents.Delete(ctx, record.ID))
	assert.Equal(t, []row{{bills.ID, "Folder"}}, items(clio.FolderListItemsParams{ParentID: medical.ID}), "trashed documents leave the list")
	assert.Equal(t, []row{{bills.ID, "Folder"}, {record.ID, "Document"}},
		items(clio.FolderListItemsParams{ParentID: medical.ID, IncludeDeleted: clio.Set(true)}))

	for _, err = range client.Folders.ListItems(clio.FolderListItemsParams{ParentID: 99999999}).All(ctx) {
		break
	}
	assert.Equal(t, http.StatusNotFound, status(err))
	for _, err = range client.Folders.ListItems(clio.FolderListItemsParams{ExternalPropertyName: "x"}).All(ctx) {
		break
	}
	assert.Equal(t, http.StatusNotImplemented, status(err), "a filter is never silently ignored")
}

// TestTimers: one running timer per user; stopping it adds its whole
// seconds to the activity; an activity written with start_timer starts
// one.
func TestTimers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		_, client, d := sdkClient(t, cliotest.InMemory())
		_, err := client.Timers.Get(ctx)
		assert.ErrorIs(t, err, clio.ErrNotFound, "no timer runs yet")
		assert.ErrorIs(t, client.Timers.Delete(ctx), clio.ErrNotFound)

		call, err := client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeTimeEntry, Date: clio.NewDate(2026, time.March, 2),
			Matter: clio.Set(clio.Ref{ID: d.JaneDoeMatterID}), Quantity: clio.Float(600)})
		require.NoError(t, err)
		timer, err := client.Timers.Create(ctx, clio.TimerCreate{Activity: clio.Ref{ID: call.ID}})
		require.NoError(t, err)
		require.NotNil(t, timer.Activity)
		assert.Equal(t, call.ID, timer.Activity.ID)

		time.Sleep(90 * time.Minute)
		got, err := client.Timers.Get(ctx)
		require.NoError(t, err)
		assert.Equal(t, timer.ID, got.ID)
		assert.Equal(t, 1.5, got.ElapsedTime, "hours")
		a, err := client.Activities.Get(ctx, call.ID, clio.Fields("quantity", clio.Nested("timer", "id", "elapsed_time")))
		require.NoError(t, err)
		require.NotNil(t, a.Timer)
		assert.Equal(t, timer.ID, a.Timer.ID, "the activity answers its running timer")

		// Starting another timer stops the first.
		letter, err := client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeTimeEntry, Date: clio.NewDate(2026, time.March, 2),
			StartTimer: clio.Set(true)})
		require.NoError(t, err)
		a, err = client.Activities.Get(ctx, call.ID, clio.Fields("quantity", clio.Nested("timer", "id")))
		require.NoError(t, err)
		assert.Equal(t, 600.0+5400, a.Quantity, "the first timer's 90 minutes were added")
		assert.Nil(t, a.Timer)
		got, err = client.Timers.Get(ctx)
		require.NoError(t, err)
		assert.Equal(t, letter.ID, got.Activity.ID)

		time.Sleep(61 * time.Second)
		require.NoError(t, client.Timers.Delete(ctx))
		// A deleted entry's timer goes with it.
		_, err = client.Timers.Create(ctx, clio.TimerCreate{Activity: clio.Ref{ID: call.ID}})
		require.NoError(t, err)
		require.NoError(t, client.Activities.Delete(ctx, call.ID))
		_, err = client.Timers.Get(ctx)
		assert.ErrorIs(t, err, clio.ErrNotFound)
		a, err = client.Activities.Get(ctx, letter.ID, clio.Fields("quantity"))
		require.NoError(t, err)
		assert.Equal(t, 61.0, a.Quantity)
		_, err = client.Timers.Get(ctx)
		assert.ErrorIs(t, err, clio.ErrNotFound)

		expense, err := client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeExpenseEntry, Date: clio.NewDate(2026, time.March, 2)})
		require.NoError(t, err)
		_, err = client.Timers.Create(ctx, clio.TimerCreate{Activity: clio.Ref{ID: expense.ID}})
		assert.ErrorIs(t, err, clio.ErrValidation)
		_, err = client.Timers.Create(ctx, clio.TimerCreate{Activity: clio.Ref{ID: 99999999}})
		assert.ErrorIs(t, err, clio.ErrValidation)
		_, err = client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeExpenseEntry, Date: clio.NewDate(2026, time.March, 2),
			StartTimer: clio.Set(true)})
		assert.ErrorIs(t, err, clio.ErrValidation, "only a time entry can be timed")
	})
}

// TestTimersArePerUser: each token's user has a timer of their own.
func TestTimersArePerUser(t *testing.T) {
	ctx := context.Background()
	srv, owner, d := sdkClient(t)
	a, err := owner.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeTimeEntry, Date: clio.NewDate(2026, time.March, 2)})
	require.NoError(t, err)
	_, err = owner.Timers.Create(ctx, clio.TimerCreate{Activity: clio.Ref{ID: a.ID}})
	require.NoError(t, err)
	tok := srv.IssueTokenFor(d.AssociateID)
	associate, err := srv.Client(clio.WithAccessToken(tok.AccessToken))
	require.NoError(t, err)
	_, err = associate.Timers.Get(ctx)
	assert.ErrorIs(t, err, clio.ErrNotFound)
	_, err = owner.Timers.Get(ctx)
	assert.NoError(t, err)
}

func TestBillingSettings(t *testing.T) {
	ctx := context.Background()
	srv, client, _ := sdkClient(t)
	bs, err := client.BillingSettings.Get(ctx)
	require.NoError(t, err)
	assert.NotZero(t, bs.ID)
	full, err := client.BillingSettings.Get(ctx, clio.Fields("currency", "rounding", "rounded_duration", "tax_rate"))
	require.NoError(t, err)
	assert.Equal(t, "USD", full.Currency)
	assert.Equal(t, 6, full.Rounding, "minutes: a tenth of an hour")
	assert.Zero(t, full.RoundedDuration, "no duration, no rounded_duration")

	rounded := func(duration string) float64 {
		t.Helper()
		bs, err := client.BillingSettings.Get(ctx, clio.BillingSettingGetParams{Duration: duration}, clio.Fields("rounded_duration"))
		require.NoError(t, err, duration)
		return bs.RoundedDuration
	}
	for duration, want := range map[string]float64{
		"3h": 3, "2:15": 2.3, "1h 2m": 1.1, "1.5 hours": 1.5, "90 min": 1.5, "1:00:01": 1.1, "1.25": 1.3, "0:00": 0, "2 hours and 3 minutes": 2.1,
	} {
		assert.Equal(t, want, rounded(duration), "%s rounds up to the next 6 minutes, in hours", duration)
	}
	for _, bad := range []string{"soon", "1:75", "3 fortnights", "1 2", "-1h"} {
		_, err := client.BillingSettings.Get(ctx, clio.BillingSettingGetParams{Duration: bad})
		assert.Equal(t, http.StatusBadRequest, status(err), bad)
	}

	_, err = srv.SeedJSON("BillingSetting", `{"rounding": 15, "tax_rate": 8.5}`)
	require.NoError(t, err)
	assert.Equal(t, 2.25, rounded("2:01"))
	after, err := client.BillingSettings.Get(ctx, clio.Fields("currency", "tax_rate"))
	require.NoError(t, err)
	assert.Equal(t, bs.ID, after.ID, "one billing settings record")
	assert.Equal(t, 8.5, after.TaxRate)
	assert.Equal(t, "USD", after.Currency, "a seed sets only the fields it names")
}

func TestBillableMatterIDs(t *testing.T) {
	ctx := context.Background()
	srv, client, d := sdkClient(t)
	var want []int64
	for _, m := range []int64{d.JaneDoeMatterID, d.JohnSmithMatterID, d.AcmeMatterID} {
		client := d.JaneDoeID
		if m != d.JaneDoeMatterID {
			client = d.JohnSmithID
		}
		id, err := srv.SeedJSON("BillableMatter", fmt.Sprintf(`{"display_number": "M-%d", "unbilled_hours": 1.5, "client": {"id": %d}}`, m, client))
		require.NoError(t, err)
		want = append(want, id)
	}
	assert.Equal(t, want, collect(t, client.BillableMatters.IDs(clio.BillableMatterIDsParams{}).All(ctx)))
	assert.Equal(t, want, collect(t, client.BillableMatters.IDs(clio.BillableMatterIDsParams{Limit: 2}).All(ctx)), "paged")
	assert.Equal(t, want[1:], collect(t, client.BillableMatters.IDs(clio.BillableMatterIDsParams{ClientID: d.JohnSmithID}).All(ctx)))
	listed := collect(t, client.BillableMatters.List(clio.BillableMatterListParams{ClientID: d.JohnSmithID}).All(ctx))
	require.Len(t, listed, 2)
	assert.Equal(t, want[1], listed[0].ID, "the ids of what the list answers")

	w := newWire(t)
	r := w.do("GET", "/api/v4/billable_matters/ids.json?limit=1", nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Empty(t, r.json["data"])
	r = w.do("GET", "/api/v4/billable_matters/ids.json?responsible_attorney_id=1", nil)
	assert.Equal(t, http.StatusNotImplemented, r.StatusCode, "as on the list")
}

func TestBillPreview(t *testing.T) {
	ctx := context.Background()
	srv, client, d := sdkClient(t)
	bill, err := srv.SeedJSON("Bill", fmt.Sprintf(`{"number": "INV-<7>", "state": "awaiting_payment", "issued_at": "2026-03-01", "tax_rate": 10, "client": {"id": %d}}`, d.JaneDoeID))
	require.NoError(t, err)
	_, err = srv.SeedJSON("LineItem", fmt.Sprintf(`{"bill": {"id": %d}, "description": "Deposition prep", "date": "2026-02-20", "price": 300, "quantity": 1.5, "taxable": true, "kind": "Service"}`, bill))
	require.NoError(t, err)
	page, err := client.Bills.Preview(ctx, bill)
	require.NoError(t, err)
	html := string(page)
	assert.True(t, strings.HasPrefix(html, "<!DOCTYPE html>"))
	for _, want := range []string{"Bill INV-&lt;7&gt;", "Client: Jane Doe", "Deposition prep", "<td>450.00</td>", "Tax: 45.00", "Total: 495.00", "Balance due: 495.00"} {
		assert.Contains(t, html, want)
	}
	_, err = client.Bills.Preview(ctx, 99999999)
	assert.ErrorIs(t, err, clio.ErrNotFound)
}

func TestReports(t *testing.T) {
	ctx := context.Background()
	_, client, d := sdkClient(t)
	quick := clio.WaitOptions{Interval: time.Millisecond}
	rc, info, id, err := client.Reports.CreateAndDownload(ctx, clio.ReportCreate{Kind: clio.ReportKindClientLedger, Format: clio.ReportFormatCSV,
		Client: clio.Set(clio.Ref{ID: d.JaneDoeID})}, quick)
	require.NoError(t, err)
	body, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	assert.Equal(t, "text/csv", info.ContentType)
	assert.True(t, strings.HasPrefix(string(body), "name,kind,generated_at\nClient ledger,client_ledger,"), string(body))
	assert.Contains(t, string(body), fmt.Sprintf(`client,"{""id"":%d}",`, d.JaneDoeID), "the filters it was made with")
	r, err := client.Reports.Get(ctx, id, clio.Fields("state", "progress", "name", "source", "kind", "format"))
	require.NoError(t, err)
	assert.Equal(t, clio.ReportStateCompleted, r.State)
	assert.Equal(t, 100, r.Progress)
	assert.Equal(t, "Client ledger", r.Name)

	// Each read moves a new report one state on; its file is not there
	// before it completes.
	fresh, err := client.Reports.Create(ctx, clio.ReportCreate{Kind: clio.ReportKindWorkInProgress, Format: clio.ReportFormatXlsx}, clio.Fields("state", "progress"))
	require.NoError(t, err)
	assert.Equal(t, clio.ReportStateQueued, fresh.State)
	_, _, err = client.Reports.Download(ctx, fresh.ID)
	assert.ErrorIs(t, err, clio.ErrNotFound)
	var states []clio.ReportState
	for range 3 {
		r, err := client.Reports.Get(ctx, fresh.ID, clio.Fields("state"))
		require.NoError(t, err)
		states = append(states, r.State)
	}
	assert.Equal(t, []clio.ReportState{clio.ReportStateInProgress, clio.ReportStateCompleted, clio.ReportStateCompleted}, states)
	rc, info, err = client.Reports.Download(ctx, fresh.ID)
	require.NoError(t, err)
	body, _ = io.ReadAll(rc)
	rc.Close()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	require.NoError(t, err, "an xlsx is a zip archive")
	assert.Equal(t, "work_in_progress.csv", zr.File[0].Name)
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", info.ContentType)

	// A preset generates a report of its kind and format.
	preset, err := client.ReportPresets.Create(ctx, clio.ReportPresetCreate{Name: "Monthly WIP", Kind: clio.ReportKindWorkInProgress,
		Format: clio.ReportFormatJSON, Options: `{"matter_status":"open"}`})
	require.NoError(t, err)
	gen, err := client.ReportPresets.GenerateReport(ctx, preset.ID)
	require.NoError(t, err)
	done, err := client.Reports.Wait(ctx, gen.ID, quick)
	require.NoError(t, err)
	assert.Equal(t, "Monthly WIP", done.Name)
	rc, _, err = client.Reports.Download(ctx, gen.ID)
	require.NoError(t, err)
	var file map[string]any
	require.NoError(t, json.NewDecoder(rc).Decode(&file))
	rc.Close()
	assert.Equal(t, "work_in_progress", file["kind"])
	assert.Equal(t, `{"matter_status":"open"}`, file["options"].(map[string]any)["options"])
	p, err := client.ReportPresets.Get(ctx, preset.ID, clio.Fields("last_generated_at"))
	require.NoError(t, err)
	assert.False(t, p.LastGeneratedAt.IsZero())
	_, err = client.ReportPresets.GenerateReport(ctx, 99999999)
	assert.ErrorIs(t, err, clio.ErrNotFound)
	_, err = client.Reports.Create(ctx, clio.ReportCreate{Kind: clio.ReportKindClientLedger})
	assert.ErrorIs(t, err, clio.ErrValidation, "format is required")
}

func TestDocumentArchive(t *testing.T) {
	ctx := context.Background()
	_, client, d := sdkClient(t)
	folder, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Medical",
		Parent: clio.FolderCreateParent{ID: d.JaneDoeMatterID, Type: clio.FolderCreateParentTypeMatter}})
	require.NoError(t, err)
	sub, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Bills",
		Parent: clio.FolderCreateParent{ID: folder.ID, Type: clio.FolderCreateParentTypeFolder}})
	require.NoError(t, err)
	upload(t, client, "ER record.txt", clio.DocumentParent{ID: folder.ID, Type: clio.DocumentParentFolder}, "record")
	upload(t, client, "invoice.txt", clio.DocumentParent{ID: sub.ID, Type: clio.DocumentParentFolder}, "invoice")

	a, err := client.DocumentArchives.Create(ctx, clio.DocumentArchiveCreate{Items: []clio.DocumentArchiveCreateItems{
		{ID: d.PoliceReportDocumentID, Type: 1}, {ID: folder.ID, Type: 2},
	}}, clio.Fields("state", "progress"))
	require.NoError(t, err)
	assert.Equal(t, "queued", string(a.State))
	_, _, err = client.DocumentArchives.Download(ctx, a.ID)
	assert.ErrorIs(t, err, clio.ErrNotFound, "not completed yet")
	for a.State != "completed" {
		a, err = client.DocumentArchives.Get(ctx, a.ID, clio.Fields("state", "size"))
		require.NoError(t, err)
	}
	rc, info, err := client.DocumentArchives.Download(ctx, a.ID)
	require.NoError(t, err)
	body, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "application/zip", info.ContentType)
	assert.Equal(t, len(body), a.Size)
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	require.NoError(t, err)
	files := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		b, _ := io.ReadAll(r)
		files[f.Name] = string(b)
	}
	assert.Equal(t, []string{"Medical/Bills/invoice.txt", "Medical/ER record.txt", "Police Report.pdf"}, sortedKeys(files))
	assert.Equal(t, "invoice", files["Medical/Bills/invoice.txt"])

	_, err = client.DocumentArchives.Create(ctx, clio.DocumentArchiveCreate{Items: []clio.DocumentArchiveCreateItems{{ID: d.JaneDoeID, Type: 1}}})
	assert.ErrorIs(t, err, clio.ErrValidation, "a contact is neither a document nor a folder")
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestCourtRules: a jurisdiction's triggers are seeded with it, listed
// under it, and a docket preview is a 303 to a JSON file.
func TestCourtRules(t *testing.T) {
	ctx := context.Background()
	srv, client, _ := sdkClient(t)
	seed := func(resource, object string) int64 {
		t.Helper()
		id, err := srv.SeedJSON(resource, object)
		require.NoError(t, err)
		return id
	}
	wa := seed("Jurisdiction", `{"description": "Washington Superior Court"}`)
	or := seed("Jurisdiction", `{"description": "Oregon Circuit Court"}`)
	personal := seed("ServiceType", `{"description": "Personal service"}`)
	complaint := seed("JurisdictionsToTrigger", fmt.Sprintf(`{"jurisdiction": {"id": %d}, "description": "Complaint served", "is_served": true}`, wa))
	trial := seed("JurisdictionsToTrigger", fmt.Sprintf(`{"jurisdiction": {"id": %d}, "description": "Trial date set", "is_served": false}`, wa))
	other := seed("JurisdictionsToTrigger", fmt.Sprintf(`{"jurisdiction": {"id": %d}, "description": "Complaint filed"}`, or))

	id := func(tr clio.JurisdictionsToTrigger) int64 { return tr.ID }
	list := func(j int64, p clio.JurisdictionsToTriggerListParams) []int64 {
		var out []int64
		for _, tr := range collect(t, client.JurisdictionTriggers.List(j, p).All(ctx)) {
			out = append(out, id(tr))
		}
		return out
	}
	assert.Equal(t, []int64{complaint, trial}, list(wa, clio.JurisdictionsToTriggerListParams{}))
	assert.Equal(t, []int64{complaint}, list(wa, clio.JurisdictionsToTriggerListParams{IsServed: clio.Set(true)}))
	assert.Equal(t, []int64{trial}, list(wa, clio.JurisdictionsToTriggerListParams{Query: "trial"}))
	assert.Equal(t, []int64{other}, list(or, clio.JurisdictionsToTriggerListParams{}))
	tr, err := client.JurisdictionTriggers.Get(ctx, wa, trial, clio.Fields("description"))
	require.NoError(t, err)
	assert.Equal(t, "Trial date set", tr.Description)
	_, err = client.JurisdictionTriggers.Get(ctx, or, trial)
	assert.ErrorIs(t, err, clio.ErrNotFound, "a trigger of another jurisdiction")

	start := time.Date(2026, time.April, 6, 9, 0, 0, 0, time.UTC)
	params := clio.MatterDocketPreviewParams{JurisdictionID: wa, ServiceTypeID: personal, TriggerID: complaint,
		StartDate: clio.NewDate(2026, time.April, 6), StartTime: start, EventPrefix: "[Doe]"}
	rc, info, err := client.MatterDockets.Preview(ctx, params)
	require.NoError(t, err)
	var preview struct {
		MatterDocket struct {
			Trigger struct{ Description string }
		} `json:"matter_docket"`
		CalendarEntries []struct {
			Summary string
			StartAt time.Time `json:"start_at"`
		} `json:"calendar_entries"`
	}
	require.NoError(t, json.NewDecoder(rc).Decode(&preview))
	rc.Close()
	assert.Equal(t, "application/json", info.ContentType)
	assert.Equal(t, "Complaint served", preview.MatterDocket.Trigger.Description)
	require.Len(t, preview.CalendarEntries, 1)
	assert.Equal(t, "[Doe] Complaint served", preview.CalendarEntries[0].Summary)
	assert.True(t, start.Equal(preview.CalendarEntries[0].StartAt))

	params.TriggerID = other
	_, _, err = client.MatterDockets.Preview(ctx, params)
	assert.ErrorIs(t, err, clio.ErrNotFound, "the trigger must be the jurisdiction's")
	// A docket names its trigger: one that does not exist is refused.
	_, err = client.MatterDockets.Create(ctx, clio.MatterDocketCreate{Name: "Doe v. Roe", Jurisdiction: clio.Ref{ID: wa},
		Trigger: clio.Ref{ID: 99999999}, StartDate: clio.NewDate(2026, time.April, 6)})
	assert.ErrorIs(t, err, clio.ErrValidation)
}

// TestMatterAndContactLists: a matter's client, contacts and related
// contacts, and a contact's email addresses and phone numbers.
func TestMatterAndContactLists(t *testing.T) {
	ctx := context.Background()
	_, client, d := sdkClient(t)
	cl, err := client.MatterClients.Get(ctx, d.JaneDoeMatterID, clio.Fields("name", "is_matter_client", "primary_email_address"))
	require.NoError(t, err)
	assert.Equal(t, d.JaneDoeID, cl.ID)
	assert.Equal(t, "Jane Doe", cl.Name)
	assert.True(t, cl.IsMatterClient)
	assert.Equal(t, "jane.doe@example.com", cl.PrimaryEmailAddress)
	_, err = client.MatterClients.Get(ctx, 99999999)
	assert.ErrorIs(t, err, clio.ErrNotFound)

	rel, err := client.Relationships.Create(ctx, clio.RelationshipCreate{Matter: clio.Set(clio.Ref{ID: d.JaneDoeMatterID}),
		Contact: clio.Set(clio.Ref{ID: d.JohnSmithID}), Description: clio.Set("Witness")})
	require.NoError(t, err)
	mcs := collect(t, client.MatterContacts.List(d.JaneDoeMatterID, clio.MatterContactsListParams{},
		clio.Fields("name", "is_client", "relationship_name", "matter_id")).All(ctx))
	require.Len(t, mcs, 2)
	assert.Equal(t, []any{d.JaneDoeID, "Jane Doe", true, "Client", d.JaneDoeMatterID}, []any{mcs[0].ID, mcs[0].Name, mcs[0].IsClient, mcs[0].RelationshipName, mcs[0].MatterID})
	assert.Equal(t, []any{d.JohnSmithID, "John Smith", false, "Witness"}, []any{mcs[1].ID, mcs[1].Name, mcs[1].IsClient, mcs[1].RelationshipName})

	rcs := collect(t, client.RelatedContacts.List(d.JaneDoeMatterID, clio.RelatedContactsListParams{},
		clio.Fields("contact_id", "name", "is_matter_client")).All(ctx))
	require.Len(t, rcs, 1)
	assert.Equal(t, rel.ID, rcs[0].ID)
	assert.Equal(t, d.JohnSmithID, rcs[0].ContactID)
	assert.False(t, rcs[0].IsMatterClient)
	assert.Empty(t, collect(t, client.RelatedContacts.List(d.AcmeMatterID, clio.RelatedContactsListParams{}).All(ctx)))

	emails := collect(t, client.EmailAddresses.List(d.JaneDoeID, clio.EmailAddressListParams{}, clio.Fields("address", "primary")).All(ctx))
	require.Len(t, emails, 1)
	assert.Equal(t, "jane.doe@example.com", emails[0].Address)
	phones := collect(t, client.PhoneNumbers.List(d.JaneDoeID, clio.PhoneNumberListParams{}, clio.Fields("number")).All(ctx))
	require.Len(t, phones, 1)
	assert.Equal(t, "206-555-0142", phones[0].Number)
	for _, err = range client.PhoneNumbers.List(99999999, clio.PhoneNumberListParams{}).All(ctx) {
		break
	}
	assert.ErrorIs(t, err, clio.ErrNotFound)
}

func TestCalendarAndPracticeAreaWrites(t *testing.T) {
	ctx := context.Background()
	_, client, d := sdkClient(t)
	cal, err := client.Calendars.Create(ctx, clio.CalendarCreate{Name: "Trial team", Color: clio.CalendarColor("#FFA5A4")},
		clio.Fields("name", "type", "color", "light_color", "visible", clio.Nested("creator", "id")))
	require.NoError(t, err)
	assert.Equal(t, "AdhocCalendar", string(cal.Type))
	assert.Equal(t, "#F95957", string(cal.LightColor), "the light shade paired with the color")
	assert.True(t, cal.Visible)
	assert.Equal(t, d.AttorneyID, cal.Creator.ID)
	_, err = client.Calendars.Update(ctx, cal.ID, `"stale"`, clio.CalendarUpdate{Visible: clio.Set(false)})
	assert.ErrorIs(t, err, clio.ErrPreconditionFailed)
	up, err := client.Calendars.Update(ctx, cal.ID, cal.ETag, clio.CalendarUpdate{Visible: clio.Set(false), Name: clio.Set("Trial")}, clio.Fields("name", "visible"))
	require.NoError(t, err)
	assert.Equal(t, "Trial", up.Name)
	assert.False(t, up.Visible)
	entry, err := client.CalendarEntries.Create(ctx, clio.CalendarEntryCreate{Summary: "Voir dire", CalendarOwner: clio.Ref{ID: cal.ID},
		StartAt: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), EndAt: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.ErrorIs(t, client.Calendars.Delete(ctx, d.AttorneyCalendarID), clio.ErrValidation, "a user's own calendar stays")
	require.NoError(t, client.Calendars.Delete(ctx, cal.ID))
	_, err = client.CalendarEntries.Get(ctx, entry.ID)
	assert.ErrorIs(t, err, clio.ErrNotFound, "its entries go with it")

	pa, err := client.PracticeAreas.Create(ctx, clio.PracticeAreaCreate{Name: "Employment", Code: clio.Set("EMP"),
		Category: clio.PracticeAreaCategory("employment_and_labor")}, clio.Fields("name", "code", "category"))
	require.NoError(t, err)
	assert.Equal(t, "EMP", pa.Code)
	_, err = client.PracticeAreas.Create(ctx, clio.PracticeAreaCreate{Name: "X", Category: clio.PracticeAreaCategory("bogus")})
	assert.ErrorIs(t, err, clio.ErrValidation)
	pa, err = client.PracticeAreas.Update(ctx, pa.ID, pa.ETag, clio.PracticeAreaUpdate{Name: clio.Set("Employment law")}, clio.Fields("name", "code"))
	require.NoError(t, err)
	assert.Equal(t, "Employment law", pa.Name)
	assert.Equal(t, "EMP", pa.Code)
	assert.ErrorIs(t, client.PracticeAreas.Delete(ctx, d.PersonalInjuryID), clio.ErrValidation, "matters use it")
	require.NoError(t, client.PracticeAreas.Delete(ctx, pa.ID))
	_, err = client.PracticeAreas.Get(ctx, pa.ID)
	assert.ErrorIs(t, err, clio.ErrNotFound)
}

func TestTemplateReminderAndDocumentWrites(t *testing.T) {
	ctx := context.Background()
	srv, client, d := sdkClient(t)
	tpl, err := client.DocumentTemplates.Create(ctx, clio.DocumentTemplateCreate{Filename: clio.Set("Demand letter.docx"),
		File: base64.StdEncoding.EncodeToString([]byte("Dear {{client}}"))}, clio.Fields("filename", "size", "content_type", clio.Nested("last_modified_by", "id")))
	require.NoError(t, err)
	assert.Equal(t, 15, tpl.Size)
	assert.Equal(t, d.AttorneyID, tpl.LastModifiedBy.ID)
	_, err = client.DocumentTemplates.Create(ctx, clio.DocumentTemplateCreate{Filename: clio.Set("x.docx"), File: "not base64!"})
	assert.ErrorIs(t, err, clio.ErrValidation)
	tpl, err = client.DocumentTemplates.Update(ctx, tpl.ID, tpl.ETag, clio.DocumentTemplateUpdate{File: clio.Set(base64.StdEncoding.EncodeToString([]byte("Dear client")))},
		clio.Fields("filename", "size"))
	require.NoError(t, err)
	rc, _, err := client.DocumentTemplates.Download(ctx, tpl.ID)
	require.NoError(t, err)
	body, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "Dear client", string(body))
	require.NoError(t, client.DocumentTemplates.Delete(ctx, tpl.ID))
	_, err = client.DocumentTemplates.Get(ctx, tpl.ID)
	assert.ErrorIs(t, err, clio.ErrNotFound)

	rem, err := client.Reminders.Create(ctx, clio.ReminderCreate{Subject: clio.ReminderSubject{ID: d.IntakeCallEntryID, Type: "CalendarEntry"},
		NotificationMethod: clio.Ref{ID: d.EmailNotificationID}, DurationValue: clio.Set(2), DurationUnit: clio.ReminderDurationUnit("days")})
	require.NoError(t, err)
	rem, err = client.Reminders.Update(ctx, rem.ID, rem.ETag, clio.ReminderUpdate{DurationValue: clio.Set(3)}, clio.Fields("duration"))
	require.NoError(t, err)
	assert.Equal(t, clio.Minutes(3*24*60), rem.Duration, "3 days (the unit it had), in minutes")
	rem, err = client.Reminders.Update(ctx, rem.ID, "", clio.ReminderUpdate{DurationUnit: clio.ReminderUpdateDurationUnit("hours"),
		NotificationMethod: clio.Set(clio.Ref{ID: d.PopupNotificationID})}, clio.Fields("duration", clio.Nested("notification_method", "id")))
	require.NoError(t, err)
	assert.Equal(t, clio.Minutes(3*60), rem.Duration)
	assert.Equal(t, d.PopupNotificationID, rem.NotificationMethod.ID)

	cp, err := client.Documents.Copy(ctx, d.PoliceReportDocumentID, clio.DocumentCopy{Name: clio.Set("Police Report (copy)"),
		Parent: clio.DocumentCopyParent{ID: d.JohnSmithMatterID, Type: clio.DocumentCopyParentTypeMatter}}, clio.Fields("name", clio.Nested("matter", "id")))
	require.NoError(t, err)
	assert.NotEqual(t, d.PoliceReportDocumentID, cp.ID)
	assert.Equal(t, d.JohnSmithMatterID, cp.Matter.ID)
	orig, _ := srv.DocumentContent(d.PoliceReportDocumentID)
	got, ok := srv.DocumentContent(cp.ID)
	require.True(t, ok)
	assert.Equal(t, orig, got)

	upload(t, client, "Police Report.pdf", clio.DocumentParent{ID: d.PoliceReportDocumentID, Type: clio.DocumentParentDocument}, "v2")
	versions := collect(t, client.DocumentVersions.List(d.PoliceReportDocumentID, clio.DocumentVersionListParams{}, clio.Fields("version_number", "fully_uploaded")).All(ctx))
	require.Len(t, versions, 2)
	require.NoError(t, client.DocumentVersions.SaveAsLatestVersion(ctx, d.PoliceReportDocumentID, versions[0].ID))
	versions = collect(t, client.DocumentVersions.List(d.PoliceReportDocumentID, clio.DocumentVersionListParams{FullyUploaded: clio.Set(true)}, clio.Fields("version_number")).All(ctx))
	require.Len(t, versions, 3)
	assert.Equal(t, 3, versions[2].VersionNumber)
	latest, _ := srv.DocumentContent(d.PoliceReportDocumentID)
	assert.Equal(t, orig, latest, "the first version's content is the latest again")
	assert.ErrorIs(t, client.DocumentVersions.SaveAsLatestVersion(ctx, d.PoliceReportDocumentID, 99999999), clio.ErrNotFound)
}

// TestEveryListAnswersData sends every list of the spec, its required
// filters given, to a server holding a record for it: each answers 200
// with data.
func TestEveryListAnswersData(t *testing.T) {
	w := newWire(t)
	srv, d := w.srv, w.srv.Demo()
	seedOK := func(resource, object string) int64 { return seed(t, srv, resource, object) }

	// Lists the demo firm leaves empty.
	seedOK("Webhook", `{"url": "https://hooks.example.test/clio", "model": "matter", "fields": "id", "events": ["created"]}`)
	seedOK("Reminder", fmt.Sprintf(`{"subject": {"id": %d, "type": "CalendarEntry"}, "notification_method": {"id": %d}, "duration_value": 1}`, d.IntakeCallEntryID, d.EmailNotificationID))
	seedOK("DocumentAutomation", fmt.Sprintf(`{"document_template": {"id": %d}, "matter": {"id": %d}, "filename": "a", "formats": ["pdf"]}`, d.RetainerTemplateID, d.JaneDoeMatterID))
	seedOK("Relationship", fmt.Sprintf(`{"matter": {"id": %d}, "contact": {"id": %d}, "description": "Witness"}`, d.JaneDoeMatterID, d.JohnSmithID))
	jurisdiction := seedOK("Jurisdiction", `{"description": "WA"}`)
	seedOK("JurisdictionsToTrigger", fmt.Sprintf(`{"jurisdiction": {"id": %d}, "description": "Complaint served"}`, jurisdiction))
	conversation := seedOK("Conversation", `{"subject": "x"}`)

	parents := map[string]int64{ // the id in the path of a nested list
		"DocumentVersion#index": d.PoliceReportDocumentID, "EmailAddress#index": d.JaneDoeID, "PhoneNumber#index": d.JaneDoeID,
		"MatterContacts#index": d.JaneDoeMatterID, "RelatedContacts#index": d.JaneDoeMatterID, "JurisdictionsToTrigger#index": jurisdiction,
	}
	required := map[string]url.Values{
		"Note#index":                {"type": {"Matter"}},
		"ConversationMessage#index": {"conversation_id": {fmt.Sprint(conversation)}},
		"LaukExpenseCategory#index": {"region": {"London"}},
	}
	objects := map[string]string{
		"Note":                fmt.Sprintf(`{"type": "Matter", "matter": {"id": %d}}`, d.JaneDoeMatterID),
		"ConversationMessage": fmt.Sprintf(`{"conversation": {"id": %d}}`, conversation),
	}
	n := 0
	for _, op := range cliotest.SpecOperations() {
		action := op.ID[strings.Index(op.ID, "#")+1:]
		if op.Method != "GET" || action != "index" && action != "list" && action != "ids" {
			continue
		}
		path := op.Path
		if strings.Contains(path, "{") {
			require.Contains(t, parents, op.ID, "a nested list without a parent in this test")
			path = placeholder.ReplaceAllString(path, fmt.Sprint(parents[op.ID]))
		} else {
			// A generic record; a hand-modelled one refuses {} (the demo
			// firm and the seeds above hold some).
			_, _ = srv.SeedJSON(op.Record, cmpOr(objects[op.Record], `{}`))
		}
		if op.ID == "BillableMatter#ids" {
			seedOK("BillableMatter", `{}`)
		}
		r := w.do("GET", "/api/v4"+path+"?"+required[op.ID].Encode(), nil)
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", op.ID, r.raw)
		assert.NotEmpty(t, r.json["data"], op.ID)
		n++
	}
	assert.Equal(t, 78, n, "the lists of the spec")
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
