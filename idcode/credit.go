package idcode

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors returned by ParseCreditCode and NewCreditCode. The returned error
// wraps one of these, sometimes with detail appended; test with errors.Is.
var (
	ErrCreditCodeEmpty     = errors.New("统一社会信用代码不能为空")
	ErrCreditCodeLength    = errors.New("统一社会信用代码长度应为18位")
	ErrCreditCodeChar      = errors.New("统一社会信用代码含有非法字符")
	ErrCreditCodeAuthority = errors.New("统一社会信用代码登记管理部门代码无效")
	ErrCreditCodeRegion    = errors.New("统一社会信用代码登记管理机关行政区划码无效")
)

// creditChars is the GB 32100 character set; a character's index is its value.
// The letters I, O, Z, S and V are not used.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the GB 32100 weights of characters 1–17 (3^i mod 31).
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are the GB 11714 weights of the 8 organization code body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// Warning reports checksum mismatches in an otherwise well-formed unified
// social credit code. Some legally issued early codes fail a checksum, so these
// are not errors; callers may show them to the user for confirmation. Warning
// is a bit set; the zero value means no warning.
type Warning uint8

// Warning bits.
const (
	// WarnCheckChar: the 18th character does not match the GB 32100 checksum.
	WarnCheckChar Warning = 1 << iota
	// WarnOrgCheckChar: the 17th character does not match the GB 11714
	// checksum of the organization code (characters 9–17).
	WarnOrgCheckChar
)

// Has reports whether all bits of x are set in w.
func (w Warning) Has(x Warning) bool { return w&x == x }

// String returns the user-facing Chinese message(s), joined by "；", or "" if
// there is no warning.
func (w Warning) String() string {
	var msgs []string
	if w.Has(WarnCheckChar) {
		msgs = append(msgs, "统一社会信用代码校验位不符，请核对")
	}
	if w.Has(WarnOrgCheckChar) {
		msgs = append(msgs, "统一社会信用代码中的组织机构代码校验位不符，请核对")
	}
	return strings.Join(msgs, "；")
}

// CreditCode is a validated 18-character unified social credit code
// (统一社会信用代码, GB 32100-2015). The zero value is "not set". CreditCodes
// are comparable with ==.
type CreditCode struct {
	s string
}

// ParseCreditCode parses a unified social credit code. It is an error if the
// code is not 18 characters from the GB 32100 character set, if the first
// character (registration authority) is not one of 1–9, A, N, Y, or if
// characters 3–8 (region code) are not digits. The second character
// (organization category) is not checked beyond the character set.
//
// A mismatch of the 18th check character or of the organization code check
// character (17th) is not an error: the code is returned together with a
// non-zero Warning.
func ParseCreditCode(s string) (CreditCode, Warning, error) {
	s = normalize(s)
	if s == "" {
		return CreditCode{}, 0, ErrCreditCodeEmpty
	}
	if n := runeLen(s); n != 18 {
		return CreditCode{}, 0, fmt.Errorf("%w，当前为%d位", ErrCreditCodeLength, n)
	}
	if err := checkCreditChars(s); err != nil {
		return CreditCode{}, 0, err
	}
	// All 18 characters are ASCII from here on.
	if !strings.ContainsRune("123456789ANY", rune(s[0])) {
		return CreditCode{}, 0, ErrCreditCodeAuthority
	}
	if !allDigits(s[2:8]) {
		return CreditCode{}, 0, ErrCreditCodeRegion
	}
	var w Warning
	if orgCheckChar(s[8:16]) != s[16] {
		w |= WarnOrgCheckChar
	}
	if creditCheckChar(s[:17]) != s[17] {
		w |= WarnCheckChar
	}
	return CreditCode{s: s}, w, nil
}

// NewCreditCode builds a unified social credit code from its leading
// characters by appending the GB 32100 check character. If body17 has 17
// characters, the 17th (organization code check character) is used as given
// and not verified. If it has only 16 characters, the GB 11714 organization code
// check character is computed and inserted first, so the result parses
// without warnings. The result is otherwise validated as by ParseCreditCode.
// It is meant for test and demo data.
func NewCreditCode(body17 string) (CreditCode, error) {
	body := normalize(body17)
	if n := runeLen(body); n != 16 && n != 17 {
		return CreditCode{}, fmt.Errorf("%w：生成时应提供前16或17位，当前为%d位", ErrCreditCodeLength, n)
	}
	if err := checkCreditChars(body); err != nil {
		return CreditCode{}, err
	}
	if len(body) == 16 {
		body += string(orgCheckChar(body[8:16]))
	}
	c, _, err := ParseCreditCode(body + string(creditCheckChar(body)))
	return c, err
}

// String returns the normalized 18-character code, or "" for the zero value.
func (c CreditCode) String() string { return c.s }

// IsZero reports whether c is the zero value.
func (c CreditCode) IsZero() bool { return c.s == "" }

// Region returns the 6-digit administrative region code of the registration
// authority (characters 3–8), or "" for the zero value.
func (c CreditCode) Region() string {
	if c.IsZero() {
		return ""
	}
	return c.s[2:8]
}

// checkCreditChars reports the first character of s outside creditChars.
func checkCreditChars(s string) error {
	for i, r := range []rune(s) {
		if r < utf8.RuneSelf && strings.IndexByte(creditChars, byte(r)) >= 0 {
			continue
		}
		switch {
		case strings.ContainsRune("IOZSV", r):
			return fmt.Errorf("%w：第%d位为“%c”，代码中不使用字母I、O、Z、S、V", ErrCreditCodeChar, i+1, r)
		case r == ' ':
			return fmt.Errorf("%w：第%d位为空格", ErrCreditCodeChar, i+1)
		case r != utf8.RuneError && unicode.IsPrint(r):
			return fmt.Errorf("%w：第%d位为“%c”", ErrCreditCodeChar, i+1, r)
		default:
			return fmt.Errorf("%w：第%d位", ErrCreditCodeChar, i+1)
		}
	}
	return nil
}

// creditCheckChar returns the GB 32100 check character for the 17 characters
// in body, which must all be in creditChars.
func creditCheckChar(body string) byte {
	sum := 0
	for i, w := range creditWeights {
		sum += strings.IndexByte(creditChars, body[i]) * w
	}
	return creditChars[(31-sum%31)%31]
}

// orgCheckChar returns the GB 11714 check character for an 8-character
// organization code body. Letters count as A=10 … Z=35.
func orgCheckChar(body string) byte {
	sum := 0
	for i, w := range orgWeights {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return '0' + byte(c)
	}
}
