// Command timesheet imports time entries from a CSV file into Clio as time
// entries (activities of type TimeEntry).
//
// The sheet has a header and one entry a line:
//
//	date,matter,user,hours,description,rate
//	2026-11-02,00001-Doe,maya.patel@sterlingvance.example,1.5,Reviewed police report,350
//
// date is YYYY-MM-DD, matter the matter's display number, user a name or
// email of the firm's users, hours a decimal number, rate an optional hourly
// rate (empty or absent: the timekeeper's own).
//
// The whole sheet is checked before the first write: its form, then every
// matter (one lookup each) and user (one list of the firm's users). A bad
// row changes nothing and is reported with its line number.
//
// The sheet must be UTF-8 (Excel: "CSV UTF-8"). A sheet in another
// encoding is refused before anything is sent, naming its lines (text read
// in the wrong encoding would reach Clio as "M\ufffdller"); -encoding names
// the encoding it is in, e.g. -encoding windows-1252 for a CSV saved by
// Excel on Windows. A line holding U+FFFD, the mark of text already
// garbled, is refused too.
//
// It is safe to run again. Each entry carries an import key in its
// reference field: "timesheet:" and a hash of what the entry says once its
// names are resolved (the timekeeper's and the matter's ids, day, seconds,
// description, rate, and which repeat of an identical entry it is), not of
// the names as typed: writing a timekeeper by email instead of by name,
// as the tool asks when two users share a name, keeps every key. Before
// writing, the importer reads the keys of the entries already in Clio for
// the sheet's timekeepers and days, and skips those. A run that died
// half-way, or a write whose outcome was unknown (which is never resent
// blind), is settled by running again: what Clio has is skipped, what it
// lacks is written. Editing an entry's reference in Clio, or what a row
// says, makes it a new entry.
//
// Entries imported by earlier versions of this tool carry keys made of the
// names as typed; they are recognised still, by trying the timekeeper's
// present name and email. One such entry is imported again only if the
// name or email it was keyed on, or its matter's display number, has
// changed in Clio since: nothing then says what that key was made of.
//
// With no CLIO_* credentials it runs against the embedded fake Clio and,
// without -file, imports the sample sheet built into it
// (testdata/sample.csv); against a real firm -file is required:
//
//	go run ./examples/timesheet
//	go run ./examples/timesheet -file hours.csv -yes
//	go run ./examples/timesheet -file hours.csv -encoding windows-1252
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// config is what the flags set.
type config struct {
	File     string
	Encoding string // the sheet's encoding, a WHATWG label ("": utf-8)
	Progress time.Duration
	Yes      bool // write to a real firm without asking
}

func main() { exampleenv.Main("timesheet", start) }

// start parses the flags, connects and runs.
func start(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		fmt.Fprintln(stderr, "timesheet:", err)
		return exampleenv.ErrUsage
	}
	env, err := exampleenv.Connect(stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	if cfg.File == "" && env.Fake == nil {
		return errors.New("-file is required against a real firm (the sample sheet is for the embedded fake)")
	}
	if err := env.ConfirmWrites(ctx, cfg.Yes, in, stderr); err != nil {
		return err
	}
	s, err := run(ctx, env.Client, cfg, stderr)
	fmt.Fprintf(stdout, "created %d, skipped %d (imported before), failed %d, unknown %d; requests sent: %d\n",
		s.Created, s.Skipped, s.Failed, s.Unknown, env.Requests())
	return err
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{}
	fs := flag.NewFlagSet("timesheet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.File, "file", "", "the CSV sheet to import (default on the embedded fake: the built-in sample)")
	fs.StringVar(&cfg.Encoding, "encoding", "utf-8", "the sheet's character encoding, e.g. windows-1252 for a CSV saved by Excel on Windows")
	fs.DurationVar(&cfg.Progress, "progress", 2*time.Second, "how often to report progress on stderr (0: never)")
	fs.BoolVar(&cfg.Yes, "yes", false, "write to a real firm without asking (the fake never asks)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: timesheet [flags]\n\nImports time entries from a CSV sheet (date,matter,user,hours,description[,rate]) into Clio; safe to run again.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if _, _, err := lookupEncoding(cfg.Encoding); err != nil {
		return cfg, fmt.Errorf("-encoding: %w", err)
	}
	if cfg.Progress < 0 {
		return cfg, errors.New("-progress must not be negative")
	}
	return cfg, nil
}

// sample is the sheet imported on the embedded fake when no -file is given.
//
//go:embed testdata/sample.csv
var sample []byte

// run imports cfg.File (the sample when it is ""): read and check the
// sheet, resolve its names, read what is already imported, write the rest.
// Problems go to log.
func run(ctx context.Context, c *clio.Client, cfg config, log io.Writer) (summary, error) {
	var sheet io.Reader = bytes.NewReader(sample)
	name := "the sample sheet"
	if cfg.File != "" {
		f, err := os.Open(cfg.File)
		if err != nil {
			return summary{}, err
		}
		defer f.Close()
		sheet, name = f, cfg.File
	}
	rows, err := loadSheet(sheet, cfg.Encoding)
	if err != nil {
		return summary{}, fmt.Errorf("%s: nothing was imported:\n%w", name, err)
	}
	im := &importer{c: c, out: log, progress: cfg.Progress}
	res, err := im.resolve(ctx, rows)
	if err != nil {
		return summary{}, fmt.Errorf("%s: nothing was imported:\n%w", name, err)
	}
	have, err := im.imported(ctx, res)
	if err != nil {
		return summary{}, err
	}
	already := done(res, have)
	fmt.Fprintf(log, "%d entries in %s, %d matters, %d imported before.\n", len(rows), name, len(res.matters), count(already))
	s, err := im.write(ctx, res, already)
	if err == nil && s.Failed+s.Unknown > 0 {
		err = fmt.Errorf("%d entries were not imported; fix what is reported and run again", s.Failed+s.Unknown)
	}
	return s, err
}

// count counts the true values.
func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
