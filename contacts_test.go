package clio

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	contactDefaultFields = "id,etag,name,first_name,middle_name,last_name,prefix,title,type,initials," +
		"date_of_birth,primary_email_address,primary_phone_number,is_client,created_at,updated_at," +
		"company{id,name},email_addresses{id,address,name,primary},phone_numbers{id,number,name,primary}," +
		"addresses{id,name,street,city,province,postal_code,country,primary}," +
		"custom_field_values{id,value,field_name,field_type,custom_field}"
	contactETag = `"0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"`
)

func TestContacts_List(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("contacts.json"), mcRecord(t, &calls, 200, "contacts/list.json"))

	got, err := c.Contacts.List(ContactListParams{
		Query:             "Rivera",
		Type:              "Person",
		ClientOnly:        true,
		EmailOnly:         true,
		IDs:               []int64{501, 610},
		UpdatedSince:      time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
		CustomFieldValues: []CustomFieldFilter{{FieldID: 31, Value: "302"}, {FieldID: 32, Op: "<=", Value: "2020-12-31"}},
		CustomFieldIDs:    []int64{31},
	}).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "contacts.json", calls[0].path)
	assert.Equal(t, url.Values{
		"query":                   {"Rivera"},
		"type":                    {"Person"},
		"client_only":             {"true"},
		"email_only":              {"true"},
		"ids[]":                   {"501", "610"},
		"updated_since":           {"2025-05-01T00:00:00Z"},
		"custom_field_values[31]": {"302"},
		"custom_field_values[32]": {"<=2020-12-31"},
		"custom_field_ids[]":      {"31"},
		"fields":                  {contactDefaultFields},
		"limit":                   {"200"},
		"order":                   {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.Equal(t, ContactTypePerson, got[0].Type)
	assert.Equal(t, ContactTypeCompany, got[1].Type)
	assert.Equal(t, "billing@lakeshoremed.example", got[1].PrimaryEmailAddress)
}

func TestContacts_Get(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "contacts/show.json"))

	ct, err := c.Contacts.Get(context.Background(), 501)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, url.Values{"fields": {contactDefaultFields}}, calls[0].query)

	assert.Equal(t, contactETag, ct.ETag)
	assert.Equal(t, "Ana", ct.FirstName)
	assert.Equal(t, "Rivera", ct.LastName)
	assert.Equal(t, NewDate(1988, time.September, 23), ct.DateOfBirth)
	assert.True(t, ct.IsClient)
	require.NotNil(t, ct.Company)
	assert.Equal(t, "Lakeshore Medical Group", ct.Company.Name)
	require.Len(t, ct.EmailAddresses, 2)
	assert.Equal(t, "arivera@lakeshoremed.example", ct.EmailAddresses[1].Address)
	assert.True(t, ct.EmailAddresses[0].Primary)
	require.Len(t, ct.PhoneNumbers, 1)
	assert.Equal(t, "312-555-0147", ct.PhoneNumbers[0].Number)
	require.Len(t, ct.Addresses, 1)
	assert.Equal(t, "60613", ct.Addresses[0].PostalCode)
	require.Len(t, ct.CustomFieldValues, 1)
	assert.Equal(t, CompositeID("picklist-801"), ct.CustomFieldValues[0].ID)
}

func TestContacts_CreatePerson(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("contacts.json"), mcRecord(t, &calls, 201, "contacts/created_person.json"))

	ct, err := c.Contacts.Create(context.Background(), ContactCreate{
		Type:           "Person",
		FirstName:      String("Linh"),
		LastName:       String("Nguyen"),
		DateOfBirth:    Day(1991, time.February, 11),
		EmailAddresses: []EmailAddressInput{{Name: String("Home"), Address: String("linh.nguyen@example.com"), Default: Bool(true)}},
		PhoneNumbers:   []PhoneNumberInput{{Name: String("Work"), Number: String("773-555-0199"), Default: Bool(true)}},
		Addresses: []AddressInput{{Name: String("Home"), Street: String("88 E Randolph St"), City: String("Chicago"),
			Province: String("IL"), PostalCode: String("60601"), Country: String("United States")}},
	})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "contacts.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {contactDefaultFields}}, calls[0].query)
	assertGoldenJSON(t, "contacts_create_person.json", calls[0].body)

	assert.Equal(t, int64(520), ct.ID)
	assert.Equal(t, "Linh Nguyen", ct.Name)
	require.Len(t, ct.EmailAddresses, 1)
	assert.Equal(t, int64(7301), ct.EmailAddresses[0].ID)
}

func TestContacts_CreateCompany(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("POST", mcURL("contacts.json"), mcRecord(t, &calls, 201, "contacts/created_company.json"))

	ct, err := c.Contacts.Create(context.Background(), ContactCreate{
		Type:           "Company",
		Name:           "Northside Transit Authority",
		EmailAddresses: []EmailAddressInput{{Name: String("Work"), Address: String("claims@northside-transit.example")}},
	}, Fields("name", "type", "primary_email_address", Nested("email_addresses", "address")))
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "id,etag,name,type,primary_email_address,email_addresses{address}", calls[0].query.Get("fields"))
	assertGoldenJSON(t, "contacts_create_company.json", calls[0].body)
	assert.Equal(t, ContactTypeCompany, ct.Type)
}

func TestContacts_CreateRefusedLocally(t *testing.T) {
	c, mt := newTestClient(t)
	ctx := context.Background()
	for _, bad := range []ContactCreate{
		{Type: "person", FirstName: String("a")},
		{Type: "Person", Name: "Only A Name"},
		{Type: "Person", FirstName: String(""), LastName: Null[string]()},
		{Type: "Company", FirstName: String("Acme")},
		{Type: "Person", LastName: String("x"), EmailAddresses: []EmailAddressInput{{ID: Int64(3), Address: String("a@b.example")}}},
		{Type: "Person", LastName: String("x"), PhoneNumbers: []PhoneNumberInput{{Destroy: Bool(true)}}},
		{Type: "Person", LastName: String("x"), Addresses: make([]AddressInput, 21)},
	} {
		_, err := c.Contacts.Create(ctx, bad)
		assert.Error(t, err, "%+v", bad)
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestContacts_UpdateNestedWithHeldETag(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("PATCH", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "contacts/updated.json"))
	mt.RegisterResponder("GET", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "contacts/etag.json"))

	// The nested-attribute rules: with id updates, without id creates,
	// {id, _destroy} deletes.
	ct, err := c.Contacts.Update(context.Background(), 501, contactETag, ContactUpdate{
		Title: Null[string](),
		EmailAddresses: []EmailAddressInput{
			{ID: Int64(7001), Name: String("Work"), Address: String("ana@rivera.example")},
			{Name: String("Home"), Address: String("ana.home@example.com")},
			{ID: Int64(7002), Destroy: Bool(true)},
		},
		PhoneNumbers: []PhoneNumberInput{
			{ID: Int64(7101), Name: String("Work"), Number: String("312-555-0100")},
			{Name: String("Other"), Number: String("312-555-0111")},
		},
		Addresses: []AddressInput{{ID: Int64(7201), Name: String("Work")}},
	})
	require.NoError(t, err)
	require.Len(t, calls, 1, "one PATCH")
	assert.Equal(t, "PATCH", calls[0].method)
	assert.Equal(t, "contacts/501.json", calls[0].path)
	assert.Equal(t, contactETag, calls[0].header.Get("If-Match"))
	assert.Equal(t, url.Values{"fields": {contactDefaultFields}}, calls[0].query)
	assertGoldenJSON(t, "contacts_update_nested.json", calls[0].body)

	require.Len(t, ct.EmailAddresses, 2)
	assert.Equal(t, int64(7003), ct.EmailAddresses[1].ID)
	assert.Equal(t, AddressName("Work"), ct.Addresses[0].Name)
}

func TestContacts_UpdateFetchesETagWhenNoneHeld(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "contacts/etag.json"))
	mt.RegisterResponder("PATCH", mcURL("contacts/501.json"), mcRecord(t, &calls, 200, "contacts/updated.json"))

	_, err := c.Contacts.Update(context.Background(), 501, "", ContactUpdate{Prefix: Set("Dr.")})
	require.NoError(t, err)
	require.Len(t, calls, 2)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, calls[0].query)
	assert.Equal(t, contactETag, calls[1].header.Get("If-Match"))
	assert.JSONEq(t, `{"data":{"prefix":"Dr."}}`, string(calls[1].body))
}

func TestContacts_UpdateStaleETag(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("PATCH", mcURL("contacts/501.json"), jsonResponder(t, 412, "core/error_412.json"))
	_, err := c.Contacts.Update(context.Background(), 501, `"stale"`, ContactUpdate{Prefix: Set("Dr.")})
	require.ErrorIs(t, err, ErrPreconditionFailed)
	assert.Equal(t, 1, mt.GetTotalCallCount())

	_, err = c.Contacts.Update(context.Background(), 501, `"x"`, ContactUpdate{EmailAddresses: []EmailAddressInput{{Destroy: Bool(true)}}})
	assert.ErrorContains(t, err, "needs its id")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestContacts_Delete(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("DELETE", mcURL("contacts/501.json"), mcRecord(t, &calls, 204, ""))
	require.NoError(t, c.Contacts.Delete(context.Background(), 501))
	require.Len(t, calls, 1)
	assert.Equal(t, "DELETE", calls[0].method)
	assert.Equal(t, "contacts/501.json", calls[0].path)
}

func TestContacts_FindByEmail(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []mcCall
	mt.RegisterResponder("GET", mcURL("contacts.json"), mcRecord(t, &calls, 200, "contacts/find_by_email.json"))

	got, err := c.Contacts.FindByEmail(context.Background(), " ana.rivera@example.com ")
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "ana.rivera@example.com", calls[0].query.Get("query"))
	assert.Contains(t, calls[0].query.Get("fields"), "email_addresses{id,address,name,primary}")

	// 501 matches in another case; 532 has it as a secondary address; 530
	// (a longer address) and 531 (no address) are wildcard hits only.
	ids := make([]int64, len(got))
	for i, ct := range got {
		ids[i] = ct.ID
	}
	assert.Equal(t, []int64{501, 532}, ids)

	none, err := c.Contacts.FindByEmail(context.Background(), "nobody@example.com")
	require.NoError(t, err)
	assert.NotNil(t, none)
	assert.Empty(t, none)

	_, err = c.Contacts.FindByEmail(context.Background(), "  ")
	assert.Error(t, err)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}
