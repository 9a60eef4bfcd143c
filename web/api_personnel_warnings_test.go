package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	personnelweb "zhifa/web/personnel"
)

// TestPersonnelWarningsPaged: with more officers short of training hours than a page
// lists (app.TrainingShortRead), GET /api/v1/warnings says so (next, total_capped) and
// pages on by after until every shortfall of the scope was listed once, the county's
// officers never among them; the landing page shows the count as 至少 (issue 11).
func TestPersonnelWarningsPaged(t *testing.T) {
	env := newTestEnv(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	for i := range app.TrainingShortRead + 20 {
		agency := env.Market.ID
		if i%10 == 0 {
			agency = env.CountyMarket.ID
		}
		_, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: agency, Name: "周" + string(rune('甲'+i%10)),
			IDNumber: testPersonID(t, 300+i), Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int64]bool{}
	pages := 0
	for after := int64(0); ; pages++ {
		var list personnelweb.WarningList
		env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/warnings?after=%d", after), loginHead, nil, &list)
		for _, w := range list.Warnings {
			if w.AgencyID == env.CountyMarket.ID {
				t.Fatalf("the county's warning listed to the city's head: %+v", w)
			}
			if w.Kind != app.WarnTrainingShort {
				continue
			}
			if seen[w.OfficerID] {
				t.Fatalf("officer %d listed twice", w.OfficerID)
			}
			seen[w.OfficerID] = true
		}
		if list.TotalCapped != (list.Next != 0) || list.Total != len(list.Warnings) {
			t.Fatalf("page after %d: next %d, total %d capped %v of %d", after, list.Next, list.Total, list.TotalCapped, len(list.Warnings))
		}
		if list.Next == 0 {
			break
		}
		after = list.Next
	}
	if pages < 1 || len(seen) <= app.TrainingShortRead {
		t.Fatalf("%d pages listed %d shortfalls", pages+1, len(seen))
	}
	if res := env.api(t, "GET", "/api/v1/warnings?after=-1", loginHead, nil); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("negative after: %d %s", res.Status, res.Body)
	}
	page := env.page(t, "GET", "/staff/", loginHead, nil)
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "至少"+fmt.Sprint(app.TrainingShortRead)) || !strings.Contains(string(page.Body), `id="training_short-more"`) {
		t.Errorf("the landing page does not say the shortfalls are more: %d", page.Status)
	}
	// The landing page's 下一页 lists the shortfalls after its first page, and no page
	// takes a cursor that is not a number.
	m := regexp.MustCompile(`href="(/staff/\?training_after=\d+)#training_short" id="training_short-next"`).FindStringSubmatch(string(page.Body))
	if m == nil {
		t.Fatal("the landing page has no link to the next shortfalls")
	}
	next := env.page(t, "GET", m[1], loginHead, nil)
	section := string(next.Body)
	if i := strings.Index(section, `<section class="card" id="training_short">`); i >= 0 {
		section = section[i:]
		section = section[:strings.Index(section, "</section>")]
	}
	shown := 0
	for id := range seen {
		if strings.Contains(section, fmt.Sprintf(`/staff/officers/%d"`, id)) {
			shown++
		}
	}
	if next.Status != http.StatusOK || shown != len(seen)-app.TrainingShortRead || !strings.Contains(string(next.Body), `href="/staff/#training_short">第一页`) {
		t.Errorf("the second page (%d) links %d of the %d shortfalls after the first page", next.Status, shown, len(seen)-app.TrainingShortRead)
	}
	if bad := env.page(t, "GET", "/staff/?training_after=x", loginHead, nil); bad.Status != http.StatusUnprocessableEntity {
		t.Errorf("a cursor that is not a number: %d", bad.Status)
	}
}
