package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// row is one time entry of the sheet, checked for form (its matter and
// user are names here; they are resolved against the firm later).
type row struct {
	Line        int       // the line of the CSV file, for messages
	Date        clio.Date // the day worked
	Matter      string    // the matter's display number
	User        string    // the timekeeper's name or email
	Seconds     int64     // hours worked, in seconds (Clio's unit for time entries)
	Description string
	Rate        clio.Decimal // the hourly rate, exact; 0 takes the timekeeper's own
	Key         string       // the entry's import key, sent as its reference
}

// rowError is one bad row: its line and what is wrong. The value itself is
// not repeated (it may be a client's name).
type rowError struct {
	Line    int
	Problem string
}

func (e rowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// columns are the sheet's header, in order; rate may be left out.
var columns = []string{"date", "matter", "user", "hours", "description", "rate"}

// maxRows bounds a sheet, so a wrong file fails fast instead of being held.
const maxRows = 100_000

// readSheet parses the whole sheet and returns its rows, or every problem
// found (each with its line), so that nothing is written unless all of it
// is good.
func readSheet(r io.Reader) ([]row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	rateCol, err := checkHeader(header)
	if err != nil {
		return nil, err
	}
	var rows []row
	var bad []error
	seen := map[string]int{} // identical rows so far, for their keys
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			bad = append(bad, rowError{line, "not valid CSV"})
			continue
		}
		if len(rows)+len(bad) >= maxRows {
			return nil, fmt.Errorf("more than %d rows: split the file", maxRows)
		}
		if isBlank(rec) {
			continue
		}
		rw, err := parseRow(rec, line, rateCol)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		rw.Key = importKey(rw, seen)
		rows = append(rows, rw)
	}
	if len(bad) > 0 {
		return nil, errors.Join(bad...)
	}
	if len(rows) == 0 {
		return nil, errors.New("the sheet has no entries")
	}
	return rows, nil
}

// checkHeader accepts the columns in order, with or without rate, and
// returns whether rate is there.
func checkHeader(h []string) (bool, error) {
	for i := range h {
		h[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h[i], "\ufeff")))
	}
	switch strings.Join(h, ",") {
	case strings.Join(columns, ","):
		return true, nil
	case strings.Join(columns[:5], ","):
		return false, nil
	}
	return false, fmt.Errorf("line 1: the header must be %s (rate may be left out)", strings.Join(columns, ","))
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseRow checks one record's form.
func parseRow(rec []string, line int, rateCol bool) (row, error) {
	want := 5
	if rateCol {
		want = 6
	}
	if len(rec) != want {
		return row{}, rowError{line, fmt.Sprintf("%d columns, want %d", len(rec), want)}
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	rw := row{Line: line, Matter: rec[1], User: rec[2], Description: rec[4]}
	d, err := clio.ParseDate(rec[0])
	if err != nil {
		return row{}, rowError{line, "date: want YYYY-MM-DD"}
	}
	rw.Date = d
	if rw.Matter == "" {
		return row{}, rowError{line, "matter: empty (want the matter's display number)"}
	}
	if rw.User == "" {
		return row{}, rowError{line, "user: empty (want a name or an email)"}
	}
	h, err := strconv.ParseFloat(rec[3], 64)
	if err != nil || math.IsNaN(h) || h <= 0 || h > 24 {
		return row{}, rowError{line, "hours: want a number above 0 and at most 24"}
	}
	if rw.Seconds = int64(math.Round(h * 3600)); rw.Seconds < 1 {
		return row{}, rowError{line, "hours: less than a second"}
	}
	if rw.Description == "" {
		return row{}, rowError{line, "description: empty"}
	}
	if rateCol && rec[5] != "" {
		// 0 is refused rather than read as "no rate": an entry that should
		// not be charged is a no-charge entry, which the sheet cannot say.
		r, err := clio.ParseDecimal(rec[5])
		if err != nil || r.Sign() <= 0 || r.Cmp(clio.NewDecimal(100_000, 0)) > 0 {
			return row{}, rowError{line, "rate: want a number above 0 and at most 100000, or nothing"}
		}
		rw.Rate = r
	}
	return rw, nil
}

// keyPrefix marks the entries this importer made, in their reference.
const keyPrefix = "timesheet:"

// importKey names an entry by what it says, not by where it stands in the
// file: the same entry gets the same key in every run, so a run can tell
// the entries an earlier run made. The n-th identical row of a sheet gets
// its own key (two equal entries on one day are two entries).
func importKey(r row, seen map[string]int) string {
	content := strings.Join([]string{r.Date.String(), r.Matter, strings.ToLower(r.User),
		strconv.FormatInt(r.Seconds, 10), r.Description, r.Rate.Rat().RatString()}, "\x1f")
	seen[content]++
	sum := sha256.Sum256([]byte(content + "\x1f" + strconv.Itoa(seen[content])))
	return keyPrefix + hex.EncodeToString(sum[:12])
}

// span returns the first and last day of the rows.
func span(rows []row) (first, last clio.Date) {
	for i, r := range rows {
		if i == 0 || r.Date.Before(first) {
			first = r.Date
		}
		if i == 0 || r.Date.After(last) {
			last = r.Date
		}
	}
	return first, last
}
