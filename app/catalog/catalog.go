// Package catalog is the bounded context of what agencies enforce and how they weigh it
// (issue 16; REQUIREMENTS B1–B4, C1): the catalog of enforcement items (执法事项) with their
// legal bases linked to the law library, the discretion benchmarks (裁量基准, B3) and the
// four lists (四张清单, B4).
//
// Who may do what:
//   - The catalog, the benchmarks and the lists are public (C1; 行政处罚法第三十四条:
//     裁量基准应当向社会公布): anyone reads them, on the portal and through the API. Staff
//     list the items of their scope; the public, every agency's.
//   - Editing needs PermManageCatalog and the item's (or the list's) agency in scope.
//     Every change of an item or a benchmark is a new version; a stale version answers
//     ECONFLICT. Every benchmark or list write appends one ledger entry with a digest of
//     the published content, so a published benchmark cannot be altered silently.
//   - Every new benchmark version and every change of an agency's own list entries is
//     filed with the justice bureau in the same transaction (B3, RuleFiler); the ledger
//     entry's meta names the filing.
package catalog

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// RuleFiler files a changed benchmark or four-lists entry with the justice bureau in the change's transaction (app/filing).
type RuleFiler interface {
	FileBenchmark(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, item *zhifa.Item, b *zhifa.Benchmark, note string) (*zhifa.Filing, error)
	FileListEntry(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, e *zhifa.ListEntry, itemCode string) (*zhifa.Filing, error)
}

// Service is the catalog context over the kernel.
type Service struct {
	k     kernel.Kernel
	filer RuleFiler
}

// New returns the catalog context over k, filing rule changes through filer.
func New(k kernel.Kernel, filer RuleFiler) *Service { return &Service{k: k, filer: filer} }
