package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
	"zhifa/ledger"
)

// TestPublicURLsCarryNoPersonalData files a case whose facts, reasons, opinion, record
// and evidence titles and evidence place hold a 身份证号, a phone number and an address,
// takes it through the legal review and the decision over the API, and then fetches
// without login every public URL the server serves — portal pages (crawled), the public
// API, the checkpoint and key, every hash tile and entry bundle, every proof — and finds
// none of those strings in any common encoding (issue 9 §3; REQUIREMENTS D4).
func TestPublicURLsCarryNoPersonalData(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls every public URL")
	}
	env := newTestEnv(t)
	idNumber, phone, address := testPersonID(t, 91), "13912345678", "东港市海滨路88号3单元502室"
	pii := "当事人身份证号" + idNumber + "，电话" + phone + "，住" + address
	id := reviewCaseWithFacts(t, env, "销售过期食品。"+pii)
	path := fmt.Sprintf("/api/v1/cases/%d", id)

	fields := env.evidenceFields()
	fields.Set("title", "现场录像 "+pii)
	fields.Set("place", address)
	fields.Set("device_id", "DSJ-"+phone)
	fields.Del("case_ref")
	if res := env.uploadAPI(t, env.HTTP.URL, loginOfficer, fields, "video/mp4", testMP4(20_000)); res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var recs []zhifa.Record
	for _, title := range []string{"调查终结报告（" + pii + "）", "证据清单"} {
		var r zhifa.Record
		env.apiOK(t, http.StatusCreated, "POST", path+"/records", loginOfficer, map[string]any{"kind": "document", "title": title, "act": "review"}, &r)
		recs = append(recs, r)
	}
	var v app.CaseView
	env.apiOK(t, http.StatusOK, "GET", path, loginOfficer, nil, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/submit_review", loginOfficer, map[string]any{"version": v.Version,
		"review": map[string]any{"materials": []map[string]any{{"code": "investigation_report", "record_id": recs[0].ID}, {"code": "evidence_list", "record_id": recs[1].ID}}}}, &v)
	findings := []map[string]any{}
	for _, p := range law.ReviewPoints {
		findings = append(findings, map[string]any{"point": p, "ok": true, "note": "核对" + phone})
	}
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/review_opinion", loginReviewer, map[string]any{"version": v.Version,
		"review": map[string]any{"findings": findings, "opinion": "agree", "opinion_text": "同意。" + pii}}, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/approve", loginHead, map[string]any{"version": v.Version, "reason": "同意，" + pii}, &v)
	// A major decision is discussed collectively first (行政处罚法第五十七条第二款).
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/discuss", loginHead, map[string]any{"version": v.Version, "reason": "集体讨论：" + pii}, &v)
	env.apiOK(t, http.StatusOK, "POST", path+"/actions/decide", loginHead, map[string]any{"version": v.Version, "fine": 5_000_000, "reason": pii}, &v)
	if v.Stage != zhifa.StageDecide {
		t.Fatalf("stage %s", v.Stage)
	}
	// A social supervisor's remark with an attachment (issue 14): staff-only, never public.
	env.appointSocial(t)
	if res := env.postRemark(t, loginSocial, "伴随执法："+pii, remarkFile{"现场" + phone + ".txt", []byte("记录：" + pii)}); res.Status != http.StatusCreated {
		t.Fatalf("remark: %d %s", res.Status, res.Body)
	}
	size, err := env.App.IntegrateLedger(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	// What must not appear, also escaped as JSON and HTML would and base64-encoded as a
	// bundle's lines could be.
	var needles []string
	for _, s := range []string{idNumber, phone, address, idNumber[:6] + idNumber[6:14]} {
		ascii := strconv.QuoteToASCII(s)
		needles = append(needles, s, ascii[1:len(ascii)-1], url.QueryEscape(s), url.PathEscape(s),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)))
	}
	// Every public URL: the routes without parameters, those with parameters filled with
	// every object of the seed, links found on the pages, and the ledger's tiles and proofs.
	queue := []string{}
	seen := map[string]bool{}
	push := func(u string) {
		if !seen[u] {
			seen[u] = true
			queue = append(queue, u)
		}
	}
	ids := []string{}
	for i := 1; i <= 40; i++ {
		ids = append(ids, strconv.Itoa(i))
	}
	params := map[string][]string{
		"{id}": ids, "{code}": {env.City.Item.Code, env.County.Item.Code}, "{number}": {env.City.Cert.Number, env.County.Cert.Number, "REV-0", "REV-1"},
	}
	for _, rt := range env.Server.Routes() {
		if rt.Perm != app.PermPublic || (rt.Method != "GET" && rt.Method != "") || strings.Contains(rt.Pattern, "...}") {
			continue
		}
		expanded := []string{strings.TrimSuffix(rt.Pattern, "{$}")}
		for name, values := range params {
			var next []string
			for _, p := range expanded {
				if !strings.Contains(p, name) {
					next = append(next, p)
					continue
				}
				for _, v := range values {
					next = append(next, strings.ReplaceAll(p, name, url.PathEscape(v)))
				}
			}
			expanded = next
		}
		for _, p := range expanded {
			if !strings.Contains(p, "{") {
				push(p)
			}
		}
	}
	for L := 0; size>>(8*L) > 0; L++ {
		n := size >> (8 * L)
		for N := int64(0); N*256 < n; N++ {
			for _, tree := range []ledger.Algorithm{ledger.SHA256, ledger.SM3} {
				push("/ledger/" + ledger.Tile{Tree: tree, L: L, N: N, W: int(min(n-N*256, 256))}.Path())
			}
		}
	}
	for N := int64(0); N*256 < size; N++ {
		push("/ledger/" + ledger.Tile{L: ledger.EntriesLevel, N: N, W: int(min(size-N*256, 256))}.Path())
	}
	for i := int64(0); i < size; i++ {
		push(fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d", i))
		push(fmt.Sprintf("/api/v1/ledger/proof/consistency?old=%d", i))
	}
	href := regexp.MustCompile(`(?:href|src)="(/[^"#]*)"`)
	fetched, bundlesRefused := 0, 0
	for len(queue) > 0 && fetched < 5000 {
		u := queue[0]
		queue = queue[1:]
		resp, err := http.Get(env.HTTP.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fetched++
		if strings.HasPrefix(u, "/ledger/tile/entries/") && resp.StatusCode == http.StatusUnauthorized {
			bundlesRefused++
		}
		for _, n := range needles {
			if strings.Contains(string(body), n) {
				t.Errorf("GET %s (%d without login) contains %q", u, resp.StatusCode, n)
			}
		}
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			for _, m := range href.FindAllStringSubmatch(string(body), -1) {
				link := strings.ReplaceAll(m[1], "&amp;", "&")
				if !strings.HasPrefix(link, "/staff") && !strings.HasPrefix(link, "/login") {
					push(link)
				}
			}
		}
	}
	if fetched < 100 || bundlesRefused == 0 {
		t.Errorf("fetched %d public URLs, %d bundles refused", fetched, bundlesRefused)
	}

	// Staff in scope read the bundle, and the entries commit to the text they do not show.
	supervisor := env.token(t, loginSupervisor)
	bundle := fetchAs(t, env.HTTP.URL, "/ledger/"+ledger.Tile{L: ledger.EntriesLevel, W: int(min(size, 256))}.Path(), supervisor)
	committed := 0
	for _, data := range splitBundle(t, bundle) {
		for _, n := range needles {
			if strings.Contains(string(data), n) {
				t.Errorf("entry holds %q in clear: %s", n, data)
			}
		}
		var e struct {
			Commits map[string]json.RawMessage `json:"commits"`
		}
		json.Unmarshal(data, &e)
		committed += len(e.Commits)
	}
	if committed < 8 {
		t.Errorf("%d committed fields in the log, want the facts, reasons, titles and place among them", committed)
	}
}
