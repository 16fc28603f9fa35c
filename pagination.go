package clio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// DefaultPageSize is the page size the SDK asks for: Clio's maximum on most
// list endpoints.
const DefaultPageSize = 200

// maxEmptyPages is how many empty pages in a row, each with a next link,
// the pager follows before it gives up with [ErrPagingStalled].
const maxEmptyPages = 3

// Pager walks a list endpoint page by page in Clio's cursor mode
// (order=id(asc), no offset, so there is no 10,000-record cap). It does no
// I/O until used, holds one page at a time, and from the second page on
// requests meta.paging.next exactly as Clio gave it, after checking that it
// points at the API host. A Pager is not safe for concurrent use.
//
// Paging integrity: under order=id(asc) (the default) with records that
// carry an integer id, every id must be above the one before it. A page
// that breaks the rule (the same page served under two cursors, a cycle
// back to an earlier page, ids going backwards) is refused whole with a
// [*PagingError] before any of its records is handed out, so no record is
// ever handed out twice. Records whose ids Clio types as strings
// ([CompositeID], e.g. calendar entries) and listings in another order
// have no such check; there only repeated next links and runs of empty
// pages are caught.
//
// A fault in the call that built the pager (a page size outside the list's
// range, a bad fields selection) or in a cursor given to [Pager.Resume] is
// held by the pager: [Pager.Err] reports it at once, and NextPage and All
// return it without sending anything.
//
// A pager's work is in pageWalk, which does not depend on T: Go compiles a
// generic type's methods again for each type argument, in this package
// and in every package that instantiates it, so only decoding and handing
// out records are generic.
type Pager[T any] struct {
	pageWalk
	buf  []T                    // the held page's records not yet handed out
	idOf func(*T) (int64, bool) // nil when T has no integer id
}

// pageWalk is the part of a pager that does not depend on its record type:
// the listing, the position, the held page's bookkeeping and the checks.
type pageWalk struct {
	c     *Client
	first *request // the listing's first page
	err   error    // a fault found before any request: bad fields or page size, bad cursor (see Err)
	key   string   // the listing's name in cursors (listKey), once computed

	// The position: the page it is in (at; "" for the first page) and how
	// much of that page has been handed out.
	at    string
	after int64 // the last id handed out; on a refetch, ids up to it are skipped
	taken int   // records of the page handed out, for listings without ordered ids
	mode  idMode
	known bool // with after == 0: nothing was handed out before (not a bare next link)
	done  bool

	// The fetched page at the position, if any (its records are the
	// Pager's buf).
	fetched bool
	next    string // its next link

	ided   bool                // the records have integer ids (Pager.idOf is set)
	sorted bool                // the listing asks for order=id(asc)
	prev   int64               // the highest id seen since the position was set
	empty  int                 // empty pages in a row
	seen   map[uint64]struct{} // hashes of next links followed, to catch loops
}

// idMode says how a pager knows what it has handed out.
type idMode int

const (
	modeUnknown idMode = iota // no record seen yet
	modeIDs                   // by the last id handed out; ids must rise
	modeCount                 // by how many records of the page were handed out
)

// newPager starts a pager at path with the first page's query, which
// holds the page size and order (opList adds their defaults), and
// the call's options, which every page carries.
func newPager[T any](c *Client, path string, q url.Values, cc callConfig) *Pager[T] {
	first := &request{method: http.MethodGet, path: path, query: q}
	first.apply(cc)
	idOf := idReader[T]()
	return &Pager[T]{pageWalk: pageWalk{
		c:      c,
		first:  first,
		known:  true,
		ided:   idOf != nil,
		sorted: q.Get("order") == "id(asc)",
		seen:   map[uint64]struct{}{},
	}, idOf: idOf}
}

// List pages through any list endpoint as T: path is relative to the API
// base ("activities.json"), resource names the catalog the fields are
// checked against ("Activity"), and query holds the endpoint's filters
// (not modified). It is the paging counterpart of [Client.Do]: for walking
// many resources alike (see [Operations]), or for records as Clio sent
// them with T = json.RawMessage. Without a fields option it asks for the
// resource's [DefaultFields], as the resource's service does. The pager
// asks for DefaultPageSize records a page unless query sets "limit". A
// limit outside the endpoint's range, like a bad fields selection, is
// refused as the pager is built: [Pager.Err] reports it at once, and the
// pager sends nothing.
func List[T any](c *Client, path, resource string, query url.Values, opts ...CallOption) *Pager[T] {
	return opList[T](service{c}, path, resource, DefaultFields(resource), listShapeOf(path), maps.Clone(query), nil, opts)
}

// errPager returns a pager whose first fetch fails with err (a bad fields
// selection, say), so List can keep its one-value signature.
func errPager[T any](err error) *Pager[T] { return &Pager[T]{pageWalk: pageWalk{err: err}} }

// Paging integrity errors. Each comes as a [*PagingError], which names the
// last good id.
var (
	// ErrPagingLoop: Clio handed back a next link the pager had already
	// followed.
	ErrPagingLoop = errors.New("clio: paging loop: a next link repeated")
	// ErrPagingOrder: under order=id(asc) a record's id was not above the
	// one before it (a page served twice, a cycle, ids going backwards), or
	// a record had no integer id.
	ErrPagingOrder = errors.New("clio: paging: record ids out of order")
	// ErrPagingStalled: too many empty pages in a row, each with a next
	// link.
	ErrPagingStalled = errors.New("clio: paging: empty pages")
	// ErrCursorExpired: Clio refused a next link or a saved cursor with 400
	// or 410. It does not match [ErrGone] or [ErrBadRequest]: the API
	// version and the query are fine, only the position is lost. When the
	// pager knows the last id it handed out, it moves to the start of the
	// listing and skips ids up to that one, so calling it again (or saving
	// [Pager.Cursor] and resuming from it) goes on with nothing lost or
	// repeated, at the cost of re-reading the pages before.
	ErrCursorExpired = errors.New("clio: paging cursor expired")
)

// PagingError is a broken page sequence or an expired cursor. It matches
// one of [ErrPagingLoop], [ErrPagingOrder], [ErrPagingStalled] or
// [ErrCursorExpired]. The page that broke the sequence was not handed out,
// so LastID is where the records handed out end. Its text holds ids and
// counts only, never a URL, query or record data.
type PagingError struct {
	Err    error  // the sentinel
	LastID int64  // the last id handed out, in order; 0 if none or not known
	Status int    // for ErrCursorExpired, Clio's HTTP status (400 or 410)
	Detail string // what broke, and for an expired cursor how to go on
}

// Error names the failure, the last good id and what to do.
func (e *PagingError) Error() string {
	s := e.Err.Error()
	if e.LastID > 0 {
		s += fmt.Sprintf(" (last good id %d)", e.LastID)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel. For an expired cursor the API error is not
// in the chain, so that it does not match ErrGone ("unknown API version").
func (e *PagingError) Unwrap() error { return e.Err }

// broken builds a PagingError at the pager's position.
func (p *pageWalk) broken(sentinel error, detail string, args ...any) error {
	return &PagingError{Err: sentinel, LastID: p.after, Detail: fmt.Sprintf(detail, args...)}
}

// Resume makes the pager continue from cursor, a value of [Pager.Cursor]
// saved earlier, or a bare next link as Clio gave it (the cursor format of
// earlier versions). An empty cursor changes nothing, so a new pager given
// an empty saved cursor starts from the beginning.
//
// The cursor is checked before anything is sent. It must be an absolute
// URL under the client's API base URL (else the refusal wraps a
// [*ForeignHostError]), and it must come from the same listing: a cursor
// of [Pager.Cursor] names the listing it was made for (path, parameters,
// fields and page size), and a bare next link must have the same path and
// no parameter that differs from the pager's. Anything else (garbage, a
// cursor of another list, or of the same list with other parameters or
// fields) is refused with an [*ArgumentError]: the pager keeps it, and
// [Pager.Err], NextPage and All return it at once.
func (p *Pager[T]) Resume(cursor string) *Pager[T] {
	p.resumeAt(cursor)
	p.dropPage()
	return p
}

// dropPage lets go of the records of a page the pager no longer holds.
func (p *Pager[T]) dropPage() {
	if !p.fetched {
		p.buf = nil
	}
}

// resumeAt is Resume: a refused cursor becomes the pager's error.
func (p *pageWalk) resumeAt(cursor string) {
	if cursor == "" || p.err != nil {
		return
	}
	if err := p.resume(cursor); err != nil {
		p.err = err
	}
}

// resume checks cursor and moves the pager to it.
func (p *pageWalk) resume(cursor string) error {
	// A cursor is a page URL, with a fragment (never sent) naming the
	// listing ("list=<key>") and saying how much of that page was handed
	// out: "after=<last id>" or "skip=<count>".
	at, frag, _ := strings.Cut(cursor, "#")
	notCursor := argError("cursor", "it is not a value of Pager.Cursor nor a next link")
	pos, err := url.ParseQuery(frag)
	if err != nil {
		return notCursor
	}
	for k, vs := range pos {
		if (k != "after" && k != "skip" && k != "list") || len(vs) != 1 {
			return notCursor
		}
	}
	u, err := url.Parse(at)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return notCursor
	}
	if !p.c.isAPIURL(u) {
		return &ArgumentError{Param: "cursor", Problem: "it points outside the API base URL", Err: &ForeignHostError{URL: redactURL(u)}}
	}
	if list, ok := pos["list"]; ok {
		if list[0] != p.listKey() {
			return argError("cursor", "it was made for another listing (another list, or other parameters, fields or page size)")
		}
	} else if !p.sameListing(u) {
		return argError("cursor", "its next link is for another listing (another list, or other parameters or fields)")
	}
	after, aerr := strconv.ParseInt(pos.Get("after"), 10, 64)
	skip, serr := strconv.Atoi(pos.Get("skip"))
	switch {
	case !pos.Has("after") && !pos.Has("skip"):
		p.setPosition(at, 0, 0, modeUnknown, false)
	case aerr == nil && after > 0 && !pos.Has("skip"):
		if !p.sorted || !p.ided {
			return argError("cursor", "it counts records by id, but this listing is not in order=id(asc) with integer ids")
		}
		p.setPosition(at, after, 0, modeIDs, true)
	case serr == nil && skip > 0 && !pos.Has("after"):
		p.setPosition(at, 0, skip, modeCount, true)
	default:
		return notCursor
	}
	return nil
}

// listKey names the pager's listing in its cursors: a hash of its first
// page's path and query (filters, fields, page size and order), so that a
// cursor is only taken back by a pager of the same listing.
func (p *pageWalk) listKey() string {
	if p.key == "" {
		u, err := p.c.resolve(p.first)
		if err != nil {
			return ""
		}
		h := fnv.New64a()
		h.Write([]byte(u.EscapedPath() + "?" + u.RawQuery))
		p.key = strconv.FormatUint(h.Sum64(), 16)
	}
	return p.key
}

// sameListing reports whether a bare next link u can belong to the
// pager's listing: the same path (".json" or not: Clio's links have
// shown both), and no query parameter but page_token whose values differ
// from the first page's. Clio's links may leave parameters out.
func (p *pageWalk) sameListing(u *url.URL) bool {
	first, err := p.c.resolve(p.first)
	if err != nil {
		return false
	}
	if strings.TrimSuffix(u.Path, ".json") != strings.TrimSuffix(first.Path, ".json") {
		return false
	}
	mine := first.Query()
	for k, vs := range u.Query() {
		if k == "page_token" {
			continue
		}
		if want, ok := mine[k]; ok && !slices.Equal(slices.Sorted(slices.Values(vs)), slices.Sorted(slices.Values(want))) {
			return false
		}
	}
	return true
}

// Err returns the fault that keeps the pager from sending anything, found
// without I/O: a page size outside the list's range or a bad fields
// selection (found when the pager was built, by List), or a cursor
// [Pager.Resume] refused. Each is an [*ArgumentError]. NextPage and All
// return the same error at once, before any request; nil means the pager
// may fetch. Check it right after List to report a bad call where it was
// made.
func (p *pageWalk) Err() error { return p.err }

// ResumeAfter makes the pager start the listing from its first page and
// skip every record with an id up to lastID: the way on after an
// [ErrCursorExpired] whose position the pager could not recover (a bare
// next link saved by an earlier version), given the last id you processed.
// It re-reads the pages before that id. It needs order=id(asc) and records
// with integer ids; a zero lastID starts from the beginning.
func (p *Pager[T]) ResumeAfter(lastID int64) *Pager[T] {
	p.resumeAfter(lastID)
	p.dropPage()
	return p
}

// resumeAfter is ResumeAfter: a refusal becomes the pager's error.
func (p *pageWalk) resumeAfter(lastID int64) {
	switch {
	case p.err != nil:
	case !p.sorted || !p.ided:
		p.err = argError("ResumeAfter", "needs a listing in order=id(asc) of records with integer ids")
	case lastID < 0:
		p.err = argError("ResumeAfter", "the id must not be negative")
	case lastID == 0:
		p.setPosition("", 0, 0, modeUnknown, true)
	default:
		p.setPosition("", lastID, 0, modeIDs, true)
	}
}

// setPosition moves the pager and forgets the page it held: what follows
// is a new walk as far as loops and order are concerned.
// (Its records go with the next dropPage or fetch.)
func (p *pageWalk) setPosition(at string, after int64, taken int, mode idMode, known bool) {
	p.at, p.after, p.taken, p.mode, p.known, p.done = at, after, taken, mode, known, false
	p.fetched, p.next = false, ""
	p.prev, p.empty = 0, 0
	p.seen = map[uint64]struct{}{}
}

// Cursor returns where the pager stands, as a string to save: the URL of
// the page it is in, with a fragment naming the listing and recording how
// much of that page was handed out. It is "" before anything was handed out and after the last
// page. Saved at any point, even after breaking out of [Pager.All] in the
// middle of a page, it lets a later [Pager.Resume] go on with the next
// record not handed out. It carries Clio's page_token but no credentials.
func (p *pageWalk) Cursor() string {
	if p.done || p.err != nil {
		return ""
	}
	at := p.at
	if at == "" {
		if p.after == 0 && p.taken == 0 {
			return ""
		}
		u, err := p.c.resolve(p.first)
		if err != nil {
			return ""
		}
		at = u.String()
	}
	at += "#list=" + p.listKey()
	switch {
	case p.mode == modeIDs && p.after > 0:
		return at + "&after=" + strconv.FormatInt(p.after, 10)
	case p.mode == modeCount && p.taken > 0:
		return at + "&skip=" + strconv.Itoa(p.taken)
	}
	return at
}

// More reports whether another page may follow.
func (p *pageWalk) More() bool { return !p.done }

// NextPage returns the records of the next page, fetching it if needed;
// after a break out of [Pager.All] in the middle of a page, it returns the
// rest of that page. A page may be empty while More still reports true.
// After the last page it returns nil and More reports false. On error the
// pager stays where it was, so the call can be repeated (for
// [ErrCursorExpired], see there).
func (p *Pager[T]) NextPage(ctx context.Context) ([]T, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.done {
		return nil, nil
	}
	if !p.fetched {
		if err := p.fetch(ctx); err != nil {
			return nil, err
		}
	}
	return p.handOut(len(p.buf)), nil
}

// All returns an iterator over every record from here to the end. It stops
// at the first error, which it yields with a zero T; breaking out of the
// loop stops fetching, and a later All, NextPage or Resume(Cursor())
// continues with the first record not yet handed out.
func (p *Pager[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for !p.done {
			if p.err != nil {
				var zero T
				yield(zero, p.err)
				return
			}
			if !p.fetched {
				if err := p.fetch(ctx); err != nil {
					var zero T
					yield(zero, err)
					return
				}
			}
			if len(p.buf) == 0 {
				p.handOut(0)
				continue
			}
			if !yield(p.handOut(1)[0], nil) {
				return
			}
		}
	}
}

// handOut takes the first n records of the held page and moves the
// position past them; past the page's last record it moves to the next
// page.
func (p *Pager[T]) handOut(n int) []T {
	out := p.buf[:n:n]
	p.buf = p.buf[n:]
	var last int64
	if p.mode == modeIDs && n > 0 {
		last, _ = p.idOf(&out[n-1])
	}
	p.handedOut(n, last, len(p.buf) == 0)
	p.dropPage()
	return out
}

// handedOut moves the position past n records handed out, the last with
// id last (under modeIDs); pageDone moves it to the next page.
func (p *pageWalk) handedOut(n int, last int64, pageDone bool) {
	p.taken += n
	if p.mode == modeIDs && n > 0 {
		p.after = last
	}
	if pageDone {
		p.at, p.taken, p.fetched = p.next, 0, false
		p.done = p.next == ""
	}
}

// fetch gets the page at the position and holds the records of it not yet
// handed out. A page that breaks the sequence is not held.
func (p *Pager[T]) fetch(ctx context.Context) error {
	resp, err := p.get(ctx)
	if err != nil {
		p.dropPage()
		return err
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
		return err
	}
	from, err := p.admit(len(page.Data), page.Meta.Paging.Next, func(i int) (int64, bool) {
		if p.idOf == nil {
			return 0, false
		}
		return p.idOf(&page.Data[i])
	})
	if err != nil {
		return err
	}
	p.buf = page.Data[from:]
	return nil
}

// get requests the page at the position, after checking it was not
// followed before.
func (p *pageWalk) get(ctx context.Context) (*http.Response, error) {
	r := p.first
	if p.at != "" {
		if _, dup := p.seen[linkKey(p.at)]; dup {
			return nil, p.broken(ErrPagingLoop, "")
		}
		// Next pages carry the call's extra headers, metadata capture,
		// retries and timeouts too.
		r = &request{method: http.MethodGet, path: p.at, header: p.first.header, meta: p.first.meta, limits: p.first.limits}
	}
	resp, err := p.c.send(ctx, r)
	if err != nil {
		return nil, p.expired(err)
	}
	return resp, nil
}

// admit checks a fetched page of n records (idOf reads the i-th one's id)
// and takes it as the held page; it returns the index of its first record
// not yet handed out. Under order=id(asc) every id must be above the one
// before; ids up to the last one handed out belong to a page fetched again
// (after a Resume or an expired cursor) and are skipped. Otherwise the
// first records already handed out from this page are skipped by count.
func (p *pageWalk) admit(n int, next string, idOf func(i int) (int64, bool)) (int, error) {
	if n == 0 && next != "" && p.empty+1 >= maxEmptyPages {
		return 0, p.broken(ErrPagingStalled, "%d in a row, each with a next link", p.empty+1)
	}
	if p.mode == modeUnknown && n > 0 {
		p.mode = modeCount
		if _, ok := idOf(0); ok && p.sorted {
			p.mode = modeIDs
		}
	}
	from := min(p.taken, n)
	if p.mode == modeIDs {
		prev := p.prev
		from = 0
		for i := range n {
			id, ok := idOf(i)
			if !ok {
				return 0, p.broken(ErrPagingOrder, "a record after id %d has no integer id", prev)
			}
			if id <= prev {
				return 0, p.broken(ErrPagingOrder, "id %d came after id %d under order=id(asc)", id, prev)
			}
			prev = id
			if id <= p.after {
				from = i + 1
			}
		}
		p.prev = prev
	}
	if n == 0 {
		p.empty++
	} else {
		p.empty = 0
	}
	if p.at != "" {
		p.seen[linkKey(p.at)] = struct{}{}
	}
	p.fetched, p.next = true, next
	return from, nil
}

// expired turns a 400 or 410 on a next link or saved cursor into
// ErrCursorExpired: the first page answered, so the version and query are
// fine and only the position is refused. When ids are ordered and the last
// one handed out is known, the pager moves to the start of the listing,
// skipping ids up to it.
func (p *pageWalk) expired(err error) error {
	var apiErr *APIError
	if p.at == "" || !errors.As(err, &apiErr) ||
		apiErr.StatusCode != http.StatusBadRequest && apiErr.StatusCode != http.StatusGone {
		return err
	}
	e := &PagingError{Err: ErrCursorExpired, LastID: p.after, Status: apiErr.StatusCode}
	if !p.sorted || !p.ided || p.mode == modeCount || p.after == 0 && !p.known {
		e.Detail = fmt.Sprintf("HTTP %d on a next link; the pager cannot tell what it handed out before: "+
			"start the listing again, or call ResumeAfter with the last id you processed", apiErr.StatusCode)
		return e
	}
	e.Detail = fmt.Sprintf("HTTP %d on a next link; the pager now starts the listing again and skips ids up to %d: "+
		"call it again, or save Cursor() and Resume from it", apiErr.StatusCode, p.after)
	mode := modeIDs
	if p.after == 0 {
		mode = modeUnknown
	}
	p.setPosition("", p.after, 0, mode, true)
	return e
}

// idReader returns how to read a record's integer id, or nil when T has
// none: T is json.RawMessage (the id must be a JSON integer) or a struct
// with an integer ID field. A CompositeID is not read: Clio types those
// ids as strings and does not promise they sort as numbers.
func idReader[T any]() func(*T) (int64, bool) {
	if _, ok := any((*T)(nil)).(*json.RawMessage); ok {
		return func(rec *T) (int64, bool) { return rawID(*any(rec).(*json.RawMessage)) }
	}
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return nil
	}
	f, ok := t.FieldByName("ID")
	if !ok || len(f.Index) != 1 {
		return nil
	}
	switch f.Type.Kind() {
	case reflect.Int, reflect.Int32, reflect.Int64:
		i := f.Index[0]
		return func(rec *T) (int64, bool) {
			id := reflect.ValueOf(rec).Elem().Field(i).Int()
			return id, id > 0
		}
	}
	return nil
}

// rawID reads a raw record's id when it is a positive JSON integer.
func rawID(b json.RawMessage) (int64, bool) {
	var rec struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(b, &rec) != nil {
		return 0, false
	}
	id, err := strconv.ParseInt(string(rec.ID), 10, 64)
	return id, err == nil && id > 0
}

// linkKey hashes a next link, so loop detection costs 8 bytes a page.
func linkKey(link string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(link))
	return h.Sum64()
}
