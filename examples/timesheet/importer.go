package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

// summary is what a run did.
type summary struct {
	Created int // entries written
	Skipped int // entries an earlier run had written already
	Failed  int // entries not written; the errors were reported
	Unknown int // writes whose outcome is unknown: run again to settle them
}

// importer writes a sheet's rows as Clio time entries.
type importer struct {
	c        *clio.Client
	out      io.Writer     // progress and problems
	progress time.Duration // how often to report progress
}

// resolved is a sheet whose names are all known in the firm.
type resolved struct {
	entries   []entry
	matters   map[string]int64   // display number -> matter id
	spellings map[int64][]string // user id -> name and email, lower case: what keys of earlier versions hold
}

// entry is a row resolved: the ids its names stand for, and its import key.
type entry struct {
	row
	UserID   int64
	MatterID int64
	Key      string // the import key, sent as the entry's reference
	same     string // what the entry says, resolved: identical entries share it
}

// resolve finds every matter once by its display number and every user by
// name or email (one list of the firm's users), and reports every row whose
// matter or user is not in the firm. Nothing is written.
func (im *importer) resolve(ctx context.Context, rows []row) (*resolved, error) {
	res := &resolved{matters: map[string]int64{}, spellings: map[int64][]string{}}
	byName := map[string][]int64{}
	for u, err := range im.c.Users.List(clio.UserListParams{}, clio.Fields("name", "email")).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("listing the firm's users: %w", err)
		}
		for _, k := range []string{u.Name, u.Email} {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				byName[k] = append(byName[k], u.ID)
				if !slices.Contains(res.spellings[u.ID], k) {
					res.spellings[u.ID] = append(res.spellings[u.ID], k)
				}
			}
		}
	}
	var bad []error
	users := make([]int64, len(rows))
	for i, r := range rows {
		switch ids := byName[strings.ToLower(r.User)]; len(ids) {
		case 1:
			users[i] = ids[0]
		case 0:
			bad = append(bad, rowError{r.Line, "user: no user of the firm has that name or email"})
		default:
			bad = append(bad, rowError{r.Line, "user: several users have that name; use the email"})
		}
		if _, done := res.matters[r.Matter]; done {
			continue
		}
		id, err := im.findMatter(ctx, r.Matter)
		if err != nil {
			return nil, err
		}
		res.matters[r.Matter] = id // 0: not found, reported for each row below
	}
	for _, r := range rows {
		if res.matters[r.Matter] == 0 {
			bad = append(bad, rowError{r.Line, "matter: no matter has that display number"})
		}
	}
	if len(bad) > 0 {
		return nil, errors.Join(bad...)
	}
	res.entries = make([]entry, len(rows))
	for i, r := range rows {
		res.entries[i] = entry{row: r, UserID: users[i], MatterID: res.matters[r.Matter]}
	}
	keyEntries(res.entries)
	return res, nil
}

// findMatter looks a matter up by its display number (one request); 0
// means none has it.
func (im *importer) findMatter(ctx context.Context, number string) (int64, error) {
	p := im.c.Matters.List(clio.MatterListParams{Query: number, Limit: 50}, clio.Fields("display_number"))
	page, err := p.NextPage(ctx)
	if err != nil {
		return 0, fmt.Errorf("looking up a matter: %w", err)
	}
	for _, m := range page {
		if m.DisplayNumber == number {
			return m.ID, nil
		}
	}
	return 0, nil
}

// imported returns the import keys of the entries already in the firm for
// the sheet's timekeepers and days, by timekeeper: one paged list per
// timekeeper.
func (im *importer) imported(ctx context.Context, res *resolved) (map[int64]map[string]bool, error) {
	first, last := span(res.entries)
	keys := map[int64]map[string]bool{}
	for _, e := range res.entries {
		if keys[e.UserID] != nil {
			continue
		}
		keys[e.UserID] = map[string]bool{}
		params := clio.ActivityListParams{UserID: e.UserID, Type: clio.ActivityTypeTimeEntry, StartDate: first, EndDate: last}
		for a, err := range im.c.Activities.List(params, clio.Fields("reference")).All(ctx) {
			if err != nil {
				return nil, fmt.Errorf("reading the entries already in Clio: %w", err)
			}
			if strings.HasPrefix(a.Reference, keyPrefix) {
				keys[e.UserID][a.Reference] = true
			}
		}
	}
	return keys, nil
}

// done tells, for each entry, whether Clio has it already, given the
// import keys of the entries Clio has (by timekeeper).
//
// An entry is there if an entry of its timekeeper carries its key. Entries
// imported by earlier versions carry a key made of the names as written
// in their sheet ([keyV1]): the timekeeper's name or email, the matter's
// display number. Those are recognised by trying the timekeeper's present
// name and email: for k identical entries in the sheet, each spelling with
// each repeat 1..k. Every key found stands for one entry of the group not
// yet accounted for, so an entry written once is never written again, by
// whichever version wrote it, and however its names were written.
func done(res *resolved, have map[int64]map[string]bool) []bool {
	out := make([]bool, len(res.entries))
	groups := map[string][]int{}
	var order []string
	for i, e := range res.entries {
		if groups[e.same] == nil {
			order = append(order, e.same)
		}
		groups[e.same] = append(groups[e.same], i)
	}
	for _, g := range order {
		idx := groups[g]
		e := res.entries[idx[0]]
		keys := have[e.UserID]
		older := 0 // entries of this group imported by earlier versions
		for _, spelling := range res.spellings[e.UserID] {
			for n := 1; n <= len(idx); n++ {
				if keys[keyV1(e.row, spelling, n)] {
					older++
				}
			}
		}
		for _, i := range idx {
			out[i] = keys[res.entries[i].Key]
		}
		for _, i := range idx {
			if !out[i] && older > 0 {
				out[i] = true
				older--
			}
		}
	}
	return out
}

// write creates the entries not yet imported, one request each, paced by
// the client's rate limiter. A write whose outcome is unknown (a dropped
// connection, a timeout, a 5xx) is not resent: the next run finds it by
// its key if Clio applied it, and writes it if not.
func (im *importer) write(ctx context.Context, res *resolved, already []bool) (summary, error) {
	var s summary
	last := time.Now()
	for i, r := range res.entries {
		if already[i] {
			s.Skipped++
		} else if err := im.create(ctx, r); err != nil {
			if ctx.Err() != nil {
				return s, ctx.Err()
			}
			if clio.MayHaveApplied(err) {
				s.Unknown++
				fmt.Fprintf(im.out, "line %d: outcome unknown (%v); run again to settle it\n", r.Line, err)
			} else {
				s.Failed++
				fmt.Fprintf(im.out, "line %d: not imported: %v\n", r.Line, err)
			}
		} else {
			s.Created++
		}
		if im.progress > 0 && time.Since(last) >= im.progress && i+1 < len(res.entries) {
			last = time.Now()
			fmt.Fprintf(im.out, "%d/%d entries: %d created, %d skipped, %d failed\n", i+1, len(res.entries), s.Created, s.Skipped, s.Failed+s.Unknown)
		}
	}
	return s, nil
}

// create writes one time entry, tagged with its import key.
func (im *importer) create(ctx context.Context, r entry) error {
	body := clio.ActivityCreate{
		Type:      clio.ActivityTypeTimeEntry,
		Date:      r.Date,
		Matter:    clio.Set(clio.Ref{ID: r.MatterID}),
		User:      clio.Set(clio.Ref{ID: r.UserID}),
		Quantity:  clio.Set(float64(r.Seconds)),
		Note:      clio.Set(r.Description),
		Reference: clio.Set(r.Key),
	}
	if r.Rate.Sign() > 0 {
		body.Price = clio.Set(r.Rate)
	}
	_, err := im.c.Activities.Create(ctx, body, clio.Fields("reference"))
	return err
}
