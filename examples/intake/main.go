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
	AttorneyID                 int64 // 0: the user the token belongs to
	Poll                       time.Duration
	Timeout                    time.Duration
	Yes                        bool // write to a real firm without asking
}

// result is what the intake made, for the summary and the tests.
type result struct {
	ContactID      int64
	ContactName    string
	ContactCreated bool
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

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
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
// costs no extra request.
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

	// 3. The matter, with its custom fields by name in the same POST.
	m, err := c.Matters.Create(ctx, clio.MatterCreate{
		Client:              clio.Ref{ID: res.ContactID},
		Description:         cfg.Description,
		Status:              clio.Set(clio.MatterStatusOpen),
		PracticeArea:        clio.Set(clio.Ref{ID: area.ID}),
		ResponsibleAttorney: clio.Set(clio.Ref{ID: attorney.ID}),
		CustomFields: map[string]any{
			"Accident Date":     cfg.AccidentDate,
			"Accident Location": cfg.AccidentLocation,
		},
	})
	if err != nil {
		return nil, fmt.Errorf("creating the matter: %w", err)
	}
	res.MatterID, res.DisplayNumber = m.ID, m.DisplayNumber
	step("opened matter %s (%d) in %s with Accident Date %s", m.DisplayNumber, m.ID, area.Name, cfg.AccidentDate)

	// 4. The statute-of-limitations deadline and its reminder.
	entry, _, err := c.CalendarEntries.CreateStatuteOfLimitations(ctx, clio.SOLParams{
		Matter:         m,
		IncidentDate:   cfg.AccidentDate,
		Years:          cfg.SOLYears,
		User:           attorney,
		ReminderBefore: cfg.ReminderBefore,
	})
	if err != nil {
		return nil, fmt.Errorf("calendaring the statute of limitations: %w", err)
	}
	// The day Clio holds the all-day entry on, in the entry's own offset.
	res.EntryID, res.Deadline = entry.ID, clio.DateOf(entry.StartAt)
	step("calendared %q on %s, reminder %s before", entry.Summary, res.Deadline, days(cfg.ReminderBefore))

	// 5. The retainer agreement, generated from its template.
	auto, err := c.DocumentAutomations.Create(ctx, clio.DocumentAutomationCreate{
		TemplateID: tmpl.ID,
		MatterID:   m.ID,
		Filename:   cfg.Template + " - " + m.DisplayNumber,
		Formats:    []clio.DocumentAutomationExportFormats{clio.DocumentAutomationExportFormatsPDF},
	}, clio.Fields("state"))
	if err != nil {
		return nil, fmt.Errorf("generating %s: %w", tmpl.Filename, err)
	}
	docs, err := c.DocumentAutomations.Wait(ctx, auto.ID, clio.WaitOptions{Interval: cfg.Poll, MaxInterval: 10 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("waiting for %s: %w", tmpl.Filename, err)
	}
	for _, d := range docs {
		res.Documents = append(res.Documents, d.Name)
	}
	step("generated %s", strings.Join(res.Documents, ", "))

	// 6. The stage. The matter's etag from step 3 is still current, so no
	// read is needed before the PATCH.
	m, err = c.Matters.SetStage(ctx, m.ID, m.ETag, stage.ID)
	if err != nil {
		return nil, fmt.Errorf("moving the matter to %s: %w", cfg.Stage, err)
	}
	res.Stage = m.MatterStage.Name
	step("moved matter %s to stage %s", m.DisplayNumber, res.Stage)

	// 7. The attorney's task, due the day before the reminder fires, so the
	// work is planned before the deadline is even close.
	res.TaskDue = clio.DateOf(entry.StartAt.Add(-cfg.ReminderBefore)).AddDays(-1)
	task, err := c.Tasks.Create(ctx, clio.TaskCreate{
		Name:                 "File before the statute of limitations: " + m.DisplayNumber,
		Description:          fmt.Sprintf("The limitation period for %s runs out on %s. File the claim or settle before then.", m.DisplayNumber, res.Deadline),
		Assignee:             clio.TaskCreateAssignee{ID: attorney.ID, Type: clio.TaskCreateAssigneeTypeUser},
		Matter:               clio.Set(clio.Ref{ID: m.ID}),
		DueAt:                clio.Set(res.TaskDue), // a calendar date: sent as YYYY-MM-DD
		Priority:             clio.Set(clio.TaskPriorityHigh),
		StatuteOfLimitations: clio.Set(true),
	}, clio.Fields("name", "due_at"))
	if err != nil {
		return nil, fmt.Errorf("creating the attorney's task: %w", err)
	}
	res.TaskID = task.ID
	step("task %q for %s, due %s", task.Name, attorney.Name, res.TaskDue)

	// 8. A note on the matter that sums the intake up.
	note, err := c.Notes.Create(ctx, clio.NoteCreate{
		Type:    clio.NoteTypeMatter,
		Matter:  clio.Set(clio.Ref{ID: m.ID}),
		Subject: clio.Set("Intake summary"),
		Detail:  clio.Set(intakeSummary(cfg, res, attorney.Name)),
		Date:    clio.Set(clio.DateOf(time.Now())),
	}, clio.Fields("subject"))
	if err != nil {
		return nil, fmt.Errorf("adding the intake note: %w", err)
	}
	res.NoteID = note.ID
	step("noted the intake summary on the matter")
	return res, nil
}

// intakeSummary is the note's text: what was opened and what follows.
func intakeSummary(cfg config, res *result, attorney string) string {
	client := "existing client"
	if res.ContactCreated {
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
