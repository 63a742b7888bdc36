/// The checkout's `Makefile`, `Tiltfile` and starting `tilt-settings.yaml`.
extension CapzCheckout {
    /// A short Makefile listing the targets the simulated `make` answers, with the recipes they
    /// stand for (the simulated `make` runs them itself; this file is for people reading it).
    static let makefile = """
        # Simulated cluster-api-provider-azure checkout (capzflow-sim).
        # The simulated `make` answers the targets below itself; this file shows what each stands for.

        SHELL := /usr/bin/env bash
        TOOLS_BIN_DIR := hack/tools/bin

        export APISERVER_LB_DNS_SUFFIX := $(shell LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 10)
        export AZURE_IDENTITY_ID_FILEPATH := $(abspath azure_identity_id)
        export CALICO_VERSION := v3.29.4
        export CI_RG ?= capz-wi-$(shell LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 5)
        export USER_IDENTITY ?= $(CI_RG)$(shell LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 5)
        export EXP_SKIP_MACHINE_POOL_MODEL_RECONCILIATION := true

        .PHONY: help aks-create aks-delete tilt-up acr-login generate clean set-manifest-image

        help: ## Show the targets.
        \t@grep -E '^[a-z-]+:.*##' Makefile | sed 's/:.*## /\\t/'

        aks-create: ## Create an AKS cluster as the management cluster and record it in tilt-settings.yaml.
        \tbash ./scripts/aks-as-mgmt.sh

        aks-delete: ## Delete the AKS management cluster, its context and its settings.
        \tbash ./scripts/aks-delete.sh

        tilt-up: ## Start Tilt with the feature flags the internal-load-balancer flavors need.
        \tCLUSTER_TOPOLOGY=true EXP_ASO_API=true EXP_CLUSTER_RESOURCE_SET=true EXP_MACHINE_POOL=true EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION=true EXP_EDGEZONE=true EXP_APISERVER_ILB=true tilt up

        acr-login: ## Log in to REGISTRY when it is an Azure Container Registry.
        \tbash ./hack/ensure-acr-login.sh

        generate: ## Regenerate manifests and flavors (already generated here).
        \t@echo "nothing to generate"

        set-manifest-image: ## Point the manager image patch at $(REGISTRY).
        \t@echo "nothing to patch"

        clean: ## Remove bin and kubeconfig files.
        \trm -rf bin kubeconfig minikube.kubeconfig *.kubeconfig

        """

    /// The Tiltfile: the simulated `tilt up` needs it to exist and models what it does.
    static let tiltfile = """
        # Simulated cluster-api-provider-azure checkout (capzflow-sim).
        # The simulated `tilt up` models what CAPZ's Tiltfile does: it reads tilt-settings.yaml,
        # refuses a kube context missing from allowed_contexts, requires AZURE_SUBSCRIPTION_ID,
        # AZURE_TENANT_ID and AZURE_CLIENT_ID, installs cert-manager, CAPI and CAAPH, builds and
        # deploys the CAPZ controller (with EXP_APISERVER_ILB from the environment), and defines
        # one resource per templates/cluster-template-*.yaml, "allow required ports on mgmt
        # cluster" and "delete-all-workload-clusters".

        """

    /// A plausible starting `tilt-settings.yaml`: nothing left over from earlier runs.
    static let tiltSettings = """
        kustomize_substitutions: {}
        allowed_contexts:
          - kind-capz

        """
}
