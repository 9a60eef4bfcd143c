package demo

// SetDemoCases sets the number of demo cases planned and returns a func restoring it:
// tests seed fewer cases to stay fast.
func SetDemoCases(n int) (restore func()) {
	old := demoCases
	demoCases = n
	return func() { demoCases = old }
}
