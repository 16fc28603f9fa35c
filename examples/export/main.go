// Command export streams every record of a resource in a Clio account
// (matters, contacts, activities, bills, any list of the API), or of every
// resource, to JSON Lines or CSV, with the fields you choose, in constant
// memory.
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
//	go run ./examples/export -resource activities -where matter_id=1001
//	go run ./examples/export -resource all -out backup/
//
// With -resource all, every list that needs no parent id goes to its own
// JSON Lines (or CSV) file in the -out directory, each resumable: a rerun
// skips the lists already done (recorded in the directory's .done file) and
// resumes the one that was cut off. A list with a required filter of fixed
// values (notes: type) is exported once per value; one that needs a value
// the export cannot know (a conversation id) is skipped and named; a list
// the account may not read (403) or the server does not serve (404, 501)
// is skipped and named. A list that fails otherwise (a 5xx after retries, a
// next link to a foreign host) does not stop the others: each failure is
// named at the end and the run exits non-zero; a rerun retries only those.
//
// What it writes is safe to keep. Secret-bearing fields (a webhook's
// shared_secret, signed storage URLs and their headers, meeting passwords
// and links; see secrets.go) are left out of the request and removed from
// any record that carries them anyway, and named on stderr. CSV cells that
// a spreadsheet would run as a formula (starting with = + - @ tab or CR)
// get a leading single quote; numbers are written as they are. Files are
// created 0600, the -resource all directory 0700. A cursor file names its
// list, filters and fields, and is refused for any other.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// config is what the flags set.
type config struct {
	Resource   string // a list's name (matters, activities, ...) or "all"
	Format     string // jsonl or csv
	Fields     string // as given, e.g. "id,display_number,client{name}"; "" for the default
	Out        string // a file ("" for stdout); with -resource all, a directory
	CursorFile string
	PageSize   int
	Progress   time.Duration
	Where      url.Values // -where filters
}

// defaultFields are the example's own defaults for the two classic
// exports; any other resource gets the SDK's default fields for its records.
var defaultFields = map[string]string{
	"matters":  "id,display_number,description,status,client{name}",
	"contacts": "id,name,type,primary_email_address",
}

// checkpoint is the cursor file: which list it belongs to, where to
// continue, and how much of the output holds complete pages. The list's
// name, path, filters and fields are stored beside the cursor so a rerun
// with other flags, or a cursor edited to point elsewhere, is refused
// rather than followed into the wrong output.
type checkpoint struct {
	Resource string `json:"resource"` // the job's label: "notes type=Matter"
	Path     string `json:"path"`     // the list's path: "notes.json"
	Params   string `json:"params"`   // its filters (-where and required), URL-encoded in key order
	Format   string `json:"format"`
	Fields   string `json:"fields"`
	Cursor   string `json:"cursor"`  // where the pager stands (a URL that carries no token)
	Offset   int64  `json:"offset"`  // output bytes written up to the end of the last saved page
	Records  int64  `json:"records"` // records in those bytes
}

func main() { exampleenv.Main("export", start) }

// start is main without the exit: flags, the connection, then the run.
func start(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return exampleenv.ErrUsage
	}
	env, err := exampleenv.Connect(stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	return run(ctx, env.Client, cfg, stdout, stderr)
}

// whereFlag collects -where key=value filters.
type whereFlag struct{ v url.Values }

func (w whereFlag) String() string { return w.v.Encode() }
func (w whereFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want key=value, got %q", s)
	}
	w.v.Add(k, v)
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{Where: url.Values{}}
	fset := flag.NewFlagSet("export", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&cfg.Resource, "resource", "matters", `what to export: a list such as matters, contacts, activities, bills, tasks (see -resource list), or "all" (one file per list, into the -out directory)`)
	fset.StringVar(&cfg.Format, "format", "jsonl", "output format: jsonl or csv")
	fset.StringVar(&cfg.Fields, "fields", "", "fields to export, Clio syntax (default for matters: "+defaultFields["matters"]+"; for contacts: "+defaultFields["contacts"]+"; else the SDK's default fields of the records)")
	fset.StringVar(&cfg.Out, "out", "", "output file (default stdout); with -resource all, a directory, and resuming is automatic")
	fset.StringVar(&cfg.CursorFile, "cursor-file", "", "save progress here after every page and resume from it (needs -out)")
	fset.IntVar(&cfg.PageSize, "page-size", clio.DefaultPageSize, "records per request, 1-200")
	fset.DurationVar(&cfg.Progress, "progress", time.Second, "how often to update the progress line on stderr (0: only the final line)")
	fset.Var(whereFlag{cfg.Where}, "where", "a list filter, key=value (repeatable), e.g. -where type=Matter for notes")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "usage: export [flags]\n\nStreams every record of a resource, or of all of them, to JSON Lines or CSV (the embedded fake Clio without CLIO_* credentials).")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case fset.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", fset.Args())
	case cfg.Resource == "list":
		fmt.Fprintln(stderr, strings.Join(names(resources()), "\n"))
		return cfg, flag.ErrHelp
	case cfg.Resource != "all" && resources()[cfg.Resource].Path == "":
		return cfg, fmt.Errorf("-resource %q: no such list (see -resource list)", cfg.Resource)
	case cfg.Format != "jsonl" && cfg.Format != "csv":
		return cfg, fmt.Errorf("-format %q: want jsonl or csv", cfg.Format)
	case cfg.PageSize < 1 || cfg.PageSize > 200:
		return cfg, fmt.Errorf("-page-size %d: want 1 to 200", cfg.PageSize)
	case cfg.CursorFile != "" && cfg.Out == "":
		return cfg, errors.New("-cursor-file needs -out: resuming must cut the output back to the last saved page")
	case cfg.Resource == "all" && (cfg.Out == "" || cfg.Fields != "" || cfg.CursorFile != "" || len(cfg.Where) > 0):
		return cfg, errors.New("-resource all needs -out <directory>, takes no -fields or -where (each list is exported whole), and keeps its own cursor files there")
	}
	if cfg.Resource != "all" {
		if _, err := fieldsFor(cfg.Resource, cfg.Fields); err != nil {
			return cfg, fmt.Errorf("-fields: %w", err)
		}
	}
	return cfg, nil
}

// fieldsFor returns the selection for a resource, checked against its
// catalog, with its text as the checkpoint records it.
func fieldsFor(name, text string) (clio.FieldSet, error) {
	r := resources()[name]
	if text == "" {
		text = defaultFields[name]
	}
	if text == "" {
		return clio.DefaultFields(r.Record), nil
	}
	fs, err := clio.ParseFields(text)
	if err != nil {
		return fs, err
	}
	return fs, fs.Validate(r.Record)
}

// run exports one resource, or all of them.
func run(ctx context.Context, c *clio.Client, cfg config, stdout, stderr io.Writer) error {
	if cfg.Resource == "all" {
		return exportAll(ctx, c, cfg, stderr)
	}
	jobs, err := jobsFor(resources()[cfg.Resource], cfg.Where)
	if err != nil {
		return err
	}
	if len(jobs) > 1 {
		return fmt.Errorf("%s needs one value of each required filter: pass -where (e.g. -where %s)", cfg.Resource, strings.TrimPrefix(jobs[0].label(), jobs[0].Name+" "))
	}
	fields, _ := fieldsFor(cfg.Resource, cfg.Fields)
	return exportJob(ctx, c, jobs[0], output{format: cfg.Format, fields: fields, path: cfg.Out, cursorFile: cfg.CursorFile,
		pageSize: cfg.PageSize, progress: cfg.Progress}, stdout, stderr)
}

// output is where and how one job is written.
type output struct {
	format     string
	fields     clio.FieldSet
	path       string // "" for stdout
	cursorFile string // "" for not resumable
	pageSize   int
	progress   time.Duration
}

// exportJob exports one list, resuming from o.cursorFile when it exists.
// Secret-bearing fields are left out of the selection and out of every
// record, and named on stderr.
func exportJob(ctx context.Context, c *clio.Client, j job, o output, stdout, stderr io.Writer) error {
	fields, dropped := withoutSecrets(o.fields)
	if len(dropped) > 0 {
		fmt.Fprintf(stderr, "%s: left out secret-bearing fields: %s\n", j.label(), strings.Join(dropped, ", "))
	}
	cp := checkpoint{Resource: j.label(), Path: j.Path, Params: j.where.Encode(), Format: o.format, Fields: fields.String()}
	resumed := false
	if o.cursorFile != "" {
		b, err := os.ReadFile(o.cursorFile)
		switch {
		case err == nil:
			var saved checkpoint
			if err := json.Unmarshal(b, &saved); err != nil {
				return fmt.Errorf("reading %s: %w", o.cursorFile, err)
			}
			if saved.Resource != cp.Resource || saved.Path != cp.Path || saved.Params != cp.Params ||
				saved.Format != cp.Format || saved.Fields != cp.Fields {
				return fmt.Errorf("%s is for -resource %s (%s) with filters on %s, -format %s -fields %s: use the same flags, or delete it to start over",
					o.cursorFile, saved.Resource, saved.Path, paramNames(saved.Params), saved.Format, saved.Fields)
			}
			if err := cursorBelongs(c.BaseURL(), j, fields, saved.Cursor); err != nil {
				return fmt.Errorf("%s: its cursor %w; delete it to start over", o.cursorFile, err)
			}
			cp, resumed = saved, true
			fmt.Fprintf(stderr, "Resuming %s after %d records from %s.\n", j.label(), cp.Records, o.cursorFile)
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}

	// The output: stdout, a new file, or the old file cut back to the last
	// complete page.
	out, file := stdout, (*os.File)(nil)
	if o.path != "" {
		var err error
		if file, err = openOutput(o.path, resumed, cp.Offset); err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	w := newWriter(out, o.format, columns(fields))
	if !resumed {
		if err := w.header(); err != nil {
			return err
		}
	}

	prog := &progress{w: stderr, every: o.progress, noun: j.label(), start: time.Now(), base: cp.Records}
	// save runs after each page but the last: everything written so far
	// reaches the file before the cursor that points past it is saved.
	save := func(cursor string) error {
		if err := w.flush(); err != nil {
			return err
		}
		// A next link that leaves the list is neither followed (its records
		// would land in this list's output) nor saved (a rerun would refuse
		// it); the checkpoint before it stays good to resume from.
		if err := cursorBelongs(c.BaseURL(), j, fields, cursor); err != nil {
			return fmt.Errorf("the link to the next page %w", err)
		}
		if o.cursorFile == "" {
			return nil
		}
		if err := file.Sync(); err != nil {
			return err
		}
		off, err := file.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		cp.Cursor, cp.Offset, cp.Records = cursor, off, prog.base+prog.n
		return writeAtomic(o.cursorFile, cp)
	}

	// Records come as Clio sends them (json.RawMessage), so the output
	// holds exactly the chosen fields, zero values included.
	pageSize := o.pageSize
	if j.MaxPage > 0 {
		pageSize = min(pageSize, j.MaxPage) // billable_clients takes 25 at most
	}
	query := url.Values{"limit": {strconv.Itoa(pageSize)}}
	for k, vs := range j.where {
		query[k] = vs
	}
	p := clio.List[json.RawMessage](c, j.Path, j.Record, query, fields).Resume(cp.Cursor)
	err := export(ctx, p, w, prog, save)
	if ferr := w.flush(); err == nil {
		err = ferr
	}
	prog.finish(err)
	if len(w.scrubbed) > 0 {
		slices.Sort(w.scrubbed)
		fmt.Fprintf(stderr, "%s: removed secret-bearing fields the server sent unasked: %s\n", j.label(), strings.Join(w.scrubbed, ", "))
	}
	if err != nil {
		if o.cursorFile != "" && !notServed(err) {
			return fmt.Errorf("%w (run again with the same flags to resume)", err)
		}
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
	}
	if o.cursorFile != "" {
		if err := os.Remove(o.cursorFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
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

// cursorBelongs checks that a cursor (saved, or about to be) continues j's
// list: it must be a page of the list's own path on the API, and any
// fields, filter or order it carries must be the job's. The page_token
// itself is opaque (Clio's next links may carry the filters only inside
// it), which is why the checkpoint also stores the list and its
// parameters. Errors read after "its cursor" and name the path and the
// parameters' names, never their values.
func cursorBelongs(base string, j job, fields clio.FieldSet, cursor string) error {
	if cursor == "" {
		return nil
	}
	u, err := url.Parse(cursor)
	if err != nil {
		return errors.New("is not a URL")
	}
	api, err := url.Parse(base)
	if err != nil {
		return err
	}
	want := api.JoinPath(j.Path)
	if !u.IsAbs() {
		u = api.JoinPath("/").ResolveReference(u) // as the SDK reads a relative link
	}
	if u.Scheme != want.Scheme || !strings.EqualFold(u.Host, want.Host) || u.Path != want.Path {
		return fmt.Errorf("points at %s, not at the %s list", (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String(), j.Name)
	}
	var other []string
	for k, vs := range u.Query() {
		switch k {
		case "page_token", "limit": // the position and the page size: neither picks other records
		case "order":
			if len(vs) != 1 || vs[0] != "id(asc)" {
				other = append(other, k)
			}
		case "fields":
			if got, err := clio.ParseFields(strings.Join(vs, ",")); err != nil || !sameFields(got, fields) {
				other = append(other, k)
			}
		default:
			if !slices.Equal(vs, j.where[k]) {
				other = append(other, k)
			}
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		return fmt.Errorf("is for the %s list with other parameters (%s)", j.Name, strings.Join(other, ", "))
	}
	return nil
}

// paramNames lists the names of URL-encoded filters, "none" for none.
// Their values (a name searched for, an email) stay out of messages.
func paramNames(encoded string) string {
	q, err := url.ParseQuery(encoded)
	if err != nil || len(q) == 0 {
		return "none"
	}
	names := slices.Sorted(maps.Keys(q))
	return strings.Join(names, ", ")
}

// sameFields reports whether two selections name the same fields, in any
// order; id and etag, which every request carries (where the record has
// them), do not count.
func sameFields(a, b clio.FieldSet) bool {
	set := func(fs clio.FieldSet) []string {
		p, _ := clio.ParseFields(fs.String())
		var out []string
		for _, e := range p.Entries() {
			if e != "id" && e != "etag" {
				out = append(out, string(e))
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(set(a), set(b))
}
