package clio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Upload limits, from Clio's Documents guide.
const (
	// DefaultMultipartThreshold is the size from which Upload switches to
	// Clio's multipart upload ("when a file reaches 100 MB").
	DefaultMultipartThreshold int64 = 100 << 20
	// DefaultPartSize is the multipart part size Upload uses unless told
	// otherwise; it grows when a file would need more than 10,000 parts.
	DefaultPartSize int64 = 32 << 20

	maxUploadParts  = 10000 // part numbers run 1-10,000
	partsPerRequest = 50    // Clio hands out at most 50 part URLs per request

	uploadFields          = "id,etag,latest_document_version{uuid,put_url,put_headers}"
	multipartCreateFields = "id,etag,latest_document_version{uuid,put_headers,multiparts}"
	multipartBatchFields  = "id,etag,latest_document_version{uuid,multiparts}"
	uploadStateFields     = "id,etag,latest_document_version{uuid,fully_uploaded}"
	finalizeRetries       = 2 // extra tries of the finalising PATCH (UploadTimeoutError, a dropped or stale PATCH)
	storageRetries        = 2 // extra tries of a rewindable storage PUT
)

// minPartSize is the smallest part but the last (5 MiB, S3's bound); tests
// lower it to exercise batching without moving hundreds of megabytes.
var minPartSize int64 = 5 << 20

// uploadRetryWait is the first pause before repeating a finalising PATCH or
// a storage PUT; it doubles per try.
var uploadRetryWait = time.Second

// DocumentParentType is what a new document is filed under.
type DocumentParentType string

// The parent types Clio accepts.
const (
	DocumentParentMatter   DocumentParentType = "Matter"   // the matter's folder
	DocumentParentFolder   DocumentParentType = "Folder"   // a folder
	DocumentParentContact  DocumentParentType = "Contact"  // the contact's folder (created if missing)
	DocumentParentDocument DocumentParentType = "Document" // a new version of an existing document
)

// DocumentParent is the parent of an uploaded document.
type DocumentParent struct {
	ID   int64              `json:"id"`
	Type DocumentParentType `json:"type"`
}

// DocumentUpload describes a file for [DocumentsService.Upload]. It is
// the input of a helper, not a wire body; ContentType, the one optional
// field sent as it is, is an Opt: unset is not sent, Set sends, Null sends
// null.
type DocumentUpload struct {
	Name    string // document name, e.g. "engagement-letter.pdf"; required
	Parent  DocumentParent
	Content io.Reader // the bytes; read once, front to back, unless it is an io.ReaderAt
	Size    int64     // exact length of Content in bytes; required (storage needs Content-Length)
	// ContentType is the MIME type, sent as content_type; when unset Clio
	// infers it from the name's extension.
	ContentType Opt[string]

	// MultipartThreshold is the size from which the upload goes in parts;
	// 0 means DefaultMultipartThreshold, negative never.
	MultipartThreshold int64
	// PartSize is the multipart part size; 0 means DefaultPartSize. It must
	// be at least 5 MiB, and is raised when the file would otherwise need
	// more than 10,000 parts.
	PartSize int64
}

// Upload errors. An [*UploadError] matches them with errors.Is.
var (
	ErrUploadNotFound = errors.New("clio: Clio found no uploaded file (UploadNotFoundError)")
	ErrUploadTimeout  = errors.New("clio: Clio timed out verifying the upload (UploadTimeoutError)")
)

// UploadError is a failed [DocumentsService.Upload]. When DocumentID is not
// zero, Clio holds a document whose upload is unfinished (hidden unless
// listed with ShowUncompleted); delete it or upload again. It unwraps to the
// cause: an [*APIError], a [*StorageError] or a context error.
type UploadError struct {
	DocumentID int64
	Step       string // "create", "upload" or "finalize"
	Err        error
}

// Error describes the failure without tokens, query values or body text.
func (e *UploadError) Error() string {
	if e.DocumentID == 0 {
		return "clio: upload: " + e.Step + ": " + e.Err.Error()
	}
	return fmt.Sprintf("clio: upload of document %d: %s: %v", e.DocumentID, e.Step, e.Err)
}

// Unwrap returns the cause.
func (e *UploadError) Unwrap() error { return e.Err }

// Is matches [ErrUploadNotFound] and [ErrUploadTimeout] by Clio's error type.
func (e *UploadError) Is(target error) bool {
	switch target {
	case ErrUploadNotFound:
		return apiErrorType(e.Err) == "UploadNotFoundError"
	case ErrUploadTimeout:
		return apiErrorType(e.Err) == "UploadTimeoutError"
	}
	return false
}

// apiErrorType is the Clio error type of an [*APIError] in err's chain.
func apiErrorType(err error) string {
	var api *APIError
	if errors.As(err, &api) {
		return api.Type
	}
	return ""
}

// documentCreateBody is the data of POST /documents.json.
type documentCreateBody struct {
	Name        string          `json:"name"`
	Parent      DocumentParent  `json:"parent"`
	ContentType Opt[string]     `json:"content_type,omitzero"`
	Multiparts  []multipartSpec `json:"multiparts,omitempty"`
}

// multipartSpec asks for one part's URL. content_length is sent as a
// number, as Clio's worked example does (the schema says string).
type multipartSpec struct {
	PartNumber    int   `json:"part_number"`
	ContentLength int64 `json:"content_length"`
}

// documentFinishBody is the data of the PATCH that asks for more part URLs
// (fully_uploaded false) or finalises the upload (true). fully_uploaded is
// a JSON boolean, as the PATCH schema types it; Clio's prose example shows
// the string "true", which Rails reads the same way.
type documentFinishBody struct {
	UUID          string          `json:"uuid"`
	FullyUploaded bool            `json:"fully_uploaded"`
	Multiparts    []multipartSpec `json:"multiparts,omitempty"`
}

// Upload stores a file in Clio in Clio's three steps and returns the new
// document:
//
//  1. POST /documents.json?fields=id,etag,latest_document_version{uuid,put_url,put_headers}
//     (Document#create) creates the document and returns a signed put_url
//     with put_headers;
//  2. PUT the bytes to put_url with exactly those headers plus
//     Content-Length, through a client that never sends the Clio token;
//  3. PATCH /documents/{id}.json with {"uuid":..., "fully_uploaded":true}
//     and If-Match: the etag of the create's answer.
//
// The finalising PATCH is tried up to three times, 1s and then 2s apart:
// again after UploadTimeoutError, as Clio advises; and after a failure that
// may or may not have been applied (a dropped connection, a 5xx: see
// [APIError.MayHaveApplied]) or a 412, the document is read back (GET
// fields=id,etag,latest_document_version{uuid,fully_uploaded}) and, when
// the version is already fully uploaded, returned without a second PATCH;
// otherwise the PATCH is sent again with the etag just read. Marking an
// upload complete twice is harmless, so this never duplicates anything.
//
// Files of MultipartThreshold bytes or more (100 MiB by default) go in
// parts: the create asks for multiparts (at most 50 per request; further
// batches come from PATCHes with fully_uploaded false), each part is PUT to
// its own URL with its own put_headers only (the version-level ones, such as
// x-amz-server-side-encryption, belong to the whole upload; S3's UploadPart
// does not take them), then step 3 finalises. content_length is sent as a
// number, as Clio's worked example does.
//
// Content is streamed, never held in memory: each part is read straight
// from Content as the request body, so memory use does not grow with the
// file. Because a streamed part cannot be replayed, a failed storage PUT is
// retried only when Content is an io.ReaderAt (an *os.File, a
// *bytes.Reader): then each part is an io.SectionReader, starting at the
// reader's current offset when it is also an io.Seeker. A plain io.Reader
// gets one attempt per part and the error says so through [*UploadError].
//
// Storage transfers run through the storage HTTP client without the API
// retry policy; a Timeout on a client passed with [WithStorageHTTPClient]
// also limits each PUT, so leave it unset for large files and use ctx. A
// put_url that is plain http to a non-local host is refused
// ([ErrStorageInsecure]), and no storage request carries the Clio token
// (see [StorageError]).
//
// Of the call options, Upload takes the fields of the document it returns
// (as Get does); it makes several requests, so headers, query parameters,
// WithResponseInto and the retry and timeout options are not applied to
// them (bound the whole upload with ctx).
func (s *DocumentsService) Upload(ctx context.Context, u DocumentUpload, opts ...CallOption) (*Document, error) {
	if err := u.check(); err != nil {
		return nil, err
	}
	finalQ, err := withFields(nil, "Document", newCallConfig(opts).fields, defaultDocumentFields)
	if err != nil {
		return nil, err
	}
	src := newUploadSource(u.Content)
	threshold := u.MultipartThreshold
	if threshold == 0 {
		threshold = DefaultMultipartThreshold
	}
	if threshold < 0 || u.Size < threshold {
		return s.uploadSingle(ctx, u, src, finalQ)
	}
	return s.uploadMultipart(ctx, u, src, finalQ)
}

func (u DocumentUpload) check() error {
	switch {
	case u.Name == "":
		return argError("DocumentUpload.Name", "an upload needs a document name")
	case u.Parent.ID <= 0:
		return argError("DocumentUpload.Parent.ID", "an upload needs a parent id")
	case u.Content == nil:
		return argError("DocumentUpload.Content", "an upload needs content")
	case u.Size < 0:
		return argError("DocumentUpload.Size", "must not be negative")
	case u.PartSize != 0 && u.PartSize < minPartSize:
		return argError("DocumentUpload.PartSize", "%d is below Clio's minimum of %d bytes", u.PartSize, minPartSize)
	}
	switch u.Parent.Type {
	case DocumentParentMatter, DocumentParentFolder, DocumentParentContact, DocumentParentDocument:
		return nil
	}
	return argError("DocumentUpload.Parent.Type", "want Matter, Folder, Contact or Document")
}

func (s *DocumentsService) uploadSingle(ctx context.Context, u DocumentUpload, src *uploadSource, finalQ url.Values) (*Document, error) {
	body := documentCreateBody{Name: u.Name, Parent: u.Parent, ContentType: u.ContentType}
	t, err := sendData[Document](ctx, s.service, &request{method: http.MethodPost, path: "documents.json",
		query: url.Values{"fields": {uploadFields}}, body: jsonBody(body)})
	if err != nil {
		return nil, &UploadError{Step: "create", Err: err}
	}
	v := t.LatestDocumentVersion
	if v == nil || v.UUID == "" || v.PutURL == "" {
		return nil, &UploadError{DocumentID: t.ID, Step: "create", Err: errors.New("no uuid or put_url in the answer")}
	}
	if err := s.put(ctx, src, v.PutURL, v.PutHeaders, 0, u.Size, 0); err != nil {
		return nil, &UploadError{DocumentID: t.ID, Step: "upload", Err: err}
	}
	if err := src.checkDrained(); err != nil {
		return nil, &UploadError{DocumentID: t.ID, Step: "upload", Err: err}
	}
	return s.finish(ctx, t.ID, v.UUID, t.ETag, finalQ)
}

func (s *DocumentsService) uploadMultipart(ctx context.Context, u DocumentUpload, src *uploadSource, finalQ url.Values) (*Document, error) {
	partSize := u.PartSize
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if (u.Size+partSize-1)/partSize > maxUploadParts {
		partSize = (u.Size + maxUploadParts - 1) / maxUploadParts
	}
	n := int((u.Size + partSize - 1) / partSize)
	specs := make([]multipartSpec, n)
	for i := range specs {
		specs[i] = multipartSpec{PartNumber: i + 1, ContentLength: min(partSize, u.Size-int64(i)*partSize)}
	}
	body := documentCreateBody{Name: u.Name, Parent: u.Parent, ContentType: u.ContentType, Multiparts: specs[:min(partsPerRequest, n)]}
	t, err := sendData[Document](ctx, s.service, &request{method: http.MethodPost, path: "documents.json",
		query: url.Values{"fields": {multipartCreateFields}}, body: jsonBody(body)})
	if err != nil {
		return nil, &UploadError{Step: "create", Err: err}
	}
	id := t.ID
	if t.LatestDocumentVersion == nil || t.LatestDocumentVersion.UUID == "" {
		return nil, &UploadError{DocumentID: id, Step: "create", Err: errors.New("no uuid in the answer")}
	}
	uuid := t.LatestDocumentVersion.UUID
	for start := 0; start < n; start += partsPerRequest {
		batch := specs[start:min(start+partsPerRequest, n)]
		if start > 0 {
			more := documentFinishBody{UUID: uuid, FullyUploaded: false, Multiparts: batch}
			if t, err = sendData[Document](ctx, s.service, &request{method: http.MethodPatch, path: idPath("documents", id),
				query: url.Values{"fields": {multipartBatchFields}}, body: jsonBody(more)}); err != nil {
				return nil, &UploadError{DocumentID: id, Step: "upload", Err: err}
			}
		}
		if t.LatestDocumentVersion == nil {
			return nil, &UploadError{DocumentID: id, Step: "upload", Err: errors.New("no multiparts in the answer")}
		}
		for _, p := range batch {
			mp, ok := partURL(t.LatestDocumentVersion, p.PartNumber)
			if !ok {
				return nil, &UploadError{DocumentID: id, Step: "upload", Err: fmt.Errorf("no put_url for part %d in the answer", p.PartNumber)}
			}
			off := int64(p.PartNumber-1) * partSize
			if err := s.put(ctx, src, mp.PutURL, mp.PutHeaders, off, p.ContentLength, p.PartNumber); err != nil {
				return nil, &UploadError{DocumentID: id, Step: "upload", Err: err}
			}
		}
	}
	if err := src.checkDrained(); err != nil {
		return nil, &UploadError{DocumentID: id, Step: "upload", Err: err}
	}
	return s.finish(ctx, id, uuid, t.ETag, finalQ)
}

// partURL finds a part's URL by part number (Clio's order is not relied
// on).
func partURL(v *DocumentVersion, part int) (Multipart, bool) {
	for _, mp := range v.Multiparts {
		if mp.PartNumber == part && mp.PutURL != "" {
			return mp, true
		}
	}
	return Multipart{}, false
}

// finish marks the upload complete with If-Match: etag (read back first
// when the create's answer had none), as described on Upload.
func (s *DocumentsService) finish(ctx context.Context, id int64, uuid, etag string, q url.Values) (*Document, error) {
	fail := func(err error) (*Document, error) {
		return nil, &UploadError{DocumentID: id, Step: "finalize", Err: err}
	}
	var done bool
	if etag == "" {
		var err error
		if etag, done, err = s.uploadState(ctx, id, uuid); err != nil {
			return fail(err)
		}
	}
	var d *Document
	err := retryLoop(ctx, pauses{attempts: 1 + finalizeRetries, first: uploadRetryWait}, func(int) (bool, error) {
		if done {
			return false, nil
		}
		var err error
		d, err = sendData[Document](ctx, s.service, &request{method: http.MethodPatch, path: idPath("documents", id),
			query: q, body: jsonBody(documentFinishBody{UUID: uuid, FullyUploaded: true}), header: http.Header{"If-Match": {etag}}})
		switch {
		case err == nil:
			return false, nil
		case apiErrorType(err) == "UploadTimeoutError": // not applied; Clio advises trying again
			return true, err
		case !MayHaveApplied(err) && !errors.Is(err, ErrPreconditionFailed):
			return false, err
		}
		// The PATCH may have been applied, or the etag is stale: read
		// the document back and finish only if it still needs it.
		fresh, ok, rerr := s.uploadState(ctx, id, uuid)
		if rerr != nil {
			return false, errors.Join(err, rerr)
		}
		etag, done = fresh, ok
		return !done, err
	})
	if done {
		// Finished by an earlier PATCH: fetch what the caller asked for.
		d, err = sendData[Document](ctx, s.service, &request{method: http.MethodGet, path: idPath("documents", id), query: q})
	}
	if err != nil {
		return fail(err)
	}
	return d, nil
}

// uploadState reads a document's etag and whether version uuid is its
// fully uploaded latest version.
func (s *DocumentsService) uploadState(ctx context.Context, id int64, uuid string) (etag string, done bool, err error) {
	d, err := sendData[Document](ctx, s.service, &request{method: http.MethodGet, path: idPath("documents", id),
		query: url.Values{"fields": {uploadStateFields}}})
	if err != nil {
		return "", false, err
	}
	v := d.LatestDocumentVersion
	return d.ETag, v != nil && v.UUID == uuid && v.FullyUploaded, nil
}

// uploadSource hands out part bodies: section readers when the content is
// an io.ReaderAt (so a part can be sent again), else consecutive
// io.LimitReaders over the one stream.
type uploadSource struct {
	r    io.Reader
	ra   io.ReaderAt
	base int64
}

func newUploadSource(r io.Reader) *uploadSource {
	src := &uploadSource{r: r}
	if ra, ok := r.(io.ReaderAt); ok {
		src.ra = ra
		if sk, ok := r.(io.Seeker); ok {
			off, err := sk.Seek(0, io.SeekCurrent)
			if err != nil {
				src.ra = nil
			}
			src.base = off
		}
	}
	return src
}

// part returns a body for bytes [off, off+n) of the content. Without
// ReaderAt, parts must be asked for in order.
func (s *uploadSource) part(off, n int64) io.Reader {
	if s.ra != nil {
		return io.NewSectionReader(s.ra, s.base+off, n)
	}
	return io.LimitReader(s.r, n)
}

// checkDrained reports a stream that holds more than Size bytes.
func (s *uploadSource) checkDrained() error {
	if s.ra != nil {
		return nil
	}
	var b [1]byte
	if n, _ := io.ReadFull(s.r, b[:]); n > 0 {
		return errors.New("clio: upload Content holds more bytes than Size")
	}
	return nil
}

// put sends one storage PUT, retrying failures that may pass on a second
// try when the source can replay the part.
func (s *DocumentsService) put(ctx context.Context, src *uploadSource, target string, headers []MultipartHeaderBase, off, n int64, part int) error {
	tries := 1
	if src.ra != nil {
		tries += storageRetries
	}
	retryable := func(err error) bool {
		var se *StorageError
		return errors.As(err, &se) && se.retryable()
	}
	err := retryLoop(ctx, pauses{attempts: tries, first: uploadRetryWait}, func(int) (bool, error) {
		err := s.putOnce(ctx, target, headers, src.part(off, n), n, part)
		return err != nil && ctx.Err() == nil && retryable(err), err
	})
	if tries == 1 && retryable(err) {
		err = fmt.Errorf("%w (not retried: Content is not an io.ReaderAt, so the part cannot be sent again)", err)
	}
	return err
}

// putOnce PUTs body (n bytes) to a signed storage URL with exactly the
// headers Clio listed plus Content-Length, and no Authorization.
func (s *DocumentsService) putOnce(ctx context.Context, target string, headers []MultipartHeaderBase, body io.Reader, n int64, part int) error {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("clio: upload: put_url is not an http(s) URL")
	}
	if err := checkStorageURL(u); err != nil {
		return &StorageError{Method: http.MethodPut, Host: u.Host, Part: part, Err: err}
	}
	if n == 0 {
		body = http.NoBody
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, target, body)
	if err != nil {
		return fmt.Errorf("clio: upload: %w", stripURLError(err))
	}
	req.ContentLength = n
	for _, h := range headers {
		if http.CanonicalHeaderKey(h.Name) == "Content-Length" {
			if h.Value != strconv.FormatInt(n, 10) {
				return fmt.Errorf("clio: upload: put_headers give Content-Length %s for a %d-byte part", h.Value, n)
			}
			continue // set from req.ContentLength
		}
		req.Header.Add(h.Name, h.Value)
	}
	resp, err := s.c.storageDo(req, part)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return readStorageError(resp, req, part)
	}
	drain(resp.Body)
	return resp.Body.Close()
}
