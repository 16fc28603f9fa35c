package clio

import (
	"context"
	"iter"
)

// FindCreated looks for a record whose creation is in doubt: it walks the
// listing p and returns the first record, in the listing's order, for
// which match is true, or nil (and no error) when none is. p is any pager:
// a *Pager[T] or a named one such as *MatterPager.
//
// Use it after a create fails with [MayHaveApplied], or in a rerun of a
// workflow that stopped on such an error, before sending the create again.
// Give the create a value that is unique to it (an import key in a
// reference field, a name holding the matter's number), list with the
// narrowest filters that still take in the record (matter_id, client_id,
// created_since a little before the write), and match on that value:
//
//	m, err := clio.FindCreated(ctx, client.Matters.List(clio.MatterListParams{ClientID: clientID}),
//		func(m clio.Matter) bool { return m.ClientReference == key })
//	if err == nil && m == nil {
//		m, err = client.Matters.Create(ctx, clio.MatterCreate{ /* ... */ ClientReference: clio.Set(key)})
//	}
//
// A record found was created, whatever the error said; nil means the
// listing does not hold it. Read right after the error, nil can also mean
// the write is still being applied, so a workflow that must never write
// twice checks again later (in its next run, say) rather than resending at
// once. FindCreated stops at the first match, so it reads no further page
// than it needs.
func FindCreated[T any](ctx context.Context, p interface {
	All(context.Context) iter.Seq2[T, error]
}, match func(T) bool) (*T, error) {
	for rec, err := range p.All(ctx) {
		if err != nil {
			return nil, err
		}
		if match(rec) {
			return &rec, nil
		}
	}
	return nil, nil
}
