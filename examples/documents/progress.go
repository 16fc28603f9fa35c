package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// countingReaderAt reports upload progress. The SDK reads a ReaderAt in
// sections and may read one again after a failed PUT, so progress is the
// furthest byte read rather than a sum.
type countingReaderAt struct {
	r interface {
		io.Reader
		io.ReaderAt
	}
	p *progress
}

func (c *countingReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(b, off)
	c.p.reach(off + int64(n))
	return n, err
}

func (c *countingReaderAt) Read(b []byte) (int, error) { // not used by Upload with a ReaderAt
	n, err := c.r.Read(b)
	c.p.add(n)
	return n, err
}

// countingReader reports download progress.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(n)
	return n, err
}

// progress keeps one line on stderr up to date. Uploads are read by the
// HTTP transport's goroutine, so it locks.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	every       time.Duration
	verb        string
	total, done int64
	start, last time.Time
}

func (p *progress) add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.update(p.done + int64(n))
}

func (p *progress) reach(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.update(max(p.done, n))
}

func (p *progress) update(done int64) {
	p.done = done
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	if now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintf(p.w, "\r%s: %s of %s (%.0f%%)   ", p.verb, human(p.done), human(p.total), 100*float64(p.done)/float64(max(p.total, 1)))
	}
}

func (p *progress) finish(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "done"
	if err != nil {
		status = "failed"
	}
	secs := max(time.Since(p.start).Seconds(), 1e-3)
	fmt.Fprintf(p.w, "\r%s: %s of %s %s (%s/s)   \n", p.verb, human(p.done), human(p.total), status, human(int64(float64(p.done)/secs)))
}

// byteSize is a -size value: bytes, or a number with KiB, MiB or GiB.
type byteSize int64

func (s *byteSize) String() string { return human(int64(*s)) }

func (s *byteSize) Set(v string) error {
	mult := int64(1)
	for i, unit := range []string{"KiB", "MiB", "GiB"} {
		if num, ok := strings.CutSuffix(v, unit); ok {
			v, mult = num, 1<<(10*(i+1))
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a number of bytes, optionally with KiB, MiB or GiB")
	}
	*s = byteSize(n * mult)
	return nil
}

// human formats a byte count: 512 B, 3.0 MiB.
func human(n int64) string {
	if n < 1<<10 {
		return fmt.Sprintf("%d B", n)
	}
	v, unit := float64(n)/(1<<10), "KiB"
	for _, u := range []string{"MiB", "GiB", "TiB"} {
		if v < 1<<10 {
			break
		}
		v, unit = v/(1<<10), u
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}
