package main

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// opKind is what an operation's method does and returns.
type opKind int

const (
	kindList      opKind = iota // GET a page of records: *Pager[T]
	kindGet                     // GET one record: (*T, error)
	kindPost                    // POST (create or an action) answering a record: (*T, error)
	kindUpdate                  // PATCH with If-Match: (*T, error)
	kindDelete                  // DELETE: error
	kindDownload                // GET answered by a 303 to storage: (io.ReadCloser, DownloadInfo, error)
	kindHTML                    // GET answered by an HTML page: ([]byte, error)
	kindNoContent               // POST answered without a body: error
)

// pathParam is one {name} of an operation's path.
type pathParam struct {
	name   string // as in the path: "id", "matter_id"
	goName string // the Go parameter: "id", "matterID"
}

// genOp is one operation as the generator emits it.
type genOp struct {
	id       string // operationId, "Activity#index"
	resource string // "Activity"
	action   string // "index"
	method   string // "GET"
	path     string // "/activities.json"

	service  string // service field name: "Activities"
	goMethod string // "List"
	kind     opKind
	hand     string // "Service.Method" when written by hand

	pathParams []pathParam
	query      []*parameter // query parameters other than fields and page_token
	fields     bool         // the operation takes a fields parameter
	record     string       // the answer's record schema ("Activity"); "" for none
	ids        bool         // the answer is a list of ids, not records
	body       *schema      // the data object of the JSON request body, if any

	params  *paramsStruct // nil when the method takes none
	idOrder bool          // a list that declares order=id(asc): the pager asks for it
}

// actionMethods names the method of the standard actions; any other action
// is named for itself in Go form (who_am_i -> WhoAmI).
var actionMethods = map[string]string{
	"index":   "List",
	"show":    "Get",
	"create":  "Create",
	"update":  "Update",
	"destroy": "Delete",
}

// serviceName names the service of a resource: the plural of its Go type
// name, as a Client field ("Activity" -> "Activities", "EmailAddress" ->
// "EmailAddresses"). Names that already end in a plural s stay as they are
// (MatterContacts, EventMetrics).
func serviceName(resource string) string {
	if r, ok := serviceRenames[resource]; ok {
		return r
	}
	return plural(typeName(resource))
}

// plural spells the English plural of a CamelCase name's last word.
func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "ss"), strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"), strings.HasSuffix(s, "x"):
		return s + "es"
	case strings.HasSuffix(s, "s"):
		return s
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsAny(s[len(s)-2:len(s)-1], "aeiou"):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// singular undoes plural for a snake_case path segment.
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "uses"), strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"),
		strings.HasSuffix(s, "ches"), strings.HasSuffix(s, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s"):
		return s[:len(s)-1]
	}
	return s
}

// lowerFirst turns an exported Go name into a parameter name: MatterID ->
// matterID, ID -> id.
func lowerFirst(s string) string {
	if s == "ID" || s == "IDs" {
		return strings.ToLower(s)
	}
	for i, r := range s {
		if r >= 'a' && r <= 'z' {
			if i > 1 {
				i-- // an initialism run: "URLPath" -> "urlPath"
			}
			if i == 0 {
				i = 1
			}
			return strings.ToLower(s[:i]) + s[i:]
		}
	}
	return strings.ToLower(s)
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// pathParams names the placeholders of path. The last {id} of an operation
// on one record is that record's id; an {id} that is a parent's (a nested
// list such as /documents/{id}/versions.json, or an action below the
// record, as in /documents/{id}/versions/{document_version_id}/...) is
// named for the segment before it (documentID). Others are named for
// themselves (matter_id -> matterID).
func pathParams(path string, list bool) []pathParam {
	matches := placeholder.FindAllStringSubmatchIndex(path, -1)
	var out []pathParam
	for i, m := range matches {
		name := path[m[2]:m[3]]
		goN := lowerFirst(goName(name))
		if name == "id" && (list || i < len(matches)-1) {
			segs := strings.Split(strings.Trim(path[:m[0]], "/"), "/")
			goN = lowerFirst(goName(singular(segs[len(segs)-1]) + "_id"))
		}
		out = append(out, pathParam{name: name, goName: goN})
	}
	return out
}

// buildOps reads every operation of the spec.
func buildOps(s *spec) ([]*genOp, error) {
	var ops []*genOp
	seen := map[string]bool{}
	for _, path := range slices.Sorted(maps.Keys(s.paths)) {
		for _, m := range slices.Sorted(maps.Keys(s.paths[path])) {
			o := s.paths[path][m]
			op, err := newOp(s, path, strings.ToUpper(m), o)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(m), path, err)
			}
			if seen[op.id] {
				return nil, fmt.Errorf("operationId %s declared twice", op.id)
			}
			seen[op.id] = true
			ops = append(ops, op)
		}
	}
	// A hand-written operation of a resource the spec has must exist: a
	// renamed operation would otherwise get no method at all. (Small test
	// specs without those resources are fine.)
	resources := map[string]bool{}
	for _, op := range ops {
		resources[op.resource] = true
	}
	for id := range handWrittenOps {
		if res, _, _ := strings.Cut(id, "#"); resources[res] && !seen[id] {
			return nil, fmt.Errorf("handWrittenOps: %s is not an operation of the spec", id)
		}
	}
	slices.SortFunc(ops, func(a, b *genOp) int { return strings.Compare(a.id, b.id) })
	return ops, nil
}

// newOp classifies one operation.
func newOp(s *spec, path, method string, o *operation) (*genOp, error) {
	res, action, ok := strings.Cut(o.OperationID, "#")
	if !ok || res == "" || action == "" {
		return nil, fmt.Errorf("operationId %q is not Resource#action", o.OperationID)
	}
	op := &genOp{id: o.OperationID, resource: res, action: action, method: method, path: path,
		service: serviceName(res), hand: handWrittenOps[o.OperationID]}
	op.goMethod = actionMethods[action]
	if op.goMethod == "" {
		op.goMethod = goName(action)
	}
	if n, ok := methodRenames[op.id]; ok {
		op.goMethod = n
	}
	inPath := map[string]bool{}
	for _, p := range o.Parameters {
		if p.In == "path" {
			inPath[p.Name] = true
		}
	}
	for _, m := range placeholder.FindAllStringSubmatch(path, -1) {
		if !inPath[m[1]] {
			return nil, fmt.Errorf("path parameter %s is not declared", m[1])
		}
	}
	for _, p := range o.Parameters {
		switch {
		case p.In == "query" && inPath[p.Name]:
			// DocumentVersion#index declares its {id} a second time as a
			// required query parameter: it is the path's, sent once.
		case p.In == "query" && p.Name == "fields":
			op.fields = true
		case p.In == "query" && p.Name != "page_token":
			op.query = append(op.query, p)
		}
	}
	slices.SortFunc(op.query, func(a, b *parameter) int { return strings.Compare(a.Name, b.Name) })
	record, list, status, err := answer(s, o)
	if err != nil {
		return nil, err
	}
	op.record = record
	fix := opOverrides[op.id]
	if fix.ids {
		op.ids, op.record, op.fields, list = true, "", false, true
	}
	if o.RequestBody != nil && !fix.dropBody {
		if c, ok := o.RequestBody.Content["application/json"]; ok && c.Schema != nil {
			op.body = c.Schema.Properties["data"]
			if op.body == nil {
				return nil, fmt.Errorf("JSON request body without data")
			}
		}
	}
	switch {
	case method == "GET" && status == "303":
		op.kind = kindDownload
	case method == "GET" && record == "" && !op.ids:
		op.kind = kindHTML
	case method == "GET" && list:
		op.kind = kindList
	case method == "GET":
		op.kind = kindGet
	case method == "PATCH":
		op.kind = kindUpdate
	case method == "DELETE":
		op.kind, op.record, op.body = kindDelete, "", nil
	case method == "POST" && record == "":
		op.kind = kindNoContent
	case method == "POST":
		op.kind = kindPost
	default:
		return nil, fmt.Errorf("no method shape for %s", method)
	}
	if op.record != "" && op.kind != kindDelete {
		if _, ok := s.schemas[op.record+baseSuffix]; !ok {
			return nil, fmt.Errorf("answer record %s is not a resource", op.record)
		}
	}
	op.pathParams = pathParams(path, op.kind == kindList)
	return op, nil
}

// answer reads an operation's success answer: the record schema it holds,
// whether it is a list, and the status code (303 for a redirect).
func answer(s *spec, o *operation) (record string, list bool, status string, err error) {
	for _, code := range slices.Sorted(maps.Keys(o.Responses)) {
		if code[0] != '2' && code != "303" {
			continue
		}
		status = code
		for _, c := range o.Responses[code].Content {
			if c.Schema == nil || c.Schema.Ref == "" {
				continue
			}
			name, err := refName(c.Schema.Ref)
			if err != nil {
				return "", false, "", err
			}
			env := s.schemas[name]
			if env == nil {
				return "", false, "", fmt.Errorf("answer schema %s not found", name)
			}
			data := env.Properties["data"]
			if !isEnvelope(name) || data == nil {
				// The spec names the record itself (CalendarEntryEventType);
				// Clio wraps every JSON answer in data all the same.
				return name, o.OperationID != "" && strings.HasSuffix(o.OperationID, "#index"), status, nil
			}
			target, array, ok := assocTarget(data)
			if !ok {
				return "", false, "", fmt.Errorf("envelope %s without a record", name)
			}
			return target, array, status, nil
		}
		return "", false, status, nil
	}
	return "", false, "", fmt.Errorf("no success answer")
}
