// Package config reads the user's keyway settings: the file
// config.toml in the user's config folder ($XDG_CONFIG_HOME/keyway on
// Linux, os.UserConfigDir elsewhere), or the file $KEYWAY_CONFIG names.
//
// It holds the theme, the editor `b` opens and key bindings by action
// name. This package checks what it can alone — the file's TOML, its
// settings, each key's spelling — and reports every problem as
// FILE:LINE:COL: message, like a collection. Which actions and themes
// exist is the terminal UI's to say (tui.CheckConfig); it reports its
// problems with the positions recorded here.
//
// The package sits below tui and imports nothing of keyway's, so the
// headless commands never read a config file they do not use.
package config
