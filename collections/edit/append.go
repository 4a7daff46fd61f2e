package edit

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
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
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	frag, err := parse(fragment)
	if err != nil {
		return nil, fmt.Errorf("the text to add: %w", err)
	}
	var vars []tomldoc.Expr
	var profiles, requests strings.Builder
	for i := 0; i < len(frag.Exprs); i++ {
		e := frag.Exprs[i]
		switch {
		case requestOf(&e) >= 0:
			if e.Kind != unstable.ArrayTable || len(e.Table) != 1 {
				continue // a request's keys and sub-tables go with its header
			}
			start, end, err := frag.requestSpan(requestOf(&e))
			if err != nil {
				return nil, err
			}
			requests.WriteString(frag.block(frag.commentsAbove(start), end))
		case e.Key == nil && len(e.Table) == 2 && e.Table[0] == "profile":
			end, first := e.LineEnd, i+1
			for i+1 < len(frag.Exprs) && frag.Exprs[i+1].Key != nil {
				i++
				end = frag.Exprs[i].LineEnd
			}
			same, err := doc.sameProfile(e.Table[1], frag, frag.Exprs[first:i+1])
			if err != nil {
				return nil, err
			}
			if !same {
				profiles.WriteString(frag.block(frag.commentsAbove(e.LineStart), end))
			}
		case len(e.Table) == 1 && e.Table[0] == "vars" && e.Key != nil:
			vars = append(vars, e)
		case len(e.Table) == 0 && e.Key != nil && slices.Contains([]string{"name", "version", "default_profile"}, e.Key[0]):
		case len(e.Table) == 0 && e.Key == nil, e.Key == nil && slices.Equal(e.Table, []string{"vars"}):
		default:
			what := strings.Join(append(slices.Clone(e.Table), e.Key...), ".")
			return nil, fmt.Errorf("line %d of the text to add: %s cannot be added to an open collection; copy it by hand", frag.lineNumber(e.Start), what)
		}
	}
	var splices []splice
	varSplices, err := doc.appendVars(frag, vars)
	if err != nil {
		return nil, err
	}
	splices = append(splices, varSplices...)
	if profiles.Len() > 0 {
		at, _ := doc.profilesEnd()
		splices = append(splices, doc.insertBlocks(at, profiles.String()))
	}
	if requests.Len() > 0 {
		splices = append(splices, doc.insertBlocks(len(src), requests.String()))
	}
	return finish(src, splices)
}

// insertBlocks inserts blocks, each followed by a blank line, at at:
// the blank line after the last stays only when text follows that does
// not start with one.
func (d *document) insertBlocks(at int, blocks string) splice {
	blocks = strings.TrimSuffix(blocks, d.Newline)
	if at < len(d.Src) && !d.blankLine(at) {
		blocks += d.Newline
	}
	return d.insertBlock(at, blocks)
}

// block returns src[start:end] as whole lines ending with a newline,
// followed by a blank line that separates it from the next block.
func (d *document) block(start, end int) string {
	block := strings.TrimRight(string(d.Src[start:end]), "\r\n") + d.Newline
	return block + d.Newline
}

// profilePlace says which of profilesEnd's three places it chose: the
// blank lines around a new table depend on what it follows.
type profilePlace int

const (
	afterLastProfile profilePlace = iota
	beforeFirstRequest
	atEnd
)

// profilesEnd is where a new profile table goes: after the last
// profile's last key, else before the first request and its comments,
// else at the end.
func (d *document) profilesEnd() (int, profilePlace) {
	lastProfile, firstRequest := -1, -1
	for i, e := range d.Exprs {
		if e.Key == nil && len(e.Table) == 2 && e.Table[0] == "profile" && e.Kind == unstable.Table {
			lastProfile = i
		}
		if e.Kind == unstable.ArrayTable && requestOf(&e) >= 0 && firstRequest < 0 {
			firstRequest = i
		}
	}
	switch {
	case lastProfile >= 0:
		end := d.Exprs[lastProfile].LineEnd
		for _, e := range d.Exprs[lastProfile+1:] {
			if e.Key == nil {
				break
			}
			end = e.LineEnd
		}
		return end, afterLastProfile
	case firstRequest >= 0:
		return d.commentsAbove(d.Exprs[firstRequest].LineStart), beforeFirstRequest
	}
	return len(d.Src), atEnd
}

// appendVars adds the fragment's vars that src lacks to src's [vars].
func (d *document) appendVars(frag *document, vars []tomldoc.Expr) ([]splice, error) {
	if len(vars) == 0 {
		return nil, nil
	}
	var header *tomldoc.Expr
	have := map[string]tomldoc.Expr{}
	last := -1
	for i, e := range d.Exprs {
		switch {
		case e.Key == nil && slices.Equal(e.Table, []string{"vars"}):
			header, last = &d.Exprs[i], e.LineEnd
		case e.Key != nil && slices.Equal(e.Table, []string{"vars"}):
			have[e.Key[0]] = e
			last = e.LineEnd
		}
	}
	var lines []string
	for _, v := range vars {
		line := strings.TrimRight(string(frag.Src[v.LineStart:v.LineEnd]), "\r\n")
		if old, ok := have[v.Key[0]]; ok {
			if !reflect.DeepEqual(decoded(old.Value), decoded(v.Value)) {
				return nil, fmt.Errorf("variable %q is already %s in the collection; the text to add sets it to %s: change one by hand", v.Key[0],
					strings.TrimSpace(string(d.Src[old.ValueStart:old.End])), strings.TrimSpace(string(frag.Src[v.ValueStart:v.End])))
			}
			continue
		}
		lines = append(lines, line)
	}
	switch {
	case len(lines) == 0:
		return nil, nil
	case header != nil:
		return []splice{d.insertLines(last, "", lines)}, nil
	}
	block := "[vars]" + d.Newline + strings.Join(lines, d.Newline) + d.Newline + d.Newline
	at := len(d.Src)
	if first := slices.IndexFunc(d.Exprs, func(e tomldoc.Expr) bool { return e.Key == nil }); first >= 0 {
		at = d.commentsAbove(d.Exprs[first].LineStart)
	}
	return []splice{d.insertBlocks(at, block)}, nil
}

// sameProfile reports whether src already has profile name with
// exactly the keys and values of keys (entries of frag): then the fragment's
// copy is left out. A profile of that name with anything else is an error
// naming it, so that an import never changes whose credentials an existing
// request is sent with.
func (d *document) sameProfile(name string, frag *document, keys []tomldoc.Expr) (bool, error) {
	found := false
	have := map[string]string{}
	for _, e := range d.Exprs {
		if len(e.Table) == 2 && e.Table[0] == "profile" && e.Table[1] == name {
			found = true
			if e.Key != nil {
				have[strings.Join(e.Key, ".")] = valueText(d, e)
			}
		}
	}
	if !found {
		return false, nil
	}
	same := len(have) == len(keys)
	for _, e := range keys {
		if v, ok := have[strings.Join(e.Key, ".")]; !ok || v != valueText(frag, e) {
			same = false
		}
	}
	if !same {
		return false, fmt.Errorf("the collection already has a profile %q with other settings; rename one of them by hand, or add the request to the file and choose its profile", name)
	}
	return true, nil
}

// valueText is a key's value for comparison: decoded when edits decode
// it (so 'a' equals "a"), else as written.
func valueText(d *document, e tomldoc.Expr) string {
	if decoded(e.Value) != nil {
		return fmt.Sprintf("%T:%v", decoded(e.Value), decoded(e.Value))
	}
	return strings.TrimSpace(string(d.Src[e.ValueStart:e.End]))
}
