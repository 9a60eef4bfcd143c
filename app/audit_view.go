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
	"case.import":               "导入历史案件",
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
	"social_remark.file_read":   "查看社会监督员意见附件",
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

	// Issue 12: the actions of the contexts. The dynamic families ("complaint.STEP",
	// "problem.ACTION", "analysis_ACT", "execution.ACT", "execution.property_ACT") are
	// spelled out per suffix; audit_verbs_test.go walks the code and fails on any action
	// it can write without a name here.
	"analysis_run":      "运行执法数据分析",
	"analysis_explain":  "说明预警理由",
	"analysis_rectify":  "报告预警整改情况",
	"analysis_escalate": "督办预警",
	"analysis_close":    "办结预警",

	"assessment.adjust":    "记录考核加减分",
	"assessment.approve":   "审定考核结果",
	"assessment.file_read": "查看评议考核材料附件",
	"assessment.publish":   "公布考核结果",
	"assessment.run":       "生成年度考核结果",
	"assessment.scheme":    "修订评议考核方案",
	"assessment.score":     "为自查报告评分",
	"assessment.selfcheck": "提交评议考核自查报告",
	"assessment.survey":    "录入群众满意度测评结果",

	"complaint.receive":       "接收投诉举报",
	"complaint.read_personal": "查看投诉举报人个人信息",
	"complaint.file_read":     "查看投诉举报附件",
	"complaint.transfer":      "转交投诉举报",
	"complaint.accept":        "受理投诉举报",
	"complaint.refuse":        "不予受理投诉举报",
	"complaint.notify":        "告知举报人立案情况",
	"complaint.reply":         "答复投诉举报并办结",

	"evaluation.create":   "创建案卷评查并抽取案卷",
	"evaluation.publish":  "公布案卷评查结果",
	"evaluation.read":     "调阅评查案卷",
	"evaluation.rectify":  "填报评查整改情况",
	"evaluation.score":    "为评查案卷评分",
	"evaluation.standard": "修订案卷评查标准",

	"execution.apply_deferral":   "登记暂缓（分期）缴纳申请",
	"execution.decide_deferral":  "审批暂缓（分期）缴纳",
	"execution.serve_reminder":   "送达催告书",
	"execution.record_statement": "记录当事人陈述申辩",
	"execution.apply_court":      "申请人民法院强制执行",
	"execution.court_accepted":   "记录人民法院受理",
	"execution.suspend":          "登记加处罚款停止计算",
	"execution.end_suspension":   "登记加处罚款恢复计算",
	"execution.collect_on_spot":  "当场收缴罚款",
	"execution.hand_in":          "将当场收缴的罚款交至本机关",
	"execution.bank":             "登记罚款缴付指定银行",
	"execution.enforce":          "作出强制执行决定",
	"execution.enforced":         "记录强制执行情况",
	"execution.end_execution":    "终结执行",
	"execution.property_add":     "登记涉案财物",
	"execution.property_request": "申请处置涉案财物",
	"execution.property_decide":  "审批涉案财物处置",
	"execution.property_record":  "记录涉案财物处置结果",
	"execution.statement":        "导入银行对账单",
	"execution.channel.issue":    "开通缴款通知接口",
	"execution.channel.revoke":   "停用缴款通知接口",
	"execution.payee":            "设置罚没款收款账户",
	"execution.payment":          "登记银行缴款通知",

	"fault.open":   "启动过错责任追究",
	"fault.decide": "作出过错责任追究决定",

	"problem.open":   "将突出问题列入清单",
	"problem.report": "报送突出问题整改情况",
	"problem.accept": "验收突出问题整改并销号",
	"problem.return": "退回突出问题重新整改",

	"publicity.view":     "查看待公示的原决定",
	"publicity.prepare":  "制作公开版本",
	"publicity.publish":  "批准公示",
	"publicity.decline":  "决定不予公示",
	"publicity.withdraw": "撤回公示",
	"publicity.rule":     "设置公示规则",
	"licence.receive":    "接收许可决定",
	"licence.import":     "批量导入许可决定",
	"publicity.stop":     "决定提前停止公示",

	"report.generate": "生成统计年报",
	"report.notes":    "填写统计年报说明",
	"report.publish":  "批准公开统计年报",

	"review.record": "登记行政复议或行政诉讼",
	"review.update": "登记行政复议或行政诉讼的进展",

	"seal.key":    "生成电子印章",
	"seal.revoke": "吊销电子印章",
}

// objectNames names the kinds of audited objects ("officer/12").
var objectNames = map[string]string{
	"agency": "执法机关", "approval": "审批请求", "calendar": "工作日历", "case": "案件",
	"certificate": "执法证件", "delegation": "代行授权", "document": "文书", "evidence": "证据",
	"filing": "备案", "item": "执法事项", "list_entry": "清单条目", "notification": "通知", "officer": "执法人员",
	"review_pool": "法制审核人员库", "user": "用户",
	// Issue 12: the objects of the contexts (audit_verbs_test.go finds every kind written).
	"analysis_run": "执法数据分析", "analysis_warning": "分析预警", "annual_report": "统计年报", "assessment": "评议考核",
	"assessment_input": "评议考核材料", "clocks": "期限", "complaint": "投诉举报", "eval_file": "评查案卷",
	"eval_standard": "案卷评查标准", "evaluation": "案卷评查", "fault": "过错责任追究", "login": "账号",
	"payment_channel": "缴款通知接口", "problem": "突出问题", "property": "涉案财物", "publication": "公示信息", "licence": "许可决定",
	"reconsideration": "行政复议或行政诉讼", "seal": "电子印章", "social_remark": "社会监督意见",
	"social_supervisor": "社会监督员",
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

// objectName names "officer/12" as "执法人员（编号12）", and an object without a number
// ("analysis_run", "clocks:2026-12-08") by its kind.
func objectName(object string) string {
	kind, id, _ := cutObject(object)
	name := objectNames[kind]
	if name == "" {
		return ""
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil { // "analysis_run", "clocks:…"
		return name
	}
	return name + "（编号" + id + "）"
}

// cutObject splits an audit object into its kind and the rest, at its first "/" (or ":",
// which the deadline notices write).
func cutObject(object string) (kind, id string, ok bool) {
	if i := strings.IndexAny(object, "/:"); i >= 0 {
		return object[:i], object[i+1:], true
	}
	return object, "", false
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
