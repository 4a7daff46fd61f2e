package history

import "time"

// The bounds of one collection's history. A response body may be up to
// authflow.DefaultBodyLimit (10 MiB); the history keeps what a person
// reads back or compares, not an archive: the start of each body, the
// last few hundred responses, the last month.
const (
	// MaxEntries is the most entries one collection's history keeps.
	MaxEntries = 500
	// MaxBytes is the largest one collection's history file grows to.
	MaxBytes = 20 << 20
	// MaxAge is how long an entry is kept; older ones are dropped at the
	// next append and never shown.
	MaxAge = 30 * 24 * time.Hour
	// BodyLimit is how many bytes of each body (request and response) an
	// entry keeps, masked before it is cut.
	BodyLimit = 256 << 10
	// maxFile is the largest file Load and Append read whole: a history
	// is never larger than MaxBytes plus one entry, so a much larger file
	// is not one keyway wrote, and is left alone.
	maxFile = 4 * MaxBytes
)

// pruneTarget is what a pruning rewrite keeps, below the bounds, so that
// the appends that follow do not each rewrite the file.
const (
	pruneEntries = MaxEntries * 9 / 10
	pruneBytes   = MaxBytes * 9 / 10
)
