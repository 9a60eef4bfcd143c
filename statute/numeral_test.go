package statute

import (
	"strings"
	"testing"
)

func TestParseChineseNumber(t *testing.T) {
	valid := []struct {
		s string
		n int
	}{
		{"零", 0}, {"〇", 0}, {"一", 1}, {"九", 9}, {"十", 10}, {"一十", 10}, {"十一", 11},
		{"一十一", 11}, {"二十", 20}, {"四十二", 42}, {"九十九", 99}, {"一百", 100},
		{"一百零一", 101}, {"一百〇五", 105}, {"一百零五", 105}, {"一百一十", 110},
		{"一百一十九", 119}, {"一百二十四", 124}, {"一百五十四", 154}, {"二百", 200},
		{"一千", 1000}, {"一千零一", 1001}, {"一千零一十", 1010}, {"一千零十", 1010},
		{"一千零五十", 1050}, {"一千一百", 1100}, {"一千二百六十", 1260},
		{"二千零二十三", 2023}, {"九千九百九十九", 9999},
	}
	for _, tt := range valid {
		if n, err := ParseChineseNumber(tt.s); err != nil || n != tt.n {
			t.Errorf("ParseChineseNumber(%q) = %d, %v, want %d", tt.s, n, err, tt.n)
		}
	}
	invalid := []string{
		"", "42", "四二", "十十", "百", "一百十", "一百五", "一千二", "零五", "五零",
		"一百零", "一百零零五", "二十零五", "一千一十", "一千五十", "一千零十一百", "一百零五十", "一千零一百", "二十百", "一万", "两百",
		"一百 二", "第一", "四十二条", "一\x00", "\xff",
	}
	for _, s := range invalid {
		if n, err := ParseChineseNumber(s); err == nil {
			t.Errorf("ParseChineseNumber(%q) = %d, want error", s, n)
		}
	}
}

func TestFormatChineseNumber(t *testing.T) {
	tests := []struct {
		n int
		s string
	}{
		{0, "零"}, {1, "一"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {42, "四十二"},
		{100, "一百"}, {101, "一百零一"}, {105, "一百零五"}, {110, "一百一十"},
		{111, "一百一十一"}, {124, "一百二十四"}, {200, "二百"}, {1000, "一千"},
		{1001, "一千零一"}, {1010, "一千零一十"}, {1100, "一千一百"}, {2023, "二千零二十三"},
		{9999, "九千九百九十九"}, {-1, "-1"}, {10000, "10000"},
	}
	for _, tt := range tests {
		if got := FormatChineseNumber(tt.n); got != tt.s {
			t.Errorf("FormatChineseNumber(%d) = %q, want %q", tt.n, got, tt.s)
		}
	}
	if got := FormatArticleLabel(124); got != "第一百二十四条" {
		t.Errorf("FormatArticleLabel(124) = %q", got)
	}
}

func TestChineseNumberRoundTrip(t *testing.T) {
	for n := 0; n <= MaxNumber; n++ {
		s := FormatChineseNumber(n)
		if got, err := ParseChineseNumber(s); err != nil || got != n {
			t.Fatalf("ParseChineseNumber(FormatChineseNumber(%d) = %q) = %d, %v", n, s, got, err)
		}
	}
}

func TestParseArticleRef(t *testing.T) {
	valid := []struct {
		s, title string
		n        int
	}{
		{"《行政处罚法》第四十二条", "行政处罚法", 42},
		{"行政处罚法第42条", "行政处罚法", 42},
		{"《中华人民共和国食品安全法》第一百二十四条", "中华人民共和国食品安全法", 124},
		{" 《行政处罚法》 第十条 ", "行政处罚法", 10},
		{"行政处罚法 第１１０条", "行政处罚法", 110},
		{"《行政强制法》第二十五条第一款", "行政强制法", 25},
		{"《食品安全法》第一百二十四条第一款第（三）项", "食品安全法", 124},
		{"行政处罚法第五十一条第1款第(1)项", "行政处罚法", 51},
		{"行政执法机关移送涉嫌犯罪案件的规定第一千条", "行政执法机关移送涉嫌犯罪案件的规定", 1000},
		{"《关于修改〈中华人民共和国法官法〉等八部法律的决定》第一条", "关于修改〈中华人民共和国法官法〉等八部法律的决定", 1},
		{"第一法第二条", "第一法", 2},
	}
	for _, tt := range valid {
		title, n, err := ParseArticleRef(tt.s)
		if err != nil || title != tt.title || n != tt.n {
			t.Errorf("ParseArticleRef(%q) = %q, %d, %v, want %q, %d", tt.s, title, n, err, tt.title, tt.n)
		}
	}
	invalid := []string{
		"", "第四十二条", "《》第四十二条", "《行政处罚法第四十二条", "行政处罚法",
		"行政处罚法第条", "行政处罚法第零条", "行政处罚法第0条", "行政处罚法第10000条",
		"行政处罚法第四十二条之一", "行政处罚法第四十二条规定", "《行政处罚法》第一百五条",
		"行政处罚法第四十二条第款", "《行政处罚法》《行政强制法》第一条", "行政处罚法第99999999999999999999条",
	}
	for _, s := range invalid {
		if title, n, err := ParseArticleRef(s); err == nil {
			t.Errorf("ParseArticleRef(%q) = %q, %d, want error", s, title, n)
		}
	}
}

func FuzzParseChineseNumber(f *testing.F) {
	for n := 1; n <= 2000; n++ {
		f.Add(FormatChineseNumber(n))
	}
	for _, s := range []string{"", "一十二", "一千零十", "一百五", "零零", "十十", "一万"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseChineseNumber(s)
		if err != nil {
			return
		}
		if n < 0 || n > MaxNumber {
			t.Fatalf("ParseChineseNumber(%q) = %d, out of range", s, n)
		}
		f := FormatChineseNumber(n)
		if m, err := ParseChineseNumber(f); err != nil || m != n {
			t.Fatalf("ParseChineseNumber(%q) = %d, but ParseChineseNumber(%q) = %d, %v", s, n, f, m, err)
		}
		// Only the documented variants may differ from the canonical form.
		c := strings.ReplaceAll(s, "〇", "零")
		c = strings.ReplaceAll(c, "零十", "零一十")
		if strings.HasPrefix(c, "一十") {
			c = strings.TrimPrefix(c, "一")
		}
		if c != f {
			t.Fatalf("ParseChineseNumber(%q) = %d, canonical form is %q", s, n, f)
		}
	})
}

func FuzzParseArticleRef(f *testing.F) {
	for _, s := range []string{
		"《行政处罚法》第四十二条", "行政处罚法第42条", "《中华人民共和国食品安全法》第一百二十四条",
		"《食品安全法》第一百二十四条第一款第（三）项", "第一法第二条", "《》第一条", "第第条条",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		title, n, err := ParseArticleRef(s)
		if err != nil {
			return
		}
		if title == "" || n < 1 || n > MaxNumber {
			t.Fatalf("ParseArticleRef(%q) = %q, %d", s, title, n)
		}
		ref := "《" + title + "》" + FormatArticleLabel(n)
		if title2, n2, err := ParseArticleRef(ref); err != nil || title2 != title || n2 != n {
			t.Fatalf("ParseArticleRef(%q) = %q, %d, %v, want %q, %d", ref, title2, n2, err, title, n)
		}
	})
}
