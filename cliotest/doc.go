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
//     generated catalog) or a second level. Fields the fake does not model
//     come back as null.
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
//   - Resources: matters, contacts, custom fields and their composite-id
//     values, calendars, calendar entries, reminders, users, practice areas,
//     matter stages, documents (three-step upload to the storage host,
//     multipart upload, 303 download), document templates, document
//     automations and webhooks (handshake and signed deliveries). See the
//     per-resource notes on [Server].
//   - Not modelled: folders (a Folder parent is 422), tasks, and every
//     resource not listed above (404).
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
// [Fault.After] is set. [Server.Requests] returns every request seen.
//
// # Demo data
//
// Unless [WithoutDemoData] is given, the server starts with a small
// personal-injury and family firm; [Server.Demo] returns its ids.
package cliotest
