package clio

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// UsersService reads the firm's users (/users.json). Reach it through
// [Client.Users]. The API cannot create or change users.
type UsersService struct{ service }

// MatterStagesService reads matter stages (/matter_stages.json), which are
// read-only and belong to a practice area. Reach it through
// [Client.MatterStages].
type MatterStagesService struct{ service }

// PracticeAreasService manages practice areas (/practice_areas.json).
// Reach it through [Client.PracticeAreas].
type PracticeAreasService struct{ service }

// defaultUserFields is what the UsersService methods fill when no fields are
// given: name, first_name, last_name, initials, email, enabled, roles,
// subscription_type, time_zone, default_calendar_id, account_owner,
// created/updated times and the notification methods (id, type,
// email_address, is_default_email_address). default_calendar_id and
// notification_methods are what calendar entries and reminders need (see
// [CalendarEntriesService.CreateStatuteOfLimitations]).
var defaultUserFields = Fields("name", "first_name", "last_name", "initials", "email", "enabled",
	"roles", "subscription_type", "time_zone", "default_calendar_id", "account_owner",
	"created_at", "updated_at",
	Nested("notification_methods", "id", "type", "email_address", "is_default_email_address"))

// defaultMatterStageFields is what MatterStagesService.List fills when no
// fields are given: name, order, practice_area_id and created/updated times.
var defaultMatterStageFields = Fields("name", "order", "practice_area_id", "created_at", "updated_at")

// defaultPracticeAreaFields is what the PracticeAreasService methods fill
// when no fields are given: name, code, category and created/updated times.
var defaultPracticeAreaFields = Fields("name", "code", "category", "created_at", "updated_at")

// MaxUsersPageSize is the largest page GET /users.json serves, and the page
// size UsersService.List asks for by default (other lists stop at 200).
const MaxUsersPageSize = 2000

// ---- users ----

// WhoAmI fetches the user the access token belongs to: GET
// /users/who_am_i.json (User#who_am_i). With zero fields it fills
// defaultUserFields; add Nested("account", "name") for the firm's name.
func (s *UsersService) WhoAmI(ctx context.Context, opts ...CallOption) (*User, error) {
	return opDo[User](ctx, s.service, http.MethodGet, "users/who_am_i.json", "User", defaultUserFields, nil, nil, opts)
}

// UserListParams filters GET /users.json. Zero values are not sent.
type UserListParams struct {
	Enabled          Opt[bool]
	Role             string // admin, accounts, billing or reports
	SubscriptionType string // attorney or nonattorney (lower case, unlike User.SubscriptionType)
	Name             string
	IncludeCoCounsel bool
	PendingSetup     Opt[bool]
	IDs              []int64
	CreatedSince     time.Time
	UpdatedSince     time.Time
	Limit            int // page size, 1-2000; 0: MaxUsersPageSize
}

func (p UserListParams) values() url.Values {
	q := url.Values{}
	qSetBool(q, "enabled", p.Enabled)
	qSetString(q, "role", p.Role)
	qSetString(q, "subscription_type", p.SubscriptionType)
	qSetString(q, "name", p.Name)
	qSetTrue(q, "include_co_counsel", p.IncludeCoCounsel)
	qSetBool(q, "pending_setup", p.PendingSetup)
	qSetIDs(q, "ids[]", p.IDs)
	qSetTime(q, "created_since", p.CreatedSince)
	qSetTime(q, "updated_since", p.UpdatedSince)
	if p.Limit == 0 { // a negative one is sent, and refused
		p.Limit = MaxUsersPageSize
	}
	qSetLimit(q, p.Limit)
	return q
}

// List pages through the firm's users: GET /users.json (User#index), up
// to 2000 a page.
func (s *UsersService) List(params UserListParams, opts ...CallOption) *UserPager {
	return (*UserPager)(opList[User](s.service, "users.json", "User", defaultUserFields, listShapeOf("users.json"), params.values(), nil, opts))
}

// Get fetches a user: GET /users/{id}.json (User#show). With zero fields it
// fills defaultUserFields.
func (s *UsersService) Get(ctx context.Context, id int64, opts ...CallOption) (*User, error) {
	return opDo[User](ctx, s.service, http.MethodGet, idPath("users", id), "User", defaultUserFields, nil, nil, opts)
}

// ---- matter stages ----

// MatterStageListParams filters GET /matter_stages.json. Zero values are
// not sent.
type MatterStageListParams struct {
	PracticeAreaID int64 // the stages of one practice area
	IDs            []int64
	CreatedSince   time.Time
	UpdatedSince   time.Time
	Limit          int // page size, 1-200; 0: DefaultPageSize
}

// List pages through matter stages: GET /matter_stages.json
// (MatterStage#index), usually for one practice area. Clio has no endpoint
// for a single stage.
func (s *MatterStagesService) List(params MatterStageListParams, opts ...CallOption) *MatterStagePager {
	q := url.Values{}
	qSetID(q, "practice_area_id", params.PracticeAreaID)
	qSetIDs(q, "ids[]", params.IDs)
	qSetTime(q, "created_since", params.CreatedSince)
	qSetTime(q, "updated_since", params.UpdatedSince)
	qSetLimit(q, params.Limit)
	return (*MatterStagePager)(opList[MatterStage](s.service, "matter_stages.json", "MatterStage", defaultMatterStageFields, listShapeOf("matter_stages.json"), q, nil, opts))
}

// ---- practice areas ----

// PracticeAreaListParams filters GET /practice_areas.json. Zero values are
// not sent.
type PracticeAreaListParams struct {
	Name         string
	Code         string
	MatterID     int64 // the practice area of one matter
	IDs          []int64
	CreatedSince time.Time
	UpdatedSince time.Time
	Limit        int // page size, 1-200; 0: DefaultPageSize
}

// PracticeAreaCreate is the body of POST /practice_areas.json. Name is
// required and plain. Optional fields are Opt: unset is not sent, Set
// sends, Null sends null.
type PracticeAreaCreate struct {
	Name     string               `json:"name"`
	Code     Opt[string]          `json:"code,omitzero"`
	Category PracticeAreaCategory `json:"category,omitzero"`
}

// PracticeAreaUpdate is the body of PATCH /practice_areas/{id}.json. Every
// field is optional, and optional fields are Opt: unset is not sent, Set
// sends, Null sends null.
type PracticeAreaUpdate struct {
	Name     Opt[string]          `json:"name,omitzero"`
	Code     Opt[string]          `json:"code,omitzero"`
	Category PracticeAreaCategory `json:"category,omitzero"`
}

// List pages through practice areas: GET /practice_areas.json
// (PracticeArea#index).
func (s *PracticeAreasService) List(params PracticeAreaListParams, opts ...CallOption) *PracticeAreaPager {
	q := url.Values{}
	qSetString(q, "name", params.Name)
	qSetString(q, "code", params.Code)
	qSetID(q, "matter_id", params.MatterID)
	qSetIDs(q, "ids[]", params.IDs)
	qSetTime(q, "created_since", params.CreatedSince)
	qSetTime(q, "updated_since", params.UpdatedSince)
	qSetLimit(q, params.Limit)
	return (*PracticeAreaPager)(opList[PracticeArea](s.service, "practice_areas.json", "PracticeArea", defaultPracticeAreaFields, listShapeOf("practice_areas.json"), q, nil, opts))
}

// Get fetches a practice area: GET /practice_areas/{id}.json
// (PracticeArea#show). With zero fields it fills defaultPracticeAreaFields.
func (s *PracticeAreasService) Get(ctx context.Context, id int64, opts ...CallOption) (*PracticeArea, error) {
	return opDo[PracticeArea](ctx, s.service, http.MethodGet, idPath("practice_areas", id), "PracticeArea", defaultPracticeAreaFields, nil, nil, opts)
}

// Create adds a practice area: POST /practice_areas.json
// (PracticeArea#create). An empty name fails before anything is sent.
func (s *PracticeAreasService) Create(ctx context.Context, body PracticeAreaCreate, opts ...CallOption) (*PracticeArea, error) {
	if body.Name == "" {
		return nil, argError("name", "a practice area needs a name")
	}
	return opDo[PracticeArea](ctx, s.service, http.MethodPost, "practice_areas.json", "PracticeArea", defaultPracticeAreaFields, nil, body, opts)
}

// Update changes a practice area: PATCH /practice_areas/{id}.json
// (PracticeArea#update) with If-Match: etag, fetched first when empty. A
// stale etag returns [ErrPreconditionFailed].
func (s *PracticeAreasService) Update(ctx context.Context, id int64, etag string, body PracticeAreaUpdate, opts ...CallOption) (*PracticeArea, error) {
	return opUpdate[PracticeArea](ctx, s.service, idPath("practice_areas", id), "PracticeArea", defaultPracticeAreaFields, etag, body, opts)
}

// Delete removes a practice area: DELETE /practice_areas/{id}.json
// (PracticeArea#destroy).
func (s *PracticeAreasService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	return opDelete(ctx, s.service, idPath("practice_areas", id), opts)
}
