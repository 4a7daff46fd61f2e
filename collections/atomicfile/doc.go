// Package atomicfile is keyway's one way of writing a file: the data goes
// to a temporary file in the same folder, which is synced, given its
// permission and renamed over the file (rename is atomic within a file
// system), then the folder is synced. A reader sees the old file or the
// new one, never a part of either, and on any failure the old file is
// left as it was and the temporary file is removed.
//
// Every writer uses it: collection saves and reports (collections.SaveFile
// and WriteFile, which keep the file's mode and owner and refuse one that
// changed on disk or is read-only), the user's stores (secrets, trust
// answers, tokens, history: owner-only), and the TUI's saved response
// bodies (never replacing a file unless asked).
package atomicfile
