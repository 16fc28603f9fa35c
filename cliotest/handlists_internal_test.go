package cliotest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandListsNameDeclaredParameters: every hand-written list route names
// its operation, and handLists names only parameters that operation
// declares (a typo there would refuse the filter it means to allow).
func TestHandListsNameDeclaredParameters(t *testing.T) {
	n := 0
	for _, rt := range routes {
		if rt.method != "GET" {
			continue
		}
		op, _, _ := opIndex.find("GET", rt.segs)
		if op == nil || op.action != "index" {
			assert.Empty(t, rt.op, "%v", rt.segs)
			continue
		}
		n++
		assert.Equal(t, op.id, rt.op, "%v is a hand-written list: use listEp", rt.segs)
	}
	assert.Equal(t, len(handLists), n, "a handLists entry per hand-written list")
	for id, hl := range handLists {
		op := opIndex.byID[id]
		require.NotNil(t, op, id)
		declared := map[string]bool{}
		for _, p := range op.query {
			declared[p.name] = true
		}
		for name := range words(hl.filters + " " + hl.ownValues) {
			assert.True(t, declared[name], "%s does not declare %s", id, name)
		}
		for name := range words(hl.ownValues) {
			assert.True(t, words(hl.filters)[name], "%s: ownValues %s is not in filters", id, name)
		}
	}
}

func TestHoldsAll(t *testing.T) {
	day := func(s string) time.Time {
		d, err := parseDate(s)
		require.NoError(t, err)
		return d
	}
	conds := []dateCond{{">=", day("2030-01-01")}, {"<", day("2030-02-01")}}
	assert.True(t, holdsAll(conds, "2030-01-01"))
	assert.True(t, holdsAll(conds, "2030-01-31"))
	assert.False(t, holdsAll(conds, "2029-12-31"))
	assert.False(t, holdsAll(conds, "2030-02-01"))
	assert.False(t, holdsAll(conds, ""), "no date meets no condition")
	for op, want := range map[string][]bool{"=": {false, true, false}, "<": {true, false, false}, ">": {false, false, true}, "<=": {true, true, false}, ">=": {false, true, true}} {
		for i, d := range []string{"2030-01-09", "2030-01-10", "2030-01-11"} {
			assert.Equal(t, want[i], holdsAll([]dateCond{{op, day("2030-01-10")}}, d), "%s %s", d, op)
		}
	}
}
