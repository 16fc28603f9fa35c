package clio

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Decimal is an exact decimal number: the type of every money amount the SDK
// reads or sends (totals, balances, prices, rates, trust amounts). It decodes
// a JSON number, a numeric string ("12.50") or an integer without a float
// step, and encodes as a JSON number with the digits it holds (12.50 stays
// 12.50). Sums are exact: ten thousand entries of 0.10 add up to 1000.00.
//
// The zero Decimal is 0. Decimals are values: the methods return new ones
// and never change their receiver. Equal compares numerically (1.0 equals
// 1.00); == compares the representation. Rat converts to a math/big value
// for arithmetic this type does not offer.
//
// It is built on github.com/cockroachdb/apd, with no package-level
// settings: every operation here is exact (no rounding unless Round asks).
type Decimal struct{ d apd.Decimal }

// maxDecimalDigits bounds the digits on each side of the point: money never
// needs more, and a hostile answer such as 1e999999999 must not turn into a
// billion-digit string.
const maxDecimalDigits = 40

// exact is the context of every operation: precision 0 disables rounding.
var exact = apd.BaseContext

// NewDecimal returns coeff × 10^exp: NewDecimal(1050, -2) is 10.50.
func NewDecimal(coeff int64, exp int32) Decimal {
	var d Decimal
	d.d.SetFinite(coeff, exp)
	return d
}

// ParseDecimal parses a decimal number such as "12.50", "-3" or "1.5e2".
// NaN, infinities and values with more than 40 digits before or after the
// point are refused.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	if _, _, err := d.d.SetString(s); err != nil || !d.inBounds() {
		return Decimal{}, fmt.Errorf("clio: invalid decimal %q", truncate(s, 48))
	}
	return d, nil
}

// MustDecimal is ParseDecimal for literals in code: it panics on an invalid
// number, as regexp.MustCompile does.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// inBounds reports whether a is finite with at most 40 digits before the
// point and 40 after it, so its plain text stays under 82 bytes.
func (a Decimal) inBounds() bool {
	if a.d.Form != apd.Finite {
		return false
	}
	intDigits := a.d.NumDigits() + int64(a.d.Exponent)
	return intDigits <= maxDecimalDigits && -int64(a.d.Exponent) <= maxDecimalDigits
}

// op applies an exact binary operation. With rounding disabled and operands
// in bounds, apd reports no condition that changes the value.
func op(f func(d, x, y *apd.Decimal) (apd.Condition, error), a, b Decimal) Decimal {
	var r Decimal
	_, _ = f(&r.d, &a.d, &b.d)
	return r
}

// Add returns a + b, exactly.
func (a Decimal) Add(b Decimal) Decimal { return op(exact.Add, a, b) }

// Sub returns a − b, exactly.
func (a Decimal) Sub(b Decimal) Decimal { return op(exact.Sub, a, b) }

// Mul returns a × b, exactly (the digits after the point add up: 1.5 × 2.25
// is 3.375). Round the product to the currency's places when storing it.
func (a Decimal) Mul(b Decimal) Decimal { return op(exact.Mul, a, b) }

// Neg returns −a.
func (a Decimal) Neg() Decimal {
	var r Decimal
	r.d.Neg(&a.d)
	return r
}

// Round returns a rounded to places digits after the point, halves away
// from zero (2.345 → 2.35, −2.345 → −2.35), the usual rule for invoices.
// Round(2) of 3 is 3.00.
func (a Decimal) Round(places int32) Decimal {
	ctx := exact
	ctx.Rounding = apd.RoundHalfUp
	ctx.Precision = 2*maxDecimalDigits + 8 // Quantize needs room for every digit
	var r Decimal
	if _, err := ctx.Quantize(&r.d, &a.d, -places); err != nil {
		return a
	}
	return r
}

// Cmp compares a and b numerically: -1 if a < b, 0 if equal, +1 if a > b.
func (a Decimal) Cmp(b Decimal) int { return a.d.Cmp(&b.d) }

// Equal reports whether a and b are the same number (1.0 equals 1.00).
func (a Decimal) Equal(b Decimal) bool { return a.Cmp(b) == 0 }

// IsZero reports whether a is zero (0, 0.00 or -0); encoding/json's
// omitzero uses it.
func (a Decimal) IsZero() bool { return a.d.IsZero() }

// Sign returns -1, 0 or +1 as a is negative, zero or positive.
func (a Decimal) Sign() int { return a.d.Sign() }

// String formats a in plain notation with the digits it holds: "12.50",
// "-3", "0.001".
func (a Decimal) String() string { return a.d.Text('f') }

// Rat returns a as an exact big.Rat.
func (a Decimal) Rat() *big.Rat {
	r, _ := new(big.Rat).SetString(a.String())
	return r
}

// Float64 returns the nearest float64, for display or charts; it is not
// exact, so do arithmetic on the Decimal.
func (a Decimal) Float64() float64 {
	f, _ := a.d.Float64()
	return f
}

// MarshalJSON encodes a as a JSON number.
func (a Decimal) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON decodes a JSON number, a string holding one ("12.50"), or
// null and "" (zero).
func (a *Decimal) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*a = Decimal{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	return a.UnmarshalText(b)
}

// MarshalText encodes a as plain decimal text.
func (a Decimal) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses decimal text as ParseDecimal does.
func (a *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Ratio is a number that Clio may send either as a decimal (33.3) or as a
// fraction in a string ("1/3"): a matter's contingency-fee rate. It keeps
// the value as sent; Rat gives it exactly.
type Ratio struct{ text string }

// ParseRatio parses a decimal ("12.5") or a fraction ("1/3").
func ParseRatio(s string) (Ratio, error) {
	if len(s) > 64 {
		return Ratio{}, fmt.Errorf("clio: invalid ratio: %d bytes", len(s))
	}
	if _, ok := new(big.Rat).SetString(s); !ok || strings.ContainsAny(s, "eE") {
		return Ratio{}, fmt.Errorf("clio: invalid ratio %q: want a decimal or a fraction such as 1/3", truncate(s, 48))
	}
	return Ratio{text: s}, nil
}

// Rat returns the ratio as an exact big.Rat (nil for the zero Ratio).
func (r Ratio) Rat() *big.Rat {
	if r.text == "" {
		return nil
	}
	v, _ := new(big.Rat).SetString(r.text)
	return v
}

// IsZero reports whether r holds no value.
func (r Ratio) IsZero() bool { return r.text == "" }

// String returns the value as Clio sent it ("1/3", "33.3").
func (r Ratio) String() string { return r.text }

// MarshalJSON encodes a fraction as a string and a decimal as a number, as
// Clio writes them.
func (r Ratio) MarshalJSON() ([]byte, error) {
	switch {
	case r.text == "":
		return []byte("null"), nil
	case strings.Contains(r.text, "/"):
		return []byte(`"` + r.text + `"`), nil
	}
	return []byte(r.text), nil
}

// UnmarshalJSON decodes a JSON number, a string holding a decimal or a
// fraction, or null.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		*r = Ratio{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	v, err := ParseRatio(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
