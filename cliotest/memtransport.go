package cliotest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// errDropped is what the in-memory transport returns for a dropped
// connection.
var errDropped = errors.New("cliotest: connection dropped (injected fault)")

// memTransport serves requests by calling the server's handler in the
// calling goroutine, with no network. It is used with [InMemory].
type memTransport struct{ s *Server }

// RoundTrip implements http.RoundTripper.
func (t *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	var host Host
	switch {
	case strings.EqualFold(req.URL.Host, strings.TrimPrefix(t.s.apiURL, "http://")):
		host = HostAPI
	case strings.EqualFold(req.URL.Host, strings.TrimPrefix(t.s.storageURL, "http://")):
		host = HostStorage
	default:
		return nil, fmt.Errorf("cliotest: in-memory transport cannot reach %s", req.URL.Host)
	}
	t.s.mu.Lock()
	closed := t.s.closed
	t.s.mu.Unlock()
	if closed {
		return nil, errors.New("cliotest: server closed")
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	sr := req.Clone(req.Context())
	sr.RequestURI = req.URL.RequestURI()
	sr.RemoteAddr = "127.0.0.1:1"
	sr.Host = req.URL.Host
	if sr.Body == nil {
		sr.Body = http.NoBody
	}
	w := &memWriter{header: http.Header{}}
	t.s.serve(host, w, sr)
	if w.dropped {
		return nil, errDropped
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(bytes.NewReader(w.buf.Bytes())),
		ContentLength: int64(w.buf.Len()),
		Request:       req,
	}, nil
}

// memWriter is the in-memory ResponseWriter.
type memWriter struct {
	header  http.Header
	status  int
	buf     bytes.Buffer
	dropped bool
}

func (w *memWriter) Header() http.Header { return w.header }

func (w *memWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *memWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

// drop ends a request without a response: the in-memory writer reports an
// error to the client; a real connection is hijacked, sent a truncated
// status line and closed. The partial line matters: Go's transport silently
// replays an idempotent request when a reused connection closes before the
// first response byte, which would hide the fault from the caller.
func (s *Server) drop(w http.ResponseWriter, e *Request) {
	e.Dropped = true
	e.Status = 0
	s.record(*e)
	if mw, ok := w.(*memWriter); ok {
		mw.dropped = true
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_, _ = buf.WriteString("HTTP/1.1 5")
	_ = buf.Flush()
	_ = conn.Close()
}
