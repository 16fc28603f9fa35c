package cliotest

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// document is a file on a matter or contact; its content lives on the
// storage host, one blob per version.
type document struct {
	meta
	name                string
	parentID            int64
	parentType          string // Matter | Contact
	matterID, contactID int64
	creatorID           int64
	versions            []*docVersion // oldest first
	deleted             time.Time
}

func (d *document) latest() *docVersion { return d.versions[len(d.versions)-1] }

// docVersion is one uploaded (or pending) version of a document.
type docVersion struct {
	meta
	documentID            int64
	uuid                  string
	filename, contentType string
	number                int
	uploaded              bool // fully_uploaded
	putSig                string
	creatorID             int64
	// Multipart uploads only: the declared parts by part_number, and the
	// part numbers the latest create or PATCH asked for (what multiparts
	// lists). A version with parts has no single put_url.
	parts map[int]*uploadPart
	asked []int
}

// header is a put_headers entry.
type header struct{ name, value string }

func (h header) allFields() []item { return []item{{name: "name"}, {name: "value"}} }

func (h header) attr(_ *Server, name string) (any, bool) {
	switch name {
	case "name":
		return h.name, true
	case "value":
		return h.value, true
	}
	return nil, true
}

// parentRef renders a document's parent.
type parentRef struct {
	id         int64
	kind, name string
}

func (p parentRef) attr(_ *Server, name string) (any, bool) {
	switch name {
	case "id":
		return p.id, true
	case "type":
		return p.kind, true
	case "name":
		return p.name, true
	case "root":
		return true, true
	case "locked":
		return false, true
	}
	return nil, true
}

func (d *document) attr(s *Server, name string) (any, bool) {
	if v, ok := d.common(name); ok {
		return v, true
	}
	v := d.latest()
	switch name {
	case "name":
		return d.name, true
	case "filename":
		return v.filename, true
	case "size":
		return s.blobSize(v), true
	case "content_type":
		return v.contentType, true
	case "type":
		return "Document", true
	case "locked":
		return false, true
	case "received_at":
		return fmtTime(d.created), true
	case "deleted_at":
		return fmtTime(d.deleted), true
	case "parent":
		p := parentRef{id: d.parentID, kind: d.parentType}
		if f, ok := s.tableOf("Folder").get(d.parentID); ok && d.parentType == "Folder" {
			p.name = f.str("name")
		} else if m, ok := s.matters.get(d.matterID); ok {
			p.name = m.displayNumber
		} else if ct, ok := s.contacts.get(d.contactID); ok {
			p.name = ct.name()
		}
		return node(p), true
	case "matter":
		m, _ := s.matters.get(d.matterID)
		return optNode(m), true
	case "contact":
		ct, _ := s.contacts.get(d.contactID)
		return optNode(ct), true
	case "creator":
		u, _ := s.users.get(d.creatorID)
		return optNode(u), true
	case "latest_document_version":
		return node(v), true
	case "document_category", "group":
		return nil, true
	case "external_properties":
		return []node{}, true
	}
	return nil, false
}

func (v *docVersion) attr(s *Server, name string) (any, bool) {
	if x, ok := v.common(name); ok {
		return x, true
	}
	switch name {
	case "document_id":
		return v.documentID, true
	case "uuid":
		return v.uuid, true
	case "filename":
		return v.filename, true
	case "size":
		return s.blobSize(v), true
	case "version_number":
		return v.number, true
	case "content_type":
		return v.contentType, true
	case "received_at":
		return fmtTime(v.created), true
	case "fully_uploaded":
		return v.uploaded, true
	case "put_url":
		if v.uploaded || v.parts != nil {
			return nil, true
		}
		return s.storageURL + "/uploads/" + v.uuid + "/" + url.PathEscape(v.filename) +
			"?X-Amz-Expires=600&X-Amz-Signature=" + v.putSig, true
	case "put_headers":
		return []node{header{"x-amz-server-side-encryption", "AES256"}, header{"Content-Type", v.contentType}}, true
	case "multiparts":
		return s.partNodes(v), true
	case "creator":
		u, _ := s.users.get(v.creatorID)
		return optNode(u), true
	}
	return nil, false
}

// newUUID returns a random version-4 style UUID.
func newUUID() string {
	h := randomToken(16)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

func contentTypeOf(name string) string {
	if ct := mime.TypeByExtension(strings.ToLower(path.Ext(name))); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// newVersion adds a pending version to d.
func (s *Server) newVersion(d *document, filename, contentType string, creator int64) *docVersion {
	if contentType == "" {
		contentType = contentTypeOf(filename)
	}
	v := &docVersion{
		meta: s.newMeta("document_version"), documentID: d.id, uuid: newUUID(),
		filename: filename, contentType: contentType, number: len(d.versions) + 1,
		putSig: randomToken(32), creatorID: creator,
	}
	d.versions = append(d.versions, v)
	s.versions[v.uuid] = v
	return v
}

// createDocument creates a document, or a new version of one for a
// Document parent, pending its upload: a single put_url, or with
// multiparts one put_url per part.
func (s *Server) createDocument(c *call) {
	items, ok := c.items("Document")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	name, _, _ := b.str("name")
	if name == "" {
		c.writeErr(invalid("name is required"))
		return
	}
	specs, err := parseParts(b)
	if err != nil {
		c.writeErr(err)
		return
	}
	d, existing, err := s.documentFor(b, name, c.user.id)
	if err != nil {
		c.writeErr(err)
		return
	}
	ctype, _, _ := b.str("content_type")
	v := s.newVersion(d, name, ctype, c.user.id)
	if len(specs) > 0 {
		s.askParts(v, specs)
	}
	if existing {
		s.touch(&d.meta, "document")
	} else {
		s.documents.put(d.id, d)
	}
	s.one(c, http.StatusCreated, d, &d.meta, items)
}

// documentFor resolves a create's parent: the existing document for a
// Document parent (existing is true), else a new document, not yet stored,
// on the matter or contact.
func (s *Server) documentFor(b body, name string, creator int64) (d *document, existing bool, err error) {
	pb, err := subBody(b["parent"])
	if err != nil {
		return nil, false, invalid("parent {id, type} is required")
	}
	pid, _, _ := pb.integer("id")
	ptype, _, _ := pb.str("type")
	d = &document{name: name, parentID: pid, parentType: ptype, creatorID: creator}
	switch ptype {
	case "Matter":
		if _, ok := s.matters.get(pid); !ok {
			return nil, false, invalid("parent: matter %d does not exist", pid)
		}
		d.matterID = pid
	case "Contact":
		if _, ok := s.contacts.get(pid); !ok {
			return nil, false, invalid("parent: contact %d does not exist", pid)
		}
		d.contactID = pid
	case "Document":
		existing, ok := s.documents.get(pid)
		if !ok || !existing.deleted.IsZero() {
			return nil, false, invalid("parent: document %d does not exist", pid)
		}
		return existing, true, nil
	case "Folder":
		f, ok := s.tableOf("Folder").get(pid)
		if !ok {
			return nil, false, invalid("parent: folder %d does not exist", pid)
		}
		d.matterID, d.contactID = f.refTo("matter"), f.refTo("contact")
	default:
		return nil, false, invalid("parent type must be Matter, Contact, Folder or Document")
	}
	d.meta = s.newMeta("document")
	return d, false, nil
}

func (s *Server) liveDocument(c *call) *document {
	d, ok := s.documents.get(c.id(0))
	if !ok || !d.deleted.IsZero() {
		c.notFound()
		return nil
	}
	return d
}

func (s *Server) getDocument(c *call) {
	items, ok := c.items("Document")
	if !ok {
		return
	}
	if d := s.liveDocument(c); d != nil {
		s.get(c, d, &d.meta, items)
	}
}

// updateDocument renames a document and applies the upload keys (see
// updateUpload).
func (s *Server) updateDocument(c *call) {
	items, ok := c.items("Document")
	if !ok {
		return
	}
	d := s.liveDocument(c)
	if d == nil || !s.ifMatch(c, &d.meta) {
		return
	}
	b, ok := c.data()
	if !ok || !s.updateUpload(c, d, b) {
		return
	}
	if name, given, _ := b.str("name"); given {
		if name == "" {
			c.writeErr(invalid("name can't be blank"))
			return
		}
		d.name = name
	}
	s.touch(&d.meta, "document")
	s.one(c, http.StatusOK, d, &d.meta, items)
}

// updateUpload applies a PATCH's upload keys for the version named by uuid:
// multiparts with fully_uploaded false ask for more part URLs of a
// multipart upload; fully_uploaded true finalises the upload (422
// UploadNotFoundError when nothing, or not every part, was PUT; finalising
// again is harmless). It reports false after setting an error answer.
func (s *Server) updateUpload(c *call, d *document, b body) bool {
	done, _, err := b.boolean("fully_uploaded")
	if err != nil {
		c.writeErr(invalid("%v", err))
		return false
	}
	specs, err := parseParts(b)
	if err == nil && done && len(specs) > 0 {
		err = invalid("multiparts are asked for with fully_uploaded false, not in the finalising PATCH")
	}
	if err != nil {
		c.writeErr(err)
		return false
	}
	if !done && len(specs) == 0 {
		return true
	}
	uuid, _, _ := b.str("uuid")
	i := slices.IndexFunc(d.versions, func(v *docVersion) bool { return v.uuid == uuid })
	if i < 0 {
		c.writeErr(invalid("uuid %q is not a version of document %d", uuid, d.id))
		return false
	}
	v := d.versions[i]
	switch {
	case done:
		if !v.uploaded && !s.finishUpload(c, v) {
			return false
		}
		v.uploaded = true
	case v.parts == nil:
		c.writeErr(invalid("version %s was not created as a multipart upload; multiparts can only be added to one", uuid))
		return false
	case v.uploaded:
		c.writeErr(invalid("version %s is already fully uploaded", uuid))
		return false
	default:
		s.askParts(v, specs)
	}
	s.touch(&v.meta, "document_version")
	return true
}

// finishUpload checks that a pending version's bytes are on the storage
// host (joining a multipart upload's parts); it reports false after setting
// the error answer.
func (s *Server) finishUpload(c *call, v *docVersion) bool {
	if v.parts != nil {
		return s.finishMultipart(c, v)
	}
	if _, stored := s.blobs[v.uuid]; !stored {
		c.fail(http.StatusUnprocessableEntity, "UploadNotFoundError",
			"A matching remote file was not found for the file named %s with UUID %s", v.filename, v.uuid)
		return false
	}
	return true
}

// deleteDocument moves the document to the trash (deleted_at is set; it
// leaves lists unless include_deleted=true).
func (s *Server) deleteDocument(c *call) {
	if d := s.liveDocument(c); d != nil {
		d.deleted = s.now()
		s.touch(&d.meta, "document")
		c.noContent()
	}
}

// downloadDocument answers 303 See Other to the file on the storage host.
func (s *Server) downloadDocument(c *call) {
	d := s.liveDocument(c)
	if d == nil {
		return
	}
	v := d.latest()
	if vid, given := filterOf(c).int("document_version_id"); given {
		i := slices.IndexFunc(d.versions, func(x *docVersion) bool { return x.id == vid })
		if i < 0 {
			c.notFound()
			return
		}
		v = d.versions[i]
	}
	if !v.uploaded {
		c.fail(http.StatusNotFound, "RecordNotFound", "document %d has no fully uploaded version", d.id)
		return
	}
	s.seeOther(c, v.uuid)
}

// seeOther answers 303 with the signed storage URL of a blob.
func (s *Server) seeOther(c *call, uuid string) {
	bl := s.blobs[uuid]
	c.resp.status = http.StatusSeeOther
	c.resp.header.Set("Location", s.storageURL+"/files/"+uuid+"/"+url.PathEscape(bl.filename)+"?X-Amz-Expires=600&X-Amz-Signature="+bl.getSig)
}

func (s *Server) listDocuments(c *call) {
	f := filterOf(c)
	mat, matGiven := f.int("matter_id")
	con, conGiven := f.int("contact_id")
	par, parGiven := f.int("parent_id")
	uncompleted, _ := f.bool("show_uncompleted")
	withDeleted, _ := f.bool("include_deleted")
	locked, lockedGiven := f.bool("locked")
	if f.bad() {
		return
	}
	query := c.q.Get("query")
	list(s, c, "Document", s.documents, func(d *document) bool {
		return (!matGiven || d.matterID == mat) &&
			(!conGiven || d.contactID == con) &&
			(!parGiven || d.parentID == par) &&
			(uncompleted || d.latest().uploaded) &&
			(withDeleted || d.deleted.IsZero()) &&
			(!lockedGiven || !locked) && // the fake's documents are never locked
			(query == "" || containsFold(d.name, query))
	})
}

// docTemplate is a document template; its file is a blob.
type docTemplate struct {
	meta
	filename, contentType string
	uuid                  string
	categoryID            int64 // its document_category, 0 for none
	modifiedBy            int64 // the user who last wrote it through the API, 0 for the seed
}

func (t *docTemplate) attr(s *Server, name string) (any, bool) {
	if v, ok := t.common(name); ok {
		return v, true
	}
	switch name {
	case "filename":
		return t.filename, true
	case "size":
		return len(s.blobs[t.uuid].data), true
	case "content_type":
		return t.contentType, true
	case "document_category":
		c, _ := s.lookup("DocumentCategory", t.categoryID)
		return c, true
	case "last_modified_by":
		u, _ := s.users.get(t.modifiedBy)
		return optNode(u), true
	}
	return nil, false
}

func (s *Server) listTemplates(c *call) {
	list[docTemplate](s, c, "DocumentTemplate", s.templates, nil)
}

func (s *Server) getTemplate(c *call) { getRecord(s, c, "DocumentTemplate", s.templates) }

func (s *Server) downloadTemplate(c *call) {
	t, found := s.templates.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.seeOther(c, t.uuid)
}

// automation is a document generation job. Each GET of it advances its
// state by one step.
type automation struct {
	meta
	templateID, matterID int64
	filename             string
	formats              []string
	state                string
	docIDs               []int64
}

func (a *automation) attr(s *Server, name string) (any, bool) {
	if v, ok := a.common(name); ok {
		return v, true
	}
	switch name {
	case "state":
		return a.state, true
	case "export_formats":
		// A list, as Clio answers it, although the spec's schema says
		// one string.
		return a.formats, true
	case "filename":
		return a.filename, true
	case "matter":
		m, _ := s.matters.get(a.matterID)
		return optNode(m), true
	case "document_template":
		t, _ := s.templates.get(a.templateID)
		return optNode(t), true
	case "documents":
		out := []node{}
		for _, id := range a.docIDs {
			if d, ok := s.documents.get(id); ok {
				out = append(out, d)
			}
		}
		return out, true
	}
	return nil, false
}

func (s *Server) createAutomation(c *call) {
	items, ok := c.items("DocumentAutomation")
	if !ok {
		return
	}
	b, ok := c.data()
	if !ok {
		return
	}
	a := &automation{state: "not_started"}
	err := func() error {
		tid, _, err := b.ref("document_template")
		if err != nil || tid == 0 {
			return invalid("document_template {id} is required")
		}
		if _, ok := s.templates.get(tid); !ok {
			return invalid("document_template %d does not exist", tid)
		}
		mid, _, err := b.ref("matter")
		if err != nil || mid == 0 {
			return invalid("matter {id} is required")
		}
		if _, ok := s.matters.get(mid); !ok {
			return invalid("matter %d does not exist", mid)
		}
		a.templateID, a.matterID = tid, mid
		if a.filename, _, _ = b.str("filename"); a.filename == "" {
			return invalid("filename is required")
		}
		formats, _, err := b.strings("formats")
		if err != nil || len(formats) == 0 {
			return invalid("formats is required (pdf and/or original)")
		}
		for _, f := range formats {
			if f != "pdf" && f != "original" {
				return invalid("formats must contain only pdf and original, got %q", f)
			}
		}
		a.formats = formats
		return nil
	}()
	if err != nil {
		c.writeErr(err)
		return
	}
	a.meta = s.newMeta("document_automation")
	s.automations.put(a.id, a)
	s.one(c, http.StatusCreated, a, &a.meta, items)
}

func (s *Server) getAutomation(c *call) {
	items, ok := c.items("DocumentAutomation")
	if !ok {
		return
	}
	a, found := s.automations.get(c.id(0))
	if !found {
		c.notFound()
		return
	}
	s.advance(a, c.user.id)
	s.get(c, a, &a.meta, items)
}

// advance moves an automation one step; on the last step it creates the
// generated documents, or fails for a template whose filename contains
// "fail".
func (s *Server) advance(a *automation, userID int64) {
	switch a.state {
	case "not_started":
		a.state = "queued"
	case "queued":
		a.state = "in_progress"
	case "in_progress":
		t, _ := s.templates.get(a.templateID)
		if t == nil || strings.Contains(strings.ToLower(t.filename), "fail") {
			a.state = "failed"
			break
		}
		m, _ := s.matters.get(a.matterID)
		for _, f := range a.formats {
			ext := path.Ext(t.filename)
			if f == "pdf" {
				ext = ".pdf"
			}
			name := strings.TrimSuffix(a.filename, path.Ext(a.filename)) + ext
			content := fmt.Sprintf("Generated by cliotest from template %q for matter %s.\n", t.filename, m.displayNumber)
			if f == "pdf" {
				content = "%PDF-1.4\n% " + content
			}
			d := s.addDocument(m.id, name, []byte(content), userID)
			a.docIDs = append(a.docIDs, d.id)
		}
		a.state = "completed"
	default:
		return
	}
	s.touch(&a.meta, "document_automation")
}

// addDocument stores a fully uploaded document on a matter.
func (s *Server) addDocument(matterID int64, name string, content []byte, creator int64) *document {
	d := &document{meta: s.newMeta("document"), name: name, parentID: matterID, parentType: "Matter", matterID: matterID, creatorID: creator}
	v := s.newVersion(d, name, "", creator)
	s.storeBlob(v.uuid, content, v.contentType, v.filename)
	v.uploaded = true
	s.documents.put(d.id, d)
	return d
}

func (s *Server) listAutomations(c *call) {
	list[automation](s, c, "DocumentAutomation", s.automations, nil)
}
