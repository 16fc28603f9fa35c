package cliotest

import (
	"maps"
	"slices"
)

// WithMinPartSize lowers the smallest multipart part but the last (5 MiB by
// default), so tests can finalise many-part uploads without moving hundreds
// of megabytes. Test-only: the SDK never sends parts under 5 MiB.
func WithMinPartSize(n int64) Option { return func(c *config) { c.minPartSize = n } }

// SpecOperation is one operation of the generated table, for tests.
type SpecOperation struct{ ID, Method, Path, Record string }

// SpecOperations lists the operations of the generated table.
func SpecOperations() []SpecOperation {
	out := make([]SpecOperation, len(specOps))
	for i, op := range specOps {
		out[i] = SpecOperation{op.id, op.method, op.path, op.record}
	}
	return out
}

// RecordFields lists the fields of a record of the generated table.
func RecordFields(record string) []string {
	return slices.Sorted(maps.Keys(specRecords[record]))
}
