package ledger

import (
	"bytes"
	"strings"
	"testing"
)

func TestCommitmentEntryRoundTrip(t *testing.T) {
	salt := bytes.Repeat([]byte{7}, SaltSize)
	e := &Entry{Kind: "case.submit_review", Case: "C-1", Actor: "user/3", Time: testTime, V: EntryV2,
		Meta:    map[string]string{"round": "1"},
		Commits: map[string]Commitment{"facts": Commit(salt, "身份证号110101199003074514"), "reason": Commit(salt, "x")}}
	b, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("110101")) || !bytes.Contains(b, []byte(`"commits":{"facts":{"sha256":"`)) || !bytes.HasSuffix(b, []byte(`"v":2}`)) {
		t.Fatalf("canonical v2 entry: %s", b)
	}
	got, err := ParseEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.V != EntryV2 || got.Commits["facts"] != e.Commits["facts"] {
		t.Fatalf("parsed %+v", got)
	}
	// Members out of order and a commitment without sm3 are not canonical.
	for _, bad := range []string{
		strings.Replace(string(b), `"sha256"`, `"sm3x"`, 1),
		strings.Replace(string(b), `,"sm3":"`+strings.Repeat("x", 0), `,"sm4":"`, 1),
	} {
		if _, err := ParseEntry([]byte(bad)); err == nil {
			t.Errorf("ParseEntry(%s) succeeded", bad)
		}
	}
	// A format-1 entry cannot carry commitments.
	e.V = EntryVersion
	if _, err := e.Canonical(); err == nil {
		t.Error("commitments in a format-1 entry were encoded")
	}
}

func TestCheckOpenings(t *testing.T) {
	s1, s2 := NewSalt(), NewSalt()
	if bytes.Equal(s1, s2) || len(s1) != SaltSize {
		t.Fatalf("salts %x %x", s1, s2)
	}
	e := &Entry{Commits: map[string]Commitment{"facts": Commit(s1, "事实"), "place": Commit(s2, "")}}
	ok := []Opening{{"facts", s1, "事实"}, {"place", s2, ""}}
	tests := []struct {
		name     string
		openings []Opening
		want     string // "" for success, else a substring of the error
	}{
		{"all open", ok, ""},
		{"value altered", []Opening{{"facts", s1, "事實"}, ok[1]}, `"facts"`},
		{"salt altered", []Opening{ok[0], {"place", s1, ""}}, `"place"`},
		{"short salt", []Opening{{"facts", s1[:8], "事实"}, ok[1]}, `"facts"`},
		{"missing", ok[:1], `"place": the entry commits to it`},
		{"extra", append(append([]Opening{}, ok...), Opening{"x", s1, ""}), `"x" has an opening`},
		{"twice", append(append([]Opening{}, ok...), ok[0]), "two openings"},
	}
	for _, tt := range tests {
		err := CheckOpenings(e, tt.openings)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one containing %s", tt.name, err, tt.want)
		}
	}
	// Same value, different salts: different commitments (no guessing by comparison).
	if Commit(s1, "13800138000") == Commit(s2, "13800138000") {
		t.Error("equal commitments under different salts")
	}
}
