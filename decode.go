package clio

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// decodeBody decodes a JSON response into out (if any) and closes it. The
// body is read whole (send bounds it) and must be exactly one JSON value:
// trailing data is an error. Any failure is a *DecodeError, which for a
// write says that Clio applied it and carries the record id when the body
// shows one.
func decodeBody(resp *http.Response, out any) error {
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		drain(resp.Body)
		return nil
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBodyBuffer(buf)
	if n := resp.ContentLength; n > 0 && n <= maxPooledBody {
		buf.Grow(int(n) + bytes.MinRead) // one read to EOF, no regrowth
	}
	_, err := buf.ReadFrom(resp.Body)
	b := buf.Bytes()
	if err == nil {
		// Unmarshal copies what it keeps (strings, RawMessage), so the
		// buffer can go back to the pool.
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		return newDecodeError(resp, b, err)
	}
	return nil
}

// bodyBuffers recycles the buffers answers are read into; a buffer that
// grew past maxPooledBody is dropped rather than kept.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledBody = 1 << 20

func putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBody {
		return
	}
	b.Reset()
	bodyBuffers.Put(b)
}

// decodeData decodes Clio's {"data": ...} envelope into out. A body without
// data (null, {}, {"data": null}) or one carrying an error is an error,
// not an empty record.
func decodeData[T any](resp *http.Response) (*T, error) {
	var env struct {
		Data  *T              `json:"data"`
		Error json.RawMessage `json:"error"`
	}
	if err := decodeBody(resp, &env); err != nil {
		return nil, err
	}
	if len(env.Error) > 0 && string(env.Error) != "null" {
		typ, msg := parseErrorBody([]byte(`{"error":` + string(env.Error) + `}`))
		return nil, &APIError{StatusCode: resp.StatusCode, Type: typ, Message: msg, Method: resp.Request.Method,
			URL: redactURL(resp.Request.URL), Header: resp.Header, MayHaveApplied: !idempotent(resp.Request.Method)}
	}
	if env.Data == nil {
		return nil, newDecodeError(resp, nil, errNoData)
	}
	return env.Data, nil
}

// boundedBody refuses to read past its limit, so a huge answer costs no
// more heap than the bound.
type boundedBody struct {
	io.ReadCloser
	left int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the bound from a larger one.
		var one [1]byte
		if n, _ := b.ReadCloser.Read(one[:]); n > 0 {
			return 0, ErrResponseTooLarge
		}
		return b.ReadCloser.Read(p[:0])
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
