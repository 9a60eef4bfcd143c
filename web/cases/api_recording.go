package cases

import (
	"net/http"

	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/web/kit"
)

// The whole-process-recording list API (全过程记录清单, REQUIREMENTS B5, D2).
func (s *Handlers) RecordingAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	const acts = "act 为 seize（查封、扣押财产）、demolish（强制拆除）、case_room（执法办案场所内的询问、调查）、inspect（现场检查）、investigate（调查取证）、" +
		"hearing（举行听证）、serve（送达）、release（解除查封、扣押）、execute（现场执行）；level 为 required（必须音像记录，没有 act 对应的音像记录时该办案步骤返回 EGATE）、" +
		"recommended（建议）或 none（文字记录即可）；whole_process 为 true 表示全过程记录，false 表示关键环节。"
	return []kit.APIOp{
		with(op("GET", "/agencies/{id}/recording-list", app.PermStaff, "全过程记录清单", s.apiRecordingList), func(o *kit.APIOp) {
			o.Desc = "执法机关自己的全过程记录清单（current，未制定时为法定要求，version 为0）、现行适用的各执法行为要求（acts：本机关清单并按上级模板从严，from_template 标明由模板从严的项目）、" +
				"上级机关发布的模板（template、template_agency）、清单来源（source：own 本机关、template 沿用上级模板、default 法定要求；source_text 为说明）及历史版本（versions）。" + acts
			o.Resp = evidence.RecordingListView{}
		}),
		with(op("PUT", "/agencies/{id}/recording-list", app.PermManageCatalog, "修改全过程记录清单（生成新版本）", s.apiSaveRecordingList), func(o *kit.APIOp) {
			o.Desc = "保存为新版本并记入防篡改账本。version 为所编辑的版本号（尚无清单时为0），已被修改返回 ECONFLICT；未列出的执法行为为 none。" +
				"查封扣押、强制拆除、执法办案场所依法必须全程音像记录（国办发〔2018〕118号（八）），不能删除或降低要求（EGATE）。" +
				"template 为 true 时作为模板发布给下级机关：下级机关未制定清单的沿用模板，自行制定的只能在模板基础上从严，降低模板要求返回 EGATE（fields 标明 acts[i].level）；非执法主体只能以模板形式发布（否则 EINVALID）。" + acts
			o.Body, o.Resp = evidence.RecordingListInput{}, evidence.RecordingListView{}
		}),
		with(op("GET", "/public/agencies/{id}/recording-list", app.PermPublic, "公示：全过程记录清单", s.apiPublicRecordingList), func(o *kit.APIOp) {
			o.Desc, o.Resp = "执法主体现行的全过程记录清单（不含历史版本）。"+acts, evidence.RecordingListView{}
		}),
	}
}

func (s *Handlers) apiRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Evidence().RecordingList(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSaveRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in evidence.RecordingListInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Evidence().SaveRecordingList(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiPublicRecordingList(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Evidence().PublicRecordingList(kit.PublicContext(r), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}
