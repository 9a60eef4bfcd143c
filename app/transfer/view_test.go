package transfer

import (
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// TestWarnings: only the transfer clocks due soon or overdue warn, each with its article
// and deadline; the hand-over clock, counted in hours, shows its time.
func TestWarnings(t *testing.T) {
	due, _ := zhifa.ParseDate("2026-03-02")
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, zhifa.CST)
	clock := func(k zhifa.ClockKind, status, rule string) kernel.ClockView {
		return kernel.ClockView{Clock: zhifa.Clock{Kind: k, Due: due, Rule: rule}, Label: k.Label(), Status: status}
	}
	handover := clock(zhifa.ClockTransferHandover, law.ClockOverdue, law.RuleTransferDecision)
	handover.DueAt = &at
	cases := []struct {
		name   string
		clocks []kernel.ClockView
		want   []string // substrings, one per warning
	}{
		{"none", nil, nil},
		{"running and done clocks are quiet", []kernel.ClockView{clock(zhifa.ClockTransferDecision, law.ClockOK, law.RuleTransferDecision),
			clock(zhifa.ClockTransferReply, "done", law.RuleTransferReply)}, nil},
		{"decision due soon", []kernel.ClockView{clock(zhifa.ClockTransferDecision, law.ClockDueSoon, law.RuleTransferDecision)},
			[]string{"即将到期", "3日内作出批准或者不批准移送的决定", "2026年", law.RuleTransferDecision}},
		{"hand-over overdue at its hour", []kernel.ClockView{handover}, []string{"已逾期", "24小时内", "2026-03-02 09:30"}},
		{"reply overdue", []kernel.ClockView{clock(zhifa.ClockTransferReply, law.ClockOverdue, law.RuleTransferReply)},
			[]string{"已逾期", "立案监督", law.RuleTransferReply}},
		{"other clocks ignored", []kernel.ClockView{clock(zhifa.ClockDecision, law.ClockOverdue, "")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Warnings(c.clocks)
			if got == nil || (len(c.want) == 0) != (len(got) == 0) {
				t.Fatalf("Warnings = %q, want one containing %q", got, c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(strings.Join(got, "\n"), w) {
					t.Errorf("Warnings = %q, want %q", got, w)
				}
			}
		})
	}
}

func TestIsAction(t *testing.T) {
	for _, a := range []zhifa.Action{zhifa.ActProposeTransfer, zhifa.ActApproveTransfer, zhifa.ActRejectTransfer, zhifa.ActHandOver, zhifa.ActTransferReply, zhifa.ActRequestReconsideration, zhifa.ActTransfer} {
		if !IsAction(a) {
			t.Errorf("IsAction(%q) = false", a)
		}
	}
	for _, a := range []zhifa.Action{zhifa.ActDecide, zhifa.ActClose, "", "Transfer"} {
		if IsAction(a) {
			t.Errorf("IsAction(%q) = true", a)
		}
	}
}
