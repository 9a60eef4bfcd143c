package law

import (
	"testing"

	"zhifa"
)

// TestLicenceDecisions: which kinds end an earlier licence and which make its publication
// fall (行政许可法第八条第二款、第六十九条、第七十条).
func TestLicenceDecisions(t *testing.T) {
	tests := []struct {
		d          zhifa.LicenceDecision
		ends, fall bool
	}{
		{zhifa.LicenceGrant, false, false},
		{zhifa.LicenceRefuse, false, false},
		{zhifa.LicenceChange, false, false},
		{zhifa.LicenceRenew, false, false},
		{zhifa.LicenceRecall, true, false},
		{zhifa.LicenceRevoke, true, true},
		{zhifa.LicenceCancel, true, false},
	}
	for _, tt := range tests {
		if got := LicenceEndsEarlier(tt.d); got != tt.ends {
			t.Errorf("%s ends earlier = %v", tt.d, got)
		}
		if got := LicenceWithdrawsPublication(tt.d); got != tt.fall {
			t.Errorf("%s withdraws = %v", tt.d, got)
		}
		if tt.d.Label() == "" {
			t.Errorf("%s has no label", tt.d)
		}
	}
	if len(tests) != len(zhifa.LicenceDecisions) {
		t.Errorf("%d kinds tested of %d", len(tests), len(zhifa.LicenceDecisions))
	}
	for _, s := range []string{"grant", "准予行政许可", "不予行政许可", "撤销行政许可", "撤销", "注销", "准予变更", "变更"} {
		if _, ok := zhifa.ParseLicenceDecision(s); !ok {
			t.Errorf("ParseLicenceDecision(%q) failed", s)
		}
	}
	if _, ok := zhifa.ParseLicenceDecision("批准"); ok {
		t.Errorf("批准 parsed")
	}
}

// TestLicenceDisplayUntil: three years from publication (第四十条 read with 公示规定第十三条's
// general period), or the validity's end when later.
func TestLicenceDisplayUntil(t *testing.T) {
	tests := []struct{ published, valid, want string }{
		{"2026-03-10", "", "2029-03-09"},
		{"2026-03-10", "2027-03-09", "2029-03-09"},
		{"2026-03-10", "2029-03-09", "2029-03-09"},
		{"2026-03-10", "2029-03-10", "2029-03-10"},
		{"2026-03-10", "2031-12-31", "2031-12-31"},
	}
	for _, tt := range tests {
		var valid zhifa.Date
		if tt.valid != "" {
			valid = zhifa.MustDate(tt.valid)
		}
		if got := LicenceDisplayUntil(zhifa.MustDate(tt.published), valid); got.String() != tt.want {
			t.Errorf("LicenceDisplayUntil(%s, %s) = %s, want %s", tt.published, tt.valid, got, tt.want)
		}
	}
}
