package app

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"zhifa"
	"zhifa/ledger"
)

// TestAuditRowBytesIsJSON checks that AuditRowBytes, written without reflection (issue
// 11), gives the bytes json.Marshal gives for the row's columns, the form every chain
// link and every stored anchor was computed over.
func TestAuditRowBytesIsJSON(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456789, zhifa.CST)
	strs := []string{"", "admin", "案件/12", "立案审批（经办人：张三）", `a"b\c`, "<script>&amp;", "tab\there\nline",
		"\x00\x1f", "bad \xff utf8", "line\u2028sep\u2029", "emoji 😀", "/1/2/", "192.0.2.1", "\u007f"}
	for i, s := range strs {
		e := &zhifa.AuditEntry{ID: int64(i) * 7919, At: at.Add(time.Duration(i) * time.Hour), UserID: int64(i % 3),
			Login: s, AgencyID: int64(-i), Action: "case." + s, Object: s, IP: s, Success: i%2 == 0, Detail: s + s, ObjectPath: s}
		want, err := json.Marshal([]any{e.ID, e.At.UTC().Format(ledger.TimeLayout), e.UserID, e.Login, e.AgencyID, e.Action,
			e.Object, e.IP, e.Success, e.Detail, e.ObjectPath})
		if err != nil {
			t.Fatal(err)
		}
		if got := AuditRowBytes(e); !bytes.Equal(got, want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}
