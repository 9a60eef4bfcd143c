package cases

import (
	"fmt"
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/law"
	"zhifa/web/kit"
)

// The whole-process-recording list pages (全过程记录清单, REQUIREMENTS B5, D2): everyone on
// the staff reads an agency's list, where it comes from (its own, a superior's template
// or the statutory default) and its versions; admins save a new version, optionally
// published as a template for the agencies below; the portal shows the current list to
// the public (C1).

// RegisterRecordingPages registers the recording-list pages.
func (s *Handlers) RegisterRecordingPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc),
	pub func(method, pattern, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/agencies/{id}/recording-list", app.PermStaff, "全过程记录清单", s.recordingListPage)
	staff("POST", "/staff/agencies/{id}/recording-list", app.PermManageCatalog, "修改全过程记录清单", s.recordingListSave)
	pub("GET", "/agencies/{id}/recording-list", "全过程记录清单公示", s.portalRecordingList)
}

// recordingRow is one act of the list editor.
type recordingRow struct {
	evidence.RecordingActView
	N int
	// Levels are the choices of the act: a statutory act has only "required".
	Levels []kit.Option
}

// recordingPageView is the data of the staff list page.
type recordingPageView struct {
	*evidence.RecordingListView
	Rows    []recordingRow
	Version int
	Note    string
	Publish bool // the form's "publish as a template" choice; not Template, which is the superior's
}

var recordingLevels = []zhifa.RecordingLevel{zhifa.RecordingRequired, zhifa.RecordingRecommended, zhifa.RecordingNone}

func (s *Handlers) recordingListPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.renderRecordingList(w, r, http.StatusOK, id, nil, nil)
}

// renderRecordingList shows the list page; a failed form's choices and problems are
// shown again.
func (s *Handlers) renderRecordingList(w http.ResponseWriter, r *http.Request, status int, id int64, f *kit.Form, posted *evidence.RecordingListInput) {
	lv, err := s.App.Evidence().RecordingList(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f == nil {
		f = kit.NewForm()
	}
	v := &recordingPageView{RecordingListView: lv, Version: lv.Current.Version, Note: "", Publish: lv.Current.Template}
	chosen := map[string]zhifa.RecordingAct{}
	if posted != nil {
		v.Version, v.Note, v.Publish = posted.Version, posted.Note, posted.Template
		for _, a := range posted.Acts {
			chosen[a.Act] = a
		}
	}
	for i, a := range lv.Acts {
		row := recordingRow{RecordingActView: a, N: i}
		if p, ok := chosen[a.Act]; ok {
			row.Level, row.WholeProcess, row.Note = p.Level, p.WholeProcess, p.Note
		}
		// Below a template the choices start at the template's level (B5: only tighten).
		floor := zhifa.RecordingNone
		if lv.Template != nil {
			floor = law.RecordingActOf(lv.Template, a.Act).Level
		}
		for _, l := range recordingLevels {
			if a.Statutory && l != zhifa.RecordingRequired || floor == zhifa.RecordingRequired && l != zhifa.RecordingRequired ||
				floor == zhifa.RecordingRecommended && l == zhifa.RecordingNone {
				continue
			}
			row.Levels = append(row.Levels, kit.Option{Value: string(l), Label: l.Label()})
		}
		v.Rows = append(v.Rows, row)
	}
	s.Render(w, r, status, "staff_recording_list", &kit.Page{Title: "全过程记录清单", Nav: "agencies", Form: f, D: v})
}

func (s *Handlers) recordingListSave(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := evidence.RecordingListInput{Version: int(f.Int("version")), Note: f.V("note"), Template: f.V("template") == "1"}
	for i := 0; i < 50; i++ {
		p := fmt.Sprintf("act_%d_", i)
		act := f.V(p + "act")
		if act == "" {
			break
		}
		in.Acts = append(in.Acts, zhifa.RecordingAct{Act: act, Level: zhifa.RecordingLevel(f.V(p + "level")),
			WholeProcess: f.V(p+"scope") == "whole", Note: f.V(p + "note")})
	}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Evidence().SaveRecordingList(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, fmt.Sprintf("/staff/agencies/%d/recording-list", id), "全过程记录清单已保存为新版本，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	f.Show("acts")
	s.renderRecordingList(w, r, kit.StatusOf(err), id, f, &in)
}

func (s *Handlers) portalRecordingList(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	lv, err := s.App.Evidence().PublicRecordingList(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "recording_list", &kit.Page{Title: lv.AgencyName + "全过程记录清单", Nav: "agencies", D: lv})
}

// pendingAVAct is the act of the first A/V requirement still unmet on the case (D2, B5),
// "" if none: the case page's upload form preselects it.
func pendingAVAct(missing []law.Unmet) string {
	for _, m := range missing {
		if law.IsAVRule(m.Rule) {
			return law.AVAct(m.Action)
		}
	}
	return ""
}
