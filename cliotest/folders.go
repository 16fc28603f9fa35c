package cliotest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// GET /folders/list.json lists the contents of a folder as Item records:
// its documents and subfolders, merged in id order (the fake's ids are
// unique across kinds). parent_id names the folder (404 when it does not
// exist); without it the list is the top level, the documents and folders
// whose parent is a matter or a contact rather than a folder (the fake has
// no root folder records). scope=children (the default) lists what is
// directly in it, scope=descendants everything below it. matter_id,
// contact_id and document_category_id keep the items of that matter,
// contact or category; query matches names (case-insensitive substring);
// ids[], created_since and updated_since work as on every list; trashed
// documents come back with include_deleted=true, documents not fully
// uploaded with show_uncompleted=true. The external_property filters are
// not modelled (501).

func init() {
	handle(map[string]opHandler{"Folder#list": (*Server).listFolderItems})
}

// itemView is a document or a folder seen as an Item.
type itemView struct {
	meta
	doc    *document // one of doc and folder is set
	folder *grec
}

func (it *itemView) attr(s *Server, name string) (any, bool) {
	if it.doc != nil {
		return it.doc.attr(s, name)
	}
	switch name {
	case "type":
		return "Folder", true
	case "latest_document_version":
		return nil, true
	case "parent":
		var p rawObj
		if json.Unmarshal(it.folder.vals["parent"], &p) != nil || p == nil {
			return nil, true
		}
		ref := parentRef{kind: rawStr(p["type"])}
		ref.id, _ = strconv.ParseInt(string(p["id"]), 10, 64)
		switch ref.kind {
		case "Folder":
			if f := s.grecOf("Folder", ref.id); f != nil {
				ref.name = f.str("name")
			}
		case "Matter":
			if m, ok := s.matters.get(ref.id); ok {
				ref.name = m.displayNumber
			}
		case "Contact":
			if ct, ok := s.contacts.get(ref.id); ok {
				ref.name = ct.name()
			}
		}
		return node(ref), true
	case "locked":
		if v, ok := it.folder.vals["locked"]; ok && !isNull(v) {
			return v, true
		}
		return false, true
	}
	return it.folder.attr(s, name)
}

// parentFolder returns the folder an item is directly in, or 0 when its
// parent is a matter or a contact (the top level).
func (it *itemView) parentFolder() int64 {
	if it.doc != nil {
		if it.doc.parentType == "Folder" {
			return it.doc.parentID
		}
		return 0
	}
	var p rawObj
	_ = json.Unmarshal(it.folder.vals["parent"], &p)
	if rawStr(p["type"]) != "Folder" {
		return 0
	}
	id, _ := strconv.ParseInt(string(p["id"]), 10, 64)
	return id
}

// under reports whether folder id is folder anc or below it.
func (s *Server) under(id, anc int64) bool {
	for range 1000 { // a bound against a cycle of seeded parents
		if id == anc {
			return true
		}
		f := s.grecOf("Folder", id)
		if f == nil {
			return false
		}
		id = (&itemView{folder: f}).parentFolder()
		if id == 0 {
			return false
		}
	}
	return false
}

// refValue returns the id an item's association field holds (as
// answered), or 0.
func (s *Server) refValue(it *itemView, field string) int64 {
	v, _ := it.attr(s, field)
	switch x := v.(type) {
	case record:
		return x.base().id
	case json.RawMessage:
		var obj rawObj
		_ = json.Unmarshal(x, &obj)
		id, _ := strconv.ParseInt(string(obj["id"]), 10, 64)
		return id
	case rawObj:
		id, _ := strconv.ParseInt(string(x["id"]), 10, 64)
		return id
	}
	return 0
}

func (s *Server) listFolderItems(c *call, op *opSpec) {
	if !s.opQuery(c, op, "parent_id", "scope", "matter_id", "contact_id", "document_category_id",
		"query", "include_deleted", "show_uncompleted") {
		return
	}
	f := filterOf(c)
	parent, parentGiven := f.int("parent_id")
	withDeleted, _ := f.bool("include_deleted")
	uncompleted, _ := f.bool("show_uncompleted")
	refs := map[string]int64{}
	for param, field := range map[string]string{"matter_id": "matter", "contact_id": "contact", "document_category_id": "document_category"} {
		if id, given := f.int(param); given {
			refs[field] = id
		}
	}
	if f.bad() {
		return
	}
	if parentGiven && s.grecOf("Folder", parent) == nil {
		c.fail(http.StatusNotFound, "RecordNotFound", "folder %d was not found", parent)
		return
	}
	descendants := c.q.Get("scope") == "descendants"
	query := c.q.Get("query")

	var rows []*itemView
	for _, id := range s.documents.ids {
		d := s.documents.rows[id]
		if (withDeleted || d.deleted.IsZero()) && (uncompleted || d.latest().uploaded) {
			rows = append(rows, &itemView{meta: d.meta, doc: d})
		}
	}
	if t := s.generic["Folder"]; t != nil {
		for _, id := range t.ids {
			rows = append(rows, &itemView{meta: t.rows[id].meta, folder: t.rows[id]})
		}
	}
	list(s, c, "Item", viewTable(rows), func(it *itemView) bool {
		in := it.parentFolder()
		switch {
		case descendants && parentGiven:
			if it.folder != nil && it.id == parent || in == 0 || !s.under(in, parent) {
				return false
			}
		case !descendants && parentGiven:
			if in != parent {
				return false
			}
		case !descendants:
			if in != 0 {
				return false
			}
		}
		for field, id := range refs {
			if s.refValue(it, field) != id {
				return false
			}
		}
		if query != "" {
			name, _ := it.attr(s, "name")
			str, _ := name.(string)
			if raw, ok := name.(json.RawMessage); ok {
				str = rawStr(raw)
			}
			if !containsFold(str, query) {
				return false
			}
		}
		return true
	})
}
