package web

import (
	"strings"
	"testing"
)

// TestPortalLedgerPlain checks that the public /ledger page explains in plain Chinese
// what the ledger proves and how to check a document before its technical detail, and
// serves no personal data of the seeded officers (issue #12).
func TestPortalLedgerPlain(t *testing.T) {
	env := newTestEnv(t)
	res := env.page(t, "GET", "/ledger", "", nil)
	if res.Status != 200 {
		t.Fatalf("status %d", res.Status)
	}
	body := string(res.Body)
	plain, how, technical := strings.Index(body, "账本能证明什么"), strings.Index(body, "怎样核对手中的执法文书"), strings.Index(body, "最新检查点")
	if plain < 0 || how < 0 || technical < 0 || !(plain < how && how < technical) {
		t.Errorf("order of sections: what %d, how %d, technical %d", plain, how, technical)
	}
	for _, personal := range []string{env.City.Officer.IDNumber, env.City.Officer.Phone, env.City.Officer.Name} {
		if personal != "" && strings.Contains(body, personal) {
			t.Errorf("the public ledger page shows %q", personal)
		}
	}
}
