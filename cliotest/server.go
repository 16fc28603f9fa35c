package cliotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	clio "github.com/clio-sdk/clio-go"
)

// Server is a fake Clio Manage API v4. It is safe for concurrent use.
//
// Resource notes (beyond the package overview):
//   - Matters: create needs client{id} (a contact) and description; status
//     is lowercase in requests and filters, Open|Pending|Closed in
//     responses; matter_stage must belong to the matter's practice area;
//     matter_stage and practice_area take null to clear.
//   - Contacts: type Person needs first_name or last_name, Company needs
//     name; email_addresses, phone_numbers and addresses follow Rails nested
//     attributes (id updates, no id creates, _destroy deletes; at most 20
//     each); query matches name and email substrings case-insensitively.
//     A contact that is the client of a matter cannot be deleted (422).
//   - Custom field values (matters and contacts) have composite ids
//     "<field_type>-<n>"; adding a second value for the same field is 422.
//   - Calendar entries need calendar_owner{id} naming a Calendar, summary,
//     start_at and end_at.
//   - Documents: a create with multiparts (at most 50 per request; more
//     with PATCH {uuid, fully_uploaded: false, multiparts}) answers each
//     part's put_url and put_headers (Content-Length, and Content-MD5 when
//     content_md5 was given). A part PUT must carry exactly its
//     content_length and matching content_md5 (400 otherwise, as S3's
//     BadDigest). The finalising PATCH joins the parts in part_number order:
//     a part not PUT, or of other than its content_length, is 422
//     UploadNotFoundError; a part but the last under 5 MiB is 422.
//   - Document automations advance one state per GET: not_started, queued,
//     in_progress, then completed (or failed for a template whose filename
//     contains "fail"), creating one Document per requested format.
//   - Webhooks: http URLs are accepted only for loopback hosts (Clio
//     requires https). Deliveries and the handshake are sent synchronously,
//     before the API response that caused them is written.
type Server struct {
	cfg config

	apiURL, storageURL string
	httpClient         *http.Client
	servers            []*http.Server
	serveWG            sync.WaitGroup
	ctx                context.Context // canceled by Close: aborts delays and deliveries
	cancel             context.CancelFunc
	closeOnce          sync.Once

	mu     sync.Mutex
	closed bool
	lastID int64
	rev    uint64
	state
	auth   authState
	limits map[string]*rateWindow
	faults []*InjectedFault
	log    []Request
	sent   []Delivery
	demo   Demo
}

// state is the firm's data.
type state struct {
	account       *account
	users         *table[user]
	notifications map[int64]*notificationMethod
	calendars     *table[calendar]
	practiceAreas *table[practiceArea]
	stages        *table[matterStage]
	contacts      *table[contact]
	matters       *table[matter]
	customFields  *table[customField]
	entries       *table[calendarEntry]
	reminders     *table[reminder]
	documents     *table[document]
	versions      map[string]*docVersion // by uuid
	templates     *table[docTemplate]
	automations   *table[automation]
	webhooks      *table[webhook]
	cfvSeq        int64
	matterNumber  int64
	clientMatters map[int64]int // contact id -> number of matters it is the client of
	ownerUserID   int64         // the user tokens are issued for by default
	blobs         map[string]*blob
	cfFilter      map[int64]bool          // custom_field_ids[] of the request being rendered
	generic       map[string]*table[grec] // records of the resources served generically, by schema
	handTables    map[string]nodeTable    // the tables above of hand-modelled records, by schema (for lookup)
}

// config is what the options set.
type config struct {
	demo          bool
	inMemory      bool
	rateLimit     int
	rateWindow    time.Duration
	tokenTTL      time.Duration
	clientID      string
	clientSecret  string
	webhookClient *http.Client
	// ownWebhookClient: the server made webhookClient and may close its
	// idle connections.
	ownWebhookClient bool
	// minPartSize is the smallest multipart part but the last
	// (defaultMinPartSize). No exported Option sets it, since the SDK never
	// sends smaller parts; this package's tests lower it through
	// WithMinPartSize in export_test.go.
	minPartSize int64
}

// Option configures a [Server].
type Option func(*config)

// WithoutDemoData starts the server with only the account, its users (each
// with a UserCalendar and notification methods) and the firm calendar: no
// practice areas, custom fields, templates, contacts or matters.
func WithoutDemoData() Option { return func(c *config) { c.demo = false } }

// InMemory serves without opening any port: [Server.HTTPClient] (and so
// [Server.Client]) call the handlers directly. URL and StorageURL become
// http://clio.test and http://storage.clio.test, which only that client can
// reach. Use it inside testing/synctest bubbles.
func InMemory() Option { return func(c *config) { c.inMemory = true } }

// DefaultRateLimit is the per-token limit per minute when none is set: high
// enough not to bind in tests, while every response carries the
// X-RateLimit headers as Clio's do.
const DefaultRateLimit = 10_000

// WithRateLimit limits each access token to n API requests per window
// (Clio: 50 per 60 s at peak; default [DefaultRateLimit] per minute). n <= 0
// turns the limit off, and then no X-RateLimit headers are sent, as from a
// server that does not rate-limit. The window starts with a token's first
// request.
func WithRateLimit(n int, window time.Duration) Option {
	return func(c *config) { c.rateLimit, c.rateWindow = n, window }
}

// WithTokenTTL sets how long issued access tokens last (default 30 days, as
// Clio Manage's do); expires_in in token responses reports it.
func WithTokenTTL(d time.Duration) Option { return func(c *config) { c.tokenTTL = d } }

// WithOAuthClient sets the OAuth application's client id and secret
// (default [DefaultClientID] and [DefaultClientSecret]).
func WithOAuthClient(id, secret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = id, secret }
}

// WithWebhookClient sets the HTTP client used for webhook handshakes and
// deliveries (default: a plain client with a 10 s timeout). Pass one whose
// transport reaches your receiver in memory when using [InMemory].
func WithWebhookClient(hc *http.Client) Option { return func(c *config) { c.webhookClient = hc } }

// The OAuth application credentials the server accepts by default.
const (
	DefaultClientID     = "cliotest-client-id"
	DefaultClientSecret = "cliotest-client-secret"
)

// NewServer starts a server for a test and closes it when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("cliotest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server; call Close when done. It is for programs (such as
// the examples); tests should use [NewServer].
func Start(opts ...Option) (*Server, error) {
	cfg := config{
		demo:         true,
		tokenTTL:     30 * 24 * time.Hour,
		clientID:     DefaultClientID,
		clientSecret: DefaultClientSecret,
		rateLimit:    DefaultRateLimit,
		rateWindow:   time.Minute,
		minPartSize:  defaultMinPartSize,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.webhookClient == nil {
		cfg.webhookClient = &http.Client{Timeout: 10 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
		cfg.ownWebhookClient = true
	}
	s := &Server{cfg: cfg, limits: map[string]*rateWindow{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.auth.init()
	s.initState()
	s.seedFirm()
	if cfg.demo {
		s.seedDemo()
	}
	if cfg.inMemory {
		s.apiURL, s.storageURL = "http://clio.test", "http://storage.clio.test"
		s.httpClient = &http.Client{Transport: &memTransport{s: s}}
		return s, nil
	}
	apiLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("cliotest: listening: %w", err)
	}
	storageLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		apiLn.Close()
		return nil, fmt.Errorf("cliotest: listening: %w", err)
	}
	s.apiURL, s.storageURL = "http://"+apiLn.Addr().String(), "http://"+storageLn.Addr().String()
	s.listen(apiLn, HostAPI)
	s.listen(storageLn, HostStorage)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	s.httpClient = &http.Client{Transport: tr}
	return s, nil
}

func (s *Server) listen(ln net.Listener, host Host) {
	srv := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(host, w, r) }),
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.servers = append(s.servers, srv)
	s.serveWG.Add(1)
	go func() {
		defer s.serveWG.Done()
		_ = srv.Serve(ln)
	}()
}

// Close stops the server: it aborts injected delays and webhook deliveries,
// waits briefly for requests in flight, closes the listeners and
// connections, and waits for its goroutines to exit. It is safe to call
// more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		for _, srv := range s.servers {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_ = srv.Shutdown(ctx)
			cancel()
			_ = srv.Close()
		}
		s.serveWG.Wait()
		s.httpClient.CloseIdleConnections()
		if s.cfg.ownWebhookClient {
			s.cfg.webhookClient.CloseIdleConnections()
		}
	})
}

// URL returns the API host's origin, e.g. "http://127.0.0.1:41234". The API
// is under /api/v4, OAuth under /oauth.
func (s *Server) URL() string { return s.apiURL }

// BaseURL returns the API base URL, URL() + "/api/v4", for clio.WithBaseURL.
func (s *Server) BaseURL() string { return s.apiURL + "/api/v4" }

// StorageURL returns the storage host's origin, where put_url uploads and
// download redirects point.
func (s *Server) StorageURL() string { return s.storageURL }

// HTTPClient returns an HTTP client that reaches both of the server's hosts
// (in memory with [InMemory]).
func (s *Server) HTTPClient() *http.Client { return s.httpClient }

// Client returns a *clio.Client wired to the server: its base URL, a fresh
// access token issued for the account owner (see [Server.IssueToken]) and
// the server's HTTP client. opts are applied last, so they can override any
// of these (e.g. clio.WithTokenSource, clio.WithRetryPolicy).
func (s *Server) Client(opts ...clio.Option) (*clio.Client, error) {
	tok := s.IssueToken()
	base := []clio.Option{
		clio.WithBaseURL(s.BaseURL()),
		clio.WithAccessToken(tok.AccessToken),
		clio.WithHTTPClient(s.httpClient),
		clio.WithStorageHTTPClient(s.httpClient), // storage may be the in-memory host too
	}
	return clio.NewClient(append(base, opts...)...)
}

// Host names which of the server's two hosts a request reached.
type Host string

// The server's hosts.
const (
	HostAPI     Host = "api"     // API and OAuth
	HostStorage Host = "storage" // file uploads and downloads
)

// response is a buffered answer, written after the lock is released.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) write(w http.ResponseWriter) {
	for k, vs := range r.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

// maxBody bounds request bodies: API bodies are small; uploads are held in
// memory.
const (
	maxAPIBody     = 10 << 20
	maxStorageBody = 512 << 20
)

// serve runs every request: log, faults, then the host's handler.
func (s *Server) serve(host Host, w http.ResponseWriter, r *http.Request) {
	entry := newEntry(host, r)
	defer s.recoverPanic(w, &entry)
	var rg routing
	if host == HostAPI && !strings.HasPrefix(r.URL.Path, "/oauth/") {
		rg = resolve(r.Method, r.URL.Path)
		entry.Operation, entry.Template = rg.operation()
		entry.PathIDs = rg.ids
	}
	limit := int64(maxAPIBody)
	if host == HostStorage {
		limit = maxStorageBody
	}
	raw, err := readBody(r, limit)
	entry.BodySize = int64(len(raw))
	if host == HostAPI && !strings.HasPrefix(r.URL.Path, "/oauth/") && len(raw) > 0 {
		entry.Body = raw // read into its own buffer and never written to again
		if len(raw) > MaxLoggedBody {
			entry.Body = slices.Clone(raw[:MaxLoggedBody]) // not holding the rest
		}
	}
	if err != nil {
		resp := jsonError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", err.Error())
		s.finish(w, &entry, resp)
		return
	}
	f := s.matchFault(host, r)
	if f != nil {
		entry.Fault = true
		if f.Delay > 0 && !s.sleep(r.Context(), f.Delay) {
			s.drop(w, &entry) // the client gave up, or the server is closing
			return
		}
		if !f.After {
			if f.Drop {
				s.drop(w, &entry)
				return
			}
			if f.Status != 0 {
				s.finish(w, &entry, f.response())
				return
			}
		}
	}
	var resp *response
	switch {
	case host == HostStorage:
		resp = s.serveStorage(r, raw)
	case strings.HasPrefix(r.URL.Path, "/oauth/"):
		resp = s.serveOAuth(r, raw)
	default:
		resp = s.serveAPI(r, raw, rg)
	}
	if f != nil && f.After {
		if f.Status != 0 {
			s.finish(w, &entry, f.response())
			return
		}
		s.drop(w, &entry)
		return
	}
	s.finish(w, &entry, resp)
}

// recoverPanic is serve's last defence: a panic in a handler (a bug in the
// fake) becomes a 500 with Clio's error envelope, logged, instead of
// ending the test binary (the in-memory transport runs handlers in the
// caller's goroutine) or a bare closed connection. The envelope names no
// record data; the panic and its stack go to the standard logger, as
// net/http does. Handlers release the lock with defer, so the server goes
// on answering. http.ErrAbortHandler (a hijacked, dropped connection)
// passes through.
func (s *Server) recoverPanic(w http.ResponseWriter, e *Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	log.Printf("cliotest: panic serving %s %s: %v\n%s", e.Method, e.Path, v, debug.Stack())
	if e.Status != 0 || e.Dropped {
		return // already answered: nothing more can be written
	}
	s.finish(w, e, jsonError(http.StatusInternalServerError, "InternalError",
		"cliotest failed to handle the request (a bug in cliotest; the panic is logged)"))
}

func (s *Server) finish(w http.ResponseWriter, e *Request, resp *response) {
	if resp.status == 0 {
		resp.status = http.StatusOK
	}
	e.Status = resp.status
	e.ResponseSize = int64(len(resp.body))
	s.record(*e)
	resp.write(w)
}

// sleep waits d, or until the request or the server is done; it reports
// whether the full delay passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}

func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(raw)) > limit {
		return raw[:limit], errors.New("request body too large")
	}
	return raw, err
}

func (s *Server) now() time.Time { return time.Now() }
