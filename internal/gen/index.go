package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
)

// The spec index is the generator's input: Clio's OpenAPI document cut down
// to facts (paths and operations, parameters, request and response schemas,
// component schemas, types, enums, required lists), with every description,
// summary and example removed. It is committed as internal/gen/spec-index.json
// so that go generate runs on a fresh clone; refresh it from a full spec with
//
//	go run ./internal/gen -refresh-index path/to/clio-openapi.json
//
// Facts that the spec states only in prose are kept as structured values:
// a list's page size range ("Limit can range between 1 and 200. Default:
// 200") becomes the limit parameter's minimum, maximum and default.

// indexPath is the committed index, relative to the repository root.
const indexPath = "internal/gen/spec-index.json"

// proseKeys are annotation keys that hold text rather than facts.
var proseKeys = map[string]bool{
	"description": true, "summary": true, "example": true, "examples": true,
	"title": true, "externalDocs": true, "x-tagGroups": true,
}

// limitRange reads the page size range out of a limit parameter's prose.
var limitRange = regexp.MustCompile(`between (\d+) and (\d+)\. Default: ` + "`" + `(\d+)` + "`")

// buildIndex returns the facts-only index of a full OpenAPI document.
func buildIndex(full []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(full, &doc); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	comps, _ := doc["components"].(map[string]any)
	if len(paths) == 0 || comps == nil {
		return nil, fmt.Errorf("spec has no paths or components")
	}
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		for _, op := range ops {
			liftLimitRange(op)
		}
	}
	version := ""
	if info, ok := doc["info"].(map[string]any); ok {
		version, _ = info["version"].(string)
	}
	index := map[string]any{
		"openapi":    doc["openapi"],
		"info":       map[string]any{"version": version},
		"paths":      prune(paths, false),
		"components": map[string]any{"schemas": prune(comps["schemas"], true)},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(index); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// liftLimitRange turns the prose range of an operation's limit parameter
// into schema facts.
func liftLimitRange(op any) {
	o, _ := op.(map[string]any)
	params, _ := o["parameters"].([]any)
	for _, p := range params {
		pm, _ := p.(map[string]any)
		if pm["name"] != "limit" {
			continue
		}
		desc, _ := pm["description"].(string)
		m := limitRange.FindStringSubmatch(desc)
		sch, _ := pm["schema"].(map[string]any)
		if m == nil || sch == nil {
			continue
		}
		for i, key := range []string{"minimum", "maximum", "default"} {
			n, _ := strconv.Atoi(m[i+1])
			sch[key] = n
		}
	}
}

// prune drops prose keys everywhere except as names: the keys of a
// "properties" map (or of the component schemas map) are field names, such
// as a record's own "description" field, and are kept.
func prune(v any, names bool) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, child := range t {
			if !names && proseKeys[k] {
				continue
			}
			out[k] = prune(child, k == "properties" && !names)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = prune(child, false)
		}
		return out
	}
	return v
}
