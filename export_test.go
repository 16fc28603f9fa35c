package clio

// RaceEnabled tells the package's external tests whether the race detector
// is on (see raceEnabled). It exists only in test builds.
const RaceEnabled = raceEnabled
