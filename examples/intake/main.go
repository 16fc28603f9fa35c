// Command intake runs a personal-injury intake in Clio: it finds or creates
// the client by email, opens the matter with its accident details set by
// custom field name, puts the statute-of-limitations deadline with a
// reminder on the responsible attorney's calendar, generates the retainer
// agreement from its template, moves the matter to a stage by name, gives
// the attorney a task due before the deadline's reminder, and leaves a note
// on the matter that sums the intake up.
//
// It resolves every name it is given (practice area, stage, template,
// custom fields, the attorney's calendar) before its first write, so a
// wrong name changes nothing in the firm.
//
// It can be run again. The matter carries the intake's key (-key, by
// default "intake-" and the accident date) as its client reference, and a
// rerun for the same client finds that matter and what hangs off it (the
// deadline and its reminder, the generated document, the stage, the task,
// the note) and creates only what is missing. So when a write's outcome is
// unknown (a dropped connection: the SDK does not resend it, see
// clio.MayHaveApplied), the intake stops, and running it again with the
// same flags finishes it without a second matter.
//
// With no CLIO_* credentials in the environment it runs against the
// embedded fake Clio (see package cliotest), so this works on a fresh clone.
// Against a real firm it first prints which firm and user it will write to
// and needs -yes (or "yes" typed on a terminal):
//
//	go run ./examples/intake
//	go run ./examples/intake -h
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// config is what the flags set.
type config struct {
	Email, FirstName, LastName string
	Description                string
	AccidentDate               clio.Date
	AccidentLocation           string
	SOLYears                   int
	ReminderBefore             time.Duration
	PracticeArea               string
	Template                   string
	Stage                      string
	AttorneyID                 int64  // 0: the user the token belongs to
	Key                        string // the matter's client_reference, by which a rerun finds it
	Poll                       time.Duration
	Timeout                    time.Duration
	Yes                        bool // write to a real firm without asking
}

// result is what the intake made, for the summary and the tests.
type result struct {
	ContactID      int64
	ContactName    string
	ContactCreated bool // created by this run
	NewClient      bool // the contact has no matter but this intake's
	Resumed        bool // an earlier run of this intake opened the matter
	MatterID       int64
	DisplayNumber  string
	Deadline       clio.Date
	EntryID        clio.CompositeID
	Documents      []string
	Stage          string
	TaskID         int64     // the attorney's task to act before the deadline
	TaskDue        clio.Date // when it is due: the day before the reminder fires
	NoteID         int64     // the intake summary on the matter
}

func main() { exampleenv.Main("intake", start) }

// start is main without the exit: it connects, asks for confirmation before
// writing to a real firm (reading it from in, a terminal or nil), and runs
// the intake.
func start(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		fmt.Fprintln(stderr, "intake:", err)
		return exampleenv.ErrUsage
	}
	env, err := exampleenv.Connect(stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.ConfirmWrites(ctx, cfg.Yes, in, stderr); err != nil {
		return err
	}
	_, err = run(ctx, env.Client, cfg, stdout)
	fmt.Fprintf(stdout, "requests sent: %d\n", env.Requests())
	if clio.MayHaveApplied(err) {
		fmt.Fprintln(stderr, "intake: the last write may have been applied; run the intake again with the same flags: it finds what was created and goes on from there")
	}
	return err
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{AccidentDate: clio.NewDate(2026, 10, 14)}
	fs := flag.NewFlagSet("intake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Email, "email", "alex.rivera@example.com", "the client's email address (found or created)")
	fs.StringVar(&cfg.FirstName, "first", "Alex", "the client's first name, if the contact is created")
	fs.StringVar(&cfg.LastName, "last", "Rivera", "the client's last name, if the contact is created")
	fs.StringVar(&cfg.Description, "description", "Rear-end collision on Route 9", "the matter's description")
	fs.TextVar(&cfg.AccidentDate, "accident-date", cfg.AccidentDate, "the accident date, YYYY-MM-DD (custom field \"Accident Date\")")
	fs.StringVar(&cfg.AccidentLocation, "accident-location", "Route 9 at Elm Street, Springfield", "custom field \"Accident Location\"")
	fs.IntVar(&cfg.SOLYears, "sol-years", 3, "the statute-of-limitations period in years")
	fs.DurationVar(&cfg.ReminderBefore, "reminder", clio.DefaultSOLReminder, "how long before the deadline the reminder fires")
	fs.StringVar(&cfg.PracticeArea, "practice-area", "Personal Injury", "the matter's practice area, by name")
	fs.StringVar(&cfg.Template, "template", "Retainer Agreement", "the document template to generate, by file name without extension")
	fs.StringVar(&cfg.Stage, "stage", "Investigation", "the stage to move the matter to, by name")
	fs.Int64Var(&cfg.AttorneyID, "attorney", 0, "the responsible attorney's user id (default: you)")
	fs.StringVar(&cfg.Key, "key", "", "the intake's key, stored as the matter's client reference; a rerun with the same key and client\nresumes that intake instead of opening a second matter (default \"intake-\" and the accident date)")
	fs.DurationVar(&cfg.Poll, "poll", 250*time.Millisecond, "first pause while waiting for the document")
	fs.DurationVar(&cfg.Timeout, "timeout", 5*time.Minute, "give up after this long")
	fs.BoolVar(&cfg.Yes, "yes", false, "write to a real firm without asking (the fake never asks)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: intake [flags]

Runs a personal-injury intake in Clio (the embedded fake without CLIO_* credentials).
The firm must have, by these names (all checked before anything is written):
  - the practice area (-practice-area) and a stage of it (-stage);
  - the document template (-template);
  - matter custom fields "Accident Date" (date) and "Accident Location" (text);
  - a default calendar and a notification method for the attorney (-attorney).
The embedded fake has all of them with the defaults.

If a write's outcome is unknown (a dropped connection), the intake stops; run it
again with the same flags: it finds what the earlier run created and goes on.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.Key = strings.TrimSpace(cfg.Key)
	if cfg.Key == "" {
		cfg.Key = "intake-" + cfg.AccidentDate.String()
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	case cfg.SOLYears < 1:
		return cfg, fmt.Errorf("-sol-years must be at least 1")
	case cfg.ReminderBefore < time.Minute || cfg.ReminderBefore%time.Minute != 0:
		// Checked here, not at the calendar step: a bad value must stop the
		// intake before anything is written.
		return cfg, fmt.Errorf("-reminder must be a positive whole number of minutes, such as 168h")
	}
	return cfg, nil
}

// run does the intake, printing each step to out. It resolves every name
// and checks the attorney's calendar before its first write, so a wrong
// name changes nothing; the reads are those the writes need anyway, so this
// costs no extra request. When an earlier run opened the intake's matter,
// it looks for each record before creating it (a list per step, scoped to
// the matter) and creates only what is missing.
func run(ctx context.Context, c *clio.Client, cfg config, out io.Writer) (*result, error) {
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	res := &result{}
	step := func(format string, args ...any) { fmt.Fprintf(out, "  - "+format+"\n", args...) }

	// 1. Read and resolve everything. The client: an exact email match.
	found, err := c.Contacts.FindByEmail(ctx, cfg.Email)
	if err != nil {
		return nil, fmt.Errorf("finding the client: %w", err)
	}
	// The responsible attorney, with the calendar and notification methods
	// the deadline needs.
	var attorney *clio.User
	if cfg.AttorneyID != 0 {
		attorney, err = c.Users.Get(ctx, cfg.AttorneyID)
	} else {
		attorney, err = c.Users.WhoAmI(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the responsible attorney: %w", err)
	}
	switch {
	case attorney.DefaultCalendarID == 0:
		return nil, fmt.Errorf("the responsible attorney %s has no default calendar", attorney.Name)
	case len(attorney.NotificationMethods) == 0:
		return nil, fmt.Errorf("the responsible attorney %s has no notification method for the reminder", attorney.Name)
	}
	step("responsible attorney: %s", attorney.Name)
	area, err := practiceArea(ctx, c, cfg.PracticeArea)
	if err != nil {
		return nil, err
	}
	// The custom field definitions load once and stay cached, so the
	// matter's POST below sends them by id without another read.
	for _, name := range []string{"Accident Date", "Accident Location"} {
		if _, err := c.CustomFields.Definition(ctx, clio.CustomFieldParentTypeMatter, name); err != nil {
			return nil, fmt.Errorf("finding custom field %q: %w", name, err)
		}
	}
	stage, err := stageByName(ctx, c, area.ID, cfg.Stage)
	if err != nil {
		return nil, err
	}
	tmpl, err := template(ctx, c, cfg.Template)
	if err != nil {
		return nil, err
	}

	// 2. The client contact, unless it exists.
	if len(found) > 0 {
		res.ContactID, res.ContactName = found[0].ID, found[0].Name
		step("found client contact %d (%s)", res.ContactID, found[0].Name)
	} else {
		ct, err := c.Contacts.Create(ctx, clio.ContactCreate{
			Type:           clio.ContactTypePerson,
			FirstName:      nonEmpty(cfg.FirstName),
			LastName:       nonEmpty(cfg.LastName),
			EmailAddresses: []clio.EmailAddressInput{{Name: clio.String("Home"), Address: clio.String(cfg.Email), Default: clio.Bool(true)}},
		}, clio.Fields("name"))
		if err != nil {
			return nil, fmt.Errorf("creating the client: %w", err)
		}
		res.ContactID, res.ContactName, res.ContactCreated = ct.ID, ct.Name, true
		step("created client contact %d (%s)", ct.ID, ct.Name)
	}

	// 3. The matter, with its custom fields by name in the same POST and
	// the intake's key as its client reference. A contact found by its
	// email may hold this intake's matter from an earlier run: the client's
	// matters say (one list; a contact created just now has none).
	var m *clio.Matter
	res.NewClient = res.ContactCreated
	if !res.ContactCreated {
		m, res.NewClient, err = earlierMatter(ctx, c, res.ContactID, cfg.Key)
		if err != nil {
			return nil, err
		}
	}
	if m != nil {
		res.Resumed = true
		step("resuming: found matter %s (%d) with key %q", m.DisplayNumber, m.ID, cfg.Key)
	} else {
		m, err = c.Matters.Create(ctx, clio.MatterCreate{
			Client:              clio.Ref{ID: res.ContactID},
			Description:         cfg.Description,
			Status:              clio.MatterStatusOpen,
			PracticeArea:        clio.Set(clio.Ref{ID: area.ID}),
			ResponsibleAttorney: clio.Set(clio.Ref{ID: attorney.ID}),
			ClientReference:     clio.Set(cfg.Key),
			CustomFields: map[string]any{
				"Accident Date":     cfg.AccidentDate,
				"Accident Location": cfg.AccidentLocation,
			},
		})
		if err != nil {
			return nil, fmt.Errorf("creating the matter: %w", err)
		}
		step("opened matter %s (%d) in %s with Accident Date %s", m.DisplayNumber, m.ID, area.Name, cfg.AccidentDate)
	}
	res.MatterID, res.DisplayNumber = m.ID, m.DisplayNumber

	// From here on, each step first looks for what an earlier run made,
	// but only on a matter that run opened: a matter opened just now has
	// nothing yet, so a first run reads nothing more than it needs.
	earlier := func(what string, ok bool) {
		if ok {
			step("found %s from an earlier run", what)
		}
	}

	// 4. The statute-of-limitations deadline and its reminder.
	var entry *clio.CalendarEntry
	if res.Resumed {
		entry, err = clio.FindCreated(ctx, c.CalendarEntries.List(clio.CalendarEntryListParams{MatterID: m.ID}),
			func(e clio.CalendarEntry) bool { return strings.HasPrefix(e.Summary, solPrefix) })
		if err != nil {
			return nil, fmt.Errorf("looking for the statute of limitations entry: %w", err)
		}
		earlier("the statute of limitations entry", entry != nil)
	}
	sol := clio.SOLParams{
		Matter:         m,
		IncidentDate:   cfg.AccidentDate,
		Years:          cfg.SOLYears,
		User:           attorney,
		ReminderBefore: cfg.ReminderBefore,
	}
	if entry == nil {
		entry, _, err = c.CalendarEntries.CreateStatuteOfLimitations(ctx, sol)
	} else {
		err = ensureReminder(ctx, c, entry, sol, step)
	}
	if err != nil {
		return nil, fmt.Errorf("calendaring the statute of limitations: %w", err)
	}
	// The day Clio holds the all-day entry on, in the entry's own offset.
	res.EntryID, res.Deadline = entry.ID, clio.DateOf(entry.StartAt)
	step("calendared %q on %s, reminder %s before", entry.Summary, res.Deadline, days(cfg.ReminderBefore))

	// 5. The retainer agreement, generated from its template. An earlier
	// run's job is found among the jobs created since the matter (Clio
	// filters automations by nothing closer); a failed one is done again.
	filename := cfg.Template + " - " + m.DisplayNumber
	var autoID int64
	if res.Resumed {
		since := m.CreatedAt.Add(-time.Minute) // a bound, not the match: allow for clock skew
		job, err := clio.FindCreated(ctx,
			c.DocumentAutomations.List(clio.DocumentAutomationListParams{CreatedSince: since}, clio.Fields("filename", "state", clio.Nested("matter", "id"))),
			func(a clio.DocumentAutomation) bool {
				return a.Matter != nil && a.Matter.ID == m.ID && a.Filename == filename &&
					a.State != clio.DocumentAutomationStateFailed && a.State != clio.DocumentAutomationStateEmpty
			})
		if err != nil {
			return nil, fmt.Errorf("looking for the %s job: %w", tmpl.Filename, err)
		}
		if job != nil {
			autoID = job.ID
		}
		earlier("the document job", job != nil)
	}
	if autoID == 0 {
		auto, err := c.DocumentAutomations.Create(ctx, clio.DocumentAutomationCreate{
			TemplateID: tmpl.ID,
			MatterID:   m.ID,
			Filename:   filename,
			Formats:    []clio.DocumentAutomationExportFormats{clio.DocumentAutomationExportFormatsPDF},
		}, clio.Fields("state"))
		if err != nil {
			return nil, fmt.Errorf("generating %s: %w", tmpl.Filename, err)
		}
		autoID = auto.ID
	}
	docs, err := c.DocumentAutomations.Wait(ctx, autoID, clio.WaitOptions{Interval: cfg.Poll, MaxInterval: 10 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("waiting for %s: %w", tmpl.Filename, err)
	}
	for _, d := range docs {
		res.Documents = append(res.Documents, d.Name)
	}
	step("generated %s", strings.Join(res.Documents, ", "))

	// 6. The stage. The matter's etag from step 3 is still current, so no
	// read is needed before the PATCH; a matter an earlier run moved
	// already is left alone.
	if m.MatterStage != nil && m.MatterStage.ID == stage.ID {
		step("matter %s is in stage %s already", m.DisplayNumber, m.MatterStage.Name)
	} else {
		if m, err = c.Matters.SetStage(ctx, m.ID, m.ETag, stage.ID); err != nil {
			return nil, fmt.Errorf("moving the matter to %s: %w", cfg.Stage, err)
		}
		step("moved matter %s to stage %s", m.DisplayNumber, m.MatterStage.Name)
	}
	res.Stage = m.MatterStage.Name

	// 7. The attorney's task, due the day before the reminder fires, so the
	// work is planned before the deadline is even close. Its name, which
	// holds the matter's number, is what a rerun finds it by.
	res.TaskDue = clio.DateOf(entry.StartAt.Add(-cfg.ReminderBefore)).AddDays(-1)
	taskName := "File before the statute of limitations: " + m.DisplayNumber
	var task *clio.Task
	if res.Resumed {
		task, err = clio.FindCreated(ctx, c.Tasks.List(clio.TaskListParams{MatterID: m.ID}, clio.Fields("name", "due_at")),
			func(t clio.Task) bool { return t.Name == taskName })
		if err != nil {
			return nil, fmt.Errorf("looking for the attorney's task: %w", err)
		}
		earlier("the attorney's task", task != nil)
	}
	if task == nil {
		task, err = c.Tasks.Create(ctx, clio.TaskCreate{
			Name:                 taskName,
			Description:          fmt.Sprintf("The limitation period for %s runs out on %s. File the claim or settle before then.", m.DisplayNumber, res.Deadline),
			Assignee:             clio.TaskCreateAssignee{ID: attorney.ID, Type: clio.TaskCreateAssigneeTypeUser},
			Matter:               clio.Set(clio.Ref{ID: m.ID}),
			DueAt:                clio.Set(res.TaskDue), // a calendar date: sent as YYYY-MM-DD
			Priority:             clio.TaskPriorityHigh,
			StatuteOfLimitations: clio.Set(true),
		}, clio.Fields("name", "due_at"))
		if err != nil {
			return nil, fmt.Errorf("creating the attorney's task: %w", err)
		}
	}
	res.TaskID = task.ID
	step("task %q for %s, due %s", task.Name, attorney.Name, res.TaskDue)

	// 8. A note on the matter that sums the intake up, found by its
	// subject on a rerun.
	var note *clio.Note
	if res.Resumed {
		note, err = clio.FindCreated(ctx, c.Notes.List(clio.NoteListParams{Type: clio.NoteTypeMatter, MatterID: m.ID}, clio.Fields("subject")),
			func(n clio.Note) bool { return n.Subject == noteSubject })
		if err != nil {
			return nil, fmt.Errorf("looking for the intake note: %w", err)
		}
		earlier("the intake note", note != nil)
	}
	if note == nil {
		note, err = c.Notes.Create(ctx, clio.NoteCreate{
			Type:    clio.NoteTypeMatter,
			Matter:  clio.Set(clio.Ref{ID: m.ID}),
			Subject: clio.Set(noteSubject),
			Detail:  clio.Set(intakeSummary(cfg, res, attorney.Name)),
			Date:    clio.Set(clio.DateOf(time.Now())),
		}, clio.Fields("subject"))
		if err != nil {
			return nil, fmt.Errorf("adding the intake note: %w", err)
		}
	}
	res.NoteID = note.ID
	step("noted the intake summary on the matter")
	return res, nil
}

// solPrefix starts the title CreateStatuteOfLimitations gives the entry;
// noteSubject is the intake note's subject. A rerun finds both by them.
const (
	solPrefix   = "Statute of limitations:"
	noteSubject = "Intake summary"
)

// earlierMatter looks through the client's matters for the one with the
// intake's key, and reports whether the client is new: no matter of theirs
// but this intake's.
func earlierMatter(ctx context.Context, c *clio.Client, clientID int64, key string) (*clio.Matter, bool, error) {
	var found *clio.Matter
	others := 0
	for m, err := range c.Matters.List(clio.MatterListParams{ClientID: clientID}).All(ctx) {
		if err != nil {
			return nil, false, fmt.Errorf("looking for the matter of an earlier run: %w", err)
		}
		if m.ClientReference == key && found == nil {
			found = &m
		} else {
			others++
		}
	}
	return found, others == 0, nil
}

// ensureReminder gives an existing statute-of-limitations entry its
// reminder, unless an earlier run did: the case of a run that stopped
// between the two.
func ensureReminder(ctx context.Context, c *clio.Client, entry *clio.CalendarEntry, p clio.SOLParams, step func(string, ...any)) error {
	id, ok := entry.ID.Int64()
	if !ok {
		return fmt.Errorf("calendar entry id %q is not numeric; cannot look for its reminder", string(entry.ID))
	}
	subject := clio.ReminderSubject{Type: clio.ReminderSubjectCalendarEntry, ID: id}
	r, err := clio.FindCreated(ctx, c.Reminders.List(clio.ReminderListParams{Subject: subject}, clio.Fields("duration")),
		func(clio.Reminder) bool { return true })
	if err != nil {
		return fmt.Errorf("looking for the deadline's reminder: %w", err)
	}
	if r != nil {
		step("found the deadline's reminder from an earlier run")
		return nil
	}
	value, unit, err := clio.ReminderDuration(p.ReminderBefore)
	if err != nil {
		return err
	}
	_, err = c.Reminders.Create(ctx, clio.ReminderCreate{
		Subject:            subject,
		NotificationMethod: clio.Ref{ID: notificationMethod(p.User)},
		DurationValue:      clio.Set(value),
		DurationUnit:       unit,
	})
	return err
}

// notificationMethod picks the user's method the way
// CreateStatuteOfLimitations does: the default email address, else the
// first email, else the first. run has checked there is one.
func notificationMethod(u *clio.User) int64 {
	for _, m := range u.NotificationMethods {
		if m.IsDefaultEmailAddress && m.ID != 0 {
			return m.ID
		}
	}
	for _, m := range u.NotificationMethods {
		if strings.EqualFold(string(m.Type), "Email") && m.ID != 0 {
			return m.ID
		}
	}
	return u.NotificationMethods[0].ID
}

// intakeSummary is the note's text: what was opened and what follows.
func intakeSummary(cfg config, res *result, attorney string) string {
	client := "existing client"
	if res.NewClient {
		client = "new client"
	}
	return fmt.Sprintf("Intake of %s (%s, %s).\n"+
		"Accident on %s at %s.\n"+
		"Statute of limitations: %s (%d years); calendared with a reminder %s before.\n"+
		"Responsible attorney: %s; task due %s.\n"+
		"Documents: %s. Stage: %s.",
		res.ContactName, client, cfg.Email,
		cfg.AccidentDate, cfg.AccidentLocation,
		res.Deadline, cfg.SOLYears, days(cfg.ReminderBefore),
		attorney, res.TaskDue,
		strings.Join(res.Documents, ", "), res.Stage)
}

// practiceArea finds a practice area by its exact name.
func practiceArea(ctx context.Context, c *clio.Client, name string) (*clio.PracticeArea, error) {
	for pa, err := range c.PracticeAreas.List(clio.PracticeAreaListParams{Name: name}).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("finding practice area %q: %w", name, err)
		}
		if strings.EqualFold(pa.Name, name) {
			return &pa, nil
		}
	}
	return nil, fmt.Errorf("no practice area is named %q", name)
}

// template finds a document template by file name, with or without its
// extension.
func template(ctx context.Context, c *clio.Client, name string) (*clio.DocumentTemplate, error) {
	for t, err := range c.DocumentTemplates.List(clio.DocumentTemplateListParams{}).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("finding template %q: %w", name, err)
		}
		base := strings.TrimSuffix(t.Filename, filepath.Ext(t.Filename))
		if strings.EqualFold(t.Filename, name) || strings.EqualFold(base, name) {
			return &t, nil
		}
	}
	return nil, fmt.Errorf("no document template is named %q", name)
}

// days formats whole days as "7 days", other durations as Go does.
func days(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}

// stageByName finds a stage of a practice area by name, case-insensitively.
func stageByName(ctx context.Context, c *clio.Client, areaID int64, name string) (*clio.MatterStage, error) {
	for s, err := range c.MatterStages.List(clio.MatterStageListParams{PracticeAreaID: areaID}).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("finding stage %q: %w", name, err)
		}
		if strings.EqualFold(s.Name, name) {
			return &s, nil
		}
	}
	return nil, fmt.Errorf("the practice area has no stage named %q", name)
}

// nonEmpty is s as an optional field, left unset (not sent) when empty.
func nonEmpty(s string) clio.Opt[string] {
	if s == "" {
		return clio.Opt[string]{}
	}
	return clio.String(s)
}
