package clio

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// ContactsService manages contacts, people and companies
// (/contacts.json). Reach it through [Client.Contacts]. Custom field values
// by name are set through [CustomFieldsService.SetContactValues].
type ContactsService struct{ service }

// defaultContactFields is what the ContactsService methods fill when no
// fields are given: name, first_name, middle_name, last_name, prefix,
// title, type, initials, date_of_birth, primary_email_address,
// primary_phone_number, is_client, created/updated times, company (id,
// name), email_addresses (id, address, name, primary), phone_numbers (id,
// number, name, primary), addresses (id, name, street, city, province,
// postal_code, country, primary) and custom_field_values (id, value,
// field_name, field_type, custom_field).
var defaultContactFields = Fields("name", "first_name", "middle_name", "last_name", "prefix", "title",
	"type", "initials", "date_of_birth", "primary_email_address", "primary_phone_number", "is_client",
	"created_at", "updated_at",
	Nested("company", "id", "name"),
	Nested("email_addresses", "id", "address", "name", "primary"),
	Nested("phone_numbers", "id", "number", "name", "primary"),
	Nested("addresses", "id", "name", "street", "city", "province", "postal_code", "country", "primary"),
	Nested("custom_field_values", "id", "value", "field_name", "field_type", "custom_field"))

// ContactListParams filters GET /contacts.json. Zero values are not sent.
type ContactListParams struct {
	Query             string      // wildcard across names, emails, phones, addresses, custom fields...
	Type              ContactType // Person or Company
	ClientOnly        bool        // only contacts that are clients
	EmailOnly         bool        // only contacts with an email address
	ClioConnectOnly   bool        // only contacts with a Clio Connect account
	Initial           string      // contacts whose name starts with this letter
	SharedResourceID  int64       // contacts a shared resource is shared with
	IDs               []int64
	ExcludeIDs        []int64
	CreatedSince      time.Time
	UpdatedSince      time.Time
	CustomFieldValues []CustomFieldFilter // custom_field_values[<id>]=<op><value>
	CustomFieldIDs    []int64             // limits which custom_field_values come back
	Limit             int                 // page size, 1-200; 0: DefaultPageSize
}

func (p ContactListParams) values() url.Values {
	q := url.Values{}
	qSetString(q, "query", p.Query)
	qSetString(q, "type", string(p.Type))
	qSetTrue(q, "client_only", p.ClientOnly)
	qSetTrue(q, "email_only", p.EmailOnly)
	qSetTrue(q, "clio_connect_only", p.ClioConnectOnly)
	qSetString(q, "initial", p.Initial)
	qSetID(q, "shared_resource_id", p.SharedResourceID)
	qSetIDs(q, "ids[]", p.IDs)
	qSetIDs(q, "exclude_ids[]", p.ExcludeIDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	setCustomFieldFilters(q, p.CustomFieldValues)
	qSetIDs(q, "custom_field_ids[]", p.CustomFieldIDs)
	qSetLimit(q, p.Limit)
	return q
}

// EmailAddressInput is one entry of email_addresses in a contact write.
// Nested-attribute rules: without ID it creates an address, with ID it
// updates that address, and {ID, Destroy: Set(true)} deletes it. Every
// field is optional in Clio's spec, and optional fields are Opt: unset is
// not sent, Set sends, Null sends null.
type EmailAddressInput struct {
	ID      Opt[int64]  `json:"id,omitzero"`
	Name    Opt[string] `json:"name,omitzero"` // Work, Home or Other
	Address Opt[string] `json:"address,omitzero"`
	Default Opt[bool]   `json:"default_email,omitzero"`
	Destroy Opt[bool]   `json:"_destroy,omitzero"`
}

// PhoneNumberInput is one entry of phone_numbers in a contact write, with
// the same nested-attribute rules and Opt fields as [EmailAddressInput].
type PhoneNumberInput struct {
	ID      Opt[int64]  `json:"id,omitzero"`
	Name    Opt[string] `json:"name,omitzero"` // Work, Home, Mobile, Fax, Pager, Skype or Other
	Number  Opt[string] `json:"number,omitzero"`
	Default Opt[bool]   `json:"default_number,omitzero"`
	Destroy Opt[bool]   `json:"_destroy,omitzero"`
}

// AddressInput is one entry of addresses in a contact write, with the same
// nested-attribute rules and Opt fields as [EmailAddressInput].
type AddressInput struct {
	ID         Opt[int64]  `json:"id,omitzero"`
	Name       Opt[string] `json:"name,omitzero"` // Work, Home, Billing or Other
	Street     Opt[string] `json:"street,omitzero"`
	City       Opt[string] `json:"city,omitzero"`
	Province   Opt[string] `json:"province,omitzero"`
	PostalCode Opt[string] `json:"postal_code,omitzero"`
	Country    Opt[string] `json:"country,omitzero"`
	Destroy    Opt[bool]   `json:"_destroy,omitzero"`
}

// ContactCreate is the body of POST /contacts.json. Type is Person or
// Company. A Person needs FirstName or LastName (Clio splits a lone Name
// and may refuse it, so leave Name empty for people); a Company needs
// Name. At most 20 email addresses, phone numbers and addresses each.
// Type and Name are plain (Clio's spec marks both required; an empty Name
// is not sent, for people). Optional fields are Opt: unset is not sent,
// Set sends, Null sends null.
type ContactCreate struct {
	Type              ContactType             `json:"type"`
	Name              string                  `json:"name,omitempty"`
	FirstName         Opt[string]             `json:"first_name,omitzero"`
	MiddleName        Opt[string]             `json:"middle_name,omitzero"`
	LastName          Opt[string]             `json:"last_name,omitzero"`
	Prefix            Opt[string]             `json:"prefix,omitzero"`
	Title             Opt[string]             `json:"title,omitzero"`
	DateOfBirth       Opt[Date]               `json:"date_of_birth,omitzero"`
	Company           Opt[Ref]                `json:"company,omitzero"` // the Company a Person works for
	EmailAddresses    []EmailAddressInput     `json:"email_addresses,omitempty"`
	PhoneNumbers      []PhoneNumberInput      `json:"phone_numbers,omitempty"`
	Addresses         []AddressInput          `json:"addresses,omitempty"`
	CustomFieldValues []CustomFieldValueInput `json:"custom_field_values,omitempty"` // add form, by definition id
}

// ContactUpdate is the body of PATCH /contacts/{id}.json. Every field is
// optional, and optional fields are Opt: unset is not sent, Set sends, Null
// sends null. The nested lists follow Clio's nested-attribute rules (see
// [EmailAddressInput]) and leave unlisted entries alone.
type ContactUpdate struct {
	Name              Opt[string]             `json:"name,omitzero"`
	FirstName         Opt[string]             `json:"first_name,omitzero"`
	MiddleName        Opt[string]             `json:"middle_name,omitzero"`
	LastName          Opt[string]             `json:"last_name,omitzero"`
	Prefix            Opt[string]             `json:"prefix,omitzero"`
	Title             Opt[string]             `json:"title,omitzero"`
	DateOfBirth       Opt[Date]               `json:"date_of_birth,omitzero"`
	Company           Opt[Ref]                `json:"company,omitzero"`
	EmailAddresses    []EmailAddressInput     `json:"email_addresses,omitempty"`
	PhoneNumbers      []PhoneNumberInput      `json:"phone_numbers,omitempty"`
	Addresses         []AddressInput          `json:"addresses,omitempty"`
	CustomFieldValues []CustomFieldValueInput `json:"custom_field_values,omitempty"` // raw entries; by name use CustomFieldsService.SetContactValues
}

// checkNested enforces the nested-attribute rules locally: _destroy needs
// an id, and Clio stores at most 20 of each collection.
func checkNested(emails []EmailAddressInput, phones []PhoneNumberInput, addrs []AddressInput) error {
	const maxEach = 20
	for _, e := range emails {
		if destroysWithoutID(e.Destroy, e.ID) {
			return argError("EmailAddresses", "_destroy needs its id")
		}
	}
	for _, p := range phones {
		if destroysWithoutID(p.Destroy, p.ID) {
			return argError("PhoneNumbers", "_destroy needs its id")
		}
	}
	for _, a := range addrs {
		if destroysWithoutID(a.Destroy, a.ID) {
			return argError("Addresses", "_destroy needs its id")
		}
	}
	if len(emails) > maxEach || len(phones) > maxEach || len(addrs) > maxEach {
		return argError("body", "a contact holds at most %d email addresses, phone numbers and addresses each", maxEach)
	}
	return nil
}

// destroysWithoutID reports a nested entry that sets _destroy to true
// without a (non-zero) id.
func destroysWithoutID(destroy Opt[bool], id Opt[int64]) bool {
	d, _ := destroy.Get()
	n, _ := id.Get()
	return d && n == 0
}

// hasID reports a nested entry that carries an id (even a null one).
func hasID(id Opt[int64]) bool { return !id.IsZero() }

// List pages through contacts: GET /contacts.json (Contact#index).
func (s *ContactsService) List(params ContactListParams, opts ...CallOption) *ContactPager {
	return (*ContactPager)(opList[Contact](s.service, "contacts.json", "Contact", defaultContactFields, listShapeOf("contacts.json"), params.values(), nil, opts))
}

// Get fetches a contact: GET /contacts/{id}.json (Contact#show). With zero
// fields it fills defaultContactFields.
func (s *ContactsService) Get(ctx context.Context, id int64, opts ...CallOption) (*Contact, error) {
	return opDo[Contact](ctx, s.service, http.MethodGet, idPath("contacts", id), "Contact", defaultContactFields, nil, nil, opts)
}

// Create adds a person or a company: POST /contacts.json (Contact#create).
// A bad type, a Person without first or last name, a Company without a
// name, or a _destroy entry fails before anything is sent.
func (s *ContactsService) Create(ctx context.Context, body ContactCreate, opts ...CallOption) (*Contact, error) {
	switch body.Type {
	case ContactTypePerson:
		first, _ := body.FirstName.Get()
		last, _ := body.LastName.Get()
		if first == "" && last == "" {
			return nil, argError("FirstName", "a Person contact needs first_name or last_name")
		}
	case ContactTypeCompany:
		if body.Name == "" {
			return nil, argError("Name", "a Company contact needs a name")
		}
	default:
		return nil, argError("Type", "contact type %q: want Person or Company", body.Type)
	}
	if err := checkNested(body.EmailAddresses, body.PhoneNumbers, body.Addresses); err != nil {
		return nil, err
	}
	if slices.ContainsFunc(body.EmailAddresses, func(e EmailAddressInput) bool { return hasID(e.ID) }) ||
		slices.ContainsFunc(body.PhoneNumbers, func(p PhoneNumberInput) bool { return hasID(p.ID) }) ||
		slices.ContainsFunc(body.Addresses, func(a AddressInput) bool { return hasID(a.ID) }) {
		return nil, argError("body", "a new contact's email addresses, phone numbers and addresses cannot carry ids")
	}
	return opDo[Contact](ctx, s.service, http.MethodPost, "contacts.json", "Contact", defaultContactFields, nil, body, opts)
}

// Update changes a contact: PATCH /contacts/{id}.json (Contact#update)
// with If-Match: etag, fetched first (fields=id,etag) when empty. A stale
// etag returns [ErrPreconditionFailed]. A _destroy entry without an id
// fails before anything is sent.
func (s *ContactsService) Update(ctx context.Context, id int64, etag string, body ContactUpdate, opts ...CallOption) (*Contact, error) {
	if err := checkNested(body.EmailAddresses, body.PhoneNumbers, body.Addresses); err != nil {
		return nil, err
	}
	return opUpdate[Contact](ctx, s.service, idPath("contacts", id), "Contact", defaultContactFields, etag, body, opts)
}

// Delete removes a contact: DELETE /contacts/{id}.json (Contact#destroy).
func (s *ContactsService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	return opDelete(ctx, s.service, idPath("contacts", id), opts)
}

// FindByEmail returns the contacts that have email as one of their email
// addresses, compared case-insensitively: GET
// /contacts.json?query=<email> (Contact#index), every page. Clio's query
// is a wildcard across many fields, so its hits are filtered here on
// email_addresses; the contacts carry defaultContactFields. No match is an
// empty slice and no error.
func (s *ContactsService) FindByEmail(ctx context.Context, email string) ([]Contact, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, argError("email", "FindByEmail needs an email address")
	}
	var out []Contact
	for c, err := range s.List(ContactListParams{Query: email}).All(ctx) {
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(c.EmailAddresses, func(a EmailAddressBase) bool {
			return strings.EqualFold(strings.TrimSpace(a.Address), email)
		}) {
			out = append(out, c)
		}
	}
	if out == nil {
		out = []Contact{}
	}
	return out, nil
}
