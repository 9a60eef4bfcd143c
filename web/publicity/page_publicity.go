package publicity

import (
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/web/kit"
)

// Publication pages (issue 13; C3–C5, C7): on the portal the list of published decisions
// with search, one decision with its ledger inclusion proof, and Atom feeds; in the
// workspace the agency's publication queue and one publication side by side with the
// original, with the handler's and the head's forms. Every form works without JavaScript.

func (s *Handlers) RegisterPublicityPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	pub := func(method, pattern, summary string, h http.HandlerFunc) {
		s.Handle(kit.Route{Method: method, Pattern: pattern, Perm: app.PermPublic, Summary: summary}, h)
	}
	pub("GET", "/decisions", "执法决定公示", s.portalDecisions)
	pub("GET", "/decisions/{id}", "执法决定公示详情", s.portalDecision)
	pub("GET", "/decisions.atom", "执法决定公示订阅（Atom）", s.decisionsAtom)
	pub("GET", "/agencies/{id}/decisions.atom", "本机关执法决定公示订阅（Atom）", s.decisionsAtom)

	staff("GET", "/staff/publicity", app.PermStaff, "执法决定公示队列", s.publicityQueue)
	staff("GET", "/staff/publicity/{id}", app.PermStaff, "公示信息", s.publicityDetail)
	staff("POST", "/staff/publicity/{id}/prepare", app.PermHandleCases, "制作公开版本", s.publicityPrepare)
	staff("POST", "/staff/publicity/{id}/approve", app.PermHandleCases, "审批并公示", s.publicityApprove)
	staff("POST", "/staff/publicity/{id}/decline", app.PermHandleCases, "决定不予公示", s.publicityDecline)
	staff("POST", "/staff/publicity/{id}/withdraw", app.PermHandleCases, "撤回公示", s.publicityWithdraw)
	staff("POST", "/staff/publicity/{id}/stop", app.PermHandleCases, "提前停止公示", s.publicityStop)
}

// decisionsView is the portal's list with its search form.
type decisionsView struct {
	Page     *publicity.PublicPage
	Pager    *kit.CursorPager
	Query    string
	AgencyID string
	From, To string
	Agencies []kit.Option
}

// publicQuery reads the portal's search parameters; a bad date is a field error.
func publicQuery(r *http.Request) (publicity.PublicQuery, error) {
	v := r.URL.Query()
	q := publicity.PublicQuery{Q: v.Get("q"), Cursor: v.Get("cursor")}
	fields := zhifa.FieldErrors{}
	if s := strings.TrimSpace(v.Get("agency")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fields.Add("agency", "机关无效")
		}
		q.AgencyID = id
	}
	for _, d := range []struct {
		name string
		to   *zhifa.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := strings.TrimSpace(v.Get(d.name)); s != "" {
			day, err := zhifa.ParseDate(s)
			if err != nil {
				fields.Add(d.name, "日期格式应为2026-03-01")
			}
			*d.to = day
		}
	}
	return q, fields.Err()
}

func (s *Handlers) portalDecisions(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	v := &decisionsView{Query: r.URL.Query().Get("q"), AgencyID: r.URL.Query().Get("agency"),
		From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to"), Page: &publicity.PublicPage{}}
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Agencies = kit.AgencyOptions(ags, "全部机关", true)
	q, err := publicQuery(r)
	if err == nil {
		v.Page, err = s.App.Publicity().Decisions(ctx, q)
	}
	f := kit.NewForm()
	switch zhifa.ErrorCode(err) {
	case "":
	case zhifa.EINVALID:
		f.Fail(err)
		v.Page = &publicity.PublicPage{}
	default:
		s.Fail(w, r, err)
		return
	}
	v.Pager = kit.NewCursorPager(r, strconv.Itoa(len(v.Page.Decisions))+(map[bool]string{true: "+"}[v.Page.Next != ""]), v.Page.Next)
	s.Render(w, r, http.StatusOK, "decisions", &kit.Page{Title: "执法决定公示", Nav: "decisions", Form: f, D: v})
}

// decisionView is one published decision with the proof that it is the one published.
type decisionView struct {
	D *publicity.Decision
	// LeafHash is the SHA-256 leaf hash of the entry (RFC 6962: SHA-256(0x00 ‖ entry)).
	LeafHash string
	// Proof and Checkpoint are set once the entry is covered by a signed checkpoint;
	// Verified reports that the proof checks against it here and now.
	Proof      *ledger.InclusionProof
	ProofHex   []string
	Checkpoint string
	Verified   bool
}

func (s *Handlers) portalDecision(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	ctx := kit.PublicContext(r)
	d, err := s.App.Publicity().Decision(ctx, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &decisionView{D: d}
	if d.EntryData != "" {
		h := ledger.SHA256.LeafHash([]byte(d.EntryData))
		v.LeafHash = hex.EncodeToString(h[:])
		if c, err := s.App.LedgerCheckpoint(ctx); err == nil {
			if cp, err := ledger.ParseCheckpoint(kit.NoteBody(c.Note)); err == nil && d.DataEntry < cp.Size {
				if p, err := s.App.InclusionProof(ctx, d.DataEntry, cp.Size); err == nil {
					v.Proof, v.Checkpoint = p, string(c.Note)
					v.Verified = p.Verify([]byte(d.EntryData), cp) == nil
					for _, h := range p.SHA256 {
						v.ProofHex = append(v.ProofHex, hex.EncodeToString(h[:]))
					}
				}
			}
		}
	}
	s.Render(w, r, http.StatusOK, "decision", &kit.Page{Title: d.CaseNumber + " 执法决定公示", Nav: "decisions", D: v})
}

// Atom feed (RFC 4287) of the published decisions, newest first.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

func (s *Handlers) decisionsAtom(w http.ResponseWriter, r *http.Request) {
	q := publicity.PublicQuery{Limit: 50}
	self := "/decisions.atom"
	if r.PathValue("id") != "" {
		id, ok := kit.PathID(r, "id")
		if !ok {
			s.NotFound(w, r)
			return
		}
		q.AgencyID, self = id, fmt.Sprintf("/agencies/%d/decisions.atom", id)
	}
	page, err := s.App.Publicity().Decisions(kit.PublicContext(r), q)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	base := "https://" + r.Host
	feed := atomFeed{Title: "执法决定公示", ID: base + self, Link: atomLink{Href: base + self, Rel: "self"},
		Updated: s.App.Now().UTC().Format(time.RFC3339)}
	for _, d := range page.Decisions {
		day := d.PublishedOn
		if !d.WithdrawnOn.IsZero() {
			day = d.WithdrawnOn
		}
		summary := d.Agency + "：" + d.Party + "，" + d.Conclusion
		if d.Status == "withdrawn" {
			summary = "已撤回：" + d.WithdrawReason
		}
		feed.Entries = append(feed.Entries, atomEntry{Title: d.CaseNumber + " " + d.CategoryLabel + "决定", ID: fmt.Sprintf("%s/decisions/%d", base, d.ID),
			Updated: day.Time().UTC().Format(time.RFC3339), Link: atomLink{Href: fmt.Sprintf("%s/decisions/%d", base, d.ID)}, Summary: summary})
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(out)
}

// queueView is the staff queue with its filter.
type queueView struct {
	List     []*publicity.QueueItem
	Pager    *kit.CursorPager
	Status   string
	Statuses []kit.Option
}

func (s *Handlers) publicityQueue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &queueView{Status: q.Get("status"), Statuses: []kit.Option{{Value: "", Label: "全部"}}}
	for _, st := range []zhifa.PublicationStatus{zhifa.PubQueued, zhifa.PubPrepared, zhifa.PubPublished, zhifa.PubDeclined, zhifa.PubWithdrawn} {
		v.Statuses = append(v.Statuses, kit.Option{Value: string(st), Label: st.Label()})
	}
	f := publicity.QueueFilter{Status: zhifa.PublicationStatus(v.Status)}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			s.Fail(w, r, zhifa.Errorf(zhifa.EINVALID, "翻页参数无效"))
			return
		}
		f.Cursor = n
	}
	list, next, err := s.App.Publicity().Queue(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List = list
	nextCursor := ""
	if next > 0 {
		nextCursor = strconv.FormatInt(next, 10)
	}
	v.Pager = kit.NewCursorPager(r, strconv.Itoa(len(list))+(map[bool]string{true: "+"}[next > 0]), nextCursor)
	s.Render(w, r, http.StatusOK, "staff_publicity", &kit.Page{Title: "执法决定公示", Nav: "publicity", D: v})
}

// publicityDetailView is one publication for staff: the original and the draft side by
// side, the redactions highlighted, the grounds for not publishing.
type publicityDetailView struct {
	V        *publicity.View
	Grounds  []kit.Option
	Labels   map[string]string
	Original []segment
	Draft    []segment
}

// segment is a run of text, marked when it is a redacted span (in the original) or its
// replacement (in the public version).
type segment struct {
	Text string
	Mark bool
}

// markSpans cuts text into segments, marking every occurrence of the spans (the
// earliest, then the longest, first).
func markSpans(text string, spans []string) []segment {
	var out []segment
	for text != "" {
		at, n := -1, 0
		for _, sp := range spans {
			if sp == "" {
				continue
			}
			if i := strings.Index(text, sp); i >= 0 && (at < 0 || i < at || i == at && len(sp) > n) {
				at, n = i, len(sp)
			}
		}
		if at < 0 {
			return append(out, segment{Text: text})
		}
		if at > 0 {
			out = append(out, segment{Text: text[:at]})
		}
		out = append(out, segment{Text: text[at : at+n], Mark: true})
		text = text[at+n:]
	}
	return out
}

func (s *Handlers) publicityDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Publicity().Get(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := &publicityDetailView{V: v, Labels: map[string]string{"kept": "恢复公开"}}
	var originals, replacements []string
	for _, red := range v.Redactions {
		if red.Kind != "kept" {
			originals, replacements = append(originals, red.Original), append(replacements, red.Replacement)
		}
	}
	d.Original, d.Draft = markSpans(v.Original, originals), markSpans(v.Draft, replacements)
	for _, g := range law.NoPublishGrounds {
		d.Grounds = append(d.Grounds, kit.Option{Value: g.Code, Label: g.Label + "（" + g.Rule + "）"})
	}
	for _, k := range []string{law.RedactName, law.RedactMinor, law.RedactIDNumber, law.RedactPhone, law.RedactBank,
		law.RedactPlate, law.RedactEmail, law.RedactAddress, law.RedactSecret} {
		d.Labels[k] = law.RedactLabel(k)
	}
	s.Render(w, r, http.StatusOK, "staff_publicity_detail", &kit.Page{Title: v.CaseNumber + " 公示信息", Nav: "publicity", D: d})
}

// publicityAct runs one form's act and returns to the publication with a flash: a
// refusal the user can fix is a flash, anything else the error page.
func (s *Handlers) publicityAct(w http.ResponseWriter, r *http.Request, done string, act func(id int64, f *kit.Form) error) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	back := fmt.Sprintf("/staff/publicity/%d", id)
	err := act(id, f)
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, back, done)
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		msg := zhifa.ErrorMessage(err)
		for _, m := range zhifa.ErrorFields(err) {
			msg += "；" + m
		}
		s.RedirectFlash(w, r, back, "未能办理："+msg)
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) publicityPrepare(w http.ResponseWriter, r *http.Request) {
	s.publicityAct(w, r, "公开版本已保存，待负责人审批", func(id int64, f *kit.Form) error {
		in := publicity.PrepareInput{Version: kit.FormVersion(f), Text: f.V("text"), Secrets: f.Lines("secrets")}
		for _, line := range f.Lines("keep") {
			text, reason, _ := strings.Cut(line, "|")
			in.Keep = append(in.Keep, publicity.Keep{Text: text, Reason: reason})
		}
		_, err := s.App.Publicity().Prepare(r.Context(), id, in)
		return err
	})
}

func (s *Handlers) publicityApprove(w http.ResponseWriter, r *http.Request) {
	s.publicityAct(w, r, "已公示，公开版本已记入防篡改账本", func(id int64, f *kit.Form) error {
		_, err := s.App.Publicity().Approve(r.Context(), id, kit.FormVersion(f))
		return err
	})
}

func (s *Handlers) publicityDecline(w http.ResponseWriter, r *http.Request) {
	s.publicityAct(w, r, "已决定不予公示", func(id int64, f *kit.Form) error {
		_, err := s.App.Publicity().Decline(r.Context(), id, publicity.DeclineInput{Version: kit.FormVersion(f), Ground: f.V("ground"), Reason: f.V("reason")})
		return err
	})
}

func (s *Handlers) publicityWithdraw(w http.ResponseWriter, r *http.Request) {
	s.publicityAct(w, r, "已撤回公示，撤回理由已公开", func(id int64, f *kit.Form) error {
		_, err := s.App.Publicity().Withdraw(r.Context(), id, publicity.WithdrawInput{Version: kit.FormVersion(f), Reason: f.V("reason")})
		return err
	})
}

func (s *Handlers) publicityStop(w http.ResponseWriter, r *http.Request) {
	s.publicityAct(w, r, "已提前停止公示，决定不再在公示平台显示", func(id int64, f *kit.Form) error {
		in := publicity.StopInput{Version: kit.FormVersion(f), AppliedOn: f.Date("applied_on"), Performed: f.Checked("performed"),
			Remedied: f.Checked("remedied"), NoRepeat: f.Checked("no_repeat"), NotListed: f.Checked("not_listed"), Reason: f.V("reason")}
		if len(f.Errors) > 0 {
			return kernelFieldError(f)
		}
		_, err := s.App.Publicity().StopEarly(r.Context(), id, in)
		return err
	})
}

// kernelFieldError turns a form's own field problems (a date that does not parse) into
// the EINVALID the act would answer.
func kernelFieldError(f *kit.Form) error {
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "输入有误", Fields: zhifa.FieldErrors(f.Errors)}
}
