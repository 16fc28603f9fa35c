// Command export streams every matter or contact in a Clio account to JSON
// Lines or CSV, with the fields you choose, in constant memory.
//
// Fields use Clio's syntax with one level of nesting, such as
// id,display_number,status,client{name}; they are checked against the
// SDK's catalog before any request. CSV flattens nested fields into columns
// such as client.name.
//
// With -cursor-file the export can be resumed: after every page the pager's
// cursor and the output's length are saved (atomically); a rerun with the
// same flags cuts the output back to that length and continues with the next
// page, so no record is lost or written twice. The file is deleted when the
// export completes.
//
// With no CLIO_* credentials it runs against the embedded fake Clio:
//
//	go run ./examples/export -h
//	go run ./examples/export -resource contacts -format csv
//	go run ./examples/export -out matters.jsonl -cursor-file matters.cursor
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// config is what the flags set.
type config struct {
	Resource   string // matters or contacts
	Format     string // jsonl or csv
	Fields     string // as given, e.g. "id,display_number,client{name}"
	Out        string // "" for stdout
	CursorFile string
	PageSize   int
	Progress   time.Duration

	fields clio.FieldSet
}

// schemas maps -resource to the spec schema the fields are checked against.
var schemas = map[string]string{"matters": "Matter", "contacts": "Contact"}

var defaultFields = map[string]string{
	"matters":  "id,display_number,description,status,client{name}",
	"contacts": "id,name,type,primary_email_address",
}

// checkpoint is the -cursor-file: where to continue, and how much of the
// output holds complete pages.
type checkpoint struct {
	Resource string `json:"resource"`
	Format   string `json:"format"`
	Fields   string `json:"fields"`
	Cursor   string `json:"cursor"`  // the next page's URL (it carries no token)
	Offset   int64  `json:"offset"`  // output bytes written up to the end of the last saved page
	Records  int64  `json:"records"` // records in those bytes
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env, err := exampleenv.Connect(os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		os.Exit(1)
	}
	defer env.Close()
	if err := run(ctx, env.Client, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "export:", err)
		env.Close()
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fset := flag.NewFlagSet("export", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&cfg.Resource, "resource", "matters", "what to export: matters or contacts")
	fset.StringVar(&cfg.Format, "format", "jsonl", "output format: jsonl or csv")
	fset.StringVar(&cfg.Fields, "fields", "", "fields to export, Clio syntax (default for matters: "+defaultFields["matters"]+"; for contacts: "+defaultFields["contacts"]+")")
	fset.StringVar(&cfg.Out, "out", "", "output file (default stdout)")
	fset.StringVar(&cfg.CursorFile, "cursor-file", "", "save progress here after every page and resume from it (needs -out)")
	fset.IntVar(&cfg.PageSize, "page-size", clio.DefaultPageSize, "records per request, 1-200")
	fset.DurationVar(&cfg.Progress, "progress", time.Second, "how often to update the progress line on stderr (0: only the final line)")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "usage: export [flags]\n\nStreams every matter or contact to JSON Lines or CSV (the embedded fake Clio without CLIO_* credentials).")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return cfg, err
	}
	schema, ok := schemas[cfg.Resource]
	switch {
	case fset.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", fset.Args())
	case !ok:
		return cfg, fmt.Errorf("-resource %q: want matters or contacts", cfg.Resource)
	case cfg.Format != "jsonl" && cfg.Format != "csv":
		return cfg, fmt.Errorf("-format %q: want jsonl or csv", cfg.Format)
	case cfg.PageSize < 1 || cfg.PageSize > 200:
		return cfg, fmt.Errorf("-page-size %d: want 1 to 200", cfg.PageSize)
	case cfg.CursorFile != "" && cfg.Out == "":
		return cfg, errors.New("-cursor-file needs -out: resuming must cut the output back to the last saved page")
	}
	if cfg.Fields == "" {
		cfg.Fields = defaultFields[cfg.Resource]
	}
	var err error
	if cfg.fields, err = clio.ParseFields(cfg.Fields); err != nil {
		return cfg, fmt.Errorf("-fields: %w", err)
	}
	if err := cfg.fields.Validate(schema); err != nil {
		return cfg, fmt.Errorf("-fields: %w", err)
	}
	return cfg, nil
}

// run exports, resuming from cfg.CursorFile when it exists.
func run(ctx context.Context, c *clio.Client, cfg config, stdout, stderr io.Writer) error {
	cp := checkpoint{Resource: cfg.Resource, Format: cfg.Format, Fields: cfg.Fields}
	resumed := false
	if cfg.CursorFile != "" {
		b, err := os.ReadFile(cfg.CursorFile)
		switch {
		case err == nil:
			var saved checkpoint
			if err := json.Unmarshal(b, &saved); err != nil {
				return fmt.Errorf("reading %s: %w", cfg.CursorFile, err)
			}
			if saved.Resource != cp.Resource || saved.Format != cp.Format || saved.Fields != cp.Fields {
				return fmt.Errorf("%s is for -resource %s -format %s -fields %s: use the same flags, or delete it to start over",
					cfg.CursorFile, saved.Resource, saved.Format, saved.Fields)
			}
			cp, resumed = saved, true
			fmt.Fprintf(stderr, "Resuming after %d records from %s.\n", cp.Records, cfg.CursorFile)
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}

	// The output: stdout, a new file, or the old file cut back to the last
	// complete page.
	out, file := stdout, (*os.File)(nil)
	if cfg.Out != "" {
		var err error
		if file, err = openOutput(cfg.Out, resumed, cp.Offset); err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	w := newWriter(out, cfg.Format, columns(cfg.fields))
	if !resumed {
		if err := w.header(); err != nil {
			return err
		}
	}

	prog := &progress{w: stderr, every: cfg.Progress, noun: cfg.Resource, start: time.Now(), base: cp.Records}
	// save runs after each page but the last: everything written so far
	// reaches the file before the cursor that points past it is saved.
	save := func(cursor string) error {
		if err := w.flush(); err != nil || cfg.CursorFile == "" {
			return err
		}
		if err := file.Sync(); err != nil {
			return err
		}
		off, err := file.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		cp.Cursor, cp.Offset, cp.Records = cursor, off, prog.base+prog.n
		return writeAtomic(cfg.CursorFile, cp)
	}

	// Records come as Clio sends them (json.RawMessage), so the output
	// holds exactly the chosen fields, zero values included.
	query := url.Values{"limit": {strconv.Itoa(cfg.PageSize)}}
	p := clio.List[json.RawMessage](c, cfg.Resource+".json", schemas[cfg.Resource], query, cfg.fields).Resume(cp.Cursor)
	err := export(ctx, p, w, prog, save)
	if ferr := w.flush(); err == nil {
		err = ferr
	}
	prog.finish(err)
	if err != nil {
		if cfg.CursorFile != "" {
			return fmt.Errorf("%w (run again with the same flags to resume)", err)
		}
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
	}
	if cfg.CursorFile != "" {
		if err := os.Remove(cfg.CursorFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// export writes every record page by page. NextPage, unlike All, shows
// where a page ends, which is the only point where the saved cursor and the
// output agree exactly; memory holds one page at most.
func export(ctx context.Context, p *clio.Pager[json.RawMessage], w *writer, prog *progress, save func(cursor string) error) error {
	expired := 0
	for p.More() {
		page, err := p.NextPage(ctx)
		if errors.Is(err, clio.ErrCursorExpired) && expired < 3 {
			// Clio no longer accepts the cursor: the pager has gone back to
			// the start of the list and skips what was exported, so going
			// on loses and repeats nothing.
			expired++
			continue
		}
		if err != nil {
			return err
		}
		for i := range page {
			if err := w.record(page[i]); err != nil {
				return err
			}
			prog.add(1)
		}
		if p.More() {
			if err := save(p.Cursor()); err != nil {
				return err
			}
		}
	}
	return nil
}
