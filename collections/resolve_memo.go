package collections

// smallMap maps names to values for one resolver: in an array while it
// holds a few entries — a request's Prepare resolves one or two variables,
// and making a map cost more than the rest of resolving them — and in a
// map beyond, so that a long chain of variables stays linear to check.
type smallMap[V any] struct {
	n     int
	keys  [smallMapInline]string
	vals  [smallMapInline]V
	large map[string]V
}

// smallMapInline is how many entries a smallMap holds before it makes a map.
const smallMapInline = 4

func (m *smallMap[V]) get(key string) (V, bool) {
	if m.large != nil {
		v, ok := m.large[key]
		return v, ok
	}
	for i := range m.n {
		if m.keys[i] == key {
			return m.vals[i], true
		}
	}
	var zero V
	return zero, false
}

func (m *smallMap[V]) set(key string, v V) {
	if m.large != nil {
		m.large[key] = v
		return
	}
	for i := range m.n {
		if m.keys[i] == key {
			m.vals[i] = v
			return
		}
	}
	if m.n < smallMapInline {
		m.keys[m.n], m.vals[m.n] = key, v
		m.n++
		return
	}
	m.large = make(map[string]V, 2*smallMapInline)
	for i := range m.n {
		m.large[m.keys[i]] = m.vals[i]
	}
	m.large[key] = v
	m.clearInline()
}

func (m *smallMap[V]) delete(key string) {
	if m.large != nil {
		delete(m.large, key)
		return
	}
	for i := range m.n {
		if m.keys[i] == key {
			last := m.n - 1
			m.keys[i], m.vals[i] = m.keys[last], m.vals[last]
			var zero V
			m.keys[last], m.vals[last] = "", zero
			m.n--
			return
		}
	}
}

// clear empties the map, keeping nothing the entries referred to alive.
func (m *smallMap[V]) clear() {
	m.large = nil
	m.clearInline()
}

func (m *smallMap[V]) clearInline() {
	var zero V
	for i := range m.n {
		m.keys[i], m.vals[i] = "", zero
	}
	m.n = 0
}
