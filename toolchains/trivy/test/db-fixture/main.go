// Command db-fixture builds a small, real trivy vulnerability DB (trivy.db and
// metadata.json, schema 2) from the GitHub advisories in advisories/, with trivy-db's
// own GHSA source and build steps, for scans that must not reach a registry:
//
//	go run . OUTPUT_DIR
//
// OUTPUT_DIR is the db/ folder of a trivy cache dir. NextUpdate is a century away, so
// trivy never asks to refresh it.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/aquasecurity/trivy-db/pkg/db"
	"github.com/aquasecurity/trivy-db/pkg/metadata"
	"github.com/aquasecurity/trivy-db/pkg/types"
	"github.com/aquasecurity/trivy-db/pkg/vulndb"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/ghsa"
	"github.com/aquasecurity/trivy-db/pkg/vulnsrc/vulnerability"
)

const validFor = 100 * 365 * 24 * time.Hour

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . OUTPUT_DIR")
		os.Exit(2)
	}
	if err := build(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "db-fixture:", err)
		os.Exit(1)
	}
}

func build(out string) error {
	_, self, _, _ := runtime.Caller(0)
	// The GHSA source reads advisories from ROOT/ghsa and CocoaPods specs from
	// ROOT/cocoapods-specs/Specs, which must exist even empty (git keeps no empty folder).
	root, err := os.MkdirTemp("", "db-fixture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	ghsaDir := filepath.Join(filepath.Dir(self), "advisories", "ghsa")
	if err := os.Symlink(ghsaDir, filepath.Join(root, "ghsa")); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(root, "cocoapods-specs", "Specs"), 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := db.Init(out); err != nil {
		return err
	}
	defer db.Close()
	sources := map[types.SourceID]vulnsrc.VulnSrc{vulnerability.GHSA: ghsa.NewVulnSrc()}
	if err := vulndb.New(root, out, validFor, vulndb.WithVulnSrcs(sources)).
		Build([]string{string(vulnerability.GHSA)}); err != nil {
		return err
	}
	// As trivy records a download, so the DB reads as freshly fetched.
	client := metadata.NewClient(out)
	meta, err := client.Get()
	if err != nil {
		return err
	}
	meta.DownloadedAt = meta.UpdatedAt
	return client.Update(meta)
}
