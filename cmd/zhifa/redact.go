package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"zhifa/law"
)

// maxRedactInput bounds the text redact reads: a decision is a few pages.
const maxRedactInput = 4 << 20

// personFlags collects repeated --person values.
type personFlags []string

func (p *personFlags) String() string     { return strings.Join(*p, ",") }
func (p *personFlags) Set(v string) error { *p = append(*p, v); return nil }

// cmdRedact applies the publication's redaction rules (law.Redact; 政府信息公开条例第十五条,
// 市场监督管理行政处罚信息公示规定第六条) to standard input: for operators checking a text
// before publishing it by hand, and for testing the rules.
func cmdRedact(_ context.Context, e *env, args []string) error {
	var persons, minors, keep, secrets personFlags
	fs := newFlagSet(e, "redact", "[--person NAME]... [--minor NAME]... [--keep TEXT]... [--secret TEXT]... < text > public-text",
		"Writes the public version of the text on standard input: natural persons named with --person as\n"+
			"surname + 某 (--minor: removed), and 身份证号, phone numbers, bank accounts, licence plates, e-mail\n"+
			"and house numbers wherever they appear. 按执法决定公示规则处理文本。 The redactions made are listed on\n"+
			"standard error.")
	fs.Var(&persons, "person", "a natural person named in the text (repeatable)")
	fs.Var(&minors, "minor", "a minor named in the text, removed entirely (repeatable)")
	fs.Var(&keep, "keep", "text that stays as written, e.g. a legal person's name (repeatable)")
	fs.Var(&secrets, "secret", "a trade secret to remove (repeatable)")
	if err := fs.parse(args); err != nil {
		return err
	}
	in, err := io.ReadAll(io.LimitReader(e.stdin, maxRedactInput+1))
	if err != nil {
		return fmt.Errorf("read standard input: %w", err)
	}
	if len(in) > maxRedactInput {
		return fmt.Errorf("input longer than %d bytes", maxRedactInput)
	}
	out, made := law.Redact(string(in), law.RedactInput{Persons: append(persons, minors...), Minors: minors,
		Keep: keep, Secrets: secrets})
	if _, err := io.WriteString(e.stdout, out); err != nil {
		return err
	}
	for _, r := range made {
		fmt.Fprintf(e.stderr, "%s\t%s\n", law.RedactLabel(r.Kind), r.Original)
	}
	return nil
}
