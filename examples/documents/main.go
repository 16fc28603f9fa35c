// Command documents uploads a file to a matter in Clio, downloads it back
// and checks that the SHA-256 of what came back equals what was sent.
//
// The upload runs Clio's three steps (create, PUT to the signed storage
// URL, finalise) and the download follows Clio's 303 to storage; the SDK
// never sends the Clio token to the storage host. Both directions stream
// through a progress counter, so the file is never held in memory. Without
// -file a sample of -size random bytes is generated in a temporary file.
//
// With no CLIO_* credentials it runs against the embedded fake Clio:
//
//	go run ./examples/documents -h
//	go run ./examples/documents -size 20MiB
//	go run ./examples/documents -file contract.pdf -matter 1234 -out copy.pdf
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	clio "github.com/clio-sdk/clio-go"
	"github.com/clio-sdk/clio-go/examples/internal/exampleenv"
)

// config is what the flags set.
type config struct {
	File     string // "" to generate a sample of Size bytes
	Size     byteSize
	Name     string // the document's name in Clio; default the file's base name
	MatterID int64  // 0: the first matter listed
	Out      string // "" for a temporary file, removed afterwards
	Progress time.Duration
	Yes      bool // upload to a real firm without asking
}

func main() { exampleenv.Main("documents", start) }

// start is main without the exit: flags, the connection, then the run.
func start(ctx context.Context, args []string, in io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		fmt.Fprintln(stderr, "documents:", err)
		return exampleenv.ErrUsage
	}
	env, err := exampleenv.Connect(stderr)
	if err != nil {
		return err
	}
	defer env.Close()
	// Uploading is a write: against a real firm, say which firm and ask.
	if err := env.ConfirmWrites(ctx, cfg.Yes, in, stderr); err != nil {
		return err
	}
	return run(ctx, env.Client, cfg, stdout, stderr)
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{Size: 5 << 20}
	fs := flag.NewFlagSet("documents", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.File, "file", "", "the file to upload (default: a generated sample of -size bytes)")
	fs.Var(&cfg.Size, "size", "size of the generated sample, e.g. 3145728, 512KiB or 5MiB (from 100MiB the upload goes in parts)")
	fs.StringVar(&cfg.Name, "name", "", "the document's name in Clio (default: the file's name)")
	fs.Int64Var(&cfg.MatterID, "matter", 0, "the matter id to file it under (default: the first matter listed)")
	fs.StringVar(&cfg.Out, "out", "", "where to save the download (default: a temporary file, removed afterwards)")
	fs.DurationVar(&cfg.Progress, "progress", 250*time.Millisecond, "how often to update the progress line on stderr")
	fs.BoolVar(&cfg.Yes, "yes", false, "upload to a real firm without asking (the fake never asks)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: documents [flags]\n\nUploads a file to a Clio matter, downloads it back and compares SHA-256 (the embedded fake Clio without CLIO_* credentials).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if cfg.File == "" && cfg.Size <= 0 {
		return cfg, errors.New("-size must be positive")
	}
	return cfg, nil
}

func run(ctx context.Context, c *clio.Client, cfg config, stdout, stderr io.Writer) error {
	path := cfg.File
	if path == "" {
		f, err := os.CreateTemp("", "clio-sample-*.bin")
		if err != nil {
			return err
		}
		path = f.Name()
		defer os.Remove(path)
		err = writeSample(f, int64(cfg.Size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("generating the sample: %w", err)
		}
	}
	name := cfg.Name
	if name == "" {
		name = filepath.Base(path)
	}

	matterID := cfg.MatterID
	if matterID == 0 {
		page, err := c.Matters.List(clio.MatterListParams{Limit: 1}, clio.Fields("display_number")).NextPage(ctx)
		if err != nil {
			return fmt.Errorf("finding a matter: %w", err)
		}
		if len(page) == 0 {
			return errors.New("the account has no matters: pass -matter")
		}
		matterID = page[0].ID
	}

	// Hash the file first, then upload it. The upload reads the file
	// again, through ReadAt at absolute offsets (so the hash pass's
	// position does not matter), which also lets the SDK resend a failed
	// storage PUT.
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	size := info.Size()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	sent := hex.EncodeToString(h.Sum(nil))

	up := &progress{w: stderr, every: cfg.Progress, verb: "upload", total: size}
	doc, err := c.Documents.Upload(ctx, clio.DocumentUpload{
		Name:    name,
		Parent:  clio.DocumentParent{ID: matterID, Type: clio.DocumentParentMatter},
		Content: &countingReaderAt{r: f, p: up},
		Size:    size,
	}, clio.Fields("name", "size"))
	up.finish(err)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "uploaded %q (%s) to matter %d as document %d\n", name, human(size), matterID, doc.ID)

	// Download into -out (or a temporary file), hashing as the bytes go by.
	out, err := createOut(cfg.Out)
	if err != nil {
		return err
	}
	defer out.Close()
	if cfg.Out == "" {
		defer os.Remove(out.Name())
	}
	body, dl, err := c.Documents.Download(ctx, doc.ID)
	if err != nil {
		return err
	}
	defer body.Close()
	total := dl.ContentLength
	if total < 0 {
		total = size
	}
	down := &progress{w: stderr, every: cfg.Progress, verb: "download", total: total}
	h.Reset()
	n, err := io.Copy(io.MultiWriter(out, h), &countingReader{r: body, p: down})
	down.finish(err)
	if err != nil {
		return fmt.Errorf("downloading: %w", err)
	}
	if err := out.Close(); err != nil {
		return err
	}
	got := hex.EncodeToString(h.Sum(nil))
	if cfg.Out != "" {
		fmt.Fprintf(stdout, "downloaded %s to %s\n", human(n), cfg.Out)
	} else {
		fmt.Fprintf(stdout, "downloaded %s (to a temporary file, now removed)\n", human(n))
	}
	if got != sent || n != size {
		return fmt.Errorf("the download differs: sent %d bytes with SHA-256 %s, got %d bytes with %s", size, sent, n, got)
	}
	fmt.Fprintf(stdout, "sha256 %s: identical\n", got)
	return nil
}

func createOut(path string) (*os.File, error) {
	if path == "" {
		return os.CreateTemp("", "clio-download-*")
	}
	return os.Create(path)
}

// writeSample writes n pseudo-random bytes, the same for every run.
func writeSample(w io.Writer, n int64) error {
	_, err := io.CopyN(w, rand.NewChaCha8([32]byte{'c', 'l', 'i', 'o'}), n)
	return err
}
