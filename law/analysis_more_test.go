package law

import (
	"reflect"
	"testing"

	"zhifa"
)

// TestLongInvestigation: a case ended without a penalty after the 九十日 of 第六十条 (as
// extended) is long; on the last day it is not.
func TestLongInvestigation(t *testing.T) {
	due := zhifa.MustDate("2026-04-01")
	for _, tc := range []struct {
		name  string
		due   zhifa.Date
		ended string
		want  bool
		days  int
	}{
		{"before the deadline", due, "2026-03-20", false, 0},
		{"on the deadline", due, "2026-04-01", false, 0},
		{"a day late", due, "2026-04-02", true, 1},
		{"a month late", due, "2026-05-01", true, 30},
		{"no deadline", zhifa.Date{}, "2026-05-01", false, 0},
	} {
		got, days := LongInvestigation(tc.due, zhifa.MustDate(tc.ended))
		if got != tc.want || days != tc.days {
			t.Errorf("%s: LongInvestigation = %v, %d; want %v, %d", tc.name, got, days, tc.want, tc.days)
		}
	}
}

// TestOfficersOutsideCertificate: 第四十二条第一款 and A2 — a certificate valid on the day
// of the act and covering the item's domain, for each officer.
func TestOfficersOutsideCertificate(t *testing.T) {
	day := zhifa.MustDate("2026-06-01")
	valid := &zhifa.Certificate{State: zhifa.CertValid, Domains: []string{"市场监管"}, ValidUntil: zhifa.MustDate("2027-01-01")}
	otherDomain := &zhifa.Certificate{State: zhifa.CertValid, Domains: []string{"交通运输"}}
	suspended := &zhifa.Certificate{State: zhifa.CertSuspended, Domains: []string{"市场监管"}}
	expired := &zhifa.Certificate{State: zhifa.CertValid, Domains: []string{"市场监管"}, ValidUntil: zhifa.MustDate("2026-05-31")}
	certs := map[string]*zhifa.Certificate{"甲": valid, "乙": otherDomain, "丙": suspended, "丁": expired}
	for _, tc := range []struct {
		name     string
		domain   string
		officers []string
		want     []string
	}{
		{"all covered", "市场监管", []string{"甲"}, nil},
		{"no domain asked", "", []string{"甲", "乙"}, nil},
		{"another domain", "市场监管", []string{"甲", "乙"}, []string{"乙的执法证件不含“市场监管”领域"}},
		{"suspended", "市场监管", []string{"丙"}, []string{"丙的执法证件" + zhifa.CertSuspended.Label()}},
		{"expired the day before", "市场监管", []string{"丁"}, []string{"丁的执法证件" + zhifa.CertExpired.Label()}},
		{"none", "市场监管", []string{"戊"}, []string{"戊无执法证件"}},
	} {
		if got := OfficersOutsideCertificate(day, tc.domain, tc.officers, certs); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestIdleSince: 连续五年 counts back from today by calendar months.
func TestIdleSince(t *testing.T) {
	for today, want := range map[string]string{"2026-12-07": "2021-12", "2026-01-01": "2021-01", "2024-02-29": "2019-03"} {
		if got := IdleSince(zhifa.MustDate(today)); got != want {
			t.Errorf("IdleSince(%s) = %s, want %s", today, got, want)
		}
	}
	if got := IdleHeldBefore(zhifa.MustDate("2026-12-07")); !got.Equal(zhifa.MustDate("2021-12-07").Time()) {
		t.Errorf("IdleHeldBefore = %v", got)
	}
}

// TestComplaintCluster checks the threshold and the bounds of a run's settings.
func TestComplaintCluster(t *testing.T) {
	for _, tc := range []struct {
		count, threshold int
		want             bool
	}{{2, 3, false}, {3, 3, true}, {9, 3, true}, {5, 0, false}} {
		if got := ComplaintCluster(tc.count, tc.threshold); got != tc.want {
			t.Errorf("ComplaintCluster(%d, %d) = %v", tc.count, tc.threshold, got)
		}
	}
	for _, tc := range []struct {
		threshold, days int
		fields          []string
	}{
		{ComplaintClusterThreshold, ComplaintClusterDays, nil},
		{ComplaintClusterMinCount, ComplaintClusterMaxDays, nil},
		{1, 90, []string{"complaint_threshold"}},
		{3, 6, []string{"complaint_days"}},
		{101, 731, []string{"complaint_days", "complaint_threshold"}},
	} {
		got := CheckComplaintClusterSettings(tc.threshold, tc.days)
		if len(got) != len(tc.fields) {
			t.Errorf("%d, %d: %v", tc.threshold, tc.days, got)
		}
		for _, f := range tc.fields {
			if got[f] == "" {
				t.Errorf("%d, %d: no %s in %v", tc.threshold, tc.days, f, got)
			}
		}
	}
	if r := ComplaintClusterRule(zhifa.ComplaintAboutEnterprise, 3, 90); r == "" || r == ComplaintClusterRule(zhifa.ComplaintAboutConduct, 3, 90) {
		t.Errorf("rules %q", r)
	}
}

// TestMandatoryAVSteps: the seizure (查封、扣押) is the statutory step that always needs
// its whole-process A/V record (国办发〔2018〕118号（八）); a recommended act is not.
func TestMandatoryAVSteps(t *testing.T) {
	steps := MandatoryAVSteps()
	byAction := map[zhifa.Action]MandatoryAVStep{}
	for _, s := range steps {
		byAction[s.Action] = s
	}
	seize, ok := byAction[zhifa.ActSeize]
	if !ok || seize.Act != "seize" || seize.Rule != RuleMissingAV+RuleAVSeizure || seize.Label == "" {
		t.Errorf("seize: %+v", seize)
	}
	for _, a := range []zhifa.Action{zhifa.ActInspect, zhifa.ActInvestigate, zhifa.ActServe} {
		if _, ok := byAction[a]; ok {
			t.Errorf("%s is only recommended, not mandatory", a)
		}
	}
	for _, s := range steps {
		if req, _ := AVRequired(nil, s.Action); !req {
			t.Errorf("%s: listed as mandatory but AVRequired says no", s.Action)
		}
	}
}
