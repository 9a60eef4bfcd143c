package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// TestLoadOrder checks the order PostgreSQL tables are restored in: every table after
// the tables it refers to, alphabetical otherwise, a cycle refused.
func TestLoadOrder(t *testing.T) {
	tests := []struct {
		name    string
		names   []string
		deps    map[string][]string
		want    []string
		wantErr string
	}{
		{"independent", []string{"b", "a", "c"}, nil, []string{"a", "b", "c"}, ""},
		{"chain", []string{"cases", "agencies", "case_events"},
			map[string][]string{"cases": {"agencies"}, "case_events": {"cases"}},
			[]string{"agencies", "cases", "case_events"}, ""},
		{"diamond", []string{"d", "c", "b", "a"},
			map[string][]string{"a": {"b", "c"}, "b": {"d"}, "c": {"d"}},
			[]string{"d", "b", "c", "a"}, ""},
		{"cycle", []string{"a", "b"}, map[string][]string{"a": {"b"}, "b": {"a"}}, nil, "cycle: a → b → a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadOrder(tt.names, tt.deps)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("loadOrder = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
