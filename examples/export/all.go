package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	clio "github.com/clio-sdk/clio-go"
)

// doneFile records the lists an all-export finished, one a line as
// "<format> <label>", so an export to the same directory in another format
// does not take them for done.
const doneFile = ".done"

// dirMode is the mode of the backup directory: for the user running the
// export only, like the files in it (outputMode).
const dirMode = 0o700

// exportAll writes every exportable list to its own file in cfg.Out. A
// list that fails does not stop the others: each failure is named at the
// end, and the error returned says how many, so the exit status is not
// zero. A rerun retries only the lists not recorded as done (the failed
// ones resume from their cursor files) and those skipped before.
func exportAll(ctx context.Context, c *clio.Client, cfg config, stderr io.Writer) error {
	if err := os.MkdirAll(cfg.Out, dirMode); err != nil {
		return err
	}
	// MkdirAll keeps an existing directory's mode. Changing the mode of a
	// directory the user chose (their home, say) is not the export's call:
	// it says so instead.
	if info, err := os.Stat(cfg.Out); err != nil {
		return err
	} else if perm := info.Mode().Perm(); perm&0o077 != 0 {
		fmt.Fprintf(stderr, "warning: %s is open to other users (mode %#o); the files in it are not, but chmod 700 it to keep their names private too.\n", cfg.Out, perm)
	}
	done, err := readDone(filepath.Join(cfg.Out, doneFile))
	if err != nil {
		return err
	}
	all := resources()
	var skipped, failed []string
	exported := 0
	for _, name := range names(all) {
		jobs, err := jobsFor(all[name], cfg.Where)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s (%v)", name, err))
			continue
		}
		for _, j := range jobs {
			key := cfg.Format + " " + j.label()
			if done[key] {
				continue
			}
			file := filepath.Join(cfg.Out, j.fileName(cfg.Format))
			o := output{format: cfg.Format, fields: clio.DefaultFields(j.Record), path: file, cursorFile: file + ".cursor",
				pageSize: cfg.PageSize, progress: cfg.Progress}
			err := exportJob(ctx, c, j, o, io.Discard, stderr)
			if notServed(err) {
				skipped = append(skipped, fmt.Sprintf("%s (%v)", j.label(), err))
				os.Remove(file)
				os.Remove(o.cursorFile)
				continue
			}
			if err != nil {
				if ctx.Err() != nil {
					// Interrupted: the other lists would fail the same way.
					return fmt.Errorf("%s: %w", j.label(), err)
				}
				failed = append(failed, fmt.Sprintf("%s (%v)", j.label(), err))
				continue
			}
			if err := appendDone(filepath.Join(cfg.Out, doneFile), key); err != nil {
				return err
			}
			exported++
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "skipped %s\n", s)
	}
	for _, f := range failed {
		fmt.Fprintf(stderr, "failed %s\n", f)
	}
	fmt.Fprintf(stderr, "exported %d lists to %s (%d skipped, %d failed).\n", exported, cfg.Out, len(skipped), len(failed))
	if len(failed) > 0 {
		return fmt.Errorf("%d of the lists failed (named above); run again with the same flags to retry only those", len(failed))
	}
	return nil
}

// notServed reports an answer that means the list is not there for this
// account: no permission, no such endpoint, or not implemented.
func notServed(err error) bool {
	var apiErr *clio.APIError
	return errors.As(err, &apiErr) && (apiErr.StatusCode == 403 || apiErr.StatusCode == 404 || apiErr.StatusCode == 501)
}

func readDone(path string) (map[string]bool, error) {
	done := map[string]bool{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			done[l] = true
		}
	}
	return done, sc.Err()
}

// appendDone records a finished list, synced, so a rerun skips it.
func appendDone(path, label string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, outputMode)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, label); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
