package app

import "zhifa/app/kernel"

// Field length limits, in characters.
const (
	maxShort = kernel.MaxShort // names, numbers, codes
	maxText  = kernel.MaxText  // free text: duties, basis text, procedures
)

// checker validates input fields and collects Chinese messages per field.
type checker = kernel.Checker

func newChecker() *checker { return kernel.NewChecker() }

// fieldError is an EINVALID error about one field.
func fieldError(field, msg string) error { return kernel.FieldError(field, msg) }

// The input of a case step is the kernel's: the pipeline's stages read it (kernel.StepRun).
type (
	ActionInput   = kernel.ActionInput
	ReviewInput   = kernel.ReviewInput
	MaterialInput = kernel.MaterialInput
	TransferInput = kernel.TransferInput
)
