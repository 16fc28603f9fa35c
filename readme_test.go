package clio

import (
	"bytes"
	"context"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fence is one fenced code block of a Markdown file.
type fence struct {
	lang, text string
}

// fences returns the fenced code blocks of md in order.
func fences(md string) []fence {
	var out []fence
	var cur *fence
	var body strings.Builder
	for line := range strings.Lines(md) {
		trimmed := strings.TrimRight(line, "\n")
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &fence{lang: strings.TrimPrefix(trimmed, "```")}
			body.Reset()
		case cur != nil && trimmed == "```":
			cur.text = body.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line)
		}
	}
	return out
}

// readmeQuickStart returns the README's first program, the _test.go that
// follows it and the output shown for the program. The first code block of
// the README must be the program.
func readmeQuickStart(t *testing.T) (program, test, output string) {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := fences(string(b))
	if len(blocks) < 3 {
		t.Fatalf("README.md has %d code blocks", len(blocks))
	}
	first := blocks[0]
	if first.lang != "go" || !strings.Contains(first.text, "\npackage main\n") || !strings.Contains(first.text, "\nfunc main() {") {
		t.Fatalf("the README's first code block is not a complete Go program (```%s):\n%s", first.lang, first.text)
	}
	program = first.text
	if blocks[1].lang != "text" {
		t.Fatalf("the README's program is not followed by its output (a ```text block), but by ```%s", blocks[1].lang)
	}
	output = blocks[1].text
	if blocks[2].lang != "go" || !strings.HasPrefix(blocks[2].text, "package main\n") || !strings.Contains(blocks[2].text, "cliotest.NewServer(t") {
		t.Fatalf("the README's program is not followed by a _test.go using cliotest.NewServer:\n%s", blocks[2].text)
	}
	return program, blocks[2].text, output
}

// docCode is code as a doc comment shows it: a tab after //.
func docCode(code string) string {
	var b strings.Builder
	for line := range strings.Lines(code) {
		if line == "\n" {
			b.WriteString("//\n")
		} else {
			b.WriteString("//\t" + line)
		}
	}
	return b.String()
}

// TestReadmeFirstProgram: the README opens with a complete program (a fixed
// token, cliotest.Start without credentials) and a complete _test.go using
// cliotest.NewServer; the package doc shows the same two; both are
// gofmt-clean. Without -short they are written into a module of their own
// in a temporary directory, which takes this checkout through a replace
// directive, and run: go run prints the output the README shows and go
// test passes. Nothing is fetched (GOPROXY=off).
func TestReadmeFirstProgram(t *testing.T) {
	program, test, output := readmeQuickStart(t)
	for name, src := range map[string]string{"program": program, "test": test} {
		formatted, err := format.Source([]byte(src))
		if err != nil {
			t.Fatalf("the README's %s does not parse: %v", name, err)
		}
		if !bytes.Equal(formatted, []byte(src)) {
			t.Errorf("the README's %s is not gofmt-formatted", name)
		}
	}
	for _, want := range []string{"clio.WithAccessToken(", "cliotest.Start()"} {
		if !strings.Contains(program, want) {
			t.Errorf("the README's program does not use %s", want)
		}
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), docCode(program)) {
		t.Error("the package doc (doc.go) does not show the README's program as written")
	}
	if !strings.Contains(string(doc), docCode(test)) {
		t.Error("the package doc (doc.go) does not show the README's _test.go as written")
	}

	if testing.Short() {
		t.Skip("builds and runs the README's program: skipped with -short")
	}
	if raceEnabled {
		// The program is built without -race either way: under the race
		// detector this would only repeat the plain run's check (14 s).
		t.Skip("builds and runs the README's program: the plain go test run does it")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	// A module of its own, as a reader would make it, that takes this
	// checkout for github.com/clio-sdk/clio-go and the module cache for the
	// rest: nothing is downloaded and nothing is written to the repository.
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go [0-9.]+$`).Find(gomod)
	if goLine == nil {
		t.Fatal("go.mod has no go line")
	}
	gosum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod": "module example.com/openmatters\n\n" + string(goLine) + "\n\n" +
			"require github.com/clio-sdk/clio-go v0.0.0\n\n" +
			"replace github.com/clio-sdk/clio-go => " + strconv.Quote(root) + "\n",
		"go.sum":       string(gosum),
		"main.go":      program,
		"main_test.go": test,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CLIO_") && !strings.HasPrefix(kv, "GOPROXY=") && !strings.HasPrefix(kv, "GOWORK=") {
			env = append(env, kv)
		}
	}
	env = append(env, "GOPROXY=off", "GOWORK=off", "GOFLAGS="+os.Getenv("GOFLAGS")+" -mod=mod")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, goTool, args...)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
	if got := run("run", "."); got != output {
		t.Errorf("go run of the README's program printed\n%s\nthe README shows\n%s", got, output)
	}
	run("test", "-count=1", ".")
}

// TestReadmeGoDoc: the README and the package doc say that go doc needs the
// import path (the package is clio, the path ends in clio-go), and the
// command they show works.
func TestReadmeGoDoc(t *testing.T) {
	const cmd = "go doc github.com/clio-sdk/clio-go.ActivitiesService"
	for _, name := range []string{"README.md", "doc.go"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), cmd) {
			t.Errorf("%s does not show %q", name, cmd)
		}
	}
	if testing.Short() {
		t.Skip("runs go doc: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	args := strings.Fields(cmd)[1:]
	out, err := exec.Command(goTool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	if !strings.Contains(string(out), `package clio // import "github.com/clio-sdk/clio-go"`) || !strings.Contains(string(out), "type ActivitiesService struct") {
		t.Errorf("%s printed:\n%s", cmd, out)
	}
}

// TestReadmeDescribesCI: the README's paragraph on .ci/run names every step
// the script takes: gofmt, go vet, staticcheck at the version it pins, the
// check that the generated files are current (and which files), go test,
// the race detector, -mod=mod.
func TestReadmeDescribesCI(t *testing.T) {
	script, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, para, ok := strings.Cut(string(readme), "\n`.ci/run` ")
	if !ok {
		t.Fatal("README.md has no paragraph beginning with `.ci/run`")
	}
	para, _, _ = strings.Cut(para, "\n\n")
	para = strings.Join(strings.Fields(para), " ")

	pin := regexp.MustCompile(`staticcheck@(v[0-9.]+)`).FindStringSubmatch(string(script))
	if pin == nil {
		t.Fatal(".ci/run pins no staticcheck version")
	}
	gen := regexp.MustCompile(`git diff --exit-code[^\n]*? -- ([^;\n]*?);`).FindStringSubmatch(string(script))
	if gen == nil {
		t.Fatal(".ci/run has no generated-files check")
	}
	steps := map[string][]string{
		"gofmt -l":      {"gofmt"},
		"go vet ./...":  {"go vet ./..."},
		pin[0]:          {"staticcheck", pin[1], "download"},
		"go generate":   {"go generate ./...", "generated files"},
		"go test ./...": {"go test ./..."},
		"go test -race": {"go test -race"},
		"-mod=mod":      {"-mod=mod"},
	}
	steps[gen[0]] = append(steps[gen[0]], strings.Fields(strings.ReplaceAll(gen[1], "'", ""))...)
	for step, words := range steps {
		if !strings.Contains(string(script), step) {
			t.Errorf(".ci/run no longer has %q: update this test and the README", step)
			continue
		}
		for _, w := range words {
			if !strings.Contains(para, w) {
				t.Errorf("the README's description of .ci/run lacks %q (for %q)", w, step)
			}
		}
	}
}
