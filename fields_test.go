package clio

import (
	"context"
	"testing"
	"time"

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
		_, err := getOne[struct{}](context.Background(), s, "matters/1.json", "Matter", fs, FieldSet{}, nil)
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		p := list[struct{}](s, "matters.json", "Matter", fs, FieldSet{}, nil)
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
	for _, s := range []string{"id,etag", "client{id,name}", "a{b{c}}", "x,,y", "{", "}", "a{b},c{d,e}", " a , b "} {
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
