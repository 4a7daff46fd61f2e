package main

import (
	"testing"
	"time"
)

func TestSumInitClock(t *testing.T) {
	trace := "init runtime @0.043 ms, 0.090 ms clock, 0 bytes, 0 allocs\n" +
		"some other line\n" +
		"init github.com/itchyny/gojq @4.2 ms, 0.52 ms clock, 219352 bytes, 2278 allocs\n"
	got, err := sumInitClock(trace)
	if err != nil {
		t.Fatal(err)
	}
	if want := 610 * time.Microsecond; got < want-time.Microsecond || got > want+time.Microsecond {
		t.Errorf("sum = %v, want %v", got, want)
	}
	if _, err := sumInitClock("keyway version dev\n"); err == nil {
		t.Error("a trace without init lines gave no error")
	}
	if _, err := sumInitClock("init x @1 ms, 0.x ms clock, 1 bytes, 1 allocs\n"); err == nil {
		t.Error("an unreadable clock time gave no error")
	}
}
