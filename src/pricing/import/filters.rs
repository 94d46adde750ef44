//! Which offer-file products become which table prices: the filters, as data.
//!
//! Everything here comes from `docs/pricing-import.md` (the offer-file notes); rows marked
//! "best inference" there are the likeliest to need a correction, and a correction is an edit to
//! one of the tables below, not to the reader.

/// The product attributes the import looks at. Others are skipped unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    ProductFamily,
    RegionCode,
    LocationType,
    Location,
    UsageType,
    Operation,
    InstanceType,
    InstanceFamily,
    OperatingSystem,
    Tenancy,
    CapacityStatus,
    PreInstalledSw,
    LicenseModel,
    MarketOption,
    Vcpu,
    Memory,
    PhysicalProcessor,
    Gpu,
    FromRegionCode,
    TransferType,
    ToLocation,
    CurrentGeneration,
}

/// Each attribute with its key in the JSON `attributes` object (`productFamily` sits beside it).
pub(crate) const ATTRS: &[(Attr, &str)] = &[
    (Attr::ProductFamily, "productFamily"),
    (Attr::RegionCode, "regionCode"),
    (Attr::LocationType, "locationType"),
    (Attr::Location, "location"),
    (Attr::UsageType, "usagetype"),
    (Attr::Operation, "operation"),
    (Attr::InstanceType, "instanceType"),
    (Attr::InstanceFamily, "instanceFamily"),
    (Attr::OperatingSystem, "operatingSystem"),
    (Attr::Tenancy, "tenancy"),
    (Attr::CapacityStatus, "capacitystatus"),
    (Attr::PreInstalledSw, "preInstalledSw"),
    (Attr::LicenseModel, "licenseModel"),
    (Attr::MarketOption, "marketoption"),
    (Attr::Vcpu, "vcpu"),
    (Attr::Memory, "memory"),
    (Attr::PhysicalProcessor, "physicalProcessor"),
    (Attr::Gpu, "gpu"),
    (Attr::FromRegionCode, "fromRegionCode"),
    (Attr::TransferType, "transferType"),
    (Attr::ToLocation, "toLocation"),
    (Attr::CurrentGeneration, "currentGeneration"),
];

/// A product's attributes, only those in [`ATTRS`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Attrs([Option<String>; ATTRS.len()]);

impl Attrs {
    pub(crate) fn get(&self, attr: Attr) -> Option<&str> {
        self.0[attr as usize].as_deref()
    }

    pub(crate) fn set(&mut self, attr: Attr, value: String) {
        self.0[attr as usize] = Some(value);
    }

    /// The attribute with this JSON key, if the import reads it.
    pub(crate) fn by_key(key: &str) -> Option<Attr> {
        ATTRS.iter().find(|(_, k)| *k == key).map(|(a, _)| *a)
    }
}

/// One condition on an attribute.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Filter {
    /// Present and equal.
    Is(Attr, &'static str),
    /// Equal when present (older files lack some attributes).
    IsIfPresent(Attr, &'static str),
    /// Present and starts with.
    StartsWith(Attr, &'static str),
}

impl Filter {
    fn accepts(self, a: &Attrs) -> bool {
        match self {
            Self::Is(attr, v) => a.get(attr) == Some(v),
            Self::IsIfPresent(attr, v) => a.get(attr).is_none_or(|x| x == v),
            Self::StartsWith(attr, v) => a.get(attr).is_some_and(|x| x.starts_with(v)),
        }
    }
}

/// The offer files the import reads, by offer code (case-sensitive, as AWS spells them).
pub const OFFERS: &[&str] = &[
    "AmazonEC2",
    "AmazonECS",
    "AWSLambda",
    "AmazonEKS",
    "AWSAppRunner",
    "AWSELB",
    "AmazonApiGateway",
    "AmazonVPC",
    "AWSDataTransfer",
];

/// The offer term every On-Demand price is under.
pub(crate) const ON_DEMAND: &str = "JRTCKXETXF";
/// The term Lambda's free tier sits under (in `terms.OnDemand`, at price 0).
pub(crate) const FREE_TIER: &str = "A429C66SYZ";

/// Whether the table can be written without the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// A cost model cannot price its service without it: the import fails.
    Required,
    /// Listed under the section's `missing` with the reason when absent.
    Optional,
}

/// How a matched product's price dimensions become the table's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One dimension; its price times `10^shift` (6 turns per-request into per-million).
    Price { shift: u32 },
    /// Tiers by `beginRange`/`endRange`; prices times `10^shift`.
    Tiers { shift: u32 },
    /// This price plus the value of another key (EKS extended support is billed on top).
    PlusKey(&'static str),
    /// The free tier's size: the `endRange` of its one dimension, under [`FREE_TIER`].
    FreeQuantity,
    /// The price of the first tier (the one from 0), times `10^shift`: interface endpoint data
    /// processing is tiered in petabytes, far above one workload.
    FirstTier { shift: u32 },
}

/// Where a product must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// `regionCode` is the region and `locationType` is `AWS Region`.
    Region,
    /// Global rows (`location = "Any"`, no region), such as Lambda's free tier.
    Global,
    /// Transfer rows of the `AWSDataTransfer` offer: no `regionCode`, but `fromRegionCode` is the
    /// region.
    FromRegion,
}

/// One table price and the product it comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Matcher {
    /// `section.key` in the table.
    pub(crate) key: &'static str,
    pub(crate) offer: &'static str,
    /// The `usagetype` without its region prefix (`Fargate-GB-Hours` matches `USE1-Fargate-GB-Hours`).
    pub(crate) usagetype: &'static str,
    pub(crate) filters: &'static [Filter],
    pub(crate) place: Place,
    pub(crate) shape: Shape,
    pub(crate) need: Need,
}

const fn m(
    key: &'static str,
    offer: &'static str,
    usagetype: &'static str,
    filters: &'static [Filter],
    shape: Shape,
    need: Need,
) -> Matcher {
    Matcher {
        key,
        offer,
        usagetype,
        filters,
        place: Place::Region,
        shape,
        need,
    }
}

const PRICE: Shape = Shape::Price { shift: 0 };
const PER_MILLION: Shape = Shape::Price { shift: 6 };
const TIERS: Shape = Shape::Tiers { shift: 0 };
const TIERS_PER_MILLION: Shape = Shape::Tiers { shift: 6 };
const ANY: &[Filter] = &[Filter::Is(Attr::Location, "Any")];
const DATA: &[Filter] = &[Filter::Is(Attr::ProductFamily, "Data Transfer")];
const ALB: &[Filter] = &[Filter::Is(Attr::Operation, "LoadBalancing:Application")];
const NLB: &[Filter] = &[Filter::Is(Attr::Operation, "LoadBalancing:Network")];
const TO_INTERNET: &[Filter] = &[
    Filter::Is(Attr::TransferType, "AWS Outbound"),
    Filter::Is(Attr::ToLocation, "External"),
];

/// Every price the import reads from the offers, besides EC2 instances ([`EC2_FILTERS`]).
///
/// Required: what a cost model needs to price its service at all (x86 Fargate, Lambda requests
/// and x86 duration, the EKS cluster fee, the ALB, HTTP APIs). Optional: Arm rates, ephemeral
/// storage, NLB, extended support, App Runner (closed to new customers) and NAT/data transfer.
#[rustfmt::skip]
pub(crate) const MATCHERS: &[Matcher] = &[
    // key                             offer               usagetype (without region prefix)    filters shape                  if absent
    m("fargate.x86_vcpu_hour",           "AmazonECS",        "Fargate-vCPU-Hours:perCPU",          &[],  PRICE,                  Need::Required),
    m("fargate.x86_gb_hour",             "AmazonECS",        "Fargate-GB-Hours",                   &[],  PRICE,                  Need::Required),
    m("fargate.arm_vcpu_hour",           "AmazonECS",        "Fargate-ARM-vCPU-Hours:perCPU",      &[],  PRICE,                  Need::Optional),
    m("fargate.arm_gb_hour",             "AmazonECS",        "Fargate-ARM-GB-Hours",               &[],  PRICE,                  Need::Optional),
    m("fargate.storage_gb_hour",         "AmazonECS",        "Fargate-EphemeralStorage-GB-Hours",  &[],  PRICE,                  Need::Optional),
    m("lambda.request_per_million",      "AWSLambda",        "Request",                            &[],  PER_MILLION,            Need::Required),
    m("lambda.x86_gb_second",            "AWSLambda",        "Lambda-GB-Second",                   &[],  TIERS,                  Need::Required),
    m("lambda.arm_gb_second",            "AWSLambda",        "Lambda-GB-Second-ARM",               &[],  TIERS,                  Need::Optional),
    m("lambda.storage_gb_second",        "AWSLambda",        "Lambda-Storage-GB-Second",           &[],  PRICE,                  Need::Optional),
    Matcher { place: Place::Global, ..m("lambda.free_requests",   "AWSLambda", "Global-Request",          ANY, Shape::FreeQuantity, Need::Optional) },
    Matcher { place: Place::Global, ..m("lambda.free_gb_seconds", "AWSLambda", "Global-Lambda-GB-Second", ANY, Shape::FreeQuantity, Need::Optional) },
    m("app_runner.active_vcpu_hour",     "AWSAppRunner",     "AppRunner-vCPU-hours",               &[],  PRICE,                  Need::Optional),
    m("app_runner.active_gb_hour",       "AWSAppRunner",     "AppRunner-GB-hours",                 &[],  PRICE,                  Need::Optional),
    m("app_runner.provisioned_gb_hour",  "AWSAppRunner",     "AppRunner-Provisioned-GB-hours",     &[],  PRICE,                  Need::Optional),
    m("eks.cluster_hour",                "AmazonEKS",        "AmazonEKS-Hours:perCluster",         &[],  PRICE,                  Need::Required),
    m("eks.extended_cluster_hour",       "AmazonEKS",        "AmazonEKS-Hours:extendedSupport",    &[],  Shape::PlusKey("eks.cluster_hour"), Need::Optional),
    m("load_balancer.alb_hour",          "AWSELB",           "LoadBalancerUsage",                  ALB,  PRICE,                  Need::Required),
    m("load_balancer.alb_lcu_hour",      "AWSELB",           "LCUUsage",                           ALB,  PRICE,                  Need::Required),
    m("load_balancer.nlb_hour",          "AWSELB",           "LoadBalancerUsage",                  NLB,  PRICE,                  Need::Optional),
    m("load_balancer.nlb_lcu_hour",      "AWSELB",           "LCUUsage",                           NLB,  PRICE,                  Need::Optional),
    m("api_gateway.http_per_million",    "AmazonApiGateway", "ApiGatewayHttpRequest",              &[],  TIERS_PER_MILLION,      Need::Required),
    m("api_gateway.websocket_messages_per_million", "AmazonApiGateway", "ApiGatewayMessage",       &[],  TIERS_PER_MILLION,      Need::Optional),
    m("api_gateway.websocket_minutes_per_million",  "AmazonApiGateway", "ApiGatewayMinute",        &[],  PER_MILLION,            Need::Optional),
    m("network.nat_gateway_hour",        "AmazonEC2",        "NatGateway-Hours",                   &[],  PRICE,                  Need::Optional),
    m("network.nat_gateway_gb",          "AmazonEC2",        "NatGateway-Bytes",                   &[],  PRICE,                  Need::Optional),
    // Real 2026 egress rows live in the AWSDataTransfer offer; older EC2 offers carry them too. The
    // first matcher that finds a price wins.
    Matcher { place: Place::FromRegion, ..m("network.data_transfer_out_gb", "AWSDataTransfer", "DataTransfer-Out-Bytes", TO_INTERNET, TIERS, Need::Optional) },
    m("network.data_transfer_out_gb",    "AmazonEC2",        "DataTransfer-Out-Bytes",             DATA, TIERS,                  Need::Optional),
    m("network.public_ipv4_hour",        "AmazonVPC",        "PublicIPv4:InUseAddress",            &[],  PRICE,                  Need::Optional),
    m("network.vpc_endpoint_hour",       "AmazonVPC",        "VpcEndpoint-Hours",                  &[],  PRICE,                  Need::Optional),
    m("network.vpc_endpoint_gb",         "AmazonVPC",        "VpcEndpoint-Bytes",                  &[],  Shape::FirstTier { shift: 0 }, Need::Optional),
    m("ebs.gp3_gb_month",                "AmazonEC2",        "EBS:VolumeUsage.gp3",                &[],  PRICE,                  Need::Optional),
];

/// On-Demand Linux, shared tenancy, no pre-installed software, capacity in use: one row per
/// instance type. Every skipped decoy in the notes fails at least one of these.
pub(crate) const EC2_FILTERS: &[Filter] = &[
    Filter::StartsWith(Attr::ProductFamily, "Compute Instance"),
    Filter::Is(Attr::OperatingSystem, "Linux"),
    Filter::Is(Attr::Tenancy, "Shared"),
    Filter::Is(Attr::PreInstalledSw, "NA"),
    Filter::Is(Attr::CapacityStatus, "Used"),
    Filter::Is(Attr::Operation, "RunInstances"),
    Filter::IsIfPresent(Attr::LicenseModel, "No License required"),
    Filter::IsIfPresent(Attr::MarketOption, "OnDemand"),
];

/// The `usagetype` prefix of each region, where known (`""` = none). A region not listed accepts
/// any prefix of capitals ending in a digit (`USE2`, `APS3`); a listed one accepts only its own,
/// so `TS-LoadBalancerUsage` (a trust store) is never read as a load balancer hour.
const PREFIXES: &[(&str, &[&str])] = &[
    ("us-east-1", &["", "USE1"]),
    ("us-east-2", &["USE2"]),
    ("us-west-1", &["USW1"]),
    ("us-west-2", &["USW2"]),
    ("eu-west-1", &["EU"]),
    ("eu-west-2", &["EUW2"]),
    ("eu-central-1", &["EUC1"]),
    ("ap-northeast-1", &["APN1"]),
    ("ap-northeast-2", &["APN2"]),
    ("ap-southeast-1", &["APS1"]),
    ("ap-southeast-2", &["APS2"]),
    ("ap-south-1", &["APS3"]),
    ("ap-east-1", &["APE1"]),
    ("sa-east-1", &["SAE1"]),
    ("me-central-1", &["MEC1"]),
];

/// Whether `usagetype` is `base` with this region's prefix (or none).
pub(crate) fn usagetype_is(usagetype: &str, base: &str, region: &str) -> bool {
    let Some(head) = usagetype.strip_suffix(base) else {
        return false;
    };
    if head.is_empty() {
        return true;
    }
    let Some(prefix) = head.strip_suffix('-') else {
        return false;
    };
    match PREFIXES.iter().find(|(r, _)| *r == region) {
        Some((_, known)) => known.contains(&prefix),
        None => {
            prefix.len() >= 3
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && prefix.bytes().last().is_some_and(|b| b.is_ascii_digit())
        }
    }
}

/// What a product is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Target {
    /// An EC2 instance type's hourly price.
    Instance(String),
    /// The [`MATCHERS`] entry with this index.
    Price(usize),
}

impl Target {
    pub(crate) fn key(&self) -> String {
        match self {
            Self::Instance(name) => format!("ec2.instances.\"{name}\""),
            Self::Price(i) => MATCHERS
                .get(*i)
                .map_or_else(String::new, |m| m.key.to_owned()),
        }
    }
}

/// Which products of one offer file to keep.
pub(crate) struct Selector<'a> {
    pub(crate) offer: &'a str,
    pub(crate) region: &'a str,
    /// Instance types to keep; `None` keeps every one.
    pub(crate) instances: Option<&'a [String]>,
}

impl Selector<'_> {
    pub(crate) fn in_region(&self, a: &Attrs) -> bool {
        a.get(Attr::RegionCode) == Some(self.region)
            && a.get(Attr::LocationType) == Some("AWS Region")
    }

    /// What the product is for, if the table needs it.
    pub(crate) fn select(&self, a: &Attrs) -> Option<Target> {
        let usagetype = a.get(Attr::UsageType)?;
        let regional = self.in_region(a);
        if self.offer == "AmazonEC2" && regional {
            if let Some(t) = self.instance(a, usagetype) {
                return Some(t);
            }
        }
        MATCHERS.iter().enumerate().find_map(|(i, m)| {
            let place_ok = match m.place {
                Place::Region => regional && usagetype_is(usagetype, m.usagetype, self.region),
                Place::Global => usagetype == m.usagetype,
                Place::FromRegion => {
                    a.get(Attr::FromRegionCode) == Some(self.region)
                        && usagetype_is(usagetype, m.usagetype, self.region)
                }
            };
            (m.offer == self.offer && place_ok && m.filters.iter().all(|f| f.accepts(a)))
                .then_some(Target::Price(i))
        })
    }

    fn instance(&self, a: &Attrs, usagetype: &str) -> Option<Target> {
        let name = a.get(Attr::InstanceType)?;
        let wanted = self
            .instances
            .is_none_or(|list| list.iter().any(|n| n == name));
        (wanted
            && EC2_FILTERS.iter().all(|f| f.accepts(a))
            && usagetype_is(usagetype, &format!("BoxUsage:{name}"), self.region))
        .then(|| Target::Instance(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_prefixes() {
        assert!(usagetype_is(
            "BoxUsage:m5.large",
            "BoxUsage:m5.large",
            "us-east-1"
        ));
        assert!(usagetype_is(
            "USE1-Fargate-GB-Hours",
            "Fargate-GB-Hours",
            "us-east-1"
        ));
        assert!(usagetype_is(
            "EU-Fargate-GB-Hours",
            "Fargate-GB-Hours",
            "eu-west-1"
        ));
        assert!(usagetype_is(
            "CAN1-Fargate-GB-Hours",
            "Fargate-GB-Hours",
            "ca-central-1"
        ));
        assert!(!usagetype_is(
            "USE1-Fargate-ARM-GB-Hours",
            "Fargate-GB-Hours",
            "us-east-1"
        ));
        assert!(!usagetype_is(
            "TS-LoadBalancerUsage",
            "LoadBalancerUsage",
            "us-east-1"
        ));
        assert!(!usagetype_is(
            "TS-LoadBalancerUsage",
            "LoadBalancerUsage",
            "ca-central-1"
        ));
        assert!(!usagetype_is(
            "USW2-Fargate-GB-Hours",
            "Fargate-GB-Hours",
            "us-east-1"
        ));
        assert!(!usagetype_is("Global-Request", "Request", "us-east-1"));
        assert!(!usagetype_is(
            "Lambda-GB-Second-ARM",
            "Lambda-GB-Second",
            "us-east-1"
        ));
    }

    #[test]
    fn every_attr_has_its_key_in_order() {
        for (i, (attr, _)) in ATTRS.iter().enumerate() {
            assert_eq!(*attr as usize, i);
        }
    }

    #[test]
    fn plus_keys_name_a_matcher() {
        for m in MATCHERS {
            if let Shape::PlusKey(k) = m.shape {
                assert!(MATCHERS.iter().any(|o| o.key == k), "{k}");
            }
            assert!(OFFERS.contains(&m.offer), "{}", m.offer);
        }
    }
}
