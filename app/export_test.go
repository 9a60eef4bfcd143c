package app

// PasswordChecks is how many password checks a has run (auth_test.go).
func (a *App) PasswordChecks() int64 { return a.passwords.checks.Load() }

// DummyPasswordHash is the hash an unknown login is checked against (auth_test.go).
func (a *App) DummyPasswordHash() string { return a.passwords.dummyHash() }
