package tui

import (
	"cmp"
	"os"
	"slices"

	"github.com/keyway-cli/keyway/config"
)

// CheckConfig reports what in the user's config the TUI cannot use: an
// action or screen it does not have, two actions on one key. The config
// package has checked the rest. Problems come as a config.ErrorList with
// FILE:LINE:COL, so a command can refuse to start with exit code 2.
func CheckConfig(cfg *config.Config) error {
	if cfg == nil {
		return nil
	}
	km := DefaultKeyMap()
	return applyKeys(&km, cfg.Keys)
}

// applyConfig sets the theme, the editor and the key bindings of the
// user's config; nil is keyway's defaults. It runs before the screens are
// built, since they read their bindings from c.keys.
func (c *common) applyConfig(cfg *config.Config) error {
	if cfg == nil {
		return nil
	}
	if cfg.Theme != "" && !slices.Contains(config.Themes, cfg.Theme) {
		// config.Parse refuses it; a Config built by hand might not.
		return &config.Error{Pos: config.Pos{File: cfg.Path}, Msg: "unknown theme " + cfg.Theme}
	}
	km := DefaultKeyMap()
	if err := applyKeys(&km, cfg.Keys); err != nil {
		return err
	}
	c.keys = km
	c.editor = cfg.Editor
	c.setTheme(theme(cfg.Theme))
	return nil
}

// editorCommand is the command line that edits a body: the config's
// editor, $VISUAL, $EDITOR, then vi.
func (c *common) editorCommand() string {
	return cmp.Or(c.editor, os.Getenv("VISUAL"), os.Getenv("EDITOR"), "vi")
}
