package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// maxLimit is the largest page size the operation's limit parameter takes;
// 0 when it has none.
func maxLimit(op *genOp) int {
	for _, q := range op.query {
		if q.Name == "limit" && q.Schema != nil && q.Schema.Maximum != nil {
			return int(*q.Schema.Maximum)
		}
	}
	return 0
}

// requiredQuery renders the operation's required query parameters as a Go
// []QueryParam literal (nil when there are none), with enum values.
func requiredQuery(op *genOp) string {
	var ps []string
	for _, q := range op.query {
		if !q.Required || q.In != "query" {
			continue
		}
		vals := "nil"
		if q.Schema != nil && len(q.Schema.Enum) > 0 {
			quoted := make([]string, len(q.Schema.Enum))
			for i, v := range q.Schema.Enum {
				quoted[i] = fmt.Sprintf("%q", v)
			}
			vals = "[]string{" + strings.Join(quoted, ", ") + "}"
		}
		ps = append(ps, fmt.Sprintf("{%q, %s}", q.Name, vals))
	}
	if len(ps) == 0 {
		return "nil"
	}
	return "[]QueryParam{" + strings.Join(ps, ", ") + "}"
}

// recordType is the Go type a method returns records as.
func recordType(op *genOp) string {
	if op.ids {
		return "int64"
	}
	return typeName(op.record)
}

// pagerType is the named pager type a list method returns: MatterPager
// for Matter records, IDPager for record ids.
func pagerType(op *genOp) string {
	if op.ids {
		return "IDPager"
	}
	return typeName(op.record) + "Pager"
}

// pathExpr is the Go expression of op's request path, relative to the API
// base: a literal, idPath for the common "x/{id}.json", else a
// concatenation with strconv.FormatInt (no fmt: it costs allocations on
// every call).
func pathExpr(op *genOp) string {
	p := strings.TrimPrefix(op.path, "/")
	if len(op.pathParams) == 0 {
		return fmt.Sprintf("%q", p)
	}
	if len(op.pathParams) == 1 {
		if coll, ok := strings.CutSuffix(p, "/{"+op.pathParams[0].name+"}.json"); ok && !strings.Contains(coll, "{") {
			return fmt.Sprintf("idPath(%q, %s)", coll, op.pathParams[0].goName)
		}
	}
	var parts []string
	for _, pp := range op.pathParams {
		before, after, _ := strings.Cut(p, "{"+pp.name+"}")
		if before != "" {
			parts = append(parts, fmt.Sprintf("%q", before))
		}
		parts = append(parts, "strconv.FormatInt("+pp.goName+", 10)")
		p = after
	}
	if p != "" {
		parts = append(parts, fmt.Sprintf("%q", p))
	}
	return strings.Join(parts, " + ")
}

// fieldsArgs are the resource and defaults arguments of a helper call.
func fieldsArgs(op *genOp) string {
	if !op.fields || op.record == "" {
		return `"", FieldSet{}`
	}
	return fmt.Sprintf("%q, default%sFields", op.record, typeName(op.record))
}

// signature returns op's parameter list and results.
func signature(op *genOp, body string) (params, results string) {
	var ps []string
	if op.kind != kindList {
		ps = append(ps, "ctx context.Context")
	}
	for _, pp := range op.pathParams {
		ps = append(ps, pp.goName+" int64")
	}
	if op.kind == kindUpdate {
		ps = append(ps, "etag string")
	}
	if op.params != nil && !op.params.asOption {
		ps = append(ps, "params "+op.params.name)
	}
	if body != "" {
		ps = append(ps, "body "+body)
	}
	ps = append(ps, "opts ...CallOption")
	switch op.kind {
	case kindList:
		results = "*" + pagerType(op)
	case kindGet, kindPost, kindUpdate:
		results = "(*" + recordType(op) + ", error)"
	case kindDelete, kindNoContent:
		results = "error"
	case kindDownload:
		results = "(io.ReadCloser, DownloadInfo, error)"
	case kindHTML:
		results = "([]byte, error)"
	}
	return strings.Join(ps, ", "), results
}

// methodDoc writes a method's doc comment in our words, from facts.
func methodDoc(svc *services, op *genOp) string {
	defaults := svc.defaults
	call := fmt.Sprintf("%s %s (operation %s)", op.method, op.path, op.id)
	rec := recordType(op)
	var d string
	switch op.kind {
	case kindList:
		what := rec + " records"
		if op.ids {
			what = "record ids"
		}
		d = fmt.Sprintf("%s returns a pager over %s: %s. It sends nothing until used.", op.goMethod, what, call)
		if op.idOrder {
			d += " Unless params set Order it pages in order=id(asc), Clio's cursor mode."
		}
	case kindGet:
		d = fmt.Sprintf("%s fetches the %s record: %s.", op.goMethod, rec, call)
	case kindPost:
		d = fmt.Sprintf("%s sends %s and returns the %s record Clio answers with.", op.goMethod, call, rec)
	case kindUpdate:
		d = fmt.Sprintf("%s changes the %s record: %s. It always sends If-Match: etag; with an empty etag it first "+
			"fetches the record's current one. A stale etag fails with ErrPreconditionFailed.", op.goMethod, rec, call)
	case kindDelete:
		d = fmt.Sprintf("%s deletes the record: %s.", op.goMethod, call)
	case kindNoContent:
		d = fmt.Sprintf("%s sends %s, which Clio answers without a body.", op.goMethod, call)
	case kindDownload:
		d = fmt.Sprintf("%s streams a file: %s, which Clio answers with 303 See Other to a storage URL, "+
			"fetched without the Clio token. The caller must close the reader.", op.goMethod, call)
	case kindHTML:
		d = fmt.Sprintf("%s returns the HTML page Clio renders for %s, read up to MaxHTMLBytes.", op.goMethod, call)
	}
	if op.fields && op.record != "" {
		switch entries, generated := defaults[op.record]; {
		case op.record == mainRecord(svc.byName[op.service]) && generated:
			d += fmt.Sprintf(" Without a fields option it asks for the default fields listed on %sService.", op.service)
		case op.record == mainRecord(svc.byName[op.service]):
			d += " Without a fields option it asks for the service's default fields, as Get does."
		case generated:
			d += fmt.Sprintf(" Without a fields option it asks for id, etag, %s.", strings.Join(entries, ", "))
		default:
			d += fmt.Sprintf(" Without a fields option it asks for the default fields of %s records, as their own service does.", typeName(op.record))
		}
	}
	return d
}

// mainRecord is the record a service's operations are about: the one its
// Get answers with, else its List's, else the first any operation answers.
func mainRecord(ops []*genOp) string {
	for _, action := range []string{"show", "index", ""} {
		for _, op := range ops {
			if (action == "" || op.action == action) && op.record != "" {
				return op.record
			}
		}
	}
	return ""
}

// renderMethod writes one generated method.
func renderMethod(b *strings.Builder, svc *services, op *genOp, body string) {
	params, results := signature(op, body)
	b.WriteString("\n" + comment(methodDoc(svc, op), ""))
	fmt.Fprintf(b, "func (s *%sService) %s(%s) %s {\n", op.service, op.goMethod, params, results)
	path := pathExpr(op)
	q := "nil"
	positional := op.params != nil && !op.params.asOption
	if positional && op.kind != kindList {
		q = "q"
		fail := "nil, err"
		switch op.kind {
		case kindDownload:
			fail = "nil, DownloadInfo{}, err"
		case kindDelete, kindNoContent:
			fail = "err"
		}
		fmt.Fprintf(b, "\tq, err := params.query()\n\tif err != nil {\n\t\treturn %s\n\t}\n", fail)
	}
	bodyArg := "nil"
	if body != "" {
		bodyArg = "body"
	}
	switch op.kind {
	case kindList:
		if positional {
			b.WriteString("\tq, err := params.query()\n")
		} else {
			b.WriteString("\tvar q url.Values\n\tvar err error\n")
		}
		fmt.Fprintf(b, "\treturn (*%s)(opList[%s](s.service, %s, %s, listShape{%v, %d}, q, err, opts))\n", pagerType(op), recordType(op), path, fieldsArgs(op), op.idOrder, cmp.Or(maxLimit(op), 200))
	case kindGet, kindPost:
		fmt.Fprintf(b, "\treturn opDo[%s](ctx, s.service, %q, %s, %s, %s, %s, opts)\n", recordType(op), op.method, path, fieldsArgs(op), q, bodyArg)
	case kindUpdate:
		fmt.Fprintf(b, "\treturn opUpdate[%s](ctx, s.service, %s, %s, etag, %s, opts)\n", recordType(op), path, fieldsArgs(op), bodyArg)
	case kindDelete:
		fmt.Fprintf(b, "\treturn opDelete(ctx, s.service, %s, opts)\n", path)
	case kindNoContent:
		fmt.Fprintf(b, "\treturn opNoContent(ctx, s.service, %q, %s, %s, opts)\n", op.method, path, q)
	case kindDownload:
		fmt.Fprintf(b, "\treturn opDownload(ctx, s.service, %s, %s, opts)\n", path, q)
	case kindHTML:
		fmt.Fprintf(b, "\treturn opHTML(ctx, s.service, %s, %s, opts)\n", path, q)
	}
	b.WriteString("}\n")
}

// renderServices writes the source of services_gen.go (before gofmt).
func renderServices(svc *services, specName string) []byte {
	var b strings.Builder
	b.WriteString(header(specName))
	b.WriteString("package clio\n\nimport (\n\t\"context\"\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"io\"\n\t\"net/url\"\n\t\"strconv\"\n\t\"time\"\n)\n")
	names := slices.Sorted(maps.Keys(svc.byName))

	b.WriteString("\n" + comment("Services holds one service per resource of Clio's API, each with one method per "+
		"operation; Client embeds it, so client.Activities is the ActivitiesService. The table of operations and "+
		"their methods is in services_gen.go (operations).", ""))
	b.WriteString("type Services struct {\n")
	for _, n := range names {
		res := svc.byName[n][0].resource
		b.WriteString(comment(fmt.Sprintf("%s calls the %s operations.", n, res), "\t"))
		fmt.Fprintf(&b, "\t%s *%sService\n", n, n)
	}
	b.WriteString("}\n\n// initServices wires every service to the client.\nfunc (c *Client) initServices() {\n\ts := service{c: c}\n\tc.Services = Services{\n")
	for _, n := range names {
		ctor, hand := handDeclared[n]
		if !hand {
			ctor = "&" + n + "Service{s}"
		}
		fmt.Fprintf(&b, "\t\t%s: %s,\n", n, ctor)
	}
	b.WriteString("\t}\n}\n")

	for _, n := range names {
		ops := svc.byName[n]
		if _, hand := handDeclared[n]; !hand {
			var methods []string
			for _, op := range ops {
				methods = append(methods, op.goMethod)
			}
			doc := fmt.Sprintf("%sService calls Clio's %s operations (%s). Reach it through Client.%s.",
				n, ops[0].resource, strings.Join(methods, ", "), n)
			if entries, ok := svc.defaults[mainRecord(ops)]; ok {
				doc += fmt.Sprintf(" Clio returns only the fields a request names; without a fields option (Fields is a "+
					"CallOption) these calls ask for id, etag, every plain field of the %s record and the id of each "+
					"single association: %s.", typeName(mainRecord(ops)), strings.Join(entries, ", "))
			}
			b.WriteString("\n" + comment(doc, ""))
			fmt.Fprintf(&b, "type %sService struct{ service }\n", n)
		}
		for _, op := range ops {
			if op.hand == "" {
				renderMethod(&b, svc, op, svc.bodyOf[op.id])
			}
		}
	}

	for _, rec := range slices.Sorted(maps.Keys(svc.defaults)) {
		entries := svc.defaults[rec]
		quoted := make([]string, len(entries))
		for i, e := range entries {
			quoted[i] = fmt.Sprintf("%q", e)
		}
		doc := fmt.Sprintf("default%sFields is what the generated methods returning %s records ask for without a "+
			"fields option: id, etag, every plain field, and the id of each single association: %s.",
			typeName(rec), typeName(rec), strings.Join(entries, ", "))
		b.WriteString("\n" + comment(doc, ""))
		fmt.Fprintf(&b, "var default%sFields = Fields(%s)\n", typeName(rec), strings.Join(quoted, ", "))
	}
	for _, ps := range svc.params {
		renderParams(&b, ps)
	}
	for _, st := range svc.bodies {
		renderBody(&b, st)
	}
	for _, e := range svc.enums {
		b.WriteString("\n" + comment(e.doc, ""))
		fmt.Fprintf(&b, "type %s string\n\n// %s values.\nconst (\n", e.name, e.name)
		for _, v := range e.values {
			fmt.Fprintf(&b, "\t%s %s = %q\n", enumConstName(e.name, v), e.name, v)
		}
		b.WriteString(")\n")
	}

	b.WriteString("\n" + comment("operations lists every operation of Clio's API with the method that calls it "+
		"(Service.Method on Client); IDOrder marks the lists that take order=id(asc), Hand the methods written by hand.", ""))
	b.WriteString("var operations = []operationInfo{\n")
	for _, op := range svc.ops {
		method := op.goMethod
		if op.hand != "" {
			_, method, _ = strings.Cut(op.hand, ".")
		}
		idOrder := op.idOrder || (op.hand != "" && op.kind == kindList && declaresIDOrder(op))
		record := op.record
		if op.ids {
			record = ""
		}
		fmt.Fprintf(&b, "\t{Operation{%q, %q, %q, %q, %q, %q, %s, %d}, %v, %v},\n", op.id, op.method, op.path, op.service, method,
			record, requiredQuery(op), maxLimit(op), idOrder, op.hand != "")
	}
	b.WriteString("}\n")

	b.WriteString("\n" + comment("defaultFieldsByRecord is each record's default field set, the one its service asks for "+
		"without a fields option.", ""))
	b.WriteString("var defaultFieldsByRecord = map[string]FieldSet{\n")
	recs := slices.Collect(maps.Keys(svc.defaults))
	for _, op := range svc.ops {
		if handDefaults[op.record] {
			recs = append(recs, op.record)
		}
	}
	slices.Sort(recs)
	for _, rec := range slices.Compact(recs) {
		fmt.Fprintf(&b, "\t%q: default%sFields,\n", rec, typeName(rec))
	}
	b.WriteString("}\n")
	src := b.String()
	for _, pkg := range []string{"json", "fmt", "io", "url", "strconv", "time"} {
		if !strings.Contains(src[strings.Index(src, ")\n"):], pkg+".") {
			src = strings.Replace(src, "\t\""+importPath(pkg)+"\"\n", "", 1)
		}
	}
	return []byte(src)
}

func importPath(pkg string) string {
	switch pkg {
	case "url":
		return "net/url"
	case "json":
		return "encoding/json"
	}
	return pkg
}

// renderPagers writes the source of pagers_gen.go: one named pager type per
// record type a list operation returns, hand-written lists included. Each
// is defined as Pager[Record], so it has the methods Pager's embedded
// pageWalk promotes (More, Err, Cursor); the ones that name the record
// type call Pager's through a conversion. They are not inlined: inlined,
// their bodies would be in the export data every importer reads, and a
// caller would compile Pager's instantiation again. A package importing clio then meets only
// non-generic types in the services' signatures, so it compiles none of
// Pager's methods itself; a generic type in a signature makes every
// importer compile all of its methods again, for every type argument
// (bench/buildcost measures it).
func renderPagers(svc *services, specName string) []byte {
	var b strings.Builder
	b.WriteString(header(specName))
	b.WriteString("package clio\n\nimport (\n\t\"context\"\n\t\"iter\"\n)\n")
	recs := map[string]string{}
	for _, op := range svc.ops {
		if op.kind == kindList {
			recs[pagerType(op)] = recordType(op)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(recs)) {
		rec := recs[name]
		what := rec + " records"
		if rec == "int64" {
			what = "record ids"
		}
		b.WriteString("\n" + comment(fmt.Sprintf("%s is the [Pager] of %s that the services' list methods return: "+
			"the same type under a name of its own, with the same methods: those below, and More, Err and Cursor "+
			"(see [Pager.More], [Pager.Err], [Pager.Cursor]).", name, what), ""))
		fmt.Fprintf(&b, "type %s Pager[%s]\n", name, rec)
		conv := fmt.Sprintf("(*Pager[%s])(p)", rec)
		for _, m := range []struct{ name, sig, body string }{
			{"All", "(ctx context.Context) iter.Seq2[" + rec + ", error]", "return " + conv + ".All(ctx)"},
			{"NextPage", "(ctx context.Context) ([]" + rec + ", error)", "return " + conv + ".NextPage(ctx)"},
			{"Resume", "(cursor string) *" + name, conv + ".Resume(cursor)\n\treturn p"},
			{"ResumeAfter", "(lastID int64) *" + name, conv + ".ResumeAfter(lastID)\n\treturn p"},
		} {
			fmt.Fprintf(&b, "\n// %s is [Pager.%s].\n//\n//go:noinline\nfunc (p *%s) %s%s {\n\t%s\n}\n", m.name, m.name, name, m.name, m.sig, m.body)
		}
	}
	return []byte(b.String())
}
