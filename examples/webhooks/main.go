// Command webhooks receives Clio webhooks: it listens on -listen,
// subscribes to a model's events at -url, answers Clio's activation
// handshake, verifies each delivery's signature and prints one line per
// delivery (model, event, webhook id, record id; never the record), renews
// the subscription at half its remaining lifetime, and deletes it on exit.
//
// Against Clio, -url must be a public https URL that reaches -listen (a
// tunnel or reverse proxy). It runs until -count deliveries have arrived,
// -duration has passed, or Ctrl-C.
//
// With no CLIO_* credentials it runs against the embedded fake Clio, which
// accepts the plain-http loopback listener as the URL; unless -count or
// -duration is given it creates a matter itself and exits after that
// delivery, so this completes on its own:
//
//	go run ./examples/webhooks
//	go run ./examples/webhooks -h
//	go run ./examples/webhooks -listen :8080 -url https://hooks.example.com/clio -count 5
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// maxLifetime keeps an hour's margin below Clio's 31 days for clock skew.
const maxLifetime = clio.MaxWebhookLifetime - time.Hour

// config is what the flags set.
type config struct {
	Listen   string
	URL      string // "" for the listener's own URL (the embedded fake only)
	Model    string
	Events   []clio.WebhookEvents
	Lifetime time.Duration
	Count    int
	Duration time.Duration
	Yes      bool // write to a real firm without asking

	// trigger, when set, runs once the webhook is enabled to make events
	// happen (the embedded fake and the tests use it).
	trigger func(ctx context.Context, c *clio.Client) error
}

func main() { exampleenv.Main("webhooks", start) }

// start is main without the exit: flags, the connection, then the run.
func start(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		fmt.Fprintln(stderr, "webhooks:", err)
		return exampleenv.ErrUsage
	}
	env, err := exampleenv.Connect(stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	switch {
	case env.Fake == nil && cfg.URL == "":
		return errors.New("-url is required against Clio: the public https URL that reaches -listen")
	case env.Fake != nil && cfg.Count == 0 && cfg.Duration == 0:
		// Nothing else can reach the in-process fake: make one event.
		if cfg.Model != "matter" || !slices.Contains(cfg.Events, clio.WebhookEventsCreated) {
			return errors.New("with the embedded fake and no -count or -duration, use -model matter and include created in -events")
		}
		cfg.Count, cfg.trigger = 1, createMatter(env.Fake.Demo().JaneDoeID, stderr)
	}
	// Creating a webhook is a write: against a real firm, say which firm
	// and ask first.
	if err := env.ConfirmWrites(ctx, cfg.Yes, in, stderr); err != nil {
		return err
	}
	return run(ctx, env.Client, cfg, stdout, stderr)
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	var events string
	fs := flag.NewFlagSet("webhooks", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:0", "address to receive deliveries on")
	fs.StringVar(&cfg.URL, "url", "", "the public https URL to register, which must reach -listen (default with the embedded fake: the listener's own http URL)")
	fs.StringVar(&cfg.Model, "model", "matter", "the model to watch: matter, contact, task, document, ...")
	fs.StringVar(&events, "events", "created,updated", "comma-separated events: created, updated, deleted, matter_opened, matter_pended, matter_closed")
	fs.DurationVar(&cfg.Lifetime, "lifetime", 7*24*time.Hour, "subscription lifetime, renewed at half; at most 31 days less an hour (longer is capped)")
	fs.IntVar(&cfg.Count, "count", 0, "exit after this many deliveries (0: no limit)")
	fs.DurationVar(&cfg.Duration, "duration", 0, "exit after this long (0: no limit)")
	fs.BoolVar(&cfg.Yes, "yes", false, "create the webhook in a real firm without asking (the fake never asks)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: webhooks [flags]\n\nSubscribes to Clio webhooks and prints each verified delivery (the embedded fake Clio without CLIO_* credentials).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for e := range strings.SplitSeq(events, ",") {
		if e = strings.TrimSpace(e); e != "" {
			cfg.Events = append(cfg.Events, clio.WebhookEvents(e))
		}
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	case len(cfg.Events) == 0:
		return cfg, errors.New("-events is empty")
	case cfg.Lifetime <= 0:
		return cfg, errors.New("-lifetime must be positive")
	case cfg.Count < 0 || cfg.Duration < 0:
		return cfg, errors.New("-count and -duration must not be negative")
	}
	cfg.Lifetime = min(cfg.Lifetime, maxLifetime)
	return cfg, nil
}

func run(ctx context.Context, c *clio.Client, cfg config, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	target := cfg.URL
	if target == "" {
		target = "http://" + ln.Addr().String() + "/"
	}

	// The receiver: it accepts only the handshake of the webhook Subscribe
	// creates below, checks signatures against that webhook's secret, and
	// OnEvent prints one line per delivery.
	var (
		mu   sync.Mutex
		n    int
		done = make(chan struct{})
	)
	handler, err := clio.NewWebhookHandler(clio.WebhookHandlerConfig{
		Store: clio.NewWebhookSecrets(),
		OnEvent: func(_ context.Context, ev clio.WebhookEvent) error {
			rec, err := clio.DecodeWebhookData[struct {
				ID int64 `json:"id"`
			}](ev)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			n++
			fmt.Fprintf(stdout, "delivery %d: model=%s event=%s webhook=%d record=%d\n", n, cfg.Model, ev.Event, ev.WebhookID, rec.ID)
			if n == cfg.Count {
				close(done)
			}
			return nil
		},
	})
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	defer srv.Close()
	fmt.Fprintf(stderr, "Listening on %s; registering %s.\n", ln.Addr(), target)

	// Subscribe creates the webhook and has the handler accept its
	// handshake (or, when Clio sent it before Create returned, activates
	// the webhook with PUT .../activate).
	hook, err := c.Webhooks.Subscribe(ctx, handler, clio.WebhookCreate{
		URL: target, Model: clio.WebhookModel(cfg.Model), Events: cfg.Events, ExpiresAt: clio.Time(time.Now().Add(cfg.Lifetime)),
	}, clio.Fields("status", "expires_at", "shared_secret"))
	if hook != nil {
		defer func() { // runs before srv.Close, and even after Ctrl-C
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := c.Webhooks.Delete(dctx, hook.ID); err != nil {
				fmt.Fprintf(stderr, "deleting webhook %d: %v\n", hook.ID, err)
				return
			}
			fmt.Fprintf(stdout, "deleted webhook %d\n", hook.ID)
		}()
	}
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	expires := hook.ExpiresAt
	fmt.Fprintf(stdout, "created webhook %d: %s %s, expires %s\n", hook.ID, cfg.Model, joinEvents(cfg.Events), expires.Format(time.RFC3339))
	if hook.Status == clio.WebhookStatusEnabled {
		fmt.Fprintf(stdout, "webhook %d enabled\n", hook.ID)
	} else {
		fmt.Fprintf(stdout, "webhook %d pending: its handshake will be accepted when Clio sends it\n", hook.ID)
	}

	// The trigger (the embedded fake and the tests only) needs the webhook
	// enabled: the fake sends its handshake during Create, so Subscribe
	// has activated it by now.
	triggered := make(chan error, 1)
	if cfg.trigger != nil {
		go func() { triggered <- cfg.trigger(ctx, c) }()
	}

	renew := time.NewTimer(time.Until(expires) / 2)
	defer renew.Stop()
	var timeout <-chan time.Time
	if cfg.Duration > 0 {
		t := time.NewTimer(cfg.Duration)
		defer t.Stop()
		timeout = t.C
	}
	for {
		select {
		case <-done:
			if cfg.trigger != nil && triggered != nil {
				// The delivery can beat the trigger's own answer: let it
				// finish (and print) before the program exits.
				select {
				case err := <-triggered:
					if err != nil {
						return fmt.Errorf("triggering an event: %w", err)
					}
				case <-ctx.Done():
				}
			}
			return nil
		case <-timeout:
			fmt.Fprintf(stderr, "-duration %s passed.\n", cfg.Duration)
			return nil
		case <-ctx.Done():
			fmt.Fprintln(stderr, "Interrupted.")
			return nil
		case err := <-serveErr:
			return fmt.Errorf("receiver: %w", err)
		case err := <-triggered:
			triggered = nil // received: the done case must not wait for it
			if err != nil {
				return fmt.Errorf("triggering an event: %w", err)
			}
		case <-renew.C:
			next, err := c.Webhooks.Renew(ctx, hook.ID, "", cfg.Lifetime)
			if err != nil {
				if !time.Now().Before(expires) {
					return fmt.Errorf("webhook %d expired: renewing failed: %w", hook.ID, err)
				}
				fmt.Fprintf(stderr, "renewing webhook %d: %v (will retry)\n", hook.ID, err)
				renew.Reset(min(time.Minute, time.Until(expires)/2))
				continue
			}
			expires = next.ExpiresAt
			fmt.Fprintf(stdout, "renewed webhook %d until %s\n", hook.ID, expires.Format(time.RFC3339))
			renew.Reset(time.Until(expires) / 2)
		}
	}
}
