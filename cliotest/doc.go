// Package cliotest runs an in-memory fake of the Clio Manage API v4 on
// loopback, for tests (this module's, and yours) and for the examples.
//
//	srv := cliotest.NewServer(t)           // closed by t.Cleanup
//	client, err := srv.Client()            // a *clio.Client wired to it
//
// Outside tests, [Start] returns a server that [Server.Close] stops.
//
// # Hosts
//
// [Server.URL] is the API host's origin: the API lives under /api/v4 (paths
// end in ".json" as in Clio's spec; the suffix is optional, as on Clio) and
// OAuth under /oauth. Uploaded and downloaded files live on a second host,
// [Server.StorageURL], standing in for Clio's S3 storage; like S3 it refuses
// a request that carries an Authorization header as well as its signed URL,
// so a client that leaks its Clio token there gets a 400.
//
// By default both hosts listen on 127.0.0.1 ports. With [InMemory] nothing
// listens: [Server.HTTPClient] calls the handlers directly in the calling
// goroutine. Use InMemory inside testing/synctest bubbles, where network I/O
// would stall the fake clock; the server reads the time with time.Now, so
// token expiry and rate-limit windows follow the bubble's clock.
//
// # What it does like Clio
//
//   - fields: only id and etag unless fields names more; one nesting level;
//     400 InvalidFields for unknown names (checked against the SDK's
//     generated catalog) or a second level. Fields Clio computes are
//     computed (see below); other fields the fake does not model come back
//     as null.
//   - Quoted etags that change on every write, in the body and the ETag
//     header; If-Match on PATCH (412 when stale); If-None-Match on GET (304).
//   - Cursor paging: limit 1..200 (users 1..2000), order=id(asc),
//     meta.paging.next as an absolute URL on the server's own host carrying
//     page_token and the original query, omitted on the last page. Offset
//     paging (offset=N) stops at 10,000 records with 422 ArgumentError.
//   - A per-token rate limit ([WithRateLimit]; [DefaultRateLimit] per
//     minute by default) with X-RateLimit-Limit/Remaining/Reset on every
//     authenticated API response and 429 plus Retry-After when exceeded.
//   - OAuth: GET /oauth/authorize approves at once and redirects with code
//     and state; POST /oauth/token takes the authorization_code and
//     refresh_token grants with client_id and client_secret in the form;
//     access tokens expire after [WithTokenTTL]; refresh tokens are not
//     rotated (the refresh response carries none); POST /oauth/deauthorize
//     revokes. An expired or unknown token gets Clio's 401 invalid_token body.
//   - X-API-VERSION: 4.0.4 to 4.0.10, 4.0.12 and 4.0.13 are accepted and
//     echoed; no header means 4.0.13; anything else is 410 Gone.
//   - Resources modelled by hand, with Clio's rules: matters, contacts,
//     custom fields and their composite-id values, calendars, calendar
//     entries, reminders, users, practice areas, matter stages, documents
//     (three-step upload to the storage host, multipart upload, 303
//     download; a Folder parent must exist), document templates, document
//     automations and webhooks (handshake and signed deliveries). See the
//     per-resource notes on [Server].
//   - Their lists filter on ids[], created_since and updated_since (on the
//     record's created_at and updated_at), and each on the parameters it
//     models: matters on status (a comma list), client_id,
//     practice_area_id, the attorneys, billable, query, custom field values
//     and open_date[], close_date[] and pending_date[] (each <op><date>
//     with =, <, >, <= or >=, all of them holding; a matter without the
//     date matches none); contacts, calendar entries, reminders, custom
//     fields, documents, users, calendars, stages and practice areas on
//     theirs. As for the lists below, a filter is never silently ignored:
//     a declared parameter a list does not model (a matter's group_id, a
//     calendar entry's source) answers 501 naming it, one the operation
//     does not declare 400, a value outside the parameter's enum or a
//     single-valued parameter given twice 400, and an order other than
//     id(asc) 501.
//
// # Every other resource, from the spec
//
// Every other resource of Clio's spec (activities, bills, tasks, notes,
// trust line items, bank accounts and transactions, folders, groups...)
// is served from a table generated from the same spec index as the SDK
// (spec_gen.go): list, get, create, update, delete, and copy where the
// spec has it.
//
//   - Request bodies are checked against the operation's request schema:
//     a field the schema does not declare, a value of the wrong JSON
//     type, a value outside an enum, a malformed date or timestamp, or on
//     create a missing required field is 422 ValidationError naming the
//     field ("matter.id must be an integer"). null clears a field.
//   - A record holds the fields it was given (the body's fields that are
//     fields of the record, in the record's shape: a timestamp given for
//     a date field keeps its date) and answers null for the rest.
//     Associations given as {"id": N} (or {"id": N, "type": "User"} for
//     one that may hold several kinds) render as the referenced record
//     when the fake holds it, with the selected fields; one naming a
//     missing record of a kind the fake stores is 422, alone or in a list
//     (groups[0]), and so is one naming no record ({} is "matter.id is
//     required"). A body is {"data": ...} only: a key beside data is 422.
//     A new activity is
//     booked to the token's user, a task's assigner and a note's author
//     are the token's user; a folder belongs to its parent's matter or
//     contact.
//   - Updates need no required field and honour If-Match (412 when
//     stale); gets honour If-None-Match (304).
//   - Lists page and check fields as above, and filter on ids[],
//     created_since, updated_since, query (a case-insensitive substring of
//     any string field), every <association>_id the operation declares, a
//     parameter named as a field of the same type (type, status,
//     priority..., equality where the filter's values are the field's,
//     computed fields included), and an activity's start_date and end_date
//     (inclusive bounds on its date, YYYY-MM-DD). A value outside the parameter's enum (compared exactly:
//     TimeEntry, not timeentry) is 400 naming the values it takes, and so
//     is a parameter given twice (list parameters such as ids[] aside). A
//     declared parameter the fake does not model answers 501 naming it;
//     one the operation does not declare is 400; a required one missing
//     (notes' type) is 400; order other than id(asc) is 501.
//   - Writes deliver webhook events (created, updated, deleted) for the
//     models served this way: activity, bill, communication, task, folder
//     and clio_payments_payment.
//   - [Server.Seed] and [Server.SeedJSON] store records of any resource
//     served this way, including those Clio's API cannot create (bills,
//     trust line items), with fields as Clio answers them (types, dates
//     and enums checked). A seed of BillingSetting sets fields of the
//     firm's billing settings; a JurisdictionsToTrigger is seeded with the
//     jurisdiction {"id": N} it belongs to. A record no route could read
//     back from a seed (the timer, records that exist only nested in
//     others) is refused.
//
// # What Clio computes
//
// Fields Clio computes are computed on every read from the records the
// fake holds (computed.go lists each with its rule). An activity's
// quantity_in_hours is its quantity in seconds / 3600 (null for an
// expense, whose quantity counts units); rounded_quantity and
// rounded_quantity_in_hours equal quantity and quantity_in_hours, as the
// fake has no rounding setting; total is price × hours (price × quantity
// for an expense, price alone at a flat rate), non_billable_total is total
// when non_billable; on_bill and billed follow the state of the bill a line
// item puts it on. A line item's sub_total is price × quantity, its tax the
// bill's tax_rate percent when taxable; a bill sums its line items (sub
// totals, taxes, total) and its allocations (paid, paid_at, credits_issued,
// due, balance). Tasks, calendar entries, matters and bank accounts count
// or date what names them (time_entries_count, has_tasks,
// last_activity_date, bank_transactions_count). Money is exact (math/big),
// rounded to the cent, halves away from zero, and rendered with two
// decimals (300.00). What the fake has none of reads as such: no interest
// accrues, no card payment is pending, nothing is shared, redacted or sent.
// A value seeded for a computed field is answered as seeded. A computed
// field the fake cannot work out (a contact's is_co_counsel and
// is_bill_recipient) answers 501 NotImplemented naming it whenever fields
// selects it, also inside an association, before any write is applied.
//
// # Dates and instants
//
// A calendar date (a matter's open_date, an activity's date and its list's
// start_date and end_date, a task's due_at_from) is YYYY-MM-DD only; an
// instant (created_since, updated_since, a calendar entry's start_at, its
// list's from and to) is an RFC 3339 timestamp with its offset. Either in
// the other's place, in a request body or a query parameter, is 422
// ValidationError naming it. Filters compare parsed dates and times, never
// text.
//
// # Operations modelled one by one
//
// The other operations of the spec each have a handler of their own (the
// files say the details): the writes of hand-modelled resources beyond
// their routes (creating, updating and deleting calendars, practice areas
// and document templates, updating reminders, copying documents, document
// versions); lists under a record (a matter's client, contacts and related
// contacts, a contact's email addresses and phone numbers, a
// jurisdiction's triggers); a folder's contents as Items (folders.go); one
// running timer per user (timers.go); the billing settings, with
// rounded_duration for a Chronic duration (in hours, rounded up to the
// rounding increment), billable matter ids and a bill's HTML preview
// (billing.go); reports, preset reports and document archives that move
// one state per GET and then download, and the court-rules docket preview
// (reports.go). Every operation of the spec is served: what answers 501 is
// a parameter, an order or a computed field the fake does not model, never
// an operation. A path that is no operation of the spec is 404.
//
// Error bodies use Clio's envelope {"error":{"type":...,"message":...}}.
// Where Clio's exact type is undocumented (412, 410, 429, 422) the fake uses
// a descriptive one; key on the status code.
//
// # Faults and the request log
//
// [Server.Inject] adds a [Fault]: a status, a dropped connection or a delay,
// matched by method and path, by count or by seeded probability. Faults act
// before the handler, so a faulted write is not applied, unless
// [Fault.After] is set. [Server.Requests] returns every request seen,
// with each API request's body (at most [MaxLoggedBody] bytes; OAuth and
// storage bodies are not kept) and the operation it routed to
// ([Request.Operation], such as "Activity#create"). [Server.RequestsFor]
// picks the requests to one operation, by operationId or by method and
// path template; [Request.DecodeData] reads a body's {"data": ...} into a
// type, such as the SDK's clio.ActivityCreate.
//
// A panic in the fake (a bug) answers 500 with the error envelope and is
// logged, rather than ending the test binary.
//
// # Demo data
//
// Unless [WithoutDemoData] is given, the server starts with a small
// personal-injury and family firm; [Server.Demo] returns its ids.
package cliotest
