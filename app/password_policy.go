package app

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Password policy (GB/T 22239-2019 level 3, 8.1.4.1 a: 身份鉴别信息具有复杂度要求并定期更换).
const (
	// MinPasswordLen is the shortest password accepted, in characters.
	MinPasswordLen = 8
	// MaxPasswordLen bounds the work of hashing one password, in bytes.
	MaxPasswordLen = 128
	// minPasswordClasses of upper case, lower case, digits and other characters must appear.
	minPasswordClasses = 3
)

//go:embed common_passwords.txt
var commonPasswordList string

var (
	commonOnce      sync.Once
	commonPasswords map[string]bool
)

// isCommonPassword reports whether pw, ignoring case, is in the shipped blocklist. The
// list is parsed on first use, not at package load.
func isCommonPassword(pw string) bool {
	commonOnce.Do(func() {
		commonPasswords = map[string]bool{}
		for _, line := range strings.Split(commonPasswordList, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "# ") {
				commonPasswords[line] = true
			}
		}
	})
	return commonPasswords[strings.ToLower(pw)]
}

// passwordClasses counts the character classes of pw: upper case, lower case, digits and
// anything else (punctuation, spaces, Chinese characters).
func passwordClasses(pw string) int {
	var upper, lower, digit, other bool
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case unicode.IsPrint(r):
			other = true
		}
	}
	n := 0
	for _, has := range []bool{upper, lower, digit, other} {
		if has {
			n++
		}
	}
	return n
}

// PasswordProblem says in Chinese what is wrong with pw as the password of login, or ""
// if the policy accepts it: at least MinPasswordLen characters and three character
// classes, not containing the login, not a common password.
func PasswordProblem(pw, login string) string {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLen:
		return "密码至少" + strconv.Itoa(MinPasswordLen) + "位"
	case len(pw) > MaxPasswordLen:
		return "密码不能超过" + strconv.Itoa(MaxPasswordLen) + "位"
	case passwordClasses(pw) < minPasswordClasses:
		return "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类"
	case login != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(login)):
		return "密码不能包含登录名"
	case isCommonPassword(pw):
		return "密码过于常见，容易被猜中，请换一个"
	}
	return ""
}
