package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"zhifa"
	"zhifa/web/kit"
)

// TestWriteError: domain errors are found however they are wrapped (errors.Join,
// several %w), and an internal error is answered without detail but logged with
// its cause.
func TestWriteError(t *testing.T) {
	t.Parallel()
	gate := &zhifa.Error{Code: zhifa.EGATE, Message: "未经负责人批准", Rule: "行政处罚法第五十七条"}
	cause := errors.New("disk on fire")
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantRule   string
		wantLogged bool
	}{
		{"plain", gate, 422, zhifa.EGATE, gate.Rule, false},
		{"wrapped", fmt.Errorf("act: %w", gate), 422, zhifa.EGATE, gate.Rule, false},
		{"joined", errors.Join(errors.New("cleanup failed"), gate), 422, zhifa.EGATE, gate.Rule, false},
		{"multi-wrap", fmt.Errorf("%w; %w", cause, zhifa.NotFound("案件")), 404, zhifa.ENOTFOUND, "", false},
		{"internal", fmt.Errorf("save case: %w", cause), 500, zhifa.EINTERNAL, "", true},
		{"internal domain", &zhifa.Error{Code: zhifa.EINTERNAL, Message: "x", Err: cause}, 500, zhifa.EINTERNAL, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			r := httptest.NewRequest(http.MethodPost, "/api/v1/cases/7/act", nil)
			r = r.WithContext(kit.WithLogger(r.Context(), log))
			w := httptest.NewRecorder()
			kit.WriteError(w, r, tc.err)

			var body struct{ Error kit.APIError }
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if w.Code != tc.wantStatus || body.Error.Code != tc.wantCode || body.Error.Rule != tc.wantRule {
				t.Errorf("got %d %+v, want %d %s rule %q", w.Code, body.Error, tc.wantStatus, tc.wantCode, tc.wantRule)
			}
			if strings.Contains(w.Body.String(), cause.Error()) {
				t.Errorf("the answer shows the cause: %s", w.Body)
			}
			logged := strings.Contains(logs.String(), cause.Error()) && strings.Contains(logs.String(), "/api/v1/cases/7/act")
			if logged != tc.wantLogged {
				t.Errorf("logged = %v, want %v; log: %s", logged, tc.wantLogged, logs.String())
			}
		})
	}
}
