package clio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/mail"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// CustomFieldsService manages custom field definitions (/custom_fields.json)
// and sets custom field values on matters and contacts by the field's name.
// Reach it through [Client.CustomFields].
//
// It keeps a per-client cache of definitions for each parent type (Matter,
// Contact): name -> definition and picklist label -> option id. The cache
// is loaded with one paged list the first time a name is needed, shared by
// concurrent callers, reloaded once when a name is not found, and dropped
// by [CustomFieldsService.Invalidate] and by this service's own Create,
// Update and Delete. A [Client.Clone] starts with an empty cache.
type CustomFieldsService struct {
	service
	flight singleflight.Group
	mu     sync.Mutex
	cache  map[string]*customFieldIndex // by parent type: "Matter" or "Contact"
}

func newCustomFieldsService(s service) *CustomFieldsService {
	return &CustomFieldsService{service: s, cache: map[string]*customFieldIndex{}}
}

// defaultCustomFieldFields is what the CustomFieldsService methods fill when
// no fields are given: name, parent_type, field_type, displayed, deleted,
// required, display_order, created/updated times and picklist_options (id,
// option, deleted_at). The definitions cache loads the same set.
var defaultCustomFieldFields = Fields("name", "parent_type", "field_type", "displayed", "deleted",
	"required", "display_order", "created_at", "updated_at",
	Nested("picklist_options", "id", "option", "deleted_at"))

// cfValueFields is what the value setters read before they write.
var cfValueFields = Fields(Nested("custom_field_values", "id", "value", "custom_field"))

// ---- definitions ----

// CustomFieldListParams filters GET /custom_fields.json. Zero values are
// not sent.
type CustomFieldListParams struct {
	ParentType CustomFieldParentType // Matter or Contact, any case (sent lower case, as the filter wants)
	FieldType  string                // e.g. text_line, picklist, date
	Deleted    Opt[bool]             // Set(true): only definitions deleted for future use
	Query      string                // wildcard on name
	// VisibleAndRequired: Set(true) lists only the definitions that are
	// displayed and required.
	VisibleAndRequired Opt[bool]
	IDs                []int64
	CreatedSince       time.Time
	UpdatedSince       time.Time
	Limit              int // page size, 1-200; 0: DefaultPageSize
}

func (p CustomFieldListParams) values() url.Values {
	q := url.Values{}
	qSetString(q, "parent_type", strings.ToLower(string(p.ParentType)))
	qSetString(q, "field_type", p.FieldType)
	qSetBool(q, "deleted", p.Deleted)
	qSetString(q, "query", p.Query)
	qSetBool(q, "visible_and_required", p.VisibleAndRequired)
	qSetIDs(q, "ids[]", p.IDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	qSetLimit(q, p.Limit)
	return q
}

// PicklistOptionInput is one entry of picklist_options in a custom field
// write: {Option: Set("X")} adds an option, {ID: Set(n), Option: Set("Y")}
// renames one and {ID: Set(n), Deleted: Set(true)} removes one (Clio uses
// _deleted here, not _destroy). Every field is optional in Clio's spec, and
// optional fields are Opt: unset is not sent, Set sends, Null sends null.
type PicklistOptionInput struct {
	ID      Opt[int64]  `json:"id,omitzero"`
	Option  Opt[string] `json:"option,omitzero"`
	Deleted Opt[bool]   `json:"_deleted,omitzero"`
}

// CustomFieldCreate is the body of POST /custom_fields.json. Name,
// FieldType and ParentType are required and plain; FieldType and
// ParentType cannot be changed later. Optional fields are Opt: unset is not
// sent, Set sends, Null sends null.
type CustomFieldCreate struct {
	Name            string                `json:"name"`
	FieldType       CustomFieldFieldType  `json:"field_type"`  // checkbox, contact, currency, date, time, email, matter, numeric, picklist, text_area, text_line or url
	ParentType      CustomFieldParentType `json:"parent_type"` // Matter or Contact (any case; sent capitalised)
	Displayed       Opt[bool]             `json:"displayed,omitzero"`
	Required        Opt[bool]             `json:"required,omitzero"`
	DisplayOrder    Opt[int]              `json:"display_order,omitzero"`
	PicklistOptions []PicklistOptionInput `json:"picklist_options,omitempty"`
}

// CustomFieldUpdate is the body of PATCH /custom_fields/{id}.json. Every
// field is optional, and optional fields are Opt: unset is not sent, Set
// sends, Null sends null.
type CustomFieldUpdate struct {
	Name            Opt[string]           `json:"name,omitzero"`
	Displayed       Opt[bool]             `json:"displayed,omitzero"`
	Required        Opt[bool]             `json:"required,omitzero"`
	DisplayOrder    Opt[int]              `json:"display_order,omitzero"`
	PicklistOptions []PicklistOptionInput `json:"picklist_options,omitempty"`
}

// customFieldTypes are the field types Clio documents.
var customFieldTypes = []string{"checkbox", "contact", "currency", "date", "time", "email", "matter", "numeric", "picklist", "text_area", "text_line", "url"}

// canonicalParent maps matter/contact in any case to Clio's Matter/Contact.
func canonicalParent(p CustomFieldParentType) (string, error) {
	switch strings.ToLower(string(p)) {
	case "matter":
		return "Matter", nil
	case "contact":
		return "Contact", nil
	}
	return "", argError("ParentType", "want Matter or Contact")
}

// fieldTypeSuggestion returns the documented field type that ft spells
// without underscores or in another case ("TextLine", "textline"), or "".
func fieldTypeSuggestion(ft string) string {
	squash := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }
	for _, t := range customFieldTypes {
		if squash(t) == squash(ft) {
			return t
		}
	}
	return ""
}

// List pages through custom field definitions: GET /custom_fields.json
// (CustomField#index).
func (s *CustomFieldsService) List(params CustomFieldListParams, opts ...CallOption) *CustomFieldPager {
	return (*CustomFieldPager)(opList[CustomField](s.service, "custom_fields.json", "CustomField", defaultCustomFieldFields, listShapeOf("custom_fields.json"), params.values(), nil, opts))
}

// Get fetches a custom field definition: GET /custom_fields/{id}.json
// (CustomField#show). With zero fields it fills defaultCustomFieldFields.
func (s *CustomFieldsService) Get(ctx context.Context, id int64, opts ...CallOption) (*CustomField, error) {
	return opDo[CustomField](ctx, s.service, http.MethodGet, idPath("custom_fields", id), "CustomField", defaultCustomFieldFields, nil, nil, opts)
}

// Create adds a custom field definition: POST /custom_fields.json
// (CustomField#create). A missing name, an unknown field type or parent
// type fails with an [*ArgumentError] before anything is sent. It drops the
// definitions cache.
func (s *CustomFieldsService) Create(ctx context.Context, body CustomFieldCreate, opts ...CallOption) (*CustomField, error) {
	if body.Name == "" {
		return nil, argError("Name", "a custom field needs a name")
	}
	if !slices.Contains(customFieldTypes, string(body.FieldType)) {
		return nil, &ArgumentError{Param: "FieldType", Problem: "want one of " + strings.Join(customFieldTypes, ", "),
			Suggestion: fieldTypeSuggestion(string(body.FieldType))}
	}
	parent, err := canonicalParent(body.ParentType)
	if err != nil {
		return nil, err
	}
	body.ParentType = CustomFieldParentType(parent)
	defer s.Invalidate()
	return opDo[CustomField](ctx, s.service, http.MethodPost, "custom_fields.json", "CustomField", defaultCustomFieldFields, nil, body, opts)
}

// Update changes a custom field definition: PATCH /custom_fields/{id}.json
// (CustomField#update) with If-Match: etag, fetched first when empty. A
// stale etag returns [ErrPreconditionFailed]. It drops the definitions
// cache.
func (s *CustomFieldsService) Update(ctx context.Context, id int64, etag string, body CustomFieldUpdate, opts ...CallOption) (*CustomField, error) {
	defer s.Invalidate()
	return opUpdate[CustomField](ctx, s.service, idPath("custom_fields", id), "CustomField", defaultCustomFieldFields, etag, body, opts)
}

// Delete removes a custom field definition: DELETE /custom_fields/{id}.json
// (CustomField#destroy). It drops the definitions cache.
func (s *CustomFieldsService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	defer s.Invalidate()
	return opDelete(ctx, s.service, idPath("custom_fields", id), opts)
}

// ---- the definitions cache ----

// customFieldIndex is the cached view of one parent type's definitions.
type customFieldIndex struct {
	byID    map[int64]*CustomField       // every definition, deleted ones included
	byName  map[string]*CustomField      // exact name
	byFold  map[string][]*CustomField    // lower-cased name
	options map[int64]map[string]int64   // definition id -> lower-cased label -> option id
	ids     map[int64]map[int64]struct{} // definition id -> live option ids

	// gone holds the definition ids ({id, 0}) and picklist option ids
	// ({definition id, option id}) that values named but this index
	// lacked after it was loaded, so they cause no further reloads. Guarded
	// by CustomFieldsService.mu.
	gone map[[2]int64]bool
}

func newCustomFieldIndex(defs []CustomField) *customFieldIndex {
	ix := &customFieldIndex{
		byID:    map[int64]*CustomField{},
		byName:  map[string]*CustomField{},
		byFold:  map[string][]*CustomField{},
		options: map[int64]map[string]int64{},
		ids:     map[int64]map[int64]struct{}{},
		gone:    map[[2]int64]bool{},
	}
	for i := range defs {
		d := &defs[i]
		ix.byID[d.ID] = d
		if d.Deleted {
			continue // deleted for future use: values cannot be set
		}
		if _, dup := ix.byName[d.Name]; !dup {
			ix.byName[d.Name] = d
		}
		low := strings.ToLower(d.Name)
		ix.byFold[low] = append(ix.byFold[low], d)
		labels, ids := map[string]int64{}, map[int64]struct{}{}
		for _, o := range d.PicklistOptions {
			if !o.DeletedAt.IsZero() {
				continue
			}
			if _, dup := labels[strings.ToLower(o.Option)]; !dup {
				labels[strings.ToLower(o.Option)] = o.ID
			}
			ids[o.ID] = struct{}{}
		}
		ix.options[d.ID], ix.ids[d.ID] = labels, ids
	}
	return ix
}

// lookup finds a definition by exact name, or else by a unique
// case-insensitive match.
func (ix *customFieldIndex) lookup(name string) (*CustomField, string) {
	if d, ok := ix.byName[name]; ok {
		return d, ""
	}
	switch m := ix.byFold[strings.ToLower(name)]; len(m) {
	case 0:
		return nil, "no such custom field"
	case 1:
		return m[0], ""
	}
	return nil, "the name matches several custom fields when case is ignored"
}

// unknownName is the error for a name lookup did not find; for a name
// that matches none, it suggests the closest live definition's name (by
// the edit distance [Fields] uses, ignoring case).
func (ix *customFieldIndex) unknownName(parent, name, why string) *CustomFieldError {
	e := &CustomFieldError{ParentType: parent, Name: name, Reason: why, unknown: true}
	if len(ix.byFold[strings.ToLower(name)]) == 0 {
		if low := closestName(strings.ToLower(name), slices.Collect(maps.Keys(ix.byFold))); low != "" {
			e.Suggestion = ix.byFold[low][0].Name
		}
	}
	return e
}

// Invalidate drops the cached definitions of every parent type; the next
// lookup reloads them.
func (s *CustomFieldsService) Invalidate() {
	s.mu.Lock()
	clear(s.cache)
	s.mu.Unlock()
}

// Refresh reloads the definitions of parentType (Matter or Contact) now:
// GET /custom_fields.json?parent_type=... (CustomField#index), every page.
func (s *CustomFieldsService) Refresh(ctx context.Context, parentType CustomFieldParentType) error {
	parent, err := canonicalParent(parentType)
	if err != nil {
		return err
	}
	_, err = s.load(ctx, parent)
	return err
}

// Definition returns the cached definition named name for parentType
// (Matter or Contact), loading the definitions on first use (GET
// /custom_fields.json, CustomField#index) and reloading them once if the
// name is not found. The name matches exactly, or else
// case-insensitively when only one definition matches; deleted definitions
// are never returned. An unknown name is a [*CustomFieldError] that matches
// [ErrUnknownCustomField].
func (s *CustomFieldsService) Definition(ctx context.Context, parentType CustomFieldParentType, name string) (*CustomField, error) {
	parent, err := canonicalParent(parentType)
	if err != nil {
		return nil, err
	}
	ix, err := s.index(ctx, parent, lacksNames([]string{name}))
	if err != nil {
		return nil, err
	}
	d, why := ix.lookup(name)
	if d == nil {
		return nil, ix.unknownName(parent, name, why)
	}
	out := *d
	out.PicklistOptions = slices.Clone(d.PicklistOptions)
	return &out, nil
}

// index returns the definitions of parent, loading them when not cached
// and reloading once when stale reports that a cached index lacks
// something the caller needs (a definition added in Clio since the load).
func (s *CustomFieldsService) index(ctx context.Context, parent string, stale func(*customFieldIndex) bool) (*customFieldIndex, error) {
	s.mu.Lock()
	ix := s.cache[parent]
	s.mu.Unlock()
	if ix == nil || stale(ix) {
		return s.load(ctx, parent)
	}
	return ix, nil
}

// lacksNames reports a cached index that lacks one of names.
func lacksNames(names []string) func(*customFieldIndex) bool {
	return func(ix *customFieldIndex) bool {
		return slices.ContainsFunc(names, func(n string) bool {
			d, _ := ix.lookup(n)
			return d == nil
		})
	}
}

// load fetches every definition of parent with one paged list, shared by
// concurrent callers (the first caller's ctx governs the shared fetch).
func (s *CustomFieldsService) load(ctx context.Context, parent string) (*customFieldIndex, error) {
	v, err, _ := s.flight.Do(parent, func() (any, error) {
		q := url.Values{"parent_type": {strings.ToLower(parent)}}
		var defs []CustomField
		for d, err := range opList[CustomField](s.service, "custom_fields.json", "CustomField", defaultCustomFieldFields, listShapeOf("custom_fields.json"), q, nil, nil).All(ctx) {
			if err != nil {
				return nil, err
			}
			defs = append(defs, d)
		}
		ix := newCustomFieldIndex(defs)
		s.mu.Lock()
		s.cache[parent] = ix
		s.mu.Unlock()
		return ix, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*customFieldIndex), nil
}

// ---- errors ----

// Errors matched by a [*CustomFieldError] with errors.Is.
var (
	ErrUnknownCustomField = errors.New("clio: unknown custom field")
	ErrCustomFieldValue   = errors.New("clio: invalid custom field value")
)

// CustomFieldError reports a custom field name or value the SDK refused
// before sending anything: an unknown name (matches [ErrUnknownCustomField])
// or a value of the wrong type for the field, an empty string included
// (matches [ErrCustomFieldValue]). Like every local refusal it also matches
// [ErrInvalidArgument], and errors.As finds the [*ArgumentError] it wraps.
// It names the field but never quotes the value.
type CustomFieldError struct {
	ParentType string // Matter or Contact
	Name       string // the name as the caller gave it
	FieldType  string // the definition's field type; empty for an unknown name
	Reason     string
	Suggestion string // for an unknown name, the closest defined name; "" if none is close
	unknown    bool
}

// Error names the parent type, the field and the reason, and for an
// unknown name the closest defined one.
func (e *CustomFieldError) Error() string {
	if e.unknown {
		s := fmt.Sprintf("clio: %s custom field %q: %s", e.ParentType, e.Name, e.Reason)
		if e.Suggestion != "" {
			s += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
		}
		return s
	}
	return fmt.Sprintf("clio: %s custom field %q (%s): %s", e.ParentType, e.Name, e.FieldType, e.Reason)
}

// Is matches ErrUnknownCustomField or ErrCustomFieldValue.
func (e *CustomFieldError) Is(target error) bool {
	if e.unknown {
		return target == ErrUnknownCustomField
	}
	return target == ErrCustomFieldValue
}

// Unwrap returns the refusal as an [*ArgumentError] whose Param names the
// field, so errors.Is(err, ErrInvalidArgument) holds.
func (e *CustomFieldError) Unwrap() error {
	return &ArgumentError{Param: fmt.Sprintf("%s custom field %q", e.ParentType, e.Name), Problem: e.Reason, Suggestion: e.Suggestion}
}

// ---- values ----

// CustomFieldValueInput is one entry of custom_field_values in a matter or
// contact write, following Clio's nested-attribute rules: {ID, Value}
// updates an existing value through its composite id ("text_line-1"),
// {CustomField, Value} adds a value for a definition that has none, and
// {ID, Destroy: Set(true)} removes one. The value is always a string in
// Clio's encoding; the Set*Values helpers and MatterCreate.CustomFields
// build these entries from Go values by field name. The same entry serves
// creates and updates, where every field is optional, so every field is
// Opt: unset is not sent, Set sends, Null sends null.
type CustomFieldValueInput struct {
	ID          Opt[CompositeID] `json:"id,omitzero"`           // sent as a string, as Clio requires
	CustomField Opt[Ref]         `json:"custom_field,omitzero"` // the definition, when adding
	Value       Opt[string]      `json:"value,omitzero"`
	Destroy     Opt[bool]        `json:"_destroy,omitzero"`
}

// cfChange is one resolved name: the definition and the encoded value, or
// clear for a nil value.
type cfChange struct {
	def   *CustomField
	value string
	clear bool
}

// resolve turns values keyed by field name into changes, sorted by name,
// loading definitions as needed. Every unknown name and ill-typed value is
// reported (joined) before anything but the definitions list is sent.
func (s *CustomFieldsService) resolve(ctx context.Context, parent string, values map[string]any) ([]cfChange, error) {
	names := slices.Sorted(maps.Keys(values))
	ix, err := s.index(ctx, parent, lacksNames(names))
	if err != nil {
		return nil, err
	}
	var errs []error
	changes := make([]cfChange, 0, len(names))
	seen := map[int64]string{}
	for _, name := range names {
		def, why := ix.lookup(name)
		if def == nil {
			errs = append(errs, ix.unknownName(parent, name, why))
			continue
		}
		cfe := &CustomFieldError{ParentType: parent, Name: name, FieldType: string(def.FieldType)}
		if other, dup := seen[def.ID]; dup {
			cfe.Reason = fmt.Sprintf("names the same custom field as %q", other)
			errs = append(errs, cfe)
			continue
		}
		seen[def.ID] = name
		v, isClear, why := encodeCustomFieldValue(ix, def, values[name])
		if why != "" {
			cfe.Reason = why
			errs = append(errs, cfe)
			continue
		}
		changes = append(changes, cfChange{def: def, value: v, clear: isClear})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return changes, nil
}

// encodeCustomFieldValue converts a Go value to Clio's string encoding for
// the definition's field type. It returns clear for nil, or a reason the
// value does not fit (which never quotes the value).
func encodeCustomFieldValue(ix *customFieldIndex, def *CustomField, v any) (value string, isClear bool, reason string) {
	if v == nil {
		return "", true, ""
	}
	if s, ok := v.(string); ok && s == "" {
		// Clio would drop an empty value from the entry and change nothing.
		return "", false, "empty string (use nil to clear)"
	}
	ft := string(def.FieldType)
	wrong := func() (string, bool, string) {
		return "", false, fmt.Sprintf("a %T value does not fit a %s field", v, ft)
	}
	switch ft {
	case "date":
		switch x := v.(type) {
		case Date:
			if x.IsZero() {
				return "", false, "zero Date (use nil to clear)"
			}
			return x.String(), false, ""
		case time.Time:
			if x.IsZero() {
				return "", false, "zero time.Time (use nil to clear)"
			}
			return DateOf(x).String(), false, ""
		case string:
			d, err := ParseDate(x)
			if err != nil {
				return "", false, "date strings must be YYYY-MM-DD"
			}
			return d.String(), false, ""
		}
		return wrong()
	case "checkbox":
		if b, ok := v.(bool); ok {
			return strconv.FormatBool(b), false, ""
		}
		return wrong()
	case "numeric", "currency":
		if s, ok := decimalString(v); ok {
			return s, false, ""
		}
		if _, isStr := v.(string); isStr {
			return "", false, "not a decimal number"
		}
		return wrong()
	case "text_line", "text_area", "time":
		if s, ok := v.(string); ok {
			return s, false, ""
		}
		return wrong()
	case "url":
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		if u, err := url.Parse(s); err != nil || u.Scheme == "" || u.Host == "" {
			return "", false, "not an absolute URL"
		}
		return s, false, ""
	case "email":
		s, ok := v.(string)
		if !ok {
			return wrong()
		}
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			return "", false, "not a plain email address"
		}
		return s, false, ""
	case "picklist":
		switch x := v.(type) {
		case string:
			if id, ok := ix.options[def.ID][strings.ToLower(x)]; ok {
				return strconv.FormatInt(id, 10), false, ""
			}
			return "", false, "no picklist option has that label"
		case int, int64:
			id := toInt64(x)
			if _, ok := ix.ids[def.ID][id]; ok {
				return strconv.FormatInt(id, 10), false, ""
			}
			return "", false, "no picklist option has that id"
		}
		return wrong()
	case "contact":
		switch x := v.(type) {
		case int, int64:
			return positiveID(toInt64(x))
		case *Contact:
			if x == nil {
				return "", true, ""
			}
			return positiveID(x.ID)
		case Contact:
			return positiveID(x.ID)
		case *ContactBase:
			if x == nil {
				return "", true, ""
			}
			return positiveID(x.ID)
		}
		return wrong()
	case "matter":
		switch x := v.(type) {
		case int, int64:
			return positiveID(toInt64(x))
		case *Matter:
			if x == nil {
				return "", true, ""
			}
			return positiveID(x.ID)
		case Matter:
			return positiveID(x.ID)
		case *MatterBase:
			if x == nil {
				return "", true, ""
			}
			return positiveID(x.ID)
		}
		return wrong()
	}
	// A field type newer than this SDK: pass strings through.
	if s, ok := v.(string); ok {
		return s, false, ""
	}
	return wrong()
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

func positiveID(id int64) (string, bool, string) {
	if id <= 0 {
		return "", false, "the record id must be positive"
	}
	return strconv.FormatInt(id, 10), false, ""
}

// decimalString formats Go numbers (and numeric strings) as a plain decimal.
func decimalString(v any) (string, bool) {
	switch x := v.(type) {
	case int, int8, int16, int32, int64:
		return strconv.FormatInt(reflect.ValueOf(x).Int(), 10), true
	case uint, uint8, uint16, uint32, uint64:
		return strconv.FormatUint(reflect.ValueOf(x).Uint(), 10), true
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case json.Number:
		return decimalString(string(x))
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", false
		}
		return x, true
	}
	return "", false
}

func formatFloat(f float64, bits int) (string, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, bits), true
}

// addEntries renders changes as add-form entries, for a record being
// created (nothing to update or clear yet).
func addEntries(changes []cfChange) []CustomFieldValueInput {
	out := make([]CustomFieldValueInput, 0, len(changes))
	for _, c := range changes {
		if !c.clear {
			out = append(out, CustomFieldValueInput{CustomField: Set(Ref{ID: c.def.ID}), Value: Set(c.value)})
		}
	}
	return out
}

// cfCurrent is a record's custom field values as read before a write.
type cfCurrent struct {
	ETag              string `json:"etag"`
	CustomFieldValues []struct {
		ID          CompositeID `json:"id"`
		CustomField *struct {
			ID int64 `json:"id"`
		} `json:"custom_field"`
	} `json:"custom_field_values"`
}

// diffEntries decides, per change, between update (the record has a value
// with an id for the definition), add (it has none, or an id-less
// placeholder) and destroy (nil value and an existing value).
func diffEntries(changes []cfChange, cur *cfCurrent) []CustomFieldValueInput {
	existing := map[int64]CompositeID{}
	for _, v := range cur.CustomFieldValues {
		if v.CustomField == nil || v.ID == "" {
			continue
		}
		if _, dup := existing[v.CustomField.ID]; !dup {
			existing[v.CustomField.ID] = v.ID
		}
	}
	var out []CustomFieldValueInput
	for _, c := range changes {
		id, has := existing[c.def.ID]
		switch {
		case c.clear && has:
			out = append(out, CustomFieldValueInput{ID: Set(id), Destroy: Set(true)})
		case c.clear:
			// nothing to clear
		case has:
			out = append(out, CustomFieldValueInput{ID: Set(id), Value: Set(c.value)})
		default:
			out = append(out, CustomFieldValueInput{CustomField: Set(Ref{ID: c.def.ID}), Value: Set(c.value)})
		}
	}
	return out
}

// SetMatterValues sets custom field values on a matter by field name:
// GET /matters/{id}.json?fields=id,etag,custom_field_values{id,value,custom_field}
// then PATCH /matters/{id}.json (Matter#show, Matter#update). See
// [CustomFieldsService.SetContactValues] for the rules; the result carries
// defaultMatterFields.
func (s *CustomFieldsService) SetMatterValues(ctx context.Context, matterID int64, etag string, values map[string]any) (*Matter, error) {
	return setCustomFieldValues[Matter](ctx, s, "Matter", idPath("matters", matterID), etag, values, defaultMatterFields)
}

// SetContactValues sets custom field values on a contact by field name:
// GET /contacts/{id}.json?fields=id,etag,custom_field_values{id,value,custom_field}
// then PATCH /contacts/{id}.json (Contact#show, Contact#update). The result
// carries defaultContactFields.
//
// values maps a custom field's name to a Go value, converted by field type:
// date takes a [Date], a time.Time (its calendar date) or a "YYYY-MM-DD"
// string; checkbox a bool; numeric and currency any Go integer or float, a
// json.Number or a decimal string; text_line, text_area and time a string;
// url an absolute URL string; email a plain address string; picklist an
// option label (case-insensitive) or option id; contact an int64 id,
// [Contact], *Contact or *ContactBase; matter an int64 id, [Matter],
// *Matter or *MatterBase. A nil value clears the field. Unknown names and
// ill-typed values fail with a [*CustomFieldError] before the record is
// read or written.
//
// The record's current values are read first: a field with a value is
// updated through the value's composite id, a field without one is added
// through custom_field{id}, and a cleared one is sent as _destroy. The
// PATCH carries If-Match. With etag empty the etag of that read is used and
// a 412 re-reads and retries, up to 3 attempts; with the caller's etag a
// 412 is returned as [ErrPreconditionFailed] at once, since the record
// changed after the caller's copy.
func (s *CustomFieldsService) SetContactValues(ctx context.Context, contactID int64, etag string, values map[string]any) (*Contact, error) {
	return setCustomFieldValues[Contact](ctx, s, "Contact", idPath("contacts", contactID), etag, values, defaultContactFields)
}

func setCustomFieldValues[T any](ctx context.Context, s *CustomFieldsService, parent, path, etag string, values map[string]any, defaults FieldSet) (*T, error) {
	if len(values) == 0 {
		return nil, argError("values", "no custom field values given")
	}
	changes, err := s.resolve(ctx, parent, values)
	if err != nil {
		return nil, err
	}
	readQ := url.Values{}
	for _, c := range changes {
		readQ.Add("custom_field_ids[]", strconv.FormatInt(c.def.ID, 10))
	}
	return retryStale(etag, func() (*T, error) {
		cur, err := opDo[cfCurrent](ctx, s.service, http.MethodGet, path, parent, FieldSet{}, readQ, nil, []CallOption{cfValueFields})
		if err != nil {
			return nil, err
		}
		entries := diffEntries(changes, cur)
		if len(entries) == 0 { // only clears of fields that hold no value
			return opDo[T](ctx, s.service, http.MethodGet, path, parent, defaults, nil, nil, nil)
		}
		ifMatch := etag
		if ifMatch == "" {
			ifMatch = cur.ETag
		}
		body := struct {
			CustomFieldValues []CustomFieldValueInput `json:"custom_field_values"`
		}{entries}
		return opUpdate[T](ctx, s.service, path, parent, defaults, ifMatch, body, nil)
	})
}

// ---- reading values by name ----

// CustomFieldValuesByName is a record's custom field values read by the
// name of their definition; see [CustomFieldsService.Values].
type CustomFieldValuesByName struct {
	// Values maps a live definition's exact name to its value, typed by
	// the definition's field type:
	//
	//	text_line, text_area, email, url  string
	//	time                              string, as Clio sent it (its format is not documented)
	//	numeric, currency                 float64
	//	date                              [Date]
	//	checkbox                          bool
	//	picklist                          string, the option's label
	//	contact, matter                   int64, the record's id
	//	a type newer than this SDK        string, as Clio sent it
	//
	// A field with no value (null, "" or an id-less placeholder) is absent.
	// Values has the shape SetMatterValues and SetContactValues take, so
	// it can be changed and written back (a picklist label whose option
	// was deleted since is refused there, as any deleted option is).
	Values map[string]any

	// Unread lists every entry that holds a value which could not be read
	// by name, with the reason: its definition is deleted or unknown even
	// after a refresh, the value does not parse for its field type, or the
	// entry lacks custom_field{id}. Nothing with a value is dropped
	// silently.
	Unread []UnreadCustomFieldValue
}

// UnreadCustomFieldValue is a custom field value that
// [CustomFieldsService.Values] could not read by name.
type UnreadCustomFieldValue struct {
	ID        CompositeID          // the value's composite id, e.g. "picklist-77"
	FieldID   int64                // the definition id from custom_field{id}; 0 if the entry had none
	Name      string               // the definition's name when known, else the entry's field_name
	FieldType CustomFieldFieldType // the definition's field type when known, else the entry's field_type
	Reason    string               // why it could not be read; never quotes the value
	Value     json.RawMessage      // the value as Clio sent it
}

// Values reads the custom field values of a parentType (Matter or Contact)
// record by the name of their definitions, with Go-typed values (the table
// is on [CustomFieldValuesByName].Values). values is the record's
// CustomFieldValues as fetched: Matters.Get, Matters.List, Contacts.Get and
// Contacts.List fill them by default; with your own FieldSet request at
// least custom_field_values{id,value,custom_field}.
//
// Definitions come from the client's cache (see [CustomFieldsService]),
// loaded with GET /custom_fields.json (CustomField#index). An
// entry whose definition id, or picklist option id, is not in the cache
// causes one reload, for a field or option added in Clio since the load;
// what is still unknown after it lands in Unread, as do values of deleted
// definitions. An id still unknown is remembered and causes no further
// reloads until the cache is dropped (Invalidate, Refresh, or this
// service's Create, Update and Delete), so reading many records that carry
// a deleted field costs one reload, not one per record. An error is returned only when the definitions cannot be
// loaded or parentType is not Matter or Contact.
//
// Clio does not document the value encoding per field type, so decoding is
// lenient: a number may come as a JSON number or a numeric string, a
// checkbox as true/false, "true"/"false", "1"/"0" or 1/0, an id (picklist
// option, contact, matter) as a number, a numeric string or for contact and
// matter an object with an id, and a date as "YYYY-MM-DD" or an RFC 3339
// timestamp (its date as written). A picklist value whose option was
// deleted still reads as that option's label.
func (s *CustomFieldsService) Values(ctx context.Context, parentType CustomFieldParentType, values []CustomFieldValue) (CustomFieldValuesByName, error) {
	parent, err := canonicalParent(parentType)
	if err != nil {
		return CustomFieldValuesByName{}, err
	}
	ix, err := s.index(ctx, parent, func(ix *customFieldIndex) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return slices.ContainsFunc(values, func(v CustomFieldValue) bool {
			k, lacks := ix.lacks(v)
			return lacks && !ix.gone[k]
		})
	})
	if err != nil {
		return CustomFieldValuesByName{}, err
	}
	// What the fresh (or just checked) index still lacks is remembered, so
	// a value of a deleted definition does not reload the definitions on
	// every read; Invalidate or Refresh forgets it.
	s.mu.Lock()
	for _, v := range values {
		if k, lacks := ix.lacks(v); lacks {
			ix.gone[k] = true
		}
	}
	s.mu.Unlock()
	out := CustomFieldValuesByName{Values: map[string]any{}}
	from := map[string]int64{} // name -> definition id it was read from
	for _, v := range values {
		if valueAbsent(v.Value) && !(v.Value == nil && v.ID != "") {
			// null or "": no value. A value with an id but no value field
			// at all means value was not requested: reported below.
			continue
		}
		un := UnreadCustomFieldValue{ID: v.ID, Name: v.FieldName, FieldType: v.FieldType, Value: v.Value}
		if v.CustomField != nil {
			un.FieldID = v.CustomField.ID
		}
		unread := func(reason string, args ...any) {
			un.Reason = fmt.Sprintf(reason, args...)
			out.Unread = append(out.Unread, un)
		}
		if v.Value == nil {
			unread("the entry has no value: request custom_field_values{value}")
			continue
		}
		if un.FieldID == 0 {
			unread("the entry has no custom_field id: request custom_field_values{custom_field}")
			continue
		}
		def := ix.byID[un.FieldID]
		if def == nil {
			unread("no %s custom field has this id (it may be deleted)", parent)
			continue
		}
		un.Name, un.FieldType = def.Name, def.FieldType
		if def.Deleted || v.SoftDeleted {
			unread("the custom field is deleted")
			continue
		}
		if id, dup := from[def.Name]; dup {
			if id == def.ID {
				unread("a second value for the same custom field")
			} else {
				unread("another custom field has the same name")
			}
			continue
		}
		val, why := decodeCustomFieldValue(def, v.Value)
		if why != "" {
			unread("%s", why)
			continue
		}
		out.Values[def.Name], from[def.Name] = val, def.ID
	}
	return out, nil
}

// lacks reports a value whose definition, or picklist option, is not in
// ix (the reason to reload the definitions) and its key in ix.gone.
func (ix *customFieldIndex) lacks(v CustomFieldValue) ([2]int64, bool) {
	if valueAbsent(v.Value) || v.CustomField == nil || v.CustomField.ID == 0 {
		return [2]int64{}, false
	}
	def := ix.byID[v.CustomField.ID]
	if def == nil {
		return [2]int64{v.CustomField.ID, 0}, true
	}
	if def.FieldType != CustomFieldFieldTypePicklist {
		return [2]int64{}, false
	}
	id, ok := jsonID(v.Value)
	return [2]int64{def.ID, id}, ok && optionLabel(def, id) == ""
}

// valueAbsent reports a value that holds nothing: absent, null or "".
func valueAbsent(raw json.RawMessage) bool {
	t := strings.TrimSpace(string(raw))
	return t == "" || t == "null" || t == `""`
}

// optionLabel returns the label of the picklist option id of def, deleted
// options included, or "".
func optionLabel(def *CustomField, id int64) string {
	for _, o := range def.PicklistOptions {
		if o.ID == id {
			return o.Option
		}
	}
	return ""
}

// jsonKind is the kind of a JSON scalar: jsonOther for objects, arrays,
// null and bad JSON.
type jsonKind int

const (
	jsonOther jsonKind = iota
	jsonString
	jsonNumber
	jsonBool
)

// jsonScalar reads a JSON string, number (its literal text) or boolean as
// text.
func jsonScalar(raw json.RawMessage) (string, jsonKind) {
	var x any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&x) != nil {
		return "", jsonOther
	}
	switch x := x.(type) {
	case string:
		return x, jsonString
	case json.Number:
		return x.String(), jsonNumber
	case bool:
		return strconv.FormatBool(x), jsonBool
	}
	return "", jsonOther
}

// jsonID reads a positive id sent as a number, a numeric string or an
// object with an id.
func jsonID(raw json.RawMessage) (int64, bool) {
	text, kind := jsonScalar(raw)
	if kind == jsonOther {
		var obj struct {
			ID CompositeID `json:"id"`
		}
		if json.Unmarshal(raw, &obj) != nil {
			return 0, false
		}
		text = string(obj.ID)
	}
	id, err := strconv.ParseInt(text, 10, 64)
	return id, err == nil && id > 0
}

// decodeCustomFieldValue converts Clio's value for def to its Go type (see
// CustomFieldValuesByName.Values), or gives a reason it does not parse that
// never quotes the value.
func decodeCustomFieldValue(def *CustomField, raw json.RawMessage) (any, string) {
	text, kind := jsonScalar(raw)
	switch def.FieldType {
	case "text_line", "text_area", "email", "url", "time":
		if kind == jsonString || kind == jsonNumber {
			return text, ""
		}
		return nil, "not a text value"
	case "numeric", "currency":
		f, err := strconv.ParseFloat(text, 64)
		if kind != jsonString && kind != jsonNumber || err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, "not a number"
		}
		return f, ""
	case "date":
		if kind != jsonString {
			return nil, "not a date string"
		}
		if d, err := ParseDate(text); err == nil {
			return d, ""
		}
		if t, err := time.Parse(time.RFC3339, text); err == nil {
			return DateOf(t), "" // the date as written, in the timestamp's own offset
		}
		return nil, "not a date (want YYYY-MM-DD)"
	case "checkbox":
		b, err := strconv.ParseBool(text)
		if kind == jsonOther || err != nil {
			return nil, "not a checkbox value"
		}
		return b, ""
	case "picklist":
		id, ok := jsonID(raw)
		if !ok {
			return nil, "not a picklist option id"
		}
		if label := optionLabel(def, id); label != "" {
			return label, ""
		}
		return nil, "no option of this picklist has this id"
	case "contact", "matter":
		if id, ok := jsonID(raw); ok {
			return id, ""
		}
		return nil, "not a record id"
	}
	if kind == jsonString { // a field type newer than this SDK
		return text, ""
	}
	return nil, fmt.Sprintf("field type %q is not known to this SDK", def.FieldType)
}
