package report

import (
	"testing"

	"zhifa/internal/plaintext"
)

// TestPlainChinese fails on a requirement ID or an English code in a Chinese string of
// the context: its gate and validation messages and labels (issue 12).
func TestPlainChinese(t *testing.T) { plaintext.CheckPackage(t, ".", 20) }
