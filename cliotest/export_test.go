package cliotest

// WithMinPartSize lowers the smallest multipart part but the last (5 MiB by
// default), so tests can finalise many-part uploads without moving hundreds
// of megabytes. Test-only: the SDK never sends parts under 5 MiB.
func WithMinPartSize(n int64) Option { return func(c *config) { c.minPartSize = n } }
