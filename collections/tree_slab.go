package collections

// treeBuilder builds a tree, handing out values, entries and the slices
// that hold them from slabs: a file of 10,000 requests has some 250,000
// values, and one allocation per thousand rather than one each keeps
// loading fast and leaves the garbage collector fewer objects to scan.
type treeBuilder struct {
	lines   *lineIndex
	keys    []keyPart // see keyParts
	values  []tomlValue
	entries []tomlEntry
	// tables and arrays hand out the entries of tables and the items of
	// static arrays: grown one append at a time, a request's table of ten
	// keys would take three allocations and each array one or two.
	tables []*tomlEntry
	arrays []*tomlValue
}

// slabSize is how many values or entries one slab holds.
const slabSize = 1024

// firstTableEntries is the capacity a table's entries start with: most
// tables (inline ones, expect, capture) hold a few keys. A larger one
// doubles, still from the slab.
const firstTableEntries = 4

// put adds e to table t, growing t's entries from the slab.
func (b *treeBuilder) put(t *tomlValue, e *tomlEntry) {
	if len(t.entries) == cap(t.entries) {
		grown := carve(&b.tables, max(firstTableEntries, 2*cap(t.entries)))
		t.entries = append(grown, t.entries...)
	}
	t.put(e)
}

// newItems returns an empty slice for an array of n items, from the slab.
func (b *treeBuilder) newItems(n int) []*tomlValue {
	if n == 0 {
		return nil
	}
	return carve(&b.arrays, n)
}

// carve returns an empty slice with room for n elements, cut from *slab
// (which it renews when short). The full slice expression caps the piece
// at its share, so that growing it copies rather than writing into the
// next piece. A piece larger than a slab is allocated on its own.
func carve[T any](slab *[]T, n int) []T {
	if n > slabSize {
		return make([]T, 0, n)
	}
	if len(*slab)+n > cap(*slab) {
		*slab = make([]T, 0, 4*slabSize)
	}
	s := *slab
	start := len(s)
	*slab = s[:start+n]
	return s[start : start : start+n]
}

func (b *treeBuilder) newValue() *tomlValue {
	if len(b.values) == cap(b.values) {
		b.values = make([]tomlValue, 0, slabSize)
	}
	b.values = b.values[:len(b.values)+1]
	return &b.values[len(b.values)-1]
}

func (b *treeBuilder) newEntry(key keyPart, value *tomlValue) *tomlEntry {
	if len(b.entries) == cap(b.entries) {
		b.entries = make([]tomlEntry, 0, slabSize)
	}
	b.entries = append(b.entries, tomlEntry{key: key.key, keyPos: key.keyPos, value: value})
	return &b.entries[len(b.entries)-1]
}
