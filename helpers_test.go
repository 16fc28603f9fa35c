package clio

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update", false, "rewrite golden request bodies in testdata/")

// testBaseURL has a path prefix on purpose, to catch absolute-path bugs.
const testBaseURL = "https://app.clio.com/api/v4"

const testToken = "test-access-token-7f3c"

// newTestClient returns a client whose requests, API and storage, go to
// an httpmock transport, with no retry waits worth speaking of.
func newTestClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	base := []Option{
		WithBaseURL(testBaseURL),
		WithAccessToken(testToken),
		WithHTTPClient(&http.Client{Transport: mt}),
		WithStorageHTTPClient(&http.Client{Transport: mt}),
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c, mt
}

// fixture reads testdata/<name>.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

// jsonResponder answers with status and the fixture testdata/<name>.
func jsonResponder(t *testing.T, status int, name string) httpmock.Responder {
	t.Helper()
	r := httpmock.NewStringResponder(status, fixture(t, name))
	return r.HeaderSet(http.Header{"Content-Type": {"application/json; charset=utf-8"}})
}

// assertGoldenJSON compares a request body with testdata/golden/<name>
// as JSON values (key order and spacing do not matter). Run the tests with
// -update to rewrite the golden file after an intended change.
func assertGoldenJSON(t *testing.T, name string, body []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		var v any
		require.NoError(t, json.Unmarshal(body, &v))
		pretty, err := json.MarshalIndent(v, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, append(pretty, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test -run %s -update", t.Name())
	require.JSONEq(t, string(want), string(body))
}

// readBody reads and restores a request body inside a responder.
func readBody(t *testing.T, req *http.Request) []byte {
	t.Helper()
	if req.Body == nil {
		return nil
	}
	b, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	return b
}
