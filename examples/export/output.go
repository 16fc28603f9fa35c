package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// outputMode is the mode of every file the export writes: the firm's
// data is for the user running the export only.
const outputMode = 0o600

// openOutput creates path, or when resuming opens it and cuts it back to
// offset, the end of the last page the cursor file accounts for. The file
// is made private (outputMode), also when it existed before with a looser
// mode.
func openOutput(path string, resume bool, offset int64) (*os.File, error) {
	if !resume {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, outputMode)
		if err != nil {
			return nil, err
		}
		if err := makePrivate(f); err != nil {
			f.Close()
			return nil, err
		}
		return f, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("resuming: %w", err)
	}
	if err := makePrivate(f); err != nil {
		f.Close()
		return nil, err
	}
	if info, err := f.Stat(); err != nil || info.Size() < offset {
		f.Close()
		return nil, fmt.Errorf("resuming: %s is shorter than the %d bytes the cursor file expects", path, offset)
	}
	if err := f.Truncate(offset); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// makePrivate sets a regular file's mode to outputMode: O_CREATE's mode
// applies only to a new file. Other files (a terminal, /dev/stdout, a
// pipe) are left alone.
func makePrivate(f *os.File) error {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() == outputMode {
		return err
	}
	return f.Chmod(outputMode)
}

// writeAtomic writes v as JSON to a temporary file beside path and renames
// it over path, so a crash leaves the old checkpoint or the new one.
func writeAtomic(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-cursor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
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
	return os.Rename(tmp.Name(), path)
}

// writer writes records as JSON Lines (each as Clio sent it, less any
// secret-bearing key) or CSV, through one buffer.
type writer struct {
	bw       *bufio.Writer
	csv      *csv.Writer // nil for jsonl
	cols     []column
	scrubbed []string // secret-bearing keys removed from records, by path
}

func newWriter(out io.Writer, format string, cols []column) *writer {
	w := &writer{bw: bufio.NewWriterSize(out, 64<<10), cols: cols}
	if format == "csv" {
		w.csv = csv.NewWriter(w.bw)
	}
	return w
}

func (w *writer) header() error {
	if w.csv == nil {
		return nil
	}
	header := make([]string, len(w.cols))
	for i, c := range w.cols {
		header[i] = c.String()
	}
	return w.csv.Write(header)
}

func (w *writer) record(raw json.RawMessage) error {
	raw, removed, err := scrub(raw)
	if err != nil {
		return err
	}
	for _, p := range removed {
		if !slices.Contains(w.scrubbed, p) {
			w.scrubbed = append(w.scrubbed, p)
		}
	}
	if w.csv == nil {
		w.bw.Write(raw)
		return w.bw.WriteByte('\n')
	}
	cells, err := csvRow(raw, w.cols)
	if err != nil {
		return err
	}
	return w.csv.Write(cells)
}

func (w *writer) flush() error {
	if w.csv != nil {
		if w.csv.Flush(); w.csv.Error() != nil {
			return w.csv.Error()
		}
	}
	return w.bw.Flush()
}

// progress keeps one line on stderr up to date, at most once per every.
type progress struct {
	w           io.Writer
	every       time.Duration
	noun        string
	start, last time.Time
	base, n     int64 // records before this run; records this run
}

func (p *progress) add(k int) {
	p.n += int64(k)
	if now := time.Now(); p.every > 0 && now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintf(p.w, "\r%d %s written (%.0f/s)   ", p.base+p.n, p.noun, p.rate(now))
	}
}

func (p *progress) rate(now time.Time) float64 {
	return float64(p.n) / max(now.Sub(p.start).Seconds(), 1e-3)
}

func (p *progress) finish(err error) {
	now := time.Now()
	verb := "exported"
	if err != nil {
		verb = "stopped after"
	}
	fmt.Fprintf(p.w, "\r%s %d %s (%d this run) in %s (%.0f/s)   \n", verb, p.base+p.n, p.noun, p.n,
		now.Sub(p.start).Round(time.Millisecond), p.rate(now))
}
