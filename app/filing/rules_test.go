package filing

import (
	"reflect"
	"testing"

	"zhifa"
)

func TestDiffLines(t *testing.T) {
	cases := []struct {
		name     string
		old, cur []string
		want     []DiffLine
	}{
		{"first version: all added", nil, []string{"a", "b"}, []DiffLine{{"+", "a"}, {"+", "b"}}},
		{"unchanged", []string{"a"}, []string{"a"}, []DiffLine{{" ", "a"}}},
		{"removed lines first, then the new version", []string{"a", "b"}, []string{"a", "c"},
			[]DiffLine{{"-", "b"}, {" ", "a"}, {"+", "c"}}},
		{"nothing left", []string{"a"}, nil, []DiffLine{{"-", "a"}}},
		{"both empty", nil, nil, []DiffLine{}},
	}
	for _, c := range cases {
		if got := diffLines(c.old, c.cur); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: diffLines = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestListEntryLines(t *testing.T) {
	e := &zhifa.ListEntry{Kind: zhifa.ListLighter, Title: "初次违法", Conditions: "首次且及时改正", Active: false,
		Basis: []zhifa.Basis{{Law: "中华人民共和国行政处罚法", Article: "第三十二条"}}}
	want := []string{"清单：" + zhifa.ListLighter.Label(), "条目：初次违法", "执法事项：全部事项", "适用条件：首次且及时改正", "状态：已停用",
		"依据：中华人民共和国行政处罚法第三十二条"}
	if got := listEntryLines(e, ""); !reflect.DeepEqual(got, want) {
		t.Errorf("listEntryLines = %q, want %q", got, want)
	}
	e.Active = true
	if got := listEntryLines(e, "DG-CF-1"); got[2] != "执法事项：DG-CF-1" || got[4] != "状态：有效" {
		t.Errorf("listEntryLines with an item = %q", got)
	}
}

func TestTitle(t *testing.T) {
	if got := Title(&zhifa.Filing{Kind: zhifa.FilingPenalty, CaseNumber: "东市监罚〔2026〕1号"}); got != "东市监罚〔2026〕1号" {
		t.Errorf("case filing title %q", got)
	}
	if got := Title(&zhifa.Filing{Kind: zhifa.FilingBenchmark, SubjectRef: "DG-CF-1", SubjectVersion: 2}); got != "裁量基准 DG-CF-1 第2版" {
		t.Errorf("rule filing title %q", got)
	}
}
