package clio_test

// Reliability tests: the SDK against the cliotest fake under injected faults.
// Every verdict is taken from what the server saw (srv.Requests(), the
// fake's stored records) or, for the foreign host, from what that host saw;
// the client's own account of events is only checked against those.
//
//	go test -race -run Reliability -count=1 -v .

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// fastRetries keeps retry waits in milliseconds so that the tests measure
// behaviour, not backoff.
func fastRetries(maxRetries int) clio.Option {
	return clio.WithRetryPolicy(clio.RetryPolicy{
		MaxRetries:    maxRetries,
		BaseWait:      time.Millisecond,
		MaxWait:       10 * time.Millisecond,
		MaxRetryAfter: 2 * time.Second,
	})
}

// idsRegexp matches exactly the record paths /api/v4/<collection>/<id>.json
// of ids.
func idsRegexp(collection string, ids []int64) *regexp.Regexp {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return regexp.MustCompile(`^/api/v4/` + collection + `/(` + strings.Join(parts, "|") + `)\.json$`)
}

// ---------------------------------------------------------------------------
// 1. A 5,000-record export survives dropped connections, 503s and 429s.

func TestReliabilityExportUnderFaults(t *testing.T) {
	const total = 5000
	start := time.Now()
	srv := cliotest.NewServer(t, cliotest.WithoutDemoData())
	want := srv.AddMatters(total)
	require.Len(t, want, total)

	// Every GET of the matters list may fail: first a dropped connection
	// (20%), else a 503 (10%), else a 429 without Retry-After (10%; the
	// fake sends Retry-After only for a positive duration, and 0 keeps the
	// wait at the policy's millisecond backoff). Seeded, and the export is
	// sequential, so every run draws the same faults.
	listPath := "/api/v4/matters.json"
	drops := srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodGet, Path: listPath, Probability: 0.2, Seed: 11, Drop: true})
	unavailable := srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodGet, Path: listPath, Probability: 0.1, Seed: 12, Status: http.StatusServiceUnavailable})
	limited := srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodGet, Path: listPath, Probability: 0.1, Seed: 13, Status: http.StatusTooManyRequests})

	// Few retries on purpose, so that some pages exhaust them and the
	// export must recover the documented way: resume from the cursor.
	client, err := srv.Client(fastRetries(2))
	require.NoError(t, err)
	ctx := context.Background()
	// Pages of 25, so the 5,000 records take 200 pages and a few hundred
	// GETs meet the faults.
	const pageSize = 25
	params := clio.MatterListParams{Limit: pageSize}

	got := make([]int64, 0, total)
	cursor, resumes := "", 0
	for {
		pager := client.Matters.List(params).Resume(cursor)
		var pageErr error
		for m, err := range pager.All(ctx) {
			if err != nil {
				pageErr = err
				break
			}
			got = append(got, m.ID)
		}
		if pageErr == nil {
			break
		}
		// Only the injected, transient failures may surface.
		var reqErr *clio.RequestError
		var apiErr *clio.APIError
		switch {
		case errors.As(pageErr, &reqErr):
			assert.False(t, reqErr.MayHaveApplied, "a GET cannot have applied anything")
		case errors.As(pageErr, &apiErr):
			assert.Contains(t, []int{http.StatusServiceUnavailable, http.StatusTooManyRequests}, apiErr.StatusCode)
		default:
			require.FailNow(t, "unexpected export error", "%v", pageErr)
		}
		resumes++
		require.Less(t, resumes, 200, "the export does not converge")
		cursor = pager.Cursor() // the failed page's URL; "" if the first page failed
	}

	// The records: all of them, each once, in id order.
	require.Len(t, got, total, "records lost or duplicated")
	require.Equal(t, want, got, "every record exactly once, ascending by id")

	// The server's side: faults really were injected...
	var dropped, status503, status429, pagesServed int
	tokens := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Host != cliotest.HostAPI || r.Method != http.MethodGet || r.Path != listPath {
			continue
		}
		switch {
		case r.Fault && r.Dropped:
			dropped++
		case r.Fault && r.Status == http.StatusServiceUnavailable:
			status503++
		case r.Fault && r.Status == http.StatusTooManyRequests:
			status429++
		case !r.Fault && r.Status == http.StatusOK:
			pagesServed++
			tokens[r.Query.Get("page_token")]++
		default:
			t.Errorf("unexpected request in the log: %+v", r)
		}
	}
	assert.Positive(t, dropped, "dropped connections")
	assert.Positive(t, status503, "503s")
	assert.Positive(t, status429, "429s")
	assert.Equal(t, drops.Hits(), dropped)
	assert.Equal(t, unavailable.Hits(), status503)
	assert.Equal(t, limited.Hits(), status429)
	// ...and each of the 200 pages was served successfully exactly once:
	// no page was fetched twice after a resume, none skipped.
	assert.Equal(t, total/pageSize, pagesServed)
	assert.Len(t, tokens, total/pageSize, "distinct pages (first page has no page_token)")
	for tok, n := range tokens {
		assert.Equal(t, 1, n, "page_token %q served %d times", tok, n)
	}
	assert.Positive(t, resumes, "the seeds are chosen so that retries run out and the export resumes from its cursor")
	t.Logf("5000 records; server saw %d drops, %d 503s, %d 429s, %d pages; export resumed %d times; %s",
		dropped, status503, status429, pagesServed, resumes, time.Since(start).Round(time.Millisecond))
}

// ---------------------------------------------------------------------------
// 2. Concurrent writes under faults: an ambiguous write is never resent.

// What is provable, and how.
//
// The fake faults a request either before its handler runs (the write is
// not applied) or, with After, after it ran (the write is applied, then its
// answer is replaced). The request log records a fault but not which kind,
// so each kind is aimed at its own group of matters with a path regexp;
// the group then says whether a faulted PATCH reached the handler. A
// seeded 429 rule, tried first, hits any matter's PATCH at random; the fake
// answers 429 only through that rule (cliotest's default limit is far above what the test sends), and a
// 429 from it never reaches the handler.
//
// Every matter gets one Update from one goroutine, so a matter's PATCHes
// are sequential, and the log (in completion order) holds them in the
// order sent. For every matter the log must then read: zero or more 429s,
// then exactly one final answer, and nothing after it. That is the whole
// no-replay property: after a dropped connection or a 5xx the client cannot
// know whether the write applied, so it must stop; after a 429 it knows
// the write did not apply and may (must, within the policy) send it again.
// It follows that at most one PATCH per matter reached the handler.
//
// What the caller was told is checked against the same log:
//   - final 200: no error, and the server holds the new description;
//   - final drop (before or after the handler): *clio.RequestError with
//     MayHaveApplied true. The client cannot tell a drop before the
//     handler from one after it, so "may" is the most it can say; it must
//     never claim false for a PATCH;
//   - final 5xx (before or after): *clio.APIError with that status
//     (ErrServer) and MayHaveApplied true, for the same reason: the client
//     cannot tell a 503 before the handler from a 500 after it.
//
// Attempts in each error equals the number of PATCHes the server logged
// for that matter, and the server's stored descriptions show the new value
// exactly for the matters whose final PATCH reached the handler.
func TestReliabilityConcurrentWritesNotReplayed(t *testing.T) {
	const (
		matters = 200
		workers = 16
	)
	start := time.Now()
	srv := cliotest.NewServer(t, cliotest.WithoutDemoData())
	ids := srv.AddMatters(matters)
	client, err := srv.Client(fastRetries(30))
	require.NoError(t, err)
	ctx := context.Background()

	// Etags and descriptions before any fault, so Update sends only PATCHes.
	before := map[int64]clio.Matter{}
	for m, err := range client.Matters.List(clio.MatterListParams{}, clio.Fields("description")).All(ctx) {
		require.NoError(t, err)
		before[m.ID] = m
	}
	require.Len(t, before, matters)

	type kind int
	const (
		dropBefore kind = iota
		status503Before
		dropAfter
		status500After
		limitedOnly // a high-probability 429 rule of its own
		clean       // only the shared random 429s
		kinds
	)
	kindNames := []string{"drop before", "503 before", "drop after", "500 after", "429 group", "clean"}
	group := map[int64]kind{}
	byKind := make([][]int64, kinds)
	for i, id := range ids {
		k := kind(i % int(kinds))
		group[id] = k
		byKind[k] = append(byKind[k], id)
	}

	patch := http.MethodPatch
	randomLimited := srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: patch, Path: "/api/v4/matters/",
		Probability: 0.15, Seed: 21, Status: http.StatusTooManyRequests})
	srv.Inject(cliotest.Fault{Method: patch, PathRegexp: idsRegexp("matters", byKind[dropBefore]), Drop: true})
	srv.Inject(cliotest.Fault{Method: patch, PathRegexp: idsRegexp("matters", byKind[status503Before]), Status: http.StatusServiceUnavailable})
	srv.Inject(cliotest.Fault{Method: patch, PathRegexp: idsRegexp("matters", byKind[dropAfter]), After: true})
	srv.Inject(cliotest.Fault{Method: patch, PathRegexp: idsRegexp("matters", byKind[status500After]), After: true, Status: http.StatusInternalServerError})
	groupLimited := srv.Inject(cliotest.Fault{Method: patch, PathRegexp: idsRegexp("matters", byKind[limitedOnly]),
		Probability: 0.6, Seed: 22, Status: http.StatusTooManyRequests})

	newDesc := func(id int64) string { return fmt.Sprintf("Updated under faults %d", id) }
	type outcome struct {
		m   *clio.Matter
		err error
	}
	var mu sync.Mutex
	results := map[int64]outcome{}
	work := make(chan int64)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for id := range work {
				m, err := client.Matters.Update(ctx, id, before[id].ETag,
					clio.MatterUpdate{Description: clio.Set(newDesc(id))}, clio.Fields("description"))
				mu.Lock()
				results[id] = outcome{m, err}
				mu.Unlock()
			}
		})
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	srv.ClearFaults()

	// The server's log, per matter.
	patches := map[int64][]cliotest.Request{}
	pathID := regexp.MustCompile(`^/api/v4/matters/(\d+)\.json$`)
	for _, r := range srv.Requests() {
		if r.Method != patch {
			continue
		}
		sm := pathID.FindStringSubmatch(r.Path)
		require.NotNil(t, sm, "unexpected PATCH %s", r.Path)
		id, _ := strconv.ParseInt(sm[1], 10, 64)
		patches[id] = append(patches[id], r)
	}

	// The server's state: descriptions after the run, read without faults.
	after := map[int64]string{}
	for m, err := range client.Matters.List(clio.MatterListParams{}, clio.Fields("description")).All(ctx) {
		require.NoError(t, err)
		after[m.ID] = m.Description
	}

	reachedHandler := 0
	var limited429, errorsSeen int
	for _, id := range ids {
		k := group[id]
		log := patches[id]
		res := results[id]
		require.NotEmpty(t, log, "matter %d (%s): no PATCH reached the server", id, kindNames[k])
		final := log[len(log)-1]

		// Zero or more 429s, then one final answer, then nothing.
		for i, r := range log[:len(log)-1] {
			require.True(t, r.Fault && r.Status == http.StatusTooManyRequests,
				"matter %d (%s): PATCH %d of %d was answered %d (dropped %v) and yet was followed by another: an ambiguous write was resent",
				id, kindNames[k], i+1, len(log), r.Status, r.Dropped)
			limited429++
		}
		require.NotEqual(t, http.StatusTooManyRequests, final.Status, "matter %d: retries ran out on 429s", id)
		for _, r := range log {
			assert.Equal(t, before[id].ETag, r.IfMatch, "matter %d: every attempt is conditional on the original etag", id)
		}

		// Did the final PATCH reach the handler? From the group's fault.
		var applied bool
		switch k {
		case dropBefore:
			require.True(t, final.Fault && final.Dropped, "matter %d: %+v", id, final)
		case status503Before:
			require.True(t, final.Fault && final.Status == http.StatusServiceUnavailable, "matter %d: %+v", id, final)
		case dropAfter:
			require.True(t, final.Fault && final.Dropped, "matter %d: %+v", id, final)
			applied = true
		case status500After:
			require.True(t, final.Fault && final.Status == http.StatusInternalServerError, "matter %d: %+v", id, final)
			applied = true
		case limitedOnly, clean:
			require.True(t, !final.Fault && final.Status == http.StatusOK, "matter %d: %+v", id, final)
			applied = true
		}
		if applied {
			reachedHandler++
		}

		// Server state agrees: the write stuck exactly when it reached the
		// handler, and once only (one PATCH past the faults).
		if applied {
			assert.Equal(t, newDesc(id), after[id], "matter %d (%s): write should have been applied", id, kindNames[k])
		} else {
			assert.Equal(t, before[id].Description, after[id], "matter %d (%s): a write faulted before the handler must not apply", id, kindNames[k])
		}

		// What the caller was told.
		switch {
		case final.Status == http.StatusOK:
			if assert.NoError(t, res.err, "matter %d", id) {
				assert.Equal(t, newDesc(id), res.m.Description)
			}
		case final.Dropped:
			errorsSeen++
			var reqErr *clio.RequestError
			if assert.ErrorAs(t, res.err, &reqErr, "matter %d (%s)", id, kindNames[k]) {
				assert.True(t, reqErr.MayHaveApplied, "matter %d (%s): a dropped PATCH may have applied; the caller must be told", id, kindNames[k])
				assert.Equal(t, patch, reqErr.Method)
				assert.Equal(t, len(log), reqErr.Attempts, "matter %d: attempts reported vs PATCHes the server received", id)
			}
		default: // a 5xx
			errorsSeen++
			var reqErr *clio.RequestError
			assert.False(t, errors.As(res.err, &reqErr), "matter %d: a 5xx answer is an APIError", id)
			var apiErr *clio.APIError
			if assert.ErrorAs(t, res.err, &apiErr, "matter %d (%s)", id, kindNames[k]) {
				assert.Equal(t, final.Status, apiErr.StatusCode)
				assert.ErrorIs(t, res.err, clio.ErrServer, "a 5xx on a write is ambiguous, never a 4xx-style refusal")
				assert.True(t, apiErr.MayHaveApplied, "matter %d (%s): a 5xx PATCH may have applied; the caller must be told", id, kindNames[k])
				assert.Equal(t, len(log), apiErr.Attempts, "matter %d: attempts reported vs PATCHes the server received", id)
			}
		}
	}
	assert.Equal(t, len(byKind[dropAfter])+len(byKind[status500After])+len(byKind[limitedOnly])+len(byKind[clean]),
		reachedHandler, "PATCHes that reached the handler: one per matter whose group lets it through")
	assert.Positive(t, randomLimited.Hits(), "random 429s were injected")
	assert.Positive(t, groupLimited.Hits(), "group 429s were injected")
	assert.Equal(t, randomLimited.Hits()+groupLimited.Hits(), limited429, "every 429 was followed by a retry")
	t.Logf("%d PATCH updates: %d 429s retried, %d errors reported, %d writes applied; %s",
		matters, limited429, errorsSeen, reachedHandler, time.Since(start).Round(time.Millisecond))
}

// ---------------------------------------------------------------------------
// 3. The Clio token never leaves the API host.

// foreignHost is a host that must never be called with the Clio token; it
// counts what reaches it.
type foreignHost struct {
	*httptest.Server
	requests, withAuth atomic.Int64
}

func newForeignHost(t *testing.T) *foreignHost {
	f := &foreignHost{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		if r.Header.Get("Authorization") != "" {
			f.withAuth.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[],"meta":{"paging":{}}}`)
	}))
	t.Cleanup(f.Close)
	return f
}

// tamperingTransport sits between the client and the fake's API host and
// plays a compromised or misbehaving API host: while redirect is armed it
// answers the next API request with a redirect to the foreign host, and it
// rewrites the contacts list's next link to point there.
type tamperingTransport struct {
	base     http.RoundTripper
	apiHost  string
	foreign  *url.URL
	redirect atomic.Int32 // status of the redirect to answer next; 0: none
	// redirectBody is the redirect's body; nil: an HTML page as Rails
	// sends with redirect_to.
	redirectBody func(location string) string
}

func (tt *tamperingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == tt.apiHost {
		if code := tt.redirect.Swap(0); code != 0 {
			if req.Body != nil {
				req.Body.Close()
			}
			loc := *tt.foreign
			loc.Path, loc.RawQuery = req.URL.Path, req.URL.RawQuery
			body := `<html><body>You are being <a href="` + loc.String() + `">redirected</a>.</body></html>`
			if tt.redirectBody != nil {
				body = tt.redirectBody(loc.String())
			}
			return &http.Response{
				StatusCode: int(code), Status: fmt.Sprintf("%d %s", code, http.StatusText(int(code))),
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header:        http.Header{"Location": {loc.String()}, "Content-Type": {"text/html"}},
				Body:          io.NopCloser(strings.NewReader(body)),
				ContentLength: int64(len(body)),
				Request:       req,
			}, nil
		}
	}
	resp, err := tt.base.RoundTrip(req)
	if err != nil || req.URL.Host != tt.apiHost || req.URL.Path != "/api/v4/contacts.json" || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var page map[string]any
	if err := json.Unmarshal(raw, &page); err != nil {
		return nil, err
	}
	if meta, ok := page["meta"].(map[string]any); ok {
		if paging, ok := meta["paging"].(map[string]any); ok {
			if next, ok := paging["next"].(string); ok {
				u, _ := url.Parse(next)
				u.Scheme, u.Host = tt.foreign.Scheme, tt.foreign.Host
				paging["next"] = u.String()
			}
		}
	}
	raw, _ = json.Marshal(page)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func TestReliabilityTokenNeverLeavesAPIHost(t *testing.T) {
	start := time.Now()
	srv := cliotest.NewServer(t)
	demo := srv.Demo()
	foreign := newForeignHost(t)
	foreignURL, _ := url.Parse(foreign.URL)
	apiURL, _ := url.Parse(srv.URL())
	tt := &tamperingTransport{base: srv.HTTPClient().Transport, apiHost: apiURL.Host, foreign: foreignURL}
	client, err := srv.Client(clio.WithHTTPClient(&http.Client{Transport: tt}), fastRetries(3))
	require.NoError(t, err)
	ctx := context.Background()

	// Paging through next links on the API host (3 pages of 200).
	srv.AddMatters(400)
	n := 0
	for _, err := range client.Matters.List(clio.MatterListParams{}, clio.Fields("display_number")).All(ctx) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 403, n)

	// Upload: POST to the API, PUT to the storage host, PATCH to the API.
	content := []byte("police report, page 1 of 1\n")
	doc, err := client.Documents.Upload(ctx, clio.DocumentUpload{
		Name:    "Witness Statement.txt",
		Parent:  clio.DocumentParent{ID: demo.JaneDoeMatterID, Type: clio.DocumentParentMatter},
		Content: bytes.NewReader(content),
		Size:    int64(len(content)),
	})
	require.NoError(t, err)
	stored, ok := srv.DocumentContent(doc.ID)
	require.True(t, ok)
	assert.Equal(t, content, stored)

	// Download: the API answers 303 to the storage host.
	rc, _, err := client.Documents.Download(ctx, doc.ID)
	require.NoError(t, err)
	downloaded, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	assert.Equal(t, content, downloaded)

	// A next link on a foreign host, as an API page hands it over.
	var contacts int
	var pageErr error
	for _, err := range client.Contacts.List(clio.ContactListParams{Limit: 1}).All(ctx) {
		if err != nil {
			pageErr = err
			break
		}
		contacts++
	}
	assert.Equal(t, 1, contacts, "the first page is read, the foreign next link is refused")
	var fh *clio.ForeignHostError
	require.ErrorAs(t, pageErr, &fh)

	// The same link given as a saved cursor, and to Do.
	foreignNext := foreign.URL + "/api/v4/matters.json?page_token=abc&limit=200"
	_, err = client.Matters.List(clio.MatterListParams{}).Resume(foreignNext).NextPage(ctx)
	require.ErrorAs(t, err, &fh)
	for _, target := range []string{
		foreignNext,
		"http://" + apiURL.Host + "@" + foreignURL.Host + "/api/v4/matters.json", // userinfo trick
	} {
		err = client.Do(ctx, http.MethodGet, target, nil, nil, nil)
		require.ErrorAs(t, err, &fh, target)
		assert.NotContains(t, err.Error(), "page_token", "the refused URL's query is not echoed")
	}

	// The API host redirects off-host: a GET (302) and a POST (307, which
	// would resend the body). Neither may be followed with the token.
	tt.redirect.Store(http.StatusFound)
	m, getErr := client.Matters.Get(ctx, demo.JaneDoeMatterID, clio.Fields("description"))
	assert.Error(t, getErr, "an off-host redirect is not a matter (got %+v)", m)
	tt.redirect.Store(http.StatusTemporaryRedirect)
	c, postErr := client.Contacts.Create(ctx, clio.ContactCreate{Type: clio.ContactTypePerson, FirstName: clio.String("Redirected")})
	assert.Error(t, postErr, "an off-host redirect is not a created contact (got %+v)", c)
	t.Logf("off-host redirect errors: GET: %s; POST: %s", errOrNil(getErr), errOrNil(postErr))

	// Verdicts from the hosts themselves.
	var api, storage int
	for _, r := range srv.Requests() {
		switch r.Host {
		case cliotest.HostStorage:
			storage++
			assert.False(t, r.Authorization, "storage request with a Clio token: %s %s", r.Method, r.Path)
			assert.Less(t, r.Status, 400, "storage refused %s %s", r.Method, r.Path)
		case cliotest.HostAPI:
			api++
			if strings.HasPrefix(r.Path, "/api/v4/") {
				assert.True(t, r.Authorization, "API request without the token: %s %s", r.Method, r.Path)
			}
		}
	}
	assert.GreaterOrEqual(t, storage, 2, "the upload PUT and the download GET reached the storage host")
	assert.Positive(t, api)
	assert.Zero(t, foreign.withAuth.Load(), "requests with an Authorization header at the foreign host")
	assert.Zero(t, foreign.requests.Load(), "requests of any kind at the foreign host")
	t.Logf("%d API and %d storage requests, %d at the foreign host; %s", api, storage, foreign.requests.Load(), time.Since(start).Round(time.Millisecond))
}

// TestReliabilityOffHostRedirectIsAnError: when the API host answers a
// request with a redirect to another host, the client rightly does not
// follow it (TestReliabilityTokenNeverLeavesAPIHost), but the caller must
// then get an error, not a result decoded from the redirect's body. Only
// the download endpoints expect a 3xx.
func TestReliabilityOffHostRedirectIsAnError(t *testing.T) {
	bodies := map[string]func(string) string{
		"html":  func(loc string) string { return `<html><body><a href="` + loc + `">redirected</a></body></html>` },
		"empty": func(string) string { return "" },
		"json":  func(string) string { return `{"data":{"id":1,"description":"decoded from a redirect"}}` },
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := cliotest.NewServer(t)
			foreign := newForeignHost(t)
			foreignURL, _ := url.Parse(foreign.URL)
			apiURL, _ := url.Parse(srv.URL())
			tt := &tamperingTransport{base: srv.HTTPClient().Transport, apiHost: apiURL.Host, foreign: foreignURL, redirectBody: body}
			client, err := srv.Client(clio.WithHTTPClient(&http.Client{Transport: tt}), fastRetries(0))
			require.NoError(t, err)
			ctx := context.Background()

			check := func(what string, code int, got any, err error) {
				t.Helper()
				if !assert.Error(t, err, "%s answered %d off-host: no error, and a result decoded from the redirect body: %+v", what, code, got) {
					return
				}
				var apiErr *clio.APIError
				var fh *clio.ForeignHostError
				assert.True(t, errors.As(err, &apiErr) || errors.As(err, &fh),
					"%s answered %d off-host: want a typed error (*APIError with the 3xx status, or *ForeignHostError), got %T: %v", what, code, err, err)
			}
			for _, code := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
				tt.redirect.Store(int32(code))
				m, err := client.Matters.Get(ctx, srv.Demo().JaneDoeMatterID, clio.Fields("description"))
				check("GET", code, descOf(m), err)
				tt.redirect.Store(int32(code))
				c, err := client.Contacts.Create(ctx, clio.ContactCreate{Type: clio.ContactTypePerson, FirstName: clio.String("Redirected")})
				check("POST", code, c != nil, err)
			}
			assert.Zero(t, foreign.requests.Load(), "requests at the foreign host")
		})
	}
}

func descOf(m *clio.Matter) string {
	if m == nil {
		return ""
	}
	return m.Description
}

func errOrNil(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// ---------------------------------------------------------------------------
// 4. A debug log of a whole workflow, refreshes and retries included, holds
// no secret and no record data.

func TestReliabilityDebugLogHasNoSecrets(t *testing.T) {
	start := time.Now()
	srv := cliotest.NewServer(t)
	demo := srv.Demo()
	ctx := context.Background()

	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// An OAuth token source with a refresh token and the client secret;
	// every token it obtains is kept, to be looked for in the log.
	first := srv.IssueToken()
	require.NotEmpty(t, first.RefreshToken)
	var tokMu sync.Mutex
	accessTokens := []string{first.AccessToken}
	store := clio.TokenStoreFunc(func(_ context.Context, tok *oauth2.Token) error {
		tokMu.Lock()
		accessTokens = append(accessTokens, tok.AccessToken)
		tokMu.Unlock()
		return nil
	})
	oauthCfg := srv.OAuthConfig("http://127.0.0.1/callback")
	require.Equal(t, cliotest.DefaultClientSecret, oauthCfg.ClientSecret)
	ts := clio.NewTokenSource(oauthCfg, first, store, clio.WithTokenHTTPClient(srv.HTTPClient()))
	client, err := srv.Client(clio.WithTokenSource(ts), clio.WithLogger(logger), fastRetries(5))
	require.NoError(t, err)

	// A webhook, activated with a real receiver (its secret travels in the
	// handshake and in the activate request).
	receiver, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Store:   clio.NewWebhookSecrets(),
		OnEvent: func(context.Context, clio.WebhookEvent) error { return nil },
	})
	require.NoError(t, err)
	hookSrv := httptest.NewServer(receiver)
	t.Cleanup(hookSrv.Close)
	hook, err := client.Webhooks.Subscribe(ctx, receiver, clio.WebhookCreate{
		URL:    hookSrv.URL,
		Model:  clio.WebhookModelMatter,
		Events: []clio.WebhookEvents{clio.WebhookEventsCreated, clio.WebhookEventsUpdated},
		Fields: clio.Fields("description"),
	})
	require.NoError(t, err)
	require.NotEmpty(t, hook.SharedSecret)
	require.Equal(t, clio.WebhookStatusEnabled, hook.Status, "the webhook was activated")

	// Faults for the rest of the workflow: retried GETs after 503s and
	// drops, retried POSTs and PATCHes after 429s.
	srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodGet, Path: "/api/v4/", Times: 2, Status: http.StatusServiceUnavailable})
	srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodGet, Path: "/api/v4/", Times: 2, Drop: true})
	srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodPost, Path: "/api/v4/", Times: 2, Status: http.StatusTooManyRequests})
	srv.Inject(cliotest.Fault{Host: cliotest.HostAPI, Method: http.MethodPatch, Path: "/api/v4/", Times: 1, Status: http.StatusTooManyRequests})

	const (
		firstName   = "Zebulon"
		lastName    = "Quixwhistle-Fairweather"
		email       = "zebulon.quixwhistle@fairweather-private.example"
		description = "Marmalade slip at the Ogdenville monorail station"
		location    = "742 Evergreen Terrace"
		newDesc     = "Marmalade slip, amended: Ogdenville platform 9"
	)
	contact, err := client.Contacts.Create(ctx, clio.ContactCreate{
		Type: clio.ContactTypePerson, FirstName: clio.String(firstName), LastName: clio.String(lastName),
		EmailAddresses: []clio.EmailAddressInput{{Name: clio.String("Home"), Address: clio.String(email), Default: clio.Bool(true)}},
	})
	require.NoError(t, err)
	found, err := client.Contacts.FindByEmail(ctx, email) // the email travels in the query
	require.NoError(t, err)
	require.Len(t, found, 1)

	// The access token expires at the server: the next request gets 401
	// invalid_token, the source refreshes with the refresh token and the
	// client secret, and the request is replayed.
	srv.ExpireTokens()
	matter, err := client.Matters.Create(ctx, clio.MatterCreate{
		Client:              clio.Ref{ID: contact.ID},
		Description:         description,
		PracticeArea:        clio.Set(clio.Ref{ID: demo.PersonalInjuryID}),
		ResponsibleAttorney: clio.Set(clio.Ref{ID: demo.AttorneyID}),
		CustomFields: map[string]any{
			"Accident Location": location,
			"Accident Date":     clio.NewDate(2025, time.June, 14),
		},
	})
	require.NoError(t, err)
	for m, err := range client.Matters.List(clio.MatterListParams{Query: "Ogdenville"}).All(ctx) {
		require.NoError(t, err)
		assert.Equal(t, matter.ID, m.ID)
	}
	attorney, err := client.Users.Get(ctx, demo.AttorneyID)
	require.NoError(t, err)
	withNumber, err := client.Matters.Get(ctx, matter.ID, clio.Fields("display_number", clio.Nested("client", "id", "name")))
	require.NoError(t, err)
	entry, _, err := client.CalendarEntries.CreateStatuteOfLimitations(ctx, clio.SOLParams{
		Matter: withNumber, IncidentDate: clio.NewDate(2025, time.June, 14), Years: 3, User: attorney,
	})
	require.NoError(t, err)
	require.Contains(t, entry.Summary, lastName, "the entry title carries the client's name")
	_, err = client.Matters.Update(ctx, matter.ID, "", clio.MatterUpdate{Description: clio.Set(newDesc)})
	require.NoError(t, err)
	_, err = client.CustomFields.SetMatterValues(ctx, matter.ID, "", map[string]any{"Accident Location": location + ", Springfield"})
	require.NoError(t, err)

	// The server saw the faults, the 401 and the refresh.
	var faults, unauthorized, refreshes int
	for _, r := range srv.Requests() {
		if r.Fault {
			faults++
		}
		if r.Status == http.StatusUnauthorized {
			unauthorized++
		}
		if r.Method == http.MethodPost && r.Path == "/oauth/token" && r.Status == http.StatusOK {
			refreshes++
		}
	}
	assert.Equal(t, 7, faults, "every injected fault fired")
	assert.Positive(t, unauthorized, "the expired token was refused")
	assert.Equal(t, 1, refreshes, "one refresh")
	tokMu.Lock()
	secrets := map[string]string{
		"client secret":  cliotest.DefaultClientSecret,
		"refresh token":  first.RefreshToken,
		"webhook secret": hook.SharedSecret,
		"first name":     firstName,
		"last name":      lastName,
		"email":          email,
		"email (query)":  url.QueryEscape(email),
		"description":    description,
		"new desc":       newDesc,
		"location":       location,
		"location (url)": url.QueryEscape(location),
		"bearer":         "Bearer",
	}
	require.Len(t, accessTokens, 2, "the first token and the refreshed one")
	for i, tok := range accessTokens {
		require.NotEmpty(t, tok)
		secrets[fmt.Sprintf("access token %d", i)] = tok
	}
	tokMu.Unlock()

	out := buf.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Greater(t, len(lines), 20, "the workflow was logged")
	for _, l := range lines {
		require.True(t, json.Valid([]byte(l)), "log line is JSON: %s", l)
	}
	for _, want := range []string{"retrying", "rate limited", "refreshing"} {
		assert.Contains(t, out, want, "the log covers %s", want)
	}
	for what, secret := range secrets {
		assert.NotContains(t, out, secret, "the debug log leaks the %s", what)
	}
	t.Logf("%d log lines, %d bytes, %d faults; %s", len(lines), len(out), faults, time.Since(start).Round(time.Millisecond))
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
