package clio

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Reports run in the background: POST /reports.json (ReportsService.Create)
// or a preset's GenerateReport starts one, its state goes through queued and
// in_progress to completed (or failed, or empty), and its file is fetched
// with GET /reports/{id}/download.json, a 303 to storage. Wait and
// CreateAndDownload do the waiting.

// ReportError reports a report that ended without a file: state failed or
// empty.
type ReportError struct {
	ID    int64
	State ReportState
}

// Error describes the failure without tokens, query values or body text.
func (e *ReportError) Error() string {
	return fmt.Sprintf("clio: report %d ended in state %q", e.ID, string(e.State))
}

// reportWaitFields is what Wait reads on each poll.
var reportWaitFields = Fields("state", "progress", "name", "format", "kind", "created_at", "updated_at")

// Wait polls GET /reports/{id}.json (Report#show), pausing opts.Interval
// (default 1s)
// and doubling up to opts.MaxInterval (default 30s) between polls, until the
// report's state is completed, and returns the report. A failed or empty
// report returns a [*ReportError]; ctx bounds the wait.
func (s *ReportsService) Wait(ctx context.Context, id int64, opts WaitOptions) (*Report, error) {
	var done *Report
	err := retryLoop(ctx, pauses{first: orDefault(opts.Interval, time.Second), max: orDefault(opts.MaxInterval, 30*time.Second)},
		func(int) (bool, error) {
			r, err := s.Get(ctx, id, reportWaitFields)
			if err != nil {
				return false, err
			}
			switch r.State {
			case ReportStateCompleted:
				done = r
				return false, nil
			case ReportStateFailed, ReportStateEmpty:
				return false, &ReportError{ID: id, State: r.State}
			}
			return true, nil
		})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// CreateAndDownload starts a report from body (POST /reports.json,
// Report#create), waits for it as [ReportsService.Wait] does (Report#show),
// and streams its file (GET /reports/{id}/download.json, Report#download,
// fetched from storage without the Clio
// token). The caller must close the reader. The report's id is returned
// too, so that a caller whose context ended can wait again.
func (s *ReportsService) CreateAndDownload(ctx context.Context, body ReportCreate, wait WaitOptions) (io.ReadCloser, DownloadInfo, int64, error) {
	r, err := s.Create(ctx, body, Fields("state"))
	if err != nil {
		return nil, DownloadInfo{}, 0, err
	}
	if _, err := s.Wait(ctx, r.ID, wait); err != nil {
		return nil, DownloadInfo{}, r.ID, err
	}
	rc, info, err := s.Download(ctx, r.ID)
	return rc, info, r.ID, err
}
