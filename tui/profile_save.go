package tui

import (
	"fmt"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/edit"
	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// Saving and deleting profiles. Both run in a command: they write the
// user's secret store and the collection file. The file is rewritten with
// edit.UpsertProfile / DeleteProfile, which change only the
// profile's table, then validated, and only then written — atomically and
// only if nobody changed it on disk since it was loaded.

// secretSetter is the part of the secret store (collections/store/secrets.Store)
// the form writes to.
type secretSetter interface {
	Set(name, value string) error
}

// secretStore is where the profile form writes typed secrets: src itself
// when it can be written to; otherwise — src is a read-only view such as
// cmd/keyway's lazily opened store — the user's own store, the file that
// {{secret:NAME}} reads (collections/store/secrets.Default; opening it reads
// nothing). Nil when src is nil: the app was started without a store.
func secretStore(src collections.SecretSource) secretSetter {
	if s, ok := src.(secretSetter); ok || src == nil {
		return s
	}
	store, err := secrets.Default()
	if err != nil {
		return nil // the form then offers prompt and env only
	}
	return store
}

// profileSavedMsg reports a save or a delete: the reloaded collection, or
// why nothing (or not everything) was saved.
type profileSavedMsg struct {
	coll    *collections.Collection
	name    string
	deleted bool
	err     error
}

// profileSave is everything a save needs, captured in Update.
type profileSave struct {
	coll    *collections.Collection
	profile collections.Profile
	// secrets go to store under these names before the file is written.
	secrets map[string]string
	store   secretSetter
	// inMemory keeps the change in the session only (the built-in demo,
	// which has no file of the user's to write).
	inMemory bool
}

// saveProfileCmd writes the secrets to the store, then the profile to the
// collection file. When the file cannot be written the secrets are already
// stored, which is harmless: the file never held them.
func saveProfileCmd(s profileSave) tea.Cmd {
	return func() tea.Msg {
		fail := func(err error) tea.Msg { return profileSavedMsg{name: s.profile.Name, err: err} }
		src, err := edit.UpsertProfile(s.coll.Source, s.profile)
		if err != nil {
			return fail(err)
		}
		if len(s.secrets) > 0 && s.store == nil {
			return fail(fmt.Errorf("no secret store is open, so the secret was not saved; choose prompt or env instead"))
		}
		for name, value := range s.secrets {
			if err := s.store.Set(name, value); err != nil {
				return fail(fmt.Errorf("saving the secret %s: %w", name, err))
			}
		}
		coll, err := writeCollection(s.coll, src, s.inMemory)
		if err != nil {
			return fail(err)
		}
		return profileSavedMsg{coll: coll, name: s.profile.Name}
	}
}

// deleteProfileCmd removes a profile's table from the collection file.
func deleteProfileCmd(coll *collections.Collection, name string, inMemory bool) tea.Cmd {
	return func() tea.Msg {
		src, err := edit.DeleteProfile(coll.Source, name)
		if err == nil {
			coll, err = writeCollection(coll, src, inMemory)
		}
		return profileSavedMsg{coll: coll, name: name, deleted: true, err: err}
	}
}

// writeCollection validates src as the collection, then writes it over the
// file if the file still holds what was loaded, and returns the collection
// it now holds.
func writeCollection(c *collections.Collection, src []byte, inMemory bool) (*collections.Collection, error) {
	next, err := collections.Parse(c.Path, src)
	if err != nil {
		return nil, fmt.Errorf("the edit would make the collection invalid, so nothing was saved:\n%w", err)
	}
	if inMemory {
		// The built-in demo was parsed from keyway's own copy under the
		// name "demo.toml": writing that relative path would create or
		// overwrite a file the user never opened.
		return next, nil
	}
	if err := collections.SaveFile(c.Path, src, c.Source); err != nil {
		return nil, err
	}
	return next, nil
}

// profileUsers lists the requests sent with profile — those that name it
// and, when it is the collection's default_profile, those that name none
// (collections.ProfileFor) — and says whether it is the default profile.
func profileUsers(coll *collections.Collection, profile string) (requests []string, isDefault bool) {
	for _, r := range coll.Requests {
		if coll.ProfileFor(r) == profile {
			requests = append(requests, r.Name)
		}
	}
	return requests, coll.DefaultProfile == profile
}
