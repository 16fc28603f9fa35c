package cliotest_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-sdk/clio-go/cliotest"
)

// put uploads content to a put_url with the given headers and no token.
func put(t *testing.T, hc *http.Client, putURL string, content []byte, headers map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("PUT", putURL, bytes.NewReader(content))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

func TestDocumentUploadAndDownload(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	fields := "?fields=" + url.QueryEscape("id,latest_document_version{uuid,put_url,put_headers}")
	r := w.do("POST", "/api/v4/documents.json"+fields, data(map[string]any{
		"name": "Medical Records.pdf", "parent": map[string]any{"id": d.JaneDoeMatterID, "type": "Matter"},
	}))
	require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
	docID := num(r.data()["id"])
	v := r.data()["latest_document_version"].(map[string]any)
	putURL := v["put_url"].(string)
	u, err := url.Parse(putURL)
	require.NoError(t, err)
	assert.Equal(t, w.srv.StorageURL(), u.Scheme+"://"+u.Host, "put_url is on the storage host")
	assert.NotEqual(t, w.srv.URL(), w.srv.StorageURL())
	headers := map[string]string{}
	for _, h := range v["put_headers"].([]any) {
		hm := h.(map[string]any)
		headers[hm["name"].(string)] = hm["value"].(string)
	}
	assert.Equal(t, map[string]string{"x-amz-server-side-encryption": "AES256", "Content-Type": "application/pdf"}, headers)

	path := fmt.Sprintf("/api/v4/documents/%d.json", docID)
	early := w.do("PATCH", path, data(map[string]any{"uuid": v["uuid"], "fully_uploaded": true}))
	assert.Equal(t, http.StatusUnprocessableEntity, early.StatusCode)
	assert.Equal(t, "UploadNotFoundError", early.errType())

	content := []byte("%PDF-1.4 medical records")
	assert.Equal(t, http.StatusForbidden, put(t, w.hc, putURL, content, nil).StatusCode, "put_headers are required")
	withToken := map[string]string{"Authorization": "Bearer " + w.token}
	for k, v := range headers {
		withToken[k] = v
	}
	assert.Equal(t, http.StatusBadRequest, put(t, w.hc, putURL, content, withToken).StatusCode, "a Clio token on the storage host is refused")
	w.srv.ResetLog()
	require.Equal(t, http.StatusOK, put(t, w.hc, putURL, content, headers).StatusCode)
	log := w.srv.Requests()
	require.Len(t, log, 1)
	assert.Equal(t, cliotest.HostStorage, log[0].Host)
	assert.False(t, log[0].Authorization)
	assert.EqualValues(t, len(content), log[0].BodySize)

	done := w.do("PATCH", path+"?fields="+url.QueryEscape("id,size,latest_document_version{fully_uploaded,put_url}"),
		data(map[string]any{"uuid": v["uuid"], "fully_uploaded": "true"}))
	require.Equal(t, http.StatusOK, done.StatusCode, string(done.raw))
	assert.Equal(t, map[string]any{"fully_uploaded": true, "put_url": nil}, done.data()["latest_document_version"])
	assert.Equal(t, float64(len(content)), done.data()["size"])
	stored, ok := w.srv.DocumentContent(docID)
	require.True(t, ok)
	assert.Equal(t, content, stored)

	noFollow := &http.Client{Transport: w.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", w.srv.URL()+fmt.Sprintf("/api/v4/documents/%d/download.json", docID), nil)
	req.Header.Set("Authorization", "Bearer "+w.token)
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	assert.True(t, strings.HasPrefix(loc, w.srv.StorageURL()+"/"), loc)

	got, err := w.hc.Get(loc)
	require.NoError(t, err)
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	assert.Equal(t, content, body)
	assert.Equal(t, "application/pdf", got.Header.Get("Content-Type"))

	listed := w.do("GET", fmt.Sprintf("/api/v4/documents.json?matter_id=%d&fields=name", d.JaneDoeMatterID), nil)
	assert.Len(t, listed.list(), 2, "the police report and the upload")
}

func TestDocumentAutomationStates(t *testing.T) {
	w := newWire(t)
	d := w.srv.Demo()
	create := func(templateID int64) string {
		r := w.do("POST", "/api/v4/document_automations.json?fields=id,state,export_formats", data(map[string]any{
			"document_template": ref(templateID), "matter": ref(d.JaneDoeMatterID),
			"filename": "Retainer - Jane Doe", "formats": []string{"pdf", "original"},
		}))
		require.Equal(t, http.StatusCreated, r.StatusCode, string(r.raw))
		assert.Equal(t, "not_started", r.data()["state"])
		assert.Equal(t, []any{"pdf", "original"}, r.data()["export_formats"], "a list, as Clio answers it")
		return fmt.Sprintf("/api/v4/document_automations/%d.json?fields=%s", num(r.data()["id"]), url.QueryEscape("state,documents{id,name}"))
	}
	path := create(d.RetainerTemplateID)
	var states []string
	var docs []any
	for range 4 {
		r := w.do("GET", path, nil)
		states = append(states, r.data()["state"].(string))
		docs = r.data()["documents"].([]any)
	}
	assert.Equal(t, []string{"queued", "in_progress", "completed", "completed"}, states)
	require.Len(t, docs, 2)
	assert.Equal(t, "Retainer - Jane Doe.pdf", docs[0].(map[string]any)["name"])
	assert.Equal(t, "Retainer - Jane Doe.docx", docs[1].(map[string]any)["name"])
	content, ok := w.srv.DocumentContent(num(docs[0].(map[string]any)["id"]))
	require.True(t, ok)
	assert.True(t, bytes.HasPrefix(content, []byte("%PDF")))

	failing := w.srv.AddDocumentTemplate("Will Fail.docx", []byte("x"))
	path = create(failing)
	for range 3 {
		w.do("GET", path, nil)
	}
	assert.Equal(t, "failed", w.do("GET", path, nil).data()["state"])

	missing := w.do("POST", "/api/v4/document_automations.json", data(map[string]any{"document_template": ref(d.RetainerTemplateID), "matter": ref(d.JaneDoeMatterID)}))
	assert.Equal(t, http.StatusUnprocessableEntity, missing.StatusCode)
	tpl := w.do("GET", "/api/v4/document_templates.json?fields=id,filename,content_type", nil)
	require.Len(t, tpl.list(), 2)
	assert.Equal(t, "Retainer Agreement.docx", tpl.list()[0]["filename"])
}
