package execution

import (
	"testing"

	"zhifa"
)

func d(s string) zhifa.Date { return zhifa.MustDate(s) }

// TestReference: the 缴款码 carries ISO 7064 MOD 97-10 check digits, so that a mistyped
// one is refused rather than credited to another case.
func TestReference(t *testing.T) {
	for _, ids := range [][2]int64{{1, 1}, {3, 42}, {999999, 123456789012}} {
		ref := Reference(ids[0], ids[1])
		if !ValidReference(ref) {
			t.Errorf("Reference%v = %s is not valid", ids, ref)
		}
		for i := range ref {
			typo := []byte(ref)
			typo[i] = '0' + (typo[i]-'0'+1)%10
			if ValidReference(string(typo)) {
				t.Errorf("typo at %d of %s accepted", i, ref)
			}
		}
	}
	for _, bad := range []string{"", "123", "abcdefghijabcdefghij", Reference(1, 1) + "0"} {
		if ValidReference(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestCompute: payments go to the principal first; the late fee stops the day the
// principal is paid; an approved deferral moves the deadline (行政处罚法第六十六条第二款).
func TestCompute(t *testing.T) {
	o := &zhifa.Obligation{FineFen: 1000_00, ConfiscateFen: 200_00, Due: d("2026-03-17")}
	pay := func(on string, fen int64) zhifa.Payment { return zhifa.Payment{PaidOn: d(on), AmountFen: fen} }
	for _, tc := range []struct {
		name        string
		payments    []zhifa.Payment
		today       string
		fee, out    int64
		days        int
		settled     string
		deferralEnd string
	}{
		{"nothing paid in time", nil, "2026-03-10", 0, 1200_00, 0, "", ""},
		{"two days late", nil, "2026-03-19", 60_00, 1260_00, 2, "", ""},
		{"partial, then late", []zhifa.Payment{pay("2026-03-10", 500_00)}, "2026-03-18", 30_00, 730_00, 1, "", ""},
		{"principal paid late, fee stops", []zhifa.Payment{pay("2026-03-19", 1200_00)}, "2026-04-30", 60_00, 60_00, 2, "2026-03-19", ""},
		{"all paid", []zhifa.Payment{pay("2026-03-19", 1260_00)}, "2026-04-30", 60_00, 0, 2, "2026-03-19", ""},
		{"deferred to 04-30", nil, "2026-04-20", 0, 1200_00, 0, "", "2026-04-30"},
	} {
		o := *o
		if tc.deferralEnd != "" {
			o.Exec.Deferral = &zhifa.Deferral{Approved: true, Decided: true, Instalments: []zhifa.Instalment{{Due: d(tc.deferralEnd), AmountFen: 1200_00}}}
		}
		a := Compute(&o, tc.payments, d(tc.today))
		if a.LateFeeFen != tc.fee || a.OutstandingFen != tc.out || a.LateFeeDays != tc.days || (tc.settled != "" && a.SettledOn != d(tc.settled)) {
			t.Errorf("%s: %+v", tc.name, a)
		}
	}
}

// TestParseFen: amounts of a bank statement in yuan.
func TestParseFen(t *testing.T) {
	for in, want := range map[string]int64{"150": 150_00, "50.5": 50_50, "1,234.56": 1234_56, " 0.01 ": 1} {
		if got, ok := parseFen(in); !ok || got != want {
			t.Errorf("parseFen(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.234", "-5", "1e3", ".5"} {
		if _, ok := parseFen(bad); ok {
			t.Errorf("parseFen(%q) accepted", bad)
		}
	}
	if Yuan(123456789) != "1,234,567.89元" || Yuan(5) != "0.05元" {
		t.Errorf("Yuan: %s %s", Yuan(123456789), Yuan(5))
	}
}
