package clio

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uploadRecorder records the calls of an upload in order.
type uploadRecorder struct {
	steps   []string
	headers []http.Header
	bodies  [][]byte
}

func TestDocumentsUploadSingle(t *testing.T) {
	c, mt := newTestClient(t)
	rec := &uploadRecorder{}
	content := []byte("synthetic JPEG bytes \x00\x01\x02")
	createFixture := fixture(t, "documents/create_upload.json")
	var created struct {
		Data struct {
			LatestDocumentVersion struct {
				PutURL string `json:"put_url"`
			} `json:"latest_document_version"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(createFixture), &created))
	putURL, err := url.Parse(created.Data.LatestDocumentVersion.PutURL)
	require.NoError(t, err)

	mt.RegisterResponder("POST", docsURL, func(req *http.Request) (*http.Response, error) {
		rec.steps = append(rec.steps, "POST "+req.URL.Query().Get("fields"))
		assertGoldenJSON(t, "documents_upload_create.json", readBody(t, req))
		return jsonResponder(t, 201, "documents/create_upload.json")(req)
	})
	mt.RegisterResponder("PUT", storageRe, func(req *http.Request) (*http.Response, error) {
		rec.steps = append(rec.steps, "PUT")
		rec.headers = append(rec.headers, req.Header.Clone())
		assert.Equal(t, putURL.RawQuery, req.URL.RawQuery, "the signed put_url is used verbatim")
		assert.Equal(t, putURL.Path, req.URL.Path)
		assert.Equal(t, int64(len(content)), req.ContentLength)
		rec.bodies = append(rec.bodies, readBody(t, req))
		return httpmock.NewStringResponse(200, ""), nil
	})
	var ifMatch []string
	mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		rec.steps = append(rec.steps, "PATCH "+req.URL.Query().Get("fields"))
		ifMatch = append(ifMatch, req.Header.Get("If-Match"))
		assertGoldenJSON(t, "documents_upload_finalize.json", readBody(t, req))
		return jsonResponder(t, 200, "documents/mark_fully_uploaded.json")(req)
	})

	d, err := c.Documents.Upload(context.Background(), DocumentUpload{
		Name: "file.jpg", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
		Content: io.MultiReader(bytes.NewReader(content)), Size: int64(len(content)),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"POST id,etag,latest_document_version{uuid,put_url,put_headers}",
		"PUT",
		"PATCH " + defaultDocFieldsStr,
	}, rec.steps)
	// Exactly the put_headers Clio returned: no Authorization, no API headers.
	assert.Equal(t, http.Header{"X-Amz-Server-Side-Encryption": {"AES256"}, "Content-Type": {"image/jpeg"}}, rec.headers[0])
	assert.Equal(t, content, rec.bodies[0])
	assert.Equal(t, []string{`"3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c"`}, ifMatch, "the finalising PATCH is conditional on the create's etag")
	assert.Equal(t, int64(12345), d.ID, "decoded from Clio's verbatim success example")
	require.NotNil(t, d.LatestDocumentVersion)
	assert.True(t, d.LatestDocumentVersion.FullyUploaded)
}

func TestDocumentsUploadFieldsInCatalog(t *testing.T) {
	// The upload steps send fixed fields strings; they must be names the
	// Document catalog knows.
	for _, s := range []string{uploadFields, multipartCreateFields, multipartBatchFields} {
		fs, err := ParseFields(s)
		require.NoError(t, err)
		assert.NoError(t, fs.Validate("Document"), s)
	}
}

// uploadMocks registers a create and a finalize responder for document 1234.
func uploadMocks(t *testing.T, mt *httpmock.MockTransport, finalize ...httpmock.Responder) *int {
	t.Helper()
	mt.RegisterResponder("POST", docsURL, jsonResponder(t, 201, "documents/create_upload.json"))
	patches := 0
	mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		r := finalize[min(patches, len(finalize)-1)]
		patches++
		return r(req)
	})
	return &patches
}

func TestDocumentsUploadFinalizeErrors(t *testing.T) {
	up := DocumentUpload{Name: "file.jpg", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter}, Size: 3}
	t.Run("UploadTimeoutError is retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("PUT", storageRe, httpmock.NewStringResponder(200, ""))
			patches := uploadMocks(t, mt, jsonResponder(t, 422, "documents/error_upload_timeout.json"),
				jsonResponder(t, 200, "documents/mark_fully_uploaded.json"))
			up.Content = strings.NewReader("abc")
			start := time.Now()
			d, err := c.Documents.Upload(context.Background(), up)
			require.NoError(t, err)
			assert.Equal(t, int64(12345), d.ID)
			assert.Equal(t, 2, *patches)
			assert.Equal(t, time.Second, time.Since(start), "one pause before the second try")
		})
	})
	t.Run("UploadTimeoutError three times", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("PUT", storageRe, httpmock.NewStringResponder(200, ""))
			patches := uploadMocks(t, mt, jsonResponder(t, 422, "documents/error_upload_timeout.json"))
			up.Content = strings.NewReader("abc")
			_, err := c.Documents.Upload(context.Background(), up)
			assert.ErrorIs(t, err, ErrUploadTimeout)
			assert.NotErrorIs(t, err, ErrUploadNotFound)
			var ue *UploadError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, UploadError{DocumentID: 1234, Step: "finalize", Err: ue.Err}, *ue)
			assert.Equal(t, 3, *patches, "first try plus two retries")
		})
	})
	t.Run("UploadNotFoundError is not retried", func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("PUT", storageRe, httpmock.NewStringResponder(200, ""))
		patches := uploadMocks(t, mt, jsonResponder(t, 422, "documents/error_upload_not_found.json"))
		up.Content = strings.NewReader("abc")
		_, err := c.Documents.Upload(context.Background(), up)
		assert.ErrorIs(t, err, ErrUploadNotFound)
		assert.ErrorIs(t, err, ErrValidation, "the APIError stays reachable")
		var api *APIError
		require.ErrorAs(t, err, &api)
		assert.Equal(t, "UploadNotFoundError", api.Type)
		assert.Equal(t, 1, *patches)
	})
}

func TestDocumentsUploadStorageRetry(t *testing.T) {
	up := DocumentUpload{Name: "file.jpg", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter}, Size: 3}
	storage := func(t *testing.T, mt *httpmock.MockTransport, statuses ...int) *[]string {
		var got []string
		mt.RegisterResponder("PUT", storageRe, func(req *http.Request) (*http.Response, error) {
			got = append(got, string(readBody(t, req)))
			return httpmock.NewStringResponse(statuses[min(len(got)-1, len(statuses)-1)], "<Error><Code>InternalError</Code></Error>"), nil
		})
		return &got
	}
	t.Run("plain reader: one attempt", func(t *testing.T) {
		c, mt := newTestClient(t)
		got := storage(t, mt, 500, 200)
		patches := uploadMocks(t, mt, jsonResponder(t, 200, "documents/mark_fully_uploaded.json"))
		up.Content = io.MultiReader(strings.NewReader("abc"))
		_, err := c.Documents.Upload(context.Background(), up)
		var se *StorageError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, 500, se.StatusCode)
		assert.Equal(t, "InternalError", se.Code)
		assert.Contains(t, err.Error(), "not retried: Content is not an io.ReaderAt")
		var ue *UploadError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, int64(1234), ue.DocumentID)
		assert.Equal(t, "upload", ue.Step)
		assert.Equal(t, []string{"abc"}, *got)
		assert.Zero(t, *patches, "no finalize after a failed PUT")
	})
	t.Run("ReaderAt: part resent from its offset", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			got := storage(t, mt, 503, 500, 200)
			patches := uploadMocks(t, mt, jsonResponder(t, 200, "documents/mark_fully_uploaded.json"))
			r := strings.NewReader("xxabc")
			_, err := r.Seek(2, io.SeekStart) // Content starts at the reader's current offset
			require.NoError(t, err)
			up.Content = r
			start := time.Now()
			_, err = c.Documents.Upload(context.Background(), up)
			require.NoError(t, err)
			assert.Equal(t, []string{"abc", "abc", "abc"}, *got)
			assert.Equal(t, 3*time.Second, time.Since(start), "pauses of 1s and 2s")
			assert.Equal(t, 1, *patches)
		})
	})
}

func TestDocumentsUploadSizeMismatch(t *testing.T) {
	up := DocumentUpload{Name: "file.jpg", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter}, Size: 3}
	c, mt := newTestClient(t)
	mt.RegisterResponder("PUT", storageRe, func(req *http.Request) (*http.Response, error) {
		readBody(t, req)
		return httpmock.NewStringResponse(200, ""), nil
	})
	patches := uploadMocks(t, mt, jsonResponder(t, 200, "documents/mark_fully_uploaded.json"))
	up.Content = io.MultiReader(strings.NewReader("abcd"))
	_, err := c.Documents.Upload(context.Background(), up)
	assert.ErrorContains(t, err, "more bytes than Size")
	assert.Zero(t, *patches)
}

func TestDocumentsUploadValidation(t *testing.T) {
	c, mt := newTestClient(t)
	ok := DocumentUpload{Name: "a.pdf", Parent: DocumentParent{ID: 1, Type: DocumentParentFolder}, Content: strings.NewReader(""), Size: 0}
	for name, mutate := range map[string]func(*DocumentUpload){
		"no name":        func(u *DocumentUpload) { u.Name = "" },
		"no parent":      func(u *DocumentUpload) { u.Parent.ID = 0 },
		"bad parent":     func(u *DocumentUpload) { u.Parent.Type = "Bill" },
		"no content":     func(u *DocumentUpload) { u.Content = nil },
		"negative size":  func(u *DocumentUpload) { u.Size = -1 },
		"tiny part size": func(u *DocumentUpload) { u.PartSize = 1 << 20 },
	} {
		u := ok
		mutate(&u)
		_, err := c.Documents.Upload(context.Background(), u)
		assert.Error(t, err, name)
		var ae *ArgumentError
		require.ErrorAs(t, err, &ae, name)
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.True(t, strings.HasPrefix(ae.Param, "DocumentUpload."), name)
	}
	_, err := c.Documents.Upload(context.Background(), ok, Fields("document_versions"))
	var fe *FieldError
	require.ErrorAs(t, err, &fe, "bad fields")
	assert.Zero(t, mt.GetTotalCallCount(), "nothing is sent for an invalid upload")
}

// patternReader yields n bytes of a fixed pseudo-random pattern without
// holding them.
type patternReader struct{ n, off int64 }

var pattern = func() []byte {
	b := make([]byte, 64<<10)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}()

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off)]
	n := 0
	for n < len(p) {
		n += copy(p[n:], pattern[(r.off+int64(n))%int64(len(pattern)):])
	}
	r.off += int64(n)
	return n, nil
}

func TestDocumentsUploadMultipartVerbatim(t *testing.T) {
	// Clio's multipart example: three 30 MiB parts and a last one of
	// 7,316,647 bytes, each with its own put_url and put_headers.
	c, mt := newTestClient(t)
	const size = 3*31457280 + 7316647
	var steps []string
	type part struct {
		header http.Header
		n      int64
		sum    [32]byte
	}
	parts := map[string]part{}
	whole := sha256.New()
	mt.RegisterResponder("POST", docsURL, func(req *http.Request) (*http.Response, error) {
		steps = append(steps, "POST "+req.URL.Query().Get("fields"))
		assertGoldenJSON(t, "documents_upload_multipart_create.json", readBody(t, req))
		return jsonResponder(t, 201, "documents/create_multipart.json")(req)
	})
	mt.RegisterResponder("PUT", storageRe, func(req *http.Request) (*http.Response, error) {
		pn := req.URL.Query().Get("partNumber")
		steps = append(steps, "PUT "+pn)
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(h, whole), req.Body) // streamed, not buffered
		require.NoError(t, err)
		p := part{header: req.Header.Clone(), n: n}
		copy(p.sum[:], h.Sum(nil))
		parts[pn] = p
		assert.Equal(t, n, req.ContentLength)
		return httpmock.NewStringResponse(200, ""), nil
	})
	mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		steps = append(steps, "PATCH")
		assert.Equal(t, `"5b2d9e0c1a3f4e6d8c7b6a5f4e3d2c1b"`, req.Header.Get("If-Match"), "the create's etag")
		assertGoldenJSON(t, "documents_upload_multipart_finalize.json", readBody(t, req))
		return jsonResponder(t, 200, "documents/mark_fully_uploaded.json")(req)
	})

	_, err := c.Documents.Upload(context.Background(), DocumentUpload{
		Name: "big.pdf", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
		Content: &patternReader{n: size}, Size: size, PartSize: 31457280, MultipartThreshold: 100 << 20 / 2,
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"POST id,etag,latest_document_version{uuid,put_headers,multiparts}", "PUT 1", "PUT 2", "PUT 3", "PUT 4", "PATCH"}, steps)
	md5s := map[string]string{"1": "F16pda4G0h4lzH7d2/Jbdw==", "2": "cRbxEG//GK9rIze5tdYzcg==", "3": "Tck0KKU4SrmSp8hsSCuSYg==", "4": "CrIt7lbZzVhMV7JzVTkUvw=="}
	for pn, md5 := range md5s {
		// Each part carries its own put_headers (Content-Length goes in the
		// request line's length), and not the version-level ones.
		assert.Equal(t, http.Header{"Content-Md5": {md5}}, parts[pn].header, "part %s", pn)
	}
	assert.Equal(t, int64(7316647), parts["4"].n)
	want := sha256.New()
	_, _ = io.Copy(want, &patternReader{n: size})
	assert.Equal(t, want.Sum(nil), whole.Sum(nil), "parts arrive in order and add up to the file")
}

// batchStorage answers the multipart create and batch PATCHes with put_urls
// for exactly the parts asked for, and records what arrives.
type batchStorage struct {
	t      *testing.T
	asked  [][]int // part numbers per create/PATCH request
	bodies []json.RawMessage
	parts  map[int][]byte
	order  []int
}

func (b *batchStorage) answer(req *http.Request, status int) (*http.Response, error) {
	body := readBody(b.t, req)
	b.bodies = append(b.bodies, body)
	var in struct {
		Data struct {
			FullyUploaded *bool `json:"fully_uploaded"`
			Multiparts    []struct {
				PartNumber    int   `json:"part_number"`
				ContentLength int64 `json:"content_length"`
			} `json:"multiparts"`
		} `json:"data"`
	}
	require.NoError(b.t, json.Unmarshal(body, &in))
	if in.Data.FullyUploaded != nil && *in.Data.FullyUploaded {
		// Each batch PATCH changed the document: the finish carries the
		// etag of the last answer.
		assert.Equal(b.t, fmt.Sprintf(`"batch-%d"`, len(b.asked)), req.Header.Get("If-Match"))
		return jsonResponder(b.t, 200, "documents/mark_fully_uploaded.json")(req)
	}
	var nums []int
	var mps []map[string]any
	for _, p := range in.Data.Multiparts {
		nums = append(nums, p.PartNumber)
		mps = append(mps, map[string]any{
			"part_number": p.PartNumber,
			"put_url":     fmt.Sprintf("https://storage.example.test/up?partNumber=%d&X-Amz-Signature=s%d", p.PartNumber, p.PartNumber),
			"put_headers": []map[string]string{{"name": "Content-Length", "value": strconv.FormatInt(p.ContentLength, 10)}},
		})
	}
	b.asked = append(b.asked, nums)
	out, _ := json.Marshal(map[string]any{"data": map[string]any{"id": 1234, "etag": fmt.Sprintf(`"batch-%d"`, len(b.asked)), "latest_document_version": map[string]any{
		"uuid": "eba78724-31e8-4529-b6e2-0f2eef6feeec", "multiparts": mps}}})
	return httpmock.NewBytesResponse(status, out), nil
}

func TestDocumentsUploadMultipartBatches(t *testing.T) {
	old := minPartSize
	minPartSize = 1 << 10
	t.Cleanup(func() { minPartSize = old })
	const size = 120<<10 + 100 // 121 parts of 1 KiB (the last 100 bytes): batches of 50, 50, 21
	src := make([]byte, size)
	_, _ = io.ReadFull(&patternReader{n: size}, src)

	for name, content := range map[string]func() io.Reader{
		"stream":   func() io.Reader { return io.MultiReader(bytes.NewReader(src)) },
		"ReaderAt": func() io.Reader { return bytes.NewReader(src) },
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newTestClient(t)
			bs := &batchStorage{t: t, parts: map[int][]byte{}}
			var fields []string
			mt.RegisterResponder("POST", docsURL, func(req *http.Request) (*http.Response, error) {
				fields = append(fields, req.URL.Query().Get("fields"))
				return bs.answer(req, 201)
			})
			mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
				fields = append(fields, req.URL.Query().Get("fields"))
				return bs.answer(req, 200)
			})
			mt.RegisterResponder("PUT", "=~^https://storage\\.example\\.test/up", func(req *http.Request) (*http.Response, error) {
				pn, _ := strconv.Atoi(req.URL.Query().Get("partNumber"))
				assert.Empty(t, req.Header.Get("Authorization"))
				bs.order = append(bs.order, pn)
				bs.parts[pn] = readBody(t, req)
				return httpmock.NewStringResponse(200, ""), nil
			})
			_, err := c.Documents.Upload(context.Background(), DocumentUpload{
				Name: "big.bin", Parent: DocumentParent{ID: 881, Type: DocumentParentFolder},
				Content: content(), Size: size, PartSize: 1 << 10, MultipartThreshold: 1,
			})
			require.NoError(t, err)
			require.Len(t, bs.asked, 3)
			assert.Equal(t, []int{1, 50}, []int{bs.asked[0][0], len(bs.asked[0])})
			assert.Equal(t, []int{51, 50}, []int{bs.asked[1][0], len(bs.asked[1])})
			assert.Equal(t, []int{101, 21}, []int{bs.asked[2][0], len(bs.asked[2])})
			assert.Equal(t, []string{multipartCreateFields, multipartBatchFields, multipartBatchFields, defaultDocFieldsStr}, fields)
			assertGoldenJSON(t, "documents_upload_multipart_batch3.json", bs.bodies[2])
			var joined []byte
			for i, pn := range bs.order {
				require.Equal(t, i+1, pn, "parts are sent in order")
				joined = append(joined, bs.parts[pn]...)
			}
			assert.Equal(t, src, joined)
		})
	}
}

// streamRig is a loopback Clio API and storage host pair for the streaming
// tests: real sockets, because httpmock would buffer request bodies.
type streamRig struct {
	client   *Client
	storage  string // the storage host's URL
	size     int64
	mu       sync.Mutex
	putSum   hash.Hash32 // CRC of every byte the storage host received, in order
	putBytes int64
	authSeen bool // a request to storage carried Authorization
}

func newStreamRig(tb testing.TB, size int64) *streamRig {
	rig := &streamRig{size: size, putSum: crc32.NewIEEE()}
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rig.mu.Lock()
		defer rig.mu.Unlock()
		rig.authSeen = rig.authSeen || r.Header.Get("Authorization") != ""
		switch r.Method {
		case http.MethodPut:
			n, err := io.Copy(rig.putSum, r.Body)
			rig.putBytes += n
			if err != nil || n != r.ContentLength {
				http.Error(w, "short body", http.StatusBadRequest)
			}
		case http.MethodGet:
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
			_, _ = io.Copy(w, &patternReader{n: size})
		}
	}))
	tb.Cleanup(storage.Close)
	rig.storage = storage.URL
	partsJSON := func(parts []multipartSpec) []map[string]any {
		var out []map[string]any
		for _, p := range parts {
			out = append(out, map[string]any{"part_number": p.PartNumber, "put_url": fmt.Sprintf("%s/put/%d?X-Amz-Signature=x", storage.URL, p.PartNumber),
				"put_headers": []map[string]string{{"name": "Content-Length", "value": strconv.FormatInt(p.ContentLength, 10)}}})
		}
		return out
	}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Data struct {
				FullyUploaded bool            `json:"fully_uploaded"`
				Multiparts    []multipartSpec `json:"multiparts"`
			} `json:"data"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		version := map[string]any{"uuid": "u-1"}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/api/v4/documents/1/download.json":
			http.Redirect(w, r, storage.URL+"/get?X-Amz-Signature=x", http.StatusSeeOther)
			return
		case r.Method == http.MethodPost && len(in.Data.Multiparts) == 0:
			version["put_url"] = storage.URL + "/put/0?X-Amz-Signature=x"
			version["put_headers"] = []map[string]string{{"name": "x-amz-server-side-encryption", "value": "AES256"}, {"name": "Content-Type", "value": "application/octet-stream"}}
		case len(in.Data.Multiparts) > 0:
			version["multiparts"] = partsJSON(in.Data.Multiparts)
		case in.Data.FullyUploaded:
			version = map[string]any{"fully_uploaded": true}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"id": 1, "etag": `"e1"`, "latest_document_version": version}})
	}))
	tb.Cleanup(api.Close)
	c, err := NewClient(WithBaseURL(api.URL+"/api/v4"), WithAccessToken(testToken))
	require.NoError(tb, err)
	rig.client = c
	return rig
}

// upload streams rig.size generated bytes through Upload.
func (rig *streamRig) upload(tb testing.TB, threshold, partSize int64) {
	rig.mu.Lock()
	rig.putSum.Reset()
	rig.putBytes = 0
	rig.mu.Unlock()
	d, err := rig.client.Documents.Upload(context.Background(), DocumentUpload{
		Name: "big.bin", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
		Content: &patternReader{n: rig.size}, Size: rig.size, MultipartThreshold: threshold, PartSize: partSize,
	})
	require.NoError(tb, err)
	require.True(tb, d.LatestDocumentVersion.FullyUploaded)
	rig.mu.Lock()
	defer rig.mu.Unlock()
	require.Equal(tb, rig.size, rig.putBytes)
	require.Equal(tb, patternCRC(rig.size), rig.putSum.Sum32(), "storage received the file, in order")
	require.False(tb, rig.authSeen, "no Authorization reached the storage host")
}

// download streams the file back through Download and checks it.
func (rig *streamRig) download(tb testing.TB) {
	body, info, err := rig.client.Documents.Download(context.Background(), 1)
	require.NoError(tb, err)
	defer body.Close()
	sum := crc32.NewIEEE()
	n, err := io.Copy(sum, body)
	require.NoError(tb, err)
	require.Equal(tb, rig.size, n)
	require.Equal(tb, rig.size, info.ContentLength)
	require.Equal(tb, patternCRC(rig.size), sum.Sum32())
	rig.mu.Lock()
	defer rig.mu.Unlock()
	require.False(tb, rig.authSeen, "no Authorization reached the storage host")
}

var patternCRCs sync.Map

func patternCRC(n int64) uint32 {
	if v, ok := patternCRCs.Load(n); ok {
		return v.(uint32)
	}
	h := crc32.NewIEEE()
	_, _ = io.Copy(h, &patternReader{n: n})
	patternCRCs.Store(n, h.Sum32())
	return h.Sum32()
}

// heapGrowth runs f while sampling the heap every 2ms and returns the peak
// growth of HeapInuse and HeapAlloc over the value before f.
func heapGrowth(f func()) (inuse, alloc uint64) {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peakInuse, peakAlloc uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peakInuse, peakAlloc = max(peakInuse, m.HeapInuse), max(peakAlloc, m.HeapAlloc)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	growth := func(peak, base uint64) uint64 {
		if peak < base {
			return 0
		}
		return peak - base
	}
	return growth(peakInuse, base.HeapInuse), growth(peakAlloc, base.HeapAlloc)
}

const heapBound = 32 << 20

// TestDocumentsStreamingHeap moves 64 MiB up (in one PUT and in 8 parts)
// and down and checks the heap grows by less than 32 MiB.
// BenchmarkUploadDownload1GiB does the same with 1 GiB.
func TestDocumentsStreamingHeap(t *testing.T) {
	const size = 64 << 20
	rig := newStreamRig(t, size)
	patternCRC(size)
	for _, tc := range []struct {
		name string
		run  func()
	}{
		{name: "upload single PUT", run: func() { rig.upload(t, 0, 0) }},
		{name: "upload multipart", run: func() { rig.upload(t, 16<<20, 8<<20) }},
		{name: "download", run: func() { rig.download(t) }},
	} {
		inuse, alloc := heapGrowth(tc.run)
		t.Logf("%s of %d MiB: peak heap growth HeapInuse %.1f MiB, HeapAlloc %.1f MiB", tc.name, size>>20, mib(inuse), mib(alloc))
		assert.Less(t, inuse, uint64(heapBound), tc.name)
		assert.Less(t, alloc, uint64(heapBound), tc.name)
	}
}

// BenchmarkUploadDownload1GiB streams 1 GiB up through Upload (multipart,
// 32 MiB parts, as the SDK does past DefaultMultipartThreshold) and back
// through Download over loopback, beside a hand-written single PUT and GET
// of the same bytes to the same storage host, reporting throughput and the
// peak heap growth. Run it with:
// go test -run '^$' -bench UploadDownload1GiB -benchtime 1x .
func BenchmarkUploadDownload1GiB(b *testing.B) {
	const size = 1 << 30
	rig := newStreamRig(b, size)
	patternCRC(size)
	hc := &http.Client{}
	for _, mode := range []string{"sdk", "nethttp"} {
		b.Run(mode, func(b *testing.B) {
			up, down := func() { rig.upload(b, 0, 0) }, func() { rig.download(b) }
			if mode == "nethttp" {
				up, down = func() { rig.plainUpload(b, hc) }, func() { rig.plainDownload(b, hc) }
			}
			b.SetBytes(2 * size)
			var upInuse, upAlloc, downInuse, downAlloc uint64
			for b.Loop() {
				i, a := heapGrowth(up)
				upInuse, upAlloc = max(upInuse, i), max(upAlloc, a)
				i, a = heapGrowth(down)
				downInuse, downAlloc = max(downInuse, i), max(downAlloc, a)
			}
			b.ReportMetric(mib(upInuse), "upload-heapinuse-MiB")
			b.ReportMetric(mib(upAlloc), "upload-heapalloc-MiB")
			b.ReportMetric(mib(downInuse), "download-heapinuse-MiB")
			b.ReportMetric(mib(downAlloc), "download-heapalloc-MiB")
			if mode == "sdk" && max(upInuse, upAlloc, downInuse, downAlloc) >= heapBound {
				b.Errorf("heap grew by %.1f MiB; want < 32 MiB", mib(max(upInuse, upAlloc, downInuse, downAlloc)))
			}
		})
	}
}

// plainUpload is the hand-written PUT of the file to the storage host.
func (rig *streamRig) plainUpload(tb testing.TB, hc *http.Client) {
	req, err := http.NewRequest(http.MethodPut, rig.storage+"/put/0", &patternReader{n: rig.size})
	require.NoError(tb, err)
	req.ContentLength = rig.size
	resp, err := hc.Do(req)
	require.NoError(tb, err)
	resp.Body.Close()
	require.Equal(tb, http.StatusOK, resp.StatusCode)
}

// plainDownload is the hand-written GET of the file from the storage host.
func (rig *streamRig) plainDownload(tb testing.TB, hc *http.Client) {
	resp, err := hc.Get(rig.storage + "/get")
	require.NoError(tb, err)
	defer resp.Body.Close()
	sum := crc32.NewIEEE()
	n, err := io.Copy(sum, resp.Body)
	require.NoError(tb, err)
	require.Equal(tb, rig.size, n)
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// finishRig answers an upload of document 1234 whose finalising PATCHes
// answer from patch, in turn (the last one repeats), and whose read-backs
// report done once applied is set.
type finishRig struct {
	ifMatch []string // If-Match of each finalising PATCH
	gets    []string // fields of each GET
	applied bool     // a finalising PATCH has taken effect at "Clio"
	etag    int      // bumped by every applied change
}

const uploadUUID = "a51faa2c-859e-4c08-a996-2d0bb385df90" // as in create_upload.json

func (r *finishRig) register(t *testing.T, mt *httpmock.MockTransport, patch ...func(*finishRig) (*http.Response, error)) {
	mt.RegisterResponder("POST", docsURL, jsonResponder(t, 201, "documents/create_upload.json"))
	mt.RegisterResponder("PUT", storageRe, httpmock.NewStringResponder(200, ""))
	mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		r.ifMatch = append(r.ifMatch, req.Header.Get("If-Match"))
		return patch[min(len(r.ifMatch)-1, len(patch)-1)](r)
	})
	mt.RegisterResponder("GET", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		fields := req.URL.Query().Get("fields")
		r.gets = append(r.gets, fields)
		v := map[string]any{"uuid": uploadUUID, "fully_uploaded": r.applied}
		d := map[string]any{"id": 1234, "etag": r.currentETag(), "latest_document_version": v}
		if fields == defaultDocFieldsStr {
			d["name"] = "file.jpg"
		}
		return httpmock.NewJsonResponse(200, map[string]any{"data": d})
	})
}

func (r *finishRig) currentETag() string {
	if r.etag == 0 {
		return `"3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c"` // the create's, from create_upload.json
	}
	return fmt.Sprintf(`"e%d"`, r.etag)
}

// Finalising PATCH answers.
var (
	finishOK = func(r *finishRig) (*http.Response, error) {
		r.applied = true
		r.etag++
		return httpmock.NewJsonResponse(200, map[string]any{"data": map[string]any{"id": 1234, "name": "file.jpg",
			"latest_document_version": map[string]any{"fully_uploaded": true}}})
	}
	finishDropped = func(r *finishRig) (*http.Response, error) { // applied, answer lost
		r.applied = true
		r.etag++
		return nil, errors.New("connection reset by peer")
	}
	finish503 = func(*finishRig) (*http.Response, error) { // not applied
		return httpmock.NewStringResponse(503, `{"error":{"type":"ServiceUnavailable","message":"down"}}`), nil
	}
	finish502Applied = func(r *finishRig) (*http.Response, error) {
		r.applied = true
		r.etag++
		return httpmock.NewStringResponse(502, ""), nil
	}
	finishUnreadable = func(r *finishRig) (*http.Response, error) { // applied, answer cut short
		r.applied = true
		r.etag++
		return httpmock.NewStringResponse(200, `{"data":{"id":1234,"name":"fi`), nil
	}
	finish412 = func(*finishRig) (*http.Response, error) {
		return httpmock.NewStringResponse(412, `{"error":{"type":"PreconditionFailed","message":"stale"}}`), nil
	}
)

func TestDocumentsUploadFinishReadsBack(t *testing.T) {
	const createETag = `"3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c"`
	upload := func(t *testing.T, patch ...func(*finishRig) (*http.Response, error)) (*finishRig, *Document, time.Duration, error) {
		var rig finishRig
		var d *Document
		var err error
		var took time.Duration
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			rig.register(t, mt, patch...)
			start := time.Now()
			d, err = c.Documents.Upload(context.Background(), DocumentUpload{Name: "file.jpg",
				Parent: DocumentParent{ID: 1, Type: DocumentParentMatter}, Content: strings.NewReader("abc"), Size: 3})
			took = time.Since(start)
		})
		return &rig, d, took, err
	}
	for name, patch := range map[string]func(*finishRig) (*http.Response, error){
		"dropped connection": finishDropped,
		"502":                finish502Applied,
		"200 cut short":      finishUnreadable,
	} {
		t.Run(name+", applied: read back, no second PATCH", func(t *testing.T) {
			rig, d, took, err := upload(t, patch, finishOK)
			require.NoError(t, err)
			assert.Equal(t, []string{createETag}, rig.ifMatch, "one PATCH, with the create's etag")
			assert.Equal(t, []string{uploadStateFields, defaultDocFieldsStr}, rig.gets, "state read back, then the document as asked")
			assert.Equal(t, "file.jpg", d.Name)
			assert.Zero(t, took, "no pause")
		})
	}
	t.Run("503, not applied: finished by a second PATCH with the fresh etag", func(t *testing.T) {
		rig, d, took, err := upload(t, func(r *finishRig) (*http.Response, error) {
			r.etag = 7 // something else changed the document meanwhile
			return finish503(r)
		}, finishOK)
		require.NoError(t, err)
		assert.Equal(t, []string{createETag, `"e7"`}, rig.ifMatch)
		assert.Equal(t, []string{uploadStateFields}, rig.gets)
		assert.True(t, d.LatestDocumentVersion.FullyUploaded)
		assert.Equal(t, time.Second, took, "one pause before the second PATCH")
	})
	t.Run("412: read back, PATCH with the fresh etag", func(t *testing.T) {
		rig, _, _, err := upload(t, func(r *finishRig) (*http.Response, error) {
			r.etag = 3
			return finish412(r)
		}, finishOK)
		require.NoError(t, err)
		assert.Equal(t, []string{createETag, `"e3"`}, rig.ifMatch)
	})
	t.Run("bounded", func(t *testing.T) {
		rig, _, took, err := upload(t, finish503)
		var ue *UploadError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, "finalize", ue.Step)
		assert.Equal(t, int64(1234), ue.DocumentID)
		var api *APIError
		require.ErrorAs(t, err, &api)
		assert.Equal(t, 503, api.StatusCode)
		assert.Len(t, rig.ifMatch, 1+finalizeRetries)
		assert.Len(t, rig.gets, 1+finalizeRetries, "a read-back after each")
		assert.Equal(t, 3*time.Second, took, "pauses of 1s and 2s")
	})
}

func TestDocumentsUploadRefusesPlainHTTPPutURL(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", docsURL, httpmock.NewStringResponder(201, `{"data":{"id":1234,"etag":"\"e1\"","latest_document_version":`+
		`{"uuid":"u-1","put_url":"http://s3.us-west-2.amazonaws.com/up/u-1?X-Amz-Signature=abc"}}}`))
	mt.RegisterResponder("PUT", "=~^http://", httpmock.NewStringResponder(200, ""))
	_, err := c.Documents.Upload(context.Background(), DocumentUpload{Name: "a.pdf", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
		Content: bytes.NewReader([]byte("%PDF")), Size: 4}) // a ReaderAt: a refusal must not be retried either
	assert.ErrorIs(t, err, ErrStorageInsecure)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, UploadError{DocumentID: 1234, Step: "upload", Err: ue.Err}, *ue)
	assert.Zero(t, mt.GetCallCountInfo()["PUT =~^http://"], "the file was not sent in clear text")
	assert.NotContains(t, err.Error(), "abc")
}

func TestDocumentsUploadFinishWithoutCreateETag(t *testing.T) {
	// An answer without the etag asked for: the finish reads it first, so
	// it is still conditional.
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", docsURL, httpmock.NewStringResponder(201, `{"data":{"id":1234,"latest_document_version":`+
		`{"uuid":"u-1","put_url":"https://s3.us-west-2.amazonaws.com/up/u-1?X-Amz-Signature=abc"}}}`))
	mt.RegisterResponder("PUT", storageRe, httpmock.NewStringResponder(200, ""))
	var gets []string
	mt.RegisterResponder("GET", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		gets = append(gets, req.URL.Query().Get("fields"))
		return httpmock.NewStringResponse(200, `{"data":{"id":1234,"etag":"\"e9\"","latest_document_version":{"uuid":"u-1","fully_uploaded":false}}}`), nil
	})
	var ifMatch string
	mt.RegisterResponder("PATCH", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		ifMatch = req.Header.Get("If-Match")
		return jsonResponder(t, 200, "documents/mark_fully_uploaded.json")(req)
	})
	_, err := c.Documents.Upload(context.Background(), DocumentUpload{Name: "a.pdf", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
		Content: strings.NewReader("%PDF"), Size: 4})
	require.NoError(t, err)
	assert.Equal(t, []string{uploadStateFields}, gets)
	assert.Equal(t, `"e9"`, ifMatch)
}
