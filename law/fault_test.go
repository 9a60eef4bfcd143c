package law

import (
	"testing"

	"zhifa"
)

func TestCheckFaultDecision(t *testing.T) {
	tests := []struct {
		name string
		d    FaultDecision
		rule string // "" when allowed
	}{
		{"sanction with finding and person", FaultDecision{Finding: "facts_unclear", Responsible: 1, Sanction: SanctionCriticism}, ""},
		{"no pursuit without grounds", FaultDecision{Finding: "other", Sanction: SanctionNone}, ""},
		{"exemption with grounds", FaultDecision{Finding: "wrong_basis", Grounds: []string{"party_concealed"}, Exempt: true, Sanction: SanctionNone}, ""},
		{"exemption without grounds", FaultDecision{Exempt: true, Sanction: SanctionNone}, RuleFaultExempt},
		{"exempt yet sanctioned", FaultDecision{Finding: "other", Responsible: 1, Grounds: []string{"superior_order"}, Exempt: true, Sanction: SanctionNotice}, RuleFaultExempt},
		{"sanction without person", FaultDecision{Finding: "procedure_illegal", Sanction: SanctionSuspend}, RuleFaultPursuit},
		{"sanction without finding", FaultDecision{Responsible: 2, Sanction: SanctionNotice}, RuleFaultPursuit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFaultDecision(tt.d)
			if tt.rule == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *zhifa.Error
			if err == nil || !asError(err, &e) || e.Code != zhifa.EGATE || e.Rule != tt.rule {
				t.Fatalf("err = %v, want EGATE under %s", err, tt.rule)
			}
		})
	}
}

func asError(err error, target **zhifa.Error) bool {
	e, ok := err.(*zhifa.Error)
	*target = e
	return ok
}

func TestSanctionCertState(t *testing.T) {
	for _, tt := range []struct {
		sanction string
		state    zhifa.CertState
		ok       bool
	}{
		{SanctionSuspend, zhifa.CertSuspended, true},
		{SanctionTraining, zhifa.CertSuspended, true},
		{SanctionRevoke, zhifa.CertRevoked, true},
		{SanctionNotice, "", false},
		{SanctionNone, "", false},
	} {
		st, ok := SanctionCertState(tt.sanction)
		if st != tt.state || ok != tt.ok {
			t.Errorf("%s: got %q %v", tt.sanction, st, ok)
		}
		if ok {
			if err := CertTransition(zhifa.CertValid, st); err != nil {
				t.Errorf("%s: a valid certificate cannot move to %s: %v", tt.sanction, st, err)
			}
		}
	}
	for _, s := range FaultSanctions {
		if KeyLabel(FaultSanctions, s.Key) == "" {
			t.Errorf("%s has no label", s.Key)
		}
	}
}
