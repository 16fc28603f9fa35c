package cliotest

import (
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// Multipart uploads, after Clio's Documents guide: the create (or a PATCH
// with fully_uploaded false) declares up to 50 parts, each answered with its
// own put_url and put_headers on the storage host; each part is PUT there;
// the PATCH with fully_uploaded true joins the parts in part_number order.
const (
	maxPartsPerRequest = 50
	maxPartNumber      = 10000
	// defaultMinPartSize is the smallest part but the last (S3's 5 MiB;
	// Clio says 5 MB), checked when the upload is finalised.
	defaultMinPartSize int64 = 5 << 20
)

// uploadPart is one declared part of a multipart upload and, once PUT, its
// bytes.
type uploadPart struct {
	number int
	length int64  // content_length as declared
	md5    string // content_md5 as declared (base64); "" when not given
	putSig string
	data   []byte
	stored bool
}

// partRef renders a multiparts entry of a document version.
type partRef struct {
	v *docVersion
	p *uploadPart
}

func (r partRef) allFields() []item {
	return []item{{name: "part_number"}, {name: "put_url"}, {name: "put_headers"}}
}

func (r partRef) attr(s *Server, name string) (any, bool) {
	switch name {
	case "part_number":
		return r.p.number, true
	case "put_url":
		return s.storageURL + "/uploads/" + r.v.uuid + "/" + url.PathEscape(r.v.filename) +
			"?partNumber=" + strconv.Itoa(r.p.number) + "&X-Amz-Expires=600&X-Amz-Signature=" + r.p.putSig, true
	case "put_headers":
		hs := []node{header{"Content-Length", strconv.FormatInt(r.p.length, 10)}}
		if r.p.md5 != "" {
			hs = append(hs, header{"Content-MD5", r.p.md5})
		}
		return hs, true
	}
	return nil, true
}

// partNodes lists the parts asked for by the latest create or PATCH of a
// pending multipart version, in the order asked.
func (s *Server) partNodes(v *docVersion) []node {
	out := []node{}
	if v.uploaded {
		return out
	}
	for _, n := range v.asked {
		out = append(out, partRef{v: v, p: v.parts[n]})
	}
	return out
}

// parseParts reads a request's multiparts: nil when absent or empty; a 422
// for more than 50 entries, a part_number outside 1..10000 or given twice,
// or a content_length that is not a positive integer.
func parseParts(b body) ([]uploadPart, error) {
	list, _, err := b.list("multiparts")
	if err != nil {
		return nil, err
	}
	if len(list) > maxPartsPerRequest {
		return nil, invalid("multiparts: at most %d parts per request, got %d; ask for the rest with PATCH /documents/{id}.json {uuid, fully_uploaded: false, multiparts}", maxPartsPerRequest, len(list))
	}
	out := make([]uploadPart, 0, len(list))
	seen := map[int64]bool{}
	for i, e := range list {
		n, _, err := e.integer("part_number")
		if err != nil || n < 1 || n > maxPartNumber {
			return nil, invalid("multiparts[%d]: part_number must be an integer from 1 to %d", i, maxPartNumber)
		}
		if seen[n] {
			return nil, invalid("multiparts: part_number %d is given twice", n)
		}
		seen[n] = true
		size, _, err := e.integer("content_length")
		if err != nil || size < 1 {
			return nil, invalid("multiparts[%d]: content_length must be a positive integer (bytes)", i)
		}
		sum, _, err := e.str("content_md5")
		if err != nil {
			return nil, invalid("multiparts[%d]: %v", i, err)
		}
		out = append(out, uploadPart{number: int(n), length: size, md5: sum})
	}
	return out, nil
}

// askParts declares parts on v (a part asked for again takes the new
// content_length and content_md5 but keeps its URL and any bytes already
// PUT, as an S3 part does) and makes them the ones multiparts lists.
func (s *Server) askParts(v *docVersion, specs []uploadPart) {
	if v.parts == nil {
		v.parts = map[int]*uploadPart{}
	}
	v.asked = nil
	for _, sp := range specs {
		p := v.parts[sp.number]
		if p == nil {
			p = &uploadPart{number: sp.number, putSig: randomToken(32)}
			v.parts[sp.number] = p
		}
		p.length, p.md5 = sp.length, sp.md5
		v.asked = append(v.asked, sp.number)
	}
}

// finishMultipart joins v's parts in part_number order into its blob. A
// part never PUT, or holding other than its declared content_length, is
// 422 UploadNotFoundError (as for a single upload with nothing PUT); a part
// but the last under the minimum size is 422 ValidationError. It reports
// false after setting the error answer.
func (s *Server) finishMultipart(c *call, v *docVersion) bool {
	nums := slices.Sorted(maps.Keys(v.parts))
	var missing []int
	for _, n := range nums {
		if !v.parts[n].stored {
			missing = append(missing, n)
		}
	}
	notFound := func(format string, args ...any) bool {
		c.fail(http.StatusUnprocessableEntity, "UploadNotFoundError",
			"A matching remote file was not found for the file named %s with UUID %s: %s", v.filename, v.uuid, fmt.Sprintf(format, args...))
		return false
	}
	if len(missing) > 0 {
		return notFound("part(s) %v of %d were not uploaded", missing, len(nums))
	}
	var total int64
	for i, n := range nums {
		p := v.parts[n]
		if int64(len(p.data)) != p.length {
			return notFound("part %d holds %d bytes, not its content_length of %d", n, len(p.data), p.length)
		}
		if i < len(nums)-1 && p.length < s.cfg.minPartSize {
			c.writeErr(invalid("part %d is %d bytes: every part but the last must be at least %d bytes", n, p.length, s.cfg.minPartSize))
			return false
		}
		total += p.length
	}
	joined := make([]byte, 0, total)
	for _, n := range nums {
		joined = append(joined, v.parts[n].data...)
		v.parts[n].data = nil
	}
	s.storeBlob(v.uuid, joined, v.contentType, v.filename)
	return true
}

// putPart stores one part PUT to its put_url. Like S3, the body must be
// exactly the declared content_length (400 otherwise; 411 without a
// Content-Length), a declared content_md5 is a signed header (403 when
// missing or different), and a Content-MD5 that does not match the body is
// 400 BadDigest.
func (s *Server) putPart(r *http.Request, raw []byte, v *docVersion, sig string) *response {
	n, _ := strconv.Atoi(r.URL.Query().Get("partNumber"))
	p := v.parts[n]
	if p == nil || !sigOK(sig, p.putSig) {
		return badSignature()
	}
	if v.uploaded {
		return s3Error(http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
	}
	if r.ContentLength < 0 {
		return s3Error(http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.")
	}
	if r.ContentLength != p.length || int64(len(raw)) != p.length {
		return s3Error(http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Content-Length %d does not match the part's content_length %d (from put_headers).", r.ContentLength, p.length))
	}
	got := r.Header.Get("Content-MD5")
	if p.md5 != "" && got != p.md5 {
		return s3Error(http.StatusForbidden, "SignatureDoesNotMatch", "The signed header Content-MD5: "+p.md5+" (from put_headers) is missing or different.")
	}
	sum := md5.Sum(raw)
	if got != "" && got != base64.StdEncoding.EncodeToString(sum[:]) {
		return s3Error(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
	}
	p.data, p.stored = raw, true
	return storedOK(sum)
}
