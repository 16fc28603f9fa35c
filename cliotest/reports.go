package cliotest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Jobs that end in a file on the storage host: reports (POST
// /reports.json, or a preset's generate_report) and document archives
// (POST /document_archives.json). A new job is queued; each GET of it
// moves it one state on, as document automations do: queued, in_progress
// (progress 50), completed (progress 100). Its download (GET
// /reports/{id}/download.json, /document_archives/{id}/download.json) is a
// 303 to the file on the storage host once completed, and 404 before. A
// report's file is a small file in its format naming the report (the fake
// computes no report data; xlsx and zip are zip archives holding a CSV); an
// archive's is a zip of its documents' latest uploaded versions, a
// folder's documents under the folder's name. A job seeded with
// Server.Seed keeps the state it was given.
//
// The court-rules docket preview (GET /court_rules/matter_dockets/preview.json)
// is a 303 to a JSON file too: the docket and one calendar entry, the
// trigger event at start_time (the fake computes no court-rule deadlines).

func init() {
	handle(map[string]opHandler{
		"Report#create":                (*Server).createReport,
		"Report#show":                  (*Server).showJob,
		"Report#download":              downloadJob("Report"),
		"ReportPreset#generate_report": (*Server).generateReport,
		"DocumentArchive#create":       (*Server).createArchive,
		"DocumentArchive#show":         (*Server).showJob,
		"DocumentArchive#download":     downloadJob("DocumentArchive"),
		"MatterDocket#preview":         (*Server).previewDocket,
	})
}

// Hidden keys of a job record (see hidden in generic.go).
const (
	jobMoves   = "_moves"   // made by the API: GETs move it on
	jobFile    = "_file"    // the uuid of its file's blob, once made
	jobOptions = "_options" // a report's filters (the create body's other fields)
	jobItems   = "_items"   // an archive's items
)

// newJob stores a queued job of record with vals.
func (s *Server) newJob(record string, vals map[string]json.RawMessage) *grec {
	vals["state"] = json.RawMessage(`"queued"`)
	vals["progress"] = json.RawMessage(`0`)
	vals[jobMoves] = json.RawMessage(`true`)
	r := &grec{meta: s.newMeta(record), record: record, vals: vals}
	s.tableOf(record).put(r.id, r)
	return r
}

// advanceJob moves a job made by the API one state on.
func (s *Server) advanceJob(r *grec) {
	if !r.flag(jobMoves) {
		return
	}
	switch r.str("state") {
	case "queued":
		r.vals["state"], r.vals["progress"] = json.RawMessage(`"in_progress"`), json.RawMessage(`50`)
	case "in_progress":
		r.vals["state"], r.vals["progress"] = json.RawMessage(`"completed"`), json.RawMessage(`100`)
		if r.record == "DocumentArchive" {
			uuid := s.jobFile(r)
			r.vals["size"] = json.RawMessage(strconv.Itoa(len(s.blobs[uuid].data)))
		}
	default:
		return
	}
	s.touch(&r.meta, r.record)
}

func (s *Server) createReport(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, op.record)
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	vals := map[string]json.RawMessage{}
	if err := s.applyFields(op.record, vals, b); err != nil {
		c.writeErr(err)
		return
	}
	opts := map[string]json.RawMessage{}
	for k, v := range b {
		if _, field := specRecords[op.record][k]; !field {
			opts[k] = v
		}
	}
	vals[jobOptions], _ = json.Marshal(opts)
	if _, named := vals["name"]; !named {
		vals["name"], _ = json.Marshal(reportName(rawStr(vals["kind"])))
	}
	vals["source"] = json.RawMessage(`"reports"`)
	r := s.newJob(op.record, vals)
	s.one(c, http.StatusCreated, r, &r.meta, items)
}

// reportName names a report after its kind: "client_ledger" is "Client
// ledger".
func reportName(kind string) string {
	name := strings.ReplaceAll(kind, "_", " ")
	if name == "" {
		return "Report"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// generateReport starts a report from a preset: its kind, format, name and
// options; the preset's last_generated_at is now.
func (s *Server) generateReport(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, "Report")
	if !ok {
		return
	}
	p := s.grecOf("ReportPreset", c.id(0))
	if p == nil {
		c.notFound()
		return
	}
	vals := map[string]json.RawMessage{"source": json.RawMessage(`"presets"`)}
	for _, k := range []string{"kind", "format", "name", "category"} {
		if v, ok := p.vals[k]; ok {
			vals[k] = v
		}
	}
	if _, named := vals["name"]; !named {
		vals["name"], _ = json.Marshal(reportName(rawStr(vals["kind"])))
	}
	vals[jobOptions], _ = json.Marshal(map[string]json.RawMessage{"preset": json.RawMessage(strconv.FormatInt(p.id, 10)), "options": p.vals["options"]})
	r := s.newJob("Report", vals)
	p.vals["last_generated_at"], _ = json.Marshal(s.now().UTC().Format(time.RFC3339))
	s.touch(&p.meta, "ReportPreset")
	s.one(c, http.StatusCreated, r, &r.meta, items)
}

// showJob answers a report or an archive, moving it one state on first.
func (s *Server) showJob(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, op.record)
	if !ok {
		return
	}
	r := s.grecOf(op.record, c.id(0))
	if r == nil {
		c.notFound()
		return
	}
	s.advanceJob(r)
	s.get(c, r, &r.meta, items)
}

// downloadJob answers a completed job's file: 303 to the storage host.
func downloadJob(record string) opHandler {
	return func(s *Server, c *call, op *opSpec) {
		if !s.opQuery(c, op) {
			return
		}
		r := s.grecOf(record, c.id(0))
		if r == nil {
			c.notFound()
			return
		}
		if st := r.str("state"); st != "completed" {
			c.fail(http.StatusNotFound, "RecordNotFound", "%s %d has no file: its state is %s, not completed", record, r.id, cmpOr(st, "unknown"))
			return
		}
		s.seeOther(c, s.jobFile(r))
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// jobFile returns the uuid of a completed job's file, making it on first
// use.
func (s *Server) jobFile(r *grec) string {
	if uuid := r.str(jobFile); uuid != "" {
		if _, ok := s.blobs[uuid]; ok {
			return uuid
		}
	}
	var data []byte
	var ctype, name string
	if r.record == "DocumentArchive" {
		data, ctype, name = s.archiveZip(r), "application/zip", fmt.Sprintf("archive-%d.zip", r.id)
	} else {
		data, ctype, name = s.reportFile(r)
	}
	uuid := newUUID()
	s.storeBlob(uuid, data, ctype, name)
	r.vals[jobFile], _ = json.Marshal(uuid)
	return uuid
}

// reportFormats are the content types of the report formats.
var reportFormats = map[string]string{
	"csv": "text/csv", "json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip",
}

// reportFile makes a report's file: a small file in its format naming the
// report, its kind, its filters and when it was made.
func (s *Server) reportFile(r *grec) ([]byte, string, string) {
	format := cmpOr(r.str("format"), "csv")
	ctype, ok := reportFormats[format]
	if !ok {
		format, ctype = "csv", reportFormats["csv"]
	}
	name, kind, made := r.str("name"), r.str("kind"), fmtTime(r.updated)
	var opts map[string]json.RawMessage
	_ = json.Unmarshal(r.vals[jobOptions], &opts)
	var csv bytes.Buffer
	csv.WriteString("name,kind,generated_at\n")
	fmt.Fprintf(&csv, "%s,%s,%s\n", csvField(name), csvField(kind), made)
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		fmt.Fprintf(&csv, "%s,%s,\n", csvField(k), csvField(string(opts[k])))
	}
	var data []byte
	switch format {
	case "csv":
		data = csv.Bytes()
	case "json":
		data, _ = json.Marshal(map[string]any{"name": name, "kind": kind, "generated_at": made, "options": opts})
	case "html":
		data = []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(name) +
			"</title></head><body><h1>" + html.EscapeString(name) + "</h1><pre>" + html.EscapeString(csv.String()) + "</pre></body></html>\n")
	case "pdf":
		data = append([]byte("%PDF-1.4\n% cliotest report\n"), csv.Bytes()...)
	default: // xlsx, zip: a zip archive holding the CSV
		data = zipOf(map[string][]byte{kind + ".csv": csv.Bytes()})
	}
	return data, ctype, fmt.Sprintf("%s-%d.%s", cmpOr(kind, "report"), r.id, format)
}

// csvField quotes a CSV field when it needs it.
func csvField(v string) string {
	if strings.ContainsAny(v, "\",\n\r") {
		return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	return v
}

// zipOf makes a zip archive of files by name, in name order.
func zipOf(files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Unix(0, 0).UTC()})
		if err == nil {
			_, _ = w.Write(files[name])
		}
	}
	_ = zw.Close()
	return buf.Bytes()
}

// createArchive starts an archive of documents and folders: items names
// each by id (the fake's ids are unique across kinds, so type is not
// read); one that is neither a live document nor a folder is 422.
func (s *Server) createArchive(c *call, op *opSpec) {
	items, ok := s.opItems(c, op, op.record)
	if !ok {
		return
	}
	b, ok := s.checkBody(c, op, true)
	if !ok {
		return
	}
	var entries []rawObj
	if json.Unmarshal(b["items"], &entries) != nil || len(entries) == 0 {
		c.writeErr(invalid("items must list at least one document or folder"))
		return
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		id, _ := strconv.ParseInt(string(e["id"]), 10, 64)
		d, isDoc := s.documents.get(id)
		if !(isDoc && d.deleted.IsZero()) && s.grecOf("Folder", id) == nil {
			c.writeErr(invalid("items[%d]: %d is not a document or folder", i, id))
			return
		}
		ids[i] = id
	}
	idsJSON, _ := json.Marshal(ids)
	r := s.newJob(op.record, map[string]json.RawMessage{jobItems: idsJSON})
	s.one(c, http.StatusCreated, r, &r.meta, items)
}

// archiveZip makes an archive's zip: each document's latest uploaded
// version under its filename, each folder's documents (and subfolders')
// under the folder's name.
func (s *Server) archiveZip(r *grec) []byte {
	var ids []int64
	_ = json.Unmarshal(r.vals[jobItems], &ids)
	files := map[string][]byte{}
	//lint:ignore S1021 the closure calls itself, so it is declared first
	var addDoc func(dir string, d *document)
	addDoc = func(dir string, d *document) {
		for i := len(d.versions) - 1; i >= 0; i-- {
			if v := d.versions[i]; v.uploaded {
				files[path.Join(dir, v.filename)] = s.blobs[v.uuid].data
				return
			}
		}
	}
	var addFolder func(dir string, f *grec, depth int)
	addFolder = func(dir string, f *grec, depth int) {
		dir = path.Join(dir, cmpOr(f.str("name"), strconv.FormatInt(f.id, 10)))
		for _, id := range s.documents.ids {
			if d := s.documents.rows[id]; d.parentType == "Folder" && d.parentID == f.id && d.deleted.IsZero() {
				addDoc(dir, d)
			}
		}
		if t := s.generic["Folder"]; t != nil && depth < 100 {
			for _, id := range t.ids {
				if sub := t.rows[id]; (&itemView{folder: sub}).parentFolder() == f.id {
					addFolder(dir, sub, depth+1)
				}
			}
		}
	}
	for _, id := range ids {
		if d, ok := s.documents.get(id); ok && d.deleted.IsZero() {
			addDoc("", d)
		} else if f := s.grecOf("Folder", id); f != nil {
			addFolder("", f, 0)
		}
	}
	return zipOf(files)
}

// previewDocket answers the preview of a court-rules docket: 303 to a JSON
// file. The jurisdiction, service type and trigger (one of the
// jurisdiction's) must exist (404).
func (s *Server) previewDocket(c *call, op *opSpec) {
	params := make([]string, len(op.query))
	for i, p := range op.query {
		params[i] = p.name
	}
	if !s.opQuery(c, op, params...) {
		return
	}
	f := filterOf(c)
	jid, _ := f.int("jurisdiction[id]")
	sid, _ := f.int("service_type[id]")
	tid, _ := f.int("trigger[id]")
	if f.bad() {
		return
	}
	j, st, tr := s.grecOf("Jurisdiction", jid), s.grecOf("ServiceType", sid), s.grecOf("JurisdictionsToTrigger", tid)
	switch {
	case j == nil:
		c.fail(http.StatusNotFound, "RecordNotFound", "jurisdiction %d was not found", jid)
		return
	case st == nil:
		c.fail(http.StatusNotFound, "RecordNotFound", "service type %d was not found", sid)
		return
	case tr == nil || tr.refTo(triggerJurisdiction) != jid:
		c.fail(http.StatusNotFound, "RecordNotFound", "trigger %d was not found in jurisdiction %d", tid, jid)
		return
	}
	summary := strings.TrimSpace(c.q.Get("event_prefix") + " " + tr.str("description"))
	start, _ := parseInstant(c.q.Get("start_time"))
	doc := map[string]any{
		"matter_docket": map[string]any{
			"start_date": c.q.Get("start_date"), "start_time": c.q.Get("start_time"),
			"jurisdiction": map[string]any{"id": jid, "description": j.str("description")},
			"service_type": map[string]any{"id": sid, "description": st.str("description")},
			"trigger":      map[string]any{"id": tid, "description": tr.str("description")},
		},
		"calendar_entries": []map[string]any{{
			"summary": summary, "start_at": start.UTC().Format(time.RFC3339), "end_at": start.UTC().Format(time.RFC3339), "all_day": false,
		}},
	}
	data, _ := json.MarshalIndent(doc, "", "  ")
	uuid := newUUID()
	s.storeBlob(uuid, append(data, '\n'), "application/json", "matter_docket_preview.json")
	s.seeOther(c, uuid)
}
