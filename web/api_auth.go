package web

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// loginRequest is the body of POST /api/v1/login.
type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// loginResponse answers a successful login.
type loginResponse struct {
	Token     string      `json:"token"`
	TokenType string      `json:"token_type"` // always "Bearer"
	ExpiresIn int         `json:"expires_in"` // seconds
	User      *zhifa.User `json:"user"`
}

// meResponse is the actor's own account with its agency and permissions.
type meResponse struct {
	*zhifa.User
	AgencyName  string           `json:"agency_name"`
	Permissions []app.Permission `json:"permissions"`
}

// apiPermissions lists every permission, for GET /api/v1/me.
var apiPermissions = []app.Permission{
	app.PermStaff, app.PermManageAgencies, app.PermManageUsers, app.PermManageOfficers, app.PermRecordTraining,
	app.PermManageCatalog, app.PermReadPersonalData, app.PermReadAudit, app.PermSupervise, app.PermRecordEvidence,
	app.PermReadAccessLog,
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if len(in.Login) > 64 || len(in.Password) > 256 {
		kit.WriteError(w, r, zhifa.Errorf(zhifa.EINVALID, "登录名或密码过长"))
		return
	}
	token, user, err := s.App.Login(r.Context(), in.Login, in.Password, zhifa.SessionAPI)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	kit.WriteJSON(w, http.StatusOK, loginResponse{Token: token, TokenType: "Bearer", ExpiresIn: int(app.APITokenLifetime.Seconds()), User: user})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Logout(r.Context(), kit.SessionToken(r)); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u, err := s.App.Me(r.Context())
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	out := meResponse{User: u, Permissions: []app.Permission{}}
	if ag, err := s.App.Personnel().Agency(r.Context(), u.AgencyID); err == nil {
		out.AgencyName = ag.Name
	}
	actor := app.ActorFrom(r.Context())
	for _, p := range apiPermissions {
		if actor.Can(p) {
			out.Permissions = append(out.Permissions, p)
		}
	}
	kit.WriteJSON(w, http.StatusOK, out)
}
