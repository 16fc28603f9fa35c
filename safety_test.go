package clio

// Regression tests for issue 10 (safety and correctness) items handled by
// the executor: each names the item it guards.

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const proxyBase = "https://proxy.example/clio/api/v4"

// Item 2: the token is confined to the base URL's path prefix.
func TestTokenConfinedToBasePathPrefix(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		t.Errorf("no request may leave the base path: %s %s (Authorization sent: %v)", req.Method, req.URL.Path, req.Header.Get("Authorization") != "")
		return httpmock.NewStringResponse(500, ""), nil
	})
	mt.RegisterResponder("GET", proxyBase+"/matters.json", httpmock.NewStringResponder(200,
		`{"data":[{"id":1,"etag":"\"a\""}],"meta":{"paging":{"next":"https://proxy.example/other-tenant/api/v4/matters.json?page_token=x"}}}`))
	c, err := NewClient(WithBaseURL(proxyBase), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	ctx := context.Background()

	for _, path := range []string{"../../../admin/x.json", "/../admin/x.json", "matters/%2e%2e/%2e%2e/%2e%2e/admin.json",
		"https://proxy.example/other-tenant/api/v4/matters.json", "https://proxy.example/clio/api/v4/../../admin.json"} {
		err := c.Do(ctx, "GET", path, nil, nil, nil)
		var fh *ForeignHostError
		require.ErrorAs(t, err, &fh, path)
	}

	var ids []int64
	var pageErr error
	for m, err := range List[Matter](c, "matters.json", "Matter", nil).All(ctx) {
		if err != nil {
			pageErr = err
			break
		}
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1}, ids)
	var fh *ForeignHostError
	require.ErrorAs(t, pageErr, &fh, "a next link to another tenant's prefix is refused")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// Item 2: a redirect that stays on the host but leaves the base path is not
// followed with the token.
func TestRedirectOutsideBasePathIsNotFollowed(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", proxyBase+"/matters/1.json", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(302, "")
		r.Header.Set("Location", "https://proxy.example/admin/steal")
		return r, nil
	})
	c, err := NewClient(WithBaseURL(proxyBase), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	err = c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	var fh *ForeignHostError
	require.ErrorAs(t, err, &fh)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the redirect was not followed")
}

// Item 3: a path that does not parse is refused without echoing it.
func TestBadPathErrorEchoesNothing(t *testing.T) {
	c, mt := newTestClient(t)
	err := c.Do(context.Background(), "GET", "contacts.json?x=%zz&email=jane.doe@example.com\x7f", nil, nil, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "jane")
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

// Item 6: a write stopped by the caller's deadline after it was sent says
// it may have been applied.
func TestWriteStoppedByDeadlineMayHaveApplied(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBaseURL+"/matters.json", func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done() // Clio is slow; the write has arrived
		return nil, req.Context().Err()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "x"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, MayHaveApplied(err), "the POST left the process: %v", err)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.True(t, re.MayHaveApplied)
	assert.Contains(t, err.Error(), "may have been applied")

	// A GET stopped the same way is not a write: no such claim.
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	_, err = c.Matters.Get(ctx2, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, MayHaveApplied(err))
}

// errAfter is a body that yields its bytes and then fails, as a connection
// cut mid-stream does.
type errAfter struct{ r io.Reader }

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
func (e *errAfter) Close() error { return nil }

// Items 6 and 16: a 2xx write answer that cannot be read says the write was
// applied, with the status and the record id when the body shows it.
func TestUnreadableWriteAnswerSaysApplied(t *testing.T) {
	for name, tc := range map[string]struct {
		body   func() io.ReadCloser
		wantID string
	}{
		"truncated": {func() io.ReadCloser {
			return io.NopCloser(strings.NewReader(`{"data":{"id":77,"etag":"\"e1\"","display_number":"00`))
		}, "77"},
		"cut midway": {func() io.ReadCloser { return &errAfter{strings.NewReader(`{"data":{"id":78,"etag":"\"e2\"","desc`)} }, "78"},
		"html":       {func() io.ReadCloser { return io.NopCloser(strings.NewReader(`<html>ok</html>`)) }, ""},
		"wrong type": {func() io.ReadCloser {
			return io.NopCloser(strings.NewReader(`{"data":{"id":79,"etag":"\"e3\"","status":12}}`))
		}, "79"},
		"no data": {func() io.ReadCloser { return io.NopCloser(strings.NewReader(`{}`)) }, ""},
		"trailing junk": {func() io.ReadCloser {
			return io.NopCloser(strings.NewReader(`{"data":{"id":80,"etag":"\"e4\""}} <html>`))
		}, "80"},
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("POST", testBaseURL+"/matters.json", func(req *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 201, Header: http.Header{}, Body: tc.body(), Request: req}, nil
			})
			m, err := c.Matters.Create(context.Background(), MatterCreate{Client: Ref{ID: 1}, Description: "x"})
			require.Error(t, err)
			assert.Nil(t, m)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.True(t, de.Applied)
			assert.True(t, MayHaveApplied(err))
			assert.Equal(t, 201, de.StatusCode)
			assert.Equal(t, tc.wantID, de.ID)
			assert.Contains(t, err.Error(), "the write was applied")
			assert.Equal(t, 1, mt.GetTotalCallCount(), "not resent")
		})
	}
}

// Item 7: Retry-After on a 5xx is capped like a 429's, and huge values
// saturate instead of wrapping into a short wait.
func TestRetryAfterCappedOnEveryStatusAndSaturates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetryAfter: time.Second}))
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(503, "").HeaderSet(http.Header{"Retry-After": {"3600"}}))
		start := time.Now()
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, ErrServer)
		assert.Less(t, time.Since(start), 2*time.Second, "no hour-long sleep")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
	for _, v := range []string{"9223372037", "9223372036854775807", "99999999999999999999999"} {
		d, ok := retryAfter(http.Header{"Retry-After": {v}}, time.Now())
		require.True(t, ok, v)
		assert.GreaterOrEqual(t, d, 100*365*24*time.Hour, "%s must saturate, got %s", v, d)
	}
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"9223372037"}}))
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "an overflowing Retry-After is not a short wait")
	})
}

// Item 9: success bodies are bounded, counted after decompression, and
// refusing one costs little heap.
func TestSuccessBodyIsBounded(t *testing.T) {
	big := strings.Repeat(" ", 4<<20) + `{"data":{"id":1,"etag":"\"e\""}}`
	c, mt := newTestClient(t, WithMaxResponseBytes(1<<20))
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, big))
	_, err := c.Matters.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrResponseTooLarge)

	// Announced length: refused before reading.
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, ContentLength: 1 << 30, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
	})
	_, err = c.Matters.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrResponseTooLarge)

	// A body exactly at the bound is fine.
	exact := `{"data":{"id":1,"etag":"\"e\""}}`
	c2, mt2 := newTestClient(t, WithMaxResponseBytes(int64(len(exact))))
	mt2.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, exact))
	m, err := c2.Matters.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, int64(1), m.ID)
}

// endless streams n bytes of spaces without holding them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), e.n)]
	for i := range p {
		p[i] = ' '
	}
	e.n -= int64(len(p))
	return len(p), nil
}
func (e *endless) Close() error { return nil }

func TestOversizedBodyRefusalHeapCost(t *testing.T) {
	const bound = 1 << 20
	c, mt := newTestClient(t, WithMaxResponseBytes(bound))
	body := &endless{n: 256 << 20}
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, ContentLength: -1, Header: http.Header{}, Body: body, Request: req}, nil
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Matters.Get(context.Background(), 1)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.LessOrEqual(t, 256<<20-body.n, int64(bound+64<<10), "reading stopped at the bound")
	if raceEnabled {
		return
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(8*bound), "a 256 MiB answer refused at a 1 MiB bound allocated %d bytes", allocated)
}

func TestGzipBodyBoundCountsDecompressedBytes(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(`{"data":{"id":1,"etag":"\"e\"","description":"`))
	_, _ = zw.Write(bytes.Repeat([]byte("a"), 32<<20))
	_, _ = zw.Write([]byte(`"}}`))
	require.NoError(t, zw.Close())
	require.Less(t, gz.Len(), 256<<10, "the compressed answer is small")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(gz.Bytes())
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/api/v4"), WithAccessToken(testToken))
	require.NoError(t, err)
	_, err = c.Matters.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrResponseTooLarge, "32 MiB after decompression is over the 16 MiB default")
}

// Item 10: answers without data, with an error body or with trailing
// garbage are errors, never a zero record.
func TestAnswersWithoutDataAreErrors(t *testing.T) {
	for name, body := range map[string]string{
		"data null":   `{"data":null}`,
		"empty":       `{}`,
		"null":        `null`,
		"error body":  `{"error":{"type":"InternalError","message":"boom"}}`,
		"trailing":    `{"data":{"id":1,"etag":"\"e\""}}{"data":{"id":2}}`,
		"not json":    `<html></html>`,
		"data string": `{"data":"x"}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, body))
			m, err := c.Matters.Get(context.Background(), 1)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.False(t, MayHaveApplied(err), "a GET changes nothing")
		})
	}
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"error":{"type":"InternalError","message":"boom"}}`))
	_, err := c.Matters.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InternalError", apiErr.Type)
}

// Item 13: a fixed token Clio rejected is not sent again.
func TestRejectedFixedTokenFailsFastLocally(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(401, fixture(t, "core/error_401_invalid_token.json")))
	_, err := c.Matters.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrUnauthorized)
	for range 3 {
		_, err = c.Matters.Get(context.Background(), 1)
		var tr *TokenRejectedError
		require.ErrorAs(t, err, &tr)
		require.ErrorIs(t, err, ErrUnauthorized)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the dead token went out once")

	// A new token is sent again.
	c2, err := c.Clone(WithAccessToken("new-token"))
	require.NoError(t, err)
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1,"etag":"\"e\""}}`))
	_, err = c2.Matters.Get(context.Background(), 1)
	require.NoError(t, err)
}

// Item 14: unset means default for every policy field; NoRetries says none.
func TestRetryPolicyUnsetMeansDefault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxWait: time.Second}))
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(503, ""))
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, ErrServer)
		assert.Equal(t, 1+DefaultRetryPolicy().MaxRetries, mt.GetTotalCallCount())
	})
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: NoRetries}))
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"1"}}))
		err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}

// Item 22: APIError says when a write may have been applied.
func TestAPIErrorSaysMayHaveApplied(t *testing.T) {
	e := &APIError{StatusCode: 503, Method: "POST", URL: "https://app.clio.com/api/v4/matters.json", MayHaveApplied: true}
	assert.Contains(t, e.Error(), "may have been applied")
	e.MayHaveApplied = false
	assert.NotContains(t, e.Error(), "applied")
	assert.True(t, MayHaveApplied(&APIError{MayHaveApplied: true}))
	assert.False(t, MayHaveApplied(errors.New("x")))
}

// Item 21: every local refusal matches ErrInvalidArgument and names its
// parameter; nothing is sent.
func TestLocalRefusalsAreArgumentErrors(t *testing.T) {
	c, mt := newTestClient(t)
	ctx := context.Background()
	drain := func(p *MatterPager) error { _, err := p.NextPage(ctx); return err }
	_, calErr := c.CalendarEntries.Create(ctx, CalendarEntryCreate{Summary: "x"})
	for param, err := range map[string]error{
		"Limit":  drain(c.Matters.List(MatterListParams{Limit: 201})),
		"Limit ": drain(c.Matters.List(MatterListParams{Limit: -1})),
		"Client": func() error { _, err := c.Matters.Create(ctx, MatterCreate{Description: "x"}); return err }(),
		"Status": func() error {
			_, err := c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "x", Status: "archived"})
			return err
		}(),
		"CalendarOwner":  calErr,
		"WithAPIVersion": func() error { _, err := NewClient(WithAccessToken("x"), WithAPIVersion("5")); return err }(),
		"NewClient":      func() error { _, err := NewClient(); return err }(),
		"WithBaseURL": func() error {
			_, err := NewClient(WithAccessToken("x"), WithBaseURL("http://clio.example/api/v4"))
			return err
		}(),
		"WithRetryPolicy": func() error {
			_, err := NewClient(WithAccessToken("x"), WithRetryPolicy(RetryPolicy{BaseWait: -1}))
			return err
		}(),
	} {
		require.ErrorIs(t, err, ErrInvalidArgument, param)
		var ae *ArgumentError
		require.ErrorAs(t, err, &ae, param)
		assert.Equal(t, strings.TrimSpace(param), ae.Param)
	}
	require.ErrorIs(t, calErr, ErrNoCalendarOwner, "the specific sentinel still matches")
	assert.Equal(t, 0, mt.GetTotalCallCount())

	// The range is the operation's: users take up to 2000 a page.
	mt.RegisterResponder("GET", testBaseURL+"/users.json", httpmock.NewStringResponder(200, `{"data":[],"meta":{"paging":{}}}`))
	_, err := c.Users.List(UserListParams{Limit: 2000}).NextPage(ctx)
	require.NoError(t, err)
}

// A write whose 201 arrives as the caller's context ends is the result,
// not a bare context error a caller would retry (and duplicate).
func TestWriteAnsweredAsContextEndsIsTheResult(t *testing.T) {
	c, mt := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mt.RegisterResponder("POST", testBaseURL+"/matters.json", func(req *http.Request) (*http.Response, error) {
		cancel() // the deadline passes as Clio answers
		return httpmock.NewStringResponse(201, `{"data":{"id":42,"etag":"\"e\""}}`), nil
	})
	m, err := c.Matters.Create(ctx, MatterCreate{Client: Ref{ID: 1}, Description: "x"})
	if err != nil {
		assert.True(t, MayHaveApplied(err), "an applied write must say so: %v", err)
		return
	}
	assert.Equal(t, int64(42), m.ID)
}

// A write whose connection was never opened was not applied.
func TestWriteThatNeverLeftIsNotMayHaveApplied(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, err := NewClient(WithBaseURL("http://"+addr+"/api/v4"), WithAccessToken(testToken),
		WithRetryPolicy(RetryPolicy{MaxRetries: 1, BaseWait: time.Millisecond, MaxWait: time.Millisecond}))
	require.NoError(t, err)
	_, err = c.Matters.Create(context.Background(), MatterCreate{Client: Ref{ID: 1}, Description: "x"})
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.False(t, MayHaveApplied(err), "a refused dial sent nothing: %v", err)
	assert.NotContains(t, err.Error(), "may have been applied")
}

// A DELETE retried after a 429 (refused, so not applied) that then gets a
// 404 did not delete anything: the 404 is the answer.
func TestDeleteAfterA429Then404IsNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("DELETE", matterURL, httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(429, ""), httpmock.NewStringResponse(404, `{"error":{"type":"RecordNotFound","message":"x"}}`),
		}))
		err := c.Matters.Delete(context.Background(), 1)
		require.ErrorIs(t, err, ErrNotFound)

		mt.RegisterResponder("DELETE", matterURL, httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(503, ""), httpmock.NewStringResponse(404, `{"error":{"type":"RecordNotFound","message":"x"}}`),
		}))
		require.NoError(t, c.Matters.Delete(context.Background(), 1), "after a 503 the first attempt most likely deleted it")
	})
}

// The limiter's refusal names the call it refused.
func TestLimiterRefusalNamesTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetryAfter: time.Second}))
		reset := strconv.FormatInt(time.Now().Add(50*time.Second).Unix(), 10)
		mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(200, `{"data":{"id":1,"etag":"\"e\""}}`).
			HeaderSet(http.Header{"X-RateLimit-Limit": {"50"}, "X-RateLimit-Remaining": {"0"}, "X-RateLimit-Reset": {reset}}))
		_, err := c.Matters.Get(context.Background(), 1)
		require.NoError(t, err)
		_, err = c.Matters.Get(context.Background(), 1)
		var rl *RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, "GET", rl.Method)
		assert.Equal(t, testBaseURL+"/matters/1.json", rl.URL)
		assert.Contains(t, err.Error(), "GET "+testBaseURL+"/matters/1.json")
	})
}

func TestBaseURLWithUserInfoIsRefused(t *testing.T) {
	_, err := NewClient(WithAccessToken("x"), WithBaseURL("https://user:s3cret@proxy.example/api/v4"))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "s3cret")
}

func TestWebhookRefusalsAreArgumentErrorsWithoutTheURL(t *testing.T) {
	c, mt := newTestClient(t)
	_, err := c.Webhooks.Create(context.Background(), WebhookCreate{URL: "http://hooks.example/x?token=hunter2", Model: WebhookModelMatter})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.NotContains(t, err.Error(), "hunter2")
	_, err = c.Webhooks.Create(context.Background(), WebhookCreate{URL: "https://hooks.example/x", Model: "spaceship"})
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.Webhooks.Create(context.Background(), WebhookCreate{URL: "http://hooks.test/x", Model: WebhookModelMatter, ExpiresAt: Time(time.Now().Add(-time.Hour))})
	require.ErrorIs(t, err, ErrInvalidArgument, "a .test host may be http, as for the base URL; the past expiry is refused")
	assert.Zero(t, mt.GetTotalCallCount())
}

// Issue 18 item 2: a GET cut by the caller's deadline is a *RequestError
// naming the call, as a POST's is, and still matches
// context.DeadlineExceeded; so is one cut while it waits for the rate
// limit, before anything was sent.
func TestReadStoppedByDeadlineIsRequestError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
			<-req.Context().Done()
			return nil, req.Context().Err()
		})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.Matters.Get(ctx, 1)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "GET", re.Method)
		assert.Equal(t, matterURL, re.URL)
		assert.Equal(t, 1, re.Attempts)
		assert.False(t, re.MayHaveApplied)
		assert.Equal(t, "clio: GET "+matterURL+" failed after 1 attempt(s): context deadline exceeded", err.Error())

		// Cut while the rate limiter holds it: nothing was sent.
		l := c.RateLimiter()
		require.NoError(t, l.wait(context.Background(), time.Minute))
		l.observe(rateLimitResponse(200, "1", "0", fmt.Sprint(time.Now().Add(time.Minute).Unix())), time.Now())
		mt.Reset()
		ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
		defer cancel2()
		err = c.Do(ctx2, "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 0, re.Attempts)
		assert.Equal(t, "clio: GET "+matterURL+" not sent: context deadline exceeded", err.Error())
		assert.Zero(t, mt.GetTotalCallCount())

		// Cancelled, the same.
		ctx3, cancel3 := context.WithCancel(context.Background())
		cancel3()
		err = c.Do(ctx3, "GET", "matters/1.json", nil, nil, nil)
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorAs(t, err, &re)
	})
}
