package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// appCtx is a context carrying actor, for calling the app directly.
func appCtx(actor *app.Actor) context.Context { return app.WithActor(context.Background(), actor) }

// location returns the redirect target of a response, failing unless it is a 303.
func location(t *testing.T, res *response) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%s", res.Status, res.Body)
	}
	return res.Header.Get("Location")
}

// flashOf returns the flash message a response sets, "" if none.
func flashOf(res *response) string {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == kit.FlashCookie && c.MaxAge >= 0 {
			msg, _ := url.QueryUnescape(c.Value)
			return msg
		}
	}
	return ""
}

// TestUILogin covers the login page: errors in Chinese with the login name kept, the
// session cookie, local-only redirects and logout.
func TestUILogin(t *testing.T) {
	env := newTestEnv(t)
	post := func(form url.Values) *response { return env.page(t, "POST", "/login", "", form) }

	res := post(url.Values{"login": {"admin"}, "password": {"wrong-password"}, "next": {"/staff/officers"}})
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("bad password: status %d", res.Status)
	}
	wantText(t, "failed login", string(res.Body), "登录名或密码错误", `value="admin"`, `name="next" value="/staff/officers"`, "!wrong-password")

	res = post(url.Values{"login": {""}, "password": {""}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty login: status %d", res.Status)
	}
	wantText(t, "empty login", string(res.Body), "请输入登录名和密码", `id="err-login"`, "必填")

	tests := []struct{ next, want string }{
		{"/staff/officers?q=张", "/staff/officers?q=%e5%bc%a0"},
		{"", "/staff/"},
		{"//evil.example/x", "/staff/"},
		{"https://evil.example/", "/staff/"},
		{"/\\evil.example", "/staff/"},
		{"javascript:alert(1)", "/staff/"},
	}
	for _, tt := range tests {
		res := post(url.Values{"login": {"admin"}, "password": {testPassword}, "next": {tt.next}})
		if got := location(t, res); got != tt.want {
			t.Errorf("next %q: redirect to %q, want %q", tt.next, got, tt.want)
		}
		var session *http.Cookie
		for _, c := range (&http.Response{Header: res.Header}).Cookies() {
			if c.Name == kit.SessionCookie {
				session = c
			}
		}
		if session == nil || session.Value == "" || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie %+v", session)
		}
		if tt.next == "" {
			// The session works, and logout ends it.
			req := env.newRequest(t, "GET", "/staff/", nil)
			req.AddCookie(session)
			if r := env.send(t, req); r.Status != 200 || !strings.Contains(string(r.Body), "工作台") {
				t.Fatalf("workspace with the new session: %d", r.Status)
			}
			req = env.newRequest(t, "POST", "/logout", nil)
			req.AddCookie(session)
			if r := env.send(t, req); location(t, r) != "/" || flashOf(r) != "您已安全退出" {
				t.Fatalf("logout: %v", r.Header)
			}
			req = env.newRequest(t, "GET", "/staff/", nil)
			req.AddCookie(session)
			if r := env.send(t, req); r.Status != http.StatusSeeOther {
				t.Fatalf("workspace after logout: %d", r.Status)
			}
		}
	}
	// A logged-in user who opens the login page goes on.
	if got := location(t, env.page(t, "GET", "/login?next=/staff/items", loginAdmin, nil)); got != "/staff/items" {
		t.Errorf("login page when logged in: %q", got)
	}
}

// TestUIFormsKeepInput posts bad input to every form and checks the 422 answer: the
// problem in Chinese next to its field, and the submitted values still in the form.
func TestUIFormsKeepInput(t *testing.T) {
	env := newTestEnv(t)
	o, cert, item := env.City.Officer, env.City.Cert, env.City.Item
	tests := []struct {
		name   string
		path   string
		login  string
		form   url.Values
		status int
		want   []string
	}{
		{"officer bad id", "/staff/officers/new", loginAdmin, url.Values{
			"agency_id": {fmt.Sprint(env.Market.ID)}, "name": {"王小明"}, "id_number": {"110105194912310021"},
			"position": {"科员"}, "domains": {"市场监管、食品安全"}, "exam_passed": {"1"}, "active": {"1"},
		}, 422, []string{`id="err-id_number"`, "校验", `value="王小明"`, `value="110105194912310021"`, `value="市场监管、食品安全"`,
			`name="exam_passed" value="1" checked`, `id="err-exam_date"`, "请填写执法资格考试通过日期"}},
		{"officer bad date", "/staff/officers/new", loginAdmin, url.Values{
			"agency_id": {fmt.Sprint(env.Market.ID)}, "name": {"王小明"}, "exam_date": {"2020-13-45"},
		}, 422, []string{`id="err-exam_date"`, "日期格式应为 YYYY-MM-DD", `value="2020-13-45"`, `value="王小明"`}},
		{"officer government agency", "/staff/officers/new", loginAdmin, url.Values{
			"agency_id": {fmt.Sprint(env.CountyMarket.ID)}, "name": {"王小明"}, "id_number": {"11010519491231002X"},
		}, 422, []string{`id="err-agency_id"`, "所属机关不存在或不在管理范围内", `value="11010519491231002X"`}},
		{"officer edit", fmt.Sprintf("/staff/officers/%d/edit", o.ID), loginAdmin, url.Values{
			"agency_id": {fmt.Sprint(env.Market.ID)}, "name": {""}, "position": {"大队长"}, "phone": {"12ab"},
		}, 422, []string{`id="err-name"`, "必填", `value="大队长"`, `id="err-phone"`, "电话号码格式不正确"}},
		{"certificate", fmt.Sprintf("/staff/officers/%d/certificates/new", o.ID), loginAdmin, url.Values{
			"number": {"东市监执999"}, "issuer": {""}, "valid_from": {"2026-01-01"}, "valid_until": {"2025-01-01"},
		}, 422, []string{`id="err-issuer"`, `id="err-valid_until"`, "截止日期应晚于起始日期", `value="东市监执999"`, `value="2026-01-01"`}},
		{"certificate duplicate number", fmt.Sprintf("/staff/officers/%d/certificates/new", env.BranchOfficer.ID), loginAdmin, url.Values{
			"number": {cert.Number}, "issuer": {"东港市人民政府"}, "valid_from": {"2026-01-01"}, "valid_until": {"2030-01-01"},
		}, 409, []string{"alert bad", `value="东港市人民政府"`}},
		{"certificate state without reason", fmt.Sprintf("/staff/officers/%d/certificates/%d/state", o.ID, cert.ID), loginAdmin, url.Values{
			"state": {"suspended"}, "reason": {"  "},
		}, 422, []string{`id="err-reason"`, "必填", `value="suspended" selected`}},
		{"certificate state missing", fmt.Sprintf("/staff/officers/%d/certificates/%d/state", o.ID, cert.ID), loginAdmin, url.Values{
			"state": {""}, "reason": {"调离执法岗位"},
		}, 422, []string{`id="err-state"`, "请选择变更后的状态", "调离执法岗位"}},
		{"certificate state not allowed", fmt.Sprintf("/staff/officers/%d/certificates/%d/state", o.ID, cert.ID), loginAdmin, url.Values{
			"state": {"valid"}, "reason": {"恢复"},
		}, 422, []string{"不能从", "执法证件管理"}},
		{"yearly review", fmt.Sprintf("/staff/officers/%d/certificates/%d/reviews/new", o.ID, cert.ID), loginAdmin, url.Values{
			"year": {"1999"}, "passed": {"0"}, "date": {"2026-01-05"}, "note": {"材料不全"},
		}, 422, []string{`id="err-year"`, "年度无效", "材料不全", `value="0" selected`}},
		{"training", fmt.Sprintf("/staff/officers/%d/trainings/new", o.ID), loginAdmin, url.Values{
			"date": {"2026-02-01"}, "hours": {"0"}, "topic": {"执法文书制作"}, "kind": {""}, "provider": {"市司法局"},
		}, 422, []string{`id="err-hours"`, "学时应大于0", `id="err-kind"`, "请选择培训类别", `value="执法文书制作"`, `value="市司法局"`}},
		{"training bad number", fmt.Sprintf("/staff/officers/%d/trainings/new", o.ID), loginAdmin, url.Values{
			"date": {"2026-02-01"}, "hours": {"八"}, "topic": {"执法文书制作"}, "kind": {"drill"},
		}, 422, []string{`id="err-hours"`, "请输入数字", `value="八"`}},
		{"agency", "/staff/agencies/new", loginAdmin, url.Values{
			"parent_id": {fmt.Sprint(env.Market.ID)}, "name": {"东港市市场监督管理局新区分局"}, "level": {"county"}, "type": {"administrative"},
			"region_code": {"12345"}, "duties": {"负责新区市场监管"},
		}, 422, []string{`id="err-region_code"`, "行政区划代码应为6位数字", `id="err-legal_basis"`, `value="东港市市场监督管理局新区分局"`, "负责新区市场监管"}},
		{"agency level above parent", "/staff/agencies/new", loginAdmin, url.Values{
			"parent_id": {fmt.Sprint(env.MarketBranch.ID)}, "name": {"某所"}, "level": {"city"}, "type": {"administrative"},
			"region_code": {"210681"}, "legal_basis": {"授权"},
		}, 422, []string{`id="err-level"`, "层级不能高于上级机关", `value="某所"`}},
		{"agency edit", fmt.Sprintf("/staff/agencies/%d/edit", env.Market.ID), loginAdmin, url.Values{
			"name": {""}, "level": {"city"}, "type": {"administrative"}, "region_code": {"210681"}, "legal_basis": {"依据"}, "head": {"刘局长"},
		}, 422, []string{`id="err-name"`, `value="刘局长"`}},
		{"user", "/staff/users/new", loginAdmin, url.Values{
			"login": {"9bad"}, "name": {"新用户"}, "role": {"officer"}, "agency_id": {fmt.Sprint(env.Market.ID)}, "password": {"short"},
		}, 422, []string{`id="err-login"`, "以字母开头", `id="err-password"`, "密码至少8位", `value="9bad"`, `value="新用户"`, "!short"}},
		{"user edit self", fmt.Sprintf("/staff/users/%d/edit", env.Users[loginAdmin].ID), loginAdmin, url.Values{
			"name": {"管理员"}, "role": {"admin"}, "agency_id": {fmt.Sprint(env.Market.ID)}, "disabled": {"1"},
		}, 422, []string{"不能停用自己的账号", `value="管理员"`}},
		{"item", "/staff/items/new", loginAdmin, url.Values{
			"code": {"DG-NEW-1"}, "name": {"新事项"}, "category": {"penalty"}, "agency_id": {fmt.Sprint(env.Market.ID)},
			"basis.0.law": {""}, "basis.0.article": {""}, "basis.0.text": {""},
			"basis.1.law": {"行政处罚法"}, "basis.1.article": {"第九百条"}, "basis.1.text": {""},
			"basis.2.law": {"某市食品摊贩管理办法"}, "basis.2.article": {"第三条"}, "basis.2.text": {""},
			"guide.phone": {"电话"}, "flowchart": {"受理\n审查\n决定"},
		}, 422, []string{`id="err-basis.1.article"`, "没有第900条", `id="err-basis.2.text"`, "请填写条文内容", `id="err-guide.phone"`,
			`value="DG-NEW-1"`, `value="某市食品摊贩管理办法"`, "受理\n审查\n决定", "!err-basis.0."}},
		{"item without basis", "/staff/items/new", loginAdmin, url.Values{
			"code": {"DG-NEW-2"}, "name": {"新事项"}, "category": {"penalty"}, "agency_id": {fmt.Sprint(env.Market.ID)},
		}, 422, []string{"至少填写一项法律依据", `value="DG-NEW-2"`}},
		{"item stale version", fmt.Sprintf("/staff/items/%d/edit", item.ID), loginAdmin, url.Values{
			"version": {"7"}, "code": {item.Code}, "name": {"改名后的事项"}, "category": {"penalty"}, "agency_id": {fmt.Sprint(env.Market.ID)},
			"basis.0.law": {"食品安全法"}, "basis.0.article": {"第一百二十四条"},
		}, 409, []string{"alert bad", `value="改名后的事项"`}},
		{"password mismatch", "/staff/password", loginOfficer, url.Values{
			"old_password": {testPassword}, "password": {"new-pass-123"}, "password2": {"new-pass-124"},
		}, 422, []string{`id="err-password2"`, "两次输入的新密码不一致", "!new-pass-12"}},
		{"password wrong old", "/staff/password", loginOfficer, url.Values{
			"old_password": {"nope-nope"}, "password": {"new-pass-123"}, "password2": {"new-pass-123"},
		}, 422, []string{`id="err-old_password"`, "原密码不正确"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := env.page(t, "POST", tt.path, tt.login, tt.form)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, res.Body)
			}
			body := string(res.Body)
			wantText(t, tt.name, body, append(tt.want, `role="alert"`, "<html")...)
		})
	}
}

// TestUIForbiddenPost checks that the app refuses a form the role may not submit, even
// when the form is posted directly.
func TestUIForbiddenPost(t *testing.T) {
	env := newTestEnv(t)
	o := env.City.Officer
	tests := []struct {
		path  string
		login string
		form  url.Values
	}{
		{"/staff/officers/new", loginOfficer, url.Values{"agency_id": {fmt.Sprint(env.Market.ID)}, "name": {"x"}, "id_number": {"11010519491231002X"}}},
		{fmt.Sprintf("/staff/officers/%d/reveal", o.ID), loginOfficer, url.Values{}},
		{fmt.Sprintf("/staff/officers/%d/certificates/%d/state", o.ID, env.City.Cert.ID), loginHead, url.Values{"state": {"revoked"}, "reason": {"x"}}},
		{"/staff/users/new", loginSupervisor, url.Values{"login": {"abc"}}},
	}
	for _, tt := range tests {
		res := env.page(t, "POST", tt.path, tt.login, tt.form)
		if res.Status != http.StatusForbidden {
			t.Errorf("%s as %s: %d, want 403", tt.path, tt.login, res.Status)
		}
	}
	if got := env.City.Cert.State; got != zhifa.CertValid {
		t.Fatalf("seed changed: %s", got)
	}
}

// TestUICreateFlows submits each form with good input and follows the redirect.
func TestUICreateFlows(t *testing.T) {
	env := newTestEnv(t)
	// Officer → certificate → training → yearly review.
	res := env.page(t, "POST", "/staff/officers/new", loginAdmin, url.Values{
		"agency_id": {fmt.Sprint(env.Market.ID)}, "name": {"陈晓明"}, "id_number": {"11010519491231002X"}, "phone": {"13912345678"},
		"domains": {"市场监管，食品安全"}, "exam_passed": {"1"}, "exam_date": {"2020-05-01"}, "active": {"1"}, "reviewer": {"1"},
	})
	officerURL := location(t, res)
	if !strings.HasPrefix(officerURL, "/staff/officers/") || flashOf(res) != "已新增执法人员 陈晓明" {
		t.Fatalf("create officer: %s %q", officerURL, flashOf(res))
	}
	page := string(env.page(t, "GET", officerURL, loginAdmin, nil).Body)
	wantText(t, "new officer", page, "陈晓明", "110105********002X", "139****5678", "市场监管", "食品安全", "!11010519491231002X", "!13912345678")

	res = env.page(t, "POST", officerURL+"/certificates/new", loginAdmin, url.Values{
		"number": {"东市监执100"}, "issuer": {"东港市人民政府"}, "valid_from": {"2026-01-01"}, "valid_until": {"2031-12-31"},
	})
	if location(t, res) != officerURL || flashOf(res) != "已发放执法证件 东市监执100" {
		t.Fatalf("issue certificate: %q", flashOf(res))
	}
	res = env.page(t, "POST", officerURL+"/trainings/new", loginAdmin, url.Values{
		"date": {"2026-02-10"}, "hours": {"12.5"}, "topic": {"执法文书制作"}, "kind": {"domain_law"},
	})
	if location(t, res) != officerURL+"#training" || flashOf(res) != "已登记培训 12.5 学时" {
		t.Fatalf("training: %q", flashOf(res))
	}
	page = string(env.page(t, "GET", officerURL, loginAdmin, nil).Body)
	wantText(t, "officer with certificate", page, "东市监执100", "执法文书制作", "<strong>12.5</strong>", "不足60学时")

	var certID int64
	v, err := env.App.Personnel().CheckCertificate(t.Context(), "东市监执100")
	if err != nil {
		t.Fatal(err)
	}
	certID = certIDOf(t, env, v.OfficerID)
	res = env.page(t, "POST", fmt.Sprintf("%s/certificates/%d/reviews/new", officerURL, certID), loginAdmin, url.Values{
		"year": {"2025"}, "passed": {"1"}, "date": {"2026-01-15"}, "note": {"年审合格"},
	})
	if location(t, res) != officerURL || flashOf(res) != "已登记2025年度年审" {
		t.Fatalf("review: %q", flashOf(res))
	}
	page = string(env.page(t, "GET", officerURL, loginAdmin, nil).Body)
	wantText(t, "officer with review", page, "年审合格", "2026年1月15日")

	// Agency.
	res = env.page(t, "POST", "/staff/agencies/new", loginAdmin, url.Values{
		"parent_id": {fmt.Sprint(env.Market.ID)}, "name": {"东港市市场监督管理局新区分局"}, "level": {"county"}, "type": {"administrative"},
		"region_code": {"210681"}, "legal_basis": {"市政府批复"}, "domains": {"市场监管"}, "review_body": {"东港市市场监督管理局"},
	})
	u := location(t, res)
	if !strings.HasPrefix(u, "/staff/agencies/") || flashOf(res) != "已新增执法机关" {
		t.Fatalf("create agency: %s %q", u, flashOf(res))
	}
	page = string(env.page(t, "GET", u, loginAdmin, nil).Body)
	wantText(t, "agency with its reconsideration body", page, "<dt>行政复议机关</dt><dd>东港市市场监督管理局</dd>")

	// User: create, then disable and reset the password.
	res = env.page(t, "POST", "/staff/users/new", loginAdmin, url.Values{
		"login": {"officer9"}, "name": {"新执法人员"}, "role": {"officer"}, "agency_id": {fmt.Sprint(env.Market.ID)}, "password": {"first-pass-1"},
	})
	if location(t, res) != "/staff/users" || flashOf(res) != "已新增用户 officer9" {
		t.Fatalf("create user: %q", flashOf(res))
	}
	users := string(env.page(t, "GET", "/staff/users", loginAdmin, nil).Body)
	wantText(t, "user list", users, "officer9", "新执法人员")
	id := userIDByLogin(t, env, "officer9")
	res = env.page(t, "POST", fmt.Sprintf("/staff/users/%d/edit", id), loginAdmin, url.Values{
		"name": {"新执法人员"}, "role": {"officer"}, "agency_id": {fmt.Sprint(env.Market.ID)}, "password": {"second-pass-2"}, "disabled": {"1"},
	})
	if location(t, res) != "/staff/users" || flashOf(res) != "已保存用户 officer9，密码已重置" {
		t.Fatalf("edit user: %q", flashOf(res))
	}
	res = env.page(t, "POST", "/login", "", url.Values{"login": {"officer9"}, "password": {"second-pass-2"}})
	// A disabled account answers like any failed login (issue 9 §4).
	wantText(t, "disabled login", string(res.Body), "登录名或密码错误", `value="officer9"`)

	// Item with two bases, then a new version; the old one stays readable.
	form := url.Values{
		"code": {"DG-NEW-9"}, "name": {"对未按规定公示食品经营许可证的处罚"}, "category": {"penalty"}, "agency_id": {fmt.Sprint(env.Market.ID)},
		"basis.0.law": {"食品安全法"}, "basis.0.article": {"第一百二十六条"}, "basis.0.text": {""},
		"basis.1.law": {"东港市食品安全条例"}, "basis.1.article": {"第十条"}, "basis.1.text": {"食品经营者应当在经营场所显著位置公示许可证。"},
		"basis.2.law": {""}, "basis.2.article": {""}, "basis.2.text": {""},
		"flowchart": {"立案\n调查\n决定"}, "guide.phone": {"0415-1234567"},
	}
	added := env.page(t, "POST", "/staff/items/new", loginAdmin, withValue(form, "action", "add_basis"))
	if added.Status != 200 {
		t.Fatalf("add basis row: %d", added.Status)
	}
	wantText(t, "add basis row", string(added.Body), `name="basis.3.law"`, `value="东港市食品安全条例"`, "!alert bad")
	res = env.page(t, "POST", "/staff/items/new", loginAdmin, withValue(form, "action", "save"))
	itemURL := location(t, res)
	page = string(env.page(t, "GET", itemURL, loginAdmin, nil).Body)
	wantText(t, "new item", page, "《中华人民共和国食品安全法》第一百二十六条", "#art-126", "东港市食品安全条例", "食品经营者应当在经营场所显著位置公示许可证。",
		`<ol class="flow"`, "<span>调查</span>", "第1版")
	edit := withValue(form, "name", "对未公示食品经营许可证的处罚")
	edit.Set("version", "1")
	edit.Set("note", "简化名称")
	res = env.page(t, "POST", itemURL+"/edit", loginAdmin, edit)
	if location(t, res) != itemURL || flashOf(res) != "已保存为第2版" {
		t.Fatalf("edit item: %q", flashOf(res))
	}
	page = string(env.page(t, "GET", itemURL, loginAdmin, nil).Body)
	wantText(t, "item v2", page, "对未公示食品经营许可证的处罚", "简化名称", itemURL+"/versions/1")
	old := string(env.page(t, "GET", itemURL+"/versions/1", loginAdmin, nil).Body)
	wantText(t, "item v1", old, "历史版本", "对未按规定公示食品经营许可证的处罚", "当前为第2版")

	// The change of password logs the user out of nothing but takes the new password.
	res = env.page(t, "POST", "/staff/password", loginOfficer, url.Values{"old_password": {testPassword}, "password": {"new-pass-123"}, "password2": {"new-pass-123"}})
	if location(t, res) != "/staff/" || flashOf(res) != "密码已修改" {
		t.Fatalf("change password: %q", flashOf(res))
	}
}

func withValue(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	return out
}

// certIDOf returns the ID of the newest certificate of an officer.
func certIDOf(t *testing.T, env *testEnv, officerID int64) int64 {
	t.Helper()
	ctx := appCtx(env.actor(t, loginAdmin))
	o, err := env.App.Personnel().Officer(ctx, officerID)
	if err != nil || len(o.Certificates) == 0 {
		t.Fatalf("officer %d: %v", officerID, err)
	}
	return o.Certificates[0].ID
}

// userIDByLogin returns the ID of an account.
func userIDByLogin(t *testing.T, env *testEnv, login string) int64 {
	t.Helper()
	users, err := env.App.Users(appCtx(env.actor(t, loginAdmin)))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Login == login {
			return u.ID
		}
	}
	t.Fatalf("no user %s", login)
	return 0
}

// TestUICertificateCheckFollowsState suspends a certificate through the workspace and
// checks that the public check page answers 暂扣 at once, then 有效 after restoring it.
func TestUICertificateCheckFollowsState(t *testing.T) {
	env := newTestEnv(t)
	o, c := env.City.Officer, env.City.Cert
	verdict := func(number string) string {
		body := string(env.page(t, "GET", "/cert/"+url.PathEscape(number), "", nil).Body)
		i := strings.Index(body, `class="verdict-label">`)
		if i < 0 {
			t.Fatalf("no verdict on the check page:\n%s", body)
		}
		rest := body[i+len(`class="verdict-label">`):]
		return rest[:strings.Index(rest, "<")]
	}
	if got := verdict(c.Number); got != "有效" {
		t.Fatalf("before: %q, want 有效", got)
	}
	statePath := fmt.Sprintf("/staff/officers/%d/certificates/%d/state", o.ID, c.ID)
	for _, step := range []struct{ state, reason, want, flash string }{
		{"suspended", "涉嫌违纪，暂扣执法证件", "暂扣", "执法证件 东市监执001 已暂扣"},
		{"valid", "调查结束，恢复执法证件", "有效", "执法证件 东市监执001 已恢复"},
		{"revoked", "违法执法，收缴执法证件", "收缴", "执法证件 东市监执001 已收缴"},
		{"cancelled", "调离执法岗位", "注销", "执法证件 东市监执001 已注销"},
	} {
		res := env.page(t, "POST", statePath, loginAdmin, url.Values{"state": {step.state}, "reason": {step.reason}})
		if location(t, res) != fmt.Sprintf("/staff/officers/%d", o.ID) || flashOf(res) != step.flash {
			t.Fatalf("%s: flash %q", step.state, flashOf(res))
		}
		if got := verdict(c.Number); got != step.want {
			t.Fatalf("after %s: %q, want %q", step.state, got, step.want)
		}
	}
	page := string(env.page(t, "GET", fmt.Sprintf("/staff/officers/%d", o.ID), loginAdmin, nil).Body)
	wantText(t, "history", page, "有效 → 暂扣", "暂扣 → 有效", "有效 → 收缴", "收缴 → 注销", "涉嫌违纪，暂扣执法证件")
	form := string(env.page(t, "GET", statePath, loginAdmin, nil).Body)
	wantText(t, "state form of a cancelled certificate", form, "不能再变更状态", "!确认变更")

	// A valid certificate past its validity answers 已过期.
	if got := verdict(env.County.Cert.Number); got != "有效" {
		t.Fatalf("county certificate: %q", got)
	}
	env.Clock.Advance(5 * 365 * 24 * time.Hour)
	if got := verdict(env.County.Cert.Number); got != "已过期" {
		t.Fatalf("county certificate in 2031: %q, want 已过期", got)
	}
}
