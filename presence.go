package clio

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Clio returns only the fields a request names (FACTS §2), so a field that
// reads as zero may be zero or may never have been sent. Every generated
// model records, while it decodes, which of its fields the answer carried;
// its Has method answers from that record. The record is a bit per field,
// kept in the model itself: no allocation, and it is not encoded.

// presence is the set of a model's fields an answer carried: bit i stands
// for the model's i-th field name in sorted order (its ...JSONFields list);
// the generator refuses a model of more than 128 fields.
type presence [2]uint64

// has reports whether field (a JSON name from names) is in p.
func (p *presence) has(names []string, field string) bool {
	i, ok := slices.BinarySearch(names, field)
	return ok && p[i/64]&(1<<(i%64)) != 0
}

// scanPresence returns the set of names that are keys of the JSON object b.
// b has already been decoded without error, so it is valid JSON; a value
// that is not an object yields the empty set.
func scanPresence(b []byte, names []string) presence {
	var p presence
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return p
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return p // '}' or the end
		}
		start := i + 1
		var escaped bool
		i, escaped = skipString(b, i)
		key := b[start : i-1]
		if escaped {
			var s string
			if json.Unmarshal(b[start-1:i], &s) == nil {
				key = []byte(s)
			}
		}
		if k := fieldIndex(names, key); k >= 0 {
			p[k/64] |= 1 << (k % 64)
		}
		i = skipSpace(b, i)
		i++ // ':'
		i = skipValue(b, skipSpace(b, i))
		i = skipSpace(b, i)
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
}

// fieldIndex is the position of key in the sorted names, or -1. It
// compares bytes to strings without converting (no allocation).
func fieldIndex(names []string, key []byte) int {
	lo, hi := 0, len(names)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if names[m] < string(key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(names) && names[lo] == string(key) {
		return lo
	}
	return -1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"',
// and whether it holds an escape. It jumps from quote to quote
// (bytes.IndexByte is vectorised); a quote after an odd run of backslashes
// is escaped and the search goes on.
func skipString(b []byte, i int) (int, bool) {
	escaped := false
	for i++; i < len(b); {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b), escaped
		}
		j := i + q
		n := 0
		for k := j - 1; k >= i && b[k] == '\\'; k-- {
			n++
		}
		if n > 0 || bytes.IndexByte(b[i:j], '\\') >= 0 {
			escaped = true
		}
		if n%2 == 0 {
			return j + 1, escaped
		}
		i = j + 1
	}
	return i, escaped
}

// skipValue returns the index after the JSON value starting at b[i].
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			i, _ = skipString(b, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
