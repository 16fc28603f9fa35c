package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createWebhook subscribes on the fake (its handshake to a closed port
// fails, which leaves the webhook pending) and returns the webhook with
// the secret Create handed back.
func createWebhook(t *testing.T, c *clio.Client) *clio.Webhook {
	t.Helper()
	hook, err := c.Webhooks.Create(context.Background(), clio.WebhookCreate{
		URL: "http://127.0.0.1:1/hooks", Model: clio.WebhookModelMatter, Fields: clio.Fields("display_number"),
	})
	require.NoError(t, err)
	require.NotEmpty(t, hook.SharedSecret, "Create hands the secret to its caller")
	return hook
}

// filesHolding returns the files under dir whose bytes contain s.
func filesHolding(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte(s)) {
			out = append(out, filepath.Base(path))
		}
		return err
	}))
	return out
}

// No default field set of the SDK asks for a secret, so nothing that walks
// lists with the defaults (clio.List, this export) copies one.
func TestNoDefaultFieldSetAsksForASecret(t *testing.T) {
	for _, op := range clio.Operations() {
		if op.Record == "" {
			continue
		}
		_, dropped := withoutSecrets(clio.DefaultFields(op.Record))
		assert.Empty(t, dropped, "DefaultFields(%q)", op.Record)
	}
}

// Issue 17 item 1: a backup of every list holds no webhook secret.
func TestExportAllLeavesNoWebhookSecret(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	hook := createWebhook(t, c)

	dir := filepath.Join(t.TempDir(), "backup")
	var errOut bytes.Buffer
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", dir, "-progress", "0"), &bytes.Buffer{}, &errOut))
	ids := exportedIDs(t, dir)
	assert.Equal(t, []int64{hook.ID}, ids["webhooks.jsonl"], "the webhook itself is backed up")
	assert.Empty(t, filesHolding(t, dir, hook.SharedSecret), "no file holds the secret")
	assert.NotContains(t, errOut.String(), hook.SharedSecret)
}

// Secret-bearing fields asked for by name are left out of the request and
// the output, and named on stderr.
func TestExportLeavesOutSecretFieldsAndNamesThem(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	hook := createWebhook(t, c)

	dir := t.TempDir()
	for _, format := range []string{"jsonl", "csv"} {
		out := filepath.Join(dir, "webhooks."+format)
		var errOut bytes.Buffer
		srv.ResetLog()
		cfg := mustParse(t, "-resource", "webhooks", "-format", format, "-out", out, "-fields", "url,shared_secret,status")
		require.NoError(t, run(context.Background(), c, cfg, &bytes.Buffer{}, &errOut))
		assert.Empty(t, filesHolding(t, dir, hook.SharedSecret), format)
		assert.Contains(t, errOut.String(), "webhooks: left out secret-bearing fields: shared_secret", format)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Contains(t, string(b), "http://127.0.0.1:1/hooks", "the other fields are kept")
		require.NotEmpty(t, srv.Requests())
		for _, r := range srv.Requests() {
			assert.NotContains(t, r.Query.Get("fields"), "shared_secret", "the secret is not even asked for")
		}
	}

	// Inside an association too: the signed upload URL of a document's
	// latest version.
	fs, dropped := withoutSecrets(clio.Fields("name", clio.Nested("latest_document_version", "uuid", "put_url", "put_headers"), clio.Nested("parent", "multiparts")))
	assert.Equal(t, "id,etag,name,latest_document_version{uuid}", fs.String())
	assert.Equal(t, []string{"latest_document_version{put_url,put_headers}", "parent{multiparts}"}, dropped)
	fs, dropped = withoutSecrets(clio.Fields("shared_secret"))
	assert.Equal(t, "id,etag", fs.String(), "not the zero set, which would mean the defaults")
	assert.False(t, fs.IsZero())
	assert.Equal(t, []string{"shared_secret"}, dropped)
	fs, dropped = withoutSecrets(clio.Fields("name", clio.Unchecked("redacted")))
	assert.Empty(t, dropped)
	assert.Equal(t, []clio.Field{"name", "?redacted"}, fs.Entries(), "a set with nothing to leave out is kept as given")
}

// addField rewrites every answer of the API's GET on path so each record
// carries extra, as a server that sends fields unasked would.
type addField struct {
	base  http.RoundTripper
	path  string
	extra string // JSON members, e.g. `"shared_secret":"x",`
}

func (a addField) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.base.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet || r.URL.Path != a.path {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = bytes.ReplaceAll(b, []byte(`"etag":`), []byte(a.extra+`"etag":`))
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// transport returns the fake's HTTP client with rt wrapped around its
// transport.
func transport(srv *cliotest.Server, wrap func(http.RoundTripper) http.RoundTripper) *http.Client {
	hc := *srv.HTTPClient()
	if hc.Transport == nil {
		hc.Transport = http.DefaultTransport
	}
	hc.Transport = wrap(hc.Transport)
	return &hc
}

// A secret the server sends unasked, at any depth, is removed from the
// record before it is written, and named.
func TestExportRemovesSecretsSentUnasked(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	createWebhook(t, c)
	hc := transport(srv, func(rt http.RoundTripper) http.RoundTripper {
		return addField{base: rt, path: "/api/v4/webhooks.json",
			extra: `"shared_secret":"unasked-secret","user":{"id":1,"api_token":"unasked-token"},"notes":[{"put_url":"https://s3.example/unasked-url?X-Amz-Signature=1"}],`}
	})
	leaky, err := srv.Client(clio.WithHTTPClient(hc))
	require.NoError(t, err)

	for _, format := range []string{"jsonl", "csv"} {
		out := filepath.Join(t.TempDir(), "webhooks."+format)
		var errOut bytes.Buffer
		require.NoError(t, run(context.Background(), leaky, mustParse(t, "-resource", "webhooks", "-format", format, "-out", out), &bytes.Buffer{}, &errOut))
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		for _, s := range []string{"unasked-secret", "unasked-token", "unasked-url"} {
			assert.NotContains(t, string(b), s, format)
			assert.NotContains(t, errOut.String(), s, "stderr names fields, never values")
		}
		assert.Contains(t, string(b), "http://127.0.0.1:1/hooks", format)
		assert.Contains(t, errOut.String(), "webhooks: removed secret-bearing fields the server sent unasked: notes.put_url, shared_secret, user.api_token", format)
	}

	// A record without any is written byte for byte as sent.
	raw := json.RawMessage(`{"id":1,"name":"Token & Co <x>","amount":-12.50}`)
	got, removed, err := scrub(raw)
	require.NoError(t, err)
	assert.Equal(t, string(raw), string(got))
	assert.Empty(t, removed)
	got, removed, err = scrub(json.RawMessage(`{"id":1,"name":"A & B","amount":-12.50,"shar\u0065d_secret":"s"}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":1,"name":"A & B","amount":-12.50}`, string(got))
	assert.Contains(t, string(got), `-12.50`, "numbers exactly as sent")
	assert.Equal(t, []string{"shared_secret"}, removed, "an escaped key is caught too")
}

// Issue 17 item 2: a CSV export of a contact named =1+1 opens as text.
func TestCSVNeutralisesFormulas(t *testing.T) {
	srv := cliotest.NewServer(t, cliotest.WithoutDemoData())
	names := []string{"=1+1", `=HYPERLINK("http://evil.example","click")`, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1", "\r=1+1", "-12.50", "O'Brien"}
	for _, n := range names {
		_, err := srv.SeedJSON("Contact", `{"type":"Company","name":`+string(must(json.Marshal(n)))+`}`)
		require.NoError(t, err)
	}
	c, err := srv.Client()
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "contacts.csv")
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "contacts", "-format", "csv", "-fields", "name", "-out", out), &bytes.Buffer{}, &bytes.Buffer{}))
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[1])
	}
	assert.Equal(t, []string{"'=1+1", `'=HYPERLINK("http://evil.example","click")`, "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3",
		"'\t=1+1", "'\r=1+1", "-12.50", "O'Brien"}, got)

	// Numbers stay readable: a JSON number is written as sent, and text that
	// is only a decimal number is not prefixed (it cannot be a formula).
	for in, want := range map[any]string{
		json.Number("-12.50"): "-12.50", json.Number("-1e3"): "-1e3", "-12.50": "-12.50", "+44": "+44", ".5": ".5",
		"-": "'-", "+1 555 0100": "'+1 555 0100", "-1-1": "'-1-1", "-Inf": "'-Inf", "-0x1p-2": "'-0x1p-2",
		"": "", "plain": "plain", " =1+1": " =1+1",
	} {
		assert.Equal(t, want, cell(in), "%q", in)
	}
	assert.Equal(t, `["=1+1","x"]`, cell(pick([]any{map[string]any{"n": "=1+1"}, map[string]any{"n": "x"}}, "n")), "lists are JSON, which starts with [, so never a formula")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// modeOf returns a file's permission bits.
func modeOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Mode().Perm()
}

// Issue 17 item 3: export files are 0600, the backup folder 0700.
func TestExportFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	srv := cliotest.NewServer(t)
	seedSome(t, srv)
	c, err := srv.Client()
	require.NoError(t, err)

	// One list to a file, new or already there with a looser mode.
	dir := t.TempDir()
	out := filepath.Join(dir, "matters.csv")
	require.NoError(t, run(context.Background(), c, mustParse(t, "-format", "csv", "-out", out), &bytes.Buffer{}, &bytes.Buffer{}))
	assert.Equal(t, fs.FileMode(0o600), modeOf(t, out))
	require.NoError(t, os.Chmod(out, 0o644))
	require.NoError(t, run(context.Background(), c, mustParse(t, "-format", "csv", "-out", out), &bytes.Buffer{}, &bytes.Buffer{}))
	assert.Equal(t, fs.FileMode(0o600), modeOf(t, out), "an existing file is made private")

	// Every list into a new folder.
	backup := filepath.Join(dir, "backup")
	var errOut bytes.Buffer
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", backup, "-progress", "0"), &bytes.Buffer{}, &errOut))
	assert.Equal(t, fs.FileMode(0o700), modeOf(t, backup))
	entries, err := os.ReadDir(backup)
	require.NoError(t, err)
	assert.Greater(t, len(entries), 10)
	for _, e := range entries {
		assert.Equal(t, fs.FileMode(0o600), modeOf(t, filepath.Join(backup, e.Name())), e.Name())
	}
	assert.NotContains(t, errOut.String(), "warning")

	// A folder the user made open to others is not changed, but named.
	open := filepath.Join(dir, "open")
	require.NoError(t, os.Mkdir(open, 0o755))
	require.NoError(t, os.Chmod(open, 0o755))
	errOut.Reset()
	require.NoError(t, run(context.Background(), c, mustParse(t, "-resource", "all", "-out", open, "-progress", "0"), &bytes.Buffer{}, &errOut))
	assert.Contains(t, errOut.String(), "warning: "+open+" is open to other users (mode 0755)")
}

// foreignNext gives the first page of one list a next link to another
// host (which the SDK refuses to send the token to), or to next.
type foreignNext struct {
	base http.RoundTripper
	path string
	next string // "" for https://evil.example + path
	hits atomic.Int64
}

func (f *foreignNext) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f.base.RoundTrip(r)
	if err != nil || r.Method != http.MethodGet || r.URL.Path != f.path || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	f.hits.Add(1)
	var page map[string]any
	err = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	page["meta"] = map[string]any{"paging": map[string]any{"next": cmp.Or(f.next, "https://evil.example"+f.path+"?page_token=stolen")}}
	b, _ := json.Marshal(page)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// Issue 17 item 4: a list that fails does not end the backup. The others
// are written, the failure is named with its reason, the run ends in an
// error (a non-zero exit), and a rerun asks again for the failed list only.
func TestExportAllGoesOnPastAFailedList(t *testing.T) {
	srv := cliotest.NewServer(t)
	seedSome(t, srv)
	fn := &foreignNext{path: "/api/v4/activities.json"}
	bad, err := srv.Client(clio.WithHTTPClient(transport(srv, func(rt http.RoundTripper) http.RoundTripper { fn.base = rt; return fn })))
	require.NoError(t, err)
	dir := t.TempDir()
	cfg := mustParse(t, "-resource", "all", "-out", dir, "-progress", "0")

	var errOut bytes.Buffer
	err = run(context.Background(), bad, cfg, &bytes.Buffer{}, &errOut)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1 of the lists failed")
	assert.Contains(t, errOut.String(), "failed activities (the link to the next page points at https://evil.example/api/v4/activities.json, not at the activities list")
	assert.NotContains(t, errOut.String(), "stolen", "no query values in messages")
	assert.Positive(t, fn.hits.Load())
	got := exportedIDs(t, dir)
	assert.Len(t, got["matters.jsonl"], 3, "lists after the failed one are written")
	assert.NotEmpty(t, got["users.jsonl"])
	assert.Len(t, got["tasks.jsonl"], 3)
	done, err := readDone(filepath.Join(dir, doneFile))
	require.NoError(t, err)
	assert.True(t, done["jsonl matters"])
	assert.False(t, done["jsonl activities"])

	// The rerun, with the API sane again, asks for activities and for the
	// lists skipped before (not served here), nothing else.
	good, err := srv.Client()
	require.NoError(t, err)
	srv.ResetLog()
	errOut.Reset()
	require.NoError(t, run(context.Background(), good, cfg, &bytes.Buffer{}, &errOut), errOut.String())
	asked := 0
	for _, r := range srv.Requests() {
		if r.Path == "/api/v4/activities.json" {
			asked++
			continue
		}
		assert.GreaterOrEqual(t, r.Status, 400, "only the failed list and those skipped before are asked again: %s", r.Path)
	}
	assert.Positive(t, asked)
	assert.Len(t, exportedIDs(t, dir)["activities.jsonl"], 30, "every activity once")
}

// A next link to another list on the API is not followed: its records
// would land in this list's file.
func TestExportRefusesANextLinkToAnotherList(t *testing.T) {
	srv := cliotest.NewServer(t)
	seedSome(t, srv)
	fn := &foreignNext{path: "/api/v4/activities.json", next: srv.BaseURL() + "/contacts.json?page_token=x"}
	c, err := srv.Client(clio.WithHTTPClient(transport(srv, func(rt http.RoundTripper) http.RoundTripper { fn.base = rt; return fn })))
	require.NoError(t, err)
	srv.ResetLog()
	var out bytes.Buffer
	err = run(context.Background(), c, mustParse(t, "-resource", "activities", "-progress", "0"), &out, &bytes.Buffer{})
	require.ErrorContains(t, err, "the link to the next page points at "+srv.BaseURL()+"/contacts.json, not at the activities list")
	for _, r := range srv.Requests() {
		assert.Equal(t, "/api/v4/activities.json", r.Path, "contacts are never asked for")
	}
	assert.Equal(t, 30, strings.Count(out.String(), "\n"), "the activities before the link are written")
}

// A run interrupted for good (Ctrl-C) stops at once instead of failing
// every later list.
func TestExportAllStopsWhenInterrupted(t *testing.T) {
	srv := cliotest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errOut bytes.Buffer
	err = run(ctx, c, mustParse(t, "-resource", "all", "-out", t.TempDir(), "-progress", "0"), &bytes.Buffer{}, &errOut)
	require.ErrorIs(t, err, context.Canceled)
	assert.Len(t, srv.Requests(), 0)
}

// interrupted runs an export that dies on page 2 of path (pages of 1),
// leaving its cursor file, and returns the flags it ran with.
func interrupted(t *testing.T, srv *cliotest.Server, path string, args ...string) (out, cursor string) {
	t.Helper()
	hc := transport(srv, func(rt http.RoundTripper) http.RoundTripper {
		return &failAfter{base: rt, srv: srv, n: 1, path: path}
	})
	fast := clio.WithRetryPolicy(clio.RetryPolicy{MaxRetries: 1, BaseWait: time.Millisecond, MaxWait: 2 * time.Millisecond})
	c, err := srv.Client(clio.WithHTTPClient(hc), fast)
	require.NoError(t, err)
	dir := t.TempDir()
	out, cursor = filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "out.cursor")
	err = run(context.Background(), c, mustParse(t, append([]string{"-out", out, "-cursor-file", cursor, "-page-size", "1", "-progress", "0"}, args...)...), &bytes.Buffer{}, &bytes.Buffer{})
	require.ErrorIs(t, err, clio.ErrServer)
	require.FileExists(t, cursor)
	srv.ClearFaults()
	return out, cursor
}

// editCursor rewrites the cursor URL saved in a cursor file.
func editCursor(t *testing.T, cursor string, edit func(u *url.URL)) {
	t.Helper()
	var cp checkpoint
	require.NoError(t, json.Unmarshal(must(os.ReadFile(cursor)), &cp))
	u, err := url.Parse(cp.Cursor)
	require.NoError(t, err)
	edit(u)
	cp.Cursor = u.String()
	require.NoError(t, writeAtomic(cursor, cp))
}

// Issue 17 item 5: a cursor file resumes only its own list with its own
// parameters; anything else is refused before a request is sent.
func TestResumeRefusesACursorOfAnotherList(t *testing.T) {
	srv := cliotest.NewServer(t)
	seedSome(t, srv)
	srv.AddContacts(5)
	c, err := srv.Client()
	require.NoError(t, err)
	byMatter := []string{"-resource", "activities", "-where", "matter_id=" + jsonInt(srv.Demo().JaneDoeMatterID)}

	// resume reruns an export with its cursor file, checking that what it
	// asks is refused without a request.
	resume := func(t *testing.T, out, cursor string, args ...string) error {
		t.Helper()
		srv.ResetLog()
		err := run(context.Background(), c, mustParse(t, append([]string{"-out", out, "-cursor-file", cursor}, args...)...), &bytes.Buffer{}, &bytes.Buffer{})
		if err != nil {
			assert.Empty(t, srv.Requests(), "nothing is fetched")
		}
		return err
	}

	t.Run("cursor rewritten to another list", func(t *testing.T) {
		out, cursor := interrupted(t, srv, "/api/v4/matters")
		editCursor(t, cursor, func(u *url.URL) { u.Path = strings.Replace(u.Path, "matters", "contacts", 1) })
		assert.ErrorContains(t, resume(t, out, cursor),
			"its cursor points at "+srv.BaseURL()+"/contacts.json, not at the matters list; delete it to start over")
	})
	t.Run("cursor with other filters", func(t *testing.T) {
		out, cursor := interrupted(t, srv, "/api/v4/activities", byMatter...)
		editCursor(t, cursor, func(u *url.URL) {
			q := u.Query()
			q.Set("matter_id", "999")
			q.Set("user_id", "1")
			u.RawQuery = q.Encode()
		})
		err := resume(t, out, cursor, byMatter...)
		require.ErrorContains(t, err, "its cursor is for the activities list with other parameters (matter_id, user_id)")
		assert.NotContains(t, err.Error(), "=", "names, not values")
	})
	t.Run("cursor with other fields", func(t *testing.T) {
		out, cursor := interrupted(t, srv, "/api/v4/matters")
		editCursor(t, cursor, func(u *url.URL) {
			q := u.Query()
			q.Set("fields", "id,etag,display_number,client{name,primary_email_address}")
			u.RawQuery = q.Encode()
		})
		assert.ErrorContains(t, resume(t, out, cursor), "other parameters (fields)")
	})
	t.Run("rerun with other filters", func(t *testing.T) {
		// The file is bound to the -where it was written with, whether or
		// not the cursor URL shows the filter (Clio's may carry it only in
		// page_token).
		out, cursor := interrupted(t, srv, "/api/v4/activities", byMatter...)
		err := resume(t, out, cursor, "-resource", "activities", "-where", "matter_id=1")
		require.ErrorContains(t, err, "is for -resource activities (activities.json) with filters on matter_id, -format jsonl")
		assert.ErrorContains(t, err, "use the same flags, or delete it to start over")
		assert.NotContains(t, err.Error(), "matter_id=", "filter names, not values")

		// With the same flags it resumes, every record once.
		var errOut bytes.Buffer
		require.NoError(t, run(context.Background(), c, mustParse(t, append([]string{"-out", out, "-cursor-file", cursor, "-page-size", "1"}, byMatter...)...), &bytes.Buffer{}, &errOut))
		assert.Contains(t, errOut.String(), "Resuming activities after 1 records")
		assert.Len(t, exportedIDsOf(t, out), 30)
	})
}

// exportedIDsOf reads one JSON Lines file's ids.
func exportedIDsOf(t *testing.T, path string) []int64 {
	t.Helper()
	var ids []int64
	for line := range strings.SplitSeq(strings.TrimSpace(string(must(os.ReadFile(path)))), "\n") {
		var rec struct{ ID int64 }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		ids = append(ids, rec.ID)
	}
	return ids
}
