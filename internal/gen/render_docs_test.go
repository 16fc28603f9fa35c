package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realServices builds the services of the committed index.
func realServices(t *testing.T) *services {
	t.Helper()
	s, err := loadSpec("spec-index.json")
	require.NoError(t, err)
	m, err := buildModels(s)
	require.NoError(t, err)
	c, err := buildCatalog(s)
	require.NoError(t, err)
	svc, err := buildServices(s, m, c)
	require.NoError(t, err)
	return svc
}

// TestOperationsDocListsConveniences: docs/operations.md lists every
// hand-written convenience beside the operations, in its own table, in the
// summary and in its service's section, with the operations it calls; and
// every operation a convenience names is one of the spec. (The root
// package's TestOperationsCoverage holds the table against the services'
// exported methods, and TestMethodDocsNameTheirOperations against their doc
// comments.)
func TestOperationsDocListsConveniences(t *testing.T) {
	svc := realServices(t)
	ops := map[string]bool{}
	for _, op := range svc.ops {
		ops[op.id] = true
	}
	doc := string(renderOperationsDoc(svc, "spec-index.json"))
	require.True(t, strings.Contains(doc, "\n## Conveniences\n"), "docs/operations.md has no Conveniences section")
	for _, name := range []string{"SetMatterValues", "SetStageByName", "CreateStatuteOfLimitations", "FindByEmail", "Wait", "Subscribe"} {
		assert.True(t, strings.Contains(doc, "."+name+"`]"), "the conveniences table lacks %s", name)
	}
	for _, c := range conveniences {
		key := c.Service + "." + c.Method
		if !assert.Contains(t, svc.byName, c.Service, "%s: no such service", key) {
			continue
		}
		for _, id := range c.Ops {
			assert.True(t, ops[id], "%s calls %s, which is not an operation of the spec", key, id)
		}
		row := "| [`client." + key + "`](#" + strings.ToLower(c.Service) + ") | " + c.What + " | "
		assert.True(t, strings.Contains(doc, row), "%s: no row in the conveniences table", key)
		assert.True(t, strings.Contains(doc, "| `"+c.Method+"` (convenience) | | "+strings.Join(c.Ops, ", ")+" |"), "%s: not in its service's section", key)
	}
	assert.True(t, strings.Contains(doc, "| [`client.Matters`](#matters) | List*, Get*, Create*, Update*, Delete* | SetStage, SetStageByName |"), "the summary does not list the conveniences of Matters")
}

// TestConveniencesAreChecked: a convenience that names an operation the
// spec does not have, says neither what it calls nor why it calls nothing,
// or takes the name of an operation's method fails the generator's run.
func TestConveniencesAreChecked(t *testing.T) {
	saved := conveniences
	t.Cleanup(func() { conveniences = saved })
	for _, tc := range []struct {
		c    convenience
		want string
	}{
		{convenience{Service: "Matters", Method: "Archive", What: "x", Ops: []string{"Matter#archive"}}, "not an operation of the spec"},
		{convenience{Service: "Matters", Method: "Archive", What: "x"}, "needs either the operations it calls"},
		{convenience{Service: "Matters", Method: "Archive", What: "x", Ops: []string{"Matter#update"}, NoOp: "y"}, "needs either the operations it calls"},
		{convenience{Service: "Matters", Method: "Get", What: "x", Ops: []string{"Matter#show"}}, "is the method of operation Matter#show"},
		{convenience{Service: "Matters", Method: "Archive", Ops: []string{"Matter#update"}}, "says nothing of what it does"},
	} {
		conveniences = append(append([]convenience{}, saved...), tc.c)
		s, err := loadSpec("spec-index.json")
		require.NoError(t, err)
		m, err := buildModels(s)
		require.NoError(t, err)
		c, err := buildCatalog(s)
		require.NoError(t, err)
		_, err = buildServices(s, m, c)
		if assert.Error(t, err, "%+v", tc.c) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
}
