// Command coredns is CoreDNS with only the plugins the local cluster's real node needs: cluster DNS
// for Services and pods (kubernetes), answered from memory (cache), on one address (bind), with
// health and readiness endpoints. There is deliberately no forward plugin: nothing is resolved
// outside the cluster.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
)

// directives orders the plugins as CoreDNS's own plugin.cfg does.
var directives = []string{"bind", "ready", "health", "errors", "cache", "kubernetes"}

func init() { dnsserver.Directives = directives }

func main() { coremain.Run() }
