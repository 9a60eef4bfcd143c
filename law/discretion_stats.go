package law

import "slices"

// FineStats is the distribution of past fines (同案同罚, B3 consistency aid), in fen.
type FineStats struct {
	Count  int   `json:"count"`
	Min    int64 `json:"min_fen"`
	Q1     int64 `json:"q1_fen"`
	Median int64 `json:"median_fen"`
	Q3     int64 `json:"q3_fen"`
	Max    int64 `json:"max_fen"`
}

// Stats returns the distribution of the fines: count, minimum, quartiles (linear
// interpolation between closest ranks, rounded to the fen) and maximum.
func Stats(fines []int64) FineStats {
	if len(fines) == 0 {
		return FineStats{}
	}
	s := slices.Clone(fines)
	slices.Sort(s)
	q := func(p float64) int64 {
		pos := p * float64(len(s)-1)
		i := int(pos)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		frac := pos - float64(i)
		return s[i] + int64(frac*float64(s[i+1]-s[i])+0.5)
	}
	return FineStats{Count: len(s), Min: s[0], Q1: q(0.25), Median: q(0.5), Q3: q(0.75), Max: s[len(s)-1]}
}
