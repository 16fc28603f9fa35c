package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sheet1252 is a sheet saved by Excel on Windows: Windows-1252, where ü is
// the byte 0xFC and € the byte 0x80, with CRLF line ends.
const sheet1252 = "date,matter,user,hours,description\r\n" +
	"2026-11-02,00001-Doe,Daniel Kim,1,Call with Mr M\xfcller\r\n" +
	"2026-11-03,00001-Doe,Daniel Kim,1,Letter\r\n" +
	"2026-11-04,00001-Doe,Daniel Kim,0.5,M\xfcller: fees of \x80200\r\n"

// Issue 17, item 7: a sheet that is not UTF-8 is refused before any
// request, naming its lines and the flag that reads it.
func TestASheetThatIsNotUTF8IsRefusedByLine(t *testing.T) {
	srv, c := fake(t)
	s, _, err := importFile(t, context.Background(), c, writeSheet(t, sheet1252))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "nothing was imported")
	assert.Contains(t, msg, "line 2: not valid UTF-8")
	assert.Contains(t, msg, "line 4: not valid UTF-8")
	assert.NotContains(t, msg, "line 3:")
	assert.Contains(t, msg, "-encoding windows-1252")
	assert.Equal(t, summary{}, s)
	assert.Empty(t, srv.Requests(), "refused before any request")
	assert.Empty(t, timeEntries(t, c))
}

func TestTheEncodingFlagReadsAWindows1252Sheet(t *testing.T) {
	_, c := fake(t)
	var log bytes.Buffer
	s, err := run(context.Background(), c, config{File: writeSheet(t, sheet1252), Encoding: "windows-1252"}, &log)
	require.NoError(t, err, log.String())
	assert.Equal(t, summary{Created: 3}, s)
	var notes []string
	for _, a := range timeEntries(t, c) {
		notes = append(notes, a.Note)
	}
	assert.ElementsMatch(t, []string{"Call with Mr Müller", "Letter", "Müller: fees of €200"}, notes)

	// The same through the command line.
	clearClioEnv(t)
	var stdout, stderr bytes.Buffer
	require.NoError(t, start(context.Background(), []string{"-file", writeSheet(t, sheet1252), "-encoding", "windows-1252"}, nil, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "created 3, skipped 0")
}

func TestTheEncodingFlagNamesAKnownEncoding(t *testing.T) {
	cfg, err := parseFlags(nil, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "utf-8", cfg.Encoding)
	for _, name := range []string{"windows-1252", "latin1", "ISO-8859-1", "cp1252", "utf-8", "shift_jis"} {
		_, err := parseFlags([]string{"-encoding", name}, &bytes.Buffer{})
		assert.NoError(t, err, name)
	}
	_, err = parseFlags([]string{"-encoding", "klingon"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, `-encoding: unknown encoding "klingon"`)
}

// Text already garbled (a replacement character where a letter was) is
// refused too: written to Clio it would stay garbled.
func TestAReplacementCharacterIsRefused(t *testing.T) {
	_, err := loadSheet(strings.NewReader("date,matter,user,hours,description\n2026-11-02,M,U,1,Ok\n2026-11-02,M,U,1,M\ufffdller\n"), "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 3: holds U+FFFD")
	assert.NotContains(t, err.Error(), "line 2:")

	// Bytes a multi-byte encoding cannot decode become U+FFFD: refused.
	_, err = loadSheet(strings.NewReader("date,matter,user,hours,description\n2026-11-02,M,U,1,\x82\n"), "shift_jis")
	assert.ErrorContains(t, err, "line 2: holds U+FFFD")
}

func TestAWhollyWrongSheetNamesItsFirstBadLines(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString("date,matter,user,hours,description\n")
	for i := range 25 {
		fmt.Fprintf(&sheet, "2026-11-02,M,U,1,M\xfcller %d\n", i)
	}
	_, err := loadSheet(strings.NewReader(sheet.String()), "utf-8")
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "line 21: not valid UTF-8")
	assert.NotContains(t, msg, "line 22:")
	assert.Contains(t, msg, "and 5 more lines")

	rows, err := loadSheet(strings.NewReader(sheet.String()), "windows-1252")
	require.NoError(t, err)
	assert.Equal(t, "Müller 0", rows[0].Description)
	assert.Equal(t, clio.NewDate(2026, 11, 2), rows[0].Date)
}
