package cases

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/web/kit"
)

// The payment settings of an agency (issue 15): its payee account, the bank's or
// treasury's channels for payment notices, and the import of a bank statement.

func (s *Handlers) RegisterExecutionPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("POST", "/staff/cases/{id}/execution", app.PermHandleCases, "办理执行事项", s.caseExecution)
	staff("GET", "/staff/agencies/{id}/payments", app.PermManageAgencies, "罚没款收缴设置", s.paymentSettings)
	staff("POST", "/staff/agencies/{id}/payments/payee", app.PermManageAgencies, "设置罚没款收款账户", s.paymentPayee)
	staff("POST", "/staff/agencies/{id}/payments/channels", app.PermManageUsers, "签发缴款通知接口令牌", s.paymentChannelIssue)
	staff("POST", "/staff/agencies/{id}/payments/channels/{channel}/revoke", app.PermManageUsers, "停用缴款通知接口令牌", s.paymentChannelRevoke)
	staff("POST", "/staff/agencies/{id}/payments/import", app.PermManageAgencies, "导入银行对账单", s.paymentImport)
	s.registerPropertyPages(staff)
}

// paymentSettingsView is the data of the settings page.
type paymentSettingsView struct {
	Agency     *zhifa.Agency
	Payee      *kit.Form
	Channels   []zhifa.PaymentChannel
	MayIssue   bool
	Token      string // a channel's token, shown once after issuing
	Channel    *kit.Form
	Columns    []string
	ImportMsg  string
	ImportRows []kit.ImportRowError
}

func (s *Handlers) paymentSettingsPage(r *http.Request, id int64) (*paymentSettingsView, error) {
	ag, err := s.App.Personnel().Agency(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &paymentSettingsView{Agency: ag, Payee: kit.NewForm(), Channel: kit.NewForm(), Columns: execution.StatementColumns,
		MayIssue: app.ActorFrom(r.Context()).Can(app.PermManageUsers)}
	if p, err := s.App.Execution().Payee(r.Context(), id); err == nil && p != nil {
		v.Payee.Set("name", p.Name)
		v.Payee.Set("bank", p.Bank)
		v.Payee.Set("account", p.Account)
	} else if err != nil {
		return nil, err
	}
	if v.MayIssue {
		if v.Channels, err = s.App.Execution().Channels(r.Context(), id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Handlers) renderPaymentSettings(w http.ResponseWriter, r *http.Request, status int, v *paymentSettingsView) {
	s.Render(w, r, status, "staff_payments", &kit.Page{Title: "罚没款收缴设置", Nav: "agencies", D: v})
}

func (s *Handlers) paymentSettings(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.paymentSettingsPage(r, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.renderPaymentSettings(w, r, http.StatusOK, v)
}

func (s *Handlers) paymentPayee(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	_, err := s.App.Execution().SetPayee(r.Context(), id, zhifa.Payee{Name: f.V("name"), Bank: f.V("bank"), Account: f.V("account")})
	if err == nil {
		s.RedirectFlash(w, r, "/staff/agencies/"+kit.ID64(id)+"/payments", "已保存收款账户")
		return
	}
	s.settingsFailed(w, r, id, err, func(v *paymentSettingsView) { f.Fail(err); v.Payee = f })
}

func (s *Handlers) paymentChannelIssue(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	iss, err := s.App.Execution().IssueChannel(r.Context(), id, execution.ChannelInput{Name: f.V("name")})
	if err != nil {
		s.settingsFailed(w, r, id, err, func(v *paymentSettingsView) { f.Fail(err); v.Channel = f })
		return
	}
	// The token is shown this once: the page is rendered, not redirected to.
	v, err := s.paymentSettingsPage(r, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Token = iss.Token
	s.renderPaymentSettings(w, r, http.StatusOK, v)
}

func (s *Handlers) paymentChannelRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok1 := kit.PathID(r, "id")
	ch, ok2 := kit.PathID(r, "channel")
	if !ok1 || !ok2 {
		s.NotFound(w, r)
		return
	}
	if err := s.App.Execution().RevokeChannel(r.Context(), id, ch); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/agencies/"+kit.ID64(id)+"/payments", "已停用该缴款通知接口令牌")
}

func (s *Handlers) paymentImport(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxImportSize+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		msg := "请选择要导入的对账单文件"
		if errors.As(err, &tooBig) {
			msg = "文件超过" + strconv.Itoa(app.MaxImportSize>>20) + " MiB上限，请分批导入"
		}
		s.settingsFailed(w, r, id, zhifa.Errorf(zhifa.EINVALID, "%s", msg), nil)
		return
	}
	defer file.Close()
	res, err := s.importStatement(r, id, header.Filename, file)
	if err != nil {
		s.settingsFailed(w, r, id, err, nil)
		return
	}
	s.RedirectFlash(w, r, "/staff/agencies/"+kit.ID64(id)+"/payments",
		"已导入缴款"+strconv.Itoa(res.Imported)+"笔"+map[bool]string{true: "，已登记过的" + strconv.Itoa(res.Skipped) + "笔未重复登记", false: ""}[res.Skipped > 0])
}

// settingsFailed shows the settings page again with the problem: on the form edit
// changes, or above the import form.
func (s *Handlers) settingsFailed(w http.ResponseWriter, r *http.Request, id int64, err error, edit func(*paymentSettingsView)) {
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
	default:
		s.Fail(w, r, err)
		return
	}
	v, perr := s.paymentSettingsPage(r, id)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	if edit != nil {
		edit(v)
	} else {
		v.ImportMsg, v.ImportRows = zhifa.ErrorMessage(err), kit.RowErrors(zhifa.ErrorFields(err))
	}
	s.renderPaymentSettings(w, r, kit.StatusOf(err), v)
}

// statementColumns are the columns of a bank statement file, all required.
func statementColumns() []app.ImportColumn {
	cols := make([]app.ImportColumn, len(execution.StatementColumns))
	for i, h := range execution.StatementColumns {
		cols[i] = app.ImportColumn{Header: h, Required: true}
	}
	return cols
}

// importStatement reads an uploaded bank statement (CSV or XLSX) and imports its payments.
func (s *Handlers) importStatement(r *http.Request, agencyID int64, filename string, file io.Reader) (*execution.StatementResult, error) {
	return s.App.Execution().ImportStatement(r.Context(), agencyID, func() ([]execution.StatementRow, error) {
		rows, err := app.ReadImportTable(filename, file, statementColumns())
		if err != nil {
			return nil, err
		}
		in := make([]execution.StatementRow, len(rows))
		for i, row := range rows {
			in[i] = execution.StatementRow{Num: row.Num, Cells: row.Cells}
		}
		return in, nil
	})
}

// apiPaymentImport imports a bank statement uploaded as the multipart part "file".
func (s *Handlers) apiPaymentImport(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxImportSize+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			kit.WriteError(w, r, zhifa.Errorf(zhifa.EINVALID, "文件超过%d MiB上限，请分批导入", app.MaxImportSize>>20))
		} else {
			kit.WriteError(w, r, kit.APIInvalid("file", "请以 multipart/form-data 上传对账单文件（表单字段 file）"))
		}
		return
	}
	defer file.Close()
	res, err := s.importStatement(r, id, header.Filename, file)
	kit.APIReply(w, r, http.StatusCreated, res, err)
}
