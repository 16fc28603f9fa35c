package main

import (
	"go/format"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// miniPaths are operations in the shape of Clio's, on the Widget resource
// of miniSpec.
const miniPaths = `{
 "/widgets.json":{
  "get":{"operationId":"Widget#index","parameters":[
   {"in":"header","name":"X-API-VERSION","schema":{"type":"string"}},
   {"in":"query","name":"fields","schema":{"type":"string"}},
   {"in":"query","name":"page_token","schema":{"type":"string"}},
   {"in":"query","name":"limit","schema":{"type":"integer","format":"int32","minimum":1,"maximum":50,"default":50}},
   {"in":"query","name":"order","schema":{"type":"string","enum":["id(asc)","name(desc)"]}},
   {"in":"query","name":"ids[]","schema":{"type":"integer","format":"int64"}},
   {"in":"query","name":"status","schema":{"type":"string","enum":["in_progress","Open"]}},
   {"in":"query","name":"kind","required":true,"schema":{"type":"string","enum":["x","y"]}},
   {"in":"query","name":"custom_field_values","schema":{"type":"string","enum":["=","<"]}},
   {"in":"query","name":"created_since","schema":{"type":"string","format":"date-time"}},
   {"in":"query","name":"due","schema":{"type":"string","format":"date"}},
   {"in":"query","name":"flag","schema":{"type":"boolean"}},
   {"in":"query","name":"count","schema":{"type":"integer","format":"int32"}},
   {"in":"query","name":"owner_id","schema":{"type":"integer","format":"int64"}}],
   "responses":{"200":{"content":{"application/json; charset=utf-8":{"schema":{"$ref":"#/components/schemas/Widget_List"}}}}}},
  "post":{"operationId":"Widget#create","parameters":[{"in":"query","name":"fields","schema":{"type":"string"}}],
   "requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["data"],"properties":{"data":{
    "type":"object","required":["name","multiparts"],"properties":{
     "name":{"type":"string","description":"The widget's name"},
     "status":{"type":"string","enum":["Open","in_progress"]},
     "shade":{"type":"string","enum":["dark","light"]},
     "owner":{"type":"object","properties":{"id":{"type":"integer","format":"int64"}}},
     "holder":{"type":"object","required":["id","type"],"properties":{"id":{"type":"integer","format":"int64"},"type":{"type":"string"}}},
     "parts":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"_destroy":{"type":"boolean"}}}},
     "custom_field_values":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"value":{"type":"string"}}}},
     "multiparts":{"type":"array","items":{"type":"object","required":["content_length"],"properties":{"content_length":{"type":"string"},"part_number":{"type":"integer","format":"int32"}}}},
     "opened_on":{"type":"string","format":"date"},
     "tags":{"type":"array","items":{"type":"string"}},
     "extra":{"type":"object"}}}}}}}},
   "responses":{"201":{"content":{"application/json; charset=utf-8":{"schema":{"$ref":"#/components/schemas/Widget_Show"}}}}}}},
 "/widgets/{id}.json":{
  "get":{"operationId":"Widget#show","parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"integer","format":"int64"}},{"in":"query","name":"fields","schema":{"type":"string"}},{"in":"query","name":"navigation.next","schema":{"type":"integer","format":"int32"}}],
   "responses":{"200":{"content":{"application/json; charset=utf-8":{"schema":{"$ref":"#/components/schemas/Widget_Show"}}}},"304":{}}},
  "patch":{"operationId":"Widget#update","parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"integer","format":"int64"}},{"in":"header","name":"IF-MATCH","schema":{"type":"string"}}],
   "requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"data":{"type":"object","properties":{"shade":{"type":"string","enum":["light","dark"]}}}}}}}},
   "responses":{"200":{"content":{"application/json; charset=utf-8":{"schema":{"$ref":"#/components/schemas/Widget_Show"}}}}}},
  "delete":{"operationId":"Widget#destroy","parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"integer","format":"int64"}}],"responses":{"204":{}}}},
 "/widgets/{id}/download.json":{"get":{"operationId":"Widget#download","parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"integer","format":"int64"}}],"responses":{"303":{}}}},
 "/widgets/{id}/preview.json":{"get":{"operationId":"Widget#preview","parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"integer","format":"int64"}}],"responses":{"200":{}}}},
 "/gadgets/{gadget_id}/widgets.json":{"get":{"operationId":"GadgetWidget#index","parameters":[{"in":"path","name":"gadget_id","required":true,"schema":{"type":"integer","format":"int64"}},{"in":"query","name":"fields","schema":{"type":"string"}}],
   "responses":{"200":{"content":{"application/json; charset=utf-8":{"schema":{"$ref":"#/components/schemas/Widget_List"}}}}}}}
}`

// miniAPI is miniSpec with miniPaths: a full spec in Clio's shape.
var miniAPI = strings.Replace(miniSpec, `{"components":`, `{"paths":`+miniPaths+`,"components":`, 1)

func miniServices(t *testing.T) (*services, map[string]*genOp) {
	t.Helper()
	s, err := parseSpec([]byte(miniAPI))
	require.NoError(t, err)
	m, err := buildModels(s)
	require.NoError(t, err)
	c, err := buildCatalog(s)
	require.NoError(t, err)
	svc, err := buildServices(s, m, c)
	require.NoError(t, err)
	byID := map[string]*genOp{}
	for _, op := range svc.ops {
		byID[op.id] = op
	}
	return svc, byID
}

func TestServiceNaming(t *testing.T) {
	for in, want := range map[string]string{
		"Activity": "Activities", "Matter": "Matters", "MatterContacts": "MatterContacts",
		"EventMetrics": "EventMetrics", "Currency": "Currencies", "CalendarEntry": "CalendarEntries",
		"Damage": "Damages", "LogEntry": "LogEntries", "Client": "MatterClients",
		"ClioFile::Submission": "ClioFileSubmissions", "JurisdictionsToTrigger": "JurisdictionTriggers",
		"CalendarVisibility": "CalendarVisibilities", "MyEvent": "MyEvents", "EmailAddress": "EmailAddresses",
	} {
		assert.Equal(t, want, serviceName(in), in)
	}
	for in, want := range map[string]string{"documents": "document", "categories": "category", "matter": "matter", "statuses": "status", "addresses": "address", "boxes": "box"} {
		assert.Equal(t, want, singular(in), in)
	}
	for in, want := range map[string]string{"ID": "id", "MatterID": "matterID", "DocumentVersionID": "documentVersionID", "URLPath": "urlPath"} {
		assert.Equal(t, want, lowerFirst(in), in)
	}
}

func TestPathParams(t *testing.T) {
	names := func(ps []pathParam) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.goName)
		}
		return out
	}
	assert.Equal(t, []string{"id"}, names(pathParams("/activities/{id}.json", false)))
	assert.Equal(t, []string{"matterID"}, names(pathParams("/matters/{matter_id}/contacts.json", true)))
	assert.Equal(t, []string{"documentID"}, names(pathParams("/documents/{id}/versions.json", true)), "a list's {id} is its parent's")
	assert.Equal(t, []string{"documentID", "documentVersionID"},
		names(pathParams("/documents/{id}/versions/{document_version_id}/save_as_latest_version.json", false)))
	assert.Equal(t, []string{"jurisdictionID", "id"}, names(pathParams("/court_rules/jurisdictions/{jurisdiction_id}/triggers/{id}.json", false)))
	assert.Empty(t, pathParams("/timer.json", false))
}

func TestOperationShapes(t *testing.T) {
	_, ops := miniServices(t)
	for id, want := range map[string]struct {
		kind   opKind
		method string
		sig    string
	}{
		"Widget#index":       {kindList, "List", "params WidgetListParams, opts ...CallOption|*WidgetPager"},
		"Widget#show":        {kindGet, "Get", "ctx context.Context, id int64, opts ...CallOption|(*Widget, error)"},
		"Widget#create":      {kindPost, "Create", "ctx context.Context, body WidgetCreate, opts ...CallOption|(*Widget, error)"},
		"Widget#update":      {kindUpdate, "Update", "ctx context.Context, id int64, etag string, body WidgetUpdate, opts ...CallOption|(*Widget, error)"},
		"Widget#destroy":     {kindDelete, "Delete", "ctx context.Context, id int64, opts ...CallOption|error"},
		"Widget#download":    {kindDownload, "Download", "ctx context.Context, id int64, opts ...CallOption|(io.ReadCloser, DownloadInfo, error)"},
		"Widget#preview":     {kindHTML, "Preview", "ctx context.Context, id int64, opts ...CallOption|([]byte, error)"},
		"GadgetWidget#index": {kindList, "List", "gadgetID int64, params GadgetWidgetListParams, opts ...CallOption|*WidgetPager"},
	} {
		op := ops[id]
		require.NotNil(t, op, id)
		assert.Equal(t, want.kind, op.kind, id)
		assert.Equal(t, want.method, op.goMethod, id)
		body := ""
		if op.body != nil {
			body = typeName(op.resource) + op.goMethod
		}
		p, r := signature(op, body)
		assert.Equal(t, want.sig, p+"|"+r, id)
	}
	assert.True(t, ops["Widget#index"].idOrder, "declares order with id(asc)")
	assert.False(t, ops["GadgetWidget#index"].idOrder, "declares no order: none is sent")
	assert.True(t, ops["Widget#show"].params.asOption, "optional-only params of a Get are a CallOption")
	assert.Equal(t, "GadgetWidgets", ops["GadgetWidget#index"].service)
}

func TestParamsTyping(t *testing.T) {
	_, ops := miniServices(t)
	ps := ops["Widget#index"].params
	require.NotNil(t, ps)
	types := map[string]string{}
	var required []string
	for _, f := range ps.fields {
		types[f.wire] = f.typ
		if f.required {
			required = append(required, f.wire)
		}
	}
	assert.Equal(t, map[string]string{
		"order":               "WidgetListOrder", // generated: no record enum has these values
		"ids[]":               "[]int64",
		"status":              "WidgetStatus", // the record's enum: same values, other order
		"kind":                "WidgetListKind",
		"custom_field_values": "[]CustomFieldFilter",
		"created_since":       "time.Time",
		"due":                 "Date",
		"flag":                "Opt[bool]",
		"count":               "int",
		"owner_id":            "int64",
	}, types, "fields, page_token and headers are not parameters")
	assert.Equal(t, []string{"kind"}, required)
	assert.Equal(t, [3]int{1, 50, 50}, [3]int{ps.limitMin, ps.limitMax, ps.limitDef})
	assert.Nil(t, ops["Widget#destroy"].params)
	require.NotNil(t, ops["GadgetWidget#index"].params, "every List takes a params struct")

	var b strings.Builder
	renderParams(&b, ps)
	src := b.String()
	assert.Contains(t, src, `if p.Kind == "" {`+"\n\t\t"+`return nil, argError("Kind", "is required by GET /widgets.json")`)
	assert.Contains(t, src, `setPageSize(q, p.Limit, 1, 50, 50)`)
	assert.Contains(t, src, `setCustomFieldFilters(q, p.CustomFieldValues)`)
}

func TestBodyTyping(t *testing.T) {
	svc, _ := miniServices(t)
	fields := map[string]map[string]string{}
	for _, st := range svc.bodies {
		fields[st.name] = map[string]string{}
		for _, f := range st.fields {
			tag := f.typ
			if f.optional || f.list {
				tag += " omitzero"
			}
			fields[st.name][f.json] = tag
		}
	}
	assert.Equal(t, map[string]string{
		"name":                "string",                // required: plain, always sent
		"status":              "WidgetStatus omitzero", // an optional enum is plain: "" is not sent,
		"shade":               "WidgetCreateShade omitzero",
		"owner":               "Opt[Ref] omitzero", // {id} only: a Ref
		"holder":              "Opt[WidgetCreateHolder] omitzero",
		"parts":               "[]WidgetCreateParts omitzero",
		"custom_field_values": "[]WidgetCreateCustomFieldValues omitzero",
		"multiparts":          "[]WidgetCreateMultiparts omitzero",
		"opened_on":           "Opt[Date] omitzero",
		"tags":                "[]string omitzero",
		"extra":               "Opt[json.RawMessage] omitzero",
	}, fields["WidgetCreate"])
	assert.Equal(t, map[string]string{"id": "int64", "type": "string"}, fields["WidgetCreateHolder"])
	assert.Equal(t, "Opt[CompositeID] omitzero", fields["WidgetCreateCustomFieldValues"]["id"], "override: custom field value ids are strings")
	assert.Equal(t, "int64", fields["WidgetCreateMultiparts"]["content_length"], "override: content_length is a number")
	assert.Equal(t, "WidgetCreateShade omitzero", fields["WidgetUpdate"]["shade"], "Create and Update share the enum")
}

func TestBodyOverrideMakesOptional(t *testing.T) {
	bodyOverrides["Widget#create.name"] = bodyOverride{optional: true}
	defer delete(bodyOverrides, "Widget#create.name")
	svc, _ := miniServices(t)
	i := slices.IndexFunc(svc.bodies, func(b *bodyStruct) bool { return b.name == "WidgetCreate" })
	require.GreaterOrEqual(t, i, 0)
	for _, f := range svc.bodies[i].fields {
		if f.json == "name" {
			assert.Equal(t, "Opt[string]", f.typ)
		}
	}
}

func TestRenderedServicesParseAndCarryNoProse(t *testing.T) {
	svc, _ := miniServices(t)
	src := renderServices(svc, "mini.json")
	_, err := format.Source(src)
	require.NoError(t, err, "%s", src)
	s, err := parseSpec([]byte(miniAPI))
	require.NoError(t, err)
	m, err := buildModels(s)
	require.NoError(t, err)
	msrc, err := renderModels(m, "mini.json")
	require.NoError(t, err)
	all := string(src) + string(msrc)
	for _, prose := range []string{"Unique identifier for the", "ETag for the", "The status", "The widget's name"} {
		assert.NotContains(t, all, prose, "spec description text in generated code")
	}
	assert.Contains(t, string(src), `{Operation{"Widget#index", "GET", "/widgets.json", "Widgets", "List", "Widget", []QueryParam{{"kind", []string{"x", "y"}}}, 50}, true, false},`, "record, required parameters and page size in the table")
	assert.Contains(t, string(src), `listShape{true, 50}`, "the list passes its shape, no table scan per call")
	assert.Contains(t, string(src), `"Widget": defaultWidgetFields,`)
	assert.NotContains(t, string(src), `"Matter": defaultMatterFields`, "hand-written defaults only for records of the spec")
}

// TestHandTablesMatchSpec: the hand-written operations and services exist
// in the committed index, and no generated method is emitted for them.
func TestHandTablesMatchSpec(t *testing.T) {
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	m, err := buildModels(s)
	require.NoError(t, err)
	c, err := buildCatalog(s)
	require.NoError(t, err)
	svc, err := buildServices(s, m, c)
	require.NoError(t, err)
	assert.Len(t, svc.ops, 282)
	assert.Len(t, svc.byName, 84)
	seen := map[string]bool{}
	for _, op := range svc.ops {
		if op.hand != "" {
			seen[op.id] = true
			assert.Nil(t, op.params, op.id)
			_, hasBody := svc.bodyOf[op.id]
			assert.False(t, hasBody, op.id)
		}
	}
	assert.Len(t, seen, len(handWrittenOps))
	for n := range handDeclared {
		assert.Contains(t, svc.byName, n)
	}
}
