package demoapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file holds the resources behind OAuth2 access tokens: who am I,
// users, and notes, a small set a collection can chain captures through
// (create a note, capture its id, read it back).

// maxNoteBytes bounds a note's JSON body.
const maxNoteBytes = 64 << 10

// maxNotes bounds the note table: the demo runs for as long as a learner
// likes, and a loop must not grow it without end.
const maxNotes = 10000

// profile is the public view of a user.
type profile struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	Scopes []string `json:"scopes"`
}

// me is GET /me: the user the access token was issued to, and what the
// token allows.
func (s *server) me(w http.ResponseWriter, r *http.Request, c claims) {
	u, ok := users[c.Subject]
	if !ok {
		// A validly signed token for a user the demo does not know: it
		// can only come from a custom SigningKey shared elsewhere.
		writeError(w, http.StatusNotFound, "not_found", "The token's user does not exist")
		return
	}
	writeJSON(w, http.StatusOK, struct {
		profile
		TokenScope string `json:"token_scope"`
		ClientID   string `json:"client_id"`
		ExpiresAt  string `json:"token_expires_at"`
	}{
		profile:    profileOf(u),
		TokenScope: c.Scope,
		ClientID:   c.ClientID,
		ExpiresAt:  time.Unix(c.Expiry, 0).UTC().Format(time.RFC3339),
	})
}

// userByID is GET /users/{id}.
func (s *server) userByID(w http.ResponseWriter, r *http.Request, _ claims) {
	u, ok := userByID(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("No user has the id %q", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, profileOf(u))
}

func profileOf(u user) profile {
	return profile{ID: u.ID, Name: u.Name, Email: u.Email, Scopes: u.Scopes}
}

// note is one stored note.
type note struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	Owner   string `json:"owner"`
	Created string `json:"created"`
}

// noteInput is what POST /notes accepts.
type noteInput struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// createNote is POST /notes: a JSON object with a title and an optional
// body; the answer is 201 with the stored note and its Location.
func (s *server) createNote(w http.ResponseWriter, r *http.Request, c claims) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type",
			"Send the note as JSON with Content-Type: application/json")
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxNoteBytes))
	dec.DisallowUnknownFields()
	var in noteInput
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "The body is not a note: "+jsonProblem(err))
		return
	}
	if dec.Decode(&struct{}{}) != io.EOF {
		writeError(w, http.StatusBadRequest, "invalid_request", "The body holds more than one JSON value")
		return
	}
	if strings.TrimSpace(in.Title) == "" {
		writeError(w, http.StatusBadRequest, "invalid_request", `A note needs a non-empty "title"`)
		return
	}

	s.mu.Lock()
	if len(s.notes) >= maxNotes {
		s.mu.Unlock()
		writeError(w, http.StatusInsufficientStorage, "too_many_notes",
			fmt.Sprintf("The demo keeps at most %d notes; POST /admin/reset clears them", maxNotes))
		return
	}
	s.lastNote++
	n := note{
		ID:      "n" + strconv.Itoa(s.lastNote),
		Title:   in.Title,
		Body:    in.Body,
		Owner:   c.Subject,
		Created: s.now().UTC().Format(time.RFC3339),
	}
	s.notes[n.ID] = n
	s.mu.Unlock()

	w.Header().Set("Location", "/notes/"+n.ID)
	writeJSON(w, http.StatusCreated, n)
}

// jsonProblem describes a JSON decoding error without echoing the body.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("%q must be a %s", typeErr.Field, typeErr.Type)
	case errors.As(err, &tooBig):
		return fmt.Sprintf("larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return "the body is empty"
	default:
		return err.Error() // e.g. json: unknown field "x"
	}
}

// getNote is GET /notes/{id}.
func (s *server) getNote(w http.ResponseWriter, r *http.Request, _ claims) {
	s.mu.Lock()
	n, ok := s.notes[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("No note has the id %q", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, n)
}

// listNotes is GET /notes: every note, oldest first.
func (s *server) listNotes(w http.ResponseWriter, r *http.Request, _ claims) {
	s.mu.Lock()
	list := make([]note, 0, len(s.notes))
	for _, n := range s.notes {
		list = append(list, n)
	}
	s.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return noteNumber(list[i].ID) < noteNumber(list[j].ID) })
	writeJSON(w, http.StatusOK, map[string]any{"notes": list, "count": len(list)})
}

// noteNumber is the number in a note id, for ordering.
func noteNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "n"))
	return n
}

// deleteNote is DELETE /admin/notes/{id}, which needs the write scope.
func (s *server) deleteNote(w http.ResponseWriter, r *http.Request, _ claims) {
	id := r.PathValue("id")
	s.mu.Lock()
	_, ok := s.notes[id]
	delete(s.notes, id)
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("No note has the id %q", id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reset is POST /admin/reset, which needs the write scope: it forgets every
// note. Tokens stay valid, so a client that is logged in stays logged in.
func (s *server) reset(w http.ResponseWriter, r *http.Request, _ claims) {
	s.mu.Lock()
	clear(s.notes)
	s.lastNote = 0
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
