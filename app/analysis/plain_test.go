package analysis

import (
	"testing"

	"zhifa/internal/plaintext"
)

func TestPlainChinese(t *testing.T) { plaintext.CheckPackage(t, ".", 20) }
