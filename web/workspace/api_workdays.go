package workspace

import (
	"net/http"

	"zhifa"
	"zhifa/web/kit"
)

func (s *Handlers) APIWorkdaysAdd(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	from := q.Text("from")
	days := q.Int("days", -1, 0, 3650)
	if days < 0 && q.Errs["days"] == "" {
		q.Errs.Add("days", "请提供工作日天数 days")
	}
	d, err := zhifa.ParseDate(from)
	if err != nil && q.Errs["from"] == "" {
		q.Errs.Add("from", "起算日期 from 应为 YYYY-MM-DD")
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	sum, err := s.App.AddWorkdays(r.Context(), d, int(days))
	kit.APIReply(w, r, http.StatusOK, sum, err)
}

func (s *Handlers) APIWorkday(w http.ResponseWriter, r *http.Request) {
	d, err := zhifa.ParseDate(r.PathValue("date"))
	if err != nil {
		kit.WriteError(w, r, kit.APIInvalid("date", "日期应为 YYYY-MM-DD"))
		return
	}
	day, err := s.App.Workday(r.Context(), d)
	kit.APIReply(w, r, http.StatusOK, day, err)
}
