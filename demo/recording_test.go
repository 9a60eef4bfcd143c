package demo_test

import (
	"testing"

	"zhifa"
	"zhifa/law"
)

// TestSeedRecording: the market bureau has its whole-process-recording list (B5), which
// requires A/V of inspections and hearings besides the statutory minimum (D2); the other
// agencies keep the statutory default.
func TestSeedRecording(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	a, _, _ := seeded(t)
	ags, err := a.Personnel().Agencies(sys())
	if err != nil {
		t.Fatal(err)
	}
	own := 0
	for _, ag := range ags {
		if !ag.IsEnforcement() {
			continue
		}
		v, err := a.Evidence().RecordingList(sys(), ag.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Own {
			continue
		}
		own++
		if ag.Name != "东港市市场监督管理局" {
			t.Errorf("%s has a list", ag.Name)
		}
		for _, action := range []zhifa.Action{zhifa.ActSeize, zhifa.ActInspect, zhifa.ActHoldHearing} {
			if req, _ := law.AVRequired(v.Current, action); !req {
				t.Errorf("%s: A/V not required for %s", ag.Name, action)
			}
		}
		if a := law.RecordingActOf(v.Current, "serve"); a.Level != zhifa.RecordingRecommended {
			t.Errorf("serve %+v", a)
		}
	}
	if own != 1 {
		t.Errorf("%d agencies with their own list, want the market bureau's", own)
	}
}
