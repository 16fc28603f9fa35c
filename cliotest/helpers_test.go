package cliotest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clio-sdk/clio-go/cliotest"
)

// wire sends raw HTTP requests to a server with a valid token.
type wire struct {
	t     testing.TB
	srv   *cliotest.Server
	token string
	hc    *http.Client
}

func newWire(t testing.TB, opts ...cliotest.Option) *wire {
	t.Helper()
	srv := cliotest.NewServer(t, opts...)
	return &wire{t: t, srv: srv, token: srv.IssueToken().AccessToken, hc: srv.HTTPClient()}
}

// reply is a decoded answer.
type reply struct {
	*http.Response
	raw  []byte
	json map[string]any
}

// data returns the "data" object of a single-record answer.
func (r reply) data() map[string]any {
	d, _ := r.json["data"].(map[string]any)
	return d
}

// list returns the "data" array of a list answer.
func (r reply) list() []map[string]any {
	arr, _ := r.json["data"].([]any)
	out := make([]map[string]any, len(arr))
	for i, x := range arr {
		out[i], _ = x.(map[string]any)
	}
	return out
}

// next returns meta.paging.next, or "".
func (r reply) next() string {
	m, _ := r.json["meta"].(map[string]any)
	p, _ := m["paging"].(map[string]any)
	n, _ := p["next"].(string)
	return n
}

// errType returns error.type of a Clio error envelope.
func (r reply) errType() string {
	e, _ := r.json["error"].(map[string]any)
	s, _ := e["type"].(string)
	return s
}

func (r reply) errMessage() string {
	e, _ := r.json["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

// do sends method to path (relative to the server URL, or absolute) with
// an optional JSON body and header pairs, and decodes a JSON answer.
func (w *wire) do(method, path string, body any, headers ...string) reply {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(w.t, err)
		rd = bytes.NewReader(b)
	}
	url := path
	if len(path) > 0 && path[0] == '/' {
		url = w.srv.URL() + path
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(w.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if w.token != "" {
		req.Header.Set("Authorization", "Bearer "+w.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := w.hc.Do(req)
	require.NoError(w.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(w.t, err)
	r := reply{Response: resp, raw: raw}
	if len(raw) > 0 && raw[0] == '{' {
		require.NoError(w.t, json.Unmarshal(raw, &r.json), "body: %s", raw)
	}
	return r
}

// data wraps a request body in Clio's envelope.
func data(v map[string]any) map[string]any { return map[string]any{"data": v} }

// ref builds {"id": n}.
func ref(id int64) map[string]any { return map[string]any{"id": id} }

// num converts a decoded JSON number to int64.
func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}
