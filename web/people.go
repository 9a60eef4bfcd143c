package web

import "net/http"

// pagesWithPeople are the pages that show people recorded by login (ledger entries,
// certificate state changes, filing reviews, evidence access, list versions); render reads
// the names of the accounts in scope once for them (issue 12: people by name, never by
// login).
var pagesWithPeople = map[string]bool{
	"staff_ledger": true, "staff_ledger_entry": true, "staff_officer": true, "staff_filing": true,
	"staff_evidence": true, "staff_legalreview_catalog": true, "staff_recording_list": true,
}

// lookupPeople fills p.People for the pages that need it. A failed read leaves the map
// empty: the page then says "其他人员" rather than fail.
func (s *Server) lookupPeople(r *http.Request, name string, p *page) {
	if !pagesWithPeople[name] || p.People != nil {
		return
	}
	people, err := s.app.PeopleNames(r.Context())
	if err != nil {
		s.log.Error("people names", "page", name, "err", err)
	}
	p.People = people
}

// Person names the account login for the reader: name and role, never the login itself;
// an account outside the reader's scope is "其他人员", the system "系统".
func (p *page) Person(login string) string {
	switch {
	case login == "":
		return ""
	case p.People[login] != "":
		return p.People[login]
	case login == "system" || login == "demo":
		return "系统"
	}
	return "其他人员"
}
