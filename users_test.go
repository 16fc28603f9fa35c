package clio

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	wantUserFields         = "id,etag,name,first_name,last_name,initials,email,enabled,roles,subscription_type,time_zone,default_calendar_id,account_owner,created_at,updated_at,notification_methods{id,type,email_address,is_default_email_address}"
	wantMatterStageFields  = "id,etag,name,order,practice_area_id,created_at,updated_at"
	wantPracticeAreaFields = "id,etag,name,code,category,created_at,updated_at"
)

func TestUsersDefaultFieldsAreValid(t *testing.T) {
	for resource, fs := range map[string]FieldSet{
		"User": defaultUserFields, "MatterStage": defaultMatterStageFields, "PracticeArea": defaultPracticeAreaFields,
	} {
		assert.NoError(t, fs.Validate(resource), resource)
	}
}

func TestUsersWhoAmI(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("users/who_am_i.json"), calRecord(t, &calls, 200, "users/who_am_i.json"))

	u, err := c.Users.WhoAmI(context.Background())
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "/api/v4/users/who_am_i.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantUserFields}}, calls[0].query)

	assert.Equal(t, int64(501), u.ID)
	assert.Equal(t, int64(9001), u.DefaultCalendarID, "a Calendar id, distinct from the user id")
	assert.Equal(t, "Eastern Time (US & Canada)", u.TimeZone)
	assert.EqualValues(t, "Attorney", u.SubscriptionType)
	assert.Equal(t, []string{"admin", "billing"}, u.Roles)
	require.Len(t, u.NotificationMethods, 2)
	assert.Equal(t, int64(7702), u.NotificationMethods[1].ID)
	assert.EqualValues(t, "Email", u.NotificationMethods[1].Type)
	assert.True(t, u.NotificationMethods[1].IsDefaultEmailAddress)
}

func TestUsersList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("users.json"), calRecord(t, &calls, 200, "users/users_list.json"))

	got := calCollect(t, c.Users.List(UserListParams{
		Enabled: Set(true), Role: "admin", SubscriptionType: "attorney", Name: "Alice",
	}))
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/users.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {wantUserFields}, "enabled": {"true"}, "role": {"admin"}, "subscription_type": {"attorney"},
		"name": {"Alice"}, "limit": {"2000"}, "order": {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.Equal(t, "Bob Barrister", got[1].Name)
	assert.Equal(t, int64(9003), got[1].DefaultCalendarID)

	// An explicit page size and a false filter are sent as given.
	calls = nil
	calCollect(t, c.Users.List(UserListParams{Enabled: Set(false), Limit: 10}, Fields("name")))
	require.Len(t, calls, 1)
	assert.Equal(t, url.Values{"fields": {"id,etag,name"}, "enabled": {"false"}, "limit": {"10"}, "order": {"id(asc)"}}, calls[0].query)
}

func TestUsersGet(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("users/502.json"), calRecord(t, &calls, 200, "users/user_show.json"))

	u, err := c.Users.Get(context.Background(), 502)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/users/502.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantUserFields}}, calls[0].query)
	assert.Equal(t, int64(502), u.ID)
	assert.Equal(t, "bob@firm.example", u.Email)
	require.Len(t, u.NotificationMethods, 1)
}

func TestMatterStagesList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("matter_stages.json"), calRecord(t, &calls, 200, "users/matter_stages_list.json"))

	got := calCollect(t, c.MatterStages.List(MatterStageListParams{PracticeAreaID: 2201}))
	require.Len(t, calls, 1)
	assert.Equal(t, "GET", calls[0].method)
	assert.Equal(t, "/api/v4/matter_stages.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {wantMatterStageFields}, "practice_area_id": {"2201"}, "limit": {"200"}, // no order: MatterStage#index declares none
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.Equal(t, "Discovery", got[1].Name)
	assert.EqualValues(t, 2, got[1].Order)
	assert.EqualValues(t, "2201", got[1].PracticeAreaID, "the spec types it as a string")
}

func TestPracticeAreasList(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("practice_areas.json"), calRecord(t, &calls, 200, "users/practice_areas_list.json"))

	got := calCollect(t, c.PracticeAreas.List(PracticeAreaListParams{Code: "PI", IDs: []int64{2201, 2202}}))
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/practice_areas.json", calls[0].path)
	assert.Equal(t, url.Values{
		"fields": {wantPracticeAreaFields}, "code": {"PI"}, "ids[]": {"2201", "2202"}, "limit": {"200"}, "order": {"id(asc)"},
	}, calls[0].query)
	require.Len(t, got, 2)
	assert.EqualValues(t, "family", got[1].Category)
}

func TestPracticeAreasGet(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("practice_areas/2201.json"), calRecord(t, &calls, 200, "users/practice_area_show.json"))

	pa, err := c.PracticeAreas.Get(context.Background(), 2201)
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "/api/v4/practice_areas/2201.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantPracticeAreaFields}}, calls[0].query)
	assert.Equal(t, "Personal Injury", pa.Name)
	assert.Equal(t, "PI", pa.Code)
}

func TestPracticeAreasCreate(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("POST", calAPI("practice_areas.json"), calRecord(t, &calls, 201, "users/practice_area_created.json"))

	pa, err := c.PracticeAreas.Create(context.Background(), PracticeAreaCreate{Name: "Wills & Estates", Code: String("WE"), Category: PracticeAreaCategoryWillsAndEstates})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "POST", calls[0].method)
	assert.Equal(t, "/api/v4/practice_areas.json", calls[0].path)
	assert.Equal(t, url.Values{"fields": {wantPracticeAreaFields}}, calls[0].query)
	assertGoldenJSON(t, "calendar_practice_area_create.json", calls[0].body)
	assert.Equal(t, int64(2203), pa.ID)

	_, err = c.PracticeAreas.Create(context.Background(), PracticeAreaCreate{Code: String("X")})
	assert.Error(t, err)
	assert.Len(t, calls, 1, "a nameless practice area is refused locally")
}

func TestPracticeAreasUpdate(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("GET", calAPI("practice_areas/2201.json"), calRecord(t, &calls, 200, "users/practice_area_show.json"))
	mt.RegisterResponder("PATCH", calAPI("practice_areas/2201.json"), calRecord(t, &calls, 200, "users/practice_area_updated.json"))

	pa, err := c.PracticeAreas.Update(context.Background(), 2201, `"held"`, PracticeAreaUpdate{Name: Set("Personal Injury & Torts"), Code: Null[string]()})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "PATCH", calls[0].method)
	assert.Equal(t, `"held"`, calls[0].header.Get("If-Match"))
	assertGoldenJSON(t, "calendar_practice_area_update.json", calls[0].body)
	assert.Equal(t, "Personal Injury & Torts", pa.Name)

	// Without an etag the current one is fetched first.
	calls = nil
	_, err = c.PracticeAreas.Update(context.Background(), 2201, "", PracticeAreaUpdate{Name: Set("PI")})
	require.NoError(t, err)
	require.Len(t, calls, 2)
	assert.Equal(t, url.Values{"fields": {"id,etag"}}, calls[0].query)
	assert.Equal(t, `"d3e7406f28f4b7931fa2b3c4d5e6f7a8"`, calls[1].header.Get("If-Match"))
}

func TestPracticeAreasDelete(t *testing.T) {
	c, mt := newTestClient(t)
	var calls []calCall
	mt.RegisterResponder("DELETE", calAPI("practice_areas/2201.json"), calRecord(t, &calls, 204, ""))

	require.NoError(t, c.PracticeAreas.Delete(context.Background(), 2201))
	require.Len(t, calls, 1)
	assert.Equal(t, "DELETE", calls[0].method)
	assert.Equal(t, "/api/v4/practice_areas/2201.json", calls[0].path)
}
