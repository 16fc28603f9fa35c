package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// repoRoot is the repository root seen from this package's directory.
const repoRoot = "../.."

// specForTest returns the spec's path, or skips the test when the spec is
// not checked out beside the repository (a fresh clone has no ../shared).
func specForTest(t *testing.T) string {
	t.Helper()
	p := filepath.Join(repoRoot, defaultSpec)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("Clio's OpenAPI spec is not at %s (it lives outside the repository); generated files not checked", p)
	}
	return p
}

// TestGeneratedFilesUpToDate regenerates the models and the catalog and
// compares them with the committed files byte for byte.
func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := generate(specForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"models_gen.go", "catalog_gen.go"} {
		committed, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, files[name]) {
			t.Errorf("%s is out of date: run go generate ./... from the repository root", name)
		}
	}
}

// TestGenerateDeterministic runs the generator twice on the same spec.
func TestGenerateDeterministic(t *testing.T) {
	spec := specForTest(t)
	a, err := generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

var generatedHeader = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// TestGenerateRunWritesFiles checks run's output files and their header on
// a small synthetic spec, so it runs without the real one.
func TestGenerateRunWritesFiles(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "mini.json")
	if err := os.WriteFile(specPath, []byte(miniSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(specPath, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"models_gen.go", "catalog_gen.go"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(b, []byte("\n"))
		if !generatedHeader.Match(first) {
			t.Errorf("%s: first line %q is not a generated-code header", name, first)
		}
	}
}
