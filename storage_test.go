package clio_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a caller's RoundTripper (a test double, a tracer): it keeps
// the host and Authorization of every request it carries.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.seen = append(r.seen, req.Method+" "+req.URL.Host+" "+req.Header.Get("Authorization"))
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

// Issue 18 item 8: storage traffic has a client of its own, so a
// RoundTripper given to WithHTTPClient sees the API requests of an upload
// and a download, and not one storage request.
func TestStorageRequestsBypassTheAPITransport(t *testing.T) {
	srv := cliotest.NewServer(t)
	rec := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	client, err := srv.Client(clio.WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	ctx := context.Background()

	doc, err := client.Documents.Upload(ctx, clio.DocumentUpload{
		Name:    "Retainer.pdf",
		Parent:  clio.DocumentParent{ID: srv.Demo().JaneDoeMatterID, Type: clio.DocumentParentMatter},
		Content: strings.NewReader("%PDF-1.7 retainer"), Size: int64(len("%PDF-1.7 retainer")),
	})
	require.NoError(t, err)
	body, _, err := client.Documents.Download(ctx, doc.ID)
	require.NoError(t, err)
	got, err := io.ReadAll(body)
	body.Close()
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.7 retainer", string(got))

	storageHost := strings.TrimPrefix(srv.StorageURL(), "http://")
	apiHost := strings.TrimPrefix(srv.URL(), "http://")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	require.NotEmpty(t, rec.seen)
	for _, s := range rec.seen {
		assert.NotContains(t, s, storageHost, "the API transport saw a storage request")
		assert.Contains(t, s, apiHost)
	}
	var storageReqs int
	for _, r := range srv.Requests() {
		if r.Host == cliotest.HostStorage {
			storageReqs++
		}
	}
	assert.Equal(t, 2, storageReqs, "the PUT and the GET reached storage, through the storage client")
}

// WithStorageHTTPClient replaces the storage client, and only it.
func TestWithStorageHTTPClientCarriesOnlyStorage(t *testing.T) {
	srv := cliotest.NewServer(t, cliotest.InMemory())
	apiRec := &recorder{base: srv.HTTPClient().Transport}
	storageRec := &recorder{base: srv.HTTPClient().Transport}
	client, err := srv.Client(clio.WithHTTPClient(&http.Client{Transport: apiRec}),
		clio.WithStorageHTTPClient(&http.Client{Transport: storageRec}))
	require.NoError(t, err)
	ctx := context.Background()
	content := bytes.Repeat([]byte("x"), 1000)
	doc, err := client.Documents.Upload(ctx, clio.DocumentUpload{
		Name:    "a.pdf",
		Parent:  clio.DocumentParent{ID: srv.Demo().JaneDoeMatterID, Type: clio.DocumentParentMatter},
		Content: bytes.NewReader(content), Size: int64(len(content)),
	})
	require.NoError(t, err)
	body, _, err := client.Documents.Download(ctx, doc.ID)
	require.NoError(t, err)
	body.Close()

	for _, s := range apiRec.seen {
		assert.Contains(t, s, "clio.test")
		assert.NotContains(t, s, "storage.clio.test")
	}
	require.Len(t, storageRec.seen, 2)
	for _, s := range storageRec.seen {
		assert.True(t, strings.HasSuffix(s, "storage.clio.test "), "a storage request with no Authorization: %q", s)
	}
	_, err = clio.NewClient(clio.WithAccessToken("x"), clio.WithStorageHTTPClient(nil))
	require.ErrorIs(t, err, clio.ErrInvalidArgument)
}
