// Package clio is a typed client for the Clio Manage API v4, the API of the
// legal practice-management system.
//
// This program prints who a token acts for and the firm's open matters.
// With CLIO_ACCESS_TOKEN set it asks Clio (US region) with that fixed token
// ([WithAccessToken]); without it, it starts a fake Clio with a demo firm
// in the process (cliotest.Start), so it runs with no credentials:
//
//	// Command openmatters prints who a Clio token acts for and the firm's open
//	// matters. With CLIO_ACCESS_TOKEN set it asks Clio (US region); without it,
//	// a fake Clio with a demo firm, started in the process.
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"io"
//		"log"
//		"os"
//
//		clio "github.com/clio-sdk/clio-go"
//		"github.com/clio-sdk/clio-go/cliotest"
//	)
//
//	func main() {
//		if err := run(context.Background()); err != nil {
//			log.Fatal(err)
//		}
//	}
//
//	func run(ctx context.Context) error {
//		opts := []clio.Option{clio.WithRegion(clio.RegionUS), clio.WithAccessToken(os.Getenv("CLIO_ACCESS_TOKEN"))}
//		if os.Getenv("CLIO_ACCESS_TOKEN") == "" {
//			// No credentials: a fake Clio with a demo firm (package cliotest).
//			srv, err := cliotest.Start()
//			if err != nil {
//				return err
//			}
//			defer srv.Close()
//			opts = []clio.Option{clio.WithBaseURL(srv.BaseURL()), clio.WithAccessToken(srv.IssueToken().AccessToken)}
//		}
//		client, err := clio.NewClient(opts...)
//		if err != nil {
//			return err
//		}
//		return printOpenMatters(ctx, client, os.Stdout)
//	}
//
//	// printOpenMatters prints the user the token acts for, then every open
//	// matter, paging through the list in constant memory.
//	func printOpenMatters(ctx context.Context, client *clio.Client, w io.Writer) error {
//		me, err := client.Users.WhoAmI(ctx, clio.Fields("name"))
//		if err != nil {
//			return err
//		}
//		fmt.Fprintln(w, "connected as", me.Name)
//		open := clio.MatterListParams{Status: []clio.MatterStatus{clio.MatterStatusOpen}}
//		for m, err := range client.Matters.List(open, clio.Fields("display_number", "description")).All(ctx) {
//			if err != nil {
//				return err
//			}
//			fmt.Fprintf(w, "%s  %s\n", m.DisplayNumber, m.Description)
//		}
//		return nil
//	}
//
// Test your own code the same way: cliotest.NewServer starts the fake for
// one test and closes it when the test ends. Beside the program, as
// main_test.go:
//
//	package main
//
//	import (
//		"context"
//		"strings"
//		"testing"
//
//		clio "github.com/clio-sdk/clio-go"
//		"github.com/clio-sdk/clio-go/cliotest"
//	)
//
//	func TestPrintOpenMatters(t *testing.T) {
//		srv := cliotest.NewServer(t) // a fake Clio with a demo firm, closed when the test ends
//		client, err := srv.Client()  // a *clio.Client wired to it
//		if err != nil {
//			t.Fatal(err)
//		}
//		ctx := context.Background()
//		_, err = client.Matters.Create(ctx, clio.MatterCreate{
//			Client: clio.Ref{ID: srv.Demo().JaneDoeID}, Description: "Old dispute", Status: clio.MatterStatusClosed,
//		})
//		if err != nil {
//			t.Fatal(err)
//		}
//
//		var out strings.Builder
//		if err := printOpenMatters(ctx, client, &out); err != nil {
//			t.Fatal(err)
//		}
//		got := out.String()
//		if !strings.Contains(got, "connected as Maya Patel") || !strings.Contains(got, "Rear-end collision") {
//			t.Errorf("want the user and the open matters, got:\n%s", got)
//		}
//		if strings.Contains(got, "Old dispute") {
//			t.Errorf("a closed matter is listed:\n%s", got)
//		}
//	}
//
// The package is clio, but its import path ends in clio-go, so go doc needs
// the import path:
//
//	go doc github.com/clio-sdk/clio-go.ActivitiesService
//	go doc github.com/clio-sdk/clio-go ActivitiesService.Create
//
// (go doc clio.ActivitiesService finds nothing.) Every method's doc comment
// names its operationId, such as Matter#show.
//
// # Services and calls
//
// A [Client] is built from functional options. A program that acts for a
// firm over time uses an OAuth2 token source that refreshes:
//
//	client, err := clio.NewClient(clio.WithRegion(clio.RegionUS), clio.WithTokenSource(ts))
//	m, err := client.Matters.Get(ctx, id)
//	for a, err := range client.Activities.List(clio.ActivityListParams{MatterID: id}).All(ctx) { ... }
//
// It has one service per resource of the API (84, such as client.Matters,
// client.Activities, client.Bills), and one method per operation (282; see
// [Operations] and docs/operations.md, which also lists the hand-written
// conveniences such as [CustomFieldsService.SetMatterValues]), all of one
// shape: ctx, the path ids, for Update the etag, the params or body, then
// call options ([CallOption]: [Fields], [WithHeader], [IfNoneMatch],
// [WithResponseInto], ...). List returns a [Pager] that streams in constant
// memory.
//
// Every request goes through one executor that sends the bearer token only
// under the API base URL, paces itself by Clio's rate-limit headers, retries
// 429s on any method and transient failures only on idempotent methods, never
// resends a write whose outcome is unknown ([MayHaveApplied]), and returns
// typed errors ([APIError], [ArgumentError], [DecodeError]).
//
// Clio returns only id and etag unless a request names its fields, so every
// service sends a documented default field set and accepts an explicit
// selection built with [Fields] and [Nested], validated against a catalog
// generated from Clio's OpenAPI spec before the request leaves.
//
// Models (models_gen.go), the fields catalog (catalog_gen.go) and the
// services with their parameters and request bodies (services_gen.go) are
// generated by internal/gen from a facts-only index of Clio's OpenAPI spec
// committed beside it; run go generate ./... to refresh them. Package
// cliotest is a fake Clio to test code against.
package clio

//go:generate go run ./internal/gen -out .
