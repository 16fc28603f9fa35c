// Command oauth runs Clio's authorization-code flow with a local callback
// and stores the token in a file readable only by you (mode 0600).
//
// With CLIO_CLIENT_ID and CLIO_CLIENT_SECRET set it prints the Clio
// authorization URL for you to open, and waits for Clio to redirect back to
// -redirect (register that URL in your Clio developer application). The
// OAuth endpoints are those of CLIO_REGION, or, when CLIO_BASE_URL is set,
// those beside that base URL (see clio.OAuthEndpointFor), so the client
// secret never goes to another host. With no CLIO_* variables it runs the
// whole flow against the embedded fake Clio, playing the browser itself; it
// then refuses to overwrite an existing -token-file with a fake token.
//
//	go run ./examples/oauth [-token-file clio-token.json] [-redirect http://127.0.0.1:8765/callback]
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/cliotest"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
	"golang.org/x/oauth2"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oauth:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("oauth", flag.ContinueOnError)
	tokenFile := fs.String("token-file", "clio-token.json", "where to store the token (mode 0600)")
	redirect := fs.String("redirect", "http://127.0.0.1:8765/callback", "the callback URL registered with your Clio app (real Clio only)")
	timeout := fs.Duration("timeout", 5*time.Minute, "how long the whole flow may take, waiting for the callback included")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var (
		fake     *cliotest.Server
		clientOp []clio.Option
	)
	switch {
	case getenv("CLIO_CLIENT_ID") != "" || getenv("CLIO_CLIENT_SECRET") != "":
		// Checked here too, before anything listens or is printed.
		if _, err := exampleenv.OAuthConfig(getenv, *redirect); err != nil {
			return err
		}
		opts, err := exampleenv.APIOptions(getenv)
		if err != nil {
			return err
		}
		clientOp = opts
	case getenv("CLIO_BASE_URL") != "" || getenv("CLIO_REGION") != "":
		return errors.New("CLIO_BASE_URL or CLIO_REGION is set but CLIO_CLIENT_ID and CLIO_CLIENT_SECRET are not: set both, or unset them all to use the embedded fake")
	default:
		// A fake token must never replace a real one.
		switch _, err := os.Lstat(*tokenFile); {
		case err == nil:
			return fmt.Errorf("%s already exists: the embedded fake would overwrite it with a fake token; pass another -token-file", *tokenFile)
		case !errors.Is(err, os.ErrNotExist):
			return err
		}
		var err error
		if fake, err = cliotest.Start(); err != nil {
			return err
		}
		defer fake.Close()
		fmt.Fprintf(out, "No CLIO_CLIENT_ID set: using the embedded fake Clio at %s.\n", fake.URL())
		*redirect = "http://127.0.0.1:0/callback" // any free port; the fake accepts it
		clientOp = append(clientOp, clio.WithBaseURL(fake.BaseURL()), clio.WithHTTPClient(fake.HTTPClient()))
	}

	// The local callback server. The redirect URI Clio sees names the port
	// actually listened on (":0" picks a free one).
	cb, err := url.Parse(*redirect)
	if err != nil {
		return fmt.Errorf("bad -redirect: %w", err)
	}
	ln, err := net.Listen("tcp", cb.Host)
	if err != nil {
		return err
	}
	cb.Host = ln.Addr().String()
	var cfg *oauth2.Config
	if fake != nil {
		cfg = fake.OAuthConfig(cb.String())
	} else if cfg, err = exampleenv.OAuthConfig(getenv, cb.String()); err != nil {
		ln.Close()
		return err
	}
	state := randomState()
	codes := make(chan string, 1)
	errs := make(chan error, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case r.URL.Path != cb.Path:
			http.NotFound(w, r)
			return
		case q.Get("state") != state:
			errs <- errors.New("callback state does not match: possible forgery, ignoring it")
			http.Error(w, "state mismatch", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			errs <- fmt.Errorf("authorization declined: %s", q.Get("error"))
			fmt.Fprintln(w, "Authorization declined. You can close this window.")
			return
		}
		codes <- q.Get("code")
		fmt.Fprintln(w, "Connected to Clio. You can close this window.")
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	authURL := cfg.AuthCodeURL(state)
	if fake != nil {
		// Play the browser: the fake approves at once and redirects back.
		resp, err := fake.HTTPClient().Get(authURL)
		if err != nil {
			return err
		}
		resp.Body.Close()
	} else {
		fmt.Fprintf(out, "Open this URL in your browser and approve access:\n\n  %s\n\n", authURL)
	}

	var code string
	select {
	case code = <-codes:
	case err := <-errs:
		return err
	case <-ctx.Done():
		return fmt.Errorf("no callback: %w", ctx.Err())
	}

	store := fileStore(*tokenFile)
	if fake != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, fake.HTTPClient())
	}
	tok, err := clio.Exchange(ctx, cfg, code, store)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Token stored in %s (mode 0600), expires %s.\n", *tokenFile, tok.Expiry.Format(time.RFC3339))

	// Use it: the token source refreshes and saves through the same store.
	var tsOpts []clio.TokenSourceOption
	if fake != nil {
		tsOpts = append(tsOpts, clio.WithTokenHTTPClient(fake.HTTPClient()))
	}
	ts := clio.NewTokenSource(cfg, tok, store, tsOpts...)
	client, err := clio.NewClient(append(clientOp, clio.WithTokenSource(ts))...)
	if err != nil {
		return err
	}
	me, err := client.Users.WhoAmI(ctx, clio.Fields("name", clio.Nested("account", "name")))
	if err != nil {
		return err
	}
	firm := ""
	if me.Account != nil {
		firm = me.Account.Name
	}
	fmt.Fprintf(out, "Connected as %s at %s.\n", me.Name, firm)
	return nil
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// fileStore saves tokens as JSON in a file only its owner can read. It
// writes a temporary file and renames it, so a crash never leaves half a
// token behind.
type fileStore string

func (f fileStore) Save(_ context.Context, tok *oauth2.Token) error {
	b, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(string(f)), ".clio-token-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	// os.CreateTemp makes the file with mode 0600.
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), string(f))
}
