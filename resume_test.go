package clio_test

import (
	"context"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resumeFirm is the in-memory fake with its demo firm and a client.
func resumeFirm(t *testing.T) (*cliotest.Server, *clio.Client) {
	t.Helper()
	srv := cliotest.NewServer(t, cliotest.InMemory())
	c, err := srv.Client()
	require.NoError(t, err)
	return srv, c
}

// createMatter opens a matter for Jane Doe marked with key.
func createMatter(c *clio.Client, jane int64, key string) (*clio.Matter, error) {
	return c.Matters.Create(context.Background(), clio.MatterCreate{
		Client:          clio.Ref{ID: jane},
		Description:     "Matter " + key,
		ClientReference: clio.Set(key),
	})
}

func hasReference(key string) func(clio.Matter) bool {
	return func(m clio.Matter) bool { return m.ClientReference == key }
}

// After a create applied with its answer lost, FindCreated finds the
// record; after one that was not applied, it finds nothing, and the create
// can be sent again.
func TestFindCreatedSettlesAnUnknownOutcome(t *testing.T) {
	ctx := context.Background()
	for _, applied := range []bool{true, false} {
		srv, c := resumeFirm(t)
		jane := srv.Demo().JaneDoeID
		fault := cliotest.Fault{Method: "POST", Path: "/api/v4/matters.json", Times: 1, Status: 503}
		if applied {
			fault = cliotest.Fault{Method: "POST", Path: "/api/v4/matters.json", Times: 1, After: true}
		}
		srv.Inject(fault)
		_, err := createMatter(c, jane, "k-1")
		require.Error(t, err)
		require.True(t, clio.MayHaveApplied(err))

		m, err := clio.FindCreated(ctx, c.Matters.List(clio.MatterListParams{ClientID: jane}), hasReference("k-1"))
		require.NoError(t, err)
		if !applied {
			assert.Nil(t, m, "a write that was not applied is not found")
			continue
		}
		require.NotNil(t, m, "the applied write is found")
		assert.Equal(t, "Matter k-1", m.Description)
		got, err := c.Matters.Get(ctx, m.ID)
		require.NoError(t, err)
		assert.Equal(t, "k-1", got.ClientReference)
	}
}

// FindCreated returns the first match and reads no page past it; with no
// match it reads the whole listing.
func TestFindCreatedStopsAtTheFirstMatch(t *testing.T) {
	ctx := context.Background()
	srv, c := resumeFirm(t)
	jane := srv.Demo().JaneDoeID
	var ids []int64
	for _, key := range []string{"a", "b", "b", "c"} {
		m, err := createMatter(c, jane, key)
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	pages := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method == "GET" && r.Path == "/api/v4/matters.json" {
				n++
			}
		}
		return n
	}
	list := func() *clio.MatterPager {
		return c.Matters.List(clio.MatterListParams{IDs: ids, Limit: 1})
	}

	before := pages()
	m, err := clio.FindCreated(ctx, list(), hasReference("b"))
	require.NoError(t, err)
	require.NotNil(t, m)
	assert.Equal(t, ids[1], m.ID, "the first in the listing's order")
	assert.Equal(t, 2, pages()-before, "one record a page: two pages read, no more")

	before = pages()
	m, err = clio.FindCreated(ctx, list(), hasReference("z"))
	require.NoError(t, err)
	assert.Nil(t, m)
	assert.GreaterOrEqual(t, pages()-before, len(ids), "every page read")
}

// A listing that fails gives its error, not "not found": the caller must
// not take it as a write that was not applied.
func TestFindCreatedReturnsTheListingsError(t *testing.T) {
	srv, c := resumeFirm(t)
	srv.Inject(cliotest.Fault{Method: "GET", Path: "/api/v4/matters.json", Status: 403})
	m, err := clio.FindCreated(context.Background(), c.Matters.List(clio.MatterListParams{}), hasReference("k"))
	require.ErrorIs(t, err, clio.ErrForbidden)
	assert.Nil(t, m)

	// A refused filter fails before anything is sent, and the same way.
	m, err = clio.FindCreated(context.Background(), c.Matters.List(clio.MatterListParams{Limit: 1000}), hasReference("k"))
	require.ErrorIs(t, err, clio.ErrInvalidArgument)
	assert.Nil(t, m)
}
