package cliotest

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// blob is a stored file on the storage host.
type blob struct {
	data                  []byte
	contentType, filename string
	getSig                string
}

func (s *Server) storeBlob(uuid string, data []byte, contentType, filename string) {
	s.blobs[uuid] = &blob{data: data, contentType: contentType, filename: filename, getSig: randomToken(32)}
}

func (s *Server) blobSize(v *docVersion) int {
	if b, ok := s.blobs[v.uuid]; ok && v.uploaded {
		return len(b.data)
	}
	return 0
}

// DocumentContent returns the bytes of a document's latest fully uploaded
// version, for assertions.
func (s *Server) DocumentContent(documentID int64) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.documents.get(documentID)
	if !ok {
		return nil, false
	}
	for i := len(d.versions) - 1; i >= 0; i-- {
		if v := d.versions[i]; v.uploaded {
			return append([]byte(nil), s.blobs[v.uuid].data...), true
		}
	}
	return nil, false
}

// s3Error is an S3-style XML error answer.
func s3Error(status int, code, msg string) *response {
	h := http.Header{}
	h.Set("Content-Type", "application/xml")
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>" + code + "</Code><Message>" + msg + "</Message></Error>"
	return &response{status: status, header: h, body: []byte(body)}
}

// serveStorage handles the storage host: PUT /uploads/{uuid}/{filename}
// (a put_url, or with partNumber a multipart put_url) and GET
// /files/{uuid}/{filename} (a download redirect target). All URLs are
// signed; like S3, a request that also carries an Authorization header is
// refused with 400, so a client leaking its Clio token here fails loudly.
func (s *Server) serveStorage(r *http.Request, raw []byte) *response {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 3)
	if len(parts) < 2 {
		return s3Error(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	}
	if r.Header.Get("Authorization") != "" {
		return s3Error(http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
	}
	kind, uuid, sig := parts[0], parts[1], r.URL.Query().Get("X-Amz-Signature")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case kind == "uploads" && r.Method == http.MethodPut:
		v, ok := s.versions[uuid]
		if !ok {
			return badSignature()
		}
		if r.URL.Query().Has("partNumber") {
			return s.putPart(r, raw, v, sig)
		}
		return s.putWhole(r, raw, v, sig)
	case kind == "files" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		return s.getFile(r, uuid, sig)
	}
	return s3Error(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
}

func sigOK(got, want string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 }

func badSignature() *response {
	return s3Error(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
}

// storedOK answers a successful PUT with the body's MD5 as ETag, as S3 does.
func storedOK(sum [md5.Size]byte) *response {
	h := http.Header{}
	h.Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	return &response{status: http.StatusOK, header: h}
}

// putWhole stores a single-PUT upload, which must carry the version's
// put_headers.
func (s *Server) putWhole(r *http.Request, raw []byte, v *docVersion, sig string) *response {
	if !sigOK(sig, v.putSig) || v.parts != nil {
		return badSignature()
	}
	if v.uploaded {
		return s3Error(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	if got := r.Header.Get("x-amz-server-side-encryption"); got != "AES256" {
		return s3Error(http.StatusForbidden, "SignatureDoesNotMatch", "The signed header x-amz-server-side-encryption: AES256 (from put_headers) is missing.")
	}
	if got := r.Header.Get("Content-Type"); got != v.contentType {
		return s3Error(http.StatusForbidden, "SignatureDoesNotMatch", "The signed header Content-Type: "+v.contentType+" (from put_headers) is missing or different.")
	}
	s.storeBlob(v.uuid, raw, v.contentType, v.filename)
	return storedOK(md5.Sum(raw))
}

// getFile serves a stored blob at its signed download URL.
func (s *Server) getFile(r *http.Request, uuid, sig string) *response {
	b, ok := s.blobs[uuid]
	if !ok || !sigOK(sig, b.getSig) {
		return badSignature()
	}
	h := http.Header{}
	h.Set("Content-Type", b.contentType)
	h.Set("Content-Length", strconv.Itoa(len(b.data)))
	h.Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(b.filename, `"`, "")+`"`)
	if r.Method == http.MethodHead {
		return &response{status: http.StatusOK, header: h}
	}
	return &response{status: http.StatusOK, header: h, body: b.data}
}
