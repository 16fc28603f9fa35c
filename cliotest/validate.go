package cliotest

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Request bodies of generically served operations are checked against the
// operation's request schema, as Clio validates them: a field the schema
// does not declare, a value of the wrong JSON type, a value outside an
// enum, a malformed date, or (on create) a missing required field is a 422
// ValidationError naming the field by its path ("matter.id",
// "line_items[0].price"). null is accepted for any field that is not
// required, since Clio takes null to clear a value.

// checkObject checks a decoded object against sh. creating enforces the
// required fields (a PATCH sends only what changes).
func checkObject(sh *shape, obj map[string]json.RawMessage, path string, creating bool, opID string) error {
	if sh.props == nil {
		return nil // an object the spec leaves open
	}
	if creating {
		for _, r := range sh.required {
			if v, ok := obj[r]; !ok || isNull(v) {
				return invalid("%s can't be blank", join(path, r))
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		p := sh.props[name]
		at := join(path, name)
		if p == nil {
			return invalid("%s is not a field of the %s request body", at, opID)
		}
		if err := checkValue(p, obj[name], at, creating, opID); err != nil {
			return err
		}
	}
	return nil
}

// checkValue checks one value against sh.
func checkValue(sh *shape, v json.RawMessage, at string, creating bool, opID string) error {
	if isNull(v) {
		return nil
	}
	switch sh.t {
	case jAny:
		return nil
	case jString:
		var s string
		if json.Unmarshal(v, &s) != nil {
			return invalid("%s must be a string", at)
		}
		return checkString(sh, s, at)
	case jInteger:
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
			return invalid("%s must be an integer", at)
		}
	case jNumber:
		var f float64
		if v[0] == '"' || json.Unmarshal(v, &f) != nil {
			return invalid("%s must be a number", at)
		}
	case jBoolean:
		if s := string(v); s != "true" && s != "false" {
			return invalid("%s must be true or false", at)
		}
	case jStringOrInteger:
		var s string
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil && json.Unmarshal(v, &s) != nil {
			return invalid("%s must be a string or an integer", at)
		}
	case jArray:
		var elems []json.RawMessage
		if json.Unmarshal(v, &elems) != nil {
			return invalid("%s must be an array", at)
		}
		if sh.items == nil {
			return nil
		}
		for i, e := range elems {
			if err := checkValue(sh.items, e, at+"["+strconv.Itoa(i)+"]", creating, opID); err != nil {
				return err
			}
		}
	case jObject:
		var obj map[string]json.RawMessage
		if json.Unmarshal(v, &obj) != nil || obj == nil {
			return invalid("%s must be an object", at)
		}
		return checkObject(sh, obj, at, creating, opID)
	}
	return nil
}

// checkString checks a string's enum and date format.
func checkString(sh *shape, s, at string) error {
	if len(sh.enum) > 0 && !slices.Contains(sh.enum, s) {
		return invalid("%s must be one of %s", at, strings.Join(sh.enum, ", "))
	}
	switch sh.format {
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return invalid("%s must be a date (YYYY-MM-DD)", at)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return invalid("%s must be an ISO-8601 timestamp", at)
		}
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
