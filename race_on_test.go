//go:build race

package clio

// raceEnabled: the race detector's own allocations make heap figures
// meaningless, so heap-bound tests check only what they can.
const raceEnabled = true
