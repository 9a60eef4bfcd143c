package web

import (
	"net/http"
	"net/url"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// loginView is the data of the login page.
type loginView struct {
	Next string
}

// safeNext returns next if it is a local path of this site, else the workspace home. It
// keeps the login page from redirecting anywhere else (open redirect).
func safeNext(next string) string {
	const home = "/staff/"
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	return next
}

// loginForm shows the login page; a logged-in user goes on to next.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if app.ActorFrom(r.Context()).LoggedIn() {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.Render(w, r, http.StatusOK, "login", &kit.Page{Title: "登录", Form: kit.NewForm(), D: &loginView{Next: next}})
}

// loginSubmit checks the login and opens a browser session. A failed login shows the
// form again with the login name kept and the password cleared.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	next := safeNext(f.V("next"))
	token, user, err := s.App.Login(r.Context(), f.V("login"), f.V("password"), zhifa.SessionUI)
	if err != nil {
		f.Fail(err)
		f.Set("password", "")
		s.Render(w, r, kit.StatusOf(err), "login", &kit.Page{Title: "登录", Form: f, D: &loginView{Next: next}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: kit.SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.HTTPS})
	s.RedirectFlash(w, r, next, "欢迎您，"+user.Name)
}

// logout ends the session and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if token := kit.SessionToken(r); token != "" {
		if err := s.App.Logout(r.Context(), token); err != nil {
			s.Log.Warn("logout", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: kit.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.HTTPS})
	s.RedirectFlash(w, r, "/", "您已安全退出")
}

// passwordForm shows the change-password page.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.Render(w, r, http.StatusOK, "password", &kit.Page{Title: "修改密码", Nav: "password", Form: kit.NewForm()})
}

// passwordSubmit changes the actor's own password.
func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	if f.V("password") != f.V("password2") {
		f.Invalid("password2", "两次输入的新密码不一致")
	}
	var err error
	if !f.HasErrors() {
		err = s.App.ChangePassword(r.Context(), f.V("old_password"), f.V("password"))
		if err != nil {
			f.Fail(err)
		}
	}
	if f.HasErrors() {
		if err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID {
			s.Fail(w, r, err)
			return
		}
		for _, k := range []string{"old_password", "password", "password2"} {
			f.Set(k, "")
		}
		s.Render(w, r, http.StatusUnprocessableEntity, "password", &kit.Page{Title: "修改密码", Nav: "password", Form: f})
		return
	}
	s.RedirectFlash(w, r, "/staff/", "密码已修改")
}
