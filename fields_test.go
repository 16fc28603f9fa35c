package clio

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFieldsRendering(t *testing.T) {
	fs := Fields("display_number", Nested("client", "id", "name"), "display_number", "id")
	q, err := fs.query("Matter")
	require.NoError(t, err)
	assert.Equal(t, "id,etag,display_number,client{id,name}", q, "id and etag first, duplicates dropped")

	q, err = FieldSet{}.query("Matter")
	require.NoError(t, err)
	assert.Equal(t, "id,etag", q)
	assert.Equal(t, Field("client"), Nested("client"), "an association without braces")
}

func TestFieldsValidationErrorsNameFieldAndResource(t *testing.T) {
	for _, tc := range []struct {
		field  Field
		reason string
	}{
		{"displaynumber", `has no field "displaynumber"`},
		{Nested("client", "nonexistent"), `has no field "nonexistent"`},
		{"client{account{id}}", "one level of nesting"},
		{Nested("display_number", "id"), "not an association"},
		{"client{id", "unbalanced"},
		{"Display Number", "not a field name"},
		{"client{}", "not a field name"},
	} {
		t.Run(string(tc.field), func(t *testing.T) {
			err := Fields(tc.field).Validate("Matter")
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Contains(t, fe.Error(), tc.reason)
			if fe.Resource != "" {
				assert.Equal(t, "Matter", fe.Resource)
				assert.Contains(t, fe.Error(), "Matter")
			}
		})
	}
	var fe *FieldError
	require.ErrorAs(t, Fields("id").Validate("NoSuchResource"), &fe)
}

func TestInvalidFieldsSendNothing(t *testing.T) {
	c, mt := newTestClient(t)
	s := service{c: c}
	for _, fs := range []FieldSet{Fields("displaynumber"), Fields("client{account{id}}")} {
		_, err := opDo[struct{}](context.Background(), s, http.MethodGet, "matters/1.json", "Matter", FieldSet{}, nil, nil, []CallOption{fs})
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		p := opList[struct{}](s, "matters.json", "Matter", FieldSet{}, listShapeOf("matters.json"), nil, nil, []CallOption{fs})
		_, err = p.NextPage(context.Background())
		require.ErrorAs(t, err, &fe)
	}
	assert.Equal(t, 0, mt.GetTotalCallCount(), "a bad selection never leaves the process")
}

func TestParseFieldsRoundTrip(t *testing.T) {
	fs, err := ParseFields("id,etag, client{id, name},status")
	require.NoError(t, err)
	assert.Equal(t, "id,etag,client{id,name},status", fs.String())
	_, err = ParseFields("client{id,account{name}}")
	require.Error(t, err)
}

func TestFieldsFor(t *testing.T) {
	type slimClient struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	type slimMatter struct {
		ID            int64       `json:"id"`
		DisplayNumber string      `json:"display_number,omitempty"`
		Client        *slimClient `json:"client"`
		OpenDate      Date        `json:"open_date"`
		CreatedAt     time.Time   `json:"created_at"`
		Ignored       string      `json:"-"`
		unexported    string
	}
	fs := FieldsFor[slimMatter]()
	assert.Equal(t, "id,etag,display_number,client{id,name},open_date,created_at", fs.String())
	_ = slimMatter{}.unexported
}

func FuzzParseFields(f *testing.F) {
	for _, s := range []string{"id,etag", "client{id,name}", "a{b{c}}", "x,y", "{", "}", "a{b},c{d,e}", " a , b ", "?a,b{?c}", "?a{b}", "??a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := ParseFields(s)
		if err != nil {
			return
		}
		// Whatever parses renders to a selection that parses to itself.
		again, err := ParseFields(fs.String())
		require.NoError(t, err)
		assert.Equal(t, fs.String(), again.String())
		_ = fs.Validate("Matter") // must not panic
	})
}

// TestUncheckedFieldIsSentAndMarked: a field newer than the spec (the
// calendar entry "redacted" flag of 4.0.12) can be requested through
// Unchecked; it is sent without its mark and stays marked in the selection
// (issue 10 item 19).
func TestUncheckedFieldIsSentAndMarked(t *testing.T) {
	require.Error(t, Fields("redacted").Validate("CalendarEntry"), "the catalog does not know redacted")

	fs := Fields("summary", Unchecked("redacted"), Nested("matter", "id", Unchecked("new_flag")))
	assert.Equal(t, []Field{"summary", "?redacted", "matter{id,?new_flag}"}, fs.Entries(), "marked in the selection")
	assert.Equal(t, "id,etag,summary,redacted,matter{id,new_flag}", fs.String())

	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("GET", testBaseURL+"/calendar_entries/5.json", func(r *http.Request) (*http.Response, error) {
		sent = r.URL.Query().Get("fields")
		return httpmock.NewStringResponse(200, `{"data":{"id":"5","redacted":true}}`), nil
	})
	got, err := opDo[struct {
		ID       CompositeID `json:"id"`
		Redacted bool        `json:"redacted"`
	}](context.Background(), service{c: c}, http.MethodGet, "calendar_entries/5.json", "CalendarEntry", FieldSet{}, nil, nil, []CallOption{fs})
	require.NoError(t, err)
	assert.Equal(t, "id,etag,summary,redacted,matter{id,new_flag}", sent, "sent without the mark")
	assert.True(t, got.Redacted)

	// The known names around an unchecked one are still checked.
	var fe *FieldError
	require.ErrorAs(t, Fields(Unchecked("redacted"), "sumary").Validate("CalendarEntry"), &fe)
	assert.Equal(t, "summary", fe.Suggestion)
	require.ErrorAs(t, Fields(Nested("matter", "dispaly_number", Unchecked("x"))).Validate("CalendarEntry"), &fe)

	// ParseFields reads the mark too.
	parsed, err := ParseFields("summary,?redacted,matter{id,?new_flag}")
	require.NoError(t, err)
	assert.Equal(t, fs.Entries(), parsed.Entries())
}

// TestUncheckedFieldSyntaxIsChecked: an unchecked name is one snake_case
// name, so it cannot inject braces, commas or other text into the fields
// parameter; nothing is sent.
func TestUncheckedFieldSyntaxIsChecked(t *testing.T) {
	c, mt := newTestClient(t)
	for _, f := range []Field{
		Unchecked("a,b"),
		Unchecked("x{id}"),
		Unchecked("x}"),
		Unchecked(""),
		Unchecked("Redacted"),
		Unchecked("red acted"),
		Unchecked("x&limit=1"),
		Unchecked("?x"),
		Nested("matter", "id", Unchecked("a}")),
		Nested("matter", "id", Unchecked("a{b}")),
	} {
		t.Run(string(f), func(t *testing.T) {
			_, err := opDo[struct{}](context.Background(), service{c: c}, http.MethodGet, "calendar_entries/5.json", "CalendarEntry", FieldSet{}, nil, nil, []CallOption{Fields(f)})
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.ErrorIs(t, err, ErrInvalidArgument)
		})
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

// TestUnknownFieldSuggestsClosest: a misspelt name is an *ArgumentError for
// "fields" that suggests the closest known name (issue 10 item 21).
func TestUnknownFieldSuggestsClosest(t *testing.T) {
	for _, tc := range []struct {
		fs         FieldSet
		suggestion string
	}{
		{Fields("displaynumber"), "display_number"},
		{Fields("display_numbr"), "display_number"},
		{Fields("stauts"), "status"},
		{Fields(Nested("client", "id", "nmae")), "name"},
		{Fields("zzzzzzzz"), ""}, // nothing close
		{Fields("xy"), ""},       // too short to guess from
	} {
		t.Run(tc.fs.String(), func(t *testing.T) {
			err := tc.fs.Validate("Matter")
			require.ErrorIs(t, err, ErrInvalidArgument)
			var ae *ArgumentError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "fields", ae.Param)
			assert.Equal(t, tc.suggestion, ae.Suggestion)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.suggestion, fe.Suggestion)
			if tc.suggestion != "" {
				assert.Contains(t, err.Error(), `did you mean "`+tc.suggestion+`"`)
			} else {
				assert.NotContains(t, err.Error(), "did you mean")
			}
		})
	}
	// Syntax errors are invalid arguments too.
	assert.ErrorIs(t, Fields("client{account{id}}").Validate("Matter"), ErrInvalidArgument)
	_, err := ParseFields("client{id")
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"name", "name", 0},
		{"nmae", "name", 2}, {"displaynumber", "display_number", 1}, {"kitten", "sitting", 3},
	} {
		assert.Equal(t, tc.want, editDistance(tc.a, tc.b), "%s/%s", tc.a, tc.b)
	}
}

// A record without an etag in the catalog (BillableClient) is not asked for
// one: Clio answers 400 InvalidFields to it.
func TestFieldsAddETagOnlyWhereTheRecordHasOne(t *testing.T) {
	q, err := Fields("name").query("BillableClient")
	require.NoError(t, err)
	assert.Equal(t, "id,name", q)
	q, err = Fields("description").query("Matter")
	require.NoError(t, err)
	assert.Equal(t, "id,etag,description", q)
}
