package app

import (
	"context"
	"testing"
)

// TestTakePrepared checks that the hasher hands out exactly the hashes prepared, for the
// prepared password only, each of which checks against it.
func TestTakePrepared(t *testing.T) {
	ctx := context.Background()
	h := newPasswordHasher(Argon2Params{Memory: 64, Time: 1, Threads: 1})
	h.prepare("Prepared-Pass-2026", 2)
	if got, err := h.takePrepared(ctx, "Other-Pass-2026"); got != "" || err != nil {
		t.Fatalf("takePrepared(other) = %q, %v; want none", got, err)
	}
	seen := map[string]bool{}
	for i := range 2 {
		got, err := h.takePrepared(ctx, "Prepared-Pass-2026")
		if got == "" || err != nil || seen[got] {
			t.Fatalf("take %d = %q, %v", i, got, err)
		}
		seen[got] = true
		if !checkPassword(got, "Prepared-Pass-2026") {
			t.Errorf("prepared hash %d does not check", i)
		}
	}
	if got, err := h.takePrepared(ctx, "Prepared-Pass-2026"); got != "" || err != nil {
		t.Fatalf("take beyond the count = %q, %v; want none", got, err)
	}
}
