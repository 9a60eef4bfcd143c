package app

import (
	"bytes"
	"strings"
	"testing"
)

// TestXLSXWriterRoundTrip writes a workbook and reads it back with the import's reader:
// text (with XML specials, a formula-looking value and a control character), numbers,
// and Chinese sheet names that Excel would refuse.
func TestXLSXWriterRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	x, err := NewXLSXWriter(&buf, "案件/列表[2026]")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"案号", "金额", "说明"},
		{"东市监罚〔2026〕1号", int64(500000), "<a & b>"},
		{"=HYPERLINK(\"x\")", 1.5, "tab\there\x01"},
	}
	for _, r := range rows {
		if err := x.Values(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := readXLSX(buf.Bytes(), 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"案号", "金额", "说明"}, {"东市监罚〔2026〕1号", "500000", "<a & b>"}, {"=HYPERLINK(\"x\")", "1.5", "tab\there"}}
	if len(got) != len(want) {
		t.Fatalf("rows %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
	if sheetName("案件/列表[2026]") != "案件_列表_2026_" {
		t.Errorf("sheet name %q", sheetName("案件/列表[2026]"))
	}
}
