package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// openOutput creates path, or when resuming opens it and cuts it back to
// offset, the end of the last page the cursor file accounts for.
func openOutput(path string, resume bool, offset int64) (*os.File, error) {
	if !resume {
		return os.Create(path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("resuming: %w", err)
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

// writer writes records as JSON Lines (each as Clio sent it) or CSV,
// through one buffer.
type writer struct {
	bw   *bufio.Writer
	csv  *csv.Writer // nil for jsonl
	cols []column
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
