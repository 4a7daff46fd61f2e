package collections

// RequestForProfile returns the request a walk of profile's flow ends with
// (`keyway flow` without --request, and the TUI's Flow screen): the first,
// in file order, sent with profile; failing that the first sent with a
// profile of the same type (a profile kept to show a failure, such as a
// wrong password, is used by no request), then with any credentials, then
// the first request. Nil when the collection has no requests.
func (c *Collection) RequestForProfile(profile string) *Request {
	typeOf := func(name string) string {
		if p := c.Profiles[name]; p != nil {
			return p.Type
		}
		return ""
	}
	matches := []func(r *Request) bool{
		func(r *Request) bool { return c.ProfileFor(r) == profile },
		func(r *Request) bool { return typeOf(profile) != "" && typeOf(c.ProfileFor(r)) == typeOf(profile) },
		func(r *Request) bool { return c.ProfileFor(r) != "" },
		func(*Request) bool { return true },
	}
	for _, match := range matches {
		for _, r := range c.Requests {
			if match(r) {
				return r
			}
		}
	}
	return nil
}
