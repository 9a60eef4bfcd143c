package review

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/law"
	"zhifa/web/kit"
)

// The major-decision catalog page (重大执法决定法制审核目录清单, REQUIREMENTS E3, B5): everyone
// on the staff reads the catalog that applies to an agency, its template and its versions;
// admins edit it (every save a new version) or adopt the template above.

// ruleRow is one rule of the catalog editor; amounts in yuan.
type ruleRow struct {
	N                                          int
	Clause, Label, Domains, Items              string
	PersonFine, OrgFine, PersonValue, OrgValue string
	Hearing                                    bool
	Kinds, Penalties, Flags                    []kit.Check
}

func reviewChecks(values, labels, chosen []string) []kit.Check {
	out := make([]kit.Check, len(values))
	for i, v := range values {
		out[i] = kit.Check{Value: v, Label: labels[i], Checked: slices.Contains(chosen, v)}
	}
	return out
}

// catalogPageView is the data of the catalog page.
type catalogPageView struct {
	*review.CatalogView
	Rows       []ruleRow
	Materials  []kit.Check
	CanEdit    bool
	Version    int
	ReviewDays string
	// Publish is the editor's "publish as a template" box.
	Publish bool
	Note    string
	// Display lists the applying rules with their conditions in words; MaterialNames the
	// checklist.
	Display       []ruleDisplay
	MaterialNames string
}

// ruleDisplay is a rule with its conditions in words.
type ruleDisplay struct {
	Clause, Label, Conditions string
}

// ruleConditions says a rule's conditions in words.
func ruleConditions(rl zhifa.MajorRule) string {
	var parts []string
	list := func(name string, xs []string) {
		if len(xs) > 0 {
			parts = append(parts, name+"："+strings.Join(xs, "、"))
		}
	}
	var kinds []string
	for _, k := range rl.Kinds {
		kinds = append(kinds, k.Label())
	}
	list("案件类型", kinds)
	list("执法领域", rl.Domains)
	list("执法事项", rl.Items)
	list("处罚种类", rl.Penalties)
	for _, a := range []struct {
		name string
		fen  int64
	}{{"对公民罚款", rl.PersonFineFen}, {"对法人或者其他组织罚款", rl.OrgFineFen}, {"对公民没收财物价值", rl.PersonValueFen}, {"对法人或者其他组织没收财物价值", rl.OrgValueFen}} {
		if a.fen > 0 {
			parts = append(parts, a.name+"达到"+law.Yuan(a.fen)+"元")
		}
	}
	if rl.Hearing {
		parts = append(parts, "经过听证程序")
	}
	list("情形", rl.Flags)
	return strings.Join(parts, "；")
}

func (s *Handlers) majorCatalogPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.renderCatalog(w, r, http.StatusOK, id, nil, nil)
}

// renderCatalog shows the catalog page; a failed form's rows and problems are shown again.
func (s *Handlers) renderCatalog(w http.ResponseWriter, r *http.Request, status int, id int64, f *kit.Form, posted *review.CatalogInput) {
	cv, err := s.App.Review().MajorCatalog(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	v := &catalogPageView{CatalogView: cv, CanEdit: app.ActorFrom(r.Context()).Can(app.PermManageCatalog)}
	in := posted
	if in == nil {
		in = &review.CatalogInput{Rules: cv.Current.Rules, Materials: cv.Current.Materials, ReviewDays: cv.Current.ReviewDays,
			Template: cv.Own && cv.Current.Template}
		if cv.Own {
			in.Version, in.Note = cv.Current.Version, cv.Current.Note
		}
	}
	v.Version, v.Publish, v.Note = in.Version, in.Template, in.Note
	var names []string
	for _, m := range cv.Current.Materials {
		names = append(names, law.MaterialLabel(m))
	}
	v.MaterialNames = strings.Join(names, "、")
	for _, rl := range cv.Current.Rules {
		v.Display = append(v.Display, ruleDisplay{Clause: rl.Clause, Label: rl.Label, Conditions: ruleConditions(rl)})
	}
	if in.ReviewDays > 0 {
		v.ReviewDays = strconv.Itoa(in.ReviewDays)
	}
	var matLabels, kindValues, kindLabels []string
	for _, m := range law.Materials {
		matLabels = append(matLabels, law.MaterialLabel(m))
	}
	v.Materials = reviewChecks(law.Materials, matLabels, in.Materials)
	for _, k := range zhifa.CaseKinds {
		kindValues, kindLabels = append(kindValues, string(k)), append(kindLabels, k.Label())
	}
	row := func(n int, rl zhifa.MajorRule) ruleRow {
		kinds := make([]string, len(rl.Kinds))
		for j, k := range rl.Kinds {
			kinds[j] = string(k)
		}
		return ruleRow{N: n, Clause: rl.Clause, Label: rl.Label, Domains: strings.Join(rl.Domains, "，"),
			Items: strings.Join(rl.Items, "，"), PersonFine: kit.YuanField(rl.PersonFineFen), OrgFine: kit.YuanField(rl.OrgFineFen),
			PersonValue: kit.YuanField(rl.PersonValueFen), OrgValue: kit.YuanField(rl.OrgValueFen), Hearing: rl.Hearing,
			Kinds: reviewChecks(kindValues, kindLabels, kinds), Penalties: reviewChecks(law.MajorPenalties, law.MajorPenalties, rl.Penalties),
			Flags: reviewChecks(law.MajorFlags, law.MajorFlags, rl.Flags)}
	}
	for i, rl := range in.Rules {
		v.Rows = append(v.Rows, row(i, rl))
	}
	for range 2 {
		v.Rows = append(v.Rows, row(len(v.Rows), zhifa.MajorRule{}))
	}
	s.Render(w, r, status, "staff_legalreview_catalog", &kit.Page{Title: "重大执法决定法制审核目录清单", Nav: "agencies", Form: f, D: v})
}

func (s *Handlers) majorCatalogSave(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := review.CatalogInput{Version: int(f.Int("version")), Template: f.Checked("template"), Note: f.V("note"),
		ReviewDays: int(f.Int("review_days")), Materials: f.Values["materials"]}
	for i := 0; i < 200; i++ {
		p := fmt.Sprintf("rule_%d_", i)
		if _, ok := f.Values[p+"clause"]; !ok {
			break
		}
		rl := zhifa.MajorRule{Clause: strings.TrimSpace(f.V(p + "clause")), Label: strings.TrimSpace(f.V(p + "label")),
			Domains: f.List(p + "domains"), Items: f.List(p + "items"), Hearing: f.Checked(p + "hearing"),
			Penalties: f.Values[p+"penalties"], Flags: f.Values[p+"flags"]}
		for _, k := range f.Values[p+"kinds"] {
			rl.Kinds = append(rl.Kinds, zhifa.CaseKind(k))
		}
		for name, to := range map[string]*int64{"person_fine": &rl.PersonFineFen, "org_fine": &rl.OrgFineFen,
			"person_value": &rl.PersonValueFen, "org_value": &rl.OrgValueFen} {
			fen, ok := kit.ParseYuan(f.V(p + name))
			if !ok {
				f.Invalid(fmt.Sprintf("rules[%d].%s_fen", len(in.Rules), name), "金额应为元，最多两位小数")
			}
			*to = fen
		}
		if rl.Clause == "" && rl.Label == "" && len(rl.Kinds)+len(rl.Penalties)+len(rl.Flags)+len(rl.Domains)+len(rl.Items) == 0 &&
			!rl.Hearing && rl.PersonFineFen+rl.OrgFineFen+rl.PersonValueFen+rl.OrgValueFen == 0 {
			continue // an empty row
		}
		in.Rules = append(in.Rules, rl)
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Review().SaveMajorCatalog(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/agencies/%d/major-catalog", id), "目录清单已保存为新版本，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	f.Show("rules", "materials", "review_days")
	s.renderCatalog(w, r, kit.StatusOf(err), id, f, &in)
}

func (s *Handlers) majorCatalogAdopt(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Review().AdoptMajorTemplate(r.Context(), id, int(f.Int("version")))
	if err == nil {
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/agencies/%d/major-catalog", id), "已采用上级模板，可在此基础上从严修改")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	s.renderCatalog(w, r, kit.StatusOf(err), id, f, nil)
}
