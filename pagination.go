package clio

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"iter"
	"maps"
	"net/url"
)

// DefaultPageSize is the page size the SDK asks for: Clio's maximum on most
// list endpoints.
const DefaultPageSize = 200

// Pager walks a list endpoint page by page in Clio's cursor mode
// (order=id(asc), no offset, so there is no 10,000-record cap). It does no
// I/O until used, holds one page at a time, and from the second page on
// requests meta.paging.next exactly as Clio gave it, after checking that it
// points at the API host. A Pager is not safe for concurrent use.
type Pager[T any] struct {
	c     *Client
	first *request // the first page; nil once started or when resumed
	next  string   // the next page's URL; "" when done
	done  bool
	seen  map[uint64]struct{} // hashes of next URLs followed, to catch loops
	err   error
}

// newPager starts a pager at path with the first page's query. It adds
// limit and order=id(asc) unless the caller set them.
func newPager[T any](c *Client, path string, q url.Values) *Pager[T] {
	if q == nil {
		q = url.Values{}
	}
	if q.Get("limit") == "" {
		q.Set("limit", fmt.Sprint(DefaultPageSize))
	}
	if q.Get("order") == "" {
		q.Set("order", "id(asc)")
	}
	return &Pager[T]{c: c, first: &request{method: "GET", path: path, query: q}, seen: map[uint64]struct{}{}}
}

// List pages through any list endpoint as T: path is relative to the API
// base ("activities.json"), resource names the catalog the fields are
// checked against ("Activity"), and query holds the endpoint's filters
// (not modified). It is the paging counterpart of [Client.Do]: for
// resources without a service, or for records as Clio sent them with T =
// json.RawMessage. Zero fields asks for id and etag only. The pager asks
// for DefaultPageSize records a page unless query sets "limit": set it for
// endpoints with a lower maximum (billable_clients.json allows 25).
func List[T any](c *Client, path, resource string, fields FieldSet, query url.Values) *Pager[T] {
	return list[T](service{c}, path, resource, fields, FieldSet{}, maps.Clone(query))
}

// errPager returns a pager whose first fetch fails with err (a bad fields
// selection, say), so List can keep its one-value signature.
func errPager[T any](err error) *Pager[T] { return &Pager[T]{err: err} }

// ErrPagingLoop is returned when Clio hands back a next link the pager has
// already followed.
var ErrPagingLoop = errors.New("clio: paging loop: a next link repeated")

// Resume makes the pager continue from cursor, a value of [Pager.Cursor]
// saved earlier. An empty cursor changes nothing, so a new pager given an
// empty saved cursor starts from the beginning. The cursor must point at
// the client's API host.
func (p *Pager[T]) Resume(cursor string) *Pager[T] {
	if cursor != "" && p.err == nil {
		p.first, p.next, p.done = nil, cursor, false
	}
	return p
}

// Cursor returns where the pager stands: the URL of the next page to fetch,
// or "" before the first page and after the last. Saved after a page has
// been handled, it lets a later [Pager.Resume] continue with the page after.
func (p *Pager[T]) Cursor() string { return p.next }

// More reports whether another page may follow.
func (p *Pager[T]) More() bool { return !p.done }

// NextPage fetches the next page. After the last page it returns nil and
// More reports false. On error the pager stays where it was, so the call
// can be repeated.
func (p *Pager[T]) NextPage(ctx context.Context) ([]T, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.done {
		return nil, nil
	}
	r := p.first
	if r == nil {
		if _, dup := p.seen[linkKey(p.next)]; dup {
			return nil, ErrPagingLoop
		}
		r = &request{method: "GET", path: p.next}
	}
	resp, err := p.c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	var page struct {
		Data []T `json:"data"`
		Meta struct {
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		} `json:"meta"`
	}
	if err := decodeBody(resp, &page); err != nil {
		return nil, err
	}
	if p.first == nil {
		p.seen[linkKey(p.next)] = struct{}{}
	}
	p.first = nil
	p.next = page.Meta.Paging.Next
	p.done = p.next == ""
	return page.Data, nil
}

// All returns an iterator over every record from here to the end. It stops
// at the first error, which it yields with a zero T; breaking out of the
// loop stops fetching.
func (p *Pager[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for p.More() {
			items, err := p.NextPage(ctx)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// linkKey hashes a next link, so loop detection costs 8 bytes a page.
func linkKey(link string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(link))
	return h.Sum64()
}
