// Command refreshworker is one process of a fleet sharing a Clio token
// through a redislimit.TokenStore, for the module's multi-process tests. It
// waits until its standard input closes (so a test can start many at once),
// gets a token from the shared store (refreshing it if needed), calls
// Users.WhoAmI with it and prints "ok <user name>".
//
// Settings come from the environment: REDIS_ADDR, CLIO_BASE_URL (a test
// server's ".../api/v4"), TOKEN_NAME, TOKEN_KEY (64 hex digits), LOCK_TTL
// (a duration) and WORKER (sent as the X-Worker header, so the test server
// knows who asks).
package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/redislimit"
	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "refreshworker:", err)
		os.Exit(1)
	}
}

// workerTransport marks each request with the worker's id.
type workerTransport struct{ id string }

func (w workerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-Worker", w.id)
	return http.DefaultTransport.RoundTrip(req)
}

func run() error {
	io.Copy(io.Discard, os.Stdin) // the start signal: stdin closes
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()

	key, err := hex.DecodeString(os.Getenv("TOKEN_KEY"))
	if err != nil {
		return fmt.Errorf("TOKEN_KEY: %w", err)
	}
	ttl, err := time.ParseDuration(os.Getenv("LOCK_TTL"))
	if err != nil {
		return fmt.Errorf("LOCK_TTL: %w", err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()
	store, err := redislimit.NewTokenStore(rdb, os.Getenv("TOKEN_NAME"), key, redislimit.WithLockTTL(ttl))
	if err != nil {
		return err
	}
	base := os.Getenv("CLIO_BASE_URL")
	ep, err := clio.OAuthEndpointFor(base)
	if err != nil {
		return err
	}
	hc := &http.Client{Transport: workerTransport{id: os.Getenv("WORKER")}}
	cfg := &oauth2.Config{ClientID: "fleet-client", ClientSecret: "fleet-client-secret", Endpoint: ep}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	// No token of its own: the fleet's token is in the store.
	ts := clio.NewTokenSource(cfg, nil, store, clio.WithTokenHTTPClient(hc), clio.WithTokenLogger(logger))
	client, err := clio.NewClient(clio.WithBaseURL(base), clio.WithTokenSource(ts), clio.WithHTTPClient(hc), clio.WithLogger(logger))
	if err != nil {
		return err
	}
	me, err := client.Users.WhoAmI(ctx, clio.Fields("name"))
	if err != nil {
		return err
	}
	fmt.Println("ok", me.Name)
	return nil
}
