package cases

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
	"zhifa/web/kit"
)

// The case pages of the workspace (issue #4; REQUIREMENTS D1, D2, D5): the list of the
// cases in the actor's scope, the clocks overview, the filing wizard and the case page
// with its steps, records timeline and uploads. Every rule is the app's: a refused step
// shows the app's error (EGATE with its article) and changes nothing.

// RegisterCasePages registers the case pages.
func (s *Handlers) RegisterCasePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/cases", app.PermStaff, "我的案件", s.caseList)
	staff("GET", "/staff/cases/clocks", app.PermStaff, "办案时限总览", s.caseClocks)
	staff("GET", "/staff/cases/new", app.PermHandleCases, "立案", s.caseNew)
	staff("POST", "/staff/cases/new", app.PermHandleCases, "立案", s.caseCreate)
	staff("GET", "/staff/cases/{id}", app.PermStaff, "案件详情", s.caseDetail)
	staff("POST", "/staff/cases/{id}/act/{action}", app.PermHandleCases, "办案操作", s.caseAct)
	staff("POST", "/staff/cases/{id}/evidence", app.PermRecordEvidence, "上传案件照片、音像记录", s.caseUpload)
}

// casePageSize is the number of cases per page of the list.
const casePageSize = 30

// caseRow is one case of a list with the status of its next due date.
type caseRow struct {
	*app.CaseView
	Parties string
	// DueStatus is the law.ClockStatus of the clock that is due next ("" without one).
	DueStatus string
	DueLabel  string
	// DueClass is the badge class (yellow due soon, red overdue); DueText its words.
	DueClass, DueText string
}

// dueClass is the badge class of a clock status: yellow for due soon, red for overdue.
func dueClass(status string) string {
	switch status {
	case law.ClockOverdue:
		return "bad"
	case law.ClockDueSoon:
		return "warn"
	case law.ClockOK:
		return "ok"
	}
	return "muted" // paused, done, and a period that ended (law.ClockEnded)
}

// dueText is the Chinese name of a clock status.
func dueText(status string) string {
	return map[string]string{law.ClockOK: "正常", law.ClockDueSoon: "即将到期", law.ClockOverdue: "已超期",
		law.ClockPaused: "已中止", law.ClockDone: "已完成", law.ClockEnded: "已届满"}[status]
}

func newCaseRow(v *app.CaseView) *caseRow {
	row := &caseRow{CaseView: v}
	var names []string
	for _, p := range v.Parties {
		names = append(names, p.Name)
	}
	row.Parties = strings.Join(names, "、")
	// The case's next due date is the agency's own (law.NextDue): the party's periods
	// never give the row its status.
	for _, cl := range v.Clocks {
		if !cl.Done && !cl.Paused && !law.WaitsOnOthers(cl.Kind) && cl.Due == v.NextDue {
			row.DueStatus, row.DueLabel = cl.Status, cl.Label
			row.DueClass, row.DueText = dueClass(cl.Status), dueText(cl.Status)
			break
		}
	}
	return row
}

// caseListView is the data of the case list.
type caseListView struct {
	Rows             []*caseRow
	Pager            *kit.CursorPager
	Stage, Kind, Due string
	// Query is the search text (案号, party, 统一社会信用代码, 身份证号, item or officer).
	Query               string
	Stages, Kinds, Dues []kit.Option
	MayFile             bool
	// Mine says the list holds the user's own cases; MineLink and AllLink switch
	// between 只看我的 and 全部 keeping the other filters.
	Mine, CanMine     bool
	MineLink, AllLink string
}

func stageOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "全部阶段"}}
	for _, st := range []zhifa.Stage{zhifa.StageOpen, zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview,
		zhifa.StageDecide, zhifa.StageServe, zhifa.StageExecute, zhifa.StageInspect, zhifa.StageConclude,
		zhifa.StageSeize, zhifa.StageRelease, zhifa.StageClose, zhifa.StageArchive} {
		out = append(out, kit.Option{Value: string(st), Label: st.Label()})
	}
	return out
}

func caseKindOptions(blank string) []kit.Option {
	var out []kit.Option
	if blank != "" {
		out = append(out, kit.Option{Value: "", Label: blank})
	}
	for _, k := range zhifa.CaseKinds {
		out = append(out, kit.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

// caseList lists the cases in the actor's scope with filters.
func (s *Handlers) caseList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &caseListView{Stage: q.Get("stage"), Kind: q.Get("kind"), Due: q.Get("due"), Stages: stageOptions(),
		Kinds: caseKindOptions("全部类型"), Dues: []kit.Option{{Value: "", Label: "全部"}, {Value: "soon", Label: "即将到期"}, {Value: "overdue", Label: "已超期"}},
		MayFile: app.ActorFrom(r.Context()).Can(app.PermHandleCases)}
	f := app.CaseFilter{}
	if st := zhifa.Stage(v.Stage); st.Label() != "" {
		f.Stage = st
	} else {
		v.Stage = ""
	}
	if k := zhifa.CaseKind(v.Kind); k.Valid() {
		f.Kind = k
	} else {
		v.Kind = ""
	}
	if v.Due == "soon" || v.Due == "overdue" {
		f.Due = v.Due
	} else {
		v.Due = ""
	}
	v.Query = strings.TrimSpace(q.Get("q"))
	f.Query, f.Cursor, f.Page = v.Query, q.Get("cursor"), zhifa.Page{Limit: casePageSize}
	// 我的案件 opens on an officer's own cases; mine=0 is the whole scope (issue #11).
	switch q.Get("mine") {
	case "1":
		f.Mine = true
	case "":
		f.MineByDefault = app.ActorFrom(r.Context()).Role == zhifa.RoleOfficer
	}
	if kit.WantsExport(r) { // the list as a file, same filters (issue #12)
		s.ServeExport(w, r, s.casesExport(f), s.Fail)
		return
	}
	list, err := s.App.Cases(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Mine, v.CanMine = list.Mine, list.CanMine
	v.MineLink, v.AllLink = caseScopeLink(r, "1"), caseScopeLink(r, "0")
	for _, c := range list.Cases {
		v.Rows = append(v.Rows, newCaseRow(c))
	}
	v.Pager = kit.NewCursorPager(r, list.TotalText, list.Next)
	s.Render(w, r, http.StatusOK, "staff_cases", &kit.Page{Title: "我的案件", Nav: "cases", D: v})
}

// clockRow is one running clock of a case in the overview.
type clockRow struct {
	Case        *app.CaseView
	Clock       app.ClockView
	Parties     string
	Class, Text string
}

// caseClocksView is the data of the clocks overview.
type caseClocksView struct {
	Overdue, Soon           []clockRow
	OverdueTotal, SoonTotal int
	OverdueCases, SoonCases int
	// OverdueText and SoonText are the counts as shown ("1000+" beyond the cap).
	OverdueText, SoonText      string
	Shown                      int
	OverdueLink, SoonLink, All string
}

// clocksShown bounds the cases listed per group of the overview; the list pages show the rest.
const clocksShown = 100

// caseClocks shows the running clocks of the agency's own work that are overdue or due
// within three working days. The cases come from the list's due filters over next_due,
// the agency's own next deadline (law.NextDue); the periods of the party and of the
// receiving organ are neither listed nor counted, an ended one is 已届满 (law.ClockEnded).
func (s *Handlers) caseClocks(w http.ResponseWriter, r *http.Request) {
	v := &caseClocksView{Shown: clocksShown, OverdueLink: "/staff/cases?due=overdue", SoonLink: "/staff/cases?due=soon"}
	for _, g := range []struct {
		due   string
		rows  *[]clockRow
		total *int
		text  *string
	}{{"overdue", &v.Overdue, &v.OverdueCases, &v.OverdueText}, {"soon", &v.Soon, &v.SoonCases, &v.SoonText}} {
		list, err := s.App.Cases(r.Context(), app.CaseFilter{Due: g.due, Page: zhifa.Page{Limit: clocksShown}})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		*g.total, *g.text = list.Total, list.TotalText
		for _, c := range list.Cases {
			for _, cl := range c.Clocks {
				if law.WaitsOnOthers(cl.Kind) {
					continue
				}
				if (g.due == "overdue" && cl.Status == law.ClockOverdue) || (g.due == "soon" && cl.Status == law.ClockDueSoon) {
					*g.rows = append(*g.rows, clockRow{Case: c, Clock: cl, Parties: newCaseRow(c).Parties, Class: dueClass(cl.Status), Text: dueText(cl.Status)})
				}
			}
		}
	}
	v.OverdueTotal, v.SoonTotal = len(v.Overdue), len(v.Soon)
	s.Render(w, r, http.StatusOK, "staff_case_clocks", &kit.Page{Title: "办案时限", Nav: "cases", D: v})
}

// caseFormView is the data of the filing wizard.
type caseFormView struct {
	Kinds, Procedures, Items []kit.Option
	// Initiations are how an inspection case may be initiated (zhifa.Initiations).
	Initiations []kit.Option
	Officers    []app.CaseOfficer
	Checked     map[string]bool
	// Parties is the number of party rows shown.
	Parties    []int
	PartyKinds []kit.Option
}

// initiationOptions are the choices of how an inspection case was initiated; other
// kinds leave it blank.
func initiationOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "（行政处罚、行政强制案件不填）"}}
	for _, in := range zhifa.Initiations {
		out = append(out, kit.Option{Value: string(in), Label: in.Label()})
	}
	return out
}

// maxPartyRows bounds the party rows of the form (app: at most 20 parties).
const maxPartyRows = 20

func (s *Handlers) caseFormView(r *http.Request, f *kit.Form, rows int) (*caseFormView, error) {
	opts, err := s.App.CaseFormOptions(r.Context())
	if err != nil {
		return nil, err
	}
	v := &caseFormView{Kinds: caseKindOptions(""), Officers: opts.Officers, Checked: map[string]bool{},
		Procedures: []kit.Option{{Value: string(zhifa.ProcOrdinary), Label: zhifa.ProcOrdinary.Label()}, {Value: string(zhifa.ProcSummary), Label: zhifa.ProcSummary.Label() + "（当场处罚）"}},
		Items:      []kit.Option{{Value: "", Label: "请选择执法事项"}},
		PartyKinds: []kit.Option{{Value: string(zhifa.PartyPerson), Label: "公民（身份证号）"}, {Value: string(zhifa.PartyOrg), Label: "法人或其他组织（统一社会信用代码）"}}}
	v.Initiations = initiationOptions()
	for _, it := range opts.Items {
		label := it.Code + " " + it.Name + "（" + it.Category.Label()
		if it.Domain != "" {
			label += "，" + it.Domain
		}
		v.Items = append(v.Items, kit.Option{Value: it.Code, Label: label + "）"})
	}
	for _, id := range f.Values["officers"] {
		v.Checked[id] = true
	}
	rows = min(max(rows, 1), maxPartyRows)
	for i := range rows {
		v.Parties = append(v.Parties, i)
	}
	return v, nil
}

// partyRows is the number of party rows a posted form holds.
func partyRows(f *kit.Form) int {
	n := 0
	for k := range f.Values {
		if rest, ok := strings.CutPrefix(k, "parties["); ok {
			if i, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, ']'), 0)]); err == nil && i+1 > n {
				n = i + 1
			}
		}
	}
	return n
}

// caseNew shows the filing wizard.
func (s *Handlers) caseNew(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	today := s.App.Today().String()
	f.Set("kind", string(zhifa.CasePenalty))
	f.Set("procedure", string(zhifa.ProcOrdinary))
	f.Set("discovered_on", today)
	f.Set("parties[0].kind", string(zhifa.PartyOrg))
	if oid := s.actorOfficer(r); oid != 0 {
		f.Values.Add("officers", strconv.FormatInt(oid, 10))
	}
	if id, ok := kit.QueryID(r, "complaint_id"); ok { // opened from a complaint (issue 14)
		f.Set("complaint_id", strconv.FormatInt(id, 10))
	}
	v, err := s.caseFormView(r, f, 1)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_case_form", &kit.Page{Title: "立案", Nav: "cases", Form: f, D: v})
}

// actorOfficer is the officer record of the logged-in user, 0 if none.
func (s *Handlers) actorOfficer(r *http.Request) int64 {
	u, err := s.App.Me(r.Context())
	if err != nil || u == nil {
		return 0
	}
	return u.OfficerID
}

// caseInputOf reads the wizard's fields.
func caseInputOf(f *kit.Form) app.CaseInput {
	in := app.CaseInput{Kind: zhifa.CaseKind(f.V("kind")), Procedure: zhifa.Procedure(f.V("procedure")), Item: f.V("item"),
		OccurredOn: f.Date("occurred_on"), DiscoveredOn: f.Date("discovered_on"), Harm: f.Checked("harm"),
		LimitationReason: f.V("limitation_reason"), Facts: f.V("facts"), Initiation: zhifa.Initiation(f.V("initiation"))}
	if f.V("complaint_id") != "" {
		in.ComplaintID = f.Int("complaint_id")
	}
	for i := range partyRows(f) {
		p := fmt.Sprintf("parties[%d].", i)
		pi := app.PartyInput{Kind: zhifa.PartyKind(f.V(p + "kind")), Name: f.V(p + "name"), IDNumber: f.V(p + "id_number"),
			CreditCode: f.V(p + "credit_code"), Address: f.V(p + "address"), Phone: f.V(p + "phone")}
		if strings.TrimSpace(pi.Name+pi.IDNumber+pi.CreditCode+pi.Address+pi.Phone) == "" && i > 0 {
			continue // an empty extra row
		}
		in.Parties = append(in.Parties, pi)
	}
	for _, id := range f.Values["officers"] {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			f.Invalid("officers", "执法人员无效")
			continue
		}
		in.Officers = append(in.Officers, n)
	}
	return in
}

// caseCreate files the case, or adds a party row ("add_party") and shows the form again.
func (s *Handlers) caseCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	f.Show("officers", "parties")
	rows := max(partyRows(f), 1)
	if f.V("add_party") != "" {
		v, err := s.caseFormView(r, f, rows+1)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		f.Set(fmt.Sprintf("parties[%d].kind", rows), string(zhifa.PartyPerson))
		s.Render(w, r, http.StatusOK, "staff_case_form", &kit.Page{Title: "立案", Nav: "cases", Form: f, D: v})
		return
	}
	in := caseInputOf(f)
	var err error
	var c *app.CaseView
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		c, err = s.App.FileCase(r.Context(), in)
	}
	if err != nil {
		v, ferr := s.caseFormView(r, f, rows)
		if ferr != nil {
			s.Fail(w, r, ferr)
			return
		}
		s.FormFailed(w, r, err, "staff_case_form", &kit.Page{Title: "立案", Nav: "cases", Form: f, D: v})
		return
	}
	msg := "已立案：" + c.Number
	if len(c.Warnings) > 0 {
		msg += "（提示：" + strings.Join(c.Warnings, "；") + "）"
	}
	s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(c.ID), msg)
}

// caseScopeLink is the case list with mine set and the other filters kept, from the
// first page.
func caseScopeLink(r *http.Request, mine string) string {
	q := r.URL.Query()
	q.Del("cursor")
	q.Set("mine", mine)
	return kit.PathWithQuery(r.URL.Path, q)
}

// from export_lists.go
// casesExport is the case list under f.
func (s *Handlers) casesExport(f app.CaseFilter) kit.ListExport {
	return kit.ListExport{Name: "案件列表", Header: []string{"案号", "案件类型", "程序", "阶段", "结果", "当事人", "执法事项", "执法机关", "立案日期", "下一期限", "期限状态", "重大执法决定"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			f.Cursor, f.Page = token, zhifa.Page{Limit: kit.ExportPageSize}
			list, err := s.App.Cases(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, c := range list.Cases {
				row := newCaseRow(c)
				rows = append(rows, []string{c.Number, c.Kind.Label(), c.Procedure.Label(), c.StageLabel, c.Outcome.Label(), row.Parties,
					c.ItemName, c.AgencyName, c.State.FiledOn.String(), c.NextDue.String(), row.DueText, kit.YesNo(c.Major)})
			}
			return rows, list.Total, list.Next, nil
		}}
}
