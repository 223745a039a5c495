//! Static facts about one service (product, API version, endpoints, signing), emitted by the
//! generator as a `static` next to each service's operations.

use super::signing::SigningScheme;

/// How a service lays out its requests.
///
/// RPC services take every operation at `/` and tell them apart by the `x-acs-action` header (or
/// `Action` parameter); ROA services give each operation its own method and path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiStyle {
    /// Remote procedure call style: one path, operations named by action.
    Rpc,
    /// Resource oriented style: REST-like paths.
    Roa,
}

/// Whose cloud a service belongs to: it decides the default credentials chain, the request id
/// header, the error body and whether a 2xx body can still report a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// Alibaba Cloud (`ALIBABA_CLOUD_*` credentials, `x-acs-*` headers).
    Alibaba,
    /// Huawei Cloud (`HUAWEICLOUD_SDK_*` credentials, `X-Project-Id`, `X-Request-Id`).
    Huawei,
}

/// What the runtime needs to know about a service, independent of any configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// Product code, e.g. `esa`.
    pub product: &'static str,
    /// API version sent as `x-acs-version`, e.g. `2024-09-10`.
    pub api_version: &'static str,
    /// RPC or ROA.
    pub style: ApiStyle,
    /// Host for a region, with `{region}` standing for the region id, e.g. `esa.{region}.aliyuncs.com`.
    pub endpoint_pattern: &'static str,
    /// The documented regions and their hosts. When it is not empty, a client accepts only these
    /// regions (unless it is given an endpoint).
    pub regional_endpoints: &'static [(&'static str, &'static str)],
    /// The scheme used unless the configuration overrides it.
    pub default_signing: SigningScheme,
}

impl ServiceInfo {
    /// A service whose every region follows `endpoint_pattern`; add exceptions with
    /// [`ServiceInfo::with_regional_endpoints`]. `const` so it can build a `static`.
    pub const fn new(
        product: &'static str,
        api_version: &'static str,
        style: ApiStyle,
        endpoint_pattern: &'static str,
        default_signing: SigningScheme,
    ) -> Self {
        Self {
            product,
            api_version,
            style,
            endpoint_pattern,
            regional_endpoints: &[],
            default_signing,
        }
    }

    /// Replaces the table of documented regions and their hosts.
    pub const fn with_regional_endpoints(
        mut self,
        regional_endpoints: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.regional_endpoints = regional_endpoints;
        self
    }

    /// The vendor, told by the service's signing scheme: only Huawei Cloud signs with
    /// `SDK-HMAC-SHA256`.
    pub const fn vendor(&self) -> Vendor {
        match self.default_signing {
            SigningScheme::SdkHmacSha256 => Vendor::Huawei,
            _ => Vendor::Alibaba,
        }
    }

    /// The host serving `region`: the table entry when there is one, else the pattern.
    ///
    /// The region is not validated here; [`crate::client::ServiceClient::new`] does that
    /// before it gets this far.
    pub fn host_for_region(&self, region: &str) -> String {
        self.regional_endpoints
            .iter()
            .find(|(id, _)| *id == region)
            .map(|(_, host)| (*host).to_owned())
            .unwrap_or_else(|| self.endpoint_pattern.replace("{region}", region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SERVICE: ServiceInfo = ServiceInfo::new(
        "esa",
        "2024-09-10",
        ApiStyle::Rpc,
        "esa.{region}.aliyuncs.com",
        SigningScheme::Acs3HmacSha256,
    )
    .with_regional_endpoints(&[("cn-north-2-gov-1", "esa-gov.aliyuncs.com")]);

    #[test]
    fn vendor_follows_the_signing_scheme() {
        static IOTEDGE: ServiceInfo = ServiceInfo::new(
            "iotedge",
            "v2",
            ApiStyle::Roa,
            "iotedge-api.{region}.myhuaweicloud.com",
            SigningScheme::SdkHmacSha256,
        );
        assert_eq!(SERVICE.vendor(), Vendor::Alibaba);
        assert_eq!(IOTEDGE.vendor(), Vendor::Huawei);
        assert_eq!(
            IOTEDGE.host_for_region("cn-north-4"),
            "iotedge-api.cn-north-4.myhuaweicloud.com"
        );
    }

    #[test]
    fn host_follows_the_pattern_unless_the_table_says_otherwise() {
        assert_eq!(
            SERVICE.host_for_region("cn-hangzhou"),
            "esa.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            SERVICE.host_for_region("cn-north-2-gov-1"),
            "esa-gov.aliyuncs.com"
        );
    }
}
