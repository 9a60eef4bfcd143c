package app_test

import (
	"encoding/json"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestFiledCaseView: the view a filing returns, built from what the filing wrote
// without reading the case's rows back (issue 11), is the view the case page reads
// after it, for an officer's filing and for a head's filing past the limitation (an
// event with its approver).
func TestFiledCaseView(t *testing.T) {
	w := newCaseWorld(t)
	late := w.input(zhifa.CasePenalty)
	late.OccurredOn = zhifa.MustDate("2020-01-10")
	late.LimitationReason = "《某法》第N条另有规定"
	for _, tc := range []struct {
		name, login string
		in          app.CaseInput
	}{
		{"officer", "officer1", w.input(zhifa.CasePenalty)},
		{"head past the limitation", "head1", late},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := w.as(t, tc.login)
			filed, err := w.app.FileCase(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			read, err := w.app.Case(ctx, filed.ID)
			if err != nil {
				t.Fatal(err)
			}
			filed.Warnings, read.Warnings = nil, nil // a filing's warnings are its input's
			got, _ := json.Marshal(filed)
			want, _ := json.Marshal(read)
			if string(got) != string(want) {
				t.Errorf("filing's view\n%s\nread after it\n%s", got, want)
			}
			if len(filed.Events) != 1 || filed.Events[0].ID == 0 || filed.Documents == nil {
				t.Errorf("events %+v, documents %+v", filed.Events, filed.Documents)
			}
		})
	}
}
