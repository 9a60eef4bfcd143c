package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa/web/kit"
)

// wantText fails the test unless body contains every want and none of the unwanted
// strings (prefixed with "!").
func wantText(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if no, ok := strings.CutPrefix(w, "!"); ok {
			if strings.Contains(body, no) {
				t.Errorf("%s contains %q", what, no)
			}
		} else if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestUIPublicPages renders every portal page for the public and checks its status and
// key text.
func TestUIPublicPages(t *testing.T) {
	env := newTestEnv(t)
	city := env.City
	tests := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{"行政执法公示平台", "执法证件核验", "工作人员登录", `action="/items"`}},
		{"/agencies", 200, []string{"执法主体", "东港市市场监督管理局", "西山县人民政府", "depth-1"}},
		{fmt.Sprintf("/agencies/%d", env.Market.ID), 200, []string{"东港市市场监督管理局", "主体资格依据", "DG-SC-CF-0001", "张三", "东市监执001", "开发区分局"}},
		{"/items", 200, []string{"执法事项", "DG-SC-CF-0001", "XS-SC-CF-0001", "共 2 条"}},
		{"/items?q=DG-SC", 200, []string{"DG-SC-CF-0001", "!XS-SC-CF-0001", "共 1 条"}},
		{"/items?category=license", 200, []string{"没有符合条件的执法事项"}},
		{fmt.Sprintf("/items?agency=%d", env.CountyMarket.ID), 200, []string{"XS-SC-CF-0001", "!DG-SC-CF-0001"}},
		{"/items/DG-SC-CF-0001", 200, []string{"对生产经营不符合食品安全标准的食品的处罚", "法律依据", "《中华人民共和国食品安全法》第一百二十四条",
			"/laws/" + url.PathEscape("食品安全法") + "#art-124", "违反本法规定", "立案、调查、告知、决定", "行政复议或行政诉讼", "办事指南"}},
		{"/officers", 200, []string{"执法人员", "张三", "东市监执001", "有效", "赵六"}},
		{"/officers?q=张三", 200, []string{"张三", "!赵六", "共 1 条"}},
		{fmt.Sprintf("/officers/%d", city.Officer.ID), 200, []string{"张三", "东港市市场监督管理局", "东市监执001", "有效", "2030年12月31日",
			fmt.Sprintf("/officers/%d/qr.png", city.Officer.ID), "扫码核验证件"}},
		{fmt.Sprintf("/officers/%d", env.BranchOfficer.ID), 200, []string{"李四", "未持有执法证件", "无证件"}},
		{"/cert", 200, []string{"执法证件核验", `name="number"`, "!查无此证"}},
		{"/cert/" + url.PathEscape("东市监执001"), 200, []string{"verdict ok", ">有效<", "张三", "东港市市场监督管理局", "2025年1月1日 至 2030年12月31日", "2026年3月2日"}},
		{"/cert/NO-SUCH-CERT", 404, []string{"查无此证", "NO-SUCH-CERT"}},
		{"/laws", 200, []string{"法律法规库", "中华人民共和国行政处罚法", "中华人民共和国食品安全法"}},
		{"/laws?q=" + url.QueryEscape("听证"), 200, []string{"检索结果", "<mark>听证</mark>", "#art-"}},
		{"/laws?q=" + url.QueryEscape("行政处罚法第42条"), 200, []string{"《行政处罚法》第四十二条"}},
		{"/laws/" + url.PathEscape("行政处罚法"), 200, []string{"中华人民共和国行政处罚法", `id="art-42"`, "第四十二条", "第五章 行政处罚的决定", "目录"}},
		{"/laws/" + url.PathEscape("中华人民共和国行政处罚法") + "?q=" + url.QueryEscape("听证"), 200, []string{"<mark>听证</mark>", "显示全文", "!" + `id="art-1"`}},
		{"/login", 200, []string{"工作人员登录", `name="login"`, `name="password"`, `name="next" value="/staff/"`}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := env.page(t, "GET", tt.path, "", nil)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, res.Body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			wantText(t, tt.path, string(res.Body), tt.want...)
		})
	}
}

// TestUIPortalIgnoresStaffScope checks that a logged-in user sees the same portal as the
// public, not the scope of their account.
func TestUIPortalIgnoresStaffScope(t *testing.T) {
	env := newTestEnv(t)
	res := env.page(t, "GET", "/items", loginCountyOfficer, nil)
	wantText(t, "/items as county officer", string(res.Body), "DG-SC-CF-0001", "XS-SC-CF-0001", "进入工作台")
}

// TestUINotFound checks that unknown paths and bad or unknown IDs answer the 404 page in
// the layout, never a 500.
func TestUINotFound(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct{ path, login string }{
		{"/no-such-page", ""},
		{"/agencies/abc", ""},
		{"/agencies/0", ""},
		{"/agencies/99999", ""},
		{"/agencies/-1", ""},
		{"/officers/1e3", ""},
		{"/officers/99999", ""},
		{"/officers/99999/qr.png", ""},
		{"/items/NO-SUCH-ITEM", ""},
		{"/laws/" + url.PathEscape("不存在的法"), ""},
		{"/staff/officers/abc", loginAdmin},
		{"/staff/officers/99999", loginAdmin},
		{"/staff/officers/99999/edit", loginAdmin},
		{"/staff/items/xyz", loginAdmin},
		{"/staff/items/99999", loginAdmin},
		{"/staff/agencies/99999", loginAdmin},
		{"/staff/users/99999/edit", loginAdmin},
		{"/staff/nothing-here", loginAdmin},
		{fmt.Sprintf("/staff/items/%d/versions/99", env.City.Item.ID), loginAdmin},
		{fmt.Sprintf("/staff/items/%d/versions/x", env.City.Item.ID), loginAdmin},
		{fmt.Sprintf("/staff/officers/%d/certificates/99999/state", env.City.Officer.ID), loginAdmin},
		// The certificate of another officer is not found through this officer's URL.
		{fmt.Sprintf("/staff/officers/%d/certificates/%d/state", env.BranchOfficer.ID, env.City.Cert.ID), loginAdmin},
		// Objects outside the user's scope answer exactly like missing ones.
		{fmt.Sprintf("/staff/officers/%d", env.County.Officer.ID), loginAdmin},
		{fmt.Sprintf("/staff/agencies/%d", env.CountyMarket.ID), loginAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := env.page(t, "GET", tt.path, tt.login, nil)
			if res.Status != http.StatusNotFound {
				t.Fatalf("status %d, want 404\n%s", res.Status, res.Body)
			}
			wantText(t, tt.path, string(res.Body), "404", "<html", "返回首页")
		})
	}
	// Unmatched API paths answer JSON.
	res := env.page(t, "GET", "/api/v1/no-such-thing", "", nil)
	if res.Status != http.StatusNotFound || res.ErrorCode() != "ENOTFOUND" {
		t.Errorf("unknown API path: %d %s", res.Status, res.Body)
	}
}

// TestUIStaffPages renders the workspace pages for each role: what a role may use
// renders, what it may not answers the 403 page, and the public is sent to the login.
func TestUIStaffPages(t *testing.T) {
	env := newTestEnv(t)
	o, item, cert := env.City.Officer, env.City.Item, env.City.Cert
	tests := []struct {
		path   string
		login  string
		status int
		want   []string
	}{
		{"/staff/", loginAdmin, 200, []string{"工作台", "年度培训不足60学时", "张三", "法制审核人员不足5%", "用户管理", "审计日志"}},
		{"/staff/", loginOfficer, 200, []string{"工作台", "!用户管理", `!href="/staff/audit"`, "!批量导入"}},
		{"/staff/", loginSupervisor, 200, []string{"工作台", "审计日志", "东港市生态环境局", "!用户管理"}},
		{"/staff/agencies", loginAdmin, 200, []string{"执法机关", "东港市市场监督管理局开发区分局", "新增执法机关", "!西山县"}},
		{"/staff/agencies", loginSupervisor, 200, []string{"东港市生态环境局", "东港市人民政府", "!新增执法机关"}},
		{fmt.Sprintf("/staff/agencies/%d", env.Market.ID), loginAdmin, 200, []string{"东港市市场监督管理局", "编辑", "新增下级机关", "本机关执法人员"}},
		{"/staff/agencies/new", loginAdmin, 200, []string{"新增执法机关", `name="parent_id"`, `name="region_code"`}},
		{fmt.Sprintf("/staff/agencies/%d/edit", env.Market.ID), loginAdmin, 200, []string{`value="东港市市场监督管理局"`, "东港市人民政府"}},
		{"/staff/agencies/new", loginOfficer, 403, []string{"无权访问"}},
		{"/staff/users", loginAdmin, 200, []string{"用户管理", "officer1", "执法人员", "!county_admin"}},
		{"/staff/users", loginOfficer, 403, []string{"无权访问"}},
		{"/staff/users/new", loginAdmin, 200, []string{"新增用户", "初始密码", "张三（东港市市场监督管理局）"}},
		{fmt.Sprintf("/staff/users/%d/edit", env.Users[loginOfficer].ID), loginAdmin, 200, []string{"officer1", "重置密码", "停用此账号"}},
		{"/staff/officers", loginAdmin, 200, []string{"张三", "东市监执001", "李四", "!赵六", "新增执法人员"}},
		{"/staff/officers", loginOfficer, 200, []string{"张三", "!新增执法人员"}},
		{"/staff/officers?q=李", loginAdmin, 200, []string{"李四", "!东市监执001"}},
		{"/staff/officers?reviewer=yes", loginAdmin, 200, []string{"没有符合条件的执法人员"}},
		{fmt.Sprintf("/staff/officers?agency=%d", env.MarketBranch.ID), loginAdmin, 200, []string{"李四", "!张三"}},
		{fmt.Sprintf("/staff/officers/%d", o.ID), loginAdmin, 200, []string{"张三", "东市监执001", "状态记录", "发证", "年审记录", "培训记录",
			"2026年", "不足60学时", "行政处罚法", "查看完整信息", "暂扣", "收缴", "注销", "登记年审", "登记培训", o.IDMasked}},
		{fmt.Sprintf("/staff/officers/%d", o.ID), loginOfficer, 200, []string{"张三", "!查看完整信息", "!登记培训", "!>暂扣<"}},
		{fmt.Sprintf("/staff/officers/%d", o.ID), loginHead, 200, []string{"查看完整信息", "登记培训", "!>暂扣<"}},
		{"/staff/officers/new", loginAdmin, 200, []string{"新增执法人员", `name="id_number"`, `name="active" value="1" checked`}},
		{fmt.Sprintf("/staff/officers/%d/edit", o.ID), loginAdmin, 200, []string{`value="张三"`, "留空则不修改", o.IDMasked, `name="exam_passed" value="1" checked`}},
		{fmt.Sprintf("/staff/officers/%d/certificates/new", o.ID), loginAdmin, 200, []string{"发放执法证件", `name="valid_until"`, "2026-03-02"}},
		{fmt.Sprintf("/staff/officers/%d/certificates/%d/state?to=suspended", o.ID, cert.ID), loginAdmin, 200, []string{"变更执法证件状态", `value="suspended" selected`, "收缴"}},
		{fmt.Sprintf("/staff/officers/%d/certificates/%d/reviews/new", o.ID, cert.ID), loginAdmin, 200, []string{"登记年审", `value="2026"`}},
		{fmt.Sprintf("/staff/officers/%d/trainings/new", o.ID), loginHead, 200, []string{"登记培训", "通用法律知识"}},
		{fmt.Sprintf("/staff/officers/%d/trainings/new", o.ID), loginOfficer, 403, []string{"无权访问"}},
		{"/staff/items", loginAdmin, 200, []string{"执法事项清单", "DG-SC-CF-0001", "!XS-SC-CF-0001", "新增执法事项"}},
		{fmt.Sprintf("/staff/items/%d", item.ID), loginAdmin, 200, []string{"DG-SC-CF-0001", "版本记录", "第1版", "当前", "/staff/laws/", "编辑"}},
		{fmt.Sprintf("/staff/items/%d", item.ID), loginOfficer, 200, []string{"DG-SC-CF-0001", "!>编辑<"}},
		{"/staff/items/new", loginAdmin, 200, []string{"新增执法事项", `name="basis.0.law"`, `name="basis.2.text"`, "!basis.3.law", "添加一行依据", "中华人民共和国行政处罚法"}},
		{fmt.Sprintf("/staff/items/%d/edit", item.ID), loginAdmin, 200, []string{`value="DG-SC-CF-0001"`, `name="version" value="1"`, `value="中华人民共和国食品安全法"`}},
		{"/staff/import", loginAdmin, 200, []string{"批量导入", "导入执法人员", "导入执法事项", "身份证号", "事项编码"}},
		{"/staff/import", loginHead, 200, []string{"导入行政许可决定", "来源记录编号", "!导入执法人员", "!没有批量导入的权限"}},
		{"/staff/import", loginReviewer, 200, []string{"没有批量导入的权限", "!导入行政许可决定"}},
		{"/staff/audit", loginAdmin, 200, []string{"审计日志", "新增执法人员", "新增执法事项", "通过工作台"}},
		{"/staff/audit?action=item.create", loginAdmin, 200, []string{"新增执法事项 <a", "DG-SC-CF-0001", "!新增执法人员 <a"}},
		{"/staff/audit", loginOfficer, 403, []string{"无权访问"}},
		{"/staff/laws", loginOfficer, 200, []string{"法律法规库", "/staff/laws/"}},
		{"/staff/laws/" + url.PathEscape("行政处罚法"), loginOfficer, 200, []string{`id="art-42"`, "工作台"}},
		{"/staff/password", loginOfficer, 200, []string{"修改密码", `name="old_password"`}},
	}
	for _, tt := range tests {
		t.Run(tt.login+tt.path, func(t *testing.T) {
			res := env.page(t, "GET", tt.path, tt.login, nil)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, res.Body)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			wantText(t, tt.path, string(res.Body), tt.want...)
		})
	}
}

// TestUIStaffNeedsLogin checks that the workspace sends the public to the login page,
// keeping where it was going.
func TestUIStaffNeedsLogin(t *testing.T) {
	env := newTestEnv(t)
	for _, path := range []string{"/staff/", "/staff/officers?q=x", fmt.Sprintf("/staff/officers/%d", env.City.Officer.ID)} {
		res := env.page(t, "GET", path, "", nil)
		loc := res.Header.Get("Location")
		if res.Status != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(path) {
			t.Errorf("%s: %d Location %q", path, res.Status, loc)
		}
	}
}

// TestUIStaticAssets checks the embedded assets and their caching.
func TestUIStaticAssets(t *testing.T) {
	env := newTestEnv(t)
	home := string(env.page(t, "GET", "/", "", nil).Body)
	tests := []struct {
		name, ctype, cache string
		versioned          bool
	}{
		{"app.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable", true},
		{"htmx.min.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", true},
		{"app.css", "text/css; charset=utf-8", "public, max-age=3600", false},
	}
	for _, tt := range tests {
		path := "/static/" + tt.name
		if tt.versioned {
			path += "?v=" + kit.StaticVersion[tt.name]
			if !strings.Contains(home, path) {
				t.Errorf("the layout does not link %s", path)
			}
		}
		res := env.page(t, "GET", path, "", nil)
		if res.Status != 200 || res.Header.Get("Content-Type") != tt.ctype || res.Header.Get("Cache-Control") != tt.cache {
			t.Errorf("%s: %d %q %q", path, res.Status, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		if res.Header.Get("ETag") == "" {
			t.Errorf("%s: no ETag", path)
		}
	}
	if js := string(env.page(t, "GET", "/static/htmx.min.js", "", nil).Body); !strings.Contains(js, "Zero-Clause BSD") {
		t.Error("htmx lost its license header")
	}
	for _, p := range []string{"/static/nope.css", "/static/../render.go", "/static/", "/static/templates/layout.html"} {
		if res := env.page(t, "GET", p, "", nil); res.Status == http.StatusOK {
			t.Errorf("%s: %d", p, res.Status)
		}
	}
}
