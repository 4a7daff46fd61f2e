package collections

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// AppendTables adds the [vars] keys, [profile.NAME] tables and [[request]]
// tables of fragment — TOML as an importer writes it — to src, the open
// collection, and returns the new file; src is not modified. Each table
// keeps its bytes, the comments directly above it included. Profiles go
// after src's last profile (before its first request when it has none),
// requests at the end, and vars into src's [vars] table (made before the
// first profile or request when src has none). A var src already has with
// the same value is skipped; with another value it is an error naming it,
// as are [env.NAME] tables, which need a person to merge. The fragment's
// name, version and default_profile are left out: the open collection
// keeps its own. A profile src already has with the same keys and values
// is skipped (importing twice from one API reuses its profile); with other
// values it is an error naming it, and nothing is added. A request name
// that src already has makes the result invalid: the caller's Parse of it
// reports where.
func AppendTables(src, fragment []byte) ([]byte, error) {
	doc, err := editParse(src)
	if err != nil {
		return nil, err
	}
	frag, err := editParse(fragment)
	if err != nil {
		return nil, fmt.Errorf("the text to add: %w", err)
	}
	var vars []editEntry
	var profiles, requests strings.Builder
	for i := 0; i < len(frag.entries); i++ {
		e := frag.entries[i]
		switch {
		case e.request >= 0:
			if e.kind != unstable.ArrayTable || len(e.table) != 1 {
				continue // a request's keys and sub-tables go with its header
			}
			start, end, err := frag.editRequestSpan(e.request)
			if err != nil {
				return nil, err
			}
			requests.WriteString(frag.editBlock(frag.editCommentsAbove(start), end))
		case e.key == nil && len(e.table) == 2 && e.table[0] == "profile":
			end, first := e.lineEnd, i+1
			for i+1 < len(frag.entries) && frag.entries[i+1].key != nil {
				i++
				end = frag.entries[i].lineEnd
			}
			same, err := doc.editSameProfile(e.table[1], frag, frag.entries[first:i+1])
			if err != nil {
				return nil, err
			}
			if !same {
				profiles.WriteString(frag.editBlock(frag.editCommentsAbove(e.lineStart), end))
			}
		case len(e.table) == 1 && e.table[0] == "vars" && e.key != nil:
			vars = append(vars, e)
		case len(e.table) == 0 && e.key != nil && slices.Contains([]string{"name", "version", "default_profile"}, e.key[0]):
		case len(e.table) == 0 && e.key == nil, e.key == nil && slices.Equal(e.table, []string{"vars"}):
		default:
			what := strings.Join(append(slices.Clone(e.table), e.key...), ".")
			return nil, fmt.Errorf("line %d of the text to add: %s cannot be added to an open collection; copy it by hand", editLineNumber(fragment, e.start), what)
		}
	}
	var splices []editSplice
	varSplices, err := doc.editAppendVars(frag, vars)
	if err != nil {
		return nil, err
	}
	splices = append(splices, varSplices...)
	if profiles.Len() > 0 {
		splices = append(splices, doc.editInsertBlocks(doc.editProfilesEnd(), profiles.String()))
	}
	if requests.Len() > 0 {
		splices = append(splices, doc.editInsertBlocks(len(src), requests.String()))
	}
	return editFinish(src, splices)
}

// editInsertBlocks inserts blocks, each followed by a blank line, at at:
// the blank line after the last stays only when text follows that does
// not start with one.
func (d *editDoc) editInsertBlocks(at int, blocks string) editSplice {
	blocks = strings.TrimSuffix(blocks, d.newline)
	if at < len(d.src) && !editBlankLine(d.src, at) {
		blocks += d.newline
	}
	return d.editInsertBlock(at, blocks)
}

// editBlock returns src[start:end] as whole lines ending with a newline,
// followed by a blank line that separates it from the next block.
func (d *editDoc) editBlock(start, end int) string {
	block := strings.TrimRight(string(d.src[start:end]), "\r\n") + d.newline
	return block + d.newline
}

// editProfilesEnd is where a new profile table goes: after the last
// profile's last key, else before the first request and its comments,
// else at the end.
func (d *editDoc) editProfilesEnd() int {
	lastProfile, firstRequest := -1, -1
	for i, e := range d.entries {
		if e.key == nil && len(e.table) == 2 && e.table[0] == "profile" && e.kind == unstable.Table {
			lastProfile = i
		}
		if e.kind == unstable.ArrayTable && e.request >= 0 && firstRequest < 0 {
			firstRequest = i
		}
	}
	switch {
	case lastProfile >= 0:
		end := d.entries[lastProfile].lineEnd
		for _, e := range d.entries[lastProfile+1:] {
			if e.key == nil {
				break
			}
			end = e.lineEnd
		}
		return end
	case firstRequest >= 0:
		return d.editCommentsAbove(d.entries[firstRequest].lineStart)
	}
	return len(d.src)
}

// editAppendVars adds the fragment's vars that src lacks to src's [vars].
func (d *editDoc) editAppendVars(frag *editDoc, vars []editEntry) ([]editSplice, error) {
	if len(vars) == 0 {
		return nil, nil
	}
	var header *editEntry
	have := map[string]editEntry{}
	last := -1
	for i, e := range d.entries {
		switch {
		case e.key == nil && slices.Equal(e.table, []string{"vars"}):
			header, last = &d.entries[i], e.lineEnd
		case e.key != nil && slices.Equal(e.table, []string{"vars"}):
			have[e.key[0]] = e
			last = e.lineEnd
		}
	}
	var lines []string
	for _, v := range vars {
		line := strings.TrimRight(string(frag.src[v.lineStart:v.lineEnd]), "\r\n")
		if old, ok := have[v.key[0]]; ok {
			if !reflect.DeepEqual(old.value, v.value) {
				return nil, fmt.Errorf("variable %q is already %s in the collection; the text to add sets it to %s: change one by hand", v.key[0],
					strings.TrimSpace(string(d.src[old.valueStart:old.end])), strings.TrimSpace(string(frag.src[v.valueStart:v.end])))
			}
			continue
		}
		lines = append(lines, line)
	}
	switch {
	case len(lines) == 0:
		return nil, nil
	case header != nil:
		return []editSplice{d.editInsertLines(last, "", lines)}, nil
	}
	block := "[vars]" + d.newline + strings.Join(lines, d.newline) + d.newline + d.newline
	at := len(d.src)
	if first := slices.IndexFunc(d.entries, func(e editEntry) bool { return e.key == nil }); first >= 0 {
		at = d.editCommentsAbove(d.entries[first].lineStart)
	}
	return []editSplice{d.editInsertBlocks(at, block)}, nil
}

// editSameProfile reports whether src already has profile name with
// exactly the keys and values of keys (entries of frag): then the fragment's
// copy is left out. A profile of that name with anything else is an error
// naming it, so that an import never changes whose credentials an existing
// request is sent with.
func (d *editDoc) editSameProfile(name string, frag *editDoc, keys []editEntry) (bool, error) {
	found := false
	have := map[string]string{}
	for _, e := range d.entries {
		if len(e.table) == 2 && e.table[0] == "profile" && e.table[1] == name {
			found = true
			if e.key != nil {
				have[strings.Join(e.key, ".")] = editValueText(d, e)
			}
		}
	}
	if !found {
		return false, nil
	}
	same := len(have) == len(keys)
	for _, e := range keys {
		if v, ok := have[strings.Join(e.key, ".")]; !ok || v != editValueText(frag, e) {
			same = false
		}
	}
	if !same {
		return false, fmt.Errorf("the collection already has a profile %q with other settings; rename one of them by hand, or add the request to the file and choose its profile", name)
	}
	return true, nil
}

// editValueText is a key's value for comparison: decoded when edits decode
// it (so 'a' equals "a"), else as written.
func editValueText(d *editDoc, e editEntry) string {
	if e.value != nil {
		return fmt.Sprintf("%T:%v", e.value, e.value)
	}
	return strings.TrimSpace(string(d.src[e.valueStart:e.end]))
}
