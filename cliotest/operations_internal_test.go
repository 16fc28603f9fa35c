package cliotest

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// howServed says how the fake answers op: "route" (a hand-written route
// of api.go), "operation" (a handler of opHandlers), "generic" (the
// generic handlers) or "501".
func howServed(op *opSpec) string {
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(op.path, "/"), ".json"), "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			segs[i] = "1"
		}
	}
	if rt, _, _ := match(op.method, segs); rt != nil {
		return "route"
	}
	if opHandlers[op.id] != nil {
		return "operation"
	}
	if servedGenerically(op) {
		return "generic"
	}
	return "501"
}

// readmeRow is a row of the README's table of how cliotest answers.
var readmeRow = regexp.MustCompile(`(?m)^\| ((?:Modelled|Served|\*\*Served|Answer)[^|]*)\| \**(\d+)\** \|$`)

// TestServedCounts pins how many of the spec's operations the fake serves
// and how: the numbers of the README's cliotest table. Goal: none answers
// 501.
func TestServedCounts(t *testing.T) {
	counts := map[string]int{}
	var notServed []string
	for i := range specOps {
		op := &specOps[i]
		how := howServed(op)
		counts[how]++
		if how == "501" {
			notServed = append(notServed, op.id)
		}
		if how == "route" {
			assert.Nil(t, opHandlers[op.id], "%s has a route: its handler would never run", op.id)
		}
	}
	assert.Empty(t, notServed, "operations answering 501 (give each a reason in the README table)")
	assert.Equal(t, map[string]int{"route": 49, "operation": 35, "generic": 198}, counts)
	assert.Len(t, specOps, 282)

	// The README's table says the same.
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	table := map[string]int{}
	for _, m := range readmeRow.FindAllStringSubmatch(string(readme), -1) {
		table[strings.Trim(m[1], "* ")], _ = strconv.Atoi(m[2])
	}
	assert.Equal(t, map[string]int{
		"Modelled by hand, per resource (routes)":  counts["route"],
		"Modelled one by one (operation handlers)": counts["operation"],
		"Served from the spec (generic)":           counts["generic"],
		"Served":                                   len(specOps) - len(notServed),
		"Answer 501":                               len(notServed),
	}, table, "the README's cliotest table")
	for id := range opHandlers {
		assert.NotNil(t, opIndex.byID[id], "a handler for %s, which is no operation of the spec", id)
	}
}
