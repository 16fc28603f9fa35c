package clio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestRequestsCarryAuthVersionAndRegionHost(t *testing.T) {
	for _, tc := range []struct {
		region Region
		url    string
	}{
		{RegionUS, "https://app.clio.com/api/v4/users/who_am_i.json"},
		{RegionEU, "https://eu.app.clio.com/api/v4/users/who_am_i.json"},
		{RegionCA, "https://ca.app.clio.com/api/v4/users/who_am_i.json"},
		{RegionAU, "https://au.app.clio.com/api/v4/users/who_am_i.json"},
	} {
		t.Run(string(tc.region), func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			var got *http.Request
			mt.RegisterResponder("GET", tc.url, func(req *http.Request) (*http.Response, error) {
				got = req
				return httpmock.NewStringResponse(200, `{"data":{"id":1}}`), nil
			})
			c, err := NewClient(WithRegion(tc.region), WithAccessToken(testToken), WithHTTPClient(&http.Client{Transport: mt}))
			require.NoError(t, err)
			require.NoError(t, c.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, nil))
			require.NotNil(t, got, "no request reached %s", tc.url)
			assert.Equal(t, "Bearer "+testToken, got.Header.Get("Authorization"))
			assert.Equal(t, DefaultAPIVersion, got.Header.Get("X-API-VERSION"))
			assert.Equal(t, "application/json", got.Header.Get("Accept"))
			assert.Contains(t, got.Header.Get("User-Agent"), "clio-go/")
		})
	}
}

func TestBaseURLWithPathPrefix(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://proxy.internal/firm-7/clio/api/v4/matters/1.json",
		httpmock.NewStringResponder(200, `{"data":{"id":1,"etag":"\"e\""}}`))
	c, err := NewClient(WithBaseURL("https://proxy.internal/firm-7/clio/api/v4"), WithAccessToken(testToken),
		WithHTTPClient(&http.Client{Transport: mt}), WithAPIVersion("4.0.12"), WithUserAgent("acme-intake/1.2"))
	require.NoError(t, err)
	var out struct {
		Data struct{ ID int64 }
	}
	require.NoError(t, c.Do(context.Background(), "GET", "/matters/1.json", nil, nil, &out))
	assert.Equal(t, int64(1), out.Data.ID)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestVersionAndUserAgentOptions(t *testing.T) {
	c, mt := newTestClient(t, WithAPIVersion("4.0.12"), WithUserAgent("acme-intake/1.2"))
	mt.RegisterResponder("GET", testBaseURL+"/users/who_am_i.json", func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, "4.0.12", req.Header.Get("X-API-VERSION"))
		assert.Equal(t, "acme-intake/1.2 clio-go/"+Version, req.Header.Get("User-Agent"))
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	require.NoError(t, c.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, nil))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestNewClientValidatesOptions(t *testing.T) {
	for name, opts := range map[string][]Option{
		"no token":        {WithRegion(RegionUS)},
		"bad region":      {WithAccessToken("x"), WithRegion("mars")},
		"relative base":   {WithAccessToken("x"), WithBaseURL("/api/v4")},
		"ftp base":        {WithAccessToken("x"), WithBaseURL("ftp://app.clio.com/api/v4")},
		"plain http":      {WithAccessToken("x"), WithBaseURL("http://app.clio.com/api/v4")},
		"oauth2 client":   {WithAccessToken("x"), WithHTTPClient(oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})))},
		"bad version":     {WithAccessToken("x"), WithAPIVersion("5")},
		"empty token":     {WithAccessToken("")},
		"nil source":      {WithTokenSource(nil)},
		"negative policy": {WithAccessToken("x"), WithRetryPolicy(RetryPolicy{MaxRetries: -2})},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewClient(opts...)
			assert.Error(t, err)
		})
	}
	for _, base := range []string{"http://127.0.0.1:8080/api/v4", "http://[::1]:9/api/v4", "http://localhost/api/v4", "http://clio.test/api/v4"} {
		_, err := NewClient(WithAccessToken("x"), WithBaseURL(base))
		assert.NoError(t, err, "plain http stays on the machine: %s", base)
	}
}

func TestCloneSharesTransportAndSplitsLimiterByToken(t *testing.T) {
	c, mt := newTestClient(t)
	sameToken, err := c.Clone(WithAPIVersion("4.0.12"))
	require.NoError(t, err)
	assert.Same(t, c.RateLimiter(), sameToken.RateLimiter(), "same token: same limiter")

	otherFirm, err := c.Clone(WithAccessToken("other-firm-token"))
	require.NoError(t, err)
	assert.NotSame(t, c.RateLimiter(), otherFirm.RateLimiter(), "Clio limits per token")

	shared := NewRateLimiter()
	a, err := c.Clone(WithAccessToken("t1"), WithRateLimiter(shared))
	require.NoError(t, err)
	b, err := a.Clone(WithAccessToken("t1"))
	require.NoError(t, err)
	assert.Same(t, shared, a.RateLimiter())
	assert.Same(t, shared, b.RateLimiter(), "an explicitly shared limiter stays shared")

	mt.RegisterResponder("GET", testBaseURL+"/users/who_am_i.json", func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, "Bearer other-firm-token", req.Header.Get("Authorization"))
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	require.NoError(t, otherFirm.Do(context.Background(), "GET", "users/who_am_i.json", nil, nil, nil))
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the clone uses the parent's transport")
}

func TestDoRefusesAbsoluteURLOnAnotherHost(t *testing.T) {
	c, mt := newTestClient(t)
	err := c.Do(context.Background(), "GET", "https://evil.example.com/api/v4/matters.json", nil, nil, nil)
	var fh *ForeignHostError
	require.ErrorAs(t, err, &fh)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestRedirectOffHostIsNotFollowed(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/documents/9/download.json", func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", "https://storage.example.com/file?sig=abc")
		return resp, nil
	})
	mt.RegisterResponder("GET", "https://storage.example.com/file", httpmock.NewStringResponder(200, "secret file"))
	// A download asks for the redirect back, to follow it without the token.
	resp, err := c.send(context.Background(), &request{method: "GET", path: "documents/9/download.json", allowRedirect: true})
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, 0, mt.GetCallCountInfo()["GET https://storage.example.com/file"], "the API client must not carry the token off-host")

	// Anything else is told where the redirect led, without its query.
	err = c.Do(context.Background(), "GET", "documents/9/download.json", nil, nil, nil)
	var fh *ForeignHostError
	require.ErrorAs(t, err, &fh)
	assert.Equal(t, "https://storage.example.com/file", fh.URL)
	assert.Equal(t, 0, mt.GetCallCountInfo()["GET https://storage.example.com/file"])
}

func TestDoEncodesBodyAndDecodesResult(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBaseURL+"/notes.json", func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
		assert.JSONEq(t, `{"data":{"subject":"Call"}}`, string(readBody(t, req)))
		return httpmock.NewStringResponse(201, `{"data":{"id":5,"subject":"Call"}}`), nil
	})
	var out struct {
		Data struct {
			ID      int64  `json:"id"`
			Subject string `json:"subject"`
		} `json:"data"`
	}
	require.NoError(t, c.Do(context.Background(), "POST", "notes.json", nil, map[string]any{"data": map[string]string{"subject": "Call"}}, &out))
	assert.Equal(t, int64(5), out.Data.ID)
	assert.Equal(t, "Call", out.Data.Subject)
}

func TestSchemeRelativePathIsRefused(t *testing.T) {
	c, mt := newTestClient(t)
	err := c.Do(context.Background(), "GET", "//evil.example.com/x", nil, nil, nil)
	assert.ErrorContains(t, err, "a host needs a scheme")
	assert.Zero(t, mt.GetTotalCallCount())
}

func TestEscapedPathSegmentIsKept(t *testing.T) {
	c, mt := newTestClient(t)
	var got string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		got = r.URL.EscapedPath()
		return httpmock.NewStringResponse(200, `{"data":{}}`), nil
	})
	require.NoError(t, c.Do(context.Background(), "GET", "/folders/a%2Fb.json", nil, nil, nil))
	assert.Equal(t, "/api/v4/folders/a%2Fb.json", got, "an escaped slash must stay one segment")
}

func TestRequestErrorHoldsNoQueryValues(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: 1, BaseWait: time.Millisecond, MaxWait: time.Millisecond}))
	mt.RegisterNoResponder(httpmock.NewErrorResponder(errors.New("connection reset by peer")))
	err := c.Do(context.Background(), "GET", "contacts.json", url.Values{"query": {"jane.doe@example.com"}}, nil, nil)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Attempts)
	assert.Contains(t, err.Error(), "connection reset by peer")
	assert.NotContains(t, err.Error(), "jane", "query values can be client data")
	assert.NotContains(t, err.Error(), "query=")
}
