package ledger

import (
	"errors"
	"io"
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// The electronic seal in the JSON API (issue 12): an agency's seal keys for its admin,
// and for everyone the seal register and the verification of a PDF.

func (s *Handlers) SealAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/agencies/{id}/seals", app.PermManageAgencies, "机关的电子印章", s.apiAgencySeals), func(o *kit.APIOp) {
			o.Desc = "机关的全部电子印章（在用 active、已停用 retired、已吊销 revoked），新的在前；仅管理范围覆盖该机关的系统管理员可以查看。configured 为 false 表示本系统未配置电子印章证书机构。"
			o.Resp = agencySealsResponse{}
		}),
		with(op("POST", "/agencies/{id}/seals", app.PermManageAgencies, "生成或更换电子印章", s.apiGenerateSeal), func(o *kit.APIOp) {
			o.Desc = "为机关生成电子印章：algorithm 为 sm2（默认）或 rsa3072；证书由本系统的电子印章证书机构签发，私钥加密保存。机关已有在用印章的，原印章停用（此前签章的文书仍然有效）。生成记入防篡改账本（seal.key）。"
			o.Body, o.Resp, o.Status = app.SealKeyInput{}, zhifa.SealKey{}, http.StatusCreated
		}),
		with(op("POST", "/seals/{id}/revoke", app.PermManageAgencies, "吊销电子印章", s.apiRevokeSeal), func(o *kit.APIOp) {
			o.Desc = "吊销电子印章，reason 必填（不超过100字，不公示）。吊销后不再签章；吊销前签章并记入账本的文书仍然有效。吊销记入防篡改账本（seal.revoke）。"
			o.Body, o.Resp = app.SealRevoke{}, zhifa.SealKey{}
		}),
		with(op("GET", "/public/seals", app.PermPublic, "电子印章公示", s.apiPublicSeals), func(o *kit.APIOp) {
			o.Desc = "各机关的电子印章证书（机关、状态、算法、证书 SHA-256 指纹、有效期），新的在前；after 为上一页的 next。证书本身在 /seals/{id}/cert.pem，证书机构的证书在 /seals/ca.pem。"
			o.Query = []kit.APIParam{{Name: "after", Type: "integer", Desc: "上一页答复中的 next"}}
			o.Resp = app.SealKeyPage{}
		}),
		with(op("POST", "/public/seals/verify", app.PermPublic, "核验文书 PDF 的电子签章", s.apiVerifySeal), func(o *kit.APIOp) {
			o.Desc = "上传 PDF（不超过20 MB，不保存），核对电子签章覆盖整个文件、证书由本系统的电子印章证书机构签发、印章未在签章前吊销、文件就是签发时记入防篡改账本的那一份。valid 为核验结论，problems 说明不通过的原因。"
			o.Upload, o.FileDesc, o.Resp = true, "待核验的 PDF 文书", app.SealCheck{}
		}),
	}
}

// agencySealsResponse is an agency's seal register.
type agencySealsResponse struct {
	Configured bool             `json:"configured"`
	Keys       []*zhifa.SealKey `json:"keys"`
}

func (s *Handlers) apiAgencySeals(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.AgencySealKeys(r.Context(), id)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	kit.APIReply(w, r, http.StatusOK, agencySealsResponse{Configured: list.Configured, Keys: append([]*zhifa.SealKey{}, list.Keys...)}, nil)
}

func (s *Handlers) apiGenerateSeal(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.SealKeyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	k, err := s.App.GenerateSealKey(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, k, err)
}

func (s *Handlers) apiRevokeSeal(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.SealRevoke
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	k, err := s.App.RevokeSealKey(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, k, err)
}

func (s *Handlers) apiPublicSeals(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	after := q.Int("after", 0, 0, 1<<62)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.PublicSealKeys(kit.APIPublicCtx(r), after)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiVerifySeal(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxSealedPDFSize+1<<20)
	file, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		msg := "请以 multipart/form-data 上传文件，文件放在 file 字段"
		if errors.As(err, &tooBig) {
			msg = "文件超过 20 MB，不是本系统签发的文书"
		}
		kit.WriteError(w, r, &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Fields: map[string]string{"file": msg}})
		return
	}
	defer file.Close()
	pdf, err := io.ReadAll(io.LimitReader(file, app.MaxSealedPDFSize+1))
	if err != nil {
		kit.WriteError(w, r, &zhifa.Error{Code: zhifa.EINVALID, Message: "文件读取失败，请重新上传", Err: err})
		return
	}
	check, err := s.App.VerifyPDF(kit.APIPublicCtx(r), pdf)
	kit.APIReply(w, r, http.StatusOK, check, err)
}
