package supervision

import (
	"zhifa"
	"zhifa/web/kit"
)

// findingOptions are the choices of a complaint's finding, none chosen first.
func findingOptions() []kit.Option {
	out := []kit.Option{{Value: "", Label: "请选择"}}
	for _, f := range zhifa.ComplaintFindings {
		out = append(out, kit.Option{Value: string(f), Label: f.Label()})
	}
	return out
}
