package clio

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MattersService manages matters (/matters.json). Reach it through
// [Client.Matters]. Custom field values by name are set through
// [CustomFieldsService.SetMatterValues], or given to Create.
type MattersService struct{ service }

// defaultMatterFields is what the MattersService methods fill when no
// fields are given: number, display_number, custom_number, description,
// status, location, client_reference, client_id, billable, billing_method,
// the open/pending/close and last activity dates, matter_stage_updated_at,
// created/updated times, client (id, name, type), practice_area (id, name),
// matter_stage (id, name), responsible_attorney, originating_attorney and
// responsible_staff (id, name), and custom_field_values (id, value,
// field_name, field_type, custom_field).
var defaultMatterFields = Fields("number", "display_number", "custom_number", "description", "status",
	"location", "client_reference", "client_id", "billable", "billing_method",
	"open_date", "pending_date", "close_date", "last_activity_date", "matter_stage_updated_at",
	"created_at", "updated_at",
	Nested("client", "id", "name", "type"),
	Nested("practice_area", "id", "name"),
	Nested("matter_stage", "id", "name"),
	Nested("responsible_attorney", "id", "name"),
	Nested("originating_attorney", "id", "name"),
	Nested("responsible_staff", "id", "name"),
	Nested("custom_field_values", "id", "value", "field_name", "field_type", "custom_field"))

// matterAreaFields and stageNameFields are what SetStageByName reads.
var (
	matterAreaFields = Fields(Nested("practice_area", "id"))
	stageNameFields  = Fields("name")
)

// CustomFieldFilter is one condition of the custom_field_values[<id>]
// list filter of matters and contacts.
type CustomFieldFilter struct {
	FieldID int64  // the custom field definition id
	Op      string // "=", "<", ">", "<=" or ">="; "" means "=". Only currency, date, time and numeric fields take the others.
	Value   string // in Clio's encoding: "2026-01-31", "true", an option or record id, text
}

// setCustomFieldFilters encodes filters as custom_field_values[<id>]=<op><value>;
// several conditions on one field become [<op><value>, <op><value>].
func setCustomFieldFilters(q url.Values, filters []CustomFieldFilter) {
	byField := map[int64][]string{}
	var order []int64
	for _, f := range filters {
		cond := f.Value
		if f.Op != "" && f.Op != "=" {
			cond = f.Op + f.Value
		}
		if _, ok := byField[f.FieldID]; !ok {
			order = append(order, f.FieldID)
		}
		byField[f.FieldID] = append(byField[f.FieldID], cond)
	}
	for _, id := range order {
		key := "custom_field_values[" + strconv.FormatInt(id, 10) + "]"
		if conds := byField[id]; len(conds) == 1 {
			q.Set(key, conds[0])
		} else {
			q.Set(key, "["+strings.Join(conds, ", ")+"]")
		}
	}
}

// MatterListParams filters GET /matters.json. Zero values are not sent.
type MatterListParams struct {
	Status                []MatterStatus // open, pending, closed (any case; sent lower case as one comma list)
	ClientID              int64
	PracticeAreaID        int64
	ResponsibleAttorneyID int64
	OriginatingAttorneyID int64
	ResponsibleStaffID    int64
	SubscriberUserID      int64
	// NotificationEventSubscriberUserID selects the matters whose
	// notifications this user subscribes to.
	NotificationEventSubscriberUserID int64
	GroupID                           int64
	GrantID                           int64
	CurrencyID                        int64
	Billable                          Opt[bool]
	Query                             string       // wildcard on display_number, number, description and the client's names
	OpenDate, CloseDate, PendingDate  []DateFilter // e.g. OpenDate: {{">=", 2026-01-01}, {"<", 2026-02-01}}
	CreatedSince, UpdatedSince        time.Time
	IDs                               []int64
	CustomFieldValues                 []CustomFieldFilter // custom_field_values[<id>]=<op><value>
	CustomFieldIDs                    []int64             // limits which custom_field_values come back
	Limit                             int                 // page size, 1-200; 0: DefaultPageSize
}

// DateFilter is one condition on a date, as Clio's open_date[],
// close_date[] and pending_date[] filters take it: <op><YYYY-MM-DD>.
type DateFilter struct {
	Op   string // "=", "<", ">", "<=" or ">="; "" means "="
	Date Date
}

// qAddDateFilters sends each condition as key=<op><date>.
func qAddDateFilters(q url.Values, key string, fs []DateFilter) {
	for _, f := range fs {
		q.Add(key, cmp.Or(f.Op, "=")+f.Date.String())
	}
}

func (p MatterListParams) values() url.Values {
	q := url.Values{}
	if len(p.Status) > 0 {
		st := make([]string, len(p.Status))
		for i, s := range p.Status {
			st[i] = strings.ToLower(string(s))
		}
		q.Set("status", strings.Join(st, ","))
	}
	qSetID(q, "client_id", p.ClientID)
	qSetID(q, "practice_area_id", p.PracticeAreaID)
	qSetID(q, "responsible_attorney_id", p.ResponsibleAttorneyID)
	qSetID(q, "originating_attorney_id", p.OriginatingAttorneyID)
	qSetID(q, "responsible_staff_id", p.ResponsibleStaffID)
	qSetID(q, "subscriber_user_id", p.SubscriberUserID)
	qSetID(q, "notification_event_subscriber_user_id", p.NotificationEventSubscriberUserID)
	qSetID(q, "group_id", p.GroupID)
	qSetID(q, "grant_id", p.GrantID)
	qSetID(q, "currency_id", p.CurrencyID)
	qSetBool(q, "billable", p.Billable)
	qSetString(q, "query", p.Query)
	qAddDateFilters(q, "open_date[]", p.OpenDate)
	qAddDateFilters(q, "close_date[]", p.CloseDate)
	qAddDateFilters(q, "pending_date[]", p.PendingDate)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	qSetIDs(q, "ids[]", p.IDs)
	setCustomFieldFilters(q, p.CustomFieldValues)
	qSetIDs(q, "custom_field_ids[]", p.CustomFieldIDs)
	qSetLimit(q, p.Limit)
	return q
}

// MatterCreate is the body of POST /matters.json. Client and Description
// are required and plain. Optional fields are Opt: unset is not sent, Set
// sends, Null sends null.
type MatterCreate struct {
	Client      Ref    `json:"client"`
	Description string `json:"description"`
	// Status is open, pending or closed, in any case (MatterStatusOpen
	// works); it is sent lower case, as requests require, and not sent when
	// "".
	Status              MatterStatus `json:"status,omitzero"`
	PracticeArea        Opt[Ref]     `json:"practice_area,omitzero"`
	MatterStage         Opt[Ref]     `json:"matter_stage,omitzero"`
	ResponsibleAttorney Opt[Ref]     `json:"responsible_attorney,omitzero"` // a User id
	OriginatingAttorney Opt[Ref]     `json:"originating_attorney,omitzero"` // a User id
	ResponsibleStaff    Opt[Ref]     `json:"responsible_staff,omitzero"`    // a User id
	Group               Opt[Ref]     `json:"group,omitzero"`
	OpenDate            Opt[Date]    `json:"open_date,omitzero"`
	PendingDate         Opt[Date]    `json:"pending_date,omitzero"`
	CloseDate           Opt[Date]    `json:"close_date,omitzero"`
	Billable            Opt[bool]    `json:"billable,omitzero"`
	// DisplayNumber is accepted only when the account numbers matters by hand.
	DisplayNumber   Opt[string] `json:"display_number,omitzero"`
	ClientReference Opt[string] `json:"client_reference,omitzero"`
	Location        Opt[string] `json:"location,omitzero"`
	// CustomFieldValues are raw entries by definition id (add form).
	CustomFieldValues []CustomFieldValueInput `json:"custom_field_values,omitempty"`
	// CustomFields sets custom field values by name in the same POST,
	// converted as [CustomFieldsService.SetMatterValues] describes (nil
	// values are skipped). Unknown names and ill-typed values fail before
	// the matter is sent.
	CustomFields map[string]any `json:"-"`
}

// MatterUpdate is the body of PATCH /matters/{id}.json. Every field is
// optional, and optional fields are Opt: unset is not sent, Set sends, Null
// sends null (which clears an association or date).
type MatterUpdate struct {
	Client              Opt[Ref]     `json:"client,omitzero"`
	Description         Opt[string]  `json:"description,omitzero"`
	Status              MatterStatus `json:"status,omitzero"` // open, pending or closed (any case; sent lower case)
	PracticeArea        Opt[Ref]     `json:"practice_area,omitzero"`
	MatterStage         Opt[Ref]     `json:"matter_stage,omitzero"`
	ResponsibleAttorney Opt[Ref]     `json:"responsible_attorney,omitzero"`
	OriginatingAttorney Opt[Ref]     `json:"originating_attorney,omitzero"`
	ResponsibleStaff    Opt[Ref]     `json:"responsible_staff,omitzero"`
	Group               Opt[Ref]     `json:"group,omitzero"`
	OpenDate            Opt[Date]    `json:"open_date,omitzero"`
	PendingDate         Opt[Date]    `json:"pending_date,omitzero"`
	CloseDate           Opt[Date]    `json:"close_date,omitzero"`
	Billable            Opt[bool]    `json:"billable,omitzero"`
	DisplayNumber       Opt[string]  `json:"display_number,omitzero"`
	ClientReference     Opt[string]  `json:"client_reference,omitzero"`
	Location            Opt[string]  `json:"location,omitzero"`
	// CustomFieldValues are raw entries (update by composite id, add by
	// definition, destroy); to set values by name use
	// [CustomFieldsService.SetMatterValues].
	CustomFieldValues []CustomFieldValueInput `json:"custom_field_values,omitempty"`
}

var matterStatuses = []string{"open", "pending", "closed"}

func matterStatus(s MatterStatus) (MatterStatus, error) {
	low := strings.ToLower(string(s))
	if !slices.Contains(matterStatuses, low) {
		return "", argError("Status", "matter status %q: want open, pending or closed", s)
	}
	return MatterStatus(low), nil
}

// List pages through matters: GET /matters.json (Matter#index).
func (s *MattersService) List(params MatterListParams, opts ...CallOption) *MatterPager {
	return (*MatterPager)(opList[Matter](s.service, "matters.json", "Matter", defaultMatterFields, listShapeOf("matters.json"), params.values(), nil, opts))
}

// Get fetches a matter: GET /matters/{id}.json (Matter#show). With zero
// fields it fills defaultMatterFields.
func (s *MattersService) Get(ctx context.Context, id int64, opts ...CallOption) (*Matter, error) {
	return opDo[Matter](ctx, s.service, http.MethodGet, idPath("matters", id), "Matter", defaultMatterFields, nil, nil, opts)
}

// Create opens a matter: POST /matters.json (Matter#create). Custom field
// values given by name in body.CustomFields are resolved through the
// definitions cache (one definitions list the first time) and sent in the
// same POST. A missing client or description, a bad status, an unknown
// custom field name or an ill-typed value fails before the matter is sent.
func (s *MattersService) Create(ctx context.Context, body MatterCreate, opts ...CallOption) (*Matter, error) {
	if body.Client.ID == 0 {
		return nil, argError("Client", "a matter needs client{id}")
	}
	if body.Description == "" {
		return nil, argError("Description", "a matter needs a description")
	}
	if body.Status != "" {
		st, err := matterStatus(body.Status)
		if err != nil {
			return nil, err
		}
		body.Status = st
	}
	if len(body.CustomFields) > 0 {
		changes, err := s.c.CustomFields.resolve(ctx, "Matter", body.CustomFields)
		if err != nil {
			return nil, err
		}
		body.CustomFieldValues = append(slices.Clip(body.CustomFieldValues), addEntries(changes)...)
	}
	return opDo[Matter](ctx, s.service, http.MethodPost, "matters.json", "Matter", defaultMatterFields, nil, body, opts)
}

// Update changes a matter: PATCH /matters/{id}.json (Matter#update) with
// If-Match: etag, fetched first (fields=id,etag) when empty. A stale etag
// returns [ErrPreconditionFailed].
func (s *MattersService) Update(ctx context.Context, id int64, etag string, body MatterUpdate, opts ...CallOption) (*Matter, error) {
	if body.Status != "" {
		st, err := matterStatus(body.Status)
		if err != nil {
			return nil, err
		}
		body.Status = st
	}
	return opUpdate[Matter](ctx, s.service, idPath("matters", id), "Matter", defaultMatterFields, etag, body, opts)
}

// Delete removes a matter: DELETE /matters/{id}.json (Matter#destroy).
func (s *MattersService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	return opDelete(ctx, s.service, idPath("matters", id), opts)
}

// SetStage moves a matter to a matter stage by id: PATCH
// /matters/{id}.json (Matter#update) with {"matter_stage":{"id":...}} and
// If-Match: etag (fetched first when empty). The result carries
// defaultMatterFields.
func (s *MattersService) SetStage(ctx context.Context, id int64, etag string, stageID int64) (*Matter, error) {
	if stageID == 0 {
		return nil, argError("stageID", "matter stage id is zero")
	}
	return s.Update(ctx, id, etag, MatterUpdate{MatterStage: Set(Ref{ID: stageID})})
}

// StageNotFoundError reports that no stage of the matter's practice area
// has the name asked for (or that the matter has no practice area).
type StageNotFoundError struct {
	MatterID       int64
	PracticeAreaID int64 // zero when the matter has no practice area
	Name           string
}

// Error names the matter, its practice area and the stage asked for.
func (e *StageNotFoundError) Error() string {
	if e.PracticeAreaID == 0 {
		return fmt.Sprintf("clio: matter %d has no practice area, so it has no stage %q", e.MatterID, e.Name)
	}
	return fmt.Sprintf("clio: practice area %d of matter %d has no stage named %q", e.PracticeAreaID, e.MatterID, e.Name)
}

// SetStageByName moves a matter to the stage of its practice area with the
// given name (case-insensitive): GET /matters/{id}.json?fields=practice_area
// (Matter#show), GET /matter_stages.json?practice_area_id=...
// (MatterStage#index), then PATCH /matters/{id}.json (Matter#update) with
// matter_stage{id}. The PATCH carries If-Match: etag when given (a 412 is
// returned as [ErrPreconditionFailed]); with etag empty it uses the etag of
// the matter just read and re-reads and retries on 412, up to 3 attempts.
// An unknown name is a [*StageNotFoundError]. The result carries
// defaultMatterFields.
func (s *MattersService) SetStageByName(ctx context.Context, id int64, etag, name string) (*Matter, error) {
	if strings.TrimSpace(name) == "" {
		return nil, argError("name", "matter stage name is empty")
	}
	type matterArea struct {
		ETag         string `json:"etag"`
		PracticeArea *struct {
			ID int64 `json:"id"`
		} `json:"practice_area"`
	}
	var areaID, stageID int64
	return retryStale(etag, func() (*Matter, error) {
		m, err := opDo[matterArea](ctx, s.service, http.MethodGet, idPath("matters", id), "Matter", FieldSet{}, nil, nil, []CallOption{matterAreaFields})
		if err != nil {
			return nil, err
		}
		if m.PracticeArea == nil || m.PracticeArea.ID == 0 {
			return nil, &StageNotFoundError{MatterID: id, Name: name}
		}
		if m.PracticeArea.ID != areaID {
			areaID = m.PracticeArea.ID
			if stageID, err = s.stageID(ctx, id, areaID, name); err != nil {
				return nil, err
			}
		}
		ifMatch := etag
		if ifMatch == "" {
			ifMatch = m.ETag
		}
		return s.Update(ctx, id, ifMatch, MatterUpdate{MatterStage: Set(Ref{ID: stageID})})
	})
}

// stageID finds the stage named name in practice area areaID.
func (s *MattersService) stageID(ctx context.Context, matterID, areaID int64, name string) (int64, error) {
	q := url.Values{"practice_area_id": {strconv.FormatInt(areaID, 10)}}
	want := strings.TrimSpace(name)
	var found []int64
	for st, err := range opList[MatterStage](s.service, "matter_stages.json", "MatterStage", FieldSet{}, listShapeOf("matter_stages.json"), q, nil, []CallOption{stageNameFields}).All(ctx) {
		if err != nil {
			return 0, err
		}
		if strings.EqualFold(strings.TrimSpace(st.Name), want) {
			found = append(found, st.ID)
		}
	}
	switch len(found) {
	case 0:
		return 0, &StageNotFoundError{MatterID: matterID, PracticeAreaID: areaID, Name: name}
	case 1:
		return found[0], nil
	}
	return 0, argError("name", "practice area %d has %d stages with that name; use the stage id", areaID, len(found))
}
