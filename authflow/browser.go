package authflow

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
)

// EnvBrowser names the program that opens a URL, as many command-line
// tools read it: when set, it is called with the URL as its only argument.
const EnvBrowser = "BROWSER"

// OpenBrowser opens url with the user's browser: $BROWSER when set, else
// the platform's opener (xdg-open, open, or rundll32's URL handler). It
// returns once the program has started, without waiting for it: the
// opener may live as long as the browser. Nothing is read from it; what it
// prints goes nowhere, so that it cannot garble the terminal.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	if browser := os.Getenv(EnvBrowser); browser != "" {
		cmd = exec.Command(browser, url)
	} else {
		switch runtime.GOOS {
		case "darwin":
			cmd = exec.Command("open", url)
		case "windows":
			cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
		default:
			cmd = exec.Command("xdg-open", url)
		}
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return errors.New("no browser could be opened (" + cmd.Path + " not found; set " + EnvBrowser + "): open the URL yourself")
		}
		return errors.New("the browser could not be opened: " + err.Error() + "; open the URL yourself")
	}
	// Reap the process when it ends.
	go func() { _ = cmd.Wait() }()
	return nil
}
