package cliotest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatterCreateRules(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	for name, body := range map[string]map[string]any{
		"no client":         {"description": "x"},
		"unknown client":    {"client": ref(424242), "description": "x"},
		"no description":    {"client": ref(d.JaneDoeID)},
		"capitalised":       {"client": ref(d.JaneDoeID), "description": "x", "status": "Open"},
		"stage outside":     {"client": ref(d.JaneDoeID), "description": "x", "practice_area": ref(d.FamilyID), "matter_stage": ref(d.Stages["Intake"])},
		"attorney not user": {"client": ref(d.JaneDoeID), "description": "x", "responsible_attorney": ref(d.JaneDoeID)},
	} {
		r := w.do("POST", "/api/v4/matters.json", data(body))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, name)
		assert.Equal(t, "ValidationError", r.errType(), name)
	}
	r := w.do("POST", "/api/v4/matters.json?fields=id,status,description,client{id},practice_area{name},matter_stage{name},responsible_attorney{name}",
		data(map[string]any{
			"client": ref(d.JohnSmithID), "description": "Custody", "status": "pending",
			"practice_area": ref(d.FamilyID), "matter_stage": ref(d.Stages["Filing"]), "responsible_attorney": ref(d.AssociateID),
		}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	m := r.data()
	assert.Equal(t, "Pending", m["status"])
	assert.Equal(t, map[string]any{"id": float64(d.JohnSmithID)}, m["client"])
	assert.Equal(t, map[string]any{"name": "Family"}, m["practice_area"])
	assert.Equal(t, map[string]any{"name": "Filing"}, m["matter_stage"])
	assert.Equal(t, map[string]any{"name": "Daniel Kim"}, m["responsible_attorney"])

	path := fmt.Sprintf("/api/v4/matters/%d.json?fields=status,matter_stage,close_date", num(m["id"]))
	up := w.do("PATCH", path, data(map[string]any{"status": "closed", "matter_stage": nil}))
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	assert.Equal(t, "Closed", up.data()["status"])
	assert.Nil(t, up.data()["matter_stage"], "null clears the stage")
	assert.NotNil(t, up.data()["close_date"])

	assert.Equal(t, http.StatusNoContent, w.do("DELETE", path, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, w.do("GET", path, nil).StatusCode)
}

func TestCustomFieldValues(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	fields := "?fields=" + url.QueryEscape("id,custom_field_values{id,value,field_name,custom_field,picklist_option}")
	r := w.do("POST", "/api/v4/matters.json"+fields, data(map[string]any{
		"client": ref(d.JaneDoeID), "description": "Slip and fall",
		"custom_field_values": []any{
			map[string]any{"custom_field": ref(d.AccidentDateFieldID), "value": "2026-01-15"},
			map[string]any{"custom_field": ref(d.ReferralSourceFieldID), "value": strconv.FormatInt(d.ReferralOptions["Advertisement"], 10)},
		},
	}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	// Values are JSON strings in Clio's request schema; a bare number is refused.
	bad := w.do("POST", "/api/v4/matters.json", data(map[string]any{
		"client": ref(d.JaneDoeID), "description": "Numeric value",
		"custom_field_values": []any{map[string]any{"custom_field": ref(d.ReferralSourceFieldID), "value": d.ReferralOptions["Advertisement"]}},
	}))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.StatusCode, string(bad.raw))
	vals := r.data()["custom_field_values"].([]any)
	require.Len(t, vals, 2)
	date := vals[0].(map[string]any)
	assert.Regexp(t, `^date-\d+$`, date["id"], "composite id <field_type>-<n>")
	assert.Equal(t, "2026-01-15", date["value"])
	assert.Equal(t, "Accident Date", date["field_name"])
	pick := vals[1].(map[string]any)
	assert.Regexp(t, `^picklist-\d+$`, pick["id"])
	assert.Equal(t, float64(d.ReferralOptions["Advertisement"]), pick["value"])
	assert.Equal(t, float64(d.ReferralOptions["Advertisement"]), pick["picklist_option"].(map[string]any)["id"])
	path := fmt.Sprintf("/api/v4/matters/%d.json", num(r.data()["id"]))

	dup := w.do("PATCH", path, data(map[string]any{"custom_field_values": []any{
		map[string]any{"custom_field": ref(d.AccidentDateFieldID), "value": "2026-01-16"},
	}}))
	assert.Equal(t, http.StatusUnprocessableEntity, dup.StatusCode)
	assert.Equal(t, fmt.Sprintf("custom field value for custom field %d already exists", d.AccidentDateFieldID), dup.errMessage())

	up := w.do("PATCH", path+fields, data(map[string]any{"custom_field_values": []any{
		map[string]any{"id": date["id"], "value": "2026-01-16"},
		map[string]any{"id": pick["id"], "_destroy": true},
		map[string]any{"custom_field": ref(d.AccidentLocationFieldID), "value": "Pike Place Market"},
	}}))
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	vals = up.data()["custom_field_values"].([]any)
	require.Len(t, vals, 2)
	assert.Equal(t, date["id"], vals[0].(map[string]any)["id"], "an update keeps the value id")
	assert.Equal(t, "2026-01-16", vals[0].(map[string]any)["value"])
	assert.Regexp(t, `^text_line-\d+$`, vals[1].(map[string]any)["id"])

	for name, v := range map[string]map[string]any{
		"bad date":        {"id": date["id"], "value": "16/01/2026"},
		"unknown id":      {"id": "date-99999", "value": "2026-01-01"},
		"contact field":   {"custom_field": ref(d.PreferredLanguageFieldID), "value": "fr"},
		"no custom_field": {"value": "x"},
	} {
		r := w.do("PATCH", path, data(map[string]any{"custom_field_values": []any{v}}))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, name)
	}

	only := w.do("GET", fmt.Sprintf("%s?fields=custom_field_values{id}&custom_field_ids[]=%d", path, d.AccidentLocationFieldID), nil)
	assert.Len(t, only.data()["custom_field_values"], 1, "custom_field_ids[] limits the values returned")

	// Contacts take values the same way.
	c := w.do("PATCH", fmt.Sprintf("/api/v4/contacts/%d.json?fields=custom_field_values{id,value}", d.JaneDoeID), data(map[string]any{
		"custom_field_values": []any{map[string]any{"custom_field": ref(d.PreferredLanguageFieldID), "value": "Spanish"}},
	}))
	require.Equal(t, http.StatusOK, c.StatusCode, string(c.raw))
	assert.Equal(t, "Spanish", c.data()["custom_field_values"].([]any)[0].(map[string]any)["value"])
}

func TestCustomFieldDefinitions(t *testing.T) {
	w := newWire(t)
	r := w.do("GET", "/api/v4/custom_fields.json?parent_type=matter&fields=id,name,field_type,picklist_options{id,option}", nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	require.Len(t, r.list(), 3)
	assert.Equal(t, "Referral Source", r.list()[2]["name"])
	assert.Len(t, r.list()[2]["picklist_options"], 4)

	cr := w.do("POST", "/api/v4/custom_fields.json?fields=id,picklist_options{id,option,deleted_at}", data(map[string]any{
		"name": "Injury Type", "field_type": "picklist", "parent_type": "Matter",
		"picklist_options": []any{map[string]any{"option": "Neck"}, map[string]any{"option": "Back"}},
	}))
	require.Equal(t, http.StatusCreated, cr.StatusCode, string(cr.raw))
	opts := cr.data()["picklist_options"].([]any)
	neck := num(opts[0].(map[string]any)["id"])
	up := w.do("PATCH", fmt.Sprintf("/api/v4/custom_fields/%d.json?fields=picklist_options{option,deleted_at}", num(cr.data()["id"])), data(map[string]any{
		"picklist_options": []any{map[string]any{"id": neck, "_deleted": true}, map[string]any{"option": "Head"}},
	}))
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	opts = up.data()["picklist_options"].([]any)
	require.Len(t, opts, 3)
	assert.NotNil(t, opts[0].(map[string]any)["deleted_at"])
	assert.Equal(t, "Head", opts[2].(map[string]any)["option"])
	bad := w.do("POST", "/api/v4/custom_fields.json", data(map[string]any{"name": "X", "field_type": "TextLine", "parent_type": "Matter"}))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.StatusCode)
}

func TestContactsNestedAttributesAndQuery(t *testing.T) {
	w := newWire(t)
	fields := "?fields=" + url.QueryEscape("id,name,primary_email_address,email_addresses{id,address,name,primary},phone_numbers{number}")
	r := w.do("POST", "/api/v4/contacts.json"+fields, data(map[string]any{
		"type": "Person", "first_name": "Ada", "last_name": "Lovelace",
		"email_addresses": []any{
			map[string]any{"name": "Work", "address": "ada@engine.example"},
			map[string]any{"name": "Home", "address": "ada@home.example", "default_email": true},
		},
		"phone_numbers": []any{map[string]any{"name": "Mobile", "number": "555-0100"}},
	}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	c := r.data()
	assert.Equal(t, "Ada Lovelace", c["name"])
	assert.Equal(t, "ada@home.example", c["primary_email_address"])
	emails := c["email_addresses"].([]any)
	require.Len(t, emails, 2)
	work, home := emails[0].(map[string]any), emails[1].(map[string]any)
	path := fmt.Sprintf("/api/v4/contacts/%d.json", num(c["id"]))

	up := w.do("PATCH", path+fields, data(map[string]any{"email_addresses": []any{
		map[string]any{"id": work["id"], "address": "ada@analytical.example"},
		map[string]any{"id": home["id"], "_destroy": true},
		map[string]any{"name": "Other", "address": "countess@example.org"},
	}}))
	require.Equal(t, http.StatusOK, up.StatusCode, string(up.raw))
	emails = up.data()["email_addresses"].([]any)
	require.Len(t, emails, 2)
	assert.Equal(t, work["id"], emails[0].(map[string]any)["id"], "id updates in place")
	assert.Equal(t, "ada@analytical.example", emails[0].(map[string]any)["address"])
	assert.Equal(t, true, emails[0].(map[string]any)["primary"], "the first becomes primary when the primary is destroyed")
	assert.Equal(t, "countess@example.org", emails[1].(map[string]any)["address"], "no id creates")

	foreign := w.do("PATCH", path, data(map[string]any{"email_addresses": []any{map[string]any{"id": 1, "address": "x@y.z"}}}))
	assert.Equal(t, http.StatusUnprocessableEntity, foreign.StatusCode)
	noName := w.do("POST", "/api/v4/contacts.json", data(map[string]any{"type": "Person"}))
	assert.Equal(t, "At least one of first name or last name must be provided", noName.errMessage())

	for _, q := range []string{"JANE.DOE@EXAMPLE", "jane", "oe@exa"} {
		found := w.do("GET", "/api/v4/contacts.json?fields=id,name&query="+url.QueryEscape(q), nil)
		require.Len(t, found.list(), 1, q)
		assert.Equal(t, "Jane Doe", found.list()[0]["name"], q)
	}
	assert.Len(t, w.do("GET", "/api/v4/contacts.json?type=Company", nil).list(), 1)
	assert.Len(t, w.do("GET", "/api/v4/contacts.json?client_only=true", nil).list(), 3)
}

func TestCalendarEntriesAndReminders(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	base := map[string]any{"summary": "SOL deadline", "start_at": "2027-11-03T00:00:00Z", "end_at": "2027-11-03T23:59:59Z", "all_day": true}
	with := func(extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			if v == nil {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	for name, body := range map[string]map[string]any{
		"no calendar_owner":    with(nil),
		"user id not calendar": with(map[string]any{"calendar_owner": ref(d.AttorneyID)}),
		"no summary":           with(map[string]any{"calendar_owner": ref(d.AttorneyCalendarID), "summary": nil}),
		"no end_at":            with(map[string]any{"calendar_owner": ref(d.AttorneyCalendarID), "end_at": nil}),
	} {
		r := w.do("POST", "/api/v4/calendar_entries.json", data(body))
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, name)
	}
	r := w.do("POST", "/api/v4/calendar_entries.json?fields=id,summary,all_day,calendar_owner{id,type},matter{id}",
		data(with(map[string]any{"calendar_owner": ref(d.AttorneyCalendarID), "matter": ref(d.JaneDoeMatterID)})))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	assert.Equal(t, map[string]any{"id": float64(d.AttorneyCalendarID), "type": "UserCalendar"}, r.data()["calendar_owner"])
	entryID := num(r.data()["id"])

	list := w.do("GET", fmt.Sprintf("/api/v4/calendar_entries.json?matter_id=%d&from=2027-11-01T00:00:00Z&to=2027-11-30T00:00:00Z", d.JaneDoeMatterID), nil)
	require.Len(t, list.list(), 1)
	assert.Equal(t, float64(entryID), list.list()[0]["id"])

	rem := w.do("POST", "/api/v4/reminders.json?fields=id,duration,notification_method{id,type},subject{id,type}", data(map[string]any{
		"subject": map[string]any{"id": entryID, "type": "CalendarEntry"}, "notification_method": ref(d.EmailNotificationID),
		"duration_value": 2, "duration_unit": "weeks",
	}))
	require.Equal(t, http.StatusCreated, rem.StatusCode, string(rem.raw))
	assert.Equal(t, float64(2*7*24*60), rem.data()["duration"])
	assert.Equal(t, map[string]any{"id": float64(d.EmailNotificationID), "type": "Email"}, rem.data()["notification_method"])
	badMethod := w.do("POST", "/api/v4/reminders.json", data(map[string]any{
		"subject": map[string]any{"id": entryID, "type": "CalendarEntry"}, "notification_method": ref(d.AttorneyID)}))
	assert.Equal(t, http.StatusUnprocessableEntity, badMethod.StatusCode)
	assert.Len(t, w.do("GET", fmt.Sprintf("/api/v4/reminders.json?subject_id=%d", entryID), nil).list(), 1)
	assert.Equal(t, http.StatusNoContent, w.do("DELETE", fmt.Sprintf("/api/v4/reminders/%d.json", num(rem.data()["id"])), nil).StatusCode)
}

func TestUsersCalendarsAndStages(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	me := w.do("GET", "/api/v4/users/who_am_i.json?fields="+url.QueryEscape("id,name,subscription_type,default_calendar_id,account{name},notification_methods{id,type}"), nil)
	require.Equal(t, http.StatusOK, me.StatusCode, string(me.raw))
	assert.Equal(t, "Attorney", me.data()["subscription_type"])
	assert.Equal(t, map[string]any{"name": "Sterling & Vance LLP"}, me.data()["account"])
	assert.Equal(t, []any{
		map[string]any{"id": float64(d.EmailNotificationID), "type": "Email"},
		map[string]any{"id": float64(d.PopupNotificationID), "type": "Popup"},
	}, me.data()["notification_methods"])
	assert.Len(t, w.do("GET", "/api/v4/users.json", nil).list(), 3)
	cals := w.do("GET", "/api/v4/calendars.json?type=UserCalendar", nil)
	assert.Len(t, cals.list(), 3, "one UserCalendar per user")
	st := w.do("GET", fmt.Sprintf("/api/v4/matter_stages.json?practice_area_id=%d&fields=name,order,practice_area_id", d.PersonalInjuryID), nil)
	require.Len(t, st.list(), 4)
	assert.Equal(t, map[string]any{"name": "Intake", "order": float64(1), "practice_area_id": fmt.Sprint(d.PersonalInjuryID)}, st.list()[0])
}
