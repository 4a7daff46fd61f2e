package demoapi

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"sync"
)

// pngBytes is the image /binary serves, drawn once on first use.
var pngBytes = sync.OnceValue(drawPNG)

// drawPNG draws a 256×256 colour gradient as a PNG: real binary bytes (the
// PNG signature starts with 0x89 and holds NULs), so a client must
// summarise the body rather than print it.
func drawPNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 256, 256))
	for y := range 256 {
		for x := range 256 {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic("demoapi: encoding a fixed image cannot fail: " + err.Error())
	}
	return buf.Bytes()
}

// binary is GET /binary: a PNG image.
func (s *server) binary(w http.ResponseWriter, r *http.Request) {
	body := pngBytes()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body) // a write error means the client left
}
