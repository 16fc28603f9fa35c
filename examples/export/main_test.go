package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
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

// failAfter injects a lasting 500 on the matters list once n pages have
// been served, so an export dies midway.
type failAfter struct {
	base  http.RoundTripper
	srv   *cliotest.Server
	n     int64
	pages atomic.Int64
}

func (f *failAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f.base.RoundTrip(r)
	if err == nil && r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v4/matters") && f.pages.Add(1) == f.n {
		f.srv.Inject(cliotest.Fault{Method: http.MethodGet, Path: "/api/v4/matters", Status: http.StatusInternalServerError})
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
