// Package exampleenv connects the example programs to Clio: to real Clio
// when credentials are in the environment, and otherwise to the fake Clio
// from cliotest, started in-process with demo data.
//
// Environment:
//
//	CLIO_ACCESS_TOKEN                                        a ready access token, or
//	CLIO_CLIENT_ID, CLIO_CLIENT_SECRET, CLIO_REFRESH_TOKEN   all three, to refresh one
//	CLIO_REGION                                              us (default), eu, ca or au
//	CLIO_BASE_URL                                            any other API base URL, ending in /api/v4;
//	                                                         OAuth then goes to its host too (clio.OAuthEndpointFor)
//
// With none of them set the examples use the embedded fake. Anything in
// between is an error, never a silent fall-back to the fake: part of the
// refresh credentials, an unknown region, or a region or base URL without
// credentials.
package exampleenv

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"golang.org/x/oauth2"
)

// Env is a connection made by [Connect].
type Env struct {
	Client *clio.Client
	Fake   *cliotest.Server // the embedded fake, or nil against real Clio

	requests *countingTransport
}

// Requests reports how many HTTP requests the client has sent (retries,
// token refreshes and storage transfers included).
func (e *Env) Requests() int64 { return e.requests.n.Load() }

// countingTransport counts the requests that pass through it.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

// counted returns a copy of hc whose transport counts requests.
func counted(hc *http.Client) (*http.Client, *countingTransport) {
	cp := *hc
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	ct := &countingTransport{base: base}
	cp.Transport = ct
	return &cp, ct
}

// transport carries the requests to real Clio: the SDK's own transport
// (timeouts, a connection pool sized for concurrent use); tests replace it.
var transport http.RoundTripper = clio.NewTransport()

// Close stops the embedded fake, if one was started.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Connect builds a client from the environment (see the package comment);
// with no CLIO_* variables it starts the embedded fake Clio and prints one
// line saying so on w. opts are applied to the client last.
func Connect(w io.Writer, opts ...clio.Option) (*Env, error) {
	return connect(os.Getenv, w, opts...)
}

// APIOptions returns the client options for where CLIO_BASE_URL or
// CLIO_REGION point: WithBaseURL when the base URL is set, else WithRegion.
// An unknown region is an error.
func APIOptions(getenv func(string) string) ([]clio.Option, error) {
	region, err := regionOf(getenv)
	if err != nil {
		return nil, err
	}
	if u := getenv("CLIO_BASE_URL"); u != "" {
		return []clio.Option{clio.WithBaseURL(u)}, nil
	}
	return []clio.Option{clio.WithRegion(region)}, nil
}

// OAuthConfig returns the configuration of the OAuth application in
// CLIO_CLIENT_ID and CLIO_CLIENT_SECRET (both needed). Its endpoints come
// from CLIO_BASE_URL when that is set, so the client secret and tokens go
// to that host and never to app.clio.com, and from CLIO_REGION otherwise.
func OAuthConfig(getenv func(string) string, redirectURL string) (*oauth2.Config, error) {
	id, secret := getenv("CLIO_CLIENT_ID"), getenv("CLIO_CLIENT_SECRET")
	if id == "" || secret == "" {
		return nil, errors.New("set both CLIO_CLIENT_ID and CLIO_CLIENT_SECRET")
	}
	region, err := regionOf(getenv)
	if err != nil {
		return nil, err
	}
	var ep oauth2.Endpoint
	if u := getenv("CLIO_BASE_URL"); u != "" {
		ep, err = clio.OAuthEndpointFor(u)
	} else {
		ep, err = clio.OAuthEndpoint(region)
	}
	if err != nil {
		return nil, fmt.Errorf("CLIO_BASE_URL: %w", err)
	}
	return &oauth2.Config{ClientID: id, ClientSecret: secret, RedirectURL: redirectURL, Endpoint: ep}, nil
}

// regionOf reads CLIO_REGION (default us); an unknown region is an error.
func regionOf(getenv func(string) string) (clio.Region, error) {
	raw := getenv("CLIO_REGION")
	if raw == "" {
		return clio.RegionUS, nil
	}
	region := clio.Region(strings.ToLower(strings.TrimSpace(raw)))
	if _, err := region.Host(); err != nil {
		return "", fmt.Errorf("CLIO_REGION=%q is not a Clio region: want us, eu, ca or au", raw)
	}
	return region, nil
}

// refreshVars are the variables a refreshing token source needs, all three.
var refreshVars = []string{"CLIO_CLIENT_ID", "CLIO_CLIENT_SECRET", "CLIO_REFRESH_TOKEN"}

func connect(getenv func(string) string, w io.Writer, opts ...clio.Option) (*Env, error) {
	base, err := APIOptions(getenv)
	if err != nil {
		return nil, err
	}
	var set, missing []string
	for _, v := range refreshVars {
		if getenv(v) != "" {
			set = append(set, v)
		} else {
			missing = append(missing, v)
		}
	}
	hc, ct := counted(&http.Client{Transport: transport})
	switch {
	case getenv("CLIO_ACCESS_TOKEN") != "":
		base = append(base, clio.WithAccessToken(getenv("CLIO_ACCESS_TOKEN")))
	case len(set) > 0:
		if len(missing) > 0 {
			return nil, fmt.Errorf("%s set but %s missing: set all three (or CLIO_ACCESS_TOKEN), or none to use the embedded fake",
				strings.Join(set, ", "), strings.Join(missing, ", "))
		}
		cfg, err := OAuthConfig(getenv, "")
		if err != nil {
			return nil, err
		}
		// Clio Manage does not rotate refresh tokens, so nothing needs saving here.
		ts := clio.NewTokenSource(cfg, &oauth2.Token{RefreshToken: getenv("CLIO_REFRESH_TOKEN")}, nil, clio.WithTokenHTTPClient(hc))
		base = append(base, clio.WithTokenSource(ts))
	case getenv("CLIO_BASE_URL") != "" || getenv("CLIO_REGION") != "":
		return nil, errors.New("CLIO_BASE_URL or CLIO_REGION is set but no credentials: set CLIO_ACCESS_TOKEN or CLIO_CLIENT_ID, CLIO_CLIENT_SECRET and CLIO_REFRESH_TOKEN, or unset them all to use the embedded fake")
	default:
		srv, err := cliotest.Start()
		if err != nil {
			return nil, fmt.Errorf("starting the embedded fake Clio: %w", err)
		}
		fhc, fct := counted(srv.HTTPClient())
		c, err := srv.Client(append([]clio.Option{clio.WithHTTPClient(fhc)}, opts...)...)
		if err != nil {
			srv.Close()
			return nil, err
		}
		fmt.Fprintf(w, "No CLIO_* credentials set: using the embedded fake Clio at %s (demo firm %q).\n", srv.BaseURL(), srv.Demo().AccountName)
		return &Env{Client: c, Fake: srv, requests: fct}, nil
	}
	c, err := clio.NewClient(append(append(base, clio.WithHTTPClient(hc)), opts...)...)
	if err != nil {
		return nil, err
	}
	return &Env{Client: c, requests: ct}, nil
}

// Terminal returns standard input when it is a terminal, for
// [Env.ConfirmWrites] to read a typed confirmation from; nil otherwise.
func Terminal() io.Reader {
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return os.Stdin
	}
	return nil
}

// ConfirmWrites guards an example that writes to the firm; call it before
// the first write. Against the embedded fake it returns nil and sends
// nothing. Against a real firm it prints on out which firm and user the
// token writes as (one who_am_i request), then returns nil only when yes is
// set (the example's -yes flag) or the user types "yes" on in (a terminal,
// see [Terminal]; nil when there is none). Otherwise it returns an error and
// the example must stop.
func (e *Env) ConfirmWrites(ctx context.Context, yes bool, in io.Reader, out io.Writer) error {
	if e.Fake != nil {
		return nil
	}
	me, err := e.Client.Users.WhoAmI(ctx, clio.Fields("id", "name", "email", clio.Nested("account", "id", "name")))
	if err != nil {
		return fmt.Errorf("reading who the token acts for: %w", err)
	}
	firm := "(unknown firm)"
	if me.Account != nil {
		firm = fmt.Sprintf("%q (account %d)", me.Account.Name, me.Account.ID)
	}
	fmt.Fprintf(out, "This writes to the real Clio firm %s at %s, as %s <%s> (user %d).\n", firm, e.Client.BaseURL(), me.Name, me.Email, me.ID)
	if yes {
		return nil
	}
	if in == nil {
		return errors.New("refusing to write to a real firm without -yes; nothing was written")
	}
	fmt.Fprint(out, `Type "yes" to go on: `)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return errors.New("not confirmed; nothing was written")
	}
	return nil
}

// ErrUsage marks a bad flag that an example's start function has already
// reported; [Main] exits with status 2 for it.
var ErrUsage = errors.New("usage")

// Main runs an example's start function with the process's arguments, a
// context that ends on Ctrl-C, and the terminal for confirmations, then
// exits: 0 on success or -h, 2 for ErrUsage, 1 for any other error
// (printed as "name: error").
func Main(name string, start func(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := start(ctx, os.Args[1:], Terminal(), os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, ErrUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
