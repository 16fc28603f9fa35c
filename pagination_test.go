package clio

import (
	"context"
	"encoding/json"
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
	return list[pageMatter](service{c: c}, "matters.json", "Matter", Fields("display_number"), FieldSet{}, q)
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
	p := list[pageMatter](service{c: c}, "matters.json", "Matter", FieldSet{}, FieldSet{}, nil)
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

func TestPagerRepeatedNextLinkIsAnError(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", mattersURL, httpmock.NewStringResponder(200, fixture(t, "core/matters_page_loop.json")))
	n := 0
	var err error
	for _, e := range newMatterPager(c).All(context.Background()) {
		if e != nil {
			err = e
			break
		}
		n++
	}
	require.ErrorIs(t, err, ErrPagingLoop)
	assert.Equal(t, 2, n, "first page and the one next link, then the loop is caught")
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestPagerResumesFromCursor(t *testing.T) {
	c, mt := newTestClient(t)
	queries := registerPages(t, mt)
	p := newMatterPager(c)
	page, err := p.NextPage(context.Background())
	require.NoError(t, err)
	require.Len(t, page, 2)
	cursor := p.Cursor()
	require.NotEmpty(t, cursor)

	// A later process resumes from the saved cursor.
	var ids []int64
	for m, err := range newMatterPager(c).Resume(cursor).All(context.Background()) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{3, 4, 5}, ids)
	assert.Len(t, *queries, 3)
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
	for raw, err := range List[json.RawMessage](c, "matters.json", "Matter", Fields("display_number"), q).All(context.Background()) {
		require.NoError(t, err)
		var m pageMatter
		require.NoError(t, json.Unmarshal(raw, &m))
		assert.NotEmpty(t, m.DisplayNumber)
		ids = append(ids, strconv.FormatInt(m.ID, 10))
	}
	assert.Equal(t, []string{"1", "2", "3", "4", "5"}, ids)
	assert.Equal(t, "id,etag,display_number", (*queries)[0].Get("fields"))
	assert.Equal(t, url.Values{"status": {"open"}}, q, "the caller's query is not modified")

	_, err := List[json.RawMessage](c, "matters.json", "Matter", Fields("bogus"), nil).NextPage(context.Background())
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Len(t, *queries, 3, "no request for a bad selection")
}

func TestFieldSetEntries(t *testing.T) {
	fs, err := ParseFields("status, client{id,name}")
	require.NoError(t, err)
	assert.Equal(t, []Field{"status", "client{id,name}"}, fs.Entries())
}
