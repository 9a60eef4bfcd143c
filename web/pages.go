package web

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/analysis"
	"zhifa/web/cases"
	"zhifa/web/catalog"
	"zhifa/web/filing"
	"zhifa/web/kit"
	"zhifa/web/ledger"
	"zhifa/web/personnel"
	"zhifa/web/portal"
	"zhifa/web/publicity"
	"zhifa/web/review"
	"zhifa/web/supervision"
	"zhifa/web/transfer"
	"zhifa/web/workspace"
)

// registerPages registers the staff workspace and the public portal. Every route
// declares its permission; the app method behind it checks role and scope in full.
func (s *Server) registerPages() {
	pub := func(method, pattern, summary string, h http.HandlerFunc) {
		s.handle(kit.Route{Method: method, Pattern: pattern, Perm: app.PermPublic, Summary: summary}, h)
	}
	staff := func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc) {
		if method == http.MethodGet && perm != app.PermStaff {
			h = s.showIf(perm, h)
		}
		s.handle(kit.Route{Method: method, Pattern: pattern, Perm: perm, Summary: summary}, h)
	}

	// Static files and the catch-all 404 page.
	pub("GET", "/static/{file...}", "静态资源", s.ServeStatic)
	pub("", "/", "页面不存在", s.catchAll)

	// Public portal (公示平台).
	pub("GET", "/{$}", "公示平台首页", portal.New(s.Kit).PortalHome)
	pub("GET", "/agencies", "执法主体公示", personnel.New(s.Kit).PortalAgencies)
	pub("GET", "/agencies/{id}", "执法主体详情", personnel.New(s.Kit).PortalAgency)
	pub("GET", "/items", "执法事项公示", catalog.New(s.Kit).PortalItems)
	pub("GET", "/items/{code}", "执法事项详情", catalog.New(s.Kit).PortalItem)
	pub("GET", "/officers", "执法人员公示", personnel.New(s.Kit).PortalOfficers)
	pub("GET", "/officers/{id}", "执法人员详情", personnel.New(s.Kit).PortalOfficer)
	pub("GET", "/officers/{id}/qr.png", "执法证件核验二维码", personnel.New(s.Kit).PortalOfficerQR)
	pub("GET", "/cert", "执法证件核验", personnel.New(s.Kit).CertCheckForm)
	pub("GET", "/cert/{number}", "执法证件核验结果", personnel.New(s.Kit).CertCheck)
	pub("GET", "/laws", "法律法规库", catalog.New(s.Kit).LawList)
	pub("GET", "/laws/{law}", "法律法规全文", catalog.New(s.Kit).LawPage)
	pub("GET", "/ledger", "账本核验", ledger.New(s.Kit).PortalLedger)
	pub("GET", "/ledger/checkpoint", "账本最新检查点", ledger.New(s.Kit).LedgerCheckpoint)
	pub("GET", "/ledger/key", "账本检查点验证公钥", ledger.New(s.Kit).LedgerKey)
	pub("GET", "/ledger/tile/{path...}", "账本瓦片与条目包", ledger.New(s.Kit).LedgerTile)

	// Login and account.
	pub("GET", "/login", "登录", s.loginForm)
	pub("POST", "/login", "登录", s.loginSubmit)
	pub("POST", "/logout", "退出登录", s.logout)
	staff("GET", "/staff/password", app.PermStaff, "修改密码", s.passwordForm)
	staff("POST", "/staff/password", app.PermStaff, "修改密码", s.passwordSubmit)

	// Staff workspace.
	pub("GET", "/staff", "工作台", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/staff/", http.StatusMovedPermanently)
	})
	staff("GET", "/staff/{$}", app.PermStaff, "工作台", s.dashboard)
	staff("GET", "/staff/laws", app.PermStaff, "法律法规库", catalog.New(s.Kit).LawList)
	staff("GET", "/staff/laws/{law}", app.PermStaff, "法律法规全文", catalog.New(s.Kit).LawPage)

	staff("GET", "/staff/agencies", app.PermStaff, "执法机关列表", personnel.New(s.Kit).AgencyList)
	staff("GET", "/staff/agencies/new", app.PermManageAgencies, "新增执法机关", personnel.New(s.Kit).AgencyNew)
	staff("POST", "/staff/agencies/new", app.PermManageAgencies, "新增执法机关", personnel.New(s.Kit).AgencyCreate)
	staff("GET", "/staff/agencies/{id}", app.PermStaff, "执法机关详情", personnel.New(s.Kit).AgencyDetail)
	staff("GET", "/staff/agencies/{id}/edit", app.PermManageAgencies, "编辑执法机关", personnel.New(s.Kit).AgencyEdit)
	staff("POST", "/staff/agencies/{id}/edit", app.PermManageAgencies, "编辑执法机关", personnel.New(s.Kit).AgencyUpdate)

	staff("GET", "/staff/users", app.PermManageUsers, "用户管理", personnel.New(s.Kit).UserList)
	staff("GET", "/staff/users/new", app.PermManageUsers, "新增用户", personnel.New(s.Kit).UserNew)
	staff("POST", "/staff/users/new", app.PermManageUsers, "新增用户", personnel.New(s.Kit).UserCreate)
	staff("GET", "/staff/users/{id}/edit", app.PermManageUsers, "编辑用户", personnel.New(s.Kit).UserEdit)
	staff("POST", "/staff/users/{id}/edit", app.PermManageUsers, "编辑用户", personnel.New(s.Kit).UserUpdate)

	staff("GET", "/staff/officers", app.PermStaff, "执法人员列表", personnel.New(s.Kit).OfficerList)
	staff("GET", "/staff/officers/new", app.PermManageOfficers, "新增执法人员", personnel.New(s.Kit).OfficerNew)
	staff("POST", "/staff/officers/new", app.PermManageOfficers, "新增执法人员", personnel.New(s.Kit).OfficerCreate)
	staff("GET", "/staff/officers/{id}", app.PermStaff, "执法人员详情", personnel.New(s.Kit).OfficerDetail)
	staff("POST", "/staff/officers/{id}/reveal", app.PermReadPersonalData, "查看执法人员完整信息", personnel.New(s.Kit).OfficerReveal)
	staff("GET", "/staff/officers/{id}/edit", app.PermManageOfficers, "编辑执法人员", personnel.New(s.Kit).OfficerEdit)
	staff("POST", "/staff/officers/{id}/edit", app.PermManageOfficers, "编辑执法人员", personnel.New(s.Kit).OfficerUpdate)
	staff("GET", "/staff/officers/{id}/certificates/new", app.PermManageOfficers, "发放执法证件", personnel.New(s.Kit).CertNew)
	staff("POST", "/staff/officers/{id}/certificates/new", app.PermManageOfficers, "发放执法证件", personnel.New(s.Kit).CertCreate)
	staff("GET", "/staff/officers/{id}/certificates/{cert}/state", app.PermManageOfficers, "变更执法证件状态", personnel.New(s.Kit).CertStateForm)
	staff("POST", "/staff/officers/{id}/certificates/{cert}/state", app.PermManageOfficers, "变更执法证件状态", personnel.New(s.Kit).CertStateSubmit)
	staff("GET", "/staff/officers/{id}/certificates/{cert}/reviews/new", app.PermManageOfficers, "登记年审", personnel.New(s.Kit).ReviewNew)
	staff("POST", "/staff/officers/{id}/certificates/{cert}/reviews/new", app.PermManageOfficers, "登记年审", personnel.New(s.Kit).ReviewCreate)
	staff("GET", "/staff/officers/{id}/trainings/new", app.PermRecordTraining, "登记培训", personnel.New(s.Kit).TrainingNew)
	staff("POST", "/staff/officers/{id}/trainings/new", app.PermRecordTraining, "登记培训", personnel.New(s.Kit).TrainingCreate)

	staff("GET", "/staff/items", app.PermStaff, "执法事项清单", catalog.New(s.Kit).ItemList)
	staff("GET", "/staff/items/new", app.PermManageCatalog, "新增执法事项", catalog.New(s.Kit).ItemNew)
	staff("POST", "/staff/items/new", app.PermManageCatalog, "新增执法事项", catalog.New(s.Kit).ItemCreate)
	staff("GET", "/staff/items/{id}", app.PermStaff, "执法事项详情", catalog.New(s.Kit).ItemDetail)
	staff("GET", "/staff/items/{id}/edit", app.PermManageCatalog, "编辑执法事项", catalog.New(s.Kit).ItemEdit)
	staff("POST", "/staff/items/{id}/edit", app.PermManageCatalog, "编辑执法事项", catalog.New(s.Kit).ItemUpdate)
	staff("GET", "/staff/items/{id}/versions/{version}", app.PermStaff, "执法事项历史版本", catalog.New(s.Kit).ItemVersion)

	workspace.New(s.Kit).RegisterImportPages(staff)
	cases.New(s.Kit).RegisterEvidencePages(staff)
	cases.New(s.Kit).RegisterDocumentPages(staff)
	catalog.New(s.Kit).RegisterDiscretionPages(staff)
	publicity.New(s.Kit).RegisterPublicityPages(staff)
	publicity.New(s.Kit).RegisterReportPages(staff)
	cases.New(s.Kit).RegisterCasePages(staff)
	cases.New(s.Kit).RegisterCaseFilePages(staff)
	review.New(s.Kit).RegisterReviewPages(staff)
	transfer.New(s.Kit).RegisterTransferPages(staff)
	filing.New(s.Kit).RegisterFilingPages(staff)
	cases.New(s.Kit).RegisterApprovalPages(staff)
	cases.New(s.Kit).RegisterExecutionPages(staff) // issue 15
	workspace.New(s.Kit).RegisterWorkspacePages(staff)
	cases.New(s.Kit).RegisterRecordingPages(staff, pub)
	supervision.New(s.Kit).RegisterSupervisionPages(staff, pub)
	analysis.New(s.Kit).RegisterAnalysisPages(staff)
	ledger.New(s.Kit).RegisterSealPages(staff, pub)
	workspace.New(s.Kit).RegisterStatsPages(staff)
	personnel.New(s.Kit).RegisterOfficerPhotoPages(staff, pub)

	staff("GET", "/staff/audit", app.PermReadAudit, "审计日志", ledger.New(s.Kit).AuditLog)
	staff("GET", "/staff/ledger", app.PermStaff, "防篡改账本", ledger.New(s.Kit).StaffLedger)
	staff("GET", "/staff/ledger/{index}", app.PermStaff, "账本条目及包含证明", ledger.New(s.Kit).StaffLedgerEntry)
}

// showIf renders the 403 page instead of a form the actor could not submit anyway. It
// only decides what to show: the app checks the permission again when the form is posted.
func (s *Server) showIf(perm app.Permission, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !app.ActorFrom(r.Context()).Can(perm) {
			s.Fail(w, r, zhifa.Forbidden())
			return
		}
		h(w, r)
	}
}

// catchAll answers every unmatched request: a JSON error under /api/, else the 404 page.
func (s *Server) catchAll(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		kit.WriteError(w, r, zhifa.NotFound("接口"))
		return
	}
	s.NotFound(w, r)
}
