package cliotest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

func TestCursorPagingOverThreePages(t *testing.T) {
	w := newWire(t)
	added := w.srv.AddMatters(447) // 3 demo matters + 447 = 450
	require.Len(t, added, 447)

	link := "/api/v4/matters.json?fields=id,status&status=open,pending"
	var ids []int64
	var nexts []string
	for pages := 0; link != ""; pages++ {
		require.Less(t, pages, 4, "too many pages")
		r := w.do("GET", link, nil)
		require.Equal(t, http.StatusOK, r.StatusCode, string(r.raw))
		for _, m := range r.list() {
			ids = append(ids, num(m["id"]))
		}
		link = r.next()
		if link != "" {
			nexts = append(nexts, link)
		}
	}
	require.Len(t, ids, 450)
	for i := 1; i < len(ids); i++ {
		require.Less(t, ids[i-1], ids[i], "ids ascend without repeats")
	}
	require.Len(t, nexts, 2, "two next links for three pages; none on the last page")
	for _, n := range nexts {
		u, err := url.Parse(n)
		require.NoError(t, err)
		assert.Equal(t, w.srv.URL(), u.Scheme+"://"+u.Host, "next is absolute, on the server's own host")
		assert.Equal(t, "/api/v4/matters.json", u.Path)
		assert.NotEmpty(t, u.Query().Get("page_token"))
		assert.Equal(t, "id,status", u.Query().Get("fields"), "the original query is kept")
		assert.Equal(t, "open,pending", u.Query().Get("status"))
	}

	small := w.do("GET", "/api/v4/matters.json?limit=2", nil)
	assert.Len(t, small.list(), 2)
	assert.Contains(t, small.next(), "limit=2")
}

func TestLimitBounds(t *testing.T) {
	w := newWire(t)
	for _, l := range []string{"0", "201", "abc"} {
		r := w.do("GET", "/api/v4/matters.json?limit="+l, nil)
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, l)
	}
	assert.Equal(t, http.StatusOK, w.do("GET", "/api/v4/matters.json?limit=200", nil).StatusCode)
	assert.Equal(t, http.StatusOK, w.do("GET", "/api/v4/users.json?limit=2000", nil).StatusCode, "users allow 2000")
	assert.Equal(t, http.StatusNotImplemented, w.do("GET", "/api/v4/matters.json?order=display_number(asc)", nil).StatusCode, "a declared order the fake does not model")
	assert.Equal(t, http.StatusBadRequest, w.do("GET", "/api/v4/matters.json?order=sideways", nil).StatusCode, "not a declared order")
	assert.Equal(t, http.StatusBadRequest, w.do("GET", "/api/v4/matters.json?page_token=garbage!", nil).StatusCode)
}

func TestOffsetPagingStopsAt10000(t *testing.T) {
	w := newWire(t)
	w.srv.AddMatters(10)
	r := w.do("GET", "/api/v4/matters.json?offset=5&limit=5", nil)
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Len(t, r.list(), 5)
	assert.Contains(t, r.next(), "offset=10")
	far := w.do("GET", "/api/v4/matters.json?offset=10000", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, far.StatusCode)
	assert.Equal(t, "ArgumentError", far.errType())
}

func TestListFilters(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	count := func(path string) int {
		t.Helper()
		r := w.do("GET", path, nil)
		require.Equal(t, http.StatusOK, r.StatusCode, string(r.raw))
		return len(r.list())
	}
	assert.Equal(t, 1, count("/api/v4/matters.json?status=pending"))
	assert.Equal(t, 2, count("/api/v4/matters.json?practice_area_id="+strconv.FormatInt(d.PersonalInjuryID, 10)))
	assert.Equal(t, 1, count("/api/v4/matters.json?client_id="+strconv.FormatInt(d.AcmeID, 10)))
	assert.Equal(t, 1, count("/api/v4/matters.json?query=collision"))
	assert.Equal(t, 1, count("/api/v4/matters.json?query=smith"), "query matches client names")
	assert.Equal(t, 2, count("/api/v4/matters.json?ids[]="+strconv.FormatInt(d.JaneDoeMatterID, 10)+"&ids[]="+strconv.FormatInt(d.AcmeMatterID, 10)))
	assert.Equal(t, 4, count("/api/v4/matter_stages.json?practice_area_id="+strconv.FormatInt(d.FamilyID, 10)))
	future := url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339))
	assert.Equal(t, 0, count("/api/v4/matters.json?updated_since="+future))
	assert.Equal(t, http.StatusBadRequest, w.do("GET", "/api/v4/matters.json?status=Open", nil).StatusCode, "status filters are lowercase")

	// Custom field value filters: Jane Doe's matter has Accident Date
	// 2025-11-03.
	cf := func(id int64, cond string) string {
		return "/api/v4/matters.json?" + url.Values{"custom_field_values[" + strconv.FormatInt(id, 10) + "]": {cond}}.Encode()
	}
	assert.Equal(t, 1, count(cf(d.AccidentDateFieldID, "2025-11-03")))
	assert.Equal(t, 1, count(cf(d.AccidentDateFieldID, "[>=2025-11-01, <2025-12-01]")), "conditions are ANDed")
	assert.Equal(t, 0, count(cf(d.AccidentDateFieldID, "[>=2025-11-04, <2025-12-01]")))
	assert.Equal(t, 0, count(cf(d.AccidentDateFieldID, ">2025-11-03")))
	assert.Equal(t, 1, count(cf(d.ReferralSourceFieldID, strconv.FormatInt(d.ReferralOptions["Web Search"], 10))), "a picklist by option id")
	assert.Equal(t, http.StatusBadRequest, w.do("GET", cf(d.AccidentLocationFieldID, ">A"), nil).StatusCode, "text fields take = only")
	assert.Equal(t, http.StatusBadRequest, w.do("GET", cf(d.PreferredLanguageFieldID, "English"), nil).StatusCode, "a contact field on matters")
}

func TestRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire(t, cliotest.InMemory(), cliotest.WithRateLimit(3, time.Minute))
		start := time.Now() // 2000-01-01 00:00:00 UTC in the bubble
		wantReset := strconv.FormatInt(start.Add(time.Minute).Unix(), 10)
		for i := 1; i <= 3; i++ {
			r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
			require.Equal(t, http.StatusOK, r.StatusCode)
			assert.Equal(t, "3", r.Header.Get("X-RateLimit-Limit"))
			assert.Equal(t, strconv.Itoa(3-i), r.Header.Get("X-RateLimit-Remaining"))
			assert.Equal(t, wantReset, r.Header.Get("X-RateLimit-Reset"))
		}
		time.Sleep(20500 * time.Millisecond)
		r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
		assert.Equal(t, http.StatusTooManyRequests, r.StatusCode)
		assert.Equal(t, "40", r.Header.Get("Retry-After"), "39.5s rounded up")
		assert.Equal(t, "0", r.Header.Get("X-RateLimit-Remaining"))
		assert.Equal(t, wantReset, r.Header.Get("X-RateLimit-Reset"))
		assert.Equal(t, "RateLimited", r.errType())

		other := w.srv.IssueToken().AccessToken
		r = w.do("GET", "/api/v4/users/who_am_i.json", nil, "Authorization", "Bearer "+other)
		assert.Equal(t, http.StatusOK, r.StatusCode, "limits are per token")

		time.Sleep(40 * time.Second)
		r = w.do("GET", "/api/v4/users/who_am_i.json", nil)
		assert.Equal(t, http.StatusOK, r.StatusCode, "a new window")
		assert.Equal(t, "2", r.Header.Get("X-RateLimit-Remaining"))
	})
}

func TestRateLimitOverNetworkAndOff(t *testing.T) {
	w := newWire(t, cliotest.WithRateLimit(50, time.Minute))
	r := w.do("GET", "/api/v4/users/who_am_i.json", nil)
	assert.Equal(t, "50", r.Header.Get("X-RateLimit-Limit"))
	assert.Equal(t, "49", r.Header.Get("X-RateLimit-Remaining"))
	reset, err := strconv.ParseInt(r.Header.Get("X-RateLimit-Reset"), 10, 64)
	require.NoError(t, err)
	assert.InDelta(t, time.Now().Add(time.Minute).Unix(), reset, 2)

	w.srv.SetRateLimit(0, 0)
	r = w.do("GET", "/api/v4/users/who_am_i.json", nil)
	assert.Empty(t, r.Header.Get("X-RateLimit-Limit"), "no headers when the limit is off")
}

// The SDK's encoding of custom field filters is what the fake parses.
func TestSDKCustomFieldFilters(t *testing.T) {
	srv := cliotest.NewServer(t)
	client, err := srv.Client()
	require.NoError(t, err)
	d := srv.Demo()
	var ids []int64
	for m, err := range client.Matters.List(clio.MatterListParams{CustomFieldValues: []clio.CustomFieldFilter{
		{FieldID: d.AccidentDateFieldID, Op: ">=", Value: "2025-11-01"},
		{FieldID: d.AccidentDateFieldID, Op: "<", Value: "2025-12-01"},
	}}).All(context.Background()) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{d.JaneDoeMatterID}, ids)
}
