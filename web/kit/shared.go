package kit

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
)

// Page sizes of the lists.
const (
	PortalPageSize = 20
	StaffPageSize  = 20
)

// RequestIfAsked files an approval request instead of taking the step when the form of a
// head's step names someone else to approve it (approver_id): the step then waits for
// that person's own approval. requested is false when the actor acts in their own right.
func (s *Kit) RequestIfAsked(r *http.Request, caseID int64, action zhifa.Action, in app.ActionInput) (requested bool, err error) {
	if in.ApproverID == 0 || in.ApproverID == app.ActorFrom(r.Context()).UserID {
		in.ApproverID = 0
		return false, nil
	}
	_, err = s.App.RequestApproval(r.Context(), caseID, app.ApprovalRequestInput{Action: action, Input: in})
	return err == nil, err
}

// ParseYuan parses an amount in yuan with at most two decimals into fen, exactly
// (app.ParseFen); ok is false for a malformed one.
func ParseYuan(s string) (int64, bool) {
	fen, err := app.ParseFen(s)
	return fen, err == nil
}

// YuanField formats fen as yuan for a form field; 0 is "".
func YuanField(fen int64) string {
	if fen == 0 {
		return ""
	}
	return law.Yuan(fen)
}

// ImportRowError is the problem of one row of a failed import.
type ImportRowError struct {
	Row     string
	Message string
}

// RowErrors orders the problems of a failed import by row number ("第3行" before "第12行").
func RowErrors(fields map[string]string) []ImportRowError {
	out := make([]ImportRowError, 0, len(fields))
	for k, msg := range fields {
		out = append(out, ImportRowError{k, msg})
	}
	num := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "第"), "行"))
		if err != nil {
			return 1 << 30
		}
		return n
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := num(out[i].Row), num(out[j].Row)
		if a != b {
			return a < b
		}
		return out[i].Row < out[j].Row
	})
	return out
}

// NoteBody is the text of a signed note: everything up to the blank line before the
// signatures.
func NoteBody(signed []byte) []byte {
	for i := 0; i+1 < len(signed); i++ {
		if signed[i] == '\n' && signed[i+1] == '\n' {
			return signed[:i+1]
		}
	}
	return signed
}

// Check is one checkbox of a group.
type Check struct {
	Value, Label string
	Checked      bool
}

// Has reports whether a field holding several values (checkboxes) holds value.
func (f *Form) Has(name, value string) bool {
	return slices.Contains(f.Values[name], value)
}
