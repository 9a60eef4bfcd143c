package cases

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/law"
	"zhifa/web/kit"
)

// The 涉案财物 section of the case page (issue 15): the items seized or confiscated, with
// custody, value, photos and disposal (行政处罚法第七十四条).

// propertySection is the section; nil for a case that holds no property.
type propertySection struct {
	CaseID  int64
	Items   []propertyRow
	MayAdd  bool
	Add     *kit.Form
	Problem string
	Methods []kit.Option
}

type propertyRow struct {
	execution.PropertyView
	Value, Proceeds, Method string
	Acts                    []kit.Option
}

func (s *Handlers) propertySectionOf(r *http.Request, c *zhifa.Case, mayAct bool) (*propertySection, error) {
	items, err := s.App.Execution().Property(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	may := mayAct && execution.MayListProperty(c) && c.Stage != zhifa.StageArchive
	if len(items) == 0 && !may {
		return nil, nil
	}
	x := &propertySection{CaseID: c.ID, MayAdd: may, Add: kit.NewForm()}
	for _, m := range []string{law.DisposalAuction, law.DisposalSale, law.DisposalDestroy, law.DisposalTransfer} {
		x.Methods = append(x.Methods, kit.Option{Value: m, Label: law.DisposalLabel(m)})
	}
	for _, it := range items {
		row := propertyRow{PropertyView: it, Value: execution.Yuan(it.ValueFen)}
		if d := it.Disposal; d != nil {
			row.Method, row.Proceeds = law.DisposalLabel(d.Method), execution.Yuan(d.ProceedsFen)
		}
		for _, a := range it.Acts {
			row.Acts = append(row.Acts, kit.Option{Value: a, Label: execution.PropertyActLabel(a)})
		}
		x.Items = append(x.Items, row)
	}
	return x, nil
}

// caseAddProperty lists an item from the case page.
func (s *Handlers) caseAddProperty(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := execution.PropertyInput{Name: f.V("name"), Quantity: f.V("quantity"), Custody: f.V("custody")}
	if fen, ok := kit.ParseYuan(f.V("value")); ok {
		in.ValueFen = fen
	} else if strings.TrimSpace(f.V("value")) != "" {
		f.Invalid("value", "价值应为元，最多两位小数")
	}
	for _, p := range strings.FieldsFunc(f.V("photos"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			f.Invalid("photos", "照片应填本案证据编号，以逗号分隔")
			break
		}
		in.Photos = append(in.Photos, n)
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Execution().AddProperty(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id)+"#property", "已登记涉案财物："+in.Name+"，并记入防篡改账本")
		return
	}
	if e := zhifa.ErrorFields(err); e["value_fen"] != "" {
		f.Errors["value"] = e["value_fen"]
	}
	s.propertyFailed(w, r, id, err, f)
}

// propertyAct takes a disposal act from the case page.
func (s *Handlers) propertyAct(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	caseID := f.Int("case")
	in := execution.PropertyActInput{Act: f.V("act"), Version: int(f.Int("version")), Date: f.Date("date"), Method: f.V("method"),
		Reason: f.V("reason"), Approve: f.V("approve") == "1", Opinion: f.V("opinion"), Proof: f.V("proof"), TreasuryReceipt: f.V("treasury_receipt")}
	if fen, ok := kit.ParseYuan(f.V("proceeds")); ok {
		in.ProceedsFen = fen
	} else if strings.TrimSpace(f.V("proceeds")) != "" {
		f.Invalid("proceeds", "金额应为元，最多两位小数")
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Execution().PropertyAct(r.Context(), id, in)
	}
	if err == nil && caseID > 0 {
		s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(caseID)+"#property", "已完成："+execution.PropertyActLabel(in.Act)+"，并记入防篡改账本")
		return
	}
	if err == nil {
		err = zhifa.Errorf(zhifa.EINVALID, "缺少案件编号")
	}
	if caseID <= 0 {
		s.Fail(w, r, err)
		return
	}
	s.propertyFailed(w, r, caseID, err, nil)
}

// propertyFailed shows the case page again with the problem in the property section.
func (s *Handlers) propertyFailed(w http.ResponseWriter, r *http.Request, caseID int64, err error, add *kit.Form) {
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT, zhifa.EFORBIDDEN:
	default:
		s.Fail(w, r, err)
		return
	}
	pv, perr := s.casePage(r, caseID, "", nil)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	f := add
	if f == nil {
		f = kit.NewForm()
	}
	f.Fail(err)
	if pv.Property == nil {
		pv.Problem = f.Message
	} else {
		pv.Property.Problem = f.Message
		if add != nil {
			pv.Property.Add = add
		}
	}
	s.Render(w, r, kit.StatusOf(err), "staff_case", &kit.Page{Title: pv.P.Number, Nav: "cases", D: pv})
}

func (s *Handlers) registerPropertyPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("POST", "/staff/cases/{id}/property", app.PermHandleCases, "登记涉案财物", s.caseAddProperty)
	staff("POST", "/staff/property/{id}", app.PermHandleCases, "办理涉案财物处置", s.propertyAct)
}
