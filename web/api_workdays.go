package web

import (
	"net/http"

	"zhifa"
)

func (s *Server) apiWorkdaysAdd(w http.ResponseWriter, r *http.Request) {
	q := newAPIQuery(r)
	from := q.text("from")
	days := q.int("days", -1, 0, 3650)
	if days < 0 && q.errs["days"] == "" {
		q.errs.Add("days", "请提供工作日天数 days")
	}
	d, err := zhifa.ParseDate(from)
	if err != nil && q.errs["from"] == "" {
		q.errs.Add("from", "起算日期 from 应为 YYYY-MM-DD")
	}
	if err := q.err(); err != nil {
		writeError(w, r, err)
		return
	}
	sum, err := s.App.AddWorkdays(r.Context(), d, int(days))
	apiReply(w, r, http.StatusOK, sum, err)
}

func (s *Server) apiWorkday(w http.ResponseWriter, r *http.Request) {
	d, err := zhifa.ParseDate(r.PathValue("date"))
	if err != nil {
		writeError(w, r, apiInvalid("date", "日期应为 YYYY-MM-DD"))
		return
	}
	day, err := s.App.Workday(r.Context(), d)
	apiReply(w, r, http.StatusOK, day, err)
}
