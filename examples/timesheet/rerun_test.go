package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSheet writes a sheet to a file of the test's and returns its path.
func writeSheet(t *testing.T, sheet string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "sheet.csv")
	require.NoError(t, os.WriteFile(file, []byte(sheet), 0o600))
	return file
}

// emailSheet is the sample with every timekeeper written by email instead
// of by name.
func emailSheet(t *testing.T) string {
	t.Helper()
	s := strings.ReplaceAll(string(sample), "Daniel Kim", "daniel.kim@sterlingvance.example")
	s = strings.ReplaceAll(s, "Rosa Alvarez", "rosa.alvarez@sterlingvance.example")
	require.NotEqual(t, string(sample), s)
	return writeSheet(t, s)
}

// secondDanielKim adds a second user named Daniel Kim to the firm.
func secondDanielKim(t *testing.T, srv *cliotest.Server) {
	t.Helper()
	_, err := srv.Seed("User", map[string]any{"first_name": "Daniel", "last_name": "Kim",
		"email": "daniel.kim2@sterlingvance.example", "subscription_type": "Attorney", "rate": 300})
	require.NoError(t, err)
}

// Issue 17, item 6 ("done when"): a run, then a second user of the same
// name joins, the tool asks for emails, and the same sheet with emails
// creates nothing.
func TestTheSameSheetWithEmailsInsteadOfNamesCreatesNothing(t *testing.T) {
	srv, c := fake(t)
	ctx := context.Background()
	s, _, err := importFile(t, ctx, c, "")
	require.NoError(t, err)
	require.Equal(t, summary{Created: sampleRows}, s)

	secondDanielKim(t, srv)
	srv.ResetLog()
	_, _, err = importFile(t, ctx, c, "")
	require.ErrorContains(t, err, "several users have that name; use the email")
	assert.Zero(t, writes(srv))

	srv.ResetLog()
	s, log, err := importFile(t, ctx, c, emailSheet(t))
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: sampleRows}, s, "nothing is billed twice")
	assert.Contains(t, log, "8 imported before")
	assert.Zero(t, writes(srv))
	assert.Equal(t, sampleRows, len(timeEntries(t, c)))
}

// importAsV1 writes the sheet's entries as the versions before issue 17
// did: the same bodies, each tagged with the key given for it.
func importAsV1(t *testing.T, c *clio.Client, sheet string, keys []string) {
	t.Helper()
	rows, err := readSheet(strings.NewReader(sheet))
	require.NoError(t, err)
	require.Len(t, keys, len(rows))
	im := &importer{c: c, out: &bytes.Buffer{}}
	res, err := im.resolve(context.Background(), rows)
	require.NoError(t, err)
	for i := range res.entries {
		res.entries[i].Key = keys[i]
		require.NoError(t, im.create(context.Background(), res.entries[i]))
	}
}

// Entries imported by the versions before issue 17 carry keys made of the
// names as typed. They are still recognised: with the sheet as it was, and
// with its names changed to emails after a namesake joined.
func TestEntriesImportedByEarlierVersionsAreNotImportedAgain(t *testing.T) {
	srv, c := fake(t)
	ctx := context.Background()
	importAsV1(t, c, string(sample), sampleKeysV1)
	require.Equal(t, sampleRows, len(timeEntries(t, c)))

	srv.ResetLog()
	s, _, err := importFile(t, ctx, c, "")
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: sampleRows}, s, "the sheet as it was")
	assert.Zero(t, writes(srv))

	secondDanielKim(t, srv)
	srv.ResetLog()
	s, _, err = importFile(t, ctx, c, emailSheet(t))
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: sampleRows}, s, "the sheet with emails")
	assert.Zero(t, writes(srv))
	assert.Equal(t, sampleRows, len(timeEntries(t, c)))
}

// Identical entries written once by name and once by email by an earlier
// version are two entries: a sheet of three such entries by email adds the
// third only, and a rerun adds nothing.
func TestIdenticalEntriesOfEarlierVersionsAreCountedOnce(t *testing.T) {
	srv, c := fake(t)
	ctx := context.Background()
	const head = "date,matter,user,hours,description\n"
	const byName = "2026-11-02,00001-Doe,Daniel Kim,1,Call\n"
	const byEmail = "2026-11-02,00001-Doe,daniel.kim@sterlingvance.example,1,Call\n"
	rows, err := readSheet(strings.NewReader(head + byName))
	require.NoError(t, err)
	importAsV1(t, c, head+byName+byEmail, []string{
		keyV1(rows[0], "daniel kim", 1),
		keyV1(rows[0], "daniel.kim@sterlingvance.example", 1),
	})

	file := writeSheet(t, head+byEmail+byEmail+byEmail)
	srv.ResetLog()
	s, _, err := importFile(t, ctx, c, file)
	require.NoError(t, err)
	assert.Equal(t, summary{Created: 1, Skipped: 2}, s)
	assert.Equal(t, 1, writes(srv))

	srv.ResetLog()
	s, _, err = importFile(t, ctx, c, file)
	require.NoError(t, err)
	assert.Equal(t, summary{Skipped: 3}, s)
	assert.Zero(t, writes(srv))
	assert.Equal(t, 3, len(timeEntries(t, c)))
}
