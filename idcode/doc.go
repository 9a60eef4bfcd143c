// Package idcode parses and validates Chinese identity codes as value types:
// the resident identity card number (居民身份证号码, GB 11643-1999) and the
// unified social credit code (统一社会信用代码, GB 32100-2015).
//
// Input is normalized before validation: surrounding white space is trimmed,
// full-width ASCII characters (as typed with a Chinese IME) are folded to their
// half-width forms, and ASCII lowercase letters are upper-cased. Errors carry
// user-facing messages in Simplified Chinese suitable for a form field and can
// be classified with errors.Is against the exported Err variables.
package idcode

import (
	"strings"
	"time"
	"unicode/utf8"
)

// now returns the current time; tests replace it to pin "today".
var now = time.Now

// cst is China Standard Time (UTC+8, no daylight saving). "Today" and ages are
// reckoned as civil dates in CST.
var cst = time.FixedZone("CST", 8*60*60)

// normalize trims surrounding white space, folds full-width ASCII to
// half-width and upper-cases ASCII letters.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII block
			r -= 0xFEE0
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}, strings.TrimSpace(s))
}

// runeLen is the number of characters the user typed.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
