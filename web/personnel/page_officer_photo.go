package personnel

import (
	"errors"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// Officers' photos (issue #12): the admin uploads the photo on the officer's page; the
// officer's page and the public certificate check show it.

// RegisterOfficerPhotoPages registers the upload and the two ways to see a photo.
func (s *Handlers) RegisterOfficerPhotoPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc),
	pub func(method, pattern, summary string, h http.HandlerFunc)) {
	staff("POST", "/staff/officers/{id}/photo", app.PermManageOfficers, "上传执法人员照片", s.officerPhotoUpload)
	staff("GET", "/staff/officers/{id}/photo", app.PermStaff, "执法人员照片", s.officerPhotoStaff)
	pub("GET", "/officers/{id}/photo", "执法人员照片（公示）", s.officerPhotoPublic)
}

// officerPhotoUpload stores the posted photo (form field "photo") and returns to the page.
func (s *Handlers) officerPhotoUpload(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, personnel.MaxOfficerPhoto+64<<10)
	f, _, err := r.FormFile("photo")
	if err != nil {
		var tooBig *http.MaxBytesError
		msg := "请选择照片文件"
		if errors.As(err, &tooBig) {
			msg = "照片不能超过2 MiB，请压缩后上传"
		}
		s.Fail(w, r, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: zhifa.FieldErrors{"photo": msg}})
		return
	}
	defer f.Close()
	if _, err := s.App.Personnel().SetOfficerPhoto(r.Context(), id, f); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/officers/"+strconv.FormatInt(id, 10), "已上传照片")
}

func (s *Handlers) officerPhotoStaff(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	p, o, err := s.App.Personnel().OfficerPhoto(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer o.Close()
	servePhoto(w, r, p, o, "private, no-store")
}

func (s *Handlers) officerPhotoPublic(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	p, o, err := s.App.Personnel().PublicOfficerPhoto(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer o.Close()
	servePhoto(w, r, p, o, "public, max-age=300")
}

// servePhoto answers the picture with its sniffed type; its ETag is its SHA-256.
func servePhoto(w http.ResponseWriter, r *http.Request, p *zhifa.OfficerPhoto, o interface {
	Read([]byte) (int, error)
	Seek(int64, int) (int64, error)
}, cache string) {
	h := w.Header()
	h.Set("Content-Type", p.MIME)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Cache-Control", cache)
	h.Set("ETag", `"`+p.SHA256+`"`)
	http.ServeContent(w, r, "", p.UploadedAt, o)
}
