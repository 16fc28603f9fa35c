package clio

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixtures in testdata/models are synthetic Show envelopes built from
// the spec's schemas (see testdata/models/README.md); these tests check that
// the generated models decode them field by field.

// modelFixtures maps each fixture to the resource (spec schema) it shows
// and the generated type it decodes into.
var modelFixtures = []struct {
	file     string
	resource string
	typ      reflect.Type
}{
	{"matter", "Matter", reflect.TypeFor[Matter]()},
	{"contact", "Contact", reflect.TypeFor[Contact]()},
	{"custom_field", "CustomField", reflect.TypeFor[CustomField]()},
	{"custom_field_value", "CustomFieldValue", reflect.TypeFor[CustomFieldValue]()},
	{"calendar_entry", "CalendarEntry", reflect.TypeFor[CalendarEntry]()},
	{"calendar", "Calendar", reflect.TypeFor[Calendar]()},
	{"document", "Document", reflect.TypeFor[Document]()},
	{"document_version", "DocumentVersion", reflect.TypeFor[DocumentVersion]()},
	{"document_template", "DocumentTemplate", reflect.TypeFor[DocumentTemplate]()},
	{"document_automation", "DocumentAutomation", reflect.TypeFor[DocumentAutomation]()},
	{"user", "User", reflect.TypeFor[User]()},
	{"matter_stage", "MatterStage", reflect.TypeFor[MatterStage]()},
	{"practice_area", "PracticeArea", reflect.TypeFor[PracticeArea]()},
	{"webhook", "Webhook", reflect.TypeFor[Webhook]()},
	{"activity", "Activity", reflect.TypeFor[Activity]()},
	{"task", "Task", reflect.TypeFor[Task]()},
	{"note", "Note", reflect.TypeFor[Note]()},
}

func readModelFixture(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "models", file+".json"))
	require.NoError(t, err)
	return b
}

// decodeModel decodes testdata/models/<file>.json's data into a T.
func decodeModel[T any](t *testing.T, file string) T {
	t.Helper()
	var env struct{ Data T }
	require.NoError(t, json.Unmarshal(readModelFixture(t, file), &env))
	return env.Data
}

// edt and pdt are the offsets the fixtures' timestamps carry.
var (
	edt = time.FixedZone("", -4*3600)
	pdt = time.FixedZone("", -7*3600)
)

// assertTime checks an instant and that the offset Clio sent survived.
// assertDecimal checks an exact amount against its decimal text.
func assertDecimal(t *testing.T, want string, got Decimal) {
	t.Helper()
	assert.True(t, MustDecimal(want).Equal(got), "want %s, got %s", want, got)
}

func assertTime(t *testing.T, want, got time.Time) {
	t.Helper()
	assert.True(t, want.Equal(got), "time: want %v, got %v", want, got)
	_, wantOff := want.Zone()
	_, gotOff := got.Zone()
	assert.Equal(t, wantOff, gotOff, "offset of %v", got)
}

// jsonTags lists the json names of a struct type's fields.
func jsonTags(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		if !typ.Field(i).IsExported() {
			continue // the presence set
		}
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// TestModelFixturesHaveEverySpecField checks each fixture against the
// catalog generated from the spec: every top-level property the spec lists
// is present (and nothing else), every nested object uses only the names
// the spec allows inside that association, and the generated struct has a
// field for each property, so nothing is dropped on decoding.
func TestModelFixturesHaveEverySpecField(t *testing.T) {
	for _, fx := range modelFixtures {
		t.Run(fx.resource, func(t *testing.T) {
			var env struct{ Data map[string]json.RawMessage }
			require.NoError(t, json.Unmarshal(readModelFixture(t, fx.file), &env))
			catalog, ok := fieldCatalog[fx.resource]
			require.True(t, ok, "no catalog entry for %s", fx.resource)

			want := slices.Sorted(maps.Keys(catalog))
			assert.Equal(t, want, slices.Sorted(maps.Keys(env.Data)), "top-level keys of %s.json", fx.file)
			assert.Equal(t, want, jsonTags(fx.typ), "json tags of %s", fx.typ)

			for name, inner := range catalog {
				raw, ok := env.Data[name]
				if !ok || inner == nil || string(raw) == "null" {
					continue
				}
				var objs []map[string]json.RawMessage
				if raw[0] == '[' {
					require.NoError(t, json.Unmarshal(raw, &objs), name)
				} else {
					var one map[string]json.RawMessage
					require.NoError(t, json.Unmarshal(raw, &one), name)
					objs = append(objs, one)
				}
				for _, obj := range objs {
					for k := range obj {
						assert.Contains(t, inner, k, "%s.%s has no field %q in the spec", fx.resource, name, k)
					}
				}
			}

			// The whole fixture decodes into the generated type.
			v := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "Data", Type: fx.typ, Tag: `json:"data"`}}))
			require.NoError(t, json.Unmarshal(readModelFixture(t, fx.file), v.Interface()))
		})
	}
}

func TestModelMatter(t *testing.T) {
	m := decodeModel[Matter](t, "matter")
	assert.Equal(t, int64(1084530195), m.ID)
	assert.Equal(t, `"9a103be2201ae758992733a91f02903f"`, m.ETag)
	assert.Equal(t, 431, m.Number)
	assert.Equal(t, "00431-Doe", m.DisplayNumber)
	assert.Equal(t, "Slip and fall at Pike Place Market", m.Description)
	assert.Equal(t, MatterStatusOpen, m.Status)
	assert.Equal(t, MatterBillingMethodContingency, m.BillingMethod)
	assert.Equal(t, int64(1453226789), m.ClientID)
	assert.True(t, m.Billable)
	assert.Equal(t, NewDate(2025, time.August, 14), m.OpenDate)
	assert.Equal(t, NewDate(2025, time.August, 1), m.PendingDate)
	assert.True(t, m.CloseDate.IsZero(), "null close_date")
	assert.Equal(t, NewDate(2025, time.September, 1), m.LastActivityDate)
	assertTime(t, time.Date(2025, time.August, 14, 0, 15, 35, 0, edt), m.CreatedAt)
	// Typed by meaning: the spec calls it a date; the timestamp the fixture
	// carries reads as the day it shows in its own offset.
	assert.Equal(t, NewDate(2025, time.August, 20), m.MatterStageUpdatedAt)

	require.NotNil(t, m.Client)
	assert.Equal(t, int64(1453226789), m.Client.ID)
	assert.Equal(t, "Jane Doe", m.Client.Name)
	assert.Equal(t, ContactTypePerson, m.Client.Type)
	require.NotNil(t, m.Currency)
	assert.Equal(t, "USD", m.Currency.Code)
	require.NotNil(t, m.MatterStage)
	assert.Equal(t, "Investigation", m.MatterStage.Name)
	assert.Equal(t, CompositeID("2201"), m.MatterStage.PracticeAreaID)
	require.NotNil(t, m.PracticeArea)
	assert.Equal(t, PracticeAreaCategoryPersonalInjury, m.PracticeArea.Category)
	require.NotNil(t, m.ResponsibleAttorney)
	assert.Equal(t, int64(9001), m.ResponsibleAttorney.DefaultCalendarID)
	require.NotNil(t, m.ResponsibleStaff)
	assert.Equal(t, UserSubscriptionTypeNonAttorney, m.ResponsibleStaff.SubscriptionType)
	require.NotNil(t, m.StatuteOfLimitations)
	assert.Equal(t, NewDate(2028, time.August, 12), m.StatuteOfLimitations.DueAt)
	assert.Equal(t, TaskStatusPending, m.StatuteOfLimitations.Status)
	require.NotNil(t, m.CustomRate)
	assert.Equal(t, MatterCustomRateTypeContingencyFee, m.CustomRate.Type)
	require.Len(t, m.CustomRate.Rates, 1)
	assert.Equal(t, "33.3", m.CustomRate.Rates[0].Rate.String())
	require.NotNil(t, m.LegalAidUkMatter)
	assert.Equal(t, NewDate(2025, time.August, 14), m.LegalAidUkMatter.CaseStartDate)

	require.Len(t, m.AccountBalances, 1)
	assertDecimal(t, "2500", m.AccountBalances[0].Balance)
	require.Len(t, m.KycFieldValues, 1)
	assert.Equal(t, []string{"Employment", "Savings", "Other"}, m.KycFieldValues[0].FieldPossibleValues)
	require.Len(t, m.MatterBillRecipients, 1)
	require.NotNil(t, m.MatterBillRecipients[0].Recipient)
	assert.Equal(t, int64(1453226789), m.MatterBillRecipients[0].Recipient.ID)

	// Custom field values: composite ids, raw values of every JSON kind,
	// and the definition nested inside each value.
	require.Len(t, m.CustomFieldValues, 3)
	date, pick, check := m.CustomFieldValues[0], m.CustomFieldValues[1], m.CustomFieldValues[2]
	assert.Equal(t, CompositeID("date-123"), date.ID)
	assert.Equal(t, CustomFieldFieldTypeDate, date.FieldType)
	assert.JSONEq(t, `"2025-08-12"`, string(date.Value))
	require.NotNil(t, date.CustomField)
	assert.Equal(t, int64(2345), date.CustomField.ID)
	assert.Equal(t, CompositeID("picklist-2"), pick.ID)
	assert.JSONEq(t, `27`, string(pick.Value))
	require.NotNil(t, pick.PicklistOption)
	assert.Equal(t, "Billboard", pick.PicklistOption.Option)
	assert.Equal(t, CompositeID("checkbox-9"), check.ID)
	assert.JSONEq(t, `true`, string(check.Value))
}

func TestModelContact(t *testing.T) {
	c := decodeModel[Contact](t, "contact")
	assert.Equal(t, int64(1453226789), c.ID)
	assert.Equal(t, `"5f2e8c1d9b7a6e4f3c2d1b0a9e8f7d6c"`, c.ETag)
	assert.Equal(t, ContactTypePerson, c.Type)
	assert.Equal(t, "Jane", c.FirstName)
	assert.Equal(t, "Quinn", c.MiddleName)
	assert.Equal(t, "Doe", c.LastName)
	assert.Equal(t, NewDate(1986, time.April, 23), c.DateOfBirth)
	assert.Equal(t, int64(7713002), c.ClientConnectUserID)
	assert.Equal(t, "DOE-JQ-001", c.LedesClientID)
	assert.Equal(t, "jane.doe@example.com", c.PrimaryEmailAddress)
	assert.True(t, c.IsClient)
	assertTime(t, time.Date(2025, time.August, 13, 18, 2, 11, 0, edt), c.CreatedAt)

	require.Len(t, c.EmailAddresses, 2)
	assert.Equal(t, int64(12789767), c.EmailAddresses[0].ID)
	assert.True(t, c.EmailAddresses[0].Primary)
	require.Len(t, c.PhoneNumbers, 2)
	assert.Equal(t, PhoneNumberNamePersonal, c.PhoneNumbers[0].Name)
	require.Len(t, c.Addresses, 2)
	assert.Equal(t, AddressNameHome, c.Addresses[0].Name)
	assert.Equal(t, "98101", c.Addresses[0].PostalCode)
	require.NotNil(t, c.PrimaryAddress)
	assert.Equal(t, "Seattle", c.PrimaryAddress.City)
	require.NotNil(t, c.Company)
	assert.Equal(t, ContactTypeCompany, c.Company.Type)
	require.NotNil(t, c.Avatar)
	assert.Equal(t, "https://app.clio.com/avatars/4301.png", c.Avatar.URL)
	require.NotNil(t, c.PaymentProfile)
	assert.Equal(t, PaymentProfileBaseInterestTypeSimple, c.PaymentProfile.InterestType)
	require.Len(t, c.CustomFieldValues, 1)
	assert.Equal(t, CompositeID("text_line-1"), c.CustomFieldValues[0].ID)
	require.Len(t, c.NotificationMethods, 1)
	assert.Equal(t, NotificationMethodBaseTypeEmail, c.NotificationMethods[0].Type)
}

func TestModelCustomFieldAndValue(t *testing.T) {
	cf := decodeModel[CustomField](t, "custom_field")
	assert.Equal(t, int64(2346), cf.ID)
	assert.Equal(t, CustomFieldParentTypeMatter, cf.ParentType)
	assert.Equal(t, CustomFieldFieldTypePicklist, cf.FieldType)
	assert.Equal(t, 2, cf.DisplayOrder)
	assert.True(t, cf.Displayed)
	require.Len(t, cf.PicklistOptions, 3)
	assert.Equal(t, "Billboard", cf.PicklistOptions[1].Option)
	assert.True(t, cf.PicklistOptions[1].DeletedAt.IsZero())
	assertTime(t, time.Date(2025, time.March, 10, 11, 5, 0, 0, edt), cf.PicklistOptions[2].DeletedAt)

	v := decodeModel[CustomFieldValue](t, "custom_field_value")
	assert.Equal(t, CompositeID("date-123"), v.ID)
	assert.Equal(t, "Accident Date", v.FieldName)
	assert.Equal(t, CustomFieldFieldTypeDate, v.FieldType)
	assert.True(t, v.FieldRequired)
	assert.Equal(t, 1, v.FieldDisplayOrder)
	assert.JSONEq(t, `"2025-08-12"`, string(v.Value))
	require.NotNil(t, v.CustomField)
	assert.Equal(t, int64(2345), v.CustomField.ID)
	assert.Equal(t, CustomFieldParentTypeMatter, v.CustomField.ParentType)
	require.NotNil(t, v.Matter)
	assert.Equal(t, "00431-Doe", v.Matter.DisplayNumber)
	assert.Nil(t, v.PicklistOption)
	assert.Nil(t, v.Contact)
}

func TestModelCalendarEntryAndCalendar(t *testing.T) {
	e := decodeModel[CalendarEntry](t, "calendar_entry")
	assert.Equal(t, CompositeID("88001"), e.ID)
	assert.Equal(t, "Deposition of Dr. Patel", e.Summary)
	assertTime(t, time.Date(2025, time.October, 7, 13, 0, 0, 0, pdt), e.StartAt)
	assertTime(t, time.Date(2025, time.October, 7, 15, 30, 0, 0, pdt), e.EndAt)
	assert.Equal(t, NewDate(2025, time.October, 7), e.StartDate)
	assert.Equal(t, "1:00 PM PDT", e.StartTime)
	assert.Equal(t, CompositeID("87950"), e.ParentCalendarEntryID, "typed as CalendarEntry.ID")
	assert.Equal(t, int64(9001), e.CalendarOwnerID)
	assert.Equal(t, 1, e.TimeEntriesCount)
	require.NotNil(t, e.CalendarOwner)
	assert.Equal(t, CalendarTypeUserCalendar, e.CalendarOwner.Type)
	assert.Equal(t, CalendarPermissionOwner, e.CalendarOwner.Permission)
	require.NotNil(t, e.ParentCalendarEntry)
	assert.Equal(t, CompositeID("87950"), e.ParentCalendarEntry.ID)
	require.Len(t, e.Attendees, 2)
	assert.Equal(t, AttendeeBaseTypeCalendar, e.Attendees[0].Type)
	assert.Equal(t, AttendeeBaseTypeContact, e.Attendees[1].Type)
	require.Len(t, e.Calendars, 2)
	assert.Equal(t, CalendarTypeAccountCalendar, e.Calendars[1].Type)
	require.NotNil(t, e.CalendarEntryEventType)
	assert.Equal(t, CalendarEntryEventTypeColor367B9C, e.CalendarEntryEventType.Color)
	require.NotNil(t, e.ConferenceMeeting)
	assert.Equal(t, int64(84512345678), e.ConferenceMeeting.ConferenceID)
	assert.Equal(t, "https://zoom.us/j/84512345678", e.ConferenceMeeting.JoinURL)
	require.NotNil(t, e.MatterDocket)
	assertTime(t, time.Date(2025, time.September, 15, 9, 0, 0, 0, pdt), e.MatterDocket.StartTime)
	require.NotNil(t, e.Matter)
	assert.Equal(t, MatterStatusOpen, e.Matter.Status)
	require.Len(t, e.Reminders, 1)
	assert.Equal(t, ReminderStateScheduled, e.Reminders[0].State)
	assert.Equal(t, Minutes(1440), e.Reminders[0].Duration)
	assert.Equal(t, 24*time.Hour, e.Reminders[0].Duration.Duration(), "a reminder's lead time is in minutes")
	require.Len(t, e.TimeEntries, 1)
	assert.Equal(t, ActivityTypeTimeEntry, e.TimeEntries[0].Type)
	require.Len(t, e.ExternalProperties, 1)
	assert.Equal(t, "INT-2025-0431", e.ExternalProperties[0].Value)

	// The spec types the id as a string; a numeric id decodes too.
	var n CalendarEntry
	require.NoError(t, json.Unmarshal([]byte(`{"id":88002}`), &n))
	assert.Equal(t, CompositeID("88002"), n.ID)

	c := decodeModel[Calendar](t, "calendar")
	assert.Equal(t, int64(9001), c.ID)
	assert.Equal(t, CalendarColor367B9C, c.Color)
	assert.Equal(t, CalendarLightColor5DA5C7, c.LightColor)
	assert.Equal(t, CalendarTypeUserCalendar, c.Type)
	assert.Equal(t, CalendarSourceWeb, c.Source)
	assert.True(t, c.CourtRulesDefaultCalendar)
	require.NotNil(t, c.Creator)
	assert.Equal(t, "asmith@smithlaw.example", c.Creator.Email)
}

func TestModelDocuments(t *testing.T) {
	d := decodeModel[Document](t, "document")
	assert.Equal(t, int64(7710023), d.ID)
	assert.Equal(t, DocumentTypeDocument, d.Type)
	assert.Equal(t, 248311, d.Size)
	assert.Equal(t, "application/pdf", d.ContentType)
	assert.True(t, d.DeletedAt.IsZero())
	assertTime(t, time.Date(2025, time.August, 29, 0, 0, 0, 0, edt), d.ReceivedAt)
	require.NotNil(t, d.Parent)
	assert.Equal(t, LinkedFolderBaseTypeFolder, d.Parent.Type)
	require.NotNil(t, d.Creator)
	assert.Equal(t, ClioCreatorBaseTypeManageUser, d.Creator.Type)
	require.NotNil(t, d.LatestDocumentVersion)
	assert.Equal(t, "5d7c1f0e-3b9a-4c2d-8e6f-1a2b3c4d5e6f", d.LatestDocumentVersion.UUID)
	assert.True(t, d.LatestDocumentVersion.FullyUploaded)
	require.NotNil(t, d.LatestDocumentVersion.Creator)
	assert.Equal(t, int64(348651271), d.LatestDocumentVersion.Creator.ID)
	assert.Nil(t, d.Contact)

	v := decodeModel[DocumentVersion](t, "document_version")
	assert.Equal(t, int64(9920042), v.ID)
	assert.Equal(t, int64(7710023), v.DocumentID)
	assert.Equal(t, 2, v.VersionNumber)
	assert.Contains(t, v.PutURL, "X-Amz-Signature=")
	assert.False(t, v.FullyUploaded)
	require.Len(t, v.PutHeaders, 2)
	assert.Equal(t, "x-amz-server-side-encryption", v.PutHeaders[0].Name)
	assert.Equal(t, "AES256", v.PutHeaders[0].Value)
	require.Len(t, v.Multiparts, 1)
	assert.Equal(t, 1, v.Multiparts[0].PartNumber)
	require.Len(t, v.Multiparts[0].PutHeaders, 1)

	tpl := decodeModel[DocumentTemplate](t, "document_template")
	assert.Equal(t, int64(40512), tpl.ID)
	assert.Equal(t, "Letter of representation.docx", tpl.Filename)
	require.NotNil(t, tpl.DocumentCategory)
	assert.Equal(t, "Correspondence", tpl.DocumentCategory.Name)
	require.NotNil(t, tpl.LastModifiedBy)
	assert.Equal(t, "Maria Lopez", tpl.LastModifiedBy.Name)

	a := decodeModel[DocumentAutomation](t, "document_automation")
	assert.Equal(t, int64(660341), a.ID)
	assert.Equal(t, DocumentAutomationStateCompleted, a.State)
	assert.Equal(t, OneOrMany[DocumentAutomationExportFormats]{DocumentAutomationExportFormatsPDF}, a.ExportFormats)
	require.NotNil(t, a.DocumentTemplate)
	assert.Equal(t, int64(40512), a.DocumentTemplate.ID)
	require.Len(t, a.Documents, 1)
	assert.Equal(t, int64(7710031), a.Documents[0].ID)
	require.NotNil(t, a.Matter)
	assert.Equal(t, "00431-Doe", a.Matter.DisplayNumber)
}

func TestModelUserStagePracticeArea(t *testing.T) {
	u := decodeModel[User](t, "user")
	assert.Equal(t, int64(348651271), u.ID)
	assert.Equal(t, int64(9001), u.DefaultCalendarID)
	assert.Equal(t, UserSubscriptionTypeAttorney, u.SubscriptionType)
	assert.Equal(t, []string{"admin", "billing"}, u.Roles)
	assertDecimal(t, "425", u.Rate)
	assert.True(t, u.AccountOwner)
	require.NotNil(t, u.Account)
	assert.Equal(t, "Smith & Chen LLP", u.Account.Name)
	require.Len(t, u.Groups, 2)
	assert.Equal(t, GroupTypeAccountGroup, u.Groups[1].Type)
	require.Len(t, u.NotificationMethods, 2)
	assert.Equal(t, NotificationMethodBaseTypePopup, u.NotificationMethods[0].Type)
	require.NotNil(t, u.JobTitle)
	assert.Equal(t, "Managing Partner", u.JobTitle.Name)

	s := decodeModel[MatterStage](t, "matter_stage")
	assert.Equal(t, int64(4101), s.ID)
	assert.Equal(t, CompositeID("2201"), s.PracticeAreaID)
	n, ok := s.PracticeAreaID.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(2201), n)
	assert.Equal(t, 1, s.Order)

	p := decodeModel[PracticeArea](t, "practice_area")
	assert.Equal(t, int64(2201), p.ID)
	assert.Equal(t, "PI", p.Code)
	assert.Equal(t, PracticeAreaCategoryPersonalInjury, p.Category)
	assertTime(t, time.Date(2025, time.February, 3, 13, 27, 45, 0, time.FixedZone("", -5*3600)), p.UpdatedAt)
}

func TestModelWebhook(t *testing.T) {
	w := decodeModel[Webhook](t, "webhook")
	assert.Equal(t, int64(1234567), w.ID)
	assert.Equal(t, "https://hooks.smithlaw.example/clio/events", w.URL)
	assert.Equal(t, WebhookModelMatter, w.Model)
	assert.Equal(t, WebhookStatusEnabled, w.Status)
	assert.Equal(t, []WebhookEvents{WebhookEventsCreated, WebhookEventsUpdated, WebhookEventsMatterClosed}, w.Events)
	assertTime(t, time.Date(2025, time.August, 17, 0, 15, 35, 0, edt), w.ExpiresAt)
	require.NotNil(t, w.User)
	assert.Equal(t, int64(348651271), w.User.ID)
}

func TestModelActivityTaskNote(t *testing.T) {
	a := decodeModel[Activity](t, "activity")
	assert.Equal(t, int64(51000201), a.ID)
	assert.Equal(t, ActivityTypeTimeEntry, a.Type)
	assert.Equal(t, NewDate(2025, time.October, 7), a.Date)
	assert.InDelta(t, 9000.0, a.Quantity, 1e-9)
	assert.InDelta(t, 2.5, a.QuantityInHours, 1e-9)
	assertDecimal(t, "1062.5", a.Total)
	assert.Equal(t, ActivityTaxSettingNoTax, a.TaxSetting)
	require.NotNil(t, a.CalendarEntry)
	assert.Equal(t, CompositeID("88001"), a.CalendarEntry.ID)
	require.NotNil(t, a.Bill)
	assert.Equal(t, BillStateDraft, a.Bill.State)
	assert.Equal(t, NewDate(2025, time.November, 30), a.Bill.DueAt)
	require.NotNil(t, a.Subject)
	assert.Equal(t, PolymorphicObjectBaseTypeMatter, a.Subject.Type)
	require.NotNil(t, a.Timer)
	assertTime(t, time.Date(2025, time.October, 7, 13, 0, 0, 0, pdt), a.Timer.StartTime)
	assert.Nil(t, a.ExpenseCategory)
	assert.Nil(t, a.Vendor)

	k := decodeModel[Task](t, "task")
	assert.Equal(t, int64(99120040), k.ID)
	assert.Equal(t, TaskStatusInProgress, k.Status)
	assert.Equal(t, TaskPriorityHigh, k.Priority)
	assert.Equal(t, TaskDescriptionTextTypePlainText, k.DescriptionTextType)
	assert.Equal(t, NewDate(2025, time.September, 30), k.DueAt)
	assert.True(t, k.CompletedAt.IsZero())
	assert.Equal(t, 3600, k.TimeEstimated)
	require.NotNil(t, k.Assignee)
	assert.Equal(t, ParticipantTypeUser, k.Assignee.Type)
	require.NotNil(t, k.TaskType)
	assert.Equal(t, "Records request", k.TaskType.Name)
	require.Len(t, k.Reminders, 1)
	require.Len(t, k.TimeEntries, 1)

	n := decodeModel[Note](t, "note")
	assert.Equal(t, int64(7020011), n.ID)
	assert.Equal(t, NoteTypeMatter, n.Type)
	assert.Equal(t, NoteDetailTextTypeRichText, n.DetailTextType)
	assert.Contains(t, n.Detail, "<strong>fracture</strong>")
	assert.Equal(t, NewDate(2025, time.October, 7), n.Date)
	require.Len(t, n.NotificationEventSubscribers, 1)
	assert.Equal(t, int64(348651272), n.NotificationEventSubscribers[0].UserID)
	assert.Empty(t, n.TimeEntries)
	assert.Nil(t, n.Contact)
}

// TestModelUnknownValuesDecode checks that Clio can add enum values and
// fields without breaking decoding.
func TestModelUnknownValuesDecode(t *testing.T) {
	var m Matter
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"status":"Archived","brand_new_field":{"x":[1,2]},
		"client":{"id":2,"type":"Trust","also_new":true}}`), &m))
	assert.Equal(t, MatterStatus("Archived"), m.Status)
	assert.Equal(t, ContactType("Trust"), m.Client.Type)

	var w Webhook
	require.NoError(t, json.Unmarshal([]byte(`{"status":"paused","model":"invoice","events":["created","restored"]}`), &w))
	assert.Equal(t, WebhookStatus("paused"), w.Status)
	assert.Equal(t, WebhookModel("invoice"), w.Model)
	assert.Equal(t, []WebhookEvents{WebhookEventsCreated, "restored"}, w.Events)

	var a DocumentAutomation
	require.NoError(t, json.Unmarshal([]byte(`{"state":"cancelled"}`), &a))
	assert.Equal(t, DocumentAutomationState("cancelled"), a.State)
}

// TestModelEncodingOmitsUnset checks the json tags: unset scalars, dates,
// times and associations are left out, so a model can be logged or stored
// compactly, and a decoded value survives a round trip.
func TestModelEncodingOmitsUnset(t *testing.T) {
	b, err := json.Marshal(Matter{ID: 7, DisplayNumber: "00007-X"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":7,"display_number":"00007-X"}`, string(b))

	m := decodeModel[Matter](t, "matter")
	b, err = json.Marshal(m)
	require.NoError(t, err)
	var again Matter
	require.NoError(t, json.Unmarshal(b, &again))
	b2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	assert.Equal(t, m.CustomFieldValues[1].Value, again.CustomFieldValues[1].Value)
}

// TestModelExportFormatsOneOrMany: Clio answers export_formats as a list
// although the spec's schema says one string; both decode (issue 10 item 16).
func TestModelExportFormatsOneOrMany(t *testing.T) {
	for _, tc := range []struct {
		json string
		want OneOrMany[DocumentAutomationExportFormats]
	}{
		{`["pdf"]`, OneOrMany[DocumentAutomationExportFormats]{DocumentAutomationExportFormatsPDF}},
		{`"pdf"`, OneOrMany[DocumentAutomationExportFormats]{DocumentAutomationExportFormatsPDF}},
		{`["pdf","original"]`, OneOrMany[DocumentAutomationExportFormats]{DocumentAutomationExportFormatsPDF, DocumentAutomationExportFormatsOriginal}},
		{`[]`, OneOrMany[DocumentAutomationExportFormats]{}},
		{`null`, nil},
	} {
		t.Run(tc.json, func(t *testing.T) {
			var a DocumentAutomation
			require.NoError(t, json.Unmarshal([]byte(`{"id":1,"state":"queued","export_formats":`+tc.json+`}`), &a))
			assert.Equal(t, tc.want, a.ExportFormats)
			assert.Equal(t, DocumentAutomationStateQueued, a.State)
		})
	}
	var a DocumentAutomation
	assert.Error(t, json.Unmarshal([]byte(`{"export_formats":{"pdf":true}}`), &a), "an object is neither shape")

	b, err := json.Marshal(DocumentAutomationBase{ExportFormats: OneOrMany[DocumentAutomationExportFormats]{"pdf"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"export_formats":["pdf"]}`, string(b), "encodes as a list")
}

// TestModelLenientDateTimesDecodeAPage: date-only and empty values in
// date-time fields decode, and do not fail the page they are on (issue 10
// item 17); calendar dates the spec types as date-times are Dates, and read
// an instant as the day it shows (issue 16). The page goes through the
// SDK's pager as Clio would send it.
func TestModelLenientDateTimesDecodeAPage(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/medical_records.json", httpmock.NewStringResponder(200, `{"data":[
		{"id":1,"start_date":"2024-05-01","end_date":"","created_at":"2024-05-03T10:00:00-04:00","updated_at":null},
		{"id":2,"start_date":"2024-06-01T00:00:00-07:00","end_date":"2024-06-30","created_at":"2024-06-02","matter":{"id":9,"created_at":""}}
	],"meta":{"records":2}}`))
	recs, err := List[MedicalRecord](c, "medical_records.json", "MedicalRecord", nil, Fields("start_date", "end_date")).NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, NewDate(2024, time.May, 1), recs[0].StartDate)
	assert.True(t, recs[0].EndDate.IsZero(), `"" is the zero date`)
	assert.True(t, recs[0].UpdatedAt.IsZero(), "null is the zero time")
	assertTime(t, time.Date(2024, time.May, 3, 10, 0, 0, 0, edt), recs[0].CreatedAt)
	assert.Equal(t, NewDate(2024, time.June, 1), recs[1].StartDate, "an instant in a date field is the day it shows, not the UTC day")
	assert.Equal(t, NewDate(2024, time.June, 30), recs[1].EndDate)
	assert.Equal(t, time.Date(2024, time.June, 2, 0, 0, 0, 0, time.UTC), recs[1].CreatedAt, "a date in an instant field: midnight UTC")
	require.NotNil(t, recs[1].Matter)
	assert.Equal(t, int64(9), recs[1].Matter.ID, "nested records decode leniently too")

	var bt BankTransfer
	require.NoError(t, json.Unmarshal([]byte(`{"id":3,"date":"2024-07-04","amount":12.5}`), &bt))
	assert.Equal(t, NewDate(2024, time.July, 4), bt.Date)
	assertDecimal(t, "12.5", bt.Amount)

	// Anything that is not a date is still a mismatch worth reporting.
	assert.Error(t, json.Unmarshal([]byte(`{"date":"next Tuesday"}`), &bt))
	assert.Error(t, json.Unmarshal([]byte(`{"date":20240704}`), &bt))
}

// TestModelRulesConsistency pins the generator's rules on the real models
// (issue 10 item 18); internal/gen/rules_test.go tests the rules themselves.
func TestModelRulesConsistency(t *testing.T) {
	field := func(typ reflect.Type, name string) string {
		f, ok := typ.FieldByName(name)
		require.True(t, ok, "%s.%s", typ, name)
		return f.Type.String()
	}
	assert.Equal(t, "int64", field(reflect.TypeFor[BankAccount](), "CurrencyID"))
	assert.Equal(t, field(reflect.TypeFor[CalendarEntry](), "ID"), field(reflect.TypeFor[CalendarEntry](), "ParentCalendarEntryID"))
	assert.Equal(t, field(reflect.TypeFor[Matter](), "Currency"), field(reflect.TypeFor[MatterBase](), "Currency"))

	var m MatterBase
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"currency":{"id":2,"code":"USD"}}`), &m))
	require.NotNil(t, m.Currency)
	assert.Equal(t, "USD", m.Currency.Code)
}
