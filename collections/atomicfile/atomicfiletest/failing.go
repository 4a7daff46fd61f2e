// Package atomicfiletest makes a step of atomicfile.Write fail, for the
// tests of every writer that promises a failed write keeps the old file.
package atomicfiletest

import (
	"io/fs"
	"os"
	"syscall"

	"github.com/keyway-cli/keyway/collections/atomicfile"
)

// Steps are the steps of a write that FailingFS can make fail, in order.
var Steps = []string{"create", "write", "sync", "chmod", "close", "rename"}

// ErrInjected is the failure injected: what a full disk answers.
var ErrInjected = syscall.ENOSPC

// FailingFS is the real file system with one step, FailAt (one of Steps),
// made to fail.
type FailingFS struct {
	FailAt string
}

var _ atomicfile.FS = FailingFS{}

func (f FailingFS) ReadFile(name string) ([]byte, error)  { return atomicfile.OS.ReadFile(name) }
func (f FailingFS) Stat(name string) (fs.FileInfo, error) { return atomicfile.OS.Stat(name) }
func (f FailingFS) CheckWritable(name string) error       { return atomicfile.OS.CheckWritable(name) }
func (f FailingFS) Link(oldPath, newPath string) error    { return atomicfile.OS.Link(oldPath, newPath) }
func (f FailingFS) Remove(name string) error              { return atomicfile.OS.Remove(name) }

// CreateTemp fails for "create"; otherwise its file fails at FailAt.
func (f FailingFS) CreateTemp(dir, pattern string) (atomicfile.File, error) {
	if f.FailAt == "create" {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: ErrInjected}
	}
	file, err := atomicfile.OS.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return failingFile{File: file, failAt: f.FailAt}, nil
}

// Rename fails for "rename".
func (f FailingFS) Rename(oldPath, newPath string) error {
	if f.FailAt == "rename" {
		return &os.LinkError{Op: "rename", Old: oldPath, New: newPath, Err: ErrInjected}
	}
	return atomicfile.OS.Rename(oldPath, newPath)
}

type failingFile struct {
	atomicfile.File
	failAt string
}

func (f failingFile) Write(p []byte) (int, error) {
	if f.failAt == "write" {
		// A full disk takes part of the data, then refuses the rest.
		n, _ := f.File.Write(p[:len(p)/2])
		return n, ErrInjected
	}
	return f.File.Write(p)
}

func (f failingFile) Sync() error {
	if f.failAt == "sync" {
		return ErrInjected
	}
	return f.File.Sync()
}

func (f failingFile) Chmod(mode fs.FileMode) error {
	if f.failAt == "chmod" {
		return ErrInjected
	}
	return f.File.Chmod(mode)
}

func (f failingFile) Close() error {
	err := f.File.Close()
	if f.failAt == "close" {
		return ErrInjected
	}
	return err
}
