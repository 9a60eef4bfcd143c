package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"zhifa/web/kit"
)

// upload posts a file to an import page as login.
func (env *testEnv) upload(t *testing.T, path, login, filename, content string) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	req, err := http.NewRequest("POST", env.HTTP.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, login)})
	return env.send(t, req)
}

// TestUIImport uploads officer and item files through the import page.
func TestUIImport(t *testing.T) {
	env := newTestEnv(t)
	header := "姓名,身份证号,所属机关,执法领域,执法资格考试通过日期,证件编号,发证机关,有效期起,有效期止\n"
	tests := []struct {
		name, path, login, filename, content string
		status                               int
		want                                 []string
		flash, location                      string
	}{
		{"officers", "/staff/import/officers", loginAdmin, "officers.csv",
			header + "周一,11010519491231002X,东港市市场监督管理局,市场监管,2020-01-01,东市监执500,东港市人民政府,2025-01-01,2030-12-31\n",
			303, nil, "已导入执法人员1名，发放执法证件1个", "/staff/officers"},
		{"officers with bad rows", "/staff/import/officers", loginAdmin, "officers.csv",
			header + "周二,110105194912310021,东港市市场监督管理局,,,,,,\n周三,11010519491231002X,不存在的局,,,,,,\n",
			422, []string{"第2行", "身份证号", "第3行", "不存在的局", "未导入任何数据", `id="officers"`}, "", ""},
		{"no file", "/staff/import/items", loginAdmin, "", "", 422, []string{"请选择要导入的文件"}, "", ""},
		{"wrong header", "/staff/import/items", loginAdmin, "items.csv", "名称,编码\nx,y\n", 422, []string{"表头有误", "事项编码"}, "", ""},
		{"items", "/staff/import/items", loginAdmin, "items.csv",
			"事项编码,事项名称,事项类别,实施机关,法律名称,条款\nDG-IMP-1,对无证经营的处罚,处罚,东港市市场监督管理局,食品安全法,第一百二十二条\n",
			303, nil, "已导入执法事项1项", "/staff/items"},
		{"officer role", "/staff/import/items", loginOfficer, "items.csv", "事项编码\n", 403, []string{"无权访问"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := env.upload(t, tt.path, tt.login, tt.filename, tt.content)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%s", res.Status, tt.status, res.Body)
			}
			wantText(t, tt.name, string(res.Body), tt.want...)
			if tt.status == 303 && (flashOf(res) != tt.flash || res.Header.Get("Location") != tt.location) {
				t.Errorf("flash %q location %q", flashOf(res), res.Header.Get("Location"))
			}
		})
	}
	list := string(env.page(t, "GET", "/staff/officers?q=周", loginAdmin, nil).Body)
	wantText(t, "officers after import", list, "周一", "东市监执500", "!周二", "!周三")

	res := env.page(t, "GET", "/staff/import/officers.csv", loginAdmin, nil)
	if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(string(res.Body), "身份证号") {
		t.Errorf("template: %d %v", res.Status, res.Header)
	}
}
