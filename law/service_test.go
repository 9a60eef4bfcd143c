package law

import (
	"testing"

	"zhifa"
)

// TestCheckService: 行政处罚法第六十一条 — method and proof; electronic service only with the
// party's prior written consent and confirmed address; public notice only when other
// methods failed.
func TestCheckService(t *testing.T) {
	day := d("2026-05-06")
	tests := []struct {
		name string
		s    *zhifa.Service
		rule string
	}{
		{"nothing recorded", nil, RuleServiceMethod},
		{"unknown method", &zhifa.Service{Method: "fax", Proof: "x"}, RuleServiceMethod},
		{"no proof", &zhifa.Service{Method: zhifa.ServeMail}, RuleServiceMethod},
		{"direct with receipt", &zhifa.Service{Method: zhifa.ServeDirect, Proof: "送达回证签收"}, ""},
		{"left with witnesses", &zhifa.Service{Method: zhifa.ServeLeft, Proof: "当事人拒收，村委会主任见证并录像"}, ""},
		{"electronic without consent", &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "已发送"}, RuleServiceElectronic},
		{"electronic without address", &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "已发送", ConsentOn: d("2026-05-01")}, RuleServiceElectronic},
		{"electronic, consent after service", &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "已发送", ConsentOn: d("2026-05-07"), Address: "a@b.cn"}, RuleServiceElectronic},
		{"electronic with prior consent", &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "已发送", ConsentOn: d("2026-05-06"), Address: "a@b.cn"}, ""},
		{"public without ground", &zhifa.Service{Method: zhifa.ServePublic, Proof: "市局网站公告"}, RuleServicePublic},
		{"public, party missing", &zhifa.Service{Method: zhifa.ServePublic, Proof: "当事人下落不明，市局网站公告"}, ""},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckService(tt.s, day)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
	if ruleOf(CheckServiceClockChange(zhifa.ClockService)) != RuleServiceFixed || CheckServiceClockChange(zhifa.ClockDecision) != nil {
		t.Error("only the service period is fixed")
	}
}
