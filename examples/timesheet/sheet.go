package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	clio "github.com/clio-sdk/clio-go"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
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

// maxSheetBytes bounds the file read, so a wrong file fails fast.
const maxSheetBytes = 64 << 20

// maxTextErrors bounds the lines named when the text is bad: a sheet in
// another encoding can be wrong on every line.
const maxTextErrors = 20

// loadSheet reads the whole sheet, decodes it from the encoding named enc
// (a WHATWG label: utf-8 when empty), refuses text that is not good
// UTF-8, and parses it with readSheet.
func loadSheet(r io.Reader, enc string) ([]row, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSheetBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSheetBytes {
		return nil, fmt.Errorf("larger than %d MiB: split the file", maxSheetBytes>>20)
	}
	text, err := decodeSheet(data, enc)
	if err != nil {
		return nil, err
	}
	return readSheet(bytes.NewReader(text))
}

// lookupEncoding finds an encoding by its WHATWG label (utf-8,
// windows-1252, iso-8859-1, shift_jis...; "" is utf-8) and returns it with
// its canonical name.
func lookupEncoding(label string) (encoding.Encoding, string, error) {
	if strings.TrimSpace(label) == "" {
		label = "utf-8"
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", fmt.Errorf("unknown encoding %q (want a name such as utf-8 or windows-1252)", label)
	}
	name, err := htmlindex.Name(e)
	if err != nil {
		return nil, "", fmt.Errorf("unknown encoding %q (want a name such as utf-8 or windows-1252)", label)
	}
	return e, name, nil
}

// decodeSheet turns the sheet's bytes into UTF-8 text from the encoding
// named enc, and refuses, naming every line (up to maxTextErrors), text
// that is not valid UTF-8 or holds U+FFFD: the replacement character is
// what text read in the wrong encoding becomes (a Windows-1252 "Müller"
// read as UTF-8 is "M\ufffdller"), and it would be written to Clio as is.
func decodeSheet(data []byte, enc string) ([]byte, error) {
	e, name, err := lookupEncoding(enc)
	if err != nil {
		return nil, err
	}
	if name != "utf-8" {
		if data, err = e.NewDecoder().Bytes(data); err != nil {
			return nil, fmt.Errorf("decoding the sheet from %s: %w", name, err)
		}
	}
	var bad []error
	invalid, more := false, 0
	for line, rest := 1, data; len(rest) > 0; line++ {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		var problem string
		switch {
		case !utf8.Valid(l):
			invalid = true
			problem = "not valid UTF-8"
		case bytes.ContainsRune(l, utf8.RuneError):
			problem = "holds U+FFFD, the mark of text read in the wrong encoding"
		default:
			continue
		}
		if len(bad) < maxTextErrors {
			bad = append(bad, rowError{line, problem})
		} else {
			more++
		}
	}
	if len(bad) == 0 {
		return data, nil
	}
	if more > 0 {
		bad = append(bad, fmt.Errorf("and %d more lines", more))
	}
	if invalid {
		bad = append(bad, errors.New("the sheet is not UTF-8: save it as CSV UTF-8, or name its encoding with -encoding (Excel on Windows: -encoding windows-1252)"))
	} else {
		bad = append(bad, fmt.Errorf("the sheet was read as %s: fix the text, or name its encoding with -encoding", name))
	}
	return nil, errors.Join(bad...)
}

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

// keyEntries gives each entry its import key. The key names an entry by
// what it says once resolved, not by how the sheet wrote it nor where it
// stands in the file: the timekeeper's and the matter's ids, the day, the
// seconds, the note and the rate. Writing a timekeeper by name or by
// email, or the name in another case, gives the same key, so a run can
// tell the entries an earlier run made. The n-th identical entry of a
// sheet gets its own key (two equal entries on one day are two entries).
func keyEntries(entries []entry) {
	seen := map[string]int{} // identical entries so far
	for i := range entries {
		e := &entries[i]
		e.same = strings.Join([]string{"v2", e.Date.String(), strconv.FormatInt(e.MatterID, 10), strconv.FormatInt(e.UserID, 10),
			strconv.FormatInt(e.Seconds, 10), e.Description, e.Rate.Rat().RatString()}, "\x1f")
		seen[e.same]++
		e.Key = hashKey(e.same, seen[e.same])
	}
}

// keyV1 is the import key the versions before keyEntries gave the n-th
// identical row of a sheet whose timekeeper was written as user (lower
// case): a hash of the names as written. It is kept to recognise the
// entries those versions imported; see [done].
func keyV1(r row, user string, n int) string {
	return hashKey(strings.Join([]string{r.Date.String(), r.Matter, user,
		strconv.FormatInt(r.Seconds, 10), r.Description, r.Rate.Rat().RatString()}, "\x1f"), n)
}

// hashKey is the import key of the n-th entry saying content.
func hashKey(content string, n int) string {
	sum := sha256.Sum256([]byte(content + "\x1f" + strconv.Itoa(n)))
	return keyPrefix + hex.EncodeToString(sum[:12])
}

// span returns the first and last day of the entries.
func span(entries []entry) (first, last clio.Date) {
	for i, r := range entries {
		if i == 0 || r.Date.Before(first) {
			first = r.Date
		}
		if i == 0 || r.Date.After(last) {
			last = r.Date
		}
	}
	return first, last
}
