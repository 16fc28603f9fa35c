package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	rows    []row
	matters map[string]int64 // display number -> matter id
	users   map[string]int64 // name or email as written (lower case) -> user id
}

// resolve finds every matter once by its display number and every user by
// name or email (one list of the firm's users), and reports every row whose
// matter or user is not in the firm. Nothing is written.
func (im *importer) resolve(ctx context.Context, rows []row) (*resolved, error) {
	res := &resolved{rows: rows, matters: map[string]int64{}, users: map[string]int64{}}
	byName := map[string][]int64{}
	for u, err := range im.c.Users.List(clio.UserListParams{}, clio.Fields("name", "email")).All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("listing the firm's users: %w", err)
		}
		for _, k := range []string{u.Name, u.Email} {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				byName[k] = append(byName[k], u.ID)
			}
		}
	}
	var bad []error
	for _, r := range rows {
		key := strings.ToLower(r.User)
		switch ids := byName[key]; len(ids) {
		case 1:
			res.users[key] = ids[0]
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
// the sheet's timekeepers and days: one paged list per timekeeper.
func (im *importer) imported(ctx context.Context, res *resolved) (map[string]bool, error) {
	first, last := span(res.rows)
	keys := map[string]bool{}
	done := map[int64]bool{}
	for _, uid := range res.users {
		if done[uid] {
			continue
		}
		done[uid] = true
		params := clio.ActivityListParams{UserID: uid, Type: clio.ActivityTypeTimeEntry, StartDate: first, EndDate: last}
		for a, err := range im.c.Activities.List(params, clio.Fields("reference")).All(ctx) {
			if err != nil {
				return nil, fmt.Errorf("reading the entries already in Clio: %w", err)
			}
			if strings.HasPrefix(a.Reference, keyPrefix) {
				keys[a.Reference] = true
			}
		}
	}
	return keys, nil
}

// write creates the entries not yet imported, one request each, paced by
// the client's rate limiter. A write whose outcome is unknown (a dropped
// connection, a timeout, a 5xx) is not resent: the next run finds it by
// its key if Clio applied it, and writes it if not.
func (im *importer) write(ctx context.Context, res *resolved, already map[string]bool) (summary, error) {
	var s summary
	last := time.Now()
	for i, r := range res.rows {
		if already[r.Key] {
			s.Skipped++
		} else if err := im.create(ctx, res, r); err != nil {
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
		if im.progress > 0 && time.Since(last) >= im.progress && i+1 < len(res.rows) {
			last = time.Now()
			fmt.Fprintf(im.out, "%d/%d entries: %d created, %d skipped, %d failed\n", i+1, len(res.rows), s.Created, s.Skipped, s.Failed+s.Unknown)
		}
	}
	return s, nil
}

// create writes one time entry, tagged with its import key.
func (im *importer) create(ctx context.Context, res *resolved, r row) error {
	body := clio.ActivityCreate{
		Type:      clio.ActivityTypeTimeEntry,
		Date:      r.Date,
		Matter:    clio.Set(clio.Ref{ID: res.matters[r.Matter]}),
		User:      clio.Set(clio.Ref{ID: res.users[strings.ToLower(r.User)]}),
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
