// Package exampleenv connects the example programs to Clio: to real Clio
// when credentials are in the environment, and otherwise to the fake Clio
// from cliotest, started in-process with demo data.
//
// Environment:
//
//	CLIO_ACCESS_TOKEN                                  a ready access token, or
//	CLIO_CLIENT_ID, CLIO_CLIENT_SECRET, CLIO_REFRESH_TOKEN   to refresh one
//	CLIO_REGION                                        us (default), eu, ca or au
//	CLIO_BASE_URL                                      any other API base URL
package exampleenv

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
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

// Requests reports how many HTTP requests the client has sent (retries
// and storage transfers included).
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

// Close stops the embedded fake, if one was started.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Connect builds a client from the environment (see the package comment);
// with no credentials it starts the embedded fake Clio and prints one line
// saying so on w. opts are applied to the client last.
func Connect(w io.Writer, opts ...clio.Option) (*Env, error) {
	return connect(os.Getenv, w, opts...)
}

func connect(getenv func(string) string, w io.Writer, opts ...clio.Option) (*Env, error) {
	var base []clio.Option
	region := clio.Region(strings.ToLower(getenv("CLIO_REGION")))
	if region != "" {
		base = append(base, clio.WithRegion(region))
	} else {
		region = clio.RegionUS
	}
	if u := getenv("CLIO_BASE_URL"); u != "" {
		base = append(base, clio.WithBaseURL(u))
	}
	switch {
	case getenv("CLIO_ACCESS_TOKEN") != "":
		base = append(base, clio.WithAccessToken(getenv("CLIO_ACCESS_TOKEN")))
	case getenv("CLIO_REFRESH_TOKEN") != "":
		id, secret := getenv("CLIO_CLIENT_ID"), getenv("CLIO_CLIENT_SECRET")
		if id == "" || secret == "" {
			return nil, errors.New("CLIO_REFRESH_TOKEN needs CLIO_CLIENT_ID and CLIO_CLIENT_SECRET")
		}
		cfg := clio.OAuthConfig(region, id, secret, "")
		// Clio Manage does not rotate refresh tokens, so nothing needs saving here.
		ts := clio.NewTokenSource(cfg, &oauth2.Token{RefreshToken: getenv("CLIO_REFRESH_TOKEN")}, nil)
		base = append(base, clio.WithTokenSource(ts))
	default:
		srv, err := cliotest.Start()
		if err != nil {
			return nil, fmt.Errorf("starting the embedded fake Clio: %w", err)
		}
		hc, ct := counted(srv.HTTPClient())
		c, err := srv.Client(append([]clio.Option{clio.WithHTTPClient(hc)}, opts...)...)
		if err != nil {
			srv.Close()
			return nil, err
		}
		fmt.Fprintf(w, "No CLIO_* credentials set: using the embedded fake Clio at %s (demo firm %q).\n", srv.BaseURL(), srv.Demo().AccountName)
		return &Env{Client: c, Fake: srv, requests: ct}, nil
	}
	hc, ct := counted(&http.Client{})
	c, err := clio.NewClient(append(append(base, clio.WithHTTPClient(hc)), opts...)...)
	if err != nil {
		return nil, err
	}
	return &Env{Client: c, requests: ct}, nil
}
