package app

import (
	"testing"

	"zhifa/internal/plaintext"
)

// TestPlainChineseRules fails on a requirement ID or an English code in a Chinese string
// of package app: warning rules, gate and validation messages, audit details (issue 12).
func TestPlainChineseRules(t *testing.T) { plaintext.CheckPackage(t, ".", 200) }
