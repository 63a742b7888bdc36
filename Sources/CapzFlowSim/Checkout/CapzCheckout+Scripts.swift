/// The checkout's scripts: our own short bash re-tellings of what CAPZ's scripts do
/// (reference §2.1, §2.2, §2.7), calling `az` from PATH with the argv forms the real ones use.
extension CapzCheckout {
    /// `scripts/aks-as-mgmt.sh`, run by `make aks-create`.
    static let aksAsManagementScript = #"""
        #!/usr/bin/env bash
        # Simulated cluster-api-provider-azure checkout (capzflow-sim): a short re-telling of what
        # CAPZ's scripts/aks-as-mgmt.sh does. It creates the resource group and VNet when the group
        # is new, creates the AKS management cluster unless `az aks show` finds it, fetches its
        # credentials (to a file, then into the default kubeconfig, making its context current),
        # gives its kubelet identity Contributor on the subscription (retrying until that works),
        # and records the settings Tilt reads under aks_as_mgmt_settings in tilt-settings.yaml.
        set -o errexit
        set -o nounset
        set -o pipefail

        REPO_ROOT=$(dirname "${BASH_SOURCE[0]}")/..
        YQ="${REPO_ROOT}/hack/tools/bin/yq"

        export MGMT_CLUSTER_NAME="${MGMT_CLUSTER_NAME:-aks-mgmt-$(date +%s)}"
        export AKS_RESOURCE_GROUP="${AKS_RESOURCE_GROUP:-${MGMT_CLUSTER_NAME}}"
        export AKS_NODE_RESOURCE_GROUP="${AKS_RESOURCE_GROUP}-nodes"
        export AZURE_LOCATION="${AZURE_LOCATION:-westus2}"
        export AKS_MGMT_KUBERNETES_VERSION="${AKS_MGMT_KUBERNETES_VERSION:-v1.33.2}"
        export AKS_NODE_VM_SIZE="${AKS_NODE_VM_SIZE:-Standard_B2s}"
        export AKS_NODE_COUNT="${AKS_NODE_COUNT:-2}"
        export AKS_MGMT_VNET_NAME="${AKS_MGMT_VNET_NAME:-${MGMT_CLUSTER_NAME}-vnet}"
        export AKS_MGMT_VNET_CIDR="${AKS_MGMT_VNET_CIDR:-20.255.0.0/16}"
        export AKS_MGMT_SUBNET_NAME="${AKS_MGMT_SUBNET_NAME:-${MGMT_CLUSTER_NAME}-subnet}"
        export AKS_MGMT_SUBNET_CIDR="${AKS_MGMT_SUBNET_CIDR:-20.255.0.0/24}"
        export AKS_MGMT_SERVICE_CIDR="${AKS_MGMT_SERVICE_CIDR:-20.255.254.0/24}"
        export AKS_MGMT_DNS_SERVICE_IP="${AKS_MGMT_DNS_SERVICE_IP:-20.255.254.100}"
        export MGMT_CLUSTER_KUBECONFIG="${MGMT_CLUSTER_KUBECONFIG:-${REPO_ROOT}/./scripts/../aks-mgmt.config}"
        export AZURE_IDENTITY_ID_FILEPATH="${AZURE_IDENTITY_ID_FILEPATH:-${REPO_ROOT}/azure_identity_id}"
        export AZURE_SUBSCRIPTION_ID="${AZURE_SUBSCRIPTION_ID:-}"
        export AZURE_CLIENT_ID="${AZURE_CLIENT_ID:-}"
        export REGISTRY="${REGISTRY:-}"
        export APISERVER_LB_DNS_SUFFIX="${APISERVER_LB_DNS_SUFFIX:-}"
        export SKIP_AKS_CREATE="${SKIP_AKS_CREATE:-false}"
        export AZURE_FEDERATED_TOKEN_FILE="${AZURE_FEDERATED_TOKEN_FILE:-}"
        export AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY="${AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY:-}"
        export AZURE_OBJECT_ID_USER_ASSIGNED_IDENTITY="${AZURE_OBJECT_ID_USER_ASSIGNED_IDENTITY:-}"
        export AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID="${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID:-}"
        TIMESTAMP="${TIMESTAMP:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
        TAGS=("creationTimestamp=${TIMESTAMP}" "jobName=${JOB_NAME:-cluster-api-provider-azure-e2e}" "buildProvenance=${BUILD_PROVENANCE:-canary}")

        byo_identity() {
          [[ -n "${AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY}" && -n "${AZURE_OBJECT_ID_USER_ASSIGNED_IDENTITY}" && -n "${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID}" ]]
        }

        print_inputs() {
          echo "--------------------------------"
          for name in MGMT_CLUSTER_NAME AKS_RESOURCE_GROUP AKS_NODE_RESOURCE_GROUP AZURE_LOCATION \
            AKS_MGMT_KUBERNETES_VERSION AKS_NODE_VM_SIZE AKS_NODE_COUNT AKS_MGMT_VNET_NAME AKS_MGMT_VNET_CIDR \
            AKS_MGMT_SUBNET_NAME AKS_MGMT_SUBNET_CIDR AKS_MGMT_SERVICE_CIDR AKS_MGMT_DNS_SERVICE_IP \
            MGMT_CLUSTER_KUBECONFIG AZURE_IDENTITY_ID_FILEPATH REGISTRY APISERVER_LB_DNS_SUFFIX; do
            echo "${name}: ${!name}"
          done
          echo "--------------------------------"
        }

        create_aks_cluster() {
          local group_exists
          group_exists=$(az group exists --name "${AKS_RESOURCE_GROUP}" --output tsv)
          if [[ "${group_exists}" == "false" ]]; then
            echo "creating resource group ${AKS_RESOURCE_GROUP} and VNet ${AKS_MGMT_VNET_NAME}"
            az group create --name "${AKS_RESOURCE_GROUP}" --location "${AZURE_LOCATION}" --output none --only-show-errors --tags "${TAGS[@]}"
            az network vnet create --resource-group "${AKS_RESOURCE_GROUP}" --name "${AKS_MGMT_VNET_NAME}" --address-prefix "${AKS_MGMT_VNET_CIDR}" --subnet-name "${AKS_MGMT_SUBNET_NAME}" --subnet-prefix "${AKS_MGMT_SUBNET_CIDR}" --output none --only-show-errors --tags "${TAGS[@]}"
          fi

          local found
          found=$(az aks show --name "${MGMT_CLUSTER_NAME}" --resource-group "${AKS_RESOURCE_GROUP}" 2>&1 || true)
          # A here-string, not `echo | grep -q`: under pipefail, grep quitting at its first match
          # can kill echo with SIGPIPE and turn a match into a failure.
          if grep -E -q "Resource(NotFound|GroupNotFound)" <<< "${found}"; then
            echo "creating AKS cluster ${MGMT_CLUSTER_NAME}"
            local identity_flags=(--enable-managed-identity)
            if [[ -n "${AZURE_FEDERATED_TOKEN_FILE}" ]]; then
              identity_flags+=(--enable-oidc-issuer --enable-workload-identity)
            fi
            az aks create --name "${MGMT_CLUSTER_NAME}" --resource-group "${AKS_RESOURCE_GROUP}" --location "${AZURE_LOCATION}" \
              --kubernetes-version "${AKS_MGMT_KUBERNETES_VERSION}" --node-count "${AKS_NODE_COUNT}" --node-vm-size "${AKS_NODE_VM_SIZE}" \
              --node-resource-group "${AKS_NODE_RESOURCE_GROUP}" --vm-set-type VirtualMachineScaleSets "${identity_flags[@]}" \
              --generate-ssh-keys --network-plugin azure \
              --vnet-subnet-id "/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${AKS_RESOURCE_GROUP}/providers/Microsoft.Network/virtualNetworks/${AKS_MGMT_VNET_NAME}/subnets/${AKS_MGMT_SUBNET_NAME}" \
              --service-cidr "${AKS_MGMT_SERVICE_CIDR}" --dns-service-ip "${AKS_MGMT_DNS_SERVICE_IP}" --max-pods 60 \
              --tags "${TAGS[@]}" --output none --only-show-errors
          elif grep -q "${MGMT_CLUSTER_NAME}" <<< "${found}"; then
            echo "AKS cluster ${MGMT_CLUSTER_NAME} already exists in ${AKS_RESOURCE_GROUP}"
          else
            echo "error : ${found}"
            exit 1
          fi

          az aks get-credentials --name "${MGMT_CLUSTER_NAME}" --resource-group "${AKS_RESOURCE_GROUP}" --file "${MGMT_CLUSTER_KUBECONFIG}" --only-show-errors
          az aks get-credentials --name "${MGMT_CLUSTER_NAME}" --resource-group "${AKS_RESOURCE_GROUP}" --overwrite-existing --only-show-errors

          if byo_identity; then
            USER_IDENTITY=$(az identity show --ids "${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID}" --output json | "${YQ}" '.name')
            az aks wait --resource-group "${AKS_RESOURCE_GROUP}" --name "${MGMT_CLUSTER_NAME}" --created --timeout 600 --only-show-errors
            "${REPO_ROOT}/hack/tools/bin/kubectl" scale deployment metrics-server --replicas=3 -n kube-system
            az aks update --resource-group "${AKS_RESOURCE_GROUP}" --name "${MGMT_CLUSTER_NAME}" --enable-managed-identity \
              --assign-identity "${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID}" --assign-kubelet-identity "${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID}" \
              --output none --only-show-errors --yes
            "${REPO_ROOT}/hack/tools/bin/kubectl" scale deployment metrics-server --replicas=2 -n kube-system
            AKS_MI_CLIENT_ID="${AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY}"
            CI_RG=$(az identity show --ids "${AZURE_USER_ASSIGNED_IDENTITY_RESOURCE_ID}" --output json | "${YQ}" '.resourceGroup')
          else
            AKS_MI_CLIENT_ID=$(az aks show -n "${MGMT_CLUSTER_NAME}" -g "${AKS_RESOURCE_GROUP}" --output json --only-show-errors | "${YQ}" '.identityProfile.kubeletidentity.clientId')
            AKS_MI_OBJECT_ID=$(az aks show -n "${MGMT_CLUSTER_NAME}" -g "${AKS_RESOURCE_GROUP}" --output json --only-show-errors | "${YQ}" '.identityProfile.kubeletidentity.objectId')
            AKS_MI_RESOURCE_ID=$(az aks show -n "${MGMT_CLUSTER_NAME}" -g "${AKS_RESOURCE_GROUP}" --output json --only-show-errors | "${YQ}" '.identityProfile.kubeletidentity.resourceId')
            USER_IDENTITY=$(az identity show --ids "${AKS_MI_RESOURCE_ID}" --output json | "${YQ}" '.name')
            CI_RG=$(az identity show --ids "${AKS_MI_RESOURCE_ID}" --output json | "${YQ}" '.resourceGroup')
          fi

          local issuer=""
          if [[ -n "${AZURE_FEDERATED_TOKEN_FILE}" ]]; then
            issuer=$(az aks show -n "${MGMT_CLUSTER_NAME}" -g "${AKS_RESOURCE_GROUP}" --query "oidcIssuerProfile.issuerUrl" -o tsv --only-show-errors)
            if [[ -z "${issuer}" ]]; then
              echo "error: AKS cluster ${MGMT_CLUSTER_NAME} has no OIDC issuer"
              exit 1
            fi
          fi

          if ! byo_identity; then
            until az role assignment create --assignee-object-id "${AKS_MI_OBJECT_ID}" --role "Contributor" --scope "/subscriptions/${AZURE_SUBSCRIPTION_ID}" --assignee-principal-type ServicePrincipal --output none --only-show-errors; do
              echo "retrying the Contributor role assignment in 5 seconds"
              sleep 5
            done
          fi

          if [[ -n "${issuer}" ]]; then
            az identity federated-credential create -n capz-federated-identity --identity-name "${USER_IDENTITY}" -g "${CI_RG}" --issuer "${issuer}" --audiences api://AzureADTokenExchange --subject system:serviceaccount:capz-system:capz-manager --output none --only-show-errors || true
            az identity federated-credential create -n aso-federated-identity --identity-name "${USER_IDENTITY}" -g "${CI_RG}" --issuer "${issuer}" --audiences api://AzureADTokenExchange --subject system:serviceaccount:capz-system:azureserviceoperator-default --output none --only-show-errors || true
          fi

          echo -n "${AKS_MI_CLIENT_ID}" > "${AZURE_IDENTITY_ID_FILEPATH}"
        }

        set_env_variables() {
          local settings="${REPO_ROOT}/tilt-settings.yaml"
          [[ -f "${settings}" ]] || echo "{}" > "${settings}"
          export SETTING_AKS_MGMT_VNET_NAME="${AKS_MGMT_VNET_NAME}"
          export SETTING_AKS_NODE_RESOURCE_GROUP="${AKS_NODE_RESOURCE_GROUP}"
          export SETTING_AKS_RESOURCE_GROUP="${AKS_RESOURCE_GROUP}"
          export SETTING_APISERVER_LB_DNS_SUFFIX="${APISERVER_LB_DNS_SUFFIX}"
          export SETTING_ASO_CREDENTIAL_SECRET_MODE="podidentity"
          export SETTING_AZURE_CLIENT_ID="${AKS_MI_CLIENT_ID}"
          if [[ -n "${AZURE_FEDERATED_TOKEN_FILE}" ]]; then
            SETTING_ASO_CREDENTIAL_SECRET_MODE="workloadidentity"
            SETTING_AZURE_CLIENT_ID="${AZURE_CLIENT_ID}"
          fi
          export SETTING_AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY="${AKS_MI_CLIENT_ID}"
          export SETTING_AZURE_LOCATION="${AZURE_LOCATION}"
          export SETTING_CI_RG="${CI_RG}"
          export SETTING_CLUSTER_IDENTITY_TYPE="UserAssignedMSI"
          export SETTING_CONTROL_PLANE_MACHINE_COUNT="3"
          export SETTING_MGMT_CLUSTER_NAME="${MGMT_CLUSTER_NAME}"
          export SETTING_REGISTRY="${REGISTRY}"
          export SETTING_USER_IDENTITY="${USER_IDENTITY}"
          export SETTING_WORKER_MACHINE_COUNT="1"

          local expression="del(.aks_as_mgmt_settings)"
          for key in AKS_MGMT_VNET_NAME AKS_NODE_RESOURCE_GROUP AKS_RESOURCE_GROUP APISERVER_LB_DNS_SUFFIX \
            ASO_CREDENTIAL_SECRET_MODE AZURE_CLIENT_ID AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY AZURE_LOCATION CI_RG \
            CLUSTER_IDENTITY_TYPE CONTROL_PLANE_MACHINE_COUNT MGMT_CLUSTER_NAME REGISTRY USER_IDENTITY WORKER_MACHINE_COUNT; do
            expression="${expression} | .aks_as_mgmt_settings.${key} = strenv(SETTING_${key})"
          done
          "${YQ}" -i "${expression}" "${settings}"
          "${YQ}" -i '.allowed_contexts = ((.allowed_contexts // []) + [strenv(MGMT_CLUSTER_NAME), "kind-capz"] | unique)' "${settings}"
          "${YQ}" -i '.kustomize_substitutions = (.kustomize_substitutions // {})' "${settings}"
          echo "wrote aks_as_mgmt_settings and allowed_contexts to tilt-settings.yaml"
        }

        main() {
          if [[ "${SKIP_AKS_CREATE}" == "true" ]]; then
            echo "SKIP_AKS_CREATE=true: no AKS cluster is created and tilt-settings.yaml is not updated"
            return 0
          fi
          print_inputs
          create_aks_cluster
          set_env_variables
        }

        main

        """#

    /// `scripts/aks-delete.sh`, run by `make aks-delete`.
    static let aksDeleteScript = #"""
        #!/usr/bin/env bash
        # Simulated cluster-api-provider-azure checkout (capzflow-sim): a short re-telling of what
        # CAPZ's scripts/aks-delete.sh does. For every context in allowed_contexts that is an AKS
        # cluster (resource group == cluster == context), delete the resource group and the
        # context; then drop the AKS settings from tilt-settings.yaml and the files aks-create wrote.
        set -o errexit
        set -o nounset
        set -o pipefail

        REPO_ROOT=$(dirname "${BASH_SOURCE[0]}")/..
        YQ="${REPO_ROOT}/hack/tools/bin/yq"
        settings="${REPO_ROOT}/tilt-settings.yaml"

        contexts=$("${YQ}" '.allowed_contexts' "${settings}" | sed -n 's/^- //p')
        for context in ${contexts}; do
          if az aks show --name "${context}" --resource-group "${context}" --output none 2>/dev/null; then
            if [[ "$(az group exists --name "${context}")" == "true" ]]; then
              echo "deleting resource group ${context}"
              az group delete --name "${context}" --yes --no-wait
            fi
            "${REPO_ROOT}/hack/tools/bin/kubectl" config delete-context "${context}" || true
          fi
        done
        "${YQ}" -i 'del(.aks_as_mgmt_settings) | .allowed_contexts = ["kind-capz"]' "${settings}"
        rm -f "${REPO_ROOT}/azure_identity_id" "${REPO_ROOT}/aks-mgmt.config"

        """#

    /// `hack/ensure-acr-login.sh`, run by `make acr-login`.
    static let acrLoginScript = #"""
        #!/usr/bin/env bash
        # Simulated cluster-api-provider-azure checkout (capzflow-sim): log in to REGISTRY only when
        # it is an Azure Container Registry, as CAPZ's hack/ensure-acr-login.sh does.
        set -o errexit
        set -o nounset
        set -o pipefail

        if [[ "${REGISTRY:-}" =~ \.azurecr\.io ]]; then
          az account set -s "${AZURE_SUBSCRIPTION_ID}"
          az acr login --name "${REGISTRY%%.*}"
        else
          echo "REGISTRY=${REGISTRY:-} is not an Azure Container Registry: skipping az acr login"
        fi

        """#
}
