package personnel

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// userRow is an account in the user list.
type userRow struct {
	*zhifa.User
	Agency string
}

// UserList lists the accounts within the admin's scope.
func (s *Handlers) UserList(w http.ResponseWriter, r *http.Request) {
	users, err := s.App.Users(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, ag := range ags {
		names[ag.ID] = ag.Name
	}
	rows := make([]userRow, 0, len(users))
	for _, u := range users {
		rows = append(rows, userRow{u, names[u.AgencyID]})
	}
	s.Render(w, r, http.StatusOK, "staff_users", &kit.Page{Title: "用户管理", Nav: "users", D: rows})
}

// userFormView is the data of the account form.
type userFormView struct {
	Edit     bool
	User     *zhifa.User
	Roles    []kit.Option
	Agencies []kit.Option
	Officers []kit.Option
}

func (s *Handlers) userFormView(r *http.Request, u *zhifa.User) (*userFormView, error) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	list, err := s.App.Personnel().Officers(r.Context(), zhifa.OfficerFilter{Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return nil, err
	}
	v := &userFormView{Edit: u != nil, User: u, Agencies: kit.AgencyOptions(ags, "请选择所属机关", false)}
	v.Roles = []kit.Option{{Value: "", Label: "请选择角色"}}
	for _, role := range zhifa.Roles {
		v.Roles = append(v.Roles, kit.Option{Value: string(role), Label: role.Label()})
	}
	v.Officers = []kit.Option{{Value: "", Label: "（不关联）"}}
	for _, o := range list.Officers {
		v.Officers = append(v.Officers, kit.Option{Value: kit.ID64(o.ID), Label: o.Name + "（" + o.AgencyName + "）"})
	}
	return v, nil
}

// userInputOf reads the account form.
func userInputOf(f *kit.Form) app.UserInput {
	return app.UserInput{Login: f.V("login"), Name: f.V("name"), Role: zhifa.Role(f.V("role")),
		AgencyID: f.Int("agency_id"), OfficerID: f.Int("officer_id"), Password: f.V("password"), Disabled: f.Checked("disabled")}
}

// UserNew shows the form for a new account.
func (s *Handlers) UserNew(w http.ResponseWriter, r *http.Request) {
	v, err := s.userFormView(r, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_user_form", &kit.Page{Title: "新增用户", Nav: "users", Form: kit.NewForm(), D: v})
}

// UserCreate saves a new account.
func (s *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := userInputOf(f)
	v, err := s.userFormView(r, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "新增用户", Nav: "users", Form: f, D: v}
	if f.HasErrors() {
		f.Set("password", "")
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_user_form", p)
		return
	}
	u, err := s.App.CreateUser(r.Context(), in)
	if err != nil {
		f.Set("password", "")
		s.FormFailed(w, r, err, "staff_user_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/users", "已新增用户 "+u.Login)
}

// UserEdit shows the form to edit, disable or reset the password of an account.
func (s *Handlers) UserEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	u, err := s.App.User(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v, err := s.userFormView(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	f.Set("name", u.Name)
	f.Set("role", string(u.Role))
	f.Set("agency_id", kit.ID64(u.AgencyID))
	f.Set("officer_id", kit.ID64(u.OfficerID))
	f.SetBool("disabled", u.Disabled)
	s.Render(w, r, http.StatusOK, "staff_user_form", &kit.Page{Title: "编辑用户：" + u.Login, Nav: "users", Form: f, D: v})
}

// UserUpdate saves an account; a new password resets it.
func (s *Handlers) UserUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	u, err := s.App.User(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := userInputOf(f)
	v, err := s.userFormView(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "编辑用户：" + u.Login, Nav: "users", Form: f, D: v}
	if f.HasErrors() {
		f.Set("password", "")
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_user_form", p)
		return
	}
	if _, err := s.App.UpdateUser(r.Context(), id, in); err != nil {
		f.Set("password", "")
		s.FormFailed(w, r, err, "staff_user_form", p)
		return
	}
	msg := "已保存用户 " + u.Login
	if in.Password != "" {
		msg += "，密码已重置"
	}
	s.RedirectFlash(w, r, "/staff/users", msg)
}
