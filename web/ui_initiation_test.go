package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
)

// TestUICaseInitiation: the filing wizard asks how an inspection was initiated, refuses
// an inspection without it next to its field, and the case page shows it (issue 13).
func TestUICaseInitiation(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	item, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-INSP-1", Name: "食品经营监督检查", Category: zhifa.CatInspection,
		AgencyID: env.Market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}})
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, "wizard", string(env.page(t, "GET", "/staff/cases/new", loginOfficer, nil).Body),
		`name="initiation"`, "检查启动方式", "双随机抽查", "投诉举报", "上级交办、转办", "依职权检查")
	f := caseWizardForm(env, env.City.Officer.ID, o2.ID)
	f.Set("kind", "inspection")
	f.Set("item", item.Code)
	res := env.page(t, "POST", "/staff/cases/new", loginOfficer, f)
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("inspection without initiation: status %d", res.Status)
	}
	wantText(t, "inspection without initiation", string(res.Body), `id="err-initiation"`, "行政检查案件应当选择检查启动方式")
	f.Set("initiation", string(zhifa.InitComplaint))
	target := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, f))
	if !strings.HasPrefix(target, "/staff/cases/") {
		t.Fatalf("filed: redirect to %s", target)
	}
	wantText(t, "case page", string(env.page(t, "GET", target, loginOfficer, nil).Body), `id="case-initiation">投诉举报`)
}
