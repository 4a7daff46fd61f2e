package collections

import (
	"fmt"
	"strings"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// CompileJQ compiles expr as keyway compiles an expectation or a capture,
// so that an editor can show a mistake (a typo, an unknown function)
// before it is saved. The error says what is wrong, in jq's words.
func CompileJQ(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return fmt.Errorf("empty jq expression")
	}
	_, err := jqcode.Compile(expr)
	return err
}
