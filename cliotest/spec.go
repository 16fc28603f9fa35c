package cliotest

import (
	"strconv"
	"strings"
)

// The types of the generated table in spec_gen.go (written by
// internal/gen from the same spec index as the SDK): every operation of
// Clio's spec, the shape of its request body, and the fields of every
// record.

// jtype is a JSON type of the spec.
type jtype uint8

const (
	jAny             jtype = iota // anything (an object without declared properties, a raw value)
	jString                       // a string (format date or date-time checked)
	jInteger                      // an integral number
	jNumber                       // any number
	jBoolean                      // true or false
	jArray                        // a list (items gives its elements)
	jObject                       // an object (props its fields; nil props: any)
	jStringOrInteger              // an id Clio sends either way (custom field value ids)
)

// matchKind is how a list filters on a query parameter without
// resource-specific code.
type matchKind uint8

const (
	matchNone matchKind = iota // not generically: the fake models it by name, or answers 501
	matchRef                   // <assoc>_id: records whose association field has this id
	matchEq                    // a field of the same name and type: equality
)

// opSpec is one operation of the spec.
type opSpec struct {
	id     string // operationId: "Activity#create"
	method string // "POST"
	path   string // "/activities.json"
	record string // the record schema answered (or deleted): "Activity"
	action string // the operationId's action: index, show, create, update, destroy, copy, ...
	query  []paramSpec
	body   *shape // the request body's data object; nil for none
}

// paramSpec is one query parameter of an operation.
type paramSpec struct {
	name     string
	t        jtype
	format   string // "date" or "date-time" for a string
	required bool
	max      int      // limit's largest value
	enum     []string // the values it takes (each element's, for a list), compared exactly
	match    matchKind
	field    string   // the record field matchRef and matchEq compare with
	stored   []string // for matchEq: the field's spelling of each enum value, when it differs
}

// shape is a request body schema, or one of its parts.
type shape struct {
	t        jtype
	format   string
	enum     []string
	required []string
	props    map[string]*shape
	items    *shape
}

// fieldSpec is one field of a record: a scalar's type, or an association
// (ref names the record it refers to; "" with t jObject when it is none of
// the spec's records).
type fieldSpec struct {
	t      jtype
	format string
	enum   []string // a string's values
	ref    string
	many   bool // a list of associations
}

// assoc reports whether f is an association (a nested record or object).
func (f fieldSpec) assoc() bool { return f.ref != "" || f.t == jObject }

// handRecords are the records the fake models by hand (matters.go,
// contacts.go, ...). Their operations without a hand-written route answer
// 501 rather than reach a generic table the hand-written code would not
// see.
var handRecords = map[string]bool{
	"Matter": true, "Contact": true, "CustomField": true, "Calendar": true,
	"CalendarEntry": true, "Reminder": true, "User": true, "PracticeArea": true,
	"MatterStage": true, "Document": true, "DocumentVersion": true,
	"DocumentTemplate": true, "DocumentAutomation": true, "Webhook": true,
	"Client": true, "EmailAddress": true, "PhoneNumber": true, "Account": true,
}

// singletons are records at a path without an id (GET, POST and DELETE
// /timer.json): not served generically, so a create that could not be
// read back does not exist either.
var singletons = map[string]bool{"Timer": true, "BillingSetting": true}

// specIndex finds operations by method and path.
type specIndex struct {
	ops     map[string]*opSpec  // "GET activities/{}" -> the operation
	methods map[string][]string // "activities/{}" -> the methods declared on it
	byID    map[string]*opSpec
	served  map[string]bool // records a generic operation lists, shows or creates
	limits  map[string]int  // record -> its list's largest page
}

var opIndex = buildSpecIndex(specOps)

func buildSpecIndex(ops []opSpec) *specIndex {
	x := &specIndex{ops: map[string]*opSpec{}, methods: map[string][]string{}, byID: map[string]*opSpec{}, served: map[string]bool{}, limits: map[string]int{}}
	for i := range ops {
		op := &ops[i]
		key := templateKey(op.path)
		x.ops[op.method+" "+key] = op
		x.methods[key] = append(x.methods[key], op.method)
		x.byID[op.id] = op
		if op.record != "" && genericShape(op) != "" && !singletons[op.record] && op.action != "destroy" && op.action != "update" {
			x.served[op.record] = true
		}
		for _, p := range op.query {
			if p.name == "limit" && p.max > 0 && op.action == "index" {
				x.limits[op.record] = p.max
			}
		}
	}
	return x
}

// templateKey turns "/activities/{id}.json" into "activities/{}".
func templateKey(path string) string {
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(path, "/"), ".json"), "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// find returns the operation for a request's path segments (without
// /api/v4 and .json) and the numbers in its placeholders, or the methods
// declared on the path when none is declared for method.
func (x *specIndex) find(method string, segs []string) (*opSpec, []int64, []string) {
	key := make([]string, len(segs))
	var ids []int64
	for i, s := range segs {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			key[i] = "{}"
			ids = append(ids, n)
			continue
		}
		if strings.ContainsAny(s, "{}") {
			return nil, nil, nil // only a number fills a placeholder: a literal "{}" is no path of the spec
		}
		key[i] = s
	}
	k := strings.Join(key, "/")
	if op, ok := x.ops[method+" "+k]; ok {
		return op, ids, nil
	}
	return nil, nil, x.methods[k]
}

// genericShape says which generic handler serves op: "list", "show",
// "create", "update", "destroy", "copy", or "" when none does (nested
// paths, singletons, downloads, previews and other custom actions).
func genericShape(op *opSpec) string {
	n := strings.Count(op.path, "{")
	top := n == 0 && strings.HasSuffix(op.path, ".json")
	one := n == 1 && strings.HasSuffix(op.path, "/{id}.json")
	switch {
	case op.action == "index" && top && op.method == "GET":
		return "list"
	case op.action == "show" && one && op.method == "GET":
		return "show"
	case op.action == "create" && top && op.method == "POST":
		return "create"
	case op.action == "update" && one && op.method == "PATCH":
		return "update"
	case op.action == "destroy" && one && op.method == "DELETE":
		return "destroy"
	case op.action == "copy" && n == 1 && strings.HasSuffix(op.path, "/{id}/copy.json") && op.method == "POST":
		return "copy"
	}
	return ""
}
