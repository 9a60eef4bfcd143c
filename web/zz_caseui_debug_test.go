package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestZZCaseDebug(t *testing.T) {
	env := newTestEnv(t)
	o2 := caseColleague(t, env)
	target := location(t, env.page(t, "POST", "/staff/cases/new", loginOfficer, caseWizardForm(env, env.City.Officer.ID, o2.ID)))
	env.page(t, "POST", target+"/act/investigate", loginOfficer, url.Values{"version": {"1"}})
	body := string(env.page(t, "GET", target, loginOfficer, nil).Body)
	i := strings.Index(body, "在相关页面办理")
	fmt.Println(body[i:min(len(body), i+600)])
	body = string(env.page(t, "GET", target+"/propose", loginOfficer, nil).Body)
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "penalties") || strings.Contains(l, "f-fine") || strings.Contains(l, "保存") {
			fmt.Println(l)
		}
	}
}
