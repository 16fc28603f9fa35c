// Command buildcost measures what importing the SDK costs a user's build:
// the time and memory of compiling one small user package after an edit,
// against the SDK at HEAD, against the SDK before the build-cost fix (a git
// revision), against stripe-go (pinned) and with plain net/http, all in the
// same run.
//
// Each program does the same things: a client, a Get, a listing walked with
// range, a create with optional fields and an update (programs below). For
// each it makes a temporary module, builds it once to warm the cache, then
// edits the program (a changed comment) and rebuilds, rounds times, in
// interleaved order that alternates direction every round; only the compile
// step of the edited package is timed (go build -toolexec this program).
// It prints one line per program:
//
//	buildcost prog=clio compile-s=min/median/max rss-mb=... export-kb=... archive-mb=...
//
// export-kb is the size of the imported SDK's export data (the archive's
// __.PKGDEF member), which every compile of a user package reads;
// archive-mb is the whole compiled package (object code included), the
// file go list -export names. Usage:
//
//	go run ./bench/buildcost [-rounds 7] [-before 681ee1e]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stripeVersion is the stripe-go release compared against.
const stripeVersion = "v82.5.1"

// timingsEnv names the file the toolexec wrapper appends timings to.
const timingsEnv = "BUILDCOST_TIMINGS"

func main() {
	if len(os.Args) > 1 && os.Getenv(timingsEnv) != "" && filepath.IsAbs(os.Args[1]) {
		os.Exit(toolexec(os.Args[1:]))
	}
	rounds := flag.Int("rounds", 7, "edits timed per program")
	before := flag.String("before", "681ee1e", "git revision of the SDK before the build-cost fix (v0.3.0); empty skips it")
	flag.Parse()
	if err := run(*rounds, *before); err != nil {
		fmt.Fprintln(os.Stderr, "buildcost:", err)
		os.Exit(1)
	}
}

// toolexec runs one tool of the build; a compile of package main is timed
// and its wall time and peak memory appended to the timings file.
func toolexec(args []string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	timed := filepath.Base(args[0]) == "compile" && hasArg(args, "-p", "main")
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if timed && err == nil {
		var rssKB int64
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssKB = int64(ru.Maxrss)
		}
		f, ferr := os.OpenFile(os.Getenv(timingsEnv), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if ferr == nil {
			fmt.Fprintf(f, "%d %d\n", elapsed.Microseconds(), rssKB)
			f.Close()
		}
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// hasArg reports whether args holds flag followed by value.
func hasArg(args []string, flag, value string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == flag && args[i+1] == value {
			return true
		}
	}
	return false
}

// program is one user package to build.
type program struct {
	name   string
	dir    string // its temporary module
	source string
	sdk    string // the import path whose export data is measured; "" for none
	sdkDir string // the SDK's tree, for clio programs
	times  []float64
	rssMB  float64
}

func run(rounds int, before string) error {
	repo, err := repoRoot()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "buildcost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	progs := []*program{
		{name: "clio", source: clioProgram, sdk: "github.com/clio-sdk/clio-go", sdkDir: repo},
	}
	if before != "" {
		old := filepath.Join(tmp, "sdk-before")
		if err := extract(repo, before, old); err != nil {
			fmt.Fprintf(os.Stderr, "buildcost: the SDK at %s is not available (%v); skipping it\n", before, err)
		} else {
			progs = append(progs, &program{name: "clio@" + before, source: clioProgram, sdk: "github.com/clio-sdk/clio-go", sdkDir: old})
		}
	}
	progs = append(progs,
		&program{name: "stripe-go", source: stripeProgram, sdk: "github.com/stripe/stripe-go/v82"},
		&program{name: "net/http", source: rawProgram},
	)
	for i, p := range progs {
		p.dir = filepath.Join(tmp, fmt.Sprintf("prog%d", i))
		if err := setup(p); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	timings := filepath.Join(tmp, "timings")
	for r := 0; r < rounds; r++ {
		order := slices.Clone(progs)
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, p := range order {
			us, kb, err := timeEdit(p, r, self, timings)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			p.times = append(p.times, us/1e6)
			p.rssMB = max(p.rssMB, kb/1024)
		}
	}
	for _, p := range progs {
		export, archive := "-", "-"
		if p.sdk != "" {
			if kb, mb, err := exportSize(p); err == nil {
				export, archive = fmt.Sprintf("%.0f", kb), fmt.Sprintf("%.1f", mb)
			}
		}
		slices.Sort(p.times)
		fmt.Printf("buildcost prog=%s compile-s=%.3f/%.3f/%.3f rss-mb=%.0f export-kb=%s archive-mb=%s rounds=%d\n",
			p.name, p.times[0], p.times[len(p.times)/2], p.times[len(p.times)-1], p.rssMB, export, archive, rounds)
	}
	return nil
}

// repoRoot is the SDK's module root: the working directory or a parent.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run it inside the SDK's module")
	}
	return filepath.Dir(mod), nil
}

// extract writes the SDK's tree at rev into dir (git archive).
func extract(repo, rev, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cmd := exec.Command("sh", "-c", "git -C \"$1\" archive \"$2\" | tar -x -C \"$3\"", "sh", repo, rev, dir)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// setup writes p's module (the SDK replaced by a local tree) and builds it
// once, so that only the edited package compiles afterwards.
func setup(p *program) error {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	mod := "module example.com/user\n\ngo 1.25\n"
	switch p.sdk {
	case "github.com/clio-sdk/clio-go":
		mod += "\nrequire github.com/clio-sdk/clio-go v0.0.0\n\nreplace github.com/clio-sdk/clio-go => " + p.sdkDir + "\n"
		if sum, err := os.ReadFile(filepath.Join(p.sdkDir, "go.sum")); err == nil {
			if err := os.WriteFile(filepath.Join(p.dir, "go.sum"), sum, 0o644); err != nil {
				return err
			}
		}
	case "github.com/stripe/stripe-go/v82":
		mod += "\nrequire github.com/stripe/stripe-go/v82 " + stripeVersion + "\n"
	}
	if err := os.WriteFile(filepath.Join(p.dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return err
	}
	if err := writeSource(p, -1); err != nil {
		return err
	}
	return goCmd(p.dir, nil, "build", "-o", os.DevNull, ".")
}

// writeSource writes p's program with edit number n in a comment.
func writeSource(p *program, n int) error {
	src := p.source + "\n// edit " + strconv.Itoa(n) + "\n"
	return os.WriteFile(filepath.Join(p.dir, "main.go"), []byte(src), 0o644)
}

// timeEdit edits p's program and rebuilds it, returning the compile step's
// wall time in microseconds and peak memory in KB.
func timeEdit(p *program, n int, self, timings string) (us, kb float64, err error) {
	if err := writeSource(p, n); err != nil {
		return 0, 0, err
	}
	os.Remove(timings)
	if err := goCmd(p.dir, []string{timingsEnv + "=" + timings}, "build", "-toolexec", self, "-o", os.DevNull, "."); err != nil {
		return 0, 0, err
	}
	f, err := os.Open(timings)
	if err != nil {
		return 0, 0, fmt.Errorf("no compile was timed: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, 0, fmt.Errorf("no compile was timed")
	}
	if _, err := fmt.Sscan(sc.Text(), &us, &kb); err != nil {
		return 0, 0, err
	}
	return us, kb, nil
}

// exportSize returns the size of the export data of p's SDK package (the
// __.PKGDEF member, the archive's first) in KB and of the whole archive in
// MB.
func exportSize(p *program) (exportKB, archiveMB float64, err error) {
	cmd := exec.Command("go", "list", "-export", "-f", "{{.Export}}", p.sdk)
	cmd.Dir = p.dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, err
	}
	f, err := os.Open(strings.TrimSpace(string(out)))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	// "!<arch>\n", then a 60-byte member header: name (16), mtime (12),
	// uid (6), gid (6), mode (8), size (10), "`\n".
	head := make([]byte, 8+60)
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, 0, err
	}
	if string(head[:8]) != "!<arch>\n" || strings.TrimSpace(string(head[8:24])) != "__.PKGDEF" {
		return 0, 0, fmt.Errorf("not a Go package archive")
	}
	size, err := strconv.ParseInt(strings.TrimSpace(string(head[8+48:8+58])), 10, 64)
	if err != nil {
		return 0, 0, err
	}
	return float64(size) / 1000, float64(st.Size()) / 1e6, nil
}

// goCmd runs the go command in dir with the module graph resolved as
// needed (the temporary modules have no complete go.sum).
func goCmd(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
