//go:build race

package history

// raceEnabled: the race detector is on.
const raceEnabled = true
