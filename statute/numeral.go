package statute

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxNumber is the largest number ParseChineseNumber and
// FormatChineseNumber handle (九千九百九十九).
const MaxNumber = 9999

var (
	chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	digitValue    = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unitValue     = map[rune]int{'十': 10, '百': 100, '千': 1000}
)

// ParseChineseNumber parses a number written in Chinese numerals as used in
// article labels, such as "四十二", "十", "一百零五", "一百一十" or "一千".
// It accepts 0 through MaxNumber.
//
// The numeral must be well formed: places in decreasing order, 零 (or 〇)
// only where a place is skipped, and no abbreviated forms such as "一百五".
// The leading 一 of 10–19 may be written or omitted ("十二" and "一十二"
// both give 12), and "一千零十" is accepted for 1010. Arabic digits are not
// accepted; see ParseArticleRef for that.
func ParseChineseNumber(s string) (int, error) {
	fail := func(why string) (int, error) {
		return 0, fmt.Errorf("statute: invalid Chinese number %q: %s", s, why)
	}
	switch s {
	case "":
		return fail("empty")
	case "零", "〇":
		return 0, nil
	}
	total := 0
	digit := -1       // pending digit, -1 if none
	lastUnit := 10000 // value of the last place written
	zero := false     // a 零 was seen since the last place
	for _, r := range s {
		if d, ok := digitValue[r]; ok {
			switch {
			case d == 0 && (digit >= 0 || zero || total == 0):
				return fail("misplaced 零")
			case d == 0:
				zero = true
			case digit >= 0:
				return fail("two digits in a row")
			default:
				digit = d
			}
			continue
		}
		u, ok := unitValue[r]
		switch {
		case !ok:
			return fail(fmt.Sprintf("unexpected %q", r))
		case u >= lastUnit:
			return fail("places out of order")
		case zero && u*10 >= lastUnit:
			return fail("superfluous 零")
		case !zero && total > 0 && u*10 < lastUnit:
			return fail("missing 零")
		}
		if digit < 0 {
			// Only 十 may stand without a digit: "十二" or "一千零十".
			if u != 10 || (total != 0 && !zero) {
				return fail("missing digit before " + string(r))
			}
			digit = 1
		}
		total += digit * u
		lastUnit, digit, zero = u, -1, false
	}
	switch {
	case digit < 0 && zero:
		return fail("trailing 零")
	case digit < 0:
	case zero && lastUnit == 10:
		return fail("superfluous 零")
	case !zero && total > 0 && lastUnit > 10:
		return fail("missing 零 or abbreviated numeral")
	default:
		total += digit
	}
	return total, nil
}

// FormatChineseNumber formats n (0 through MaxNumber) in Chinese numerals
// the way statutes number their articles: 10 → "十", 12 → "十二",
// 105 → "一百零五", 110 → "一百一十", 1010 → "一千零一十". Numbers out of
// range are formatted in Arabic digits.
func FormatChineseNumber(n int) string {
	if n < 0 || n > MaxNumber {
		return strconv.Itoa(n)
	}
	if n == 0 {
		return "零"
	}
	var b strings.Builder
	zero := false
	for _, p := range []struct {
		value int
		unit  string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}} {
		d := n / p.value % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if d != 1 || p.value != 10 || b.Len() > 0 {
			b.WriteString(chineseDigits[d])
		}
		b.WriteString(p.unit)
	}
	return b.String()
}

// FormatArticleLabel returns the label of article n, e.g. "第一百二十四条".
func FormatArticleLabel(n int) string {
	return "第" + FormatChineseNumber(n) + "条"
}

// ParseArticleRef parses a reference to an article of a statute, such as
// "《行政处罚法》第四十二条", "行政处罚法第42条" or
// "《中华人民共和国食品安全法》第一百二十四条". The article number may be
// written in Chinese numerals or in (half- or full-width) Arabic digits.
// Paragraph (款) and item (项) qualifiers after the article, as in
// "第二十八条第一款第（二）项", are accepted and ignored.
//
// The title is returned as written, without the book-title marks 《》;
// pass it to Lookup to find the statute. Sub-numbered articles such as
// "第十条之一" are not supported and yield an error.
func ParseArticleRef(s string) (title string, article int, err error) {
	fail := func() (string, int, error) {
		return "", 0, fmt.Errorf("statute: invalid article reference %q", s)
	}
	if !utf8.ValidString(s) {
		return fail()
	}
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "《"); ok {
		if title, rest, ok = strings.Cut(rest, "》"); !ok {
			return fail()
		}
		if article, ok = parseArticlePart(rest); !ok {
			return fail()
		}
	} else {
		// The title runs up to the first 第 that starts a valid article part.
		for i := 0; ; {
			j := strings.Index(s[i:], "第")
			if j < 0 {
				return fail()
			}
			i += j
			if n, ok := parseArticlePart(s[i:]); ok {
				title, article = s[:i], n
				break
			}
			i += len("第")
		}
	}
	title = strings.TrimSpace(title)
	if title == "" || strings.ContainsAny(title, "《》") {
		return fail()
	}
	return title, article, nil
}

// parseArticlePart parses "第X条" optionally followed by 款 and 项 qualifiers.
func parseArticlePart(s string) (int, bool) {
	num, rest, ok := cutOrdinal(strings.TrimSpace(s), "条")
	if !ok {
		return 0, false
	}
	n, err := parseRefNumber(num)
	if err != nil || n < 1 {
		return 0, false
	}
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		q, after, ok := cutOrdinal(rest, "款")
		if !ok {
			if q, after, ok = cutOrdinal(rest, "项"); !ok {
				return 0, false
			}
			q = strings.TrimPrefix(strings.TrimPrefix(q, "（"), "(")
			q = strings.TrimSuffix(strings.TrimSuffix(q, "）"), ")")
		}
		if m, err := parseRefNumber(q); err != nil || m < 1 {
			return 0, false
		}
		rest = after
	}
	return n, true
}

// cutOrdinal splits "第" + num + unit + rest. It reports false if s does not
// start with 第 or contains no unit.
func cutOrdinal(s, unit string) (num, rest string, ok bool) {
	s, ok = strings.CutPrefix(s, "第")
	if !ok {
		return "", "", false
	}
	return strings.Cut(s, unit)
}

// parseRefNumber parses a number in Chinese numerals or Arabic digits.
func parseRefNumber(s string) (int, error) {
	if s == "" || !isDigits(s) {
		return ParseChineseNumber(s)
	}
	n := 0
	for _, r := range s {
		if r >= '０' {
			r -= '０' - '0'
		}
		if n = n*10 + int(r-'0'); n > MaxNumber {
			return 0, errors.New("statute: number too large")
		}
	}
	return n, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < '０' || r > '９') {
			return false
		}
	}
	return true
}
