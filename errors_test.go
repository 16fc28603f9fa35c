package clio

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorStatusesMatchSentinels(t *testing.T) {
	for _, tc := range []struct {
		status   int
		fixture  string
		sentinel error
		typ      string
	}{
		{400, "core/error_400_invalid_fields.json", ErrBadRequest, "InvalidFields"},
		{404, "core/error_404.json", ErrNotFound, "RecordNotFound"},
		{412, "core/error_412.json", ErrPreconditionFailed, "PreconditionFailed"},
		{422, "core/error_422.json", ErrValidation, "UnprocessableEntity"},
		{410, "", ErrGone, ""},
		{403, "core/error_404.json", ErrForbidden, "RecordNotFound"},
		{409, "core/error_404.json", ErrConflict, "RecordNotFound"},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			c, mt := newTestClient(t)
			body := ""
			if tc.fixture != "" {
				body = fixture(t, tc.fixture)
			}
			mt.RegisterResponder("PATCH", matterURL, httpmock.NewStringResponder(tc.status, body))
			err := c.Do(context.Background(), "PATCH", "matters/1.json", nil, map[string]any{"data": map[string]any{}}, nil)
			require.ErrorIs(t, err, tc.sentinel)
			for _, other := range []error{ErrBadRequest, ErrNotFound, ErrPreconditionFailed, ErrValidation, ErrGone, ErrForbidden, ErrConflict} {
				if other != tc.sentinel {
					assert.NotErrorIs(t, err, other)
				}
			}
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.typ, apiErr.Type)
			assert.Equal(t, "PATCH", apiErr.Method)
			assert.Equal(t, matterURL, apiErr.URL)
		})
	}
}

func TestInvalidFieldsMessageIsDecoded(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(400, fixture(t, "core/error_400_invalid_fields.json")))
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "document_versions is not a valid field", apiErr.Message)
}

func TestOAuthShaped401IsDecoded(t *testing.T) {
	c, mt := newTestClient(t) // a static token: no refresh possible
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(401, fixture(t, "core/error_401_invalid_token.json")))
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrUnauthorized)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_token", apiErr.Type)
	assert.Contains(t, apiErr.Message, "expired, revoked")
}

// countingReader counts how many bytes were read from an endless body.
type countingReader struct{ n int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	if r.n > 64<<20 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = 'x'
	}
	r.n += int64(len(p))
	return len(p), nil
}

func (r *countingReader) Close() error { return nil }

func TestErrorBodyReadIsBounded(t *testing.T) {
	c, mt := newTestClient(t)
	body := &countingReader{}
	mt.RegisterResponder("GET", matterURL, func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 404, Body: body, Header: http.Header{}, Request: req}, nil
	})
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.LessOrEqual(t, body.n, int64(1<<20), "at most 1 MiB read")
	assert.Positive(t, body.n)
}

func TestErrorStringsCarryNoSecretsOrQuery(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/contacts.json", httpmock.NewStringResponder(422,
		`{"error":{"type":"UnprocessableEntity","message":"jane.doe@example.com is already taken"}}`))
	err := c.Do(context.Background(), "GET", "contacts.json?query=jane.doe%40example.com", nil, nil, nil)
	require.Error(t, err)
	msg := err.Error()
	assert.NotContains(t, msg, testToken)
	assert.NotContains(t, msg, "query=", "the query is not in Error()")
	assert.NotContains(t, msg, "jane.doe%40", "the query is not in Error()")
	assert.Contains(t, msg, "422")
	assert.Contains(t, msg, "/api/v4/contacts.json")
}

func TestUnreadableErrorBodyStillTyped(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxRetries: NoRetries}))
	mt.RegisterResponder("GET", matterURL, httpmock.NewStringResponder(502, `<html>bad gateway</html>`))
	err := c.Do(context.Background(), "GET", "matters/1.json", nil, nil, nil)
	require.ErrorIs(t, err, ErrServer)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Empty(t, apiErr.Type)
	assert.False(t, strings.Contains(err.Error(), "<html>"))
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"error":{"type":"InvalidFields","message":"x is not a valid field"}}`))
	f.Add([]byte(`{"error":"invalid_token","error_description":"expired"}`))
	f.Add([]byte(`{"error":null}`))
	f.Add([]byte(`{"error":[1,2]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, msg := parseErrorBody(b)
		if len(typ)+len(msg) > len(b) {
			t.Fatalf("decoded more text (%q, %q) than the body holds", typ, msg)
		}
	})
}

func TestAPIErrorMayHaveAppliedOnlyForAmbiguousWrites(t *testing.T) {
	for _, tc := range []struct {
		method string
		status int
		want   bool
	}{
		{"POST", 500, true}, {"PATCH", 503, true}, {"POST", 408, true},
		{"POST", 422, false}, {"PATCH", 412, false}, {"POST", 429, false},
		{"GET", 500, false}, {"DELETE", 503, false},
	} {
		req, _ := http.NewRequest(tc.method, "https://app.clio.com/api/v4/matters.json", nil)
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: req}
		var apiErr *APIError
		require.ErrorAs(t, readAPIError(resp, 1), &apiErr)
		assert.Equal(t, tc.want, apiErr.MayHaveApplied, "%s answered %d", tc.method, tc.status)
	}
}

// Issue 18 item 1: an error answer's text says why, from Clio's message:
// on one line, bounded, and nothing of the body but the message.
func TestAPIErrorTextCarriesClioMessage(t *testing.T) {
	c, mt := newTestClient(t)
	do := func(body string) error {
		mt.RegisterResponder("POST", testBaseURL+"/activities.json", httpmock.NewStringResponder(422, body))
		return c.Do(context.Background(), "POST", "activities.json", nil, map[string]any{"data": map[string]any{}}, nil)
	}

	err := do(`{"error":{"type":"ValidationError","message":"matter 987654 does not exist"},"data":{"note":"privileged note"}}`)
	require.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, "clio: POST "+testBaseURL+"/activities.json: 422 Unprocessable Entity (ValidationError): matter 987654 does not exist", err.Error())
	assert.NotContains(t, err.Error(), "privileged", "no record body")

	// Control characters and line breaks cannot forge log lines.
	err = do(`{"error":{"type":"ValidationError","message":"  first line\nlevel=ERROR msg=forged\r\n\t\u001b[31mred\u202eevil\u2028end  "}}`)
	assert.True(t, strings.HasSuffix(err.Error(), ": first line level=ERROR msg=forged [31mred evil end"), err.Error())
	assert.NotContains(t, err.Error(), "\n")

	// Bounded: a long message is cut at a character boundary, marked.
	err = do(`{"error":{"type":"ValidationError","message":"` + strings.Repeat("é", 300) + `"}}`)
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	_, shown, _ := strings.Cut(err.Error(), "(ValidationError): ")
	assert.LessOrEqual(t, len(shown), maxErrorMessage+len("…"))
	assert.True(t, strings.HasSuffix(shown, "é…"), shown)
	assert.True(t, utf8.ValidString(err.Error()))
	assert.Len(t, ae.Message, 600, "Message keeps it whole")

	// No message, no colon.
	err = do(`{"error":{"type":"ValidationError"}}`)
	assert.True(t, strings.HasSuffix(err.Error(), "(ValidationError)"), err.Error())
}
