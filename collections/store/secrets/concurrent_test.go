package secrets

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
)

// TestConcurrentSetsAreAllKept: stores opened separately on one file, as
// separate `keyway secret set` commands are, each set a secret at once
// (half of them bound to a host). Every secret and every binding must be
// there afterwards: without the lock across processes, each writer saved
// the file as it had read it and dropped the others' updates.
func TestConcurrentSetsAreAllKept(t *testing.T) {
	path := openTemp(t).Path()
	const writers = 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			var hosts []string
			if i%2 == 0 {
				hosts = []string{fmt.Sprintf("h%d.example.com", i)}
			}
			errs <- s.SetBound(fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i), hosts)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	assertAllKept(t, path, writers)
}

// TestConcurrentSetsFromProcessesAreAllKept is the same with real
// processes: this test binary run again as `secret set`.
func TestConcurrentSetsFromProcessesAreAllKept(t *testing.T) {
	path := openTemp(t).Path()
	const writers = 10
	var wg sync.WaitGroup
	outs := make([][]byte, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSetProcess$")
			cmd.Env = append(os.Environ(), "KEYWAY_TEST_SET_STORE="+path, fmt.Sprintf("KEYWAY_TEST_SET_INDEX=%d", i))
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range writers {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	assertAllKept(t, path, writers)
}

// TestHelperSetProcess is not a test: it is the child process of
// TestConcurrentSetsFromProcessesAreAllKept.
func TestHelperSetProcess(t *testing.T) {
	path := os.Getenv("KEYWAY_TEST_SET_STORE")
	if path == "" {
		t.Skip("run by TestConcurrentSetsFromProcessesAreAllKept")
	}
	var i int
	fmt.Sscan(os.Getenv("KEYWAY_TEST_SET_INDEX"), &i)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var hosts []string
	if i%2 == 0 {
		hosts = []string{fmt.Sprintf("h%d.example.com", i)}
	}
	if err := s.SetBound(fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i), hosts); err != nil {
		t.Fatal(err)
	}
}

func assertAllKept(t *testing.T, path string, writers int) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	names, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != writers {
		t.Fatalf("%d secrets kept of %d set at once: %v", len(names), writers, names)
	}
	for i := range writers {
		name := fmt.Sprintf("k%d", i)
		if v, err := s.Get(name); err != nil || v != fmt.Sprintf("v%d", i) {
			t.Errorf("%s = %q, %v", name, v, err)
		}
		hosts, _ := s.Hosts(name)
		want := []string(nil)
		if i%2 == 0 {
			want = []string{fmt.Sprintf("h%d.example.com", i)}
		}
		if !slices.Equal(hosts, want) {
			t.Errorf("%s is bound to %v; want %v", name, hosts, want)
		}
	}
}

// TestStoreThroughASymlinkIsWrittenThroughIt: a store path that is a
// symbolic link keeps being one; the secret lands in the target
// (hostile review of issue 9, B-F6).
func TestStoreThroughASymlinkIsWrittenThroughIt(t *testing.T) {
	dir := t.TempDir()
	real := dir + "/real.toml"
	link := dir + "/link.toml"
	if err := os.WriteFile(real, []byte("a = \"1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s, err := Open(link)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("b", "2"); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", info, err)
	}
	again, _ := Open(real)
	if names, _ := again.List(); len(names) != 2 {
		t.Fatalf("the target holds %v; want a and b", names)
	}
}
