package web

// registerPages registers the staff workspace and the public portal.
func (s *Server) registerPages() {}
