package cliotest

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestComputedTable holds computedFields to what it claims: each entry
// names a field of its record and says what the fake answers; a generic
// record's computed fields have a computation; a hand-modelled record's
// are answered by its attr method (not the not-modelled null); a field
// answered 501 has no computation.
func TestComputedTable(t *testing.T) {
	s, err := Start(InMemory())
	require.NoError(t, err)
	defer s.Close()
	d := s.Demo()
	hand := map[string]node{
		"Matter":        s.matters.rows[d.JaneDoeMatterID],
		"Contact":       s.contacts.rows[d.JaneDoeID],
		"CalendarEntry": s.entries.rows[d.IntakeCallEntryID],
		"Document":      s.documents.rows[d.PoliceReportDocumentID],
	}
	for record, fields := range computedFields {
		require.Contains(t, specRecords, record)
		for name, f := range fields {
			assert.Contains(t, specRecords[record], name, "%s.%s is not a field of the record", record, name)
			if f.no != "" {
				assert.Empty(t, f.how, "%s.%s: a field answered 501 is not computed", record, name)
				assert.Nil(t, f.fn, "%s.%s", record, name)
				continue
			}
			assert.NotEmpty(t, f.how, "%s.%s: say what the fake answers", record, name)
			if !handRecords[record] {
				assert.NotNil(t, f.fn, "%s.%s: a generic record's field needs its computation", record, name)
				continue
			}
			assert.Nil(t, f.fn, "%s.%s: a hand-modelled record computes in its attr method", record, name)
			n := hand[record]
			require.NotNil(t, n, "no demo %s to check", record)
			_, ok := n.attr(s, name)
			assert.True(t, ok, "%s.%s is in the table but its attr method does not answer it", record, name)
		}
	}
}

func TestCents(t *testing.T) {
	for in, want := range map[string]string{
		"300": "300.00", "2.345": "2.35", "-2.345": "-2.35", "0.005": "0.01", "-0.005": "-0.01",
		"0.004999": "0.00", "55.5555555": "55.56", "1e2": "100.00", "0.1": "0.10",
	} {
		x, ok := ratOf(json.RawMessage(in))
		require.True(t, ok, in)
		assert.Equal(t, json.Number(want), money(x), in)
	}
	third := new(big.Rat).SetFrac64(200, 3) // 66.666…
	assert.Equal(t, json.Number("66.67"), money(third))
}

func TestRatOf(t *testing.T) {
	for _, in := range []string{`12.10`, `"12.10"`, `-3`, `1.5e3`} {
		_, ok := ratOf(json.RawMessage(in))
		assert.True(t, ok, in)
	}
	for _, in := range []string{``, `null`, `"abc"`, `"1/3"`, `1e999999`, `"0x1p4"`, `true`, `"NaN"`} {
		_, ok := ratOf(json.RawMessage(in))
		assert.False(t, ok, in)
	}
}
