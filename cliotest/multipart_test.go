package cliotest_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-sdk/clio-go/cliotest"
)

// The fields the SDK asks for on a multipart create and on a batch PATCH.
const (
	mpCreateFields = "id,latest_document_version{uuid,put_headers,multiparts}"
	mpBatchFields  = "id,latest_document_version{uuid,multiparts}"
)

// mpUpload is a multipart upload driven over raw HTTP.
type mpUpload struct {
	t     *testing.T
	w     *wire
	docID int64
	uuid  string
	urls  map[int]string            // put_url by part number
	hdrs  map[int]map[string]string // put_headers by part number
	made  reply                     // the create's answer
}

// specs builds multiparts entries numbered from first, one per length.
func specs(first int, lengths ...int) []map[string]any {
	out := make([]map[string]any, len(lengths))
	for i, n := range lengths {
		out[i] = map[string]any{"part_number": first + i, "content_length": n}
	}
	return out
}

// partBytes is n bytes of the letter for part number.
func partBytes(number, n int) []byte { return bytes.Repeat([]byte{byte('a' + (number-1)%26)}, n) }

func md5b64(b []byte) string {
	sum := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func createMultipart(w *wire, parts []map[string]any) reply {
	w.t.Helper()
	return w.do("POST", "/api/v4/documents.json?fields="+url.QueryEscape(mpCreateFields), data(map[string]any{
		"name": "big.pdf", "parent": map[string]any{"id": w.srv.Demo().JaneDoeMatterID, "type": "Matter"}, "multiparts": parts,
	}))
}

func startMultipart(t *testing.T, w *wire, parts []map[string]any) *mpUpload {
	t.Helper()
	r := createMultipart(w, parts)
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	v := r.data()["latest_document_version"].(map[string]any)
	u := &mpUpload{t: t, w: w, docID: num(r.data()["id"]), uuid: v["uuid"].(string), urls: map[int]string{}, hdrs: map[int]map[string]string{}, made: r}
	u.collect(r)
	return u
}

// collect records the part URLs of an answer and returns their numbers.
func (u *mpUpload) collect(r reply) []int {
	var nums []int
	for _, x := range r.data()["latest_document_version"].(map[string]any)["multiparts"].([]any) {
		mp := x.(map[string]any)
		n := int(num(mp["part_number"]))
		nums = append(nums, n)
		u.urls[n] = mp["put_url"].(string)
		u.hdrs[n] = map[string]string{}
		for _, h := range mp["put_headers"].([]any) {
			hm := h.(map[string]any)
			u.hdrs[n][hm["name"].(string)] = hm["value"].(string)
		}
	}
	return nums
}

func (u *mpUpload) path() string { return fmt.Sprintf("/api/v4/documents/%d.json", u.docID) }

// ask PATCHes for more part URLs, as the SDK does past 50 parts.
func (u *mpUpload) ask(parts []map[string]any) reply {
	return u.w.do("PATCH", u.path()+"?fields="+url.QueryEscape(mpBatchFields),
		data(map[string]any{"uuid": u.uuid, "fully_uploaded": false, "multiparts": parts}))
}

// put PUTs content to a part's put_url with its put_headers (Go sets
// Content-Length from the body) and returns the status.
func (u *mpUpload) put(number int, content []byte) int {
	u.t.Helper()
	return put(u.t, u.w.hc, u.urls[number], content, u.hdrs[number]).StatusCode
}

func (u *mpUpload) finalise() reply {
	return u.w.do("PATCH", u.path()+"?fields="+url.QueryEscape("id,size,latest_document_version{fully_uploaded,put_url,multiparts}"),
		data(map[string]any{"uuid": u.uuid, "fully_uploaded": true}))
}

// download follows the 303 by hand, so the token stays on the API host.
func download(t *testing.T, w *wire, docID int64) []byte {
	t.Helper()
	noFollow := &http.Client{Transport: w.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", w.srv.URL()+fmt.Sprintf("/api/v4/documents/%d/download.json", docID), nil)
	req.Header.Set("Authorization", "Bearer "+w.token)
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	got, err := w.hc.Get(resp.Header.Get("Location"))
	require.NoError(t, err)
	defer got.Body.Close()
	body, err := io.ReadAll(got.Body)
	require.NoError(t, err)
	return body
}

func TestMultipartUploadAndDownload(t *testing.T) {
	w := newWire(t, cliotest.WithMinPartSize(1<<10))
	p1, p2, p3 := partBytes(1, 1<<10), partBytes(2, 1<<10), partBytes(3, 100)
	parts := specs(1, len(p1), len(p2), len(p3))
	parts[1]["content_md5"] = md5b64(p2)
	u := startMultipart(t, w, parts)
	v := u.made.data()["latest_document_version"].(map[string]any)
	assert.Equal(t, []any{
		map[string]any{"name": "x-amz-server-side-encryption", "value": "AES256"},
		map[string]any{"name": "Content-Type", "value": "application/pdf"},
	}, v["put_headers"], "the version's put_headers, as in Clio's example")
	assert.Len(t, v["multiparts"], 3)
	assert.Equal(t, map[string]string{"Content-Length": "1024", "Content-MD5": md5b64(p2)}, u.hdrs[2])
	assert.Equal(t, map[string]string{"Content-Length": "100"}, u.hdrs[3])
	for n, raw := range u.urls {
		pu, err := url.Parse(raw)
		require.NoError(t, err)
		assert.Equal(t, w.srv.StorageURL(), pu.Scheme+"://"+pu.Host, "part %d is PUT to the storage host", n)
		assert.Equal(t, strconv.Itoa(n), pu.Query().Get("partNumber"))
	}

	w.srv.ResetLog()
	for n, content := range map[int][]byte{3: p3, 1: p1, 2: p2} { // any order
		require.Equal(t, http.StatusOK, u.put(n, content), "part %d", n)
	}
	for _, e := range w.srv.Requests() {
		assert.Equal(t, cliotest.HostStorage, e.Host)
		assert.False(t, e.Authorization)
	}
	_, ok := w.srv.DocumentContent(u.docID)
	assert.False(t, ok, "nothing to read before the finalising PATCH")

	done := u.finalise()
	require.Equal(t, http.StatusOK, done.StatusCode, string(done.raw))
	whole := bytes.Join([][]byte{p1, p2, p3}, nil)
	assert.Equal(t, float64(len(whole)), done.data()["size"])
	assert.Equal(t, map[string]any{"fully_uploaded": true, "put_url": nil, "multiparts": []any{}}, done.data()["latest_document_version"])
	stored, ok := w.srv.DocumentContent(u.docID)
	require.True(t, ok)
	assert.Equal(t, whole, stored, "parts joined in part_number order")
	assert.Equal(t, whole, download(t, w, u.docID))
	assert.Equal(t, http.StatusOK, u.finalise().StatusCode, "finalising again is harmless")
	assert.Equal(t, http.StatusNotFound, u.put(1, p1), "the upload is complete")
}

func TestMultipartBatches(t *testing.T) {
	w := newWire(t, cliotest.WithMinPartSize(16))
	lengths := make([]int, 50)
	for i := range lengths {
		lengths[i] = 16
	}
	u := startMultipart(t, w, specs(1, lengths...))
	require.Len(t, u.urls, 50)

	r := u.ask(specs(51, 16, 5))
	require.Equal(t, http.StatusOK, r.StatusCode, string(r.raw))
	assert.Equal(t, u.uuid, r.data()["latest_document_version"].(map[string]any)["uuid"])
	assert.Equal(t, []int{51, 52}, u.collect(r), "the PATCH answers the parts it asked for")
	assert.Equal(t, map[string]string{"Content-Length": "5"}, u.hdrs[52])

	var whole []byte
	for n := 1; n <= 52; n++ {
		content := partBytes(n, 16)
		if n == 52 {
			content = partBytes(n, 5)
		}
		whole = append(whole, content...)
		require.Equal(t, http.StatusOK, u.put(n, content), "part %d", n)
	}
	done := u.finalise()
	require.Equal(t, http.StatusOK, done.StatusCode, string(done.raw))
	stored, _ := w.srv.DocumentContent(u.docID)
	assert.Equal(t, whole, stored)

	r = u.ask(specs(53, 16))
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "no more parts once fully uploaded")
}

func TestMultipartFinaliseErrors(t *testing.T) {
	t.Run("nothing uploaded", func(t *testing.T) {
		u := startMultipart(t, newWire(t), specs(1, 10))
		r := u.finalise()
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
		assert.Equal(t, "UploadNotFoundError", r.errType())
	})
	t.Run("missing part", func(t *testing.T) {
		u := startMultipart(t, newWire(t, cliotest.WithMinPartSize(8)), specs(1, 8, 8, 3))
		require.Equal(t, http.StatusOK, u.put(1, partBytes(1, 8)))
		require.Equal(t, http.StatusOK, u.put(3, partBytes(3, 3)))
		r := u.finalise()
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
		assert.Equal(t, "UploadNotFoundError", r.errType())
		assert.Contains(t, r.errMessage(), "part(s) [2] of 3 were not uploaded")
		require.Equal(t, http.StatusOK, u.put(2, partBytes(2, 8)))
		assert.Equal(t, http.StatusOK, u.finalise().StatusCode, "complete once the part arrives")
	})
	t.Run("part re-declared with another length", func(t *testing.T) {
		u := startMultipart(t, newWire(t, cliotest.WithMinPartSize(8)), specs(1, 8, 3))
		require.Equal(t, http.StatusOK, u.put(1, partBytes(1, 8)))
		require.Equal(t, http.StatusOK, u.put(2, partBytes(2, 3)))
		require.Equal(t, http.StatusOK, u.ask(specs(2, 4)).StatusCode)
		r := u.finalise()
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
		assert.Equal(t, "UploadNotFoundError", r.errType())
		assert.Contains(t, r.errMessage(), "part 2 holds 3 bytes, not its content_length of 4")
	})
	t.Run("part under 5 MiB", func(t *testing.T) {
		u := startMultipart(t, newWire(t), specs(1, 10, 5))
		require.Equal(t, http.StatusOK, u.put(1, partBytes(1, 10)))
		require.Equal(t, http.StatusOK, u.put(2, partBytes(2, 5)))
		r := u.finalise()
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
		assert.Contains(t, r.errMessage(), "part 1 is 10 bytes: every part but the last must be at least 5242880 bytes")
	})
}

// putCode PUTs content and returns the status and the S3 error code.
func putCode(t *testing.T, hc *http.Client, putURL string, content []byte, headers map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("PUT", putURL, bytes.NewReader(content))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var e struct{ Code string }
	_ = xml.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Code
}

func TestMultipartStorageChecks(t *testing.T) {
	w := newWire(t)
	content := partBytes(1, 64)
	parts := specs(1, 64, 64)
	parts[1]["content_md5"] = md5b64([]byte("something else"))
	u := startMultipart(t, w, parts)
	check := func(wantStatus int, wantCode, putURL string, body []byte, headers map[string]string, msg string) {
		t.Helper()
		status, code := putCode(t, w.hc, putURL, body, headers)
		assert.Equal(t, []any{wantStatus, wantCode}, []any{status, code}, msg)
	}

	check(400, "InvalidRequest", u.urls[1], content[:63], u.hdrs[1], "shorter than content_length")
	check(400, "InvalidRequest", u.urls[1], append(content, 'x'), u.hdrs[1], "longer than content_length")
	check(400, "BadDigest", u.urls[2], content, u.hdrs[2], "content_md5 does not match the bytes")
	check(403, "SignatureDoesNotMatch", u.urls[2], content, map[string]string{"Content-Length": "64"}, "the declared Content-MD5 is a signed header")
	withToken := map[string]string{"Authorization": "Bearer " + w.token, "Content-Length": "64"}
	check(400, "InvalidArgument", u.urls[1], content, withToken, "a Clio token on the storage host is refused")
	check(403, "SignatureDoesNotMatch", replaceQuery(t, u.urls[1], "X-Amz-Signature", "forged"), content, nil, "bad signature")
	check(403, "SignatureDoesNotMatch", replaceQuery(t, u.urls[2], "partNumber", "1"), content, nil, "a part's signature is its own")

	r := u.finalise()
	assert.Equal(t, "UploadNotFoundError", r.errType(), "refused PUTs store nothing")
	require.Equal(t, http.StatusOK, u.put(1, content))
}

func replaceQuery(t *testing.T, raw, key, value string) string {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestMultipartRequestLimits(t *testing.T) {
	w := newWire(t)
	many := make([]int, 51)
	for i := range many {
		many[i] = 5 << 20
	}
	for name, parts := range map[string][]map[string]any{
		"51 parts":          specs(1, many...),
		"part_number 0":     specs(0, 10),
		"part_number 10001": specs(10001, 10),
		"twice":             append(specs(1, 10), specs(1, 10)...),
		"empty part":        specs(1, 0),
	} {
		r := createMultipart(w, parts)
		assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, name)
	}
	assert.Contains(t, createMultipart(w, specs(1, many...)).errMessage(), "at most 50 parts per request")

	u := startMultipart(t, w, specs(1, 10))
	r := u.w.do("PATCH", u.path(), data(map[string]any{"uuid": u.uuid, "fully_uploaded": true, "multiparts": specs(2, 10)}))
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "multiparts belong to fully_uploaded false")
	assert.Equal(t, http.StatusUnprocessableEntity, u.ask(specs(1, many...)).StatusCode, "the 50-part bound holds for PATCH too")

	single := w.do("POST", "/api/v4/documents.json?fields=id,latest_document_version{uuid}", data(map[string]any{
		"name": "small.pdf", "parent": map[string]any{"id": w.srv.Demo().JaneDoeMatterID, "type": "Matter"},
	}))
	require.Equal(t, http.StatusCreated, single.StatusCode)
	su := &mpUpload{t: t, w: w, docID: num(single.data()["id"]), uuid: single.data()["latest_document_version"].(map[string]any)["uuid"].(string)}
	r = su.ask(specs(1, 10))
	assert.Equal(t, http.StatusUnprocessableEntity, r.StatusCode)
	assert.Contains(t, r.errMessage(), "not created as a multipart upload")
}
