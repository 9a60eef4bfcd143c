package ledger

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/seal"
	"zhifa/web/kit"
)

// The electronic seal pages (issue 12): the agency admin's seal keys (generate, rotate,
// revoke), and on the portal the register of seal certificates with the CA's, and the
// verification of a PDF anyone uploads.

func (s *Handlers) RegisterSealPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc),
	pub func(method, pattern, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/agencies/{id}/seals", app.PermManageAgencies, "电子印章管理", s.sealKeysPage)
	staff("POST", "/staff/agencies/{id}/seals", app.PermManageAgencies, "生成或更换电子印章", s.sealKeyGenerate)
	staff("POST", "/staff/seals/{id}/revoke", app.PermManageAgencies, "吊销电子印章", s.sealKeyRevoke)
	pub("GET", "/seals", "电子印章公示", s.portalSeals)
	pub("GET", "/seals/ca.pem", "电子印章证书机构证书", s.portalSealCA)
	pub("GET", "/seals/{id}/cert.pem", "电子印章证书", s.portalSealCert)
	pub("GET", "/seals/verify", "文书电子签章核验", s.sealVerifyForm)
	pub("POST", "/seals/verify", "文书电子签章核验", s.sealVerifySubmit)
}

// sealKeyRow is one key on the admin's page.
type sealKeyRow struct {
	*zhifa.SealKey
	AlgorithmLabel string
}

// sealKeysView is the admin's seal page of one agency.
type sealKeysView struct {
	Agency     *zhifa.Agency
	Keys       []sealKeyRow
	Active     bool
	Configured bool
	Algorithms []kit.Option
}

func (s *Handlers) sealKeysPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	list, err := s.App.AgencySealKeys(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &sealKeysView{Agency: list.Agency, Configured: list.Configured,
		Algorithms: []kit.Option{{Value: string(seal.SM2), Label: seal.SM2.Label()}, {Value: string(seal.RSA3072), Label: seal.RSA3072.Label()}}}
	for _, k := range list.Keys {
		v.Keys = append(v.Keys, sealKeyRow{SealKey: k, AlgorithmLabel: seal.Algorithm(k.Algorithm).Label()})
		v.Active = v.Active || k.State == zhifa.SealActive
	}
	s.Render(w, r, http.StatusOK, "staff_seals", &kit.Page{Title: "电子印章 " + list.Agency.Name, Nav: "agencies", D: v})
}

// sealsAnswer answers a seal form: a refusal the admin can fix returns to the page with
// its message; anything else (scope, permission) is an error page.
func (s *Handlers) sealsAnswer(w http.ResponseWriter, r *http.Request, agencyID int64, err error, done string) {
	target := "/staff/agencies/" + strconv.FormatInt(agencyID, 10) + "/seals"
	switch zhifa.ErrorCode(err) {
	case "":
		s.RedirectFlash(w, r, target, done)
	case zhifa.EINVALID, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, target, "未能完成："+zhifa.ErrorMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

func (s *Handlers) sealKeyGenerate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	k, err := s.App.GenerateSealKey(r.Context(), id, app.SealKeyInput{Algorithm: kit.PostedForm(r).V("algorithm")})
	done := ""
	if err == nil {
		done = "已生成电子印章（" + seal.Algorithm(k.Algorithm).Label() + "，证书指纹 " + k.Fingerprint[:16] + "…），此后签发的文书加盖此印章；生成记录已记入防篡改账本"
	}
	s.sealsAnswer(w, r, id, err, done)
}

func (s *Handlers) sealKeyRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	k, err := s.App.RevokeSealKey(r.Context(), id, app.SealRevoke{Reason: f.V("reason")})
	// The page to return to: the key's agency, or for a refused form the one it came from.
	agency, _ := strconv.ParseInt(f.V("agency"), 10, 64)
	if k != nil {
		agency = k.AgencyID
	}
	if err != nil && agency <= 0 {
		s.Fail(w, r, err)
		return
	}
	s.sealsAnswer(w, r, agency, err, "已吊销电子印章，此后不再用于签章；吊销记录已记入防篡改账本")
}

// portalSealsView is the public seal register.
type portalSealsView struct {
	Page *app.SealKeyPage
	CA   bool
}

func (s *Handlers) portalSeals(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	p, err := s.App.PublicSealKeys(kit.PublicContext(r), max(after, 0))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &portalSealsView{Page: p, CA: s.App.SealCACertificate() != nil}
	s.Render(w, r, http.StatusOK, "seals", &kit.Page{Title: "电子印章公示", Nav: "seals", D: v})
}

func servePEM(w http.ResponseWriter, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/x-pem-file")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b)
}

func (s *Handlers) portalSealCA(w http.ResponseWriter, r *http.Request) {
	b := s.App.SealCACertificate()
	if b == nil {
		s.NotFound(w, r)
		return
	}
	servePEM(w, "seal-ca.pem", b)
}

func (s *Handlers) portalSealCert(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	b, k, err := s.App.SealCertificate(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	servePEM(w, "seal-"+k.Fingerprint[:16]+".pem", b)
}

// sealVerifyView is the verification page: the form, and the result of an upload.
type sealVerifyView struct {
	Check   *app.SealCheck
	Message string
	MaxMB   int
}

func (s *Handlers) sealVerifyForm(w http.ResponseWriter, r *http.Request) {
	s.Render(w, r, http.StatusOK, "seal_verify", &kit.Page{Title: "文书电子签章核验", Nav: "seals", D: &sealVerifyView{MaxMB: app.MaxSealedPDFSize >> 20}})
}

// sealVerifySubmit verifies an uploaded PDF; the file is read into memory within the
// size limit and kept nowhere.
func (s *Handlers) sealVerifySubmit(w http.ResponseWriter, r *http.Request) {
	v := &sealVerifyView{MaxMB: app.MaxSealedPDFSize >> 20}
	answer := func(status int) {
		s.Render(w, r, status, "seal_verify", &kit.Page{Title: "文书电子签章核验", Nav: "seals", D: v})
	}
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxSealedPDFSize+1<<20)
	file, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.Message = "文件超过 " + strconv.Itoa(v.MaxMB) + " MB，不是本系统签发的文书"
		} else {
			v.Message = "请选择要核验的 PDF 文件"
		}
		answer(http.StatusUnprocessableEntity)
		return
	}
	defer file.Close()
	pdf, err := io.ReadAll(io.LimitReader(file, app.MaxSealedPDFSize+1))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Check, err = s.App.VerifyPDF(kit.PublicContext(r), pdf)
	if err != nil {
		if zhifa.ErrorCode(err) != zhifa.EINVALID {
			s.Fail(w, r, err)
			return
		}
		v.Message = zhifa.ErrorMessage(err)
		if fields := fieldMessages(err); len(fields) > 0 {
			v.Message = strings.Join(fields, "；")
		}
		answer(http.StatusUnprocessableEntity)
		return
	}
	answer(http.StatusOK)
}

// fieldMessages lists the field messages of an EINVALID error.
func fieldMessages(err error) []string {
	var out []string
	for _, m := range zhifa.ErrorFields(err) {
		out = append(out, m)
	}
	return out
}
