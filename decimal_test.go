package clio

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecimalSumIsExact: 10,000 entries of 0.10, decoded from JSON numbers
// as Clio sends them, add up to exactly 1000.00; the same sum in float64
// drifts, which is why money is not a float.
func TestDecimalSumIsExact(t *testing.T) {
	var sum Decimal
	var fsum float64
	for range 10_000 {
		var a Activity
		require.NoError(t, json.Unmarshal([]byte(`{"id":1,"total":0.10}`), &a))
		sum = sum.Add(a.Total)
		fsum += 0.10
	}
	assert.Equal(t, "1000.00", sum.String())
	assert.True(t, sum.Equal(NewDecimal(1000, 0)))
	assert.NotEqual(t, 1000.0, fsum, "float64 drifts (if this ever holds, the test above proves less)")
}

func TestDecimalJSON(t *testing.T) {
	cases := []struct{ in, text string }{
		{`12.50`, "12.50"},   // a JSON number, digits kept
		{`"12.50"`, "12.50"}, // money Clio types as a string
		{`1250`, "1250"},     // money Clio types as an integer
		{`-0.01`, "-0.01"},   //
		{`1e2`, "100"},       // exponent form, exact
		{`0.1000000000000000055511151231257827`, "0.1000000000000000055511151231257827"}, // no float step
		{`null`, "0"},
		{`""`, "0"},
	}
	for _, c := range cases {
		var d Decimal
		require.NoError(t, json.Unmarshal([]byte(c.in), &d), c.in)
		assert.Equal(t, c.text, d.String(), c.in)
	}
	b, err := json.Marshal(struct {
		Amount Decimal `json:"amount"`
	}{MustDecimal("250.00")})
	require.NoError(t, err)
	assert.Equal(t, `{"amount":250.00}`, string(b), "encodes as a JSON number, not a string")

	for _, bad := range []string{`"abc"`, `"NaN"`, `"Infinity"`, `1e999999999`, `true`, `"1/3"`,
		`12345678901234567890123456789012345678901`, `9e40`, `1e-41`} {
		var d Decimal
		assert.Error(t, json.Unmarshal([]byte(bad), &d), bad)
	}
}

func TestDecimalArithmetic(t *testing.T) {
	rate, hours := MustDecimal("350.00"), MustDecimal("1.5")
	assert.Equal(t, "525.000", rate.Mul(hours).String(), "the places add up: 2 + 1")
	assert.Equal(t, "525.00", rate.Mul(hours).Round(2).String())
	assert.Equal(t, "2.35", MustDecimal("2.345").Round(2).String(), "halves away from zero")
	assert.Equal(t, "-2.35", MustDecimal("-2.345").Round(2).String())
	assert.Equal(t, "3.00", MustDecimal("3").Round(2).String())
	assert.Equal(t, "-0.05", MustDecimal("0.10").Sub(MustDecimal("0.15")).String())
	assert.Equal(t, -1, MustDecimal("-0.05").Sign())
	assert.Equal(t, "0.05", MustDecimal("-0.05").Neg().String())
	assert.True(t, MustDecimal("1.0").Equal(MustDecimal("1.00")))
	assert.Equal(t, 1, MustDecimal("1.01").Cmp(MustDecimal("1.001")))
	assert.Equal(t, 0, big.NewRat(1, 8).Cmp(MustDecimal("0.125").Rat()))
	assert.InDelta(t, 0.125, MustDecimal("0.125").Float64(), 0)
	assert.True(t, Decimal{}.IsZero())
	assert.Panics(t, func() { MustDecimal("12,50") })
}

func TestRatio(t *testing.T) {
	var r Ratio
	require.NoError(t, json.Unmarshal([]byte(`"1/3"`), &r))
	assert.Equal(t, 0, big.NewRat(1, 3).Cmp(r.Rat()))
	b, _ := json.Marshal(r)
	assert.Equal(t, `"1/3"`, string(b))
	require.NoError(t, json.Unmarshal([]byte(`33.3`), &r))
	assert.Equal(t, 0, big.NewRat(333, 10).Cmp(r.Rat()))
	b, _ = json.Marshal(r)
	assert.Equal(t, `33.3`, string(b))
	assert.Error(t, json.Unmarshal([]byte(`"one third"`), &r))
	assert.Error(t, json.Unmarshal([]byte(`"1e99999"`), &r), "no exponent blow-up")

	// The matter custom rate that carries it decodes in a record.
	var m PolymorphicCustomRateBase
	require.NoError(t, json.Unmarshal([]byte(`{"rate":"1/3","award":1500.00}`), &m))
	assert.Equal(t, "1/3", m.Rate.String())
	assert.Equal(t, "1500.00", m.Award.String())
}

func FuzzDecimalUnmarshal(f *testing.F) {
	for _, s := range []string{`12.50`, `"3"`, `-1e-40`, `null`, `"1/3"`, `9e39`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Decimal
		if json.Unmarshal([]byte(s), &d) != nil {
			return
		}
		// Whatever decoded re-encodes and decodes to the same number, in
		// bounded text.
		b, err := json.Marshal(d)
		require.NoError(t, err)
		require.LessOrEqual(t, len(b), 2*maxDecimalDigits+4)
		var back Decimal
		require.NoError(t, json.Unmarshal(b, &back))
		require.True(t, d.Equal(back), "%s -> %s", s, b)
	})
}
