package web

import (
	"net/http"

	"zhifa/app"
)

// The whole-process-recording list API (全过程记录清单, REQUIREMENTS B5, D2).
func (s *Server) recordingAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) apiOp, with func(apiOp, func(*apiOp)) apiOp) []apiOp {
	const acts = "act 为 seize（查封、扣押财产）、demolish（强制拆除）、case_room（执法办案场所内的询问、调查）、inspect（现场检查）、investigate（调查取证）、" +
		"hearing（举行听证）、serve（送达）、release（解除查封、扣押）、execute（现场执行）；level 为 required（必须音像记录，没有 act 对应的音像记录时该办案步骤返回 EGATE）、" +
		"recommended（建议）或 none（文字记录即可）；whole_process 为 true 表示全过程记录，false 表示关键环节。"
	return []apiOp{
		with(op("GET", "/agencies/{id}/recording-list", app.PermStaff, "全过程记录清单", s.apiRecordingList), func(o *apiOp) {
			o.Desc = "执法机关现行的全过程记录清单（current，未制定时为法定要求，version 为0）、各执法行为的要求（acts）及历史版本（versions）。" + acts
			o.Resp = app.RecordingListView{}
		}),
		with(op("PUT", "/agencies/{id}/recording-list", app.PermManageCatalog, "修改全过程记录清单（生成新版本）", s.apiSaveRecordingList), func(o *apiOp) {
			o.Desc = "保存为新版本并记入防篡改账本。version 为所编辑的版本号（尚无清单时为0），已被修改返回 ECONFLICT；未列出的执法行为为 none。" +
				"查封扣押、强制拆除、执法办案场所依法必须全程音像记录（国办发〔2018〕118号（八）），不能删除或降低要求（EGATE）。" + acts
			o.Body, o.Resp = app.RecordingListInput{}, app.RecordingListView{}
		}),
		with(op("GET", "/public/agencies/{id}/recording-list", app.PermPublic, "公示：全过程记录清单", s.apiPublicRecordingList), func(o *apiOp) {
			o.Desc, o.Resp = "执法主体现行的全过程记录清单（不含历史版本）。"+acts, app.RecordingListView{}
		}),
	}
}

func (s *Server) apiRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.RecordingList(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiSaveRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in app.RecordingListInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.SaveRecordingList(r.Context(), id, in)
	apiReply(w, r, http.StatusOK, v, err)
}

func (s *Server) apiPublicRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.PublicRecordingList(publicContext(r), id)
	apiReply(w, r, http.StatusOK, v, err)
}
