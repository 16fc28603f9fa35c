package clio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type pageMatter struct {
	ID            int64  `json:"id"`
	ETag          string `json:"etag"`
	DisplayNumber string `json:"display_number"`
}

const mattersURL = testBaseURL + "/matters.json"

// registerPages serves the three fixture pages by page_token and records
// each request's query.
func registerPages(t *testing.T, mt *httpmock.MockTransport) *[]url.Values {
	var queries []url.Values
	mt.RegisterResponder("GET", mattersURL, func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		queries = append(queries, q)
		name := map[string]string{"": "core/matters_page1.json", "p2": "core/matters_page2.json", "p3": "core/matters_page3.json"}[q.Get("page_token")]
		return httpmock.NewStringResponse(200, fixture(t, name)), nil
	})
	return &queries
}

func newMatterPager(c *Client) *Pager[pageMatter] {
	q := url.Values{"status": {"open"}, "limit": {"2"}}
	return opList[pageMatter](service{c: c}, "matters.json", "Matter", FieldSet{}, listShapeOf("matters.json"), q, nil, []CallOption{Fields("display_number")})
}

func TestPagerFollowsNextLinksInOrder(t *testing.T) {
	c, mt := newTestClient(t)
	queries := registerPages(t, mt)
	var ids []int64
	for m, err := range newMatterPager(c).All(context.Background()) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids)
	require.Len(t, *queries, 3)
	first := (*queries)[0]
	assert.Equal(t, "open", first.Get("status"))
	assert.Equal(t, "2", first.Get("limit"))
	assert.Equal(t, "id(asc)", first.Get("order"), "cursor mode")
	assert.Equal(t, "id,etag,display_number", first.Get("fields"))
	assert.Empty(t, first.Get("page_token"))
	second := (*queries)[1]
	assert.Equal(t, "p2", second.Get("page_token"))
	assert.Empty(t, second.Get("status"), "page two is the next link verbatim: the first page's params are not re-sent")
}

func TestPagerDefaultsToPageSize200(t *testing.T) {
	c, mt := newTestClient(t)
	queries := registerPages(t, mt)
	p := opList[pageMatter](service{c: c}, "matters.json", "Matter", FieldSet{}, listShapeOf("matters.json"), nil, nil, nil)
	_, err := p.NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "200", (*queries)[0].Get("limit"))
}

func TestPagerRefusesForeignNextLink(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", mattersURL, httpmock.NewStringResponder(200, fixture(t, "core/matters_page_foreign_next.json")))
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("request to %s with Authorization %q", req.URL.Host, req.Header.Get("Authorization"))
		return httpmock.NewStringResponse(500, ""), nil
	})
	var got []int64
	var err error
	for m, e := range newMatterPager(c).All(context.Background()) {
		if e != nil {
			err = e
			break
		}
		got = append(got, m.ID)
	}
	assert.Equal(t, []int64{1}, got)
	var fh *ForeignHostError
	require.ErrorAs(t, err, &fh)
	assert.NotContains(t, err.Error(), "page_token")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "nothing was sent to the foreign host")
}

func TestPagerRefusesSchemeDowngrade(t *testing.T) {
	c, mt := newTestClient(t)
	p := newMatterPager(c).Resume("http://app.clio.com/api/v4/matters.json?page_token=p2")
	_, err := p.NextPage(context.Background())
	var fh *ForeignHostError
	require.ErrorAs(t, err, &fh)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

// The loop fixture serves the same page again under the same link: the
// repeated record is refused, not handed out twice.
func TestPagerRepeatedPageIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", mattersURL, httpmock.NewStringResponder(200, fixture(t, "core/matters_page_loop.json")))
	ids, err := collect(newMatterPager(c).All(context.Background()))
	require.ErrorIs(t, err, ErrPagingOrder)
	assert.Equal(t, []int64{1}, ids, "record 1 is not handed out twice")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// A next link repeated is caught before it is requested again.
func TestPagerRepeatedNextLinkIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	serve(t, mt, func(tok string, call int) (int, string) {
		return 200, pageJSON("same", int64(call))
	})
	ids, err := collect(newMatterPager(c).All(context.Background()))
	require.ErrorIs(t, err, ErrPagingLoop)
	var pe *PagingError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, int64(2), pe.LastID)
	assert.Equal(t, []int64{1, 2}, ids, "first page and the one next link, then the loop is caught")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestPagerResumesFromCursor(t *testing.T) {
	c, mt := newTestClient(t)
	queries := registerPages(t, mt)
	p := newMatterPager(c)
	assert.Empty(t, p.Cursor(), "nothing handed out yet")
	page, err := p.NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, page, 2)
	cursor := p.Cursor()
	assert.True(t, strings.HasPrefix(cursor, mattersURL+"?"), "a URL on the API host: %s", cursor)
	assert.Contains(t, cursor, "page_token=p2#list=", "the next page, named for its listing: %s", cursor)
	assert.True(t, strings.HasSuffix(cursor, "&after=2"), "after id 2: %s", cursor)

	// A later process resumes from the saved cursor.
	resumed := newMatterPager(c).Resume(cursor)
	ids, err := collect(resumed.All(context.Background()))
	require.NoError(t, err)
	assert.Equal(t, []int64{3, 4, 5}, ids)
	assert.Len(t, *queries, 3)
	assert.Empty(t, resumed.Cursor(), "after the last page")

	// A bare next link, the cursor of earlier versions, still resumes.
	bare, _, _ := strings.Cut(cursor, "#")
	ids, err = collect(newMatterPager(c).Resume(bare).All(context.Background()))
	require.NoError(t, err)
	assert.Equal(t, []int64{3, 4, 5}, ids)
}

func TestPagerBreakStopsFetching(t *testing.T) {
	c, mt := newTestClient(t)
	registerPages(t, mt)
	for m, err := range newMatterPager(c).All(context.Background()) {
		require.NoError(t, err)
		if m.ID == 1 {
			break
		}
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestPagerErrorMidwayKeepsPosition(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: NoRetries}))
	calls := 0
	mt.RegisterResponder("GET", mattersURL, func(req *http.Request) (*http.Response, error) {
		calls++
		switch {
		case req.URL.Query().Get("page_token") == "":
			return httpmock.NewStringResponse(200, fixture(t, "core/matters_page1.json")), nil
		case calls == 2:
			return httpmock.NewStringResponse(500, `{}`), nil
		default:
			return httpmock.NewStringResponse(200, fixture(t, "core/matters_page2.json")), nil
		}
	})
	p := newMatterPager(c)
	_, err := p.NextPage(context.Background())
	require.NoError(t, err)
	_, err = p.NextPage(context.Background())
	require.ErrorIs(t, err, ErrServer)
	page, err := p.NextPage(context.Background())
	require.NoError(t, err, "the same link again is a retry, not a loop")
	assert.Equal(t, int64(3), page[0].ID)
}

func FuzzNextLinkCheck(f *testing.F) {
	for _, s := range []string{
		"https://app.clio.com/api/v4/matters.json?page_token=x",
		"https://evil.example.com/api/v4/matters.json",
		"http://app.clio.com/api/v4/matters.json",
		"https://app.clio.com.evil.com/x",
		"https://app.clio.com@evil.com/x",
		"//evil.com/x",
		"https://APP.clio.com/x",
	} {
		f.Add(s)
	}
	c, err := NewClient(WithBaseURL(testBaseURL), WithAccessToken(testToken))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, link string) {
		u, err := c.resolve(&request{method: "GET", path: link})
		if err != nil {
			return
		}
		// Host names are case-insensitive; anything else must be refused.
		if u.Scheme != "https" || !strings.EqualFold(u.Host, "app.clio.com") {
			t.Fatalf("%q resolved to %s, off the API host", link, u)
		}
	})
}

// List reaches any list endpoint, here as raw records, without touching
// the caller's query; bad fields fail before any request.
func TestListRawRecords(t *testing.T) {
	c, mt := newTestClient(t)
	queries := registerPages(t, mt)
	q := url.Values{"status": {"open"}}
	var ids []string
	for raw, err := range List[json.RawMessage](c, "matters.json", "Matter", q, Fields("display_number")).All(context.Background()) {
		require.NoError(t, err)
		var m pageMatter
		require.NoError(t, json.Unmarshal(raw, &m))
		assert.NotEmpty(t, m.DisplayNumber)
		ids = append(ids, strconv.FormatInt(m.ID, 10))
	}
	assert.Equal(t, []string{"1", "2", "3", "4", "5"}, ids)
	assert.Equal(t, "id,etag,display_number", (*queries)[0].Get("fields"))
	assert.Equal(t, url.Values{"status": {"open"}}, q, "the caller's query is not modified")

	_, err := List[json.RawMessage](c, "matters.json", "Matter", nil, Fields("bogus")).NextPage(context.Background())
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Len(t, *queries, 3, "no request for a bad selection")
}

func TestFieldSetEntries(t *testing.T) {
	fs, err := ParseFields("status, client{id,name}")
	require.NoError(t, err)
	assert.Equal(t, []Field{"status", "client{id,name}"}, fs.Entries())
}

// pageJSON renders a page of matters with the given ids whose next link
// carries page_token=next ("" for the last page).
func pageJSON(next string, ids ...int64) string {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"etag":"\"e%d\"","display_number":"%05d"}`, id, id, id)
	}
	b.WriteString(`],"meta":{"paging":{`)
	if next != "" {
		fmt.Fprintf(&b, `"next":%q`, mattersURL+"?limit=2&page_token="+next)
	}
	b.WriteString(`}}}`)
	return b.String()
}

// serve answers GET matters.json with page(page_token, call number from 1)
// and fails the test on more than 50 calls, so a pager that never stops
// ends with an error instead of hanging.
func serve(t *testing.T, mt *httpmock.MockTransport, page func(tok string, call int) (status int, body string)) *[]string {
	var toks []string
	mt.RegisterResponder("GET", mattersURL, func(req *http.Request) (*http.Response, error) {
		tok := req.URL.Query().Get("page_token")
		toks = append(toks, tok)
		if len(toks) > 50 {
			t.Errorf("more than 50 page requests")
			return httpmock.NewStringResponse(http.StatusNotFound, `{}`), nil
		}
		status, body := page(tok, len(toks))
		return httpmock.NewStringResponse(status, body), nil
	})
	return &toks
}

// servePages serves fixed pages by page_token.
func servePages(t *testing.T, mt *httpmock.MockTransport, pages map[string]string) *[]string {
	return serve(t, mt, func(tok string, _ int) (int, string) {
		body, ok := pages[tok]
		if !ok {
			t.Errorf("unexpected page_token %q", tok)
			return http.StatusNotFound, `{}`
		}
		return 200, body
	})
}

// collect runs the iterator to its end or first error.
func collect(seq func(func(pageMatter, error) bool)) ([]int64, error) {
	var ids []int64
	for m, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// upTo returns 1..n.
func upTo(n int64) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}

var sevenMatters = map[string]string{
	"":   pageJSON("p2", 1, 2, 3),
	"p2": pageJSON("p3", 4, 5, 6),
	"p3": pageJSON("", 7),
}

// Breaking out of All after record 2 of a page and going on (All again,
// NextPage, or Resume(Cursor()) in a new pager) hands out the rest of that
// page: nothing lost, nothing twice.
func TestPagerBreakAndResumeLosesNothing(t *testing.T) {
	ctx := context.Background()
	upToBreak := func(p *Pager[pageMatter], stop int64) []int64 {
		var ids []int64
		for m, err := range p.All(ctx) {
			require.NoError(t, err)
			ids = append(ids, m.ID)
			if m.ID == stop {
				break
			}
		}
		return ids
	}
	for _, stop := range []int64{2, 5, 6} { // record 2 of page 1 and of page 2; the end of page 2
		t.Run(fmt.Sprint("all again after ", stop), func(t *testing.T) {
			c, mt := newTestClient(t)
			toks := servePages(t, mt, sevenMatters)
			p := newMatterPager(c)
			ids := upToBreak(p, stop)
			rest, err := collect(p.All(ctx))
			require.NoError(t, err)
			assert.Equal(t, upTo(7), append(ids, rest...))
			assert.Len(t, *toks, 3, "the page broken out of is not fetched again")
		})
		t.Run(fmt.Sprint("next page after ", stop), func(t *testing.T) {
			c, mt := newTestClient(t)
			servePages(t, mt, sevenMatters)
			p := newMatterPager(c)
			ids := upToBreak(p, stop)
			page, err := p.NextPage(ctx)
			require.NoError(t, err)
			for _, m := range page {
				ids = append(ids, m.ID)
			}
			rest, err := collect(p.All(ctx))
			require.NoError(t, err)
			assert.Equal(t, upTo(7), append(ids, rest...))
		})
		t.Run(fmt.Sprint("resume after ", stop), func(t *testing.T) {
			c, mt := newTestClient(t)
			servePages(t, mt, sevenMatters)
			first := newMatterPager(c)
			ids := upToBreak(first, stop)
			cursor := first.Cursor() // saved, and used by a later process
			rest, err := collect(newMatterPager(c).Resume(cursor).All(ctx))
			require.NoError(t, err)
			assert.Equal(t, upTo(7), append(ids, rest...))
		})
	}
}

// pagingError asserts err is a *PagingError matching sentinel.
func pagingError(t *testing.T, err error, sentinel error) *PagingError {
	t.Helper()
	require.ErrorIs(t, err, sentinel)
	var pe *PagingError
	require.ErrorAs(t, err, &pe)
	return pe
}

// The same page served under a second cursor is refused before any of its
// records is handed out again.
func TestPagerSamePageUnderTwoCursorsIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	servePages(t, mt, map[string]string{
		"":    pageJSON("p2", 1, 2),
		"p2":  pageJSON("p2b", 3, 4),
		"p2b": pageJSON("p3", 3, 4),
		"p3":  pageJSON("", 5),
	})
	ids, err := collect(newMatterPager(c).All(context.Background()))
	pe := pagingError(t, err, ErrPagingOrder)
	assert.Equal(t, []int64{1, 2, 3, 4}, ids, "no duplicate handed out")
	assert.Equal(t, int64(4), pe.LastID)
	assert.Contains(t, err.Error(), "last good id 4")
}

// A next link back to the first page (no page_token, so not a link the
// pager followed before) is caught before a record repeats.
func TestPagerCycleToFirstPageIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	servePages(t, mt, map[string]string{
		"":   pageJSON("p2", 1, 2),
		"p2": strings.Replace(pageJSON("x", 3, 4), "&page_token=x", "&order=id%28asc%29", 1),
	})
	ids, err := collect(newMatterPager(c).All(context.Background()))
	pe := pagingError(t, err, ErrPagingOrder)
	assert.Equal(t, []int64{1, 2, 3, 4}, ids, "no duplicate handed out")
	assert.Equal(t, int64(4), pe.LastID)
}

// Ids going backwards under order=id(asc) stop the walk; the error names
// the last id handed out, and none of the bad page is handed out.
func TestPagerIDsGoingBackwardsIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	servePages(t, mt, map[string]string{
		"":   pageJSON("p2", 1, 2),
		"p2": pageJSON("p3", 3, 5, 4),
		"p3": pageJSON("", 6),
	})
	ids, err := collect(newMatterPager(c).All(context.Background()))
	pe := pagingError(t, err, ErrPagingOrder)
	assert.Equal(t, []int64{1, 2}, ids)
	assert.Equal(t, int64(2), pe.LastID)
	assert.Contains(t, err.Error(), "last good id 2")
	assert.Contains(t, err.Error(), "id 4 came after id 5")
	assert.NotContains(t, err.Error(), "page_token")
}

// Empty pages that keep linking to another empty page stop with an error
// after a few, instead of running forever.
func TestPagerEndlessEmptyPagesStop(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
	toks := serve(t, mt, func(tok string, call int) (int, string) {
		if tok == "" {
			return 200, pageJSON("e1", 1)
		}
		return 200, pageJSON(fmt.Sprint("e", call))
	})
	ids, err := collect(newMatterPager(c).All(context.Background()))
	pe := pagingError(t, err, ErrPagingStalled)
	assert.Equal(t, []int64{1}, ids)
	assert.Equal(t, int64(1), pe.LastID)
	assert.Len(t, *toks, 1+maxEmptyPages)

	// An empty last page, or one empty page on the way, is fine.
	c, mt = newTestClient(t)
	servePages(t, mt, map[string]string{"": pageJSON("p2", 1), "p2": pageJSON("p3"), "p3": pageJSON("")})
	ids, err = collect(newMatterPager(c).All(context.Background()))
	require.NoError(t, err)
	assert.Equal(t, []int64{1}, ids)
}

// A next link answered 400 or 410 is an expired cursor: told apart from
// ErrGone (unknown API version) and ErrBadRequest, naming the last good id
// and saying how to go on; going on (the same pager again, or a new one
// resumed from Cursor()) re-reads from the first page and hands out each
// record once.
func TestPagerExpiredCursor(t *testing.T) {
	ctx := context.Background()
	for _, status := range []int{http.StatusGone, http.StatusBadRequest} {
		for _, how := range []string{"same pager", "resume"} {
			t.Run(fmt.Sprint(status, " ", how), func(t *testing.T) {
				c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
				expired := true
				toks := serve(t, mt, func(tok string, call int) (int, string) {
					switch tok {
					case "":
						return 200, pageJSON("p2", 1, 2)
					case "p2":
						if expired {
							expired = false
							return status, `{"error":{"type":"InvalidParameter","message":"page_token is invalid"}}`
						}
						return 200, pageJSON("p3", 3, 4)
					}
					return 200, pageJSON("", 5)
				})
				p := newMatterPager(c)
				ids, err := collect(p.All(ctx))
				pe := pagingError(t, err, ErrCursorExpired)
				assert.NotErrorIs(t, err, ErrGone)
				assert.NotErrorIs(t, err, ErrBadRequest)
				assert.Equal(t, int64(2), pe.LastID)
				assert.Equal(t, status, pe.Status)
				assert.Contains(t, err.Error(), "last good id 2")
				assert.Contains(t, err.Error(), "skips ids up to 2")
				assert.NotContains(t, err.Error(), "page_token")
				assert.Equal(t, []int64{1, 2}, ids)

				if how == "resume" {
					p = newMatterPager(c).Resume(p.Cursor())
				}
				rest, err := collect(p.All(ctx))
				require.NoError(t, err)
				assert.Equal(t, upTo(5), append(ids, rest...), "each record once")
				assert.Equal(t, []string{"", "p2", "", "p2", "p3"}, *toks, "the listing starts again from its first page")
			})
		}
	}
}

// A bare next link (the old cursor format) that has expired: the pager
// cannot know what was handed out before, says so, and ResumeAfter goes on
// from the caller's last id.
func TestPagerExpiredBareCursor(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 0}))
	serve(t, mt, func(tok string, call int) (int, string) {
		switch {
		case tok == "":
			return 200, pageJSON("p2", 1, 2)
		case tok == "p2" && call <= 2: // the saved link has expired; the first page hands out a fresh one
			return http.StatusGone, `{}`
		case tok == "p2":
			return 200, pageJSON("p3", 3, 4)
		}
		return 200, pageJSON("", 5)
	})
	p := newMatterPager(c).Resume(mattersURL + "?limit=2&page_token=p2")
	for range 2 {
		_, err := p.NextPage(ctx)
		pe := pagingError(t, err, ErrCursorExpired)
		assert.NotErrorIs(t, err, ErrGone)
		assert.Zero(t, pe.LastID)
		assert.Contains(t, err.Error(), "ResumeAfter")
	}
	ids, err := collect(newMatterPager(c).ResumeAfter(1).All(ctx))
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 3, 4, 5}, ids)

	// On the first page, 410 is still the API version.
	mt.RegisterResponder("GET", mattersURL, httpmock.NewStringResponder(http.StatusGone, `{}`))
	_, err = newMatterPager(c).NextPage(ctx)
	require.ErrorIs(t, err, ErrGone)
	assert.NotErrorIs(t, err, ErrCursorExpired)
}

// Records whose ids are strings are not ordered by the pager; breaking out
// and resuming still hands out the rest of the page, counted.
func TestPagerResumeWithoutOrderedIDs(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	page := func(next string, ids ...string) string {
		var recs []string
		for _, id := range ids {
			recs = append(recs, fmt.Sprintf(`{"id":%q}`, id))
		}
		link := ""
		if next != "" {
			link = fmt.Sprintf(`"next":%q`, mattersURL+"?page_token="+next)
		}
		return `{"data":[` + strings.Join(recs, ",") + `],"meta":{"paging":{` + link + `}}}`
	}
	servePages(t, mt, map[string]string{"": page("p2", "b", "a", "c"), "p2": page("", "e", "d")})
	type entry struct {
		ID CompositeID `json:"id"`
	}
	var got []CompositeID
	first := List[entry](c, "matters.json", "Matter", nil)
	for e, err := range first.All(ctx) {
		require.NoError(t, err)
		got = append(got, e.ID)
		if e.ID == "a" {
			break
		}
	}
	assert.True(t, strings.HasSuffix(first.Cursor(), "&skip=2"), first.Cursor())
	for e, err := range List[entry](c, "matters.json", "Matter", nil).Resume(first.Cursor()).All(ctx) {
		require.NoError(t, err)
		got = append(got, e.ID)
	}
	assert.Equal(t, []CompositeID{"b", "a", "c", "e", "d"}, got)
}

func TestPagerRefusesBadCursor(t *testing.T) {
	c, mt := newTestClient(t)
	for _, cursor := range []string{mattersURL + "#after=x", mattersURL + "#after=1&skip=2", mattersURL + "#what"} {
		_, err := newMatterPager(c).Resume(cursor).NextPage(context.Background())
		require.ErrorIs(t, err, ErrInvalidArgument, cursor)
	}
	type noID struct{ Name string }
	_, err := List[noID](c, "matters.json", "Matter", nil).Resume(mattersURL + "#after=3").NextPage(context.Background())
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = List[noID](c, "matters.json", "Matter", nil).ResumeAfter(3).NextPage(context.Background())
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Zero(t, mt.GetTotalCallCount())
}

// Issue 18 item 3: Resume checks the cursor before anything is sent.
// Garbage, a cursor of another list, and one of the same list made with
// other parameters or fields are refused with an *ArgumentError; the
// pager's own cursor, and a bare next link that fits, are taken.
func TestPagerResumeRefusesForeignCursors(t *testing.T) {
	ctx := context.Background()
	c, mt := newTestClient(t)
	p := newMatterPager(c) // status=open, limit=2, fields display_number
	registerPages(t, mt)
	_, err := p.NextPage(ctx)
	require.NoError(t, err)
	own := p.Cursor()
	mt.Reset()

	otherList := opList[pageMatter](service{c: c}, "contacts.json", "Contact", FieldSet{}, listShapeOf("contacts.json"),
		url.Values{"limit": {"2"}}, nil, nil)
	otherParams := opList[pageMatter](service{c: c}, "matters.json", "Matter", FieldSet{}, listShapeOf("matters.json"),
		url.Values{"status": {"closed"}, "limit": {"2"}}, nil, []CallOption{Fields("display_number")})
	otherFields := opList[pageMatter](service{c: c}, "matters.json", "Matter", FieldSet{}, listShapeOf("matters.json"),
		url.Values{"status": {"open"}, "limit": {"2"}}, nil, []CallOption{Fields("description")})
	for name, pager := range map[string]*Pager[pageMatter]{"list": otherList, "params": otherParams, "fields": otherFields} {
		t.Run("cursor of another "+name, func(t *testing.T) {
			pager.Resume(own)
			require.ErrorIs(t, pager.Err(), ErrInvalidArgument)
			var ae *ArgumentError
			require.ErrorAs(t, pager.Err(), &ae)
			assert.Equal(t, "cursor", ae.Param)
			assert.NotContains(t, ae.Error(), "page_token")
			_, err := pager.NextPage(ctx)
			require.ErrorIs(t, err, ErrInvalidArgument)
		})
	}
	for name, cursor := range map[string]string{
		"garbage":                  "garbage",
		"relative path":            "contacts.json?page_token=p2",
		"unknown fragment key":     mattersURL + "?page_token=p2#list=1&rewind=1",
		"bare link of other list":  testBaseURL + "/contacts.json?page_token=p2",
		"bare link, other params":  mattersURL + "?status=closed&page_token=p2",
		"bare link, other fields":  mattersURL + "?fields=id%2Cetag%2Cdescription&page_token=p2",
		"bare link, nested path":   testBaseURL + "/matters/12/contacts.json?page_token=p2",
		"bare link, other base":    "https://app.clio.com/api/v5/matters.json?page_token=p2",
		"cursor with another list": strings.Replace(own, "#list=", "#list=0", 1),
	} {
		t.Run(name, func(t *testing.T) {
			pager := newMatterPager(c).Resume(cursor)
			require.ErrorIs(t, pager.Err(), ErrInvalidArgument)
			_, err := pager.NextPage(ctx)
			require.ErrorIs(t, err, ErrInvalidArgument)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount(), "nothing was sent for a refused cursor")

	// The pager's own cursor, and next links that fit (Clio's may carry
	// only page_token), are taken.
	for _, cursor := range []string{own, mattersURL + "?page_token=p2", mattersURL + "?limit=2&status=open&page_token=p2"} {
		pager := newMatterPager(c).Resume(cursor)
		require.NoError(t, pager.Err(), cursor)
	}
}

// Issue 18 item 3: a page size outside the list's range is refused when
// the pager is built: Err says so at once, and nothing is sent.
func TestListRefusesPageSizeWhenBuilt(t *testing.T) {
	c, mt := newTestClient(t)
	for _, p := range []interface{ Err() error }{
		c.Matters.List(MatterListParams{Limit: 201}),
		c.Activities.List(ActivityListParams{Limit: -1}),
		List[json.RawMessage](c, "matters.json", "Matter", url.Values{"limit": {"500"}}),
	} {
		var ae *ArgumentError
		require.ErrorAs(t, p.Err(), &ae)
		assert.Equal(t, "Limit", ae.Param)
	}
	require.NoError(t, c.Matters.List(MatterListParams{Limit: 50}).Err())
	assert.Zero(t, mt.GetTotalCallCount())
}
