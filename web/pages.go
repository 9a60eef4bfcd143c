package web

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// registerPages registers the staff workspace and the public portal. Every route
// declares its permission; the app method behind it checks role and scope in full.
func (s *Server) registerPages() {
	c := s.contexts()
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
	pub("GET", "/{$}", "公示平台首页", c.portal.PortalHome)
	pub("GET", "/agencies", "执法主体公示", c.personnel.PortalAgencies)
	pub("GET", "/agencies/{id}", "执法主体详情", c.personnel.PortalAgency)
	pub("GET", "/items", "执法事项公示", c.catalog.PortalItems)
	pub("GET", "/items/{code}", "执法事项详情", c.catalog.PortalItem)
	pub("GET", "/officers", "执法人员公示", c.personnel.PortalOfficers)
	pub("GET", "/officers/{id}", "执法人员详情", c.personnel.PortalOfficer)
	pub("GET", "/officers/{id}/qr.png", "执法证件核验二维码", c.personnel.PortalOfficerQR)
	pub("GET", "/cert", "执法证件核验", c.personnel.CertCheckForm)
	pub("GET", "/cert/{number}", "执法证件核验结果", c.personnel.CertCheck)
	pub("GET", "/laws", "法律法规库", c.catalog.LawList)
	pub("GET", "/laws/{law}", "法律法规全文", c.catalog.LawPage)
	pub("GET", "/ledger", "账本核验", c.ledger.PortalLedger)
	pub("GET", "/ledger/checkpoint", "账本最新检查点", c.ledger.LedgerCheckpoint)
	pub("GET", "/ledger/key", "账本检查点验证公钥", c.ledger.LedgerKey)
	pub("GET", "/ledger/tile/{path...}", "账本瓦片与条目包", c.ledger.LedgerTile)

	// Login and account.
	pub("GET", "/login", "登录", s.loginForm)
	pub("POST", "/login", "登录", s.loginSubmit)
	pub("POST", "/logout", "退出登录", s.logout)
	staff("GET", "/staff/password", app.PermAccount, "修改密码", s.passwordForm)
	staff("POST", "/staff/password", app.PermAccount, "修改密码", s.passwordSubmit)

	// Staff workspace.
	pub("GET", "/staff", "工作台", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/staff/", http.StatusMovedPermanently)
	})
	staff("GET", "/staff/{$}", app.PermAccount, "工作台", s.dashboard)
	staff("GET", "/staff/laws", app.PermStaff, "法律法规库", c.catalog.LawList)
	staff("GET", "/staff/laws/{law}", app.PermStaff, "法律法规全文", c.catalog.LawPage)

	staff("GET", "/staff/agencies", app.PermStaff, "执法机关列表", c.personnel.AgencyList)
	staff("GET", "/staff/agencies/new", app.PermManageAgencies, "新增执法机关", c.personnel.AgencyNew)
	staff("POST", "/staff/agencies/new", app.PermManageAgencies, "新增执法机关", c.personnel.AgencyCreate)
	staff("GET", "/staff/agencies/{id}", app.PermStaff, "执法机关详情", c.personnel.AgencyDetail)
	staff("GET", "/staff/agencies/{id}/edit", app.PermManageAgencies, "编辑执法机关", c.personnel.AgencyEdit)
	staff("POST", "/staff/agencies/{id}/edit", app.PermManageAgencies, "编辑执法机关", c.personnel.AgencyUpdate)

	staff("GET", "/staff/users", app.PermManageUsers, "用户管理", c.personnel.UserList)
	staff("GET", "/staff/users/new", app.PermManageUsers, "新增用户", c.personnel.UserNew)
	staff("POST", "/staff/users/new", app.PermManageUsers, "新增用户", c.personnel.UserCreate)
	staff("GET", "/staff/users/{id}/edit", app.PermManageUsers, "编辑用户", c.personnel.UserEdit)
	staff("POST", "/staff/users/{id}/edit", app.PermManageUsers, "编辑用户", c.personnel.UserUpdate)

	staff("GET", "/staff/officers", app.PermStaff, "执法人员列表", c.personnel.OfficerList)
	staff("GET", "/staff/officers/new", app.PermManageOfficers, "新增执法人员", c.personnel.OfficerNew)
	staff("POST", "/staff/officers/new", app.PermManageOfficers, "新增执法人员", c.personnel.OfficerCreate)
	staff("GET", "/staff/officers/{id}", app.PermStaff, "执法人员详情", c.personnel.OfficerDetail)
	staff("POST", "/staff/officers/{id}/reveal", app.PermReadPersonalData, "查看执法人员完整信息", c.personnel.OfficerReveal)
	staff("GET", "/staff/officers/{id}/edit", app.PermManageOfficers, "编辑执法人员", c.personnel.OfficerEdit)
	staff("POST", "/staff/officers/{id}/edit", app.PermManageOfficers, "编辑执法人员", c.personnel.OfficerUpdate)
	staff("GET", "/staff/officers/{id}/certificates/new", app.PermManageOfficers, "发放执法证件", c.personnel.CertNew)
	staff("POST", "/staff/officers/{id}/certificates/new", app.PermManageOfficers, "发放执法证件", c.personnel.CertCreate)
	staff("GET", "/staff/officers/{id}/certificates/{cert}/state", app.PermManageOfficers, "变更执法证件状态", c.personnel.CertStateForm)
	staff("POST", "/staff/officers/{id}/certificates/{cert}/state", app.PermManageOfficers, "变更执法证件状态", c.personnel.CertStateSubmit)
	staff("GET", "/staff/officers/{id}/certificates/{cert}/reviews/new", app.PermManageOfficers, "登记年审", c.personnel.ReviewNew)
	staff("POST", "/staff/officers/{id}/certificates/{cert}/reviews/new", app.PermManageOfficers, "登记年审", c.personnel.ReviewCreate)
	staff("GET", "/staff/officers/{id}/trainings/new", app.PermRecordTraining, "登记培训", c.personnel.TrainingNew)
	staff("POST", "/staff/officers/{id}/trainings/new", app.PermRecordTraining, "登记培训", c.personnel.TrainingCreate)

	staff("GET", "/staff/items", app.PermStaff, "执法事项清单", c.catalog.ItemList)
	staff("GET", "/staff/items/new", app.PermManageCatalog, "新增执法事项", c.catalog.ItemNew)
	staff("POST", "/staff/items/new", app.PermManageCatalog, "新增执法事项", c.catalog.ItemCreate)
	staff("GET", "/staff/items/{id}", app.PermStaff, "执法事项详情", c.catalog.ItemDetail)
	staff("GET", "/staff/items/{id}/edit", app.PermManageCatalog, "编辑执法事项", c.catalog.ItemEdit)
	staff("POST", "/staff/items/{id}/edit", app.PermManageCatalog, "编辑执法事项", c.catalog.ItemUpdate)
	staff("GET", "/staff/items/{id}/versions/{version}", app.PermStaff, "执法事项历史版本", c.catalog.ItemVersion)

	c.workspace.RegisterImportPages(staff)
	c.cases.RegisterEvidencePages(staff)
	c.cases.RegisterDocumentPages(staff)
	c.catalog.RegisterDiscretionPages(staff)
	c.publicity.RegisterPublicityPages(staff)
	c.publicity.RegisterLicencePages(staff)
	c.publicity.RegisterPublicityDayPages()
	c.publicity.RegisterReportPages(staff)
	c.assessment.RegisterAssessmentPages(staff, pub) // issue 14, F2
	c.cases.RegisterCasePages(staff)
	c.cases.RegisterCaseFilePages(staff)
	c.review.RegisterReviewPages(staff)
	c.transfer.RegisterTransferPages(staff)
	c.filing.RegisterFilingPages(staff)
	c.cases.RegisterApprovalPages(staff)
	c.cases.RegisterExecutionPages(staff) // issue 15
	c.workspace.RegisterWorkspacePages(staff)
	c.cases.RegisterRecordingPages(staff, pub)
	c.supervision.RegisterSupervisionPages(staff, pub)
	c.analysis.RegisterAnalysisPages(staff)
	c.ledger.RegisterSealPages(staff, pub)
	c.workspace.RegisterStatsPages(staff)
	c.personnel.RegisterOfficerPhotoPages(staff, pub)

	staff("GET", "/staff/audit", app.PermReadAudit, "审计日志", c.ledger.AuditLog)
	staff("GET", "/staff/ledger", app.PermStaff, "防篡改账本", c.ledger.StaffLedger)
	staff("GET", "/staff/ledger/{index}", app.PermStaff, "账本条目及包含证明", c.ledger.StaffLedgerEntry)
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
