package kit

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/law"
	"zhifa/statute"
)

// Assets holds the page templates and the static files.
//
//go:embed templates static
var Assets embed.FS

// Page is what every template receives: the layout's common fields and the page's own
// data in D.
type Page struct {
	Title string
	Actor *app.Actor
	// Staff selects the staff workspace layout (navigation, no-store caching).
	Staff bool
	// Nav names the active navigation entry.
	Nav   string
	Flash string
	Today zhifa.Date
	// Form is the page's form with the submitted values and their errors, if any.
	Form *Form
	// D is the page's own data.
	D any
	// Unread counts the user's unread notifications, shown in the staff header (issue 12).
	Unread int
	// People maps logins to names for the pages that show people recorded by login
	// (people.go).
	People map[string]string
	person func(login string) string
	// ExportLink is the page as an XLSX file with its filters, for the lists' 导出 link.
	ExportLink string
}

// templates maps a page name (its file name under templates/pages without ".html") to
// its template set: the layout, the partials and the page.
var templates = mustParseTemplates()

// StaticVersion maps a static file name to a short hash of its content, for cache busting.
var StaticVersion = hashStatic()

func mustParseTemplates() map[string]*template.Template {
	names, err := fs.Glob(Assets, "templates/pages/*.html")
	if err != nil {
		panic(err)
	}
	out := make(map[string]*template.Template, len(names))
	for _, name := range names {
		t := template.New("layout").Funcs(TemplateFuncs)
		t = template.Must(t.ParseFS(Assets, "templates/layout.html", "templates/partials/*.html", name))
		out[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return out
}

func hashStatic() map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(Assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := Assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}

// TemplateFuncs are the helpers every template may call.
var TemplateFuncs = template.FuncMap{
	"static": func(name string) string {
		return "/static/" + name + "?v=" + StaticVersion[name]
	},
	"fld":        newField,
	"dict":       dict,
	"add":        func(a, b int) int { return a + b },
	"pathEscape": url.PathEscape,
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(zhifa.CST).Format("2006-01-02 15:04")
	},
	"hours":      func(h float64) string { return TrimFloat(h) },
	"filesize":   FormatBytes,
	"deref":      func(f *float64) string { return strconv.FormatFloat(*f, 'f', -1, 64) },
	"stateClass": stateClass,
	"lawLink":    LawLink,
	"actionName": actionName,
	"stepName":   law.ActionLabel,
	"yuan":       law.Yuan, // fen as yuan (agency hearing thresholds)
	"lines": func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	},
}

// dict builds a map from alternating keys and values, to pass several values to a
// partial template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// TrimFloat formats hours without trailing zeros: 60, 2.5.
func TrimFloat(h float64) string {
	s := fmt.Sprintf("%.1f", h)
	return strings.TrimSuffix(s, ".0")
}

// stateClass is the CSS badge class of a certificate state.
func stateClass(s zhifa.CertState) string {
	switch s {
	case zhifa.CertValid:
		return "ok"
	case zhifa.CertSuspended, zhifa.CertNotYet:
		return "warn"
	case "":
		return "muted"
	default:
		return "bad"
	}
}

// LawLink is the law-library address of a basis — the law page with the article's
// anchor — or "" when the library does not hold the law. prefix is "" for the portal and
// "/staff" for the workspace.
func LawLink(prefix string, b zhifa.Basis) string {
	title := strings.Trim(strings.TrimSpace(b.Law), "《》")
	l, ok := statute.Lookup(title)
	if !ok {
		return ""
	}
	u := prefix + "/laws/" + url.PathEscape(l.ShortTitle)
	// The article may carry 款/项 qualifiers or Arabic digits: "第二十八条第一款", "第25条".
	if _, n, err := statute.ParseArticleRef("《" + title + "》" + strings.TrimSpace(b.Article)); err == nil {
		if _, ok := l.Article(n); ok {
			u += fmt.Sprintf("#art-%d", n)
		}
	}
	return u
}

// Render executes the page template name with p and writes it with status. The layout
// is chosen from the path: /staff/... is the workspace.
func (s *Kit) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := templates[name]
	if !ok {
		s.Log.Error("render: no template", "name", name)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	if p.Actor == nil {
		p.Actor = app.ActorFrom(r.Context())
	}
	p.Staff = IsStaffPath(r.URL.Path)
	if p.Staff && p.Actor.LoggedIn() {
		n, err := s.App.UnreadNotifications(r.Context())
		if err != nil {
			s.Log.Error("render: unread notifications", "err", err) // the page is still shown, without the count
		}
		p.Unread = n
	}
	p.ExportLink = exportLink(r)
	p.Today = s.App.Today()
	p.Flash = takeFlash(w, r)
	s.LookupPeople(r, name, p)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("render", "page", name, "err", err)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	setPageHeaders(h, p.Staff)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// contentSecurityPolicy allows only the server's own scripts, styles and images.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// setPageHeaders sets the security and caching headers of an HTML page. Workspace
// pages may carry personal data and are never stored.
func setPageHeaders(h http.Header, staff bool) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	if staff {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Add("Vary", "Cookie")
}

func IsStaffPath(p string) bool { return p == "/staff" || strings.HasPrefix(p, "/staff/") }

// FlashCookie carries a one-time message across a redirect (POST/redirect/GET).
const FlashCookie = "zhifa_flash"

// RedirectFlash answers a successful form with a redirect to target and a message shown
// once on the next page.
func (s *Kit) RedirectFlash(w http.ResponseWriter, r *http.Request, target, msg string) {
	if msg != "" {
		http.SetCookie(w, &http.Cookie{Name: FlashCookie, Value: url.QueryEscape(msg), Path: "/",
			MaxAge: 120, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.HTTPS})
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// takeFlash returns the pending flash message and clears it.
func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(FlashCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: FlashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > 500 {
		return ""
	}
	return msg
}

// ErrorView is the data of the error page.
type ErrorView struct {
	Status  int
	Heading string
	Message string
}

// Fail answers err as an error page in the layout: 404 for a missing (or invisible)
// object, 403 for a forbidden action, 500 for anything internal. A request that needs a
// login is sent to the login page.
func (s *Kit) Fail(w http.ResponseWriter, r *http.Request, err error) {
	code := zhifa.ErrorCode(err)
	if code == zhifa.EUNAUTHORIZED {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := StatusOf(err)
	v := &ErrorView{Status: status, Message: zhifa.ErrorMessage(err)}
	switch status {
	case http.StatusNotFound:
		v.Heading = "页面不存在"
	case http.StatusForbidden:
		v.Heading = "无权访问"
		v.Message = "您的账号无权执行此操作。如有需要，请联系系统管理员。"
	case http.StatusConflict:
		v.Heading = "操作冲突"
	case http.StatusUnprocessableEntity:
		v.Heading = "无法办理"
		var e *zhifa.Error
		if errors.As(err, &e) && e.Rule != "" {
			v.Message += "（依据：" + e.Rule + "）"
		}
	default:
		v.Heading = "系统内部错误"
		s.Log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.Render(w, r, status, "error", &Page{Title: v.Heading, D: v})
}

// NotFound answers the 404 page.
func (s *Kit) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, &zhifa.Error{Code: zhifa.ENOTFOUND, Message: "您访问的页面不存在或已被删除。"})
}

// ServeStatic serves the embedded static files. A request carrying the file's current
// version (?v=) may be cached for a year; otherwise for an hour.
func (s *Kit) ServeStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	version, ok := StaticVersion[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if r.URL.Query().Get("v") == version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	h.Set("ETag", `"`+version+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasSuffix(name, ".txt") {
		h.Set("Content-Type", "text/plain; charset=utf-8")
	}
	http.ServeFileFS(w, r, Assets, "static/"+name)
}
