package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t *testing.T, args ...string) config {
	t.Helper()
	cfg, err := parseFlags(args, &bytes.Buffer{})
	require.NoError(t, err)
	return cfg
}

// jsonIDs decodes JSON Lines and returns the ids in order, checking that
// every line has exactly the wanted keys and the etag Clio always sends.
func jsonIDs(t *testing.T, b []byte, keys ...string) []int64 {
	t.Helper()
	var ids []int64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), "line %q", sc.Text())
		for _, k := range keys {
			require.Contains(t, rec, k)
		}
		require.Contains(t, rec, "etag")
		require.Len(t, rec, len(keys)+1)
		ids = append(ids, int64(rec["id"].(float64)))
	}
	require.NoError(t, sc.Err())
	return ids
}

func TestExportJSONLines(t *testing.T) {
	srv := cliotest.NewServer(t, cliotest.WithoutDemoData())
	want := srv.AddMatters(450)
	c, err := srv.Client()
	require.NoError(t, err)

	var out, errOut bytes.Buffer
	cfg := mustParse(t, "-fields", "id,display_number,status,client{name}")
	require.NoError(t, run(context.Background(), c, cfg, &out, &errOut))

	assert.Equal(t, want, jsonIDs(t, out.Bytes(), "id", "display_number", "status", "client"),
		"every id once, in ascending order")
	first := strings.SplitN(out.String(), "\n", 2)[0]
	var rec struct {
		DisplayNumber string `json:"display_number"`
		Status        string
		Client        map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(first), &rec))
	assert.Equal(t, "00001-Bulk Client", rec.DisplayNumber)
	assert.Equal(t, "Open", rec.Status)
	assert.Equal(t, map[string]any{"name": "Bulk Client"}, rec.Client, "only the chosen association fields")
	assert.Contains(t, errOut.String(), "exported 450 matters")
	assert.Len(t, srv.Requests(), 3, "200 + 200 + 50")
}

func TestExportCSV(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	demo := srv.Demo()

	file := filepath.Join(t.TempDir(), "matters.csv")
	cfg := mustParse(t, "-format", "csv", "-out", file, "-fields", "id,display_number,billable,client{id,name}")
	require.NoError(t, run(context.Background(), c, cfg, &bytes.Buffer{}, &bytes.Buffer{}))

	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4, "a header and the three demo matters")
	assert.Equal(t, []string{"id", "display_number", "billable", "client.id", "client.name"}, rows[0])
	assert.Equal(t, []string{jsonInt(demo.JaneDoeMatterID), "00001-Doe", "true", jsonInt(demo.JaneDoeID), "Jane Doe"}, rows[1])
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// parseFlags takes no client: bad fields fail before anything can be sent.
func TestBadFieldsFailBeforeAnyRequest(t *testing.T) {
	for _, fields := range []string{"id,bogus", "client{bogus}", "client{name{first}}", "status{id}"} {
		_, err := parseFlags([]string{"-fields", fields}, &bytes.Buffer{})
		assert.ErrorContains(t, err, "-fields", fields)
	}
	_, err := parseFlags([]string{"-fields", "id,bogus"}, &bytes.Buffer{})
	assert.EqualError(t, err, `-fields: clio: invalid field "bogus" for Matter: Matter has no field "bogus"`)
	_, err = parseFlags([]string{"-resource", "contacts", "-fields", "display_number"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, `Contact has no field "display_number"`)
}

// failAfter injects a lasting 500 on a list (the matters list unless path
// says another) once n pages have been served, so an export dies midway.
type failAfter struct {
	base  http.RoundTripper
	srv   *cliotest.Server
	n     int64
	path  string // "" for "/api/v4/matters"
	pages atomic.Int64
}

func (f *failAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	path := cmp.Or(f.path, "/api/v4/matters")
	resp, err := f.base.RoundTrip(r)
	if err == nil && r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, path) && f.pages.Add(1) == f.n {
		f.srv.Inject(cliotest.Fault{Method: http.MethodGet, Path: path, Status: http.StatusInternalServerError})
	}
	return resp, err
}

// failingExport sets up an export of 450 matters in pages of 50 whose API
// fails for good on page 4 until srv.ClearFaults.
func failingExport(t *testing.T) (srv *cliotest.Server, c *clio.Client, cfg config, want []int64, out, cursor string) {
	t.Helper()
	srv = cliotest.NewServer(t, cliotest.WithoutDemoData())
	want = srv.AddMatters(450)
	hc := *srv.HTTPClient()
	if hc.Transport == nil {
		hc.Transport = http.DefaultTransport
	}
	hc.Transport = &failAfter{base: hc.Transport, srv: srv, n: 3}
	fast := clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 3, BaseWait: time.Millisecond, MaxWait: 5 * time.Millisecond})
	c, err := srv.Client(clio.WithHTTPClient(&hc), fast)
	require.NoError(t, err)
	dir := t.TempDir()
	out, cursor = filepath.Join(dir, "matters.jsonl"), filepath.Join(dir, "matters.cursor")
	cfg = mustParse(t, "-out", out, "-cursor-file", cursor, "-page-size", "50")
	return srv, c, cfg, want, out, cursor
}

func TestExportResumesExactly(t *testing.T) {
	srv, c, cfg, want, out, cursor := failingExport(t)

	// Run 1 dies on page 4 after every retry.
	var errOut bytes.Buffer
	err := run(context.Background(), c, cfg, &bytes.Buffer{}, &errOut)
	require.ErrorIs(t, err, clio.ErrServer)
	assert.Contains(t, err.Error(), "run again")
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want[:150], jsonIDs(t, b, "id", "display_number", "description", "status", "client"))
	var cp checkpoint
	raw, err := os.ReadFile(cursor)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &cp))
	assert.Equal(t, int64(150), cp.Records)
	assert.Equal(t, int64(len(b)), cp.Offset)
	assert.Contains(t, cp.Cursor, "page_token")

	// A crash after writing part of a page but before its checkpoint leaves
	// bytes past the saved offset; the resume must cut them off.
	f, err := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"id":999999,"display_number":"half a pa`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	// Run 2, with the API healthy again, continues from the cursor.
	srv.ClearFaults()
	srv.ResetLog()
	errOut.Reset()
	require.NoError(t, run(context.Background(), c, cfg, &bytes.Buffer{}, &errOut))
	assert.Contains(t, errOut.String(), "Resuming matters after 150 records")
	assert.Contains(t, errOut.String(), "exported 450 matters (300 this run)")
	b, err = os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want, jsonIDs(t, b, "id", "display_number", "description", "status", "client"),
		"every id exactly once across both runs")
	assert.Len(t, srv.Requests(), 6, "run 2 fetched only pages 4 to 9")
	assert.NoFileExists(t, cursor, "the cursor file is removed when the export completes")
}

func TestResumeRefusesDifferentFlags(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	dir := t.TempDir()
	out, cursor := filepath.Join(dir, "out.csv"), filepath.Join(dir, "cursor")
	require.NoError(t, os.WriteFile(out, nil, 0o600))
	require.NoError(t, writeAtomic(cursor, checkpoint{Resource: "matters", Format: "jsonl", Fields: defaultFields["matters"]}))

	cfg := mustParse(t, "-format", "csv", "-out", out, "-cursor-file", cursor)
	err = run(context.Background(), c, cfg, &bytes.Buffer{}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "use the same flags")
	assert.Empty(t, srv.Requests())
}

func TestFlags(t *testing.T) {
	var usage bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &usage)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, usage.String(), "-cursor-file")

	_, err = parseFlags([]string{"-cursor-file", "x"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "needs -out")
	_, err = parseFlags([]string{"-format", "xml"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "want jsonl or csv")

	fs, err := fieldsFor("contacts", "")
	require.NoError(t, err)
	assert.Equal(t, []clio.Field{"id", "name", "type", "primary_email_address"}, fs.Entries(), "the example's own default")
	fs, err = fieldsFor("activities", "")
	require.NoError(t, err)
	assert.Equal(t, clio.DefaultFields("Activity").String(), fs.String(), "else the SDK's default for the records")

	_, err = parseFlags([]string{"-resource", "nonsense"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "no such list")
	_, err = parseFlags([]string{"-resource", "all"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "needs -out <directory>")
	_, err = parseFlags([]string{"-resource", "all", "-out", t.TempDir(), "-where", "matter_id=1"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "no -fields or -where", "a filter would leave records out of lists marked done")
	_, err = parseFlags([]string{"-resource", "activities", "-fields", "nonsense"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "nonsense")
	var list bytes.Buffer
	_, err = parseFlags([]string{"-resource", "list"}, &list)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, list.String(), "activities\n")
	assert.Contains(t, list.String(), "court_rules/jurisdictions\n")
}

func TestJobsForRequiredFilters(t *testing.T) {
	rs := resources()
	jobs, err := jobsFor(rs["notes"], url.Values{})
	require.NoError(t, err)
	require.Len(t, jobs, 2, "one per note type")
	assert.Equal(t, "notes type=Matter", jobs[0].label())
	assert.Equal(t, "notes.type-Matter.jsonl", jobs[0].fileName("jsonl"))
	jobs, err = jobsFor(rs["notes"], url.Values{"type": {"Contact"}})
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	_, err = jobsFor(rs["conversation_messages"], url.Values{})
	assert.ErrorContains(t, err, "needs -where conversation_id=")
}

// A saved cursor Clio no longer accepts (400 on its page_token) does not
// strand the export: the pager restarts the list and skips what was
// exported, so every record still ends up in the file once.
func TestExportResumesPastAnExpiredCursor(t *testing.T) {
	srv, c, cfg, want, out, cursor := failingExport(t)
	require.Error(t, run(context.Background(), c, cfg, &bytes.Buffer{}, &bytes.Buffer{}))

	// The cursor expires while the export is stopped.
	var cp checkpoint
	raw, err := os.ReadFile(cursor)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &cp))
	u, err := url.Parse(cp.Cursor)
	require.NoError(t, err)
	q := u.Query()
	require.NotEmpty(t, q.Get("page_token"))
	q.Set("page_token", "expired!")
	u.RawQuery = q.Encode()
	cp.Cursor = u.String()
	require.NoError(t, writeAtomic(cursor, cp))

	srv.ClearFaults()
	require.NoError(t, run(context.Background(), c, cfg, &bytes.Buffer{}, &bytes.Buffer{}))
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, want, jsonIDs(t, b, "id", "display_number", "description", "status", "client"), "every id exactly once")
}

// seedSome gives the fake records in a few more resources than the demo
// firm has, so an all-export has something in each family.
func seedSome(t *testing.T, srv *cliotest.Server) {
	t.Helper()
	d := srv.Demo()
	for i := range 30 {
		_, err := srv.SeedJSON("Activity", fmt.Sprintf(`{"type":"TimeEntry","date":"2026-11-%02d","quantity":%d,"matter":{"id":%d},"note":"entry %d"}`, 1+i%28, 600*(i+1), d.JaneDoeMatterID, i))
		require.NoError(t, err)
	}
	for i := range 3 {
		_, err := srv.SeedJSON("Task", fmt.Sprintf(`{"name":"task %d","description":"d","assignee":{"id":%d,"type":"User"},"matter":{"id":%d}}`, i, d.AttorneyID, d.JaneDoeMatterID))
		require.NoError(t, err)
	}
	_, err := srv.SeedJSON("Note", fmt.Sprintf(`{"type":"Matter","subject":"s","matter":{"id":%d}}`, d.JaneDoeMatterID))
	require.NoError(t, err)
	_, err = srv.SeedJSON("Note", fmt.Sprintf(`{"type":"Contact","subject":"s","contact":{"id":%d}}`, d.JaneDoeID))
	require.NoError(t, err)
}

// exportedIDs reads every JSONL file of an all-export: ids by file, each
// file's ids checked unique.
func exportedIDs(t *testing.T, dir string) map[string][]int64 {
	t.Helper()
	out := map[string][]int64{}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(f)] = []int64{}
		seen := map[int64]bool{}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var rec struct{ ID int64 }
			require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), "%s: %q", f, sc.Text())
			require.False(t, seen[rec.ID], "%s: id %d written twice", f, rec.ID)
			seen[rec.ID] = true
			out[filepath.Base(f)] = append(out[filepath.Base(f)], rec.ID)
		}
		require.NoError(t, sc.Err())
	}
	return out
}

func TestExportAllWritesEveryListOnce(t *testing.T) {
	srv := cliotest.NewServer(t)
	srv.AddMatters(230) // two pages of matters
	seedSome(t, srv)
	c, err := srv.Client()
	require.NoError(t, err)
	dir := t.TempDir()
	var errOut bytes.Buffer
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0"), &bytes.Buffer{}, &errOut))

	got := exportedIDs(t, dir)
	assert.Len(t, got["matters.jsonl"], 233, "the demo firm's 3 and 230 more")
	assert.Len(t, got["activities.jsonl"], 30)
	assert.Len(t, got["tasks.jsonl"], 3)
	assert.Len(t, got["notes.type-Matter.jsonl"], 1)
	assert.Len(t, got["notes.type-Contact.jsonl"], 1)
	assert.NotEmpty(t, got["users.jsonl"])
	assert.Contains(t, errOut.String(), "skipped conversation_messages (conversation_messages needs -where conversation_id=<value>)")
	lists := 0
	for range resources() {
		lists++
	}
	assert.Greater(t, len(got), lists/2, "most lists are exported (some are skipped, each named)")

	// A rerun skips every list done; only the lists skipped before (not
	// served here) are asked again.
	srv.ResetLog()
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0"), &bytes.Buffer{}, &bytes.Buffer{}))
	for _, r := range srv.Requests() {
		assert.GreaterOrEqual(t, r.Status, 400, "only a list skipped before is asked again: %s", r.Path)
	}
}

// A directory exported as JSON Lines is not taken for done in CSV.
func TestExportAllDoneIsPerFormat(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0"), &bytes.Buffer{}, &bytes.Buffer{}))
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0", "-format", "csv"), &bytes.Buffer{}, &bytes.Buffer{}))
	assert.FileExists(t, filepath.Join(dir, "matters.jsonl"))
	assert.FileExists(t, filepath.Join(dir, "matters.csv"))
}

// Under dropped connections and 429 bursts on the reads, the export
// finishes (rerun after a run that gave up) with every record written once.
func TestExportAllUnderFaults(t *testing.T) {
	srv := cliotest.NewServer(t)
	srv.AddMatters(230)
	seedSome(t, srv)
	clean, err := srv.Client()
	require.NoError(t, err)
	cleanDir := t.TempDir()
	require.NoError(t, run(context.Background(), clean, mustParse(t, "-resource", "all", "-out", cleanDir, "-progress", "0", "-page-size", "50"), &bytes.Buffer{}, &bytes.Buffer{}))
	want := exportedIDs(t, cleanDir)
	drops := srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/", Drop: true, Probability: 0.1, Seed: 7})
	bursts := srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/", Status: 429, Probability: 0.1, Seed: 11})
	fast := clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 2, BaseWait: time.Millisecond, MaxWait: 2 * time.Millisecond})
	c, err := srv.Client(fast)
	require.NoError(t, err)
	dir := t.TempDir()
	runs := 0
	for ; runs < 20; runs++ {
		err = run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0", "-page-size", "50"), &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil {
			break
		}
	}
	require.NoError(t, err, "finished within %d runs", runs)
	assert.Positive(t, drops.Hits(), "connections were dropped")
	assert.Positive(t, bursts.Hits(), "429s were sent")
	assert.Equal(t, want, exportedIDs(t, dir), "every record once, as in the clean run")
}

func TestStartReportsABadFlagAsUsage(t *testing.T) {
	var stderr bytes.Buffer
	err := start(context.Background(), []string{"-format", "xml"}, nil, &bytes.Buffer{}, &stderr)
	require.ErrorIs(t, err, exampleenv.ErrUsage)
	assert.Contains(t, stderr.String(), "export: -format \"xml\": want jsonl or csv")
}
