package web

import (
	"net/http"
	"net/url"
	"strings"

	"zhifa"
	"zhifa/app"
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
	s.render(w, r, http.StatusOK, "login", &page{Title: "登录", Form: newForm(), D: &loginView{Next: next}})
}

// loginSubmit checks the login and opens a browser session. A failed login shows the
// form again with the login name kept and the password cleared.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := postedForm(r)
	next := safeNext(f.V("next"))
	token, user, err := s.App.Login(r.Context(), f.V("login"), f.V("password"), zhifa.SessionUI)
	if err != nil {
		f.Fail(err)
		f.Set("password", "")
		s.render(w, r, statusOf(err), "login", &page{Title: "登录", Form: f, D: &loginView{Next: next}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.HTTPS})
	s.redirectFlash(w, r, next, "欢迎您，"+user.Name)
}

// logout ends the session and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if token := sessionToken(r); token != "" {
		if err := s.App.Logout(r.Context(), token); err != nil {
			s.Log.Warn("logout", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.HTTPS})
	s.redirectFlash(w, r, "/", "您已安全退出")
}

// passwordForm shows the change-password page.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", &page{Title: "修改密码", Nav: "password", Form: newForm()})
}

// passwordSubmit changes the actor's own password.
func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	f := postedForm(r)
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
			s.fail(w, r, err)
			return
		}
		for _, k := range []string{"old_password", "password", "password2"} {
			f.Set(k, "")
		}
		s.render(w, r, http.StatusUnprocessableEntity, "password", &page{Title: "修改密码", Nav: "password", Form: f})
		return
	}
	s.redirectFlash(w, r, "/staff/", "密码已修改")
}
