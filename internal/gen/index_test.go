package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIndexKeepsFactsAndDropsProse(t *testing.T) {
	full := []byte(`{"openapi":"3.0.1","info":{"title":"T","version":"v4","description":"long text"},
	"tags":[{"name":"Matters","description":"prose"}],
	"paths":{"/matters.json":{"get":{"operationId":"Matter#index","summary":"List","description":"prose","tags":["Matters"],
	  "parameters":[{"name":"limit","in":"query","description":"A limit. Limit can range between 1 and 200. Default: ` + "`200`" + `.","schema":{"type":"integer"}}],
	  "responses":{"200":{"description":"Ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Matter_List"}}}}}}}},
	"components":{"schemas":{"Matter_base":{"type":"object","description":"prose","properties":{
	  "description":{"type":"string","description":"The matter's description"},
	  "status":{"type":"string","enum":["Open","Closed"],"example":"Open"}}}}}}`)
	idx, err := buildIndex(full)
	require.NoError(t, err)
	s := string(idx)
	for _, prose := range []string{"prose", "long text", "The matter's description", "A limit", `"example"`, `"summary"`} {
		assert.NotContains(t, s, prose)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Tags        []string
			Parameters  []struct {
				Name   string
				Schema map[string]any
			}
		}
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any
			}
		}
	}
	require.NoError(t, json.Unmarshal(idx, &doc))
	op := doc.Paths["/matters.json"]["get"]
	assert.Equal(t, "Matter#index", op.OperationID)
	assert.Equal(t, []string{"Matters"}, op.Tags)
	assert.Equal(t, map[string]any{"type": "integer", "minimum": 1.0, "maximum": 200.0, "default": 200.0}, op.Parameters[0].Schema)
	props := doc.Components.Schemas["Matter_base"].Properties
	assert.Equal(t, map[string]any{"type": "string"}, props["description"], "a field named description is a fact")
	assert.Equal(t, []any{"Open", "Closed"}, props["status"]["enum"])
}

// The committed index holds no prose: no key that carries text survives.
func TestCommittedIndexHasNoProse(t *testing.T) {
	b, err := os.ReadFile("spec-index.json")
	if os.IsNotExist(err) {
		t.Skip("no index yet")
	}
	require.NoError(t, err)
	var walk func(v any, names bool)
	walk = func(v any, names bool) {
		switch t2 := v.(type) {
		case map[string]any:
			for k, c := range t2 {
				if !names && proseKeys[k] {
					t.Fatalf("prose key %q in the index", k)
				}
				walk(c, k == "properties" && !names)
			}
		case []any:
			for _, c := range t2 {
				walk(c, false)
			}
		case string:
			if len(t2) > 200 || strings.Count(t2, " ") > 12 {
				t.Fatalf("a long text value in the index: %.60q", t2)
			}
		}
	}
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	walk(doc, false)
}
