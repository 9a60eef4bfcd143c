package app

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/law"
)

// The audit log as its readers read it (issue 12, H4): one sentence per entry, "2026年12月6日
// 10:14 杨浩然（执法人员） 提交法制审核 东市监罚〔2026〕161号". The stored entries keep their
// action keys and objects (the API and the filters use them); the sentence is made here.

// AuditLine is one audit entry told as a sentence: who did what to which object.
type AuditLine struct {
	*zhifa.AuditEntry
	// When is the time of the entry in Beijing time, "2026年12月6日 10:14".
	When string
	// Who is the person by name and role; never a login.
	Who string
	// Verb is the Chinese name of the action.
	Verb string
	// What names the object and the particulars in plain Chinese.
	What string
}

// auditVerbs names every audited action that is not a step of a case. Steps of cases
// ("case.ACTION") take the label of their step in law.Steps.
var auditVerbs = map[string]string{
	"agency.create":             "新增执法机关",
	"agency.update":             "修改执法机关",
	"approval.approve":          "批准审批请求",
	"approval.reject":           "不批准审批请求",
	"approval.request":          "提交审批请求",
	"notification.read":         "标记通知为已读",
	"notification.read_all":     "全部通知标记为已读",
	"notification.deadlines":    "发送明日到期提醒",
	"benchmark.create":          "制定裁量基准",
	"benchmark.update":          "修订裁量基准",
	"case.open":                 "立案",
	"casefile.export":           "导出电子案卷",
	"certificate.annual_review": "登记执法证件年审",
	"certificate.issue":         "发放执法证件",
	"certificate.state":         "变更执法证件状态",
	"delegation.create":         "授权代行负责人审批",
	"delegation.revoke":         "撤销代行授权",
	"document.approve":          "审批文书",
	"document.correct":          "更正文书",
	"document.create":           "起草文书",
	"document.issue":            "签发文书",
	"document.save":             "修改文书",
	"evidence.add":              "上传证据",
	"filing.review":             "审查备案",
	"item.create":               "新增执法事项",
	"item.import":               "批量导入执法事项",
	"item.update":               "修改执法事项",
	"list.create":               "新增四张清单条目",
	"list.export":               "导出列表",
	"list.update":               "修改四张清单条目",
	"officer.create":            "新增执法人员",
	"officer.import":            "批量导入执法人员",
	"officer.photo":             "上传执法人员照片",
	"officer.read_personal":     "查看执法人员个人信息",
	"officer.update":            "修改执法人员信息",
	"record.add":                "登记案件记录",
	"recording.list":            "修订全过程记录清单",
	"review.catalog":            "修订重大执法决定法制审核目录清单",
	"review.pool":               "设置法制审核人员库",
	"social_remark.record":      "填写伴随执法监督意见",
	"social_remark.reply":       "答复社会监督员意见",
	"social_supervisor.appoint": "聘任社会监督员",
	"social_supervisor.assign":  "指派伴随执法案件",
	"social_supervisor.dismiss": "解聘社会监督员",
	"social_supervisor.read":    "查看社会监督员联系方式",
	"training.create":           "登记培训",
	"user.create":               "新增用户",
	"user.login":                "登录",
	"user.logout":               "退出登录",
	"user.password":             "修改密码",
	"user.update":               "修改用户",
	"workday.import":            "导入工作日历",
}

// objectNames names the kinds of audited objects ("officer/12").
var objectNames = map[string]string{
	"agency": "执法机关", "approval": "审批请求", "calendar": "工作日历", "case": "案件",
	"certificate": "执法证件", "delegation": "代行授权", "document": "文书", "evidence": "证据",
	"filing": "备案", "item": "执法事项", "list_entry": "清单条目", "notification": "通知", "officer": "执法人员",
	"review_pool": "法制审核人员库", "user": "用户",
}

// AuditVerb is the Chinese name of an audited action; an unknown action is named
// generically rather than shown as a code.
func AuditVerb(action string) string {
	if v, ok := auditVerbs[action]; ok {
		return v
	}
	if step, ok := strings.CutPrefix(action, "case."); ok {
		if l := stepLabel(zhifa.Action(step)); l != "" {
			return l
		}
	}
	return "其他操作"
}

// stepLabel is the label of any step of action, "" when there is none.
func stepLabel(action zhifa.Action) string {
	if st, ok := law.StepNamed(action); ok {
		return st.Label
	}
	return ""
}

// AuditLines is one page of the audit log as sentences, within the actor's scope. The
// names of the people come from one read of the accounts in scope; only people outside
// it (a superior's supervisor) are read one by one, once each.
func (a *App) AuditLines(ctx context.Context, f zhifa.AuditFilter) ([]*AuditLine, int, error) {
	entries, total, err := a.Audit(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	actor := ActorFrom(ctx)
	people := map[int64]*zhifa.User{}
	err = a.read(ctx, func(tx zhifa.Tx) error {
		users, err := tx.Users(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		for _, u := range users {
			people[u.ID] = u
		}
		for _, e := range entries {
			if _, seen := people[e.UserID]; seen || e.UserID <= 0 {
				continue
			}
			u, err := tx.User(ctx, e.UserID)
			if err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
				return err
			}
			people[e.UserID] = u // nil: an account since removed
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	out := make([]*AuditLine, len(entries))
	for i, e := range entries {
		out[i] = &AuditLine{AuditEntry: e, When: e.At.In(zhifa.CST).Format("2006年1月2日 15:04"), Who: auditWho(e, people[e.UserID]), Verb: AuditVerb(e.Action), What: auditWhat(e)}
		if u := accountOf(e, people); u != nil {
			// An account is named as it is called now; its login never shows.
			out[i].What = u.Name + "（" + u.Role.Label() + "）"
			if e.Detail == "重置密码" || e.Detail == "password reset" {
				out[i].What += " 重置密码"
			}
		}
	}
	return out, total, nil
}

// auditWho names the person of an entry with their role.
func auditWho(e *zhifa.AuditEntry, u *zhifa.User) string {
	switch {
	case u != nil:
		return u.Name + "（" + u.Role.Label() + "）"
	case e.UserID == 0 && e.Action == "user.login":
		return "未知账号"
	case e.UserID == 0:
		return "系统"
	default:
		return "已删除的账号"
	}
}

var (
	errorCodeRE = regexp.MustCompile(`^E[A-Z]+ `)
	versionRE   = regexp.MustCompile(`^v([0-9]+)$`)
	bytesRE     = regexp.MustCompile(`^([0-9]+) bytes$`)
)

// auditWhat names the object of an entry: its detail in plain Chinese (older entries
// stored action keys, kinds and "vN" there), else the kind and number of the object.
func auditWhat(e *zhifa.AuditEntry) string {
	d := strings.TrimSpace(e.Detail)
	if d == "" {
		return objectName(e.Object)
	}
	d = strings.NewReplacer("kind=ui", "通过工作台", "kind=api", "通过接口").Replace(d) // logins before issue 12
	// A failed action's detail ends with "; CODE message" (recordFailure).
	d, failure, failed := strings.Cut(d, "; ")
	if failed {
		failure = "；未成功：" + errorCodeRE.ReplaceAllString(failure, "")
	} else if errorCodeRE.MatchString(d) {
		return strings.TrimSpace(objectName(e.Object) + " 未成功：" + errorCodeRE.ReplaceAllString(d, ""))
	}
	d = bytesToChinese(d)
	fields := strings.Split(d, " ")
	step, isStep := strings.CutPrefix(e.Action, "case.")
	kept := fields[:0]
	for i, f := range fields {
		switch {
		case isStep && i == 1 && f == step:
			continue // the verb already says it
		case strings.HasPrefix(f, "approval/"):
			continue // the object of the request, a number without meaning to the reader
		case versionRE.MatchString(f):
			f = versionRE.ReplaceAllString(f, "第${1}版")
		case stepLabel(zhifa.Action(f)) != "":
			f = stepLabel(zhifa.Action(f))
		case zhifa.RecordKind(f).Label() != "":
			f = zhifa.RecordKind(f).Label()
		case zhifa.EvidenceKind(f).Label() != "":
			f = zhifa.EvidenceKind(f).Label()
		case zhifa.CertState(f).Label() != "":
			f = zhifa.CertState(f).Label()
		case zhifa.Role(f).Label() != "":
			f = zhifa.Role(f).Label()
		}
		kept = append(kept, f)
	}
	return strings.Join(kept, " ") + failure
}

// bytesToChinese turns "1234 bytes" into "1234字节".
func bytesToChinese(d string) string {
	fields := strings.Split(d, " ")
	for i := 0; i+1 < len(fields); i++ {
		if bytesRE.MatchString(fields[i] + " " + fields[i+1]) {
			fields[i], fields[i+1] = fields[i]+"字节", ""
		}
	}
	return strings.Join(strings.FieldsFunc(strings.Join(fields, " "), func(r rune) bool { return r == ' ' }), " ")
}

// objectName names "officer/12" as "执法人员（编号12）".
func objectName(object string) string {
	kind, id, ok := strings.Cut(object, "/")
	name := objectNames[kind]
	if !ok || name == "" {
		return ""
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return name
	}
	return name + "（编号" + id + "）"
}

// AuditAction is an audited action for the filter of the audit log.
type AuditAction struct {
	Key  string
	Verb string
}

// AuditActions lists the audited actions with their Chinese names, sorted by key, for the
// filter of the audit log.
func AuditActions() []AuditAction {
	seen := map[string]bool{}
	var out []AuditAction
	add := func(key string) {
		if !seen[key] {
			seen[key] = true
			out = append(out, AuditAction{Key: key, Verb: AuditVerb(key)})
		}
	}
	for k := range auditVerbs {
		add(k)
	}
	for _, action := range law.Actions() {
		add("case." + string(action))
	}
	slices.SortFunc(out, func(a, b AuditAction) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// AuditObjectName names an audited object ("officer/12") for readers.
func AuditObjectName(object string) string {
	if n := objectName(object); n != "" {
		return n
	}
	return "所选对象"
}

// accountOf is the account an entry creates or changes, when it is known in people.
func accountOf(e *zhifa.AuditEntry, people map[int64]*zhifa.User) *zhifa.User {
	if e.Action != "user.create" && e.Action != "user.update" {
		return nil
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(e.Object, "user/"), 10, 64)
	if err != nil || !strings.HasPrefix(e.Object, "user/") {
		return nil
	}
	return people[id]
}
