package clio_test

import (
	"context"
	"fmt"
	"log"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// demoClient starts the in-memory fake Clio with its demo firm and returns
// a client for it, acting as the attorney Maya Patel.
func demoClient() (*clio.Client, *cliotest.Server) {
	srv, err := cliotest.Start(cliotest.InMemory())
	if err != nil {
		log.Fatal(err)
	}
	client, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return client, srv
}

func ExampleUsersService_WhoAmI() {
	client, srv := demoClient()
	defer srv.Close()

	me, err := client.Users.WhoAmI(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name, me.SubscriptionType)
	// Entries go on a Calendar id, which is not the user id.
	fmt.Println("own calendar:", me.DefaultCalendarID == srv.Demo().AttorneyCalendarID)
	for _, m := range me.NotificationMethods {
		fmt.Println("notify by", m.Type)
	}
	// Output:
	// Maya Patel Attorney
	// own calendar: true
	// notify by Email
	// notify by Popup
}

func ExampleCalendarsService_List() {
	client, srv := demoClient()
	defer srv.Close()

	pager := client.Calendars.List(clio.CalendarListParams{Type: clio.CalendarTypeUserCalendar})
	for cal, err := range pager.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cal.Name)
	}
	// Output:
	// Maya Patel
	// Daniel Kim
	// Rosa Alvarez
}

func ExampleCalendarEntriesService_Create() {
	client, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()
	demo := srv.Demo()

	start := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	entry, err := client.CalendarEntries.Create(ctx, clio.CalendarEntryCreate{
		CalendarOwner: clio.Ref{ID: demo.AttorneyCalendarID}, // a Calendar id
		Summary:       "Deposition of Jane Doe",
		StartAt:       start,
		EndAt:         start.Add(2 * time.Hour),
		Matter:        clio.Set(clio.Ref{ID: demo.JaneDoeMatterID}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entry.Summary, entry.StartAt.Format(time.RFC3339), entry.EndAt.Sub(entry.StartAt))

	// Move it a day later; with no etag at hand, Update fetches it first.
	moved, err := client.CalendarEntries.Update(ctx, entry.ID, "", clio.CalendarEntryUpdate{
		StartAt: clio.Set(start.AddDate(0, 0, 1)),
		EndAt:   clio.Set(start.AddDate(0, 0, 1).Add(2 * time.Hour)),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(moved.StartAt.Format(time.RFC3339))
	// Output:
	// Deposition of Jane Doe 2026-03-10T14:00:00Z 2h0m0s
	// 2026-03-11T14:00:00Z
}

func ExampleCalendarEntriesService_CreateStatuteOfLimitations() {
	client, srv := demoClient()
	defer srv.Close()
	ctx := context.Background()

	// The attorney: a plain Get fills default_calendar_id, time_zone and
	// notification_methods.
	attorney, err := client.Users.Get(ctx, srv.Demo().AttorneyID)
	if err != nil {
		log.Fatal(err)
	}
	// The matter with its display number and client name, for the title.
	matter, err := client.Matters.Get(ctx, srv.Demo().JaneDoeMatterID,
		clio.Fields("display_number", clio.Nested("client", "id", "name")))
	if err != nil {
		log.Fatal(err)
	}

	entry, reminder, err := client.CalendarEntries.CreateStatuteOfLimitations(ctx, clio.SOLParams{
		Matter:       matter,
		IncidentDate: clio.NewDate(2024, time.February, 29),
		Years:        2, // Feb 29 + 2 years is Feb 28 in a common year
		User:         attorney,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(entry.Summary)
	fmt.Println(entry.AllDay, entry.StartAt.Format(time.RFC3339), entry.EndAt.Format(time.RFC3339))
	fmt.Println("on the attorney's calendar:", entry.CalendarOwnerID == attorney.DefaultCalendarID)
	fmt.Println("reminder minutes before:", reminder.Duration)
	// Output:
	// Statute of limitations: Jane Doe — 00001-Doe
	// true 2026-02-28T00:00:00Z 2026-03-01T00:00:00Z
	// on the attorney's calendar: true
	// reminder minutes before: 10080
}

func ExampleRemindersService_Create() {
	client, srv := demoClient()
	defer srv.Close()
	demo := srv.Demo()

	value, unit, err := clio.ReminderDuration(90 * time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	r, err := client.Reminders.Create(context.Background(), clio.ReminderCreate{
		Subject:            clio.ReminderSubject{ID: demo.IntakeCallEntryID, Type: clio.ReminderSubjectCalendarEntry},
		NotificationMethod: clio.Ref{ID: demo.PopupNotificationID},
		DurationValue:      clio.Int(value),
		DurationUnit:       unit,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(value, unit, r.Duration, r.NotificationMethod.Type)
	// Output: 90 minutes 90 Popup
}

func ExampleMatterStagesService_List() {
	client, srv := demoClient()
	defer srv.Close()

	pager := client.MatterStages.List(clio.MatterStageListParams{PracticeAreaID: srv.Demo().FamilyID})
	for stage, err := range pager.All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(stage.Order, stage.Name)
	}
	// Output:
	// 1 Consultation
	// 2 Filing
	// 3 Mediation
	// 4 Resolution
}

func ExamplePracticeAreasService_List() {
	client, srv := demoClient()
	defer srv.Close()

	for area, err := range client.PracticeAreas.List(clio.PracticeAreaListParams{}).All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(area.Name, area.Code, area.Category)
	}
	// Output:
	// Personal Injury PI personal_injury
	// Family FAM family
}
