package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/law"
	catalogweb "zhifa/web/catalog"
	"zhifa/web/kit"
	ledgerweb "zhifa/web/ledger"
	personnelweb "zhifa/web/personnel"
)

// validOfficer is a valid officer input of the agency; n varies the 身份证号.
func validOfficer(t testing.TB, agencyID int64, n int) personnel.OfficerInput {
	return personnel.OfficerInput{AgencyID: agencyID, Name: "测试人员", IDNumber: testPersonID(t, 100+n), Phone: "13912345678",
		ExamPassed: true, ExamDate: zhifa.MustDate("2021-01-01"), Active: true}
}

// validItem is a valid item input of the agency.
func validItem(agencyID int64, code string) catalog.ItemInput {
	return catalog.ItemInput{Code: code, Name: "测试事项", Category: zhifa.CatInspection, AgencyID: agencyID,
		Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}}}
}

func TestAPIBadInput(t *testing.T) {
	env := newTestEnv(t)
	officer := fmt.Sprintf("/api/v1/officers/%d", env.City.Officer.ID)
	long := strings.Repeat("长", 51)
	huge := `{"name":"` + strings.Repeat("x", kit.APIMaxBody) + `"}`
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
		msg    string // substring of the message
		field  string // a field that must be reported
	}{
		{"malformed json", "POST", "/api/v1/officers", `{"name": "张三",}`, 422, zhifa.EINVALID, "JSON 格式错误", ""},
		{"truncated json", "POST", "/api/v1/officers", `{"name": `, 422, zhifa.EINVALID, "JSON 不完整", ""},
		{"empty body", "POST", "/api/v1/officers", ``, 422, zhifa.EINVALID, "请求体为空", ""},
		{"array body", "POST", "/api/v1/officers", `[1,2]`, 422, zhifa.EINVALID, "JSON 对象", ""},
		{"null body", "POST", "/api/v1/officers", `null`, 422, zhifa.EINVALID, "JSON 对象", ""},
		{"two objects", "POST", "/api/v1/officers", `{}{}`, 422, zhifa.EINVALID, "多余内容", ""},
		{"invalid utf-8", "POST", "/api/v1/officers", "{\"name\": \"\xff\"}", 422, zhifa.EINVALID, "UTF-8", ""},
		{"string for integer", "POST", "/api/v1/officers", `{"agency_id": "市场局"}`, 422, zhifa.EINVALID, "字段“agency_id”", "agency_id"},
		{"fraction for integer", "POST", "/api/v1/officers", `{"agency_id": 1.5}`, 422, zhifa.EINVALID, "整数", "agency_id"},
		{"overflowing integer", "POST", "/api/v1/officers", `{"agency_id": 1e30}`, 422, zhifa.EINVALID, "整数", "agency_id"},
		{"number for string", "POST", "/api/v1/officers", `{"name": 12}`, 422, zhifa.EINVALID, "字符串", "name"},
		{"object for list", "POST", "/api/v1/officers", `{"domains": {"a": 1}}`, 422, zhifa.EINVALID, "数组", "domains"},
		{"string for bool", "POST", "/api/v1/officers", `{"reviewer": "yes"}`, 422, zhifa.EINVALID, "布尔值", "reviewer"},
		{"nested wrong type", "POST", "/api/v1/items", `{"basis": [{"law": 1}]}`, 422, zhifa.EINVALID, "basis", ""},
		{"number for date", "POST", "/api/v1/officers", `{"exam_date": 20200101}`, 422, zhifa.EINVALID, "日期", ""},
		{"bad date", "POST", "/api/v1/officers", `{"exam_date": "2020-13-45"}`, 422, zhifa.EINVALID, "YYYY-MM-DD", ""},
		{"body over 1 MiB", "POST", "/api/v1/officers", huge, 422, zhifa.EINVALID, "上限", ""},
		{"over-long name", "POST", "/api/v1/officers", personnel.OfficerInput{AgencyID: env.Market.ID, Name: long, IDNumber: testPersonID(t, 77)}, 422, zhifa.EINVALID, "", "name"},
		{"bad 身份证号", "POST", "/api/v1/officers", personnel.OfficerInput{AgencyID: env.Market.ID, Name: "张", IDNumber: "210681198001010000"}, 422, zhifa.EINVALID, "", "id_number"},
		{"over-long item basis", "POST", "/api/v1/items", catalog.ItemInput{Code: "X-1", Name: "n", Category: zhifa.CatOther, AgencyID: env.Market.ID,
			Basis: []zhifa.Basis{{Law: "某规章", Article: "第一条", Text: strings.Repeat("文", 4001)}}}, 422, zhifa.EINVALID, "", "basis.0.text"},
		{"bad article", "POST", "/api/v1/items", catalog.ItemInput{Code: "X-2", Name: "n", Category: zhifa.CatOther, AgencyID: env.Market.ID,
			Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第九千条"}}}, 422, zhifa.EINVALID, "", "basis.0.article"},
		{"unknown certificate state", "POST", fmt.Sprintf("/api/v1/certificates/%d/state", env.City.Cert.ID), `{"state": "lost", "reason": "x"}`, 422, zhifa.EINVALID, "", "state"},
		{"training in the future", "POST", officer + "/trainings", personnel.TrainingInput{Date: zhifa.MustDate("2027-01-01"), Hours: 1, Topic: "t", Kind: zhifa.TrainingDrill}, 422, zhifa.EINVALID, "", "date"},
		{"text content type", "POST", "/api/v1/login", nil, 422, zhifa.EINVALID, "application/json", ""},

		{"non-numeric id", "GET", "/api/v1/officers/abc", nil, 422, zhifa.EINVALID, "正整数", "id"},
		{"negative id", "GET", "/api/v1/officers/-1", nil, 422, zhifa.EINVALID, "", "id"},
		{"zero id", "GET", "/api/v1/items/0", nil, 422, zhifa.EINVALID, "", "id"},
		{"overflowing id", "GET", "/api/v1/agencies/99999999999999999999", nil, 422, zhifa.EINVALID, "", "id"},
		{"overflowing id in a write", "PUT", "/api/v1/items/99999999999999999999", `{}`, 422, zhifa.EINVALID, "", "id"},
		{"unknown officer", "GET", "/api/v1/officers/999999", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown item", "GET", "/api/v1/items/999999", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown item versions", "GET", "/api/v1/items/999999/versions", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown agency", "GET", "/api/v1/agencies/999999", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown user", "GET", "/api/v1/users/999999", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown certificate", "POST", "/api/v1/certificates/999999/state", `{"state": "suspended", "reason": "调查"}`, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown certificate review", "POST", "/api/v1/certificates/999999/annual-reviews", `{"year": 2025, "passed": true}`, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown officer update", "PUT", "/api/v1/officers/999999", validOfficer(t, env.Market.ID, 1), 404, zhifa.ENOTFOUND, "", ""},
		{"unknown public certificate", "GET", "/api/v1/public/certificates/NOPE-1", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown public item", "GET", "/api/v1/public/items/NOPE-1", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown public officer", "GET", "/api/v1/public/officers/999999", nil, 404, zhifa.ENOTFOUND, "", ""},
		{"unknown api path", "GET", "/api/v1/nothing-here", nil, 404, zhifa.ENOTFOUND, "", ""},

		{"limit zero", "GET", "/api/v1/officers?limit=0", nil, 422, zhifa.EINVALID, "", "limit"},
		{"limit too large", "GET", "/api/v1/items?limit=201", nil, 422, zhifa.EINVALID, "", "limit"},
		{"limit not a number", "GET", "/api/v1/public/items?limit=ten", nil, 422, zhifa.EINVALID, "", "limit"},
		{"negative offset", "GET", "/api/v1/public/officers?offset=-1", nil, 422, zhifa.EINVALID, "", "offset"},
		{"bad agency filter", "GET", "/api/v1/officers?agency_id=x", nil, 422, zhifa.EINVALID, "", "agency_id"},
		{"bad reviewer filter", "GET", "/api/v1/officers?reviewer=maybe", nil, 422, zhifa.EINVALID, "", "reviewer"},
		{"bad category filter", "GET", "/api/v1/items?category=tax", nil, 422, zhifa.EINVALID, "", "category"},
		{"over-long query", "GET", "/api/v1/items?q=" + strings.Repeat("a", 101), nil, 422, zhifa.EINVALID, "", "q"},
		{"bad warning year", "GET", "/api/v1/warnings?year=1999", nil, 422, zhifa.EINVALID, "", "year"},
		{"audit page too large", "GET", "/api/v1/audit?limit=501", nil, 422, zhifa.EINVALID, "", "limit"},
		{"item update without version", "PUT", fmt.Sprintf("/api/v1/items/%d", env.City.Item.ID), validItem(env.Market.ID, env.City.Item.Code), 422, zhifa.EINVALID, "", "version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := env.newRequest(t, tt.method, tt.path, tt.body)
			req.Header.Set("Authorization", "Bearer "+env.token(t, loginAdmin))
			if tt.name == "text content type" {
				req.Body, req.ContentLength = http.NoBody, 0
				req.Header.Set("Content-Type", "text/plain")
			}
			res := env.send(t, req)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, res.Body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			e := res.Error()
			if e.Code != tt.code {
				t.Errorf("code %q, want %q: %s", e.Code, tt.code, res.Body)
			}
			if !strings.Contains(e.Message+fmt.Sprint(e.Fields), tt.msg) {
				t.Errorf("message %q (fields %v) lacks %q", e.Message, e.Fields, tt.msg)
			}
			if tt.field != "" && e.Fields[tt.field] == "" {
				t.Errorf("fields %v lack %q", e.Fields, tt.field)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
		})
	}
}

func TestAPIConflicts(t *testing.T) {
	env := newTestEnv(t)
	officer := fmt.Sprintf("/api/v1/officers/%d", env.BranchOfficer.ID)
	cert := personnel.CertInput{Number: env.City.Cert.Number, Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-01-01")}
	res := env.api(t, "POST", officer+"/certificates", loginAdmin, cert)
	if res.Status != http.StatusConflict || res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("duplicate certificate number: %d %s", res.Status, res.Body)
	}
	cert.Number = "东市监执002"
	var issued zhifa.Certificate
	env.apiOK(t, http.StatusCreated, "POST", officer+"/certificates", loginAdmin, cert, &issued)
	if issued.Number != cert.Number || issued.OfficerID != env.BranchOfficer.ID || issued.State != zhifa.CertValid {
		t.Errorf("issued %+v", issued)
	}

	// An officer without exam or legal qualification cannot get a certificate (EGATE).
	in := validOfficer(t, env.Market.ID, 1)
	in.ExamPassed, in.ExamDate = false, zhifa.Date{}
	var created personnel.OfficerView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/officers", loginAdmin, in, &created)
	cert.Number = "东市监执003"
	res = env.api(t, "POST", fmt.Sprintf("/api/v1/officers/%d/certificates", created.ID), loginAdmin, cert)
	if res.ErrorCode() != zhifa.EGATE || res.Error().Rule == "" || res.Status/100 != 4 {
		t.Errorf("certificate without exam: %d %s", res.Status, res.Body)
	}
	// The same 身份证号 twice.
	if res := env.api(t, "POST", "/api/v1/officers", loginAdmin, in); res.Status != http.StatusConflict {
		t.Errorf("duplicate 身份证号: %d %s", res.Status, res.Body)
	}

	// Items: duplicate code, then optimistic locking.
	if res := env.api(t, "POST", "/api/v1/items", loginAdmin, validItem(env.Market.ID, env.City.Item.Code)); res.Status != http.StatusConflict || res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("duplicate item code: %d %s", res.Status, res.Body)
	}
	var item catalog.ItemView
	env.apiOK(t, http.StatusCreated, "POST", "/api/v1/items", loginAdmin, validItem(env.Market.ID, "DG-NEW-1"), &item)
	path := fmt.Sprintf("/api/v1/items/%d", item.ID)
	edit := validItem(env.Market.ID, "DG-NEW-1")
	edit.Version, edit.Name, edit.Note = item.Version, "改名后的事项", "第一次修改"
	var v2 catalog.ItemView
	env.apiOK(t, http.StatusOK, "PUT", path, loginAdmin, edit, &v2)
	if v2.Version != item.Version+1 || v2.Name != "改名后的事项" {
		t.Errorf("after update: version %d name %q", v2.Version, v2.Name)
	}
	edit.Name = "基于旧版本的修改"
	if res := env.api(t, "PUT", path, loginAdmin, edit); res.Status != http.StatusConflict || res.ErrorCode() != zhifa.ECONFLICT {
		t.Errorf("stale version: %d %s", res.Status, res.Body)
	}
	var versions catalogweb.VersionList
	env.apiOK(t, http.StatusOK, "GET", path+"/versions", loginAdmin, nil, &versions)
	if versions.Total != 2 || len(versions.Versions) != 2 || versions.Versions[0].Item.Name != "改名后的事项" {
		t.Errorf("versions %s", mustJSON(versions))
	}
}

func TestAPITokenLifecycle(t *testing.T) {
	env := newTestEnv(t)
	var ok loginResponse
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/login", "", loginRequest{Login: loginSupervisor, Password: testPassword}, &ok)
	me := func(token string) *response {
		req := env.newRequest(t, "GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return env.send(t, req)
	}
	res := me(ok.Token)
	var m meResponse
	res.JSON(t, &m)
	if res.Status != http.StatusOK || m.User == nil || m.Login != loginSupervisor || m.AgencyName != env.Justice.Name || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("me: %d %s", res.Status, res.Body)
	}
	if !containsPerm(m.Permissions, app.PermReadAudit) || containsPerm(m.Permissions, app.PermManageOfficers) {
		t.Errorf("supervisor permissions %v", m.Permissions)
	}
	for _, bad := range []string{"", "garbage", strings.Repeat("x", 500), ok.Token + "x"} {
		if res := me(bad); res.Status != http.StatusUnauthorized || res.ErrorCode() != zhifa.EUNAUTHORIZED {
			t.Errorf("token %.10q: %d %s", bad, res.Status, res.Body)
		}
	}
	// A browser session is not an API token.
	if res := me(env.login(t, loginSupervisor, zhifa.SessionUI)); res.Status != http.StatusUnauthorized {
		t.Errorf("UI session as bearer token: %d", res.Status)
	}
	req := env.newRequest(t, "POST", "/api/v1/logout", nil)
	req.Header.Set("Authorization", "Bearer "+ok.Token)
	if res := env.send(t, req); res.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", res.Status, res.Body)
	}
	if res := me(ok.Token); res.Status != http.StatusUnauthorized {
		t.Errorf("token after logout: %d %s", res.Status, res.Body)
	}
	// A token lasts 12 hours.
	tok := env.login(t, loginAdmin, zhifa.SessionAPI)
	env.Clock.Advance(app.APITokenLifetime - time.Minute)
	if res := me(tok); res.Status != http.StatusOK {
		t.Errorf("token before its end: %d", res.Status)
	}
	env.Clock.Advance(2 * time.Minute)
	if res := me(tok); res.Status != http.StatusUnauthorized || res.ErrorCode() != zhifa.EUNAUTHORIZED {
		t.Errorf("expired token: %d %s", res.Status, res.Body)
	}
}

func containsPerm(list []app.Permission, p app.Permission) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

func TestAPIPersonalData(t *testing.T) {
	env := newTestEnv(t)
	o := env.City.Officer
	path := fmt.Sprintf("/api/v1/officers/%d", o.ID)
	full := testPersonID(t, 1) // the first seeded officer's

	res := env.apiOK(t, http.StatusOK, "GET", path, loginAdmin, nil, nil)
	var v personnel.OfficerView
	res.JSON(t, &v)
	if v.IDNumber != "" || !strings.Contains(v.IDMasked, "*") || strings.Contains(string(res.Body), full) || !strings.Contains(v.Phone, "*") {
		t.Errorf("officer view is not masked: %s", res.Body)
	}
	list := env.apiOK(t, http.StatusOK, "GET", "/api/v1/officers", loginAdmin, nil, nil)
	if strings.Contains(string(list.Body), full) || strings.Contains(string(list.Body), "13800138001") {
		t.Errorf("officer list leaks personal data: %s", list.Body)
	}
	for _, p := range []string{"/api/v1/public/officers", fmt.Sprintf("/api/v1/public/officers/%d", o.ID), "/api/v1/public/certificates/" + env.City.Cert.Number} {
		res := env.apiOK(t, http.StatusOK, "GET", p, "", nil, nil)
		if strings.Contains(string(res.Body), full[:14]) || strings.Contains(string(res.Body), "id_number") || strings.Contains(string(res.Body), "id_masked") || strings.Contains(string(res.Body), "phone") {
			t.Errorf("%s leaks personal data: %s", p, res.Body)
		}
	}

	var personal zhifa.Officer
	res = env.apiOK(t, http.StatusOK, "GET", path+"/personal", loginAdmin, nil, &personal)
	if personal.IDNumber != full || personal.Phone != "13800138001" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("personal data: %+v", personal)
	}
	for _, login := range []string{loginOfficer, loginReviewer} {
		if res := env.api(t, "GET", path+"/personal", login, nil); res.Status != http.StatusForbidden {
			t.Errorf("%s reads personal data: %d", login, res.Status)
		}
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/officers/%d/personal", env.County.Officer.ID), loginAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("admin reads another government's officer: %d", res.Status)
	}

	// The read is in the audit log, for the admin and for the city's supervisor.
	object := fmt.Sprintf("officer/%d", o.ID)
	for _, login := range []string{loginAdmin, loginSupervisor} {
		var audit ledgerweb.AuditList
		env.apiOK(t, http.StatusOK, "GET", "/api/v1/audit?action=officer.read_personal&object="+object, login, nil, &audit)
		if audit.Total != 1 || len(audit.Entries) != 1 || audit.Entries[0].Login != loginAdmin || !audit.Entries[0].Success || audit.Entries[0].IP == "" {
			t.Errorf("audit as %s: %+v", login, audit)
		}
	}
	var countyAudit ledgerweb.AuditList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/audit?object="+object, loginCountyAdmin, nil, &countyAudit)
	if countyAudit.Total != 0 {
		t.Errorf("the county's admin reads the city's audit log: %+v", countyAudit)
	}
	if res := env.api(t, "GET", "/api/v1/audit", loginOfficer, nil); res.Status != http.StatusForbidden {
		t.Errorf("officer reads the audit log: %d", res.Status)
	}
}

func TestAPIPermissionsAndScope(t *testing.T) {
	env := newTestEnv(t)
	if res := env.api(t, "POST", "/api/v1/items", loginOfficer, validItem(env.Market.ID, "OFF-1")); res.Status != http.StatusForbidden || res.ErrorCode() != zhifa.EFORBIDDEN {
		t.Errorf("officer creates an item: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", "/api/v1/items", "", validItem(env.Market.ID, "PUB-1")); res.Status != http.StatusUnauthorized {
		t.Errorf("public creates an item: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", "/api/v1/officers", loginSupervisor, validOfficer(t, env.Market.ID, 5)); res.Status != http.StatusForbidden {
		t.Errorf("supervisor creates an officer: %d %s", res.Status, res.Body)
	}

	// The justice bureau's supervisor reads every bureau of the city, not the county.
	var list personnel.OfficerList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/officers?limit=200", loginSupervisor, nil, &list)
	ids := map[int64]bool{}
	for _, o := range list.Officers {
		ids[o.ID] = true
	}
	if !ids[env.City.Officer.ID] || !ids[env.BranchOfficer.ID] || !ids[env.EcologyOfficer.ID] || ids[env.County.Officer.ID] || list.Total != 3 {
		t.Errorf("supervisor's officers: %v (total %d)", ids, list.Total)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/officers/%d", env.City.Officer.ID), loginSupervisor, nil, nil)
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/officers?agency_id=%d", env.Market.ID), loginSupervisor, nil, &list)
	if list.Total != 1 || list.Officers[0].ID != env.City.Officer.ID {
		t.Errorf("supervisor filtering the market bureau: %+v", list)
	}
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/officers/%d", env.County.Officer.ID), loginSupervisor, nil); res.Status != http.StatusNotFound {
		t.Errorf("supervisor reads the county's officer: %d", res.Status)
	}
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/officers?agency_id=%d", env.CountyMarket.ID), loginSupervisor, nil, &list)
	if list.Total != 0 || len(list.Officers) != 0 {
		t.Errorf("supervisor lists the county's officers: %+v", list)
	}
	// The market bureau's admin sees its sub-unit, not the ecology bureau.
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/officers", loginAdmin, nil, &list)
	if list.Total != 2 {
		t.Errorf("market admin's officers: %d, want 2", list.Total)
	}
	// Reviewer filter.
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/officers?reviewer=true", loginAdmin, nil, &list)
	if list.Total != 0 || list.Officers == nil {
		t.Errorf("reviewers: %+v", list)
	}
	var agencies personnelweb.AgencyList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/agencies", loginSupervisor, nil, &agencies)
	if agencies.Total != 5 {
		t.Errorf("supervisor's agencies: %d, want the city's 5", agencies.Total)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/agencies?limit=2&offset=6", "", nil, &agencies)
	if agencies.Total != 7 || len(agencies.Agencies) != 1 {
		t.Errorf("public agencies page: total %d, %d on the page", agencies.Total, len(agencies.Agencies))
	}
	// The county's admin cannot change the city's objects.
	up := validOfficer(t, env.Market.ID, 6)
	if res := env.api(t, "PUT", fmt.Sprintf("/api/v1/officers/%d", env.City.Officer.ID), loginCountyAdmin, up); res.Status != http.StatusNotFound {
		t.Errorf("county admin updates a city officer: %d %s", res.Status, res.Body)
	}
	// Training: a head records it, an officer cannot, and the officer's view lists it.
	path := fmt.Sprintf("/api/v1/officers/%d/trainings", env.City.Officer.ID)
	tr := personnel.TrainingInput{Date: zhifa.MustDate("2026-02-01"), Hours: 4.5, Topic: "食品安全法", Kind: zhifa.TrainingDomainLaw}
	if res := env.api(t, "POST", path, loginOfficer, tr); res.Status != http.StatusForbidden {
		t.Errorf("officer records training: %d", res.Status)
	}
	env.apiOK(t, http.StatusCreated, "POST", path, loginHead, tr, nil)
	var trainings personnelweb.TrainingList
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &trainings)
	if trainings.Total != 2 || len(trainings.ByYear) != 1 || trainings.ByYear[0].Hours != 12.5 || !trainings.ByYear[0].Short {
		t.Errorf("trainings %+v", trainings)
	}
	var warnings personnelweb.WarningList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/warnings", loginHead, nil, &warnings)
	if warnings.Year != 2026 || warnings.Total == 0 || warnings.Total != len(warnings.Warnings) {
		t.Errorf("warnings %+v", warnings)
	}
	// Certificate state: suspension is visible to the public check.
	var c zhifa.Certificate
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/certificates/%d/state", env.City.Cert.ID), loginAdmin, personnelweb.CertStateRequest{State: zhifa.CertSuspended, Reason: "涉嫌违纪，暂扣"}, &c)
	var check personnel.CertCheck
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/certificates/"+env.City.Cert.Number, "", nil, &check)
	if c.State != zhifa.CertSuspended || check.Valid || check.State != zhifa.CertSuspended {
		t.Errorf("suspended certificate: %+v, check %+v", c, check)
	}
	var rev zhifa.AnnualReview
	env.apiOK(t, http.StatusCreated, "POST", fmt.Sprintf("/api/v1/certificates/%d/annual-reviews", env.City.Cert.ID), loginAdmin, personnel.AnnualReviewInput{Year: 2025, Passed: true}, &rev)
	if rev.CertID != env.City.Cert.ID || rev.Date != zhifa.MustDate("2026-03-02") {
		t.Errorf("annual review %+v", rev)
	}
}

func TestAPIPublic(t *testing.T) {
	env := newTestEnv(t)
	var items catalog.ItemList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/items", "", nil, &items)
	if items.Total != 2 {
		t.Errorf("public items: %d, want both governments' 2", items.Total)
	}
	// The answer is the public's even with a token.
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/items", loginCountyOfficer, nil, &items)
	if items.Total != 2 {
		t.Errorf("public items with a county token: %d", items.Total)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/items", loginCountyOfficer, nil, &items)
	if items.Total != 1 || items.Items[0].Code != env.County.Item.Code {
		t.Errorf("staff items of the county: %+v", items)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/items?category=行政处罚&q=DG-SC", "", nil, &items)
	if items.Total != 1 || items.Items[0].AgencyName != env.Market.Name {
		t.Errorf("filtered public items: %+v", items)
	}
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/items?category=license", "", nil, &items)
	if items.Total != 0 || items.Items == nil {
		t.Errorf("no licences: %s", mustJSON(items))
	}
	var item catalog.ItemView
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/items/"+env.City.Item.Code, "", nil, &item)
	if item.ID != env.City.Item.ID || len(item.Basis) != 1 || item.Basis[0].Text == "" {
		t.Errorf("public item %+v", item)
	}
	var check personnel.CertCheck
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/certificates/"+env.County.Cert.Number, "", nil, &check)
	if !check.Valid || check.Officer != env.County.Officer.Name || check.CheckedOn != zhifa.MustDate("2026-03-02") {
		t.Errorf("certificate check %+v", check)
	}
	var officers personnelweb.PublicOfficerList
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/officers?agency_id=%d", env.Market.ID), "", nil, &officers)
	if officers.Total != 1 || officers.Officers[0].CertNumber != env.City.Cert.Number {
		t.Errorf("public officers %+v", officers)
	}
	var ag zhifa.Agency
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/public/agencies/%d", env.CountyMarket.ID), loginAdmin, nil, &ag)
	if ag.Name != env.CountyMarket.Name {
		t.Errorf("public agency %+v", ag)
	}
	// The staff route is scoped.
	if res := env.api(t, "GET", fmt.Sprintf("/api/v1/agencies/%d", env.CountyMarket.ID), loginAdmin, nil); res.Status != http.StatusNotFound {
		t.Errorf("staff agency of another government: %d", res.Status)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// multipartBody builds a multipart form with the file in the part field.
func multipartBody(t testing.TB, field, filename string, data []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.WriteField("note", "ignored"); err != nil {
		t.Fatal(err)
	}
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

func TestAPIImport(t *testing.T) {
	env := newTestEnv(t)
	upload := func(path, login, field, filename string, data []byte) *response {
		t.Helper()
		ct, body := multipartBody(t, field, filename, data)
		req := env.newRequest(t, "POST", path, body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
		return env.send(t, req)
	}
	officers := "\uFEFF姓名,身份证号,所属机关,执法资格考试通过日期,证件编号,发证机关,有效期起,有效期止\r\n" +
		"导入甲," + testPersonID(t, 201) + "," + env.Market.Name + ",2020-01-01,东市监执101,东港市人民政府,2025-01-01,2030-01-01\r\n" +
		"导入乙," + testPersonID(t, 202) + "," + env.MarketBranch.Name + ",,,,,\r\n"
	res := upload("/api/v1/officers/import", loginAdmin, "file", "人员.csv", []byte(officers))
	var out app.ImportResult
	if res.Status != http.StatusCreated {
		t.Fatalf("officer import: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &out)
	if out.Rows != 2 || len(out.IDs) != 2 || out.Certificates != 1 {
		t.Errorf("officer import result %+v", out)
	}
	var check personnel.CertCheck
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/public/certificates/东市监执101", "", nil, &check)

	// The same file again: every row is a duplicate, nothing is imported.
	res = upload("/api/v1/officers/import", loginAdmin, "file", "人员.csv", []byte(officers))
	e := res.Error()
	if res.Status != 422 || e.Code != zhifa.EINVALID || !strings.Contains(e.Fields["第2行"], "已存在") || !strings.Contains(e.Fields["第3行"], "已存在") {
		t.Errorf("duplicate import: %d %s", res.Status, res.Body)
	}
	if res := upload("/api/v1/officers/import", loginOfficer, "file", "人员.csv", []byte(officers)); res.Status != http.StatusForbidden {
		t.Errorf("officer imports officers: %d %s", res.Status, res.Body)
	}
	if res := upload("/api/v1/items/import", loginSupervisor, "file", "事项.csv", []byte("事项编码\n")); res.Status != http.StatusForbidden {
		t.Errorf("supervisor imports items: %d %s", res.Status, res.Body)
	}
	if res := upload("/api/v1/officers/import", loginAdmin, "upload", "人员.csv", []byte(officers)); res.Status != 422 || res.Error().Fields["file"] == "" {
		t.Errorf("wrong field name: %d %s", res.Status, res.Body)
	}
	if res := env.api(t, "POST", "/api/v1/items/import", loginAdmin, `{"file": "x"}`); res.Status != 422 || !strings.Contains(res.Error().Message, "multipart") {
		t.Errorf("JSON instead of multipart: %d %s", res.Status, res.Body)
	}
	big := bytes.Repeat([]byte("a"), app.MaxImportSize+100)
	if res := upload("/api/v1/items/import", loginAdmin, "file", "big.csv", big); res.Status != 422 || !strings.Contains(res.Error().Message, "MiB") {
		t.Errorf("file over the limit: %d %.200s", res.Status, res.Body)
	}
	items := "事项编码,事项名称,事项类别,实施机关,法律名称,条款\n" +
		"DG-IMP-1,导入事项,行政检查," + env.Market.Name + ",食品安全法,第一百二十四条\n"
	res = upload("/api/v1/items/import", loginAdmin, "file", "事项.csv", []byte(items))
	if res.Status != http.StatusCreated {
		t.Fatalf("item import: %d %s", res.Status, res.Body)
	}
	var audit ledgerweb.AuditList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/audit?action=item.import", loginAdmin, nil, &audit)
	if audit.Total != 1 || !strings.Contains(audit.Entries[0].Detail, "1行") {
		t.Errorf("item.import audit %+v", audit)
	}
	for _, p := range []string{"/api/v1/officers/import/template", "/api/v1/items/import/template"} {
		res := env.apiOK(t, http.StatusOK, "GET", p, loginOfficer, nil, nil)
		if !bytes.HasPrefix(res.Body, []byte("\uFEFF")) || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || bytes.Count(res.Body, []byte("\n")) != 1 {
			t.Errorf("%s: %v %q", p, res.Header, res.Body)
		}
	}
}

func TestOpenAPI(t *testing.T) {
	env := newTestEnv(t)
	res := env.apiOK(t, http.StatusOK, "GET", "/api/v1/openapi.json", "", nil, nil)
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	res.JSON(t, &doc)
	if doc.OpenAPI != "3.1.0" || doc.Components.SecuritySchemes["bearerAuth"] == nil || doc.Components.Schemas["Error"] == nil {
		t.Fatalf("document head: %s %v", doc.OpenAPI, doc.Components.SecuritySchemes)
	}
	registered := map[string]kit.Route{}
	for _, rt := range env.Server.Routes() {
		if !rt.API {
			if strings.HasPrefix(rt.Pattern, kit.APIPrefix) {
				t.Errorf("page route %s %s under the API prefix", rt.Method, rt.Pattern)
			}
			continue
		}
		key := strings.ToLower(rt.Method) + " " + rt.Pattern
		registered[key] = rt
		op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("route %s %s is not documented", rt.Method, rt.Pattern)
			continue
		}
		if op["summary"] != rt.Summary || op["summary"] == "" {
			t.Errorf("%s: summary %q, route says %q", key, op["summary"], rt.Summary)
		}
		_, public := op["security"]
		if public != (rt.Perm == app.PermPublic) {
			t.Errorf("%s: security override %v, route permission %s", key, op["security"], rt.Perm)
		}
		if _, ok := op["responses"].(map[string]any)["default"]; !ok {
			t.Errorf("%s: no default (error) response", key)
		}
		// Every path parameter is declared.
		declared := map[string]bool{}
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			p := p.(map[string]any)
			if p["in"] == "path" {
				declared[p["name"].(string)] = true
			}
		}
		for _, name := range apiPathParams(rt.Pattern) {
			if !declared[name] {
				t.Errorf("%s: path parameter %s not declared", key, name)
			}
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if _, ok := registered[method+" "+path]; !ok {
				t.Errorf("documented %s %s is not registered", method, path)
			}
		}
	}
	// Every reference resolves.
	var refs func(v any)
	refs = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "$ref" {
					name, ok := strings.CutPrefix(s, "#/components/schemas/")
					if ok && doc.Components.Schemas[name] == nil {
						t.Errorf("dangling reference %s", s)
					}
					continue
				}
				refs(x)
			}
		case []any:
			for _, x := range v {
				refs(x)
			}
		}
	}
	var raw any
	res.JSON(t, &raw)
	refs(raw)
	// The main types are described, flattened as encoding/json writes them.
	view, _ := doc.Components.Schemas["OfficerView"].(map[string]any)
	props, _ := view["properties"].(map[string]any)
	for _, p := range []string{"id", "name", "id_masked", "agency_name", "certificates", "exam_date"} {
		if props[p] == nil {
			t.Errorf("OfficerView lacks %s: %v", p, props)
		}
	}
	if _, ok := props["IDNumber"]; ok {
		t.Error("OfficerView shows a Go field name")
	}
	if len(doc.Paths) < 30 {
		t.Errorf("only %d paths documented", len(doc.Paths))
	}
	t.Logf("%d paths, %d schemas, %d bytes", len(doc.Paths), len(doc.Components.Schemas), len(res.Body))
}

// TestOpenAPICaseActions: each case step's body is its own schema (oneOf by action) with
// the fields its steps read, amounts in fen with their unit, and the law's enums; every
// steps tag of app.ActionInput names a real step (issue 16).
func TestOpenAPICaseActions(t *testing.T) {
	t.Parallel()
	doc := openAPIDoc([]kit.APIOp{{Route: kit.Route{Method: "POST", Pattern: kit.APIPrefix + "/cases/{id}/actions/{action}", Perm: app.PermStaff, API: true, Summary: "办案操作"},
		Body: app.ActionInput{}}})
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	body := doc["paths"].(map[string]map[string]any)[kit.APIPrefix+"/cases/{id}/actions/{action}"]["post"].(map[string]any)["requestBody"].(map[string]any)
	oneOf := body["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)["oneOf"].([]any)
	if len(oneOf) != len(law.Actions()) {
		t.Fatalf("%d schemas for %d actions", len(oneOf), len(law.Actions()))
	}
	props := func(name string) (map[string]any, []string) {
		c := comps[name].(map[string]any)
		return c["properties"].(map[string]any), c["required"].([]string)
	}
	tests := []struct {
		schema   string
		has      []string
		lacks    []string
		required []string
	}{
		{"CaseActionPropose", []string{"version", "fine", "penalties", "goods_value", "reason"}, []string{"service", "hearing", "days"}, []string{"version", "reason"}},
		{"CaseActionServe", []string{"version", "service", "date"}, []string{"fine", "penalties", "review"}, []string{"version"}},
		{"CaseActionExtend", []string{"days", "clock", "by_discussion"}, []string{"fine"}, []string{"version", "reason"}},
		{"CaseActionReviewOpinion", []string{"review"}, []string{"transfer", "fine"}, []string{"version"}},
	}
	for _, tt := range tests {
		p, req := props(tt.schema)
		for _, f := range tt.has {
			if p[f] == nil {
				t.Errorf("%s lacks %s", tt.schema, f)
			}
		}
		for _, f := range tt.lacks {
			if p[f] != nil {
				t.Errorf("%s has %s, which its step does not read", tt.schema, f)
			}
		}
		if !slices.Equal(req, tt.required) {
			t.Errorf("%s requires %v, want %v", tt.schema, req, tt.required)
		}
	}
	p, _ := props("CaseActionPropose")
	if fine := p["fine"].(map[string]any); fine["minimum"] != 0 || !strings.Contains(fine["description"].(string), "分") {
		t.Errorf("fine: %v, want an amount in fen", fine)
	}
	if pen := p["penalties"].(map[string]any)["items"].(map[string]any); !slices.Equal(pen["enum"].([]string), law.PenaltyKinds) {
		t.Errorf("penalties: %v, want the kinds of 行政处罚法第九条", pen)
	}
	// Every steps tag names steps that exist.
	at := reflect.TypeOf(app.ActionInput{})
	for i := 0; i < at.NumField(); i++ {
		f := at.Field(i)
		steps, ok := f.Tag.Lookup("steps")
		if !ok {
			continue
		}
		for _, a := range strings.Split(steps, ",") {
			if !slices.Contains(law.Actions(), zhifa.Action(a)) {
				t.Errorf("ActionInput.%s: steps tag names %q, which is no step", f.Name, a)
			}
		}
	}
}

func TestAPIWorkdays(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		// 3 working days after 2026-09-30 across 国庆节 2026 (10-10 is a make-up Saturday).
		{"/api/v1/workdays/add?from=2026-09-30&days=3", 200, `"due":"2026-10-10","provisional":false`},
		// 2027 has no notice: 元旦 is a statutory holiday in any year, the Monday is provisional.
		{"/api/v1/workdays/add?from=2026-12-31&days=1", 200, `"due":"2027-01-04","provisional":true`},
		{"/api/v1/workdays/2026-10-01", 200, `"kind":"法定节假日"`},
		{"/api/v1/workdays/2026-10-10", 200, `"workday":true`},
		{"/api/v1/workdays/add?from=2026-02-30&days=1", 422, `"from"`},
		{"/api/v1/workdays/add?from=2026-02-03", 422, `"days"`},
		{"/api/v1/workdays/add?from=2026-02-03&days=x", 422, `"days"`},
		{"/api/v1/workdays/add?from=2026-02-03&days=99999", 422, `"days"`},
		{"/api/v1/workdays/20261001", 422, `"date"`},
		{"/api/v1/workdays/add?from=9999-12-31&days=3650", 422, `"from"`},
		{"/api/v1/workdays/add?from=2100-12-01&days=3650", 422, `"days"`},
		{"/api/v1/workdays/add?from=1990-01-01&days=3", 422, `"from"`},
		{"/api/v1/workdays/9999-12-31", 422, `"date"`},
	}
	for _, tt := range tests {
		res := env.api(t, "GET", tt.path, "", nil)
		if res.Status != tt.status || !strings.Contains(string(res.Body), tt.want) {
			t.Errorf("GET %s = %d %s; want %d containing %s", tt.path, res.Status, res.Body, tt.status, tt.want)
		}
	}
}
