package clio_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// The generated services against cliotest, one test per resource family:
// list, get, create, update with the etag (and a stale one refused with
// 412), delete, and a bad body refused with 422.

func familyServer(t *testing.T) (*cliotest.Server, *clio.Client, cliotest.Demo) {
	t.Helper()
	srv := cliotest.NewServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	return srv, client, srv.Demo()
}

// ids collects the ids a pager yields.
func ids[T any](t *testing.T, seq iter.Seq2[T, error], id func(T) int64) []int64 {
	t.Helper()
	out := []int64{}
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, id(v))
	}
	return out
}

// requireAPIError asserts err is an *APIError with status and that its
// message names want.
func requireAPIError(t *testing.T, err error, sentinel error, status int, want string) {
	t.Helper()
	require.ErrorIs(t, err, sentinel)
	var apiErr *clio.APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, status, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, want)
}

func TestFamilyActivities(t *testing.T) {
	ctx := context.Background()
	_, client, d := familyServer(t)
	a, err := client.Activities.Create(ctx, clio.ActivityCreate{
		Type: clio.ActivityTypeTimeEntry, Date: clio.NewDate(2026, time.March, 2),
		Matter: clio.Set(clio.Ref{ID: d.JaneDoeMatterID}), Quantity: clio.Float(5400),
		Note: clio.Set("Call with the adjuster"), Reference: clio.Set("import-1"),
	})
	require.NoError(t, err)
	assert.NotEmpty(t, a.ETag)
	assert.Equal(t, "import-1", a.Reference)
	assert.Equal(t, 5400.0, a.Quantity)
	require.NotNil(t, a.Matter)
	assert.Equal(t, d.JaneDoeMatterID, a.Matter.ID)
	require.NotNil(t, a.User, "booked to the token's user when none is given")
	assert.Equal(t, d.AttorneyID, a.User.ID)

	b, err := client.Activities.Create(ctx, clio.ActivityCreate{
		Type: clio.ActivityTypeExpenseEntry, Date: clio.NewDate(2026, time.March, 10),
		Matter: clio.Set(clio.Ref{ID: d.JohnSmithMatterID}), User: clio.Set(clio.Ref{ID: d.AssociateID}), Price: clio.Amount("42.5"),
	})
	require.NoError(t, err)

	id := func(a clio.Activity) int64 { return a.ID }
	list := func(p clio.ActivityListParams) []int64 { return ids(t, client.Activities.List(p).All(ctx), id) }
	assert.Equal(t, []int64{a.ID, b.ID}, list(clio.ActivityListParams{}))
	assert.Equal(t, []int64{a.ID}, list(clio.ActivityListParams{MatterID: d.JaneDoeMatterID}))
	assert.Equal(t, []int64{b.ID}, list(clio.ActivityListParams{UserID: d.AssociateID}))
	assert.Equal(t, []int64{b.ID}, list(clio.ActivityListParams{Type: clio.ActivityTypeExpenseEntry}))
	march := func(day int) clio.Date { return clio.NewDate(2026, time.March, day) }
	assert.Equal(t, []int64{a.ID}, list(clio.ActivityListParams{StartDate: march(1), EndDate: march(2)}), "end_date is inclusive")
	assert.Equal(t, []int64{b.ID}, list(clio.ActivityListParams{StartDate: march(3)}))
	assert.Equal(t, []int64{a.ID}, list(clio.ActivityListParams{Query: "ADJUSTER"}))

	got, err := client.Activities.Get(ctx, a.ID, clio.Fields("reference", clio.Nested("matter", "display_number")))
	require.NoError(t, err)
	require.NotNil(t, got.Matter)
	assert.NotEmpty(t, got.Matter.DisplayNumber, "the association renders the matter the fake holds")

	up, err := client.Activities.Update(ctx, a.ID, a.ETag, clio.ActivityUpdate{Note: clio.Set("Call with the adjuster (45 min)")})
	require.NoError(t, err)
	assert.Equal(t, "Call with the adjuster (45 min)", up.Note)
	assert.NotEqual(t, a.ETag, up.ETag)
	_, err = client.Activities.Update(ctx, a.ID, a.ETag, clio.ActivityUpdate{Note: clio.Set("lost update")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)

	_, err = client.Activities.Create(ctx, clio.ActivityCreate{Type: "Lunch", Date: clio.NewDate(2026, time.March, 2)})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "type must be one of")
	_, err = client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeTimeEntry})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "date can't be blank")
	_, err = client.Activities.Create(ctx, clio.ActivityCreate{Type: clio.ActivityTypeTimeEntry,
		Date: clio.NewDate(2026, time.March, 2), Matter: clio.Set(clio.Ref{ID: 99999999})})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "matter 99999999 does not exist")

	require.NoError(t, client.Activities.Delete(ctx, a.ID))
	_, err = client.Activities.Get(ctx, a.ID)
	require.ErrorIs(t, err, clio.ErrNotFound)
	assert.Equal(t, []int64{b.ID}, list(clio.ActivityListParams{}))
}

func TestFamilyBills(t *testing.T) {
	ctx := context.Background()
	srv, client, d := familyServer(t)
	// Clio's API has no bill create: a test seeds them.
	id, err := srv.Seed("Bill", clio.Bill{Number: "INV-0042", State: clio.BillStateDraft, Total: clio.MustDecimal("1250"),
		IssuedAt: clio.NewDate(2026, time.March, 31), Matters: []clio.MatterBase{{ID: d.JaneDoeMatterID}}})
	require.NoError(t, err)
	other, err := srv.SeedJSON("Bill", `{"number": "INV-0043", "state": "paid"}`)
	require.NoError(t, err)

	got, err := client.Bills.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "INV-0042", got.Number)
	assert.Equal(t, clio.BillStateDraft, got.State)
	assert.Equal(t, "1250", got.Total.String())
	assert.Equal(t, clio.NewDate(2026, time.March, 31), got.IssuedAt)

	billID := func(b clio.Bill) int64 { return b.ID }
	assert.Equal(t, []int64{id, other}, ids(t, client.Bills.List(clio.BillListParams{}).All(ctx), billID))
	assert.Equal(t, []int64{other}, ids(t, client.Bills.List(clio.BillListParams{State: clio.BillStatePaid}).All(ctx), billID))

	up, err := client.Bills.Update(ctx, id, got.ETag, clio.BillUpdate{Memo: clio.Set("Thank you"), State: clio.BillStateAwaitingApproval})
	require.NoError(t, err)
	assert.Equal(t, "Thank you", up.Memo)
	assert.Equal(t, clio.BillStateAwaitingApproval, up.State)
	_, err = client.Bills.Update(ctx, id, got.ETag, clio.BillUpdate{Memo: clio.Set("stale")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)
	_, err = client.Bills.Update(ctx, id, up.ETag, clio.BillUpdate{State: clio.BillState("sent")})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "state must be one of")

	require.NoError(t, client.Bills.Delete(ctx, id))
	_, err = client.Bills.Get(ctx, id)
	require.ErrorIs(t, err, clio.ErrNotFound)
}

func TestFamilyTasks(t *testing.T) {
	ctx := context.Background()
	_, client, d := familyServer(t)
	due := clio.NewDate(2026, time.April, 1)
	task, err := client.Tasks.Create(ctx, clio.TaskCreate{
		Name: "Request police report", Description: "From the county sheriff",
		Assignee: clio.TaskCreateAssignee{ID: d.ParalegalID, Type: clio.TaskCreateAssigneeTypeUser},
		Matter:   clio.Set(clio.Ref{ID: d.JaneDoeMatterID}), DueAt: clio.Set(due), Priority: clio.TaskPriorityHigh,
	}, clio.Fields("name", "priority", clio.Nested("assignee", "id", "name"), clio.Nested("assigner", "id")))
	require.NoError(t, err)
	require.NotNil(t, task.Assignee)
	assert.Equal(t, "Rosa Alvarez", task.Assignee.Name, "a polymorphic assignee renders the user it names")
	require.NotNil(t, task.Assigner)
	assert.Equal(t, d.AttorneyID, task.Assigner.ID)

	other, err := client.Tasks.Create(ctx, clio.TaskCreate{Name: "File", Description: "-",
		Assignee: clio.TaskCreateAssignee{ID: d.AttorneyID, Type: clio.TaskCreateAssigneeTypeUser}, Status: clio.TaskStatusComplete})
	require.NoError(t, err)

	taskID := func(t clio.Task) int64 { return t.ID }
	assert.Equal(t, []int64{task.ID}, ids(t, client.Tasks.List(clio.TaskListParams{AssigneeID: d.ParalegalID}).All(ctx), taskID))
	assert.Equal(t, []int64{task.ID}, ids(t, client.Tasks.List(clio.TaskListParams{Priority: clio.TaskListPriorityHigh}).All(ctx), taskID), "priority filters ignoring case")
	assert.Equal(t, []int64{other.ID}, ids(t, client.Tasks.List(clio.TaskListParams{Status: clio.TaskStatusComplete}).All(ctx), taskID))

	got, err := client.Tasks.Get(ctx, task.ID)
	require.NoError(t, err)
	assert.Equal(t, "Request police report", got.Name)
	up, err := client.Tasks.Update(ctx, task.ID, got.ETag, clio.TaskUpdate{Status: clio.TaskStatusComplete})
	require.NoError(t, err)
	assert.Equal(t, clio.TaskStatusComplete, up.Status)
	_, err = client.Tasks.Update(ctx, task.ID, got.ETag, clio.TaskUpdate{Name: clio.Set("stale")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)

	_, err = client.Tasks.Create(ctx, clio.TaskCreate{Name: "No assignee", Description: "-"})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "assignee.type must be one of User, Contact")

	require.NoError(t, client.Tasks.Delete(ctx, task.ID))
	_, err = client.Tasks.Get(ctx, task.ID)
	require.ErrorIs(t, err, clio.ErrNotFound)
}

func TestFamilyNotes(t *testing.T) {
	ctx := context.Background()
	_, client, d := familyServer(t)
	n, err := client.Notes.Create(ctx, clio.NoteCreate{Type: clio.NoteTypeMatter, Matter: clio.Set(clio.Ref{ID: d.JaneDoeMatterID}),
		Subject: clio.Set("Intake summary"), Detail: clio.Set("Rear-end collision; police report requested.")})
	require.NoError(t, err)
	c, err := client.Notes.Create(ctx, clio.NoteCreate{Type: clio.NoteTypeContact, Contact: clio.Set(clio.Ref{ID: d.JaneDoeID}), Subject: clio.Set("Prefers email")})
	require.NoError(t, err)

	noteID := func(n clio.Note) int64 { return n.ID }
	assert.Equal(t, []int64{n.ID}, ids(t, client.Notes.List(clio.NoteListParams{Type: clio.NoteTypeMatter}).All(ctx), noteID))
	assert.Equal(t, []int64{c.ID}, ids(t, client.Notes.List(clio.NoteListParams{Type: clio.NoteTypeContact, ContactID: d.JaneDoeID}).All(ctx), noteID))
	assert.Empty(t, ids(t, client.Notes.List(clio.NoteListParams{Type: clio.NoteTypeMatter, MatterID: d.JohnSmithMatterID}).All(ctx), noteID))

	got, err := client.Notes.Get(ctx, n.ID)
	require.NoError(t, err)
	assert.Equal(t, "Intake summary", got.Subject)
	require.NotNil(t, got.Author)
	assert.Equal(t, d.AttorneyID, got.Author.ID)
	up, err := client.Notes.Update(ctx, n.ID, got.ETag, clio.NoteUpdate{Subject: clio.Set("Intake summary (final)")})
	require.NoError(t, err)
	assert.Equal(t, "Intake summary (final)", up.Subject)
	_, err = client.Notes.Update(ctx, n.ID, got.ETag, clio.NoteUpdate{Subject: clio.Set("stale")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)

	// A body the typed struct cannot express, sent raw: unknown field.
	err = client.Do(ctx, http.MethodPost, "notes.json", nil, map[string]any{"data": map[string]any{"type": "Matter", "matter": map[string]any{"id": d.JaneDoeMatterID}, "body": "x"}}, nil)
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "body is not a field")

	require.NoError(t, client.Notes.Delete(ctx, n.ID))
	_, err = client.Notes.Get(ctx, n.ID)
	require.ErrorIs(t, err, clio.ErrNotFound)
}

func TestFamilyTrust(t *testing.T) {
	ctx := context.Background()
	srv, client, d := familyServer(t)
	acct, err := client.BankAccounts.Create(ctx, clio.BankAccountCreate{Name: clio.Set("IOLTA Trust"), Currency: "USD", Type: clio.BankAccountTypeTrust})
	require.NoError(t, err)
	tx, err := client.BankTransactions.Create(ctx, clio.BankTransactionCreate{Amount: clio.MustDecimal("5000"), Date: clio.NewDate(2026, time.March, 3),
		BankAccount: clio.Ref{ID: acct.ID}, Matter: clio.Set(clio.Ref{ID: d.JaneDoeMatterID}), Description: clio.Set("Retainer")})
	require.NoError(t, err)
	assert.Equal(t, acct.ID, tx.BankAccountID, "bank_account{id} also sets bank_account_id")

	txID := func(x clio.BankTransaction) int64 { return x.ID }
	assert.Equal(t, []int64{tx.ID}, ids(t, client.BankTransactions.List(clio.BankTransactionListParams{BankAccountID: acct.ID}).All(ctx), txID))
	assert.Empty(t, ids(t, client.BankTransactions.List(clio.BankTransactionListParams{MatterID: d.JohnSmithMatterID}).All(ctx), txID))

	gotAcct, err := client.BankAccounts.Get(ctx, acct.ID)
	require.NoError(t, err)
	assert.Equal(t, "IOLTA Trust", gotAcct.Name)
	upAcct, err := client.BankAccounts.Update(ctx, acct.ID, gotAcct.ETag, clio.BankAccountUpdate{Institution: clio.Set("First Bank")})
	require.NoError(t, err)
	assert.Equal(t, "First Bank", upAcct.Institution)
	_, err = client.BankAccounts.Update(ctx, acct.ID, gotAcct.ETag, clio.BankAccountUpdate{Name: clio.Set("stale")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)
	_, err = client.BankTransactions.Create(ctx, clio.BankTransactionCreate{Amount: clio.MustDecimal("1"), Date: clio.NewDate(2026, time.March, 3),
		BankAccount: clio.Ref{ID: 99999999}})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "bank_account 99999999 does not exist")

	// Trust line items have no create in Clio's API: seed one.
	item, err := srv.Seed("TrustLineItem", clio.TrustLineItem{Date: clio.NewDate(2026, time.March, 31), Total: clio.MustDecimal("800"), Note: "Applied to INV-0042",
		Matter: &clio.MatterBase{ID: d.JaneDoeMatterID}})
	require.NoError(t, err)
	itemID := func(x clio.TrustLineItem) int64 { return x.ID }
	assert.Equal(t, []int64{item}, ids(t, client.TrustLineItems.List(clio.TrustLineItemListParams{MatterID: d.JaneDoeMatterID}).All(ctx), itemID))
	var items []clio.TrustLineItem
	for x, err := range client.TrustLineItems.List(clio.TrustLineItemListParams{}).All(ctx) {
		require.NoError(t, err)
		items = append(items, x)
	}
	require.Len(t, items, 1)
	upItem, err := client.TrustLineItems.Update(ctx, item, items[0].ETag, clio.TrustLineItemUpdate{Total: clio.Amount("750.0")})
	require.NoError(t, err)
	assert.Equal(t, "750.0", upItem.Total.String())
	err = client.Do(ctx, http.MethodPatch, "trust_line_items/"+strconv.FormatInt(item, 10)+".json", nil, map[string]any{"data": map[string]any{"total": "750"}}, nil)
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "total must be a number")

	require.NoError(t, client.BankTransactions.Delete(ctx, tx.ID))
	require.NoError(t, client.BankAccounts.Delete(ctx, acct.ID))
	_, err = client.BankAccounts.Get(ctx, acct.ID)
	require.ErrorIs(t, err, clio.ErrNotFound)
}

func TestFamilyFolders(t *testing.T) {
	ctx := context.Background()
	_, client, d := familyServer(t)
	parent := clio.FolderCreateParent{ID: d.JaneDoeMatterID, Type: clio.FolderCreateParentTypeMatter}
	f, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Medical records", Parent: parent})
	require.NoError(t, err)
	sub, err := client.Folders.Create(ctx, clio.FolderCreate{Name: "Imaging", Parent: clio.FolderCreateParent{ID: f.ID, Type: clio.FolderCreateParentTypeFolder}})
	require.NoError(t, err)

	folderID := func(x clio.Folder) int64 { return x.ID }
	assert.Equal(t, []int64{f.ID, sub.ID}, ids(t, client.Folders.List(clio.FolderListParams{}).All(ctx), folderID))
	assert.Equal(t, []int64{sub.ID}, ids(t, client.Folders.List(clio.FolderListParams{Query: "imag"}).All(ctx), folderID))

	got, err := client.Folders.Get(ctx, sub.ID, clio.Fields("name", clio.Nested("parent", "id", "name")))
	require.NoError(t, err)
	require.NotNil(t, got.Parent)
	assert.Equal(t, "Medical records", got.Parent.Name, "a {id, type} parent renders the folder it names")

	up, err := client.Folders.Update(ctx, f.ID, f.ETag, clio.FolderUpdate{Name: clio.Set("Medical")})
	require.NoError(t, err)
	assert.Equal(t, "Medical", up.Name)
	_, err = client.Folders.Update(ctx, f.ID, f.ETag, clio.FolderUpdate{Name: clio.Set("stale")})
	require.ErrorIs(t, err, clio.ErrPreconditionFailed)
	_, err = client.Folders.Create(ctx, clio.FolderCreate{Name: "Orphan", Parent: clio.FolderCreateParent{ID: 99999999, Type: clio.FolderCreateParentTypeFolder}})
	requireAPIError(t, err, clio.ErrValidation, http.StatusUnprocessableEntity, "parent 99999999 does not exist")

	require.NoError(t, client.Folders.Delete(ctx, sub.ID))
	_, err = client.Folders.Get(ctx, sub.ID)
	require.ErrorIs(t, err, clio.ErrNotFound)
}
