package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldDocRecords are the records issue 16 asks to document: every scalar
// of their *_base schema needs an entry in fieldDocs.
var fieldDocRecords = []string{
	"Activity", "Bill", "Matter", "Contact", "Task", "CalendarEntry",
	"Reminder", "TrustRequest", "BankTransaction", "Document",
}

// fieldDocVerbs are the words a fieldDocs value may start with: the value
// follows the Go field name, so it starts with a verb.
var fieldDocVerbs = map[string]bool{
	"is": true, "are": true, "says": true, "lists": true, "counts": true,
	"marks": true, "asks": true, "links": true, "moves": true, "finishes": true,
	"takes": true, "gives": true, "names": true, "holds": true, "sends": true,
	"sets": true, "tells": true, "shows": true, "keeps": true,
}

// fieldDocStopWords carry no meaning of their own: a value made of them
// and the field's own name says nothing.
var fieldDocStopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "s": true, "this": true,
	"its": true, "for": true, "to": true, "in": true, "on": true, "as": true,
	"is": true, "are": true, "says": true, "lists": true, "whether": true,
	"or": true, "and": true, "by": true, "with": true, "it": true, "record": true,
	"field": true, "value": true, "string": true, "boolean": true, "integer": true,
	"double": true, "number": true, "date": true, "time": true, "base": true,
}

// resolveFieldDocKey finds the property a fieldDocs key names in s: a
// schema property ("Activity_base.quantity", or "Matter.client" in the
// inline part of a full record) or a request-body property
// ("Bill#update.discount.rate", "TrustRequest#create.matter[].trust_amount").
// It returns the property and, for a body key, the operation id.
func resolveFieldDocKey(s *spec, key string) (*schema, string, error) {
	if op, path, ok := strings.Cut(key, "#"); ok {
		action, rest, ok := strings.Cut(path, ".")
		if !ok || rest == "" {
			return nil, "", errors.New("no body path after the operation id")
		}
		id := op + "#" + action
		body, err := opBody(s, id)
		if err != nil {
			return nil, id, err
		}
		cur := body
		for _, seg := range strings.Split(rest, ".") {
			name, list := strings.CutSuffix(seg, "[]")
			p := cur.Properties[name]
			if p == nil {
				return nil, id, errors.New("the body has no property " + seg)
			}
			if list {
				if p.Type != "array" || p.Items == nil {
					return nil, id, errors.New(seg + " is not a list")
				}
				p = p.Items
			}
			cur = p
		}
		return cur, id, nil
	}
	name, prop, ok := strings.Cut(key, ".")
	if !ok || prop == "" || strings.Contains(prop, ".") {
		return nil, "", errors.New("not Schema.property")
	}
	sc := s.schemas[name]
	if sc == nil {
		return nil, "", errors.New("no schema " + name)
	}
	if p := sc.Properties[prop]; p != nil {
		return p, "", nil
	}
	for _, part := range sc.AllOf {
		if p := part.Properties[prop]; p != nil {
			return p, "", nil
		}
	}
	return nil, "", errors.New("schema " + name + " has no property " + prop)
}

// opBody returns the data object of the JSON request body of operation id.
func opBody(s *spec, id string) (*schema, error) {
	for _, methods := range s.paths {
		for _, o := range methods {
			if o.OperationID != id {
				continue
			}
			if o.RequestBody == nil {
				return nil, errors.New(id + " takes no request body")
			}
			c, ok := o.RequestBody.Content["application/json"]
			if !ok || c.Schema == nil || c.Schema.Properties["data"] == nil {
				return nil, errors.New(id + " has no JSON body with data")
			}
			return c.Schema.Properties["data"], nil
		}
	}
	return nil, errors.New("no operation " + id)
}

var (
	wordRE     = regexp.MustCompile(`[a-z0-9]+`)
	sentenceRE = regexp.MustCompile(`[.?!] [A-Z]`)
)

// keyWords are the words of a key's record and property names: "Bill_base.due_at"
// gives bill, due, at.
func keyWords(key string) map[string]bool {
	out := map[string]bool{}
	for _, part := range regexp.MustCompile(`[#._\[\]]+`).Split(key, -1) {
		for _, w := range camelWords(part) {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// camelWords splits "CalendarEntry" into Calendar, Entry.
func camelWords(s string) []string {
	var out []string
	start := 0
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			out = append(out, s[start:i])
			start = i
		}
	}
	return append(out, s[start:])
}

func TestFieldDocsNameRealFields(t *testing.T) {
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	for key := range fieldDocs {
		p, op, err := resolveFieldDocKey(s, key)
		if !assert.NoError(t, err, key) {
			continue
		}
		if op != "" {
			assert.Empty(t, handWrittenOps[op], "%s: %s is written by hand; its body gets no generated docs", key, op)
			continue
		}
		name, prop, _ := strings.Cut(key, ".")
		assert.NotContains(t, []string{"id", "etag"}, prop, "%s: the generator documents id and etag itself", key)
		if strings.HasSuffix(name, baseSuffix) {
			assert.Empty(t, p.Ref, "%s: a _base key documents a scalar; key associations by the full record", key)
		}
	}
}

func TestFieldDocsReadAsSentences(t *testing.T) {
	for key, doc := range fieldDocs {
		if !assert.NotEmpty(t, strings.TrimSpace(doc), key) {
			continue
		}
		assert.Equal(t, strings.TrimSpace(doc), doc, "%s: leading or trailing space", key)
		assert.NotContains(t, doc, "  ", "%s: double space", key)
		first, _, _ := strings.Cut(doc, " ")
		assert.True(t, fieldDocVerbs[first], "%s: %q should start with a lower-case verb (is, says, lists...)", key, first)
		assert.True(t, strings.HasSuffix(doc, "."), "%s: should end with a period", key)
		assert.LessOrEqual(t, len(sentenceRE.FindAllString(doc, -1))+1, 3, "%s: one to three sentences", key)

		// Something beyond the field's own name: at least three meaningful
		// words that are neither the record's nor the property's.
		own := keyWords(key)
		var extra []string
		for _, w := range wordRE.FindAllString(strings.ToLower(doc), -1) {
			if !own[w] && !fieldDocStopWords[w] && !slices.Contains(extra, w) {
				extra = append(extra, w)
			}
		}
		assert.GreaterOrEqual(t, len(extra), 3, "%s: %q only repeats the field's name", key, doc)
	}
}

// Dates say which kind they are, and numbers say their unit, scale or
// currency, or that Clio leaves it unstated.
func TestFieldDocsStateKindAndUnit(t *testing.T) {
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	units := []string{"second", "minute", "hour", "day", "week", "byte", "money", "currency",
		"percentage", "ratio", "unit", "count", "id of", "number", "position"}
	for key, doc := range fieldDocs {
		p, _, err := resolveFieldDocKey(s, key)
		if err != nil {
			continue // reported by TestFieldDocsNameRealFields
		}
		_, prop, _ := strings.Cut(key, ".")
		switch {
		case p.Format == "date":
			assert.Contains(t, doc, "calendar date", "%s: a date field says it is a calendar date", key)
		case p.Format == "date-time":
			assert.True(t, strings.Contains(doc, "instant") || strings.Contains(doc, "timestamp"),
				"%s: a date-time field says it is an instant (or why not)", key)
		case (p.Type == "number" || p.Type == "integer") && !strings.HasSuffix(prop, "id"):
			lower := strings.ToLower(doc)
			assert.True(t, slices.ContainsFunc(units, func(u string) bool { return strings.Contains(lower, u) }),
				"%s: a number says its unit, scale or currency", key)
		}
	}
}

// Every scalar of the records is documented: the *_base
// properties other than id and etag, keyed on the base schema or, for the
// ones the full record types as an association (currency), on the record.
func TestFieldDocsCoverMostUsedRecords(t *testing.T) {
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	for _, rec := range fieldDocRecords {
		base := s.schemas[rec+baseSuffix]
		if !assert.NotNil(t, base, rec) {
			continue
		}
		for prop := range base.Properties {
			if prop == "id" || prop == "etag" {
				continue
			}
			_, onBase := fieldDocs[rec+baseSuffix+"."+prop]
			_, onFull := fieldDocs[rec+"."+prop]
			assert.True(t, onBase || onFull, "%s%s.%s has no entry in fieldDocs", rec, baseSuffix, prop)
		}
	}
}

// When the full spec is checked out beside the repository, no value copies
// a run of six words from the description of the property it documents:
// the docs are ours, not Clio's text.
func TestFieldDocsDoNotCopySpecText(t *testing.T) {
	path := filepath.Join(repoRoot, fullSpec)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no full spec at %s (it lives outside the repository)", fullSpec)
	}
	s, err := loadSpec(path)
	require.NoError(t, err)
	const run = 6
	for key, doc := range fieldDocs {
		p, _, err := resolveFieldDocKey(s, key)
		if err != nil || p.Description == "" {
			continue
		}
		ours := " " + strings.Join(wordRE.FindAllString(strings.ToLower(doc), -1), " ") + " "
		theirs := wordRE.FindAllString(strings.ToLower(p.Description), -1)
		for i := 0; i+run <= len(theirs); i++ {
			phrase := strings.Join(theirs[i:i+run], " ")
			assert.NotContains(t, ours, " "+phrase+" ", "%s copies the spec's description", key)
		}
	}
}
