//! The reviewed differences between the 2022 SAE manual and today's official SDK
//! (`alibabacloud-sae20190506` at the version `tests/wire_parity_sae.rs` names), per operation,
//! each with its reason. The wire-parity test holds the SDK to it exactly; the doc-update test
//! checks that newer pages shrink its SDK-only part by what they document.

/// One way in which the official SDK differs from the document for one operation.
#[derive(Clone, Copy, Debug)]
pub enum Difference {
    /// Documented parameters that the official request model no longer has: the SDK drops
    /// them (the oracle reports them as `ignored_params`) and they never reach its wire.
    DocOnly(&'static [&'static str]),
    /// Parameters of the official request model that the document does not describe, so our
    /// client does not offer them. Nothing of them is on the wire; listed so that the gap is
    /// known and a new SDK version that changes it is noticed.
    SdkOnly(&'static [&'static str]),
}

pub struct Known {
    pub operation: &'static str,
    pub difference: Difference,
    pub reason: &'static str,
}

const fn doc_only(
    operation: &'static str,
    params: &'static [&'static str],
    reason: &'static str,
) -> Known {
    Known {
        operation,
        difference: Difference::DocOnly(params),
        reason,
    }
}

const fn sdk_only(
    operation: &'static str,
    params: &'static [&'static str],
    reason: &'static str,
) -> Known {
    Known {
        operation,
        difference: Difference::SdkOnly(params),
        reason,
    }
}

/// Every difference between the 2022 document and the official SDK named by
/// `OFFICIAL_SDK_VERSION` (in `tests/wire_parity_sae.rs`). No operation has a different method or path, and every
/// parameter both have is sent in the same place.
#[rustfmt::skip]
pub const KNOWN: &[Known] = &[
    doc_only(
        "CreateApplication",
        &["KafkaEndpoint", "KafkaInstanceId", "KafkaLogfileConfig", "OpenCollectToKafka"],
        "the four Kafka log parameters were folded into the one JSON parameter `KafkaConfigs`",
    ),
    doc_only(
        "DeployApplication",
        &["KafkaEndpoint", "KafkaInstanceId", "KafkaLogfileConfig", "OpenCollectToKafka"],
        "the four Kafka log parameters were folded into the one JSON parameter `KafkaConfigs`",
    ),
    sdk_only("AbortChangeOrder", &["Rollback"], "added after the document: whether to roll the change order back"),
    sdk_only("BatchStartApplications", &["Version"], "added after the document: the application version"),
    sdk_only("BatchStopApplications", &["Version"], "added after the document: the application version"),
    sdk_only(
        "BindSlb",
        &["InternetSlbChargeType", "IntranetSlbChargeType"],
        "added after the document: SLB billing method",
    ),
    sdk_only(
        "CreateApplication",
        &[
            "AgentVersion", "AppSource", "BaseAppId", "CustomImageNetworkType", "DiskSize", "Dotnet",
            "EmptyDirDesc", "EnableCpuBurst", "EnableEbpf", "EnableNamespaceAgentVersion",
            "EnableNamespaceSlsConfig", "EnableNewArms", "EnablePrometheus",
            "EnableSidecarResourceIsolated", "GpuConfig", "HeadlessPvtzDiscoverySvc", "Html",
            "ImagePullSecrets", "InitContainersConfig", "IsStateful", "KafkaConfigs", "Labels",
            "LokiConfigs", "MicroRegistration", "MicroRegistrationConfig", "MicroserviceEngineConfig",
            "NasConfigs", "NewSaeVersion", "OidcRoleName", "Php", "ProgrammingLanguage",
            "PvtzDiscoverySvc", "Python", "PythonModules", "RaspConfig", "ResourceType", "SaeVersion",
            "SecretMountDesc", "ServiceTags", "SidecarContainersConfig", "SlsLogEnvTags",
            "StartupProbe",
        ],
        "added after the document: runtimes, sidecars, GPU, observability, registries",
    ),
    sdk_only(
        "CreateApplicationScalingRule",
        &["EnableIdle"],
        "added after the document: idle mode of scaled-in instances",
    ),
    sdk_only("CreateGreyTagRoute", &["AlbRules"], "added after the document: ALB gateway rules"),
    sdk_only(
        "CreateIngress",
        &[
            "AddressType", "CertIds", "CorsConfig", "EnableGzip", "EnableXForwardedFor",
            "EnableXForwardedForClientSrcPort", "EnableXForwardedForProto", "EnableXForwardedForSlbId",
            "EnableXForwardedForSlbPort", "IdleTimeout", "LoadBalancerEdition", "RequestTimeout",
            "SecurityPolicyId", "ZoneMappings",
        ],
        "added after the document: ALB edition and zones, CORS, X-Forwarded-For, timeouts",
    ),
    sdk_only(
        "CreateNamespace",
        &["EnableMicroRegistration", "NameSpaceShortId"],
        "added after the document: short namespace ids, built-in registry",
    ),
    sdk_only("DeleteNamespace", &["NameSpaceShortId"], "added after the document: short namespace ids"),
    sdk_only(
        "DeployApplication",
        &[
            "AgentVersion", "AlbIngressReadinessGate", "Cpu", "CustomImageNetworkType", "Deploy",
            "Dotnet", "EmptyDirDesc", "EnableCpuBurst", "EnableNamespaceAgentVersion", "EnableNewArms",
            "EnablePrometheus", "EnableSidecarResourceIsolated", "GpuConfig", "Html",
            "ImagePullSecrets", "InitContainersConfig", "KafkaConfigs", "Labels", "LokiConfigs",
            "MaxSurgeInstanceRatio", "MaxSurgeInstances", "Memory", "MicroRegistration",
            "MicroRegistrationConfig", "MicroserviceEngineConfig", "NasConfigs", "NewSaeVersion",
            "OidcRoleName", "PackageType", "Php", "PvtzDiscoverySvc", "Python", "PythonModules",
            "RaspConfig", "Replicas", "SecretMountDesc", "SecurityGroupId", "ServiceTags",
            "SidecarContainersConfig", "SlsLogEnvTags", "StartupProbe", "SwimlanePvtzDiscoverySvc",
            "VSwitchId",
        ],
        "added after the document: deploy may now also resize, re-network and add sidecars",
    ),
    sdk_only(
        "DescribeAppServiceDetail",
        &["NacosInstanceId", "NacosNamespaceId"],
        "added after the document: services registered in an MSE Nacos",
    ),
    sdk_only(
        "DescribeApplicationInstances",
        &["InstanceId", "PipelineId"],
        "added after the document: filter by instance or release batch",
    ),
    sdk_only(
        "DescribeInstanceLog",
        &["ContainerId", "Previous"],
        "added after the document: sidecar logs, logs of the previous container",
    ),
    sdk_only("DescribeNamespace", &["NameSpaceShortId"], "added after the document: short namespace ids"),
    sdk_only(
        "DescribeNamespaceResources",
        &["NameSpaceShortId"],
        "added after the document: short namespace ids",
    ),
    sdk_only("ExecJob", &["Replicas", "Time"], "added after the document: concurrent instances, trigger time"),
    sdk_only(
        "ListApplications",
        &["AppSource", "IsStateful", "NewSaeVersion", "ProgrammingLanguage"],
        "added after the document: more list filters",
    ),
    sdk_only("ListChangeOrders", &["OrderBy", "Reverse"], "added after the document: sorting"),
    sdk_only("ListIngresses", &["CurrentPage", "PageSize"], "added after the document: the list pages now"),
    sdk_only(
        "RescaleApplicationVertically",
        &[
            "Deploy", "DiskSize", "ResourceType", "VSwitchId", "autoEnableApplicationScalingRule",
            "minReadyInstanceRatio", "minReadyInstances",
        ],
        "added after the document: disk, resource type, VSwitch (the last three spelled lowerCamelCase by the SDK)",
    ),
    sdk_only(
        "RestartApplication",
        &["AutoEnableApplicationScalingRule"],
        "added after the document: re-enable scaling rules after the restart",
    ),
    sdk_only(
        "UpdateApplicationScalingRule",
        &["EnableIdle", "ScalingRuleType"],
        "added after the document: idle mode, changing the rule type",
    ),
    sdk_only("UpdateGreyTagRoute", &["AlbRules"], "added after the document: ALB gateway rules"),
    sdk_only(
        "UpdateIngress",
        &[
            "CertIds", "CorsConfig", "EnableGzip", "EnableXForwardedFor",
            "EnableXForwardedForClientSrcPort", "EnableXForwardedForProto", "EnableXForwardedForSlbId",
            "EnableXForwardedForSlbPort", "IdleTimeout", "RequestTimeout", "SecurityPolicyId",
        ],
        "added after the document: CORS, X-Forwarded-For, timeouts, TLS policy",
    ),
    sdk_only(
        "UpdateNamespace",
        &["EnableMicroRegistration", "NameSpaceShortId"],
        "added after the document: short namespace ids, built-in registry",
    ),
    sdk_only("UpdateNamespaceVpc", &["NameSpaceShortId"], "added after the document: short namespace ids"),
];

/// The documented parameters of `operation` that the official SDK drops.
pub fn doc_only_of(operation: &str) -> std::collections::BTreeSet<&'static str> {
    params_of(operation, |d| match d {
        Difference::DocOnly(params) => Some(params),
        Difference::SdkOnly(_) => None,
    })
}

/// The SDK-only parameters [`KNOWN`] lists for `operation`.
pub fn sdk_only_of(operation: &str) -> std::collections::BTreeSet<&'static str> {
    params_of(operation, |d| match d {
        Difference::SdkOnly(params) => Some(params),
        Difference::DocOnly(_) => None,
    })
}

fn params_of(operation: &str, kind: fn(Difference) -> Option<&'static [&'static str]>) -> std::collections::BTreeSet<&'static str> {
    KNOWN.iter().filter(|k| k.operation == operation).filter_map(|k| kind(k.difference)).flatten().copied().collect()
}
