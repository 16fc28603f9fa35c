package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleRows is how many entries testdata/sample.csv holds.
const sampleRows = 8

func fake(t *testing.T, opts ...clio.Option) (*cliotest.Server, *clio.Client) {
	t.Helper()
	srv := cliotest.NewServer(t)
	fast := clio.WithRetryPolicy(clio.RetryPolicy{BaseWait: time.Millisecond, MaxWait: 5 * time.Millisecond})
	c, err := srv.Client(append([]clio.Option{fast}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

func importFile(t *testing.T, ctx context.Context, c *clio.Client, file string) (summary, string, error) {
	t.Helper()
	var log bytes.Buffer
	s, err := run(ctx, c, config{File: file}, &log)
	return s, log.String(), err
}

// timeEntries returns the time entries the fake holds, by import key.
func timeEntries(t *testing.T, c *clio.Client) map[string]clio.Activity {
	t.Helper()
	out := map[string]clio.Activity{}
	for a, err := range c.Activities.List(clio.ActivityListParams{Type: clio.ActivityTypeTimeEntry},
		clio.Fields("reference", "date", "quantity", "note", "price", "matter{id}", "user{id}")).All(context.Background()) {
		require.NoError(t, err)
		_, dup := out[a.Reference]
		require.False(t, dup, "entry %q is in Clio twice", a.Reference)
		out[a.Reference] = a
	}
	return out
}

// byNote indexes entries by their note (the sample's notes are distinct).
func byNote(entries map[string]clio.Activity) map[string]clio.Activity {
	out := map[string]clio.Activity{}
	for _, a := range entries {
		out[a.Note] = a
	}
	return out
}

// writes counts the POSTs to activities.json in the fake's log.
func writes(srv *cliotest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && r.Path == "/api/v4/activities.json" && r.Status == http.StatusCreated {
			n++
		}
	}
	return n
}

func TestImportsTheSampleThenASecondRunCreatesNothing(t *testing.T) {
	srv, c := fake(t)
	s, _, err := importFile(t, context.Background(), c, "")
	require.NoError(t, err)
	assert.Equal(t, summary{Created: sampleRows}, s)
	// Requests: one users list, one lookup per distinct matter (3), one
	// read of what is imported per timekeeper (3), one write per entry.
	assert.Equal(t, 1+3+3+sampleRows, len(srv.Requests()))

	got := byNote(timeEntries(t, c))
	require.Len(t, got, sampleRows)
	first := got["Reviewed police report and photos"]
	assert.Equal(t, clio.NewDate(2026, 11, 2), first.Date)
	assert.Equal(t, 5400.0, first.Quantity, "1.5 hours, in seconds")
	assert.Equal(t, srv.Demo().JaneDoeMatterID, first.Matter.ID)
	assert.Equal(t, srv.Demo().AttorneyID, first.User.ID)
	assert.True(t, strings.HasPrefix(first.Reference, keyPrefix), first.Reference)
	site := got["Site visit at the warehouse"]
	assert.True(t, clio.MustDecimal("400").Equal(site.Price), "the rate column: %s", site.Price)

	srv.ResetLog()
	s, _, err = importFile(t, context.Background(), c, "")
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: sampleRows}, s)
	assert.Zero(t, writes(srv), "a second run writes nothing")
	assert.Len(t, timeEntries(t, c), sampleRows)
}

func TestABadRowChangesNothing(t *testing.T) {
	for name, sheet := range map[string]string{
		"form":           "date,matter,user,hours,description\n2026-11-02,00001-Doe,Daniel Kim,1,Call\n2026-11-31,00001-Doe,Daniel Kim,1,Call\n",
		"unknown matter": "date,matter,user,hours,description\n2026-11-02,00001-Doe,Daniel Kim,1,Call\n2026-11-03,99999-Nobody,Daniel Kim,1,Call\n",
		"unknown user":   "date,matter,user,hours,description\n2026-11-02,00001-Doe,Daniel Kim,1,Call\n2026-11-03,00001-Doe,Nobody Atall,1,Call\n",
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := fake(t)
			file := filepath.Join(t.TempDir(), "sheet.csv")
			require.NoError(t, os.WriteFile(file, []byte(sheet), 0o600))
			s, _, err := importFile(t, context.Background(), c, file)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "line 3:", "the bad row is named by its line")
			assert.NotContains(t, err.Error(), "line 2:")
			assert.Contains(t, err.Error(), "nothing was imported")
			assert.Equal(t, summary{}, s)
			for _, r := range srv.Requests() {
				assert.Equal(t, http.MethodGet, r.Method, "no write reached Clio: %s %s", r.Method, r.Path)
			}
		})
	}
}

// A run interrupted half-way: the fifth write reaches Clio but its answer
// is lost (outcome unknown, so not resent), and the run is stopped at the
// sixth, as an operator's Ctrl-C would. Running again ends with each entry
// in Clio exactly once.
func TestAnInterruptedRunResumesWithEachEntryOnce(t *testing.T) {
	srv, c := fake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	posts := 0
	flaky := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost {
			posts++
			switch posts {
			case 5:
				resp, err := srv.HTTPClient().Do(r) // applied by Clio...
				if err == nil {
					resp.Body.Close()
				}
				return nil, io.ErrUnexpectedEOF // ...but the answer never arrives
			case 6:
				cancel()
				return nil, context.Canceled
			}
		}
		return srv.HTTPClient().Do(r)
	})}
	c1, err := srv.Client(clio.WithHTTPClient(flaky))
	require.NoError(t, err)
	s, _, err := importFile(t, ctx, c1, "")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, summary{Created: 4, Unknown: 1}, s)
	assert.Len(t, timeEntries(t, c), 5, "the lost write was applied")

	srv.ResetLog()
	s, _, err = importFile(t, context.Background(), c, "")
	require.NoError(t, err)
	assert.Equal(t, summary{Created: 3, Skipped: 5}, s)
	assert.Equal(t, 3, writes(srv))
	assert.Len(t, timeEntries(t, c), sampleRows, "each entry exactly once")
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestStartOnTheFakePrintsTheSummary(t *testing.T) {
	clearClioEnv(t)
	var stdout, stderr bytes.Buffer
	require.NoError(t, start(context.Background(), nil, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "created 8, skipped 0 (imported before), failed 0, unknown 0; requests sent: 15")
	assert.Contains(t, stderr.String(), "embedded fake")
}

func TestALongSheetShowsProgressAndPagesItsReads(t *testing.T) {
	srv, c := fake(t)
	var sheet strings.Builder
	sheet.WriteString("date,matter,user,hours,description\n")
	const n = 250
	for i := range n {
		fmt.Fprintf(&sheet, "2026-11-%02d,00001-Doe,Daniel Kim,0.1,Task %d\n", 1+i%28, i)
	}
	file := filepath.Join(t.TempDir(), "long.csv")
	require.NoError(t, os.WriteFile(file, []byte(sheet.String()), 0o600))
	var log bytes.Buffer
	s, err := run(context.Background(), c, config{File: file, Progress: time.Nanosecond}, &log)
	require.NoError(t, err)
	assert.Equal(t, summary{Created: n}, s)
	assert.Contains(t, log.String(), fmt.Sprintf("249/%d entries: 249 created", n))
	assert.Equal(t, 1+1+1+n, len(srv.Requests()), "users, one matter, one timekeeper, one write each")

	// The rerun reads 250 imported entries: two pages for one timekeeper.
	srv.ResetLog()
	s, err = run(context.Background(), c, config{File: file}, &log)
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: n}, s)
	assert.Equal(t, 1+1+2, len(srv.Requests()))
}

// clearClioEnv unsets every CLIO_* variable for the test, so a developer's
// shell cannot send it to a real firm.
func clearClioEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "CLIO_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}

func TestAgainstARealFirmTheSheetMustBeNamed(t *testing.T) {
	clearClioEnv(t)
	srv := cliotest.NewServer(t)
	t.Setenv("CLIO_BASE_URL", srv.BaseURL())
	t.Setenv("CLIO_ACCESS_TOKEN", srv.IssueToken().AccessToken)
	var stdout, stderr bytes.Buffer
	err := start(context.Background(), []string{"-yes"}, nil, &stdout, &stderr)
	require.ErrorContains(t, err, "-file is required against a real firm")
	assert.Empty(t, srv.Requests(), "nothing sent")
}

func TestTinyHoursAndAZeroRateAreRefused(t *testing.T) {
	_, err := readSheet(strings.NewReader("date,matter,user,hours,description,rate\n2026-11-02,M,U,0.0001,D,\n2026-11-02,M,U,1,D,0\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2: hours: less than a second")
	assert.Contains(t, err.Error(), "line 3: rate:")
}
