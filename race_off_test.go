//go:build !race

package clio

const raceEnabled = false
