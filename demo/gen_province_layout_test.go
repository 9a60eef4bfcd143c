package demo

import (
	"regexp"
	"testing"

	"zhifa"
)

// TestProvinceLayout: the layout places exactly the enforcement agencies asked for, in
// cities and districts with valid, unique region codes under the province, names and
// short names (the case numbers' prefix) unique, parents before children, up to
// MaxGenAgencies.
func TestProvinceLayout(t *testing.T) {
	region := regexp.MustCompile(`^37(19|[2-8][0-9]|9[0-8])[0-9]{2}$`)
	for _, tc := range []struct{ n, cities int }{{1, 1}, {4, 1}, {12, 1}, {13, 2}, {99, 9}, {MaxGenAgencies - 1, maxGenCities}} {
		layout := provinceLayout(tc.n, 1)
		bureaus, cities := 0, 0
		names, shorts := map[string]bool{}, map[string]bool{}
		for i, g := range layout {
			if g.parent >= i {
				t.Fatalf("n=%d: %s before its parent", tc.n, g.in.Name)
			}
			if names[g.in.Name] || shorts[g.in.ShortName] {
				t.Errorf("n=%d: %s (%s) twice", tc.n, g.in.Name, g.in.ShortName)
			}
			names[g.in.Name], shorts[g.in.ShortName] = true, true
			if !region.MatchString(g.in.RegionCode) {
				t.Errorf("n=%d: %s in region %s", tc.n, g.in.Name, g.in.RegionCode)
			}
			switch {
			case g.kind >= 0:
				bureaus++
				if g.size < 6 || g.size > 40 {
					t.Errorf("n=%d: %s has %d officers", tc.n, g.in.Name, g.size)
				}
			case g.parent < 0:
				cities++
				if g.in.Type != zhifa.AgencyGovernment || g.in.Level != zhifa.LevelCity {
					t.Errorf("n=%d: city %s is a %s of level %s", tc.n, g.in.Name, g.in.Type, g.in.Level)
				}
			}
		}
		if bureaus != tc.n || cities != tc.cities {
			t.Errorf("n=%d: %d enforcement agencies in %d cities, want %d in %d", tc.n, bureaus, cities, tc.n, tc.cities)
		}
	}
}

// TestCrewOrder: the cases go to the crews in proportion to their officers, each from
// the start, and to the one crew of the demo without a draw.
func TestCrewOrder(t *testing.T) {
	crews := []*crew{{weight: 10}, {weight: 30}, {weight: 20}}
	order := crewOrder(crews, 600)
	count := make([]int, len(crews))
	for _, k := range order {
		count[k]++
	}
	if count[0] != 100 || count[1] != 300 || count[2] != 200 {
		t.Errorf("cases per crew %v, want 100, 300, 200", count)
	}
	for k := range crews {
		first := -1
		for i, c := range order {
			if c == k {
				first = i
				break
			}
		}
		if first < 0 || first > 6 {
			t.Errorf("crew %d files its first case as the %dth", k, first)
		}
	}
	for _, k := range crewOrder(crews[:1], 10) {
		if k != 0 {
			t.Fatal("one crew: a case went elsewhere")
		}
	}
	// A small plan over a large province still gives the first crew (the demo's market
	// bureau) minMarketCases.
	many := []*crew{{weight: 10}}
	for range 99 {
		many = append(many, &crew{weight: 15})
	}
	for _, n := range []int{13, 50, 193, 1000} {
		first := 0
		for _, k := range crewOrder(many, n) {
			if k == 0 {
				first++
			}
		}
		if first < minMarketCases {
			t.Errorf("%d cases over 100 crews: the first crew has %d, want at least %d", n, first, minMarketCases)
		}
	}
}
