package app

import (
	"testing"

	"zhifa"
)

// TestAuditSentenceParts checks the Chinese names of actions and objects of the audit log,
// for the entries written now and for those written before issue 12 (action keys, kinds
// and "vN" in their details).
func TestAuditSentenceParts(t *testing.T) {
	verbs := []struct{ action, want string }{
		{"case.submit_review", "提交法制审核"},
		{"case.decide", "作出处罚决定"},
		{"case.open", "立案"},
		{"officer.read_personal", "查看执法人员个人信息"},
		{"user.login", "登录"},
		{"notification.read", "标记通知为已读"},
		{"notification.deadlines", "发送明日到期提醒"},
		{"no.such_action", "其他操作"},
	}
	for _, tt := range verbs {
		if got := AuditVerb(tt.action); got != tt.want {
			t.Errorf("AuditVerb(%q) = %q, want %q", tt.action, got, tt.want)
		}
	}
	whats := []struct {
		action, object, detail, want string
	}{
		{"case.submit_review", "case/1", "东市监罚〔2026〕161号 submit_review", "东市监罚〔2026〕161号"},
		{"approval.request", "approval/3", "东市监罚〔2026〕161号 extend approval/3", "东市监罚〔2026〕161号 延长期限"},
		{"record.add", "case/1", "东市监罚〔2026〕161号 av 现场检查录像", "东市监罚〔2026〕161号 音像记录 现场检查录像"},
		{"item.update", "item/2", "DG-SC-CF-0001 v3", "DG-SC-CF-0001 第3版"},
		{"evidence.add", "evidence/5", "photo image/jpeg 1234 bytes sha256:ab", "照片 image/jpeg 1234字节 sha256:ab"},
		{"user.login", "user/1", "kind=ui", "通过工作台"},
		{"case.decide", "case/1", "东市监罚〔2026〕1号 decide; EGATE 须经集体讨论", "东市监罚〔2026〕1号；未成功：须经集体讨论"},
		{"officer.update", "officer/12", "", "执法人员（编号12）"},
		{"document.issue", "document/4", "EINTERNAL 文书 PDF 生成失败", "文书（编号4） 未成功：文书 PDF 生成失败"},
		{"user.login", "login/nobody", "", "账号"}, // the login tried never shows
	}
	for _, tt := range whats {
		e := &zhifa.AuditEntry{Action: tt.action, Object: tt.object, Detail: tt.detail}
		if got := auditWhat(e); got != tt.want {
			t.Errorf("auditWhat(%s, %q) = %q, want %q", tt.action, tt.detail, got, tt.want)
		}
	}
}
