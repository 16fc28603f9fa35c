package main

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the repository root seen from this package's directory.
const repoRoot = "../.."

// TestGeneratedFilesUpToDate regenerates every generated file from the
// committed index and compares it with the committed file byte for byte.
func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := generate(indexPath[len("internal/gen/"):])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range generatedFiles {
		committed, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, files[name]) {
			t.Errorf("%s is out of date: run go generate ./... from the repository root", name)
		}
	}
}

// TestGenerateDeterministic runs the generator twice on the committed index.
func TestGenerateDeterministic(t *testing.T) {
	a, err := generate("spec-index.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate("spec-index.json")
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// fullSpec is where a full copy of Clio's spec may sit beside the
// repository; the index refresh is checked against it when present.
const fullSpec = "../shared/clio-openapi/clio-api-v4-openapi-2026-04-08.json"

// TestCommittedIndexIsFresh rebuilds the index from the full spec, when one
// is checked out beside the repository, and compares it with the committed
// index.
func TestCommittedIndexIsFresh(t *testing.T) {
	full, err := os.ReadFile(filepath.Join(repoRoot, fullSpec))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no full spec at %s (it lives outside the repository); the committed index is used as is", fullSpec)
	}
	if err != nil {
		t.Fatal(err)
	}
	idx, err := buildIndex(full)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("spec-index.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(idx, committed) {
		t.Error("spec-index.json differs from the index of the full spec: run go run ./internal/gen -refresh-index " + fullSpec + " -out .")
	}
}

// TestRefreshIndexThenGenerate runs the refresh path end to end on a
// small full spec: the written index holds no prose and generates.
func TestRefreshIndexThenGenerate(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.json")
	if err := os.WriteFile(full, []byte(miniAPI), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "index.json")
	if err := refreshIndex(full, idx); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("Unique identifier")) {
		t.Error("the refreshed index kept a description")
	}
	if err := run(idx, dir); err != nil {
		t.Fatal(err)
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
	for _, name := range generatedFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(b, []byte("\n"))
		if strings.HasSuffix(name, ".md") {
			first = append([]byte("// "), bytes.TrimSuffix(bytes.TrimPrefix(first, []byte("<!-- ")), []byte(" -->"))...)
		}
		if !generatedHeader.Match(first) {
			t.Errorf("%s: first line %q is not a generated-code header", name, first)
		}
	}
}

// TestEveryGeneratedIdentifierHasDoc parses the committed generated files:
// every exported type, function, method, variable, constant group and
// struct field carries a doc comment.
func TestEveryGeneratedIdentifierHasDoc(t *testing.T) {
	fset := token.NewFileSet()
	for _, name := range generatedFiles {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(repoRoot, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		missing := 0
		report := func(pos token.Pos, what string) {
			if missing < 5 {
				t.Errorf("%s: %s has no doc comment", fset.Position(pos), what)
			}
			missing++
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil {
					report(d.Pos(), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
							report(s.Pos(), s.Name.Name)
						}
						if st, ok := s.Type.(*ast.StructType); ok && s.Name.IsExported() {
							for _, fld := range st.Fields.List {
								for _, n := range fld.Names {
									if n.IsExported() && fld.Doc == nil && fld.Comment == nil {
										report(n.Pos(), s.Name.Name+"."+n.Name)
									}
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && d.Doc == nil && s.Doc == nil {
								report(n.Pos(), n.Name)
							}
						}
					}
				}
			}
		}
		if missing > 0 {
			t.Errorf("%s: %d exported identifiers without a doc comment", name, missing)
		}
	}
}
