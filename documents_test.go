package clio

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const (
	docsURL             = testBaseURL + "/documents.json"
	defaultDocFieldsStr = "id,etag,name,filename,content_type,size,type,locked,received_at,created_at,updated_at," +
		"parent{id,type,name},matter{id,display_number},latest_document_version{id,uuid,version_number,fully_uploaded}"
	// storageRe matches the S3 host of the verbatim put_url fixtures.
	storageRe = `=~^https://s3\.us-west-2\.amazonaws\.com/`
)

func TestDocumentsList(t *testing.T) {
	c, mt := newTestClient(t)
	var got url.Values
	mt.RegisterResponder("GET", docsURL, func(req *http.Request) (*http.Response, error) {
		got = req.URL.Query()
		return jsonResponder(t, 200, "documents/list.json")(req)
	})
	since := time.Date(2026, 3, 1, 8, 30, 0, 0, time.FixedZone("EST", -5*3600))
	p := c.Documents.List(DocumentListParams{
		MatterID: 1001, ParentID: 881, Scope: DocumentScopeDescendants, Query: "letter",
		UpdatedSince: since, IDs: []int64{1234, 1235}, ShowUncompleted: true, Limit: 50,
	})
	var docs []Document
	for d, err := range p.All(context.Background()) {
		require.NoError(t, err)
		docs = append(docs, d)
	}
	assert.Equal(t, url.Values{
		"matter_id": {"1001"}, "parent_id": {"881"}, "scope": {"descendants"}, "query": {"letter"},
		"updated_since": {"2026-03-01T08:30:00-05:00"}, "ids[]": {"1234", "1235"}, "show_uncompleted": {"true"},
		"limit": {"50"}, "order": {"id(asc)"}, "fields": {defaultDocFieldsStr},
	}, got)
	require.Len(t, docs, 2)
	assert.Equal(t, int64(1234), docs[0].ID)
	assert.Equal(t, "engagement-letter.pdf", docs[0].Name)
	assert.Equal(t, "intake-notes.docx", docs[1].Filename)
}

func TestDocumentsListByContactWithFields(t *testing.T) {
	c, mt := newTestClient(t)
	var got url.Values
	mt.RegisterResponder("GET", docsURL, func(req *http.Request) (*http.Response, error) {
		got = req.URL.Query()
		return jsonResponder(t, 200, "documents/list.json")(req)
	})
	_, err := c.Documents.List(DocumentListParams{ContactID: 55}, Fields("name", "size")).NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, url.Values{"contact_id": {"55"}, "fields": {"id,etag,name,size"}, "limit": {"200"}, "order": {"id(asc)"}}, got)

	_, err = c.Documents.List(DocumentListParams{}, Fields("document_versions")).NextPage(context.Background())
	var fe *FieldError
	require.ErrorAs(t, err, &fe, "a field Clio refuses is caught before sending")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestDocumentsGet(t *testing.T) {
	c, mt := newTestClient(t)
	var got url.Values
	mt.RegisterResponder("GET", testBaseURL+"/documents/1234.json", func(req *http.Request) (*http.Response, error) {
		got = req.URL.Query()
		return jsonResponder(t, 200, "documents/show.json")(req)
	})
	d, err := c.Documents.Get(context.Background(), 1234)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {defaultDocFieldsStr}}, got)
	assert.Equal(t, int64(1234), d.ID)
	assert.Equal(t, `"4f1c0b2d3e6a7b8c9d0e1f2a3b4c5d6e"`, d.ETag)
	assert.Equal(t, "application/pdf", d.ContentType)
	require.NotNil(t, d.Matter)
	assert.Equal(t, "00042-Hart", d.Matter.DisplayNumber)
	require.NotNil(t, d.LatestDocumentVersion)
	assert.True(t, d.LatestDocumentVersion.FullyUploaded)
	assert.Equal(t, "a51faa2c-859e-4c08-a996-2d0bb385df90", d.LatestDocumentVersion.UUID)
}

func TestDocumentsDelete(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("DELETE", testBaseURL+"/documents/1234.json", httpmock.NewStringResponder(204, ""))
	mt.RegisterResponder("DELETE", testBaseURL+"/documents/99.json", httpmock.NewStringResponder(409,
		`{"error":{"type":"Conflict","message":"The document is being modified"}}`))
	require.NoError(t, c.Documents.Delete(context.Background(), 1234))
	err := c.Documents.Delete(context.Background(), 99)
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

// storageURL is a signed storage URL as Clio's download redirect gives one.
const storageURL = "https://storage.example.test/files/a51faa2c/engagement-letter.pdf?X-Amz-Expires=600&X-Amz-Signature=abc123"

func TestDocumentsDownloadFollows303WithoutToken(t *testing.T) {
	c, mt := newTestClient(t)
	var apiQuery url.Values
	var apiAuth string
	mt.RegisterResponder("GET", testBaseURL+"/documents/1234/download.json", func(req *http.Request) (*http.Response, error) {
		apiQuery, apiAuth = req.URL.Query(), req.Header.Get("Authorization")
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", storageURL)
		return resp, nil
	})
	var storageHeader http.Header
	var storageQuery string
	mt.RegisterResponder("GET", "=~^https://storage\\.example\\.test/files/", func(req *http.Request) (*http.Response, error) {
		storageHeader, storageQuery = req.Header.Clone(), req.URL.RawQuery
		resp := httpmock.NewStringResponse(200, "%PDF-1.7 synthetic")
		resp.Header.Set("Content-Type", "application/pdf")
		resp.Header.Set("Content-Disposition", `attachment; filename="engagement-letter.pdf"`)
		resp.ContentLength = 18
		return resp, nil
	})

	body, info, err := c.Documents.Download(context.Background(), 1234, DownloadOptions{VersionID: 5501})
	require.NoError(t, err)
	defer body.Close()
	b, err := io.ReadAll(body)
	require.NoError(t, err)

	assert.Equal(t, "%PDF-1.7 synthetic", string(b))
	assert.Equal(t, DownloadInfo{ContentType: "application/pdf", ContentLength: 18, Filename: "engagement-letter.pdf"}, info)
	assert.Equal(t, url.Values{"document_version_id": {"5501"}}, apiQuery)
	assert.Equal(t, "Bearer "+testToken, apiAuth)
	assert.Empty(t, storageHeader.Get("Authorization"), "the Clio token must not reach the storage host")
	assert.Empty(t, storageHeader.Get("X-API-VERSION"))
	assert.Equal(t, "X-Amz-Expires=600&X-Amz-Signature=abc123", storageQuery, "the signed query is passed through unchanged")
}

func TestDocumentsDownloadErrors(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/documents/404/download.json", jsonResponder(t, 404, "core/error_404.json"))
	mt.RegisterResponder("GET", testBaseURL+"/documents/1/download.json", func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", storageURL)
		return resp, nil
	})
	mt.RegisterResponder("GET", "=~^https://storage\\.example\\.test/", httpmock.NewStringResponder(403,
		`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))

	_, _, err := c.Documents.Download(context.Background(), 404)
	assert.ErrorIs(t, err, ErrNotFound)

	_, _, err = c.Documents.Download(context.Background(), 1)
	var se *StorageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 403, se.StatusCode)
	assert.Equal(t, "AccessDenied", se.Code)
	assert.NotContains(t, err.Error(), "Signature", "the signed query never appears in errors")

	u, err := c.Documents.DownloadURL(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, storageURL, u)
}

func TestDocumentTemplates(t *testing.T) {
	c, mt := newTestClient(t)
	var listQ, getQ url.Values
	mt.RegisterResponder("GET", testBaseURL+"/document_templates.json", func(req *http.Request) (*http.Response, error) {
		listQ = req.URL.Query()
		return jsonResponder(t, 200, "documents/templates_list.json")(req)
	})
	mt.RegisterResponder("GET", testBaseURL+"/document_templates/77.json", func(req *http.Request) (*http.Response, error) {
		getQ = req.URL.Query()
		return jsonResponder(t, 200, "documents/template_show.json")(req)
	})
	items, err := c.DocumentTemplates.List(DocumentTemplateListParams{IDs: []int64{77, 78}, UpdatedSince: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}).NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, url.Values{"ids[]": {"77", "78"}, "updated_since": {"2026-01-01T00:00:00Z"}, "limit": {"200"}, "order": {"id(asc)"},
		"fields": {"id,etag,filename,content_type,size,created_at,updated_at,document_category{id,name}"}}, listQ)
	require.Len(t, items, 2)
	assert.Equal(t, "closing-letter-template.docx", items[1].Filename)

	tpl, err := c.DocumentTemplates.Get(context.Background(), 77, Fields("filename"))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {"id,etag,filename"}}, getQ)
	assert.Equal(t, int64(77), tpl.ID)
	assert.Equal(t, "engagement-letter-template.docx", tpl.Filename)
}

func TestDocumentTemplatesDownload(t *testing.T) {
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBaseURL+"/document_templates/77/download.json", func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
		resp.Header.Set("Location", "https://storage.example.test/templates/77.docx?sig=1")
		return resp, nil
	})
	var auth []string
	mt.RegisterResponder("GET", "https://storage.example.test/templates/77.docx", func(req *http.Request) (*http.Response, error) {
		auth = req.Header.Values("Authorization")
		return httpmock.NewStringResponse(200, "PK\x03\x04 synthetic docx"), nil
	})
	body, _, err := c.DocumentTemplates.Download(context.Background(), 77)
	require.NoError(t, err)
	b, _ := io.ReadAll(body)
	require.NoError(t, body.Close())
	assert.Equal(t, "PK\x03\x04 synthetic docx", string(b))
	assert.Empty(t, auth)
}

func TestDocumentAutomationsCreateAndGet(t *testing.T) {
	c, mt := newTestClient(t)
	var q url.Values
	mt.RegisterResponder("POST", testBaseURL+"/document_automations.json", func(req *http.Request) (*http.Response, error) {
		q = req.URL.Query()
		assertGoldenJSON(t, "documents_automation_create.json", readBody(t, req))
		return jsonResponder(t, 201, "documents/automation_queued.json")(req)
	})
	a, err := c.DocumentAutomations.Create(context.Background(), DocumentAutomationCreate{
		TemplateID: 77, MatterID: 1001, Filename: "Engagement Letter - Hart",
		Formats: []DocumentAutomationExportFormats{DocumentAutomationExportFormatsPDF, DocumentAutomationExportFormatsOriginal},
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"fields": {"id,etag,state,export_formats,filename,created_at,updated_at,matter{id}," +
		"document_template{id,filename},documents{id,name,filename,content_type,size}"}}, q)
	assert.Equal(t, int64(9001), a.ID)
	assert.Equal(t, DocumentAutomationStateQueued, a.State)
	require.NotNil(t, a.Matter)
	assert.Equal(t, int64(1001), a.Matter.ID)

	_, err = c.DocumentAutomations.Create(context.Background(), DocumentAutomationCreate{TemplateID: 77, MatterID: 1001, Filename: "x", Formats: []DocumentAutomationExportFormats{"docx"}})
	assert.ErrorContains(t, err, "want pdf or original")
	assert.ErrorIs(t, err, ErrInvalidArgument)
	_, err = c.DocumentAutomations.Create(context.Background(), DocumentAutomationCreate{TemplateID: 77, Filename: "x", Formats: []DocumentAutomationExportFormats{"pdf"}})
	var ae *ArgumentError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "DocumentAutomationCreate.MatterID", ae.Param)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestDocumentAutomationsWait(t *testing.T) {
	run := func(t *testing.T, opts WaitOptions, final string) ([]DocumentBase, []time.Duration, url.Values, error) {
		var polls []time.Duration
		var q url.Values
		var docs []DocumentBase
		var err error
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			start := time.Now()
			seq := []string{"automation_queued.json", "automation_in_progress.json", "automation_in_progress.json", final}
			mt.RegisterResponder("GET", testBaseURL+"/document_automations/9001.json", func(req *http.Request) (*http.Response, error) {
				polls = append(polls, time.Since(start))
				q = req.URL.Query()
				return jsonResponder(t, 200, "documents/"+seq[min(len(polls)-1, len(seq)-1)])(req)
			})
			docs, err = c.DocumentAutomations.Wait(context.Background(), 9001, opts)
		})
		return docs, polls, q, err
	}
	t.Run("completed", func(t *testing.T) {
		docs, polls, q, err := run(t, WaitOptions{}, "automation_completed.json")
		require.NoError(t, err)
		require.Len(t, docs, 1)
		assert.Equal(t, int64(1240), docs[0].ID)
		assert.Equal(t, "Engagement Letter - Hart.pdf", docs[0].Filename)
		assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second, 7 * time.Second}, polls, "1s, doubling")
		assert.Equal(t, url.Values{"fields": {"id,etag,state,documents{id,name,filename,content_type,size,created_at}"}}, q)
	})
	t.Run("capped interval", func(t *testing.T) {
		_, polls, _, err := run(t, WaitOptions{Interval: time.Second, MaxInterval: 2 * time.Second}, "automation_completed.json")
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{0, time.Second, 3 * time.Second, 5 * time.Second}, polls)
	})
	t.Run("failed", func(t *testing.T) {
		docs, _, _, err := run(t, WaitOptions{}, "automation_failed.json")
		assert.Nil(t, docs)
		var ae *DocumentAutomationError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, DocumentAutomationError{ID: 9001, State: DocumentAutomationStateFailed}, *ae)
	})
	t.Run("context ends the wait", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("GET", testBaseURL+"/document_automations/9001.json", jsonResponder(t, 200, "documents/automation_in_progress.json"))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := c.DocumentAutomations.Wait(ctx, 9001, WaitOptions{})
			assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
			assert.Equal(t, 4, mt.GetTotalCallCount(), "polls at 0, 1, 3 and 7 seconds")
		})
	})
}

// redirectTo answers a storage request with 302 to loc.
func redirectTo(loc string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", loc)
		return resp, nil
	}
}

func TestDocumentsDownloadRefusesPlainHTTPStorage(t *testing.T) {
	const plain = "http://storage.example.com/files/a51faa2c/letter.pdf?X-Amz-Signature=abc123"
	t.Run("download Location", func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", testBaseURL+"/documents/1/download.json", func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
			resp.Header.Set("Location", plain)
			return resp, nil
		})
		mt.RegisterResponder("GET", "=~^http://storage\\.example\\.com/", httpmock.NewStringResponder(200, "%PDF"))

		_, _, err := c.Documents.Download(context.Background(), 1)
		assert.ErrorIs(t, err, ErrStorageInsecure)
		var se *StorageError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "storage.example.com", se.Host)
		assert.NotContains(t, err.Error(), "abc123", "the signature never appears in errors")

		_, err = c.Documents.DownloadURL(context.Background(), 1)
		assert.ErrorIs(t, err, ErrStorageInsecure, "DownloadURL hands out no plain http URL either")
		assert.Zero(t, mt.GetCallCountInfo()["GET =~^http://storage\\.example\\.com/"], "nothing was sent in clear text")
	})
	t.Run("redirect from storage to another http host", func(t *testing.T) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", testBaseURL+"/documents/1/download.json", func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
			resp.Header.Set("Location", storageURL)
			return resp, nil
		})
		mt.RegisterResponder("GET", "=~^https://storage\\.example\\.test/", redirectTo(plain))
		mt.RegisterResponder("GET", "=~^http://storage\\.example\\.com/", httpmock.NewStringResponder(200, "%PDF"))

		_, _, err := c.Documents.Download(context.Background(), 1)
		assert.ErrorIs(t, err, ErrStorageInsecure)
		var se *StorageError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "storage.example.com", se.Host, "the hop that was refused")
		assert.Zero(t, mt.GetCallCountInfo()["GET =~^http://storage\\.example\\.com/"], "the http hop was not followed")
	})
	t.Run("loopback and .test hosts may be http", func(t *testing.T) {
		for _, u := range []*url.URL{{Scheme: "http", Host: "127.0.0.1:9000"}, {Scheme: "http", Host: "[::1]:9000"},
			{Scheme: "http", Host: "storage.clio.test"}, {Scheme: "http", Host: "localhost"}, {Scheme: "https", Host: "s3.amazonaws.com"}} {
			assert.NoError(t, checkStorageURL(u), u.String())
		}
		for _, u := range []*url.URL{{Scheme: "http", Host: "s3.amazonaws.com"}, {Scheme: "http", Host: "10.0.0.1"}, {Scheme: "ftp", Host: "x.test"}} {
			assert.ErrorIs(t, checkStorageURL(u), ErrStorageInsecure, u.String())
		}
	})
}

func TestDocumentsDownloadBoundsStorageRedirects(t *testing.T) {
	hop := func(i int) string { return fmt.Sprintf("https://storage.example.test/hop/%d?X-Amz-Signature=s", i) }
	run := func(t *testing.T, redirects int) (*httpmock.MockTransport, error) {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", testBaseURL+"/documents/1/download.json", func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusSeeOther, "")
			resp.Header.Set("Location", hop(0))
			return resp, nil
		})
		for i := range redirects {
			mt.RegisterResponder("GET", hop(i), func(req *http.Request) (*http.Response, error) {
				assert.Empty(t, req.Header.Get("Authorization"))
				return redirectTo(hop(i + 1))(req)
			})
		}
		mt.RegisterResponder("GET", hop(redirects), httpmock.NewStringResponder(200, "%PDF"))
		body, _, err := c.Documents.Download(context.Background(), 1)
		if err == nil {
			b, _ := io.ReadAll(body)
			body.Close()
			assert.Equal(t, "%PDF", string(b))
		}
		return mt, err
	}
	t.Run("five redirects are followed", func(t *testing.T) {
		_, err := run(t, maxStorageRedirects)
		require.NoError(t, err)
	})
	t.Run("a sixth is not", func(t *testing.T) {
		mt, err := run(t, 20)
		var se *StorageError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, errStorageRedirects)
		assert.Equal(t, 1+1+maxStorageRedirects, mt.GetTotalCallCount(), "the API call, the storage URL and five redirects")
	})
}

// tracingTransport stands for any RoundTripper a caller wraps around
// another (tracing, logging, metrics): WithHTTPClient cannot see through
// it to an oauth2.Transport inside.
type tracingTransport struct{ base http.RoundTripper }

func (t tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(req)
}

// rawStorage is a storage host on a bare TCP listener that keeps every byte
// it receives, so a test can tell whether a header reached it at all.
type rawStorage struct {
	url    string
	ln     net.Listener
	accept sync.WaitGroup
	conn   sync.WaitGroup
	mu     sync.Mutex
	got    []byte
}

func newRawStorage(t *testing.T) *rawStorage {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	rs := &rawStorage{url: "http://" + ln.Addr().String(), ln: ln}
	rs.accept.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			rs.conn.Go(func() {
				defer conn.Close()
				// Answer once the header block is in, then keep reading
				// until the client closes.
				r := bufio.NewReader(conn)
				answered := false
				for {
					line, err := r.ReadBytes('\n')
					rs.mu.Lock()
					rs.got = append(rs.got, line...)
					rs.mu.Unlock()
					if err != nil {
						return
					}
					if !answered && string(line) == "\r\n" {
						answered = true
						_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n%PDF")
						// Take what else comes (a PUT body), briefly.
						_ = conn.SetReadDeadline(time.Now().Add(time.Second))
					}
				}
			})
		}
	})
	t.Cleanup(func() { rs.received() })
	return rs
}

// received stops the listener, waits for the connections to end and
// returns what arrived.
func (rs *rawStorage) received() string {
	rs.ln.Close()
	rs.accept.Wait()
	rs.conn.Wait()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return string(rs.got)
}

// TestStorageNeverCarriesTransportCredentials wraps an oauth2.Transport (it
// sets Authorization on every request) in another RoundTripper, which gets
// it past WithStorageHTTPClient's check, and shows the guarantee of the
// storage leg: the request is stopped before the transport's Authorization
// header leaves the process, and the call fails with ErrStorageCredentials.
// Given to WithHTTPClient instead, the same transport never sees a storage
// request at all.
func TestStorageNeverCarriesTransportCredentials(t *testing.T) {
	leaky := func(base http.RoundTripper) *http.Client {
		src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken, TokenType: "Bearer"})
		return &http.Client{Transport: tracingTransport{&oauth2.Transport{Source: src, Base: base}}}
	}
	api := func(t *testing.T, storage string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodGet:
				http.Redirect(w, r, storage+"/files/x?X-Amz-Signature=s", http.StatusSeeOther)
			case http.MethodPost:
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"data":{"id":1,"etag":"\"e1\"","latest_document_version":{"uuid":"u-1","put_url":%q}}}`, storage+"/up/x?X-Amz-Signature=s")
			default:
				t.Errorf("unexpected %s to the API", r.Method)
			}
		}))
		t.Cleanup(srv.Close)
		return srv.URL + "/api/v4"
	}
	calls := func(t *testing.T, c *Client) {
		body, _, err := c.Documents.Download(context.Background(), 1)
		if err == nil {
			body.Close()
		}
		assert.ErrorIs(t, err, ErrStorageCredentials, "download")
		if se := (*StorageError)(nil); assert.ErrorAs(t, err, &se) {
			assert.False(t, se.retryable(), "a refusal is not retried")
		}

		_, err = c.Documents.Upload(context.Background(), DocumentUpload{Name: "a.pdf", Parent: DocumentParent{ID: 1, Type: DocumentParentMatter},
			Content: strings.NewReader("%PDF"), Size: 4})
		assert.ErrorIs(t, err, ErrStorageCredentials, "upload")
		if ue := (*UploadError)(nil); assert.ErrorAs(t, err, &ue) {
			assert.Equal(t, "upload", ue.Step)
		}
	}

	t.Run("HTTP/1.1", func(t *testing.T) {
		storage := newRawStorage(t)
		c, err := NewClient(WithBaseURL(api(t, storage.url)), WithAccessToken(testToken),
			WithStorageHTTPClient(leaky(http.DefaultTransport.(*http.Transport).Clone())))
		require.NoError(t, err)
		calls(t, c)
		got := storage.received()
		assert.NotContains(t, got, testToken, "the token never reached the storage host")
		assert.NotContains(t, strings.ToLower(got), "authorization")
	})
	t.Run("HTTP/2 over TLS", func(t *testing.T) {
		var seen []string
		var mu sync.Mutex
		storage := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Proto+" "+r.Header.Get("Authorization"))
			mu.Unlock()
		}))
		storage.EnableHTTP2 = true
		storage.StartTLS()
		t.Cleanup(storage.Close)
		c, err := NewClient(WithBaseURL(api(t, storage.URL)), WithAccessToken(testToken),
			WithStorageHTTPClient(leaky(storage.Client().Transport)))
		require.NoError(t, err)
		calls(t, c)
		storage.Close()
		mu.Lock()
		defer mu.Unlock()
		assert.Empty(t, seen, "no request reached the storage handler")
	})
	t.Run("the API transport never sees storage", func(t *testing.T) {
		storage := newRawStorage(t)
		c, err := NewClient(WithBaseURL(api(t, storage.url)), WithAccessToken(testToken),
			WithHTTPClient(leaky(http.DefaultTransport.(*http.Transport).Clone())))
		require.NoError(t, err)
		body, _, err := c.Documents.Download(context.Background(), 1)
		require.NoError(t, err)
		b, _ := io.ReadAll(body)
		body.Close()
		assert.Equal(t, "%PDF", string(b))
		got := storage.received()
		assert.NotContains(t, got, testToken, "the token never reached the storage host")
		assert.NotContains(t, strings.ToLower(got), "authorization")
	})
	t.Run("a plain transport works", func(t *testing.T) {
		storage := newRawStorage(t)
		c, err := NewClient(WithBaseURL(api(t, storage.url)), WithAccessToken(testToken))
		require.NoError(t, err)
		body, _, err := c.Documents.Download(context.Background(), 1)
		require.NoError(t, err)
		b, _ := io.ReadAll(body)
		body.Close()
		assert.Equal(t, "%PDF", string(b))
		assert.NotContains(t, storage.received(), testToken)
	})
}
