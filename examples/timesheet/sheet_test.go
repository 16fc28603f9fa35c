package main

import (
	"strconv"
	"strings"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadSheetParsesRows(t *testing.T) {
	rows, err := readSheet(strings.NewReader("\ufeffDate, Matter,User,Hours,Description,Rate\n" +
		"2026-11-02,00001-Doe,maya@x.example,1.5,Reviewed report,350\n" +
		"\n" +
		"2026-11-03,00002-Smith,Daniel Kim,0.25,\"Call, short\",\n"))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, row{Line: 2, Date: clio.NewDate(2026, 11, 2), Matter: "00001-Doe", User: "maya@x.example",
		Seconds: 5400, Description: "Reviewed report", Rate: clio.MustDecimal("350")}, rows[0])
	assert.Equal(t, 4, rows[1].Line, "line numbers count the blank line")
	assert.Equal(t, int64(900), rows[1].Seconds)
	assert.Equal(t, "Call, short", rows[1].Description)
	assert.Zero(t, rows[1].Rate)

	// Without the rate column.
	rows, err = readSheet(strings.NewReader("date,matter,user,hours,description\n2026-11-02,M,U,1,D\n"))
	require.NoError(t, err)
	assert.Zero(t, rows[0].Rate)
}

func TestReadSheetReportsEveryBadRowByLine(t *testing.T) {
	_, err := readSheet(strings.NewReader("date,matter,user,hours,description,rate\n" +
		"2026-11-02,M,U,1,D,\n" + // good
		"2026-13-02,M,U,1,D,\n" +
		"2026-11-02,,U,1,D,\n" +
		"2026-11-02,M,,1,D,\n" +
		"2026-11-02,M,U,0,D,\n" +
		"2026-11-02,M,U,25,D,\n" +
		"2026-11-02,M,U,abc,D,\n" +
		"2026-11-02,M,U,1,,\n" +
		"2026-11-02,M,U,1,D,-5\n" +
		"2026-11-02,M,U,1\n"))
	require.Error(t, err)
	msg := err.Error()
	for line, problem := range map[int]string{3: "date", 4: "matter", 5: "user", 6: "hours", 7: "hours", 8: "hours", 9: "description", 10: "rate", 11: "4 columns"} {
		assert.Contains(t, msg, "line "+strconv.Itoa(line)+": "+problem, msg)
	}
	assert.NotContains(t, msg, "line 2:")
}

func TestReadSheetRefusesAWrongHeaderOrAnEmptySheet(t *testing.T) {
	_, err := readSheet(strings.NewReader("when,matter,user,hours,description\n2026-11-02,M,U,1,D\n"))
	assert.ErrorContains(t, err, "line 1: the header must be date,matter,user,hours,description,rate")
	_, err = readSheet(strings.NewReader("date,matter,user,hours,description\n\n"))
	assert.ErrorContains(t, err, "no entries")
}

// resolveAs resolves rows as resolve would, with users and matters given
// by the name or number as written.
func resolveAs(t *testing.T, sheet string, users, matters map[string]int64) []entry {
	t.Helper()
	rows, err := readSheet(strings.NewReader(sheet))
	require.NoError(t, err)
	entries := make([]entry, len(rows))
	for i, r := range rows {
		entries[i] = entry{row: r, UserID: users[r.User], MatterID: matters[r.Matter]}
		require.NotZero(t, entries[i].UserID, r.User)
		require.NotZero(t, entries[i].MatterID, r.Matter)
	}
	keyEntries(entries)
	return entries
}

func TestImportKeysAreStableAndTellRepeatsApart(t *testing.T) {
	users := map[string]int64{"U": 7, "u": 7, "bob@x.example": 7, "Bob Smith": 8}
	matters := map[string]int64{"M": 21, "N": 22}
	a := resolveAs(t, "date,matter,user,hours,description\n2026-11-02,M,U,1,D\n2026-11-02,M,U,1,D\n2026-11-02,M,U,1,E\n", users, matters)
	b := resolveAs(t, "date,matter,user,hours,description\n\n2026-11-02,M,u,1,E\n2026-11-02,M,bob@x.example,1,D\n2026-11-02,M,U,1,D\n", users, matters)
	assert.NotEqual(t, a[0].Key, a[1].Key, "two identical rows are two entries")
	assert.NotEqual(t, a[0].Key, a[2].Key)
	assert.True(t, strings.HasPrefix(a[0].Key, keyPrefix))
	assert.ElementsMatch(t, []string{a[0].Key, a[1].Key, a[2].Key}, []string{b[0].Key, b[1].Key, b[2].Key},
		"keys depend on what the rows resolve to, not where they stand nor how the user is written")
}

// Issue 17, item 6: the key is made of what the row resolves to (user id,
// matter id, date, seconds, note, rate), not of the names as typed.
func TestImportKeysFollowWhatTheRowResolvesTo(t *testing.T) {
	users := map[string]int64{"Bob Smith": 7, "bob.smith@x.example": 7, "robert@x.example": 8}
	matters := map[string]int64{"M": 21, "N": 22}
	key := func(row string) string {
		return resolveAs(t, "date,matter,user,hours,description,rate\n"+row+"\n", users, matters)[0].Key
	}
	base := key("2026-11-02,M,Bob Smith,1,Call,")
	assert.Equal(t, base, key("2026-11-02,M,bob.smith@x.example,1,Call,"), "the same timekeeper by email")
	assert.Equal(t, base, key("2026-11-02,M,Bob Smith,1.0,Call,"), "the same seconds")
	for name, row := range map[string]string{
		"another timekeeper": "2026-11-02,M,robert@x.example,1,Call,",
		"another matter":     "2026-11-02,N,Bob Smith,1,Call,",
		"another day":        "2026-11-03,M,Bob Smith,1,Call,",
		"other hours":        "2026-11-02,M,Bob Smith,1.5,Call,",
		"another note":       "2026-11-02,M,Bob Smith,1,Call back,",
		"a rate":             "2026-11-02,M,Bob Smith,1,Call,300",
	} {
		assert.NotEqual(t, base, key(row), name)
	}
	assert.Equal(t, key("2026-11-02,M,Bob Smith,1,Call,300"), key("2026-11-02,M,Bob Smith,1,Call,300.00"), "the same rate")
}

// The keys the versions before issue 17 gave the sample's rows (taken from
// that version's importKey): keyV1 must keep making them, or the entries
// those versions imported would be imported again.
var sampleKeysV1 = []string{
	"timesheet:9e5a293698f405f02fea57d7",
	"timesheet:bfaa76cc4caf3f32d6dfff6a",
	"timesheet:78c2d36e97190df1565da964",
	"timesheet:72fb81a0d4a5b555aa70093d",
	"timesheet:5253113e55b76ee17a5143b4",
	"timesheet:251aa0155c92d9e31434d257",
	"timesheet:0c690045b722b298bfaba327",
	"timesheet:8dac974e10153665c9ad2eac",
}

func TestKeyV1MakesTheKeysOfEarlierVersions(t *testing.T) {
	rows, err := readSheet(mustOpen(t, "testdata/sample.csv"))
	require.NoError(t, err)
	require.Len(t, rows, len(sampleKeysV1))
	for i, r := range rows {
		assert.Equal(t, sampleKeysV1[i], keyV1(r, strings.ToLower(r.User), 1), "line %d", r.Line)
	}
}
