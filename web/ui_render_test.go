package web

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"zhifa"
	"zhifa/web/kit"
)

// TestUILawLink checks the law-library links of item bases.
func TestUILawLink(t *testing.T) {
	esc := url.PathEscape
	tests := []struct {
		prefix string
		basis  zhifa.Basis
		want   string
	}{
		{"", zhifa.Basis{Law: "食品安全法", Article: "第一百二十四条"}, "/laws/" + esc("食品安全法") + "#art-124"},
		{"/staff", zhifa.Basis{Law: "《中华人民共和国行政处罚法》", Article: "第二十八条第一款"}, "/staff/laws/" + esc("行政处罚法") + "#art-28"},
		{"", zhifa.Basis{Law: "中华人民共和国行政处罚法", Article: "第42条"}, "/laws/" + esc("行政处罚法") + "#art-42"},
		{"", zhifa.Basis{Law: "行政处罚法", Article: "第九百条"}, "/laws/" + esc("行政处罚法")},
		{"", zhifa.Basis{Law: "行政处罚法", Article: ""}, "/laws/" + esc("行政处罚法")},
		{"", zhifa.Basis{Law: "东港市食品安全条例", Article: "第十条"}, ""},
	}
	for _, tt := range tests {
		if got := kit.LawLink(tt.prefix, tt.basis); got != tt.want {
			t.Errorf("lawLink(%q, %+v) = %q, want %q", tt.prefix, tt.basis, got, tt.want)
		}
	}
}

// TestUISafeNext checks that the login page only redirects to local paths.
func TestUISafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/staff/officers/3", "/staff/officers/3"},
		{"/items?q=a&page=2", "/items?q=a&page=2"},
		{"", "/staff/"},
		{"staff", "/staff/"},
		{"//evil.example", "/staff/"},
		{"/\\evil.example", "/staff/"},
		{"https://evil.example/staff/", "/staff/"},
		{"/staff/\r\nSet-Cookie: x=1", "/staff/"},
		{"javascript:alert(1)", "/staff/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestUIPager checks the paging bar's links and counts.
func TestUIPager(t *testing.T) {
	tests := []struct {
		url               string
		total, size       int
		page, pages       int
		wantPrev, wantNxt string
	}{
		{"/items", 0, 20, 1, 1, "", ""},
		{"/items?q=a", 45, 20, 1, 3, "", "/items?page=2&q=a"},
		{"/items?q=a&page=2", 45, 20, 2, 3, "/items?q=a", "/items?page=3&q=a"},
		{"/items?page=3", 45, 20, 3, 3, "/items?page=2", ""},
		{"/items?page=abc", 45, 20, 1, 3, "", "/items?page=2"},
		{"/items?page=-4", 45, 20, 1, 3, "", "/items?page=2"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.url, nil)
		n, offset := kit.ListPage(r, tt.size)
		p := kit.NewPager(r, tt.total, tt.size, n)
		if p.Page != tt.page || p.Pages != tt.pages || p.Prev != tt.wantPrev || p.Next != tt.wantNxt || offset != (tt.page-1)*tt.size {
			t.Errorf("%s: page %d/%d prev %q next %q offset %d", tt.url, p.Page, p.Pages, p.Prev, p.Next, offset)
		}
	}
}

// TestUISplitList checks how list fields are split.
func TestUISplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"市场监管、食品安全", []string{"市场监管", "食品安全"}},
		{" 市场监管 ,食品安全；价格\n广告 ", []string{"市场监管", "食品安全", "价格", "广告"}},
		{"", nil},
		{"、,", nil},
	}
	for _, tt := range tests {
		got := kit.SplitList(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}
