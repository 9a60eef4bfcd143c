package plaintext

import "testing"

// TestRequirementID: requirement IDs in prose are found; the same letters and digits
// inside identifiers, paths and base64 hashes are not.
func TestRequirementID(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"依据（F8）整改", true},
		{"REQUIREMENTS D2", true},
		{"A2", true},
		{"见 B3。", true},
		{"hash 3q+F8+Zk", false},
		{"abc/B3=", false},
		{"F8a", false},
		{"issue-B3", false},
		{"docs/A2", false},
	} {
		if got := RequirementID.MatchString(tc.text); got != tc.want {
			t.Errorf("%q: match %v, want %v", tc.text, got, tc.want)
		}
	}
}
