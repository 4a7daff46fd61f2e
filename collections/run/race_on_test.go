//go:build race

package run

// raceEnabled: the race detector is on, and the heap grows differently.
const raceEnabled = true
