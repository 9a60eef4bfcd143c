package cases

import (
	"testing"

	"zhifa/internal/plaintext"
)

// TestPlainChinese fails on a requirement ID or an English code in a Chinese string of
// the context: its gate and validation messages, labels and audit details (issue 12).
func TestPlainChinese(t *testing.T) { plaintext.CheckPackage(t, ".", 100) }
