package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"zhifa"
	"zhifa/casefile"
	"zhifa/ledger"
)

// verifyCaseFile is "zhifa verify --casefile FILE": it checks an exported case file
// (案卷, package casefile) offline, with the keys given by --key and --key-file pinned,
// or else with the key inside the file, which it says plainly.
func verifyCaseFile(e *env, fs *flagSet, path string, keys, keyFiles []string) error {
	var other []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "casefile" && f.Name != "key" && f.Name != "key-file" {
			other = append(other, "--"+f.Name)
		}
	})
	if len(other) > 0 {
		return &usageError{fmt.Sprintf("--casefile checks a file offline; it takes only --key and --key-file, not %s", strings.Join(other, ", "))}
	}
	var opts casefile.Options
	for _, k := range keys {
		key, err := readVerifierKey(k)
		if err != nil {
			return err
		}
		opts.Keys = append(opts.Keys, key)
	}
	for _, name := range keyFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read --key-file: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			if _, err := ledger.NewVerifier(line); err != nil {
				return &usageError{fmt.Sprintf("--key-file %s: %q is not a verifier key: %v", name, line, err)}
			}
			opts.Keys = append(opts.Keys, line)
		}
	}
	rep, err := casefile.VerifyFile(path, opts)
	if err != nil {
		if _, ok := err.(*casefile.Error); ok {
			return fmt.Errorf("case file %s diverges 案卷核验不通过: %v", path, err)
		}
		return fmt.Errorf("case file %s: %v", path, err)
	}
	m := rep.Manifest
	w := e.stdout
	fmt.Fprintf(w, "case file %s\n", path)
	fmt.Fprintf(w, "  case %s (id %d), %s, %s; exported %s by %s\n", m.Case.Number, m.Case.ID, m.Case.Agency, m.Case.StageLabel,
		m.ExportedAt.In(zhifa.CST).Format(time.DateTime), m.ExportedByLogin)
	cp := rep.Checkpoint
	fmt.Fprintf(w, "  checkpoint of ledger %s, size %d\n    SHA-256 root %s\n    SM3 root     %s\n", cp.Origin, cp.Size, cp.Root, cp.SM3Root)
	if rep.Pinned {
		fmt.Fprintf(w, "  signature verified with the pinned key(s): %s\n", strings.Join(rep.Keys, ", "))
		if !slices.Equal(rep.Keys, rep.FileKeys) {
			fmt.Fprintf(w, "  (the key(s) inside the file differ from the pinned ones and were not used: %s)\n", strings.Join(rep.FileKeys, ", "))
		}
	} else {
		fmt.Fprintf(w, "  signature verified with the key INSIDE THE FILE, NOT PINNED: %s\n", strings.Join(rep.Keys, ", "))
		fmt.Fprintf(e.stderr, "note: the verifier key is not pinned: the check used the key inside the case file, so it shows only that the file agrees with itself. "+
			"Pass --key (or --key-file) with the key obtained independently (the portal's /ledger/key) to pin it. 未固定验证公钥\n")
	}
	fmt.Fprintf(w, "  seal: ledger entry %d (%s by %s at %s) matches manifest.json\n", rep.SealIndex, rep.Seal.Kind, rep.Seal.Actor,
		rep.Seal.Time.In(zhifa.CST).Format(time.DateTime))
	fmt.Fprintf(w, "  %d ledger entries proven included in both trees (SHA-256 and SM3) of the checkpoint\n", rep.Entries+1)
	if rep.Opened > 0 {
		fmt.Fprintf(w, "  %d committed field(s) opened: each value and salt reproduce the entry's SHA-256 and SM3 commitment\n", rep.Opened)
	}
	fmt.Fprintf(w, "  %d events and %d records match their entries\n", len(m.Events), len(m.Records))
	fmt.Fprintf(w, "  %d evidence file(s), %s, rehashed with SHA-256 and SM3: all match their entries\n", rep.Files, humanBytes(rep.Bytes))
	if rep.Pinned {
		fmt.Fprintln(w, "OK: the case file is intact 案卷完整")
	} else {
		fmt.Fprintln(w, "OK (key not pinned): the case file is intact against its own key 案卷完整（未固定公钥）")
	}
	return nil
}
