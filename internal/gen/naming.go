package main

import (
	"strings"
	"unicode"
)

// initialisms maps a lower-case word of a snake_case name to its Go
// spelling, after the Go review guidance (ID, URL, HTTP...). Words not
// listed are capitalised.
var initialisms = map[string]string{
	"api":   "API",
	"csv":   "CSV",
	"etag":  "ETag",
	"html":  "HTML",
	"http":  "HTTP",
	"https": "HTTPS",
	"id":    "ID",
	"ids":   "IDs",
	"ip":    "IP",
	"json":  "JSON",
	"md5":   "MD5",
	"pdf":   "PDF",
	"qr":    "QR",
	"sms":   "SMS",
	"ssn":   "SSN",
	"ui":    "UI",
	"uri":   "URI",
	"url":   "URL",
	"urls":  "URLs",
	"uuid":  "UUID",
	"vat":   "VAT",
	"xml":   "XML",
}

// goName turns a snake_case property name into an exported Go name:
// put_url -> PutURL, etag -> ETag, client_id -> ClientID, _destroy ->
// Destroy. A name that would start with a digit gets an F prefix.
func goName(snake string) string {
	var b strings.Builder
	for _, w := range splitWords(snake) {
		b.WriteString(word(w))
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "F" + s
	}
	return s
}

// typeName turns a spec schema name into a Go type name. Schema names are
// already CamelCase and are kept as the spec spells them (so type Matter
// matches the catalog key "Matter"): the _base suffix becomes Base and other
// underscores are dropped, e.g. Activity_CalendarEntry_base ->
// ActivityCalendarEntryBase. Names in typeRenames are replaced first.
func typeName(schemaName string) string {
	name, isBase := strings.CutSuffix(schemaName, baseSuffix)
	if r, ok := typeRenames[name]; ok {
		name = r
	}
	var b strings.Builder
	for part := range strings.SplitSeq(name, "_") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	if isBase {
		b.WriteString("Base")
	}
	return b.String()
}

// snakeName turns a CamelCase schema name into the snake_case Clio uses for
// property names: CalendarEntry -> calendar_entry. Underscores in the
// schema name separate words too.
func snakeName(schemaName string) string {
	var b strings.Builder
	for i, r := range schemaName {
		switch {
		case r == '_':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		case unicode.IsUpper(r):
			if i > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// enumConstName names the constant for one enum value: the type name
// followed by the value in Go form. Any run of characters other than
// letters and digits separates words: "in_progress" -> InProgress,
// "activities/show" -> ActivitiesShow, "#367B9C" -> 367B9C, "pdf" -> PDF.
// Words keep their own capitals ("NonAttorney").
func enumConstName(typ, value string) string {
	var b strings.Builder
	for _, w := range splitWords(value) {
		b.WriteString(word(w))
	}
	if b.Len() == 0 {
		b.WriteString("Empty")
	}
	return typ + b.String()
}

// splitWords splits s at every character that is not an ASCII letter or
// digit.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
}

// word spells one word: an initialism when the lower-case word is one,
// otherwise the word with its first letter upper-cased.
func word(w string) string {
	if v, ok := initialisms[w]; ok {
		return v
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// commentWidth is the width comment text is wrapped to, not counting the
// indentation and the "// " marker.
const commentWidth = 76

// comment renders text as // lines wrapped at commentWidth, each line
// prefixed with indent.
func comment(text, indent string) string {
	var b strings.Builder
	line := ""
	flush := func() {
		b.WriteString(indent + "// " + line + "\n")
		line = ""
	}
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > commentWidth {
			flush()
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	if line != "" {
		flush()
	}
	return b.String()
}
