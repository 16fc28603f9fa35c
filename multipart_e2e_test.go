package clio_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
)

// TestDocumentsUploadMultipartCliotest runs the SDK's multipart upload end
// to end against cliotest: 12 MiB in 5 MiB parts (5, 5 and 2 MiB), over
// loopback and in memory.
func TestDocumentsUploadMultipartCliotest(t *testing.T) {
	const size = 12 << 20
	src := make([]byte, size)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range src {
		src[i] = byte(rng.Uint32())
	}
	for name, opts := range map[string][]cliotest.Option{"loopback": nil, "in memory": {cliotest.InMemory()}} {
		t.Run(name, func(t *testing.T) {
			srv := cliotest.NewServer(t, opts...)
			// Storage requests have a client of their own; in memory it
			// must reach the fake's storage host too.
			client, err := srv.Client(clio.WithStorageHTTPClient(srv.HTTPClient()))
			require.NoError(t, err)
			ctx := context.Background()

			doc, err := client.Documents.Upload(ctx, clio.DocumentUpload{
				Name:    "Medical Records.pdf",
				Parent:  clio.DocumentParent{ID: srv.Demo().JaneDoeMatterID, Type: clio.DocumentParentMatter},
				Content: bytes.NewReader(src), Size: size,
				MultipartThreshold: 1, PartSize: 5 << 20,
			})
			require.NoError(t, err)
			require.NotNil(t, doc.LatestDocumentVersion)
			assert.True(t, doc.LatestDocumentVersion.FullyUploaded)

			stored, ok := srv.DocumentContent(doc.ID)
			require.True(t, ok)
			assert.True(t, bytes.Equal(src, stored), "stored content equals the source")

			body, info, err := client.Documents.Download(ctx, doc.ID)
			require.NoError(t, err)
			got, err := io.ReadAll(body)
			body.Close()
			require.NoError(t, err)
			assert.True(t, bytes.Equal(src, got), "downloaded content equals the source")
			assert.EqualValues(t, size, info.ContentLength)

			var parts []string
			var sizes []int64
			for _, r := range srv.Requests() {
				if r.Host == cliotest.HostStorage && r.Method == http.MethodPut {
					parts = append(parts, r.Query.Get("partNumber"))
					sizes = append(sizes, r.BodySize)
					assert.False(t, r.Authorization, "no Clio token on the storage host")
				}
			}
			assert.Equal(t, []string{"1", "2", "3"}, parts)
			assert.Equal(t, []int64{5 << 20, 5 << 20, 2 << 20}, sizes)
		})
	}
}
