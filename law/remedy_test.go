package law

import (
	"strings"
	"testing"

	"zhifa"
)

// TestRemedy: 行政复议法第二十三条 — a summary penalty states reconsideration first, once.
func TestRemedy(t *testing.T) {
	summary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary}
	ordinary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}
	s := RemedyText(summary, "东港市人民政府")
	if !strings.Contains(s, "先向东港市人民政府申请行政复议") || strings.Count(s, "申请行政复议") != 1 || CheckRemedy(summary, s) != nil {
		t.Errorf("summary remedy %q", s)
	}
	o := RemedyText(ordinary, "")
	if !strings.Contains(o, "或者自收到本决定书之日起6个月内") || !strings.Contains(o, "向行政复议机关") || strings.Contains(o, "先向") {
		t.Errorf("ordinary remedy %q", o)
	}
	for _, tt := range []struct {
		c      *zhifa.Case
		remedy string
		ok     bool
	}{
		{summary, o, false}, // 复议或者诉讼 on a summary decision
		{summary, "如不服，可以申请行政复议。", false},
		{summary, s, true},
		{ordinary, o, true},
	} {
		if err := CheckRemedy(tt.c, tt.remedy); (err == nil) != tt.ok || (err != nil && ruleOf(err) != RuleRemedyFirst) {
			t.Errorf("CheckRemedy(%s, %q) = %v", tt.c.Procedure, tt.remedy, err)
		}
	}
}

// TestReconsiderationBody: 行政复议法第二十四条 (the government of the agency's level; the
// government one level up for a government; the province for itself), 第二十五条 (a State
// Council department for itself) and 第二十七条 (vertical leadership: the superior
// department, set on the agency).
func TestReconsiderationBody(t *testing.T) {
	gov := func(name string, lv zhifa.AgencyLevel) *zhifa.Agency {
		return &zhifa.Agency{Name: name, Level: lv, Type: zhifa.AgencyGovernment}
	}
	dept := func(name string, lv zhifa.AgencyLevel) *zhifa.Agency {
		return &zhifa.Agency{Name: name, Level: lv, Type: zhifa.AgencyAdministrative}
	}
	province, city, county := gov("山东省人民政府", zhifa.LevelProvince), gov("东港市人民政府", zhifa.LevelCity), gov("海阳区人民政府", zhifa.LevelCounty)
	market := dept("东港市市场监督管理局", zhifa.LevelCity)
	station := dept("海阳区市场监督管理局城东所", zhifa.LevelTownship)
	countyMarket := dept("海阳区市场监督管理局", zhifa.LevelCounty)
	tax := dept("东港市税务局", zhifa.LevelCity)
	tax.ReviewBody = "山东省税务局"
	for _, tt := range []struct {
		name      string
		agency    *zhifa.Agency
		ancestors []*zhifa.Agency
		want      string
	}{
		{"working department: its level's government (第二十四条第一款第一项)", market, []*zhifa.Agency{city, province}, "东港市人民政府"},
		{"a station under a department: the department's government", station, []*zhifa.Agency{countyMarket, county, city, province}, "海阳区人民政府"},
		{"county government: the city government (第二十四条第一款第二项)", county, []*zhifa.Agency{city, province}, "东港市人民政府"},
		{"province for itself (第二十四条第二款)", province, nil, "山东省人民政府"},
		{"vertical leadership: the superior department (第二十七条)", tax, []*zhifa.Agency{city, province}, "山东省税务局"},
		{"State Council department for itself (第二十五条第一项)", dept("国家市场监督管理总局", zhifa.LevelNational), nil, "国家市场监督管理总局"},
		{"no government above: unknown", market, nil, ""},
	} {
		if got := ReconsiderationBody(tt.agency, tt.ancestors); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
