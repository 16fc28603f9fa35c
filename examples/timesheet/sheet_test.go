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
		Seconds: 5400, Description: "Reviewed report", Rate: clio.MustDecimal("350"), Key: rows[0].Key}, rows[0])
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

func TestImportKeysAreStableAndTellRepeatsApart(t *testing.T) {
	sheet := "date,matter,user,hours,description\n2026-11-02,M,U,1,D\n2026-11-02,M,U,1,D\n2026-11-02,M,U,1,E\n"
	a, err := readSheet(strings.NewReader(sheet))
	require.NoError(t, err)
	b, err := readSheet(strings.NewReader("date,matter,user,hours,description\n\n2026-11-02,M,u,1,E\n2026-11-02,M,U,1,D\n2026-11-02,M,U,1,D\n"))
	require.NoError(t, err)
	assert.NotEqual(t, a[0].Key, a[1].Key, "two identical rows are two entries")
	assert.NotEqual(t, a[0].Key, a[2].Key)
	assert.True(t, strings.HasPrefix(a[0].Key, keyPrefix))
	assert.ElementsMatch(t, []string{a[0].Key, a[1].Key, a[2].Key}, []string{b[0].Key, b[1].Key, b[2].Key},
		"keys depend on what the rows say, not where they stand or the user's case")
}
