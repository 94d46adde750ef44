//! The service limits and sizing constants the cost models (and the computed rule attributes) use,
//! typed: built once when the rules load, from the `[fact.*]` and `[size.*]` tables of
//! `rules/facts.toml`, so the same number drives a rule's exclusion and a cost model's sizing, and
//! pricing never looks a fact up by name.

use std::collections::BTreeMap;

use super::Fact;
use super::condition::Value;

/// The ids of the facts [`Limits`] holds, for typed reasons that name the fact they speak of.
pub mod ids {
    pub const LAMBDA_MAX_DURATION_MIN: &str = "lambda_max_duration_min";
    pub const LAMBDA_MAX_MEMORY_MB: &str = "lambda_max_memory_mb";
    pub const LAMBDA_MIN_MEMORY_MB: &str = "lambda_min_memory_mb";
    pub const LAMBDA_MB_PER_VCPU: &str = "lambda_mb_per_vcpu";
    pub const LAMBDA_CONCURRENCY_QUOTA: &str = "lambda_concurrency_quota";
    pub const LAMBDA_BILLING_INCREMENT_MS: &str = "lambda_billing_increment_ms";
    pub const LAMBDA_FREE_STORAGE_MB: &str = "lambda_free_storage_mb";
    pub const LAMBDA_MAX_STORAGE_MB: &str = "lambda_max_storage_mb";
    pub const API_GATEWAY_HTTP_TIMEOUT_S: &str = "api_gateway_http_timeout_s";
    pub const FARGATE_MAX_VCPU: &str = "fargate_max_vcpu";
    pub const FARGATE_MAX_MEMORY_GB: &str = "fargate_max_memory_gb";
    pub const FARGATE_INCLUDED_STORAGE_GB: &str = "fargate_included_storage_gb";
    pub const FARGATE_MAX_STORAGE_GB: &str = "fargate_max_storage_gb";
    pub const FARGATE_MIN_BILLED_MIN: &str = "fargate_min_billed_min";
    pub const EKS_FARGATE_POD_OVERHEAD_MB: &str = "eks_fargate_pod_overhead_mb";
    pub const APP_RUNNER_MAX_VCPU: &str = "app_runner_max_vcpu";
    pub const APP_RUNNER_MAX_MEMORY_GB: &str = "app_runner_max_memory_gb";
    pub const APP_RUNNER_MAX_INSTANCES: &str = "app_runner_max_instances";
    pub const NODE_RESERVED_GIB: &str = "node_reserved_gib";
    pub const ALB_NEW_CONNECTIONS_PER_LCU: &str = "alb_new_connections_per_lcu";
    pub const ALB_ACTIVE_CONNECTIONS_PER_LCU: &str = "alb_active_connections_per_lcu";
    pub const ALB_PROCESSED_GB_PER_LCU: &str = "alb_processed_gb_per_lcu";
    pub const NLB_TCP_FLOWS_PER_NLCU: &str = "nlb_tcp_flows_per_nlcu";
    pub const NLB_UDP_FLOWS_PER_NLCU: &str = "nlb_udp_flows_per_nlcu";
    pub const NLB_TCP_ACTIVE_FLOWS_PER_NLCU: &str = "nlb_tcp_active_flows_per_nlcu";
    pub const NLB_UDP_ACTIVE_FLOWS_PER_NLCU: &str = "nlb_udp_active_flows_per_nlcu";
    pub const NLB_PROCESSED_GB_PER_NLCU: &str = "nlb_processed_gb_per_nlcu";
    pub const SPOT_WARNING_MIN: &str = "spot_warning_min";
    pub const EC2_ROOT_VOLUME_GB: &str = "ec2_root_volume_gb";
    pub const ECS_ROOT_VOLUME_GB: &str = "ecs_root_volume_gb";
    pub const EKS_ROOT_VOLUME_GB: &str = "eks_root_volume_gb";
    pub const LB_PUBLIC_IPV4_ADDRESSES: &str = "lb_public_ipv4_addresses";
    pub const HA_AVAILABILITY_ZONES: &str = "ha_availability_zones";
    pub const EGRESS_INTERFACE_ENDPOINTS: &str = "egress_interface_endpoints";
    pub const ALB_MAX_RULES: &str = "alb_max_rules";
    pub const ALB_MAX_TARGET_GROUPS: &str = "alb_max_target_groups";
    pub const NLB_MAX_LISTENERS: &str = "nlb_max_listeners";
    pub const ALB_FREE_RULES: &str = "alb_free_rules";
    pub const ALB_RULE_EVALUATIONS_PER_LCU: &str = "alb_rule_evaluations_per_lcu";
    /// The size grids' names (`[size.<name>]` in `rules/facts.toml`).
    pub const FARGATE_SIZES: &str = "fargate";
    pub const APP_RUNNER_SIZES: &str = "app_runner";
}

/// Valid (vCPU, memory) sizes of a service that bills the size you pick: vCPU sizes ascending,
/// each with its memory sizes (GB) ascending.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct SizeGrid(pub Vec<(f64, Vec<f64>)>);

impl SizeGrid {
    /// The smallest size with at least `vcpu` and `memory_gb`, within the caps, if any.
    pub fn fit(&self, vcpu: f64, memory_gb: f64, max_vcpu: f64, max_gb: f64) -> Option<(f64, f64)> {
        self.0
            .iter()
            .filter(|(c, _)| *c >= vcpu && *c <= max_vcpu)
            .find_map(|(c, mems)| {
                mems.iter()
                    .find(|&&m| m >= memory_gb)
                    .filter(|&&m| m <= max_gb)
                    .map(|&m| (*c, m))
            })
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LambdaLimits {
    pub max_duration_min: f64,
    pub max_memory_mb: f64,
    pub min_memory_mb: f64,
    pub mb_per_vcpu: f64,
    /// Concurrent executions per account and Region by default (a quota AWS can raise).
    pub concurrency_quota: f64,
    /// Duration is billed in steps of this many ms, rounded up.
    pub billing_increment_ms: f64,
    /// Ephemeral storage every function has at no charge, MB.
    pub free_storage_mb: f64,
    /// The most ephemeral storage a function can have, MB.
    pub max_storage_mb: f64,
    /// The line item for ephemeral storage above the free amount, written once.
    pub storage_item: String,
    /// API Gateway's HTTP API ends a request after this many seconds (a function URL does not).
    pub http_api_timeout_s: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FargateLimits {
    pub max_vcpu: f64,
    pub max_memory_gb: f64,
    pub included_storage_gb: f64,
    /// The most ephemeral storage one task can have, GB.
    pub max_storage_gb: f64,
    /// The shortest time a task is billed for, minutes (a shorter job run bills this).
    pub min_billed_min: f64,
    /// Memory EKS adds to every Fargate pod before it rounds up to the size grid, GB.
    pub eks_pod_overhead_gb: f64,
    /// The line item for storage above the included amount, written once (it is priced often).
    pub storage_item: String,
    pub sizes: SizeGrid,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppRunnerLimits {
    pub max_vcpu: f64,
    pub max_memory_gb: f64,
    pub max_instances: f64,
    pub sizes: SizeGrid,
}

/// The root volume (GiB of gp3) each service's AMI brings to every VM or node.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RootVolumes {
    /// `ec2` and `elastic_beanstalk` (Amazon Linux 2023).
    pub vm_gb: f64,
    /// `ecs` nodes and `batch` EC2 compute environments (the ECS-optimized AMI).
    pub ecs_gb: f64,
    /// `eks` managed nodes.
    pub eks_gb: f64,
}

/// The counts networking is priced with (spec §3 Networking).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NetworkLimits {
    /// Public IPv4 addresses of one internet-facing load balancer.
    pub lb_addresses: f64,
    /// Availability Zones a highly available workload uses (NAT gateways, endpoint zones).
    pub ha_zones: f64,
    /// Interface endpoints in each Availability Zone with `egress = "endpoints"`.
    pub endpoints_per_zone: f64,
}

/// What one capacity unit of a load balancer covers on each dimension it meters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CapacityUnit {
    /// New connections (flows) per second.
    pub new_per_second: f64,
    /// Active (open) connections or flows.
    pub active: f64,
    /// Processed bytes, GB per hour.
    pub gb_per_hour: f64,
}

/// The capacity units of the Application Load Balancer (LCU) and the Network Load Balancer (NLCU,
/// TCP and UDP).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoadBalancerLimits {
    pub alb: CapacityUnit,
    pub nlb_tcp: CapacityUnit,
    pub nlb_udp: CapacityUnit,
}

/// The facts the cost models use, typed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    pub lambda: LambdaLimits,
    pub fargate: FargateLimits,
    pub app_runner: AppRunnerLimits,
    /// Memory a container node keeps for the OS and the container agent, GiB.
    pub node_reserved_gib: f64,
    /// What one load-balancer capacity unit covers on each dimension.
    pub lb: LoadBalancerLimits,
    /// Minutes of warning before Spot capacity is reclaimed.
    pub spot_warning_min: f64,
    /// The root volume of each service's AMI.
    pub root_volume: RootVolumes,
    pub network: NetworkLimits,
    /// Rules one Application Load Balancer holds (a shared ALB: one per workload).
    pub alb_max_rules: f64,
    /// Target groups one Application Load Balancer has (a shared ALB: one per workload).
    pub alb_max_target_groups: f64,
    /// Listeners one Network Load Balancer has (a shared NLB: one per workload).
    pub nlb_max_listeners: f64,
    /// Rules processed per request that an ALB does not bill.
    pub alb_free_rules: f64,
    /// Rule evaluations per second one ALB capacity unit covers.
    pub alb_rule_evaluations_per_lcu: f64,
    /// The rules with effect `no_spot`: when one holds for a service, that service is priced
    /// without Spot capacity. Filled from the rules files once they load.
    pub spot_refusals: Vec<SpotRefusal>,
}

/// A rule that keeps services off Spot capacity while its condition holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpotRefusal {
    pub rule: String,
    pub services: Vec<crate::service::Service>,
    pub when: super::lowered::Condition,
}

impl Limits {
    /// Whether `service` may be priced on Spot capacity for `w`: no `no_spot` rule for it holds.
    /// The ranking reads the same answer from its evaluation of the rules; this is for callers
    /// that price one service without one.
    pub fn spot_allowed(
        &self,
        service: crate::service::Service,
        w: &crate::workload::Workload,
    ) -> bool {
        // Only the attributes each condition reads are computed.
        !self
            .spot_refusals
            .iter()
            .filter(|r| r.services.contains(&service))
            .any(|r| {
                r.when
                    .holds_with(&|i| super::attributes::number(i as usize, w, self))
            })
    }

    /// Reads the typed limits from the facts and size grids; every missing fact or grid, or a fact
    /// that is not a number, is one message (naming it and what it should be).
    pub(super) fn build(
        facts: &BTreeMap<String, Fact>,
        grids: &BTreeMap<String, SizeGrid>,
    ) -> Result<Self, Vec<String>> {
        let mut missing = Vec::new();
        let mut num = |id: &str| match facts.get(id).map(|f| &f.value) {
            Some(Value::Num(x)) if x.is_finite() && *x > 0.0 => *x,
            Some(_) => {
                missing.push(format!(
                    "fact `{id}` must be a positive number: the cost models use it"
                ));
                f64::NAN
            }
            None => {
                missing.push(format!(
                    "fact `{id}` is missing: the cost models use it (see the bundled rules/facts.toml)"
                ));
                f64::NAN
            }
        };
        let lambda = LambdaLimits {
            max_duration_min: num(ids::LAMBDA_MAX_DURATION_MIN),
            max_memory_mb: num(ids::LAMBDA_MAX_MEMORY_MB),
            min_memory_mb: num(ids::LAMBDA_MIN_MEMORY_MB),
            mb_per_vcpu: num(ids::LAMBDA_MB_PER_VCPU),
            concurrency_quota: num(ids::LAMBDA_CONCURRENCY_QUOTA),
            billing_increment_ms: num(ids::LAMBDA_BILLING_INCREMENT_MS),
            free_storage_mb: num(ids::LAMBDA_FREE_STORAGE_MB),
            max_storage_mb: num(ids::LAMBDA_MAX_STORAGE_MB),
            storage_item: String::new(),
            http_api_timeout_s: num(ids::API_GATEWAY_HTTP_TIMEOUT_S),
        };
        let fargate = (
            num(ids::FARGATE_MAX_VCPU),
            num(ids::FARGATE_MAX_MEMORY_GB),
            num(ids::FARGATE_INCLUDED_STORAGE_GB),
        );
        let fargate_billing = (
            num(ids::FARGATE_MAX_STORAGE_GB),
            num(ids::FARGATE_MIN_BILLED_MIN),
            num(ids::EKS_FARGATE_POD_OVERHEAD_MB) / 1_024.0,
        );
        let app_runner = (
            num(ids::APP_RUNNER_MAX_VCPU),
            num(ids::APP_RUNNER_MAX_MEMORY_GB),
            num(ids::APP_RUNNER_MAX_INSTANCES),
        );
        let node_reserved_gib = num(ids::NODE_RESERVED_GIB);
        let lb = LoadBalancerLimits {
            alb: CapacityUnit {
                new_per_second: num(ids::ALB_NEW_CONNECTIONS_PER_LCU),
                active: num(ids::ALB_ACTIVE_CONNECTIONS_PER_LCU),
                gb_per_hour: num(ids::ALB_PROCESSED_GB_PER_LCU),
            },
            nlb_tcp: CapacityUnit {
                new_per_second: num(ids::NLB_TCP_FLOWS_PER_NLCU),
                active: num(ids::NLB_TCP_ACTIVE_FLOWS_PER_NLCU),
                gb_per_hour: num(ids::NLB_PROCESSED_GB_PER_NLCU),
            },
            nlb_udp: CapacityUnit {
                new_per_second: num(ids::NLB_UDP_FLOWS_PER_NLCU),
                active: num(ids::NLB_UDP_ACTIVE_FLOWS_PER_NLCU),
                gb_per_hour: num(ids::NLB_PROCESSED_GB_PER_NLCU),
            },
        };
        let spot_warning_min = num(ids::SPOT_WARNING_MIN);
        let network = NetworkLimits {
            lb_addresses: num(ids::LB_PUBLIC_IPV4_ADDRESSES),
            ha_zones: num(ids::HA_AVAILABILITY_ZONES),
            endpoints_per_zone: num(ids::EGRESS_INTERFACE_ENDPOINTS),
        };
        let root_volume = RootVolumes {
            vm_gb: num(ids::EC2_ROOT_VOLUME_GB),
            ecs_gb: num(ids::ECS_ROOT_VOLUME_GB),
            eks_gb: num(ids::EKS_ROOT_VOLUME_GB),
        };
        let alb_max_rules = num(ids::ALB_MAX_RULES);
        let alb_max_target_groups = num(ids::ALB_MAX_TARGET_GROUPS);
        let nlb_max_listeners = num(ids::NLB_MAX_LISTENERS);
        let alb_free_rules = num(ids::ALB_FREE_RULES);
        let alb_rule_evaluations_per_lcu = num(ids::ALB_RULE_EVALUATIONS_PER_LCU);
        let mut grid = |name: &str| {
            grids.get(name).cloned().unwrap_or_else(|| {
                missing.push(format!(
                    "size grid `size.{name}` is missing: the cost models use it (see the bundled rules/facts.toml)"
                ));
                SizeGrid::default()
            })
        };
        let fargate_sizes = grid(ids::FARGATE_SIZES);
        let app_runner_sizes = grid(ids::APP_RUNNER_SIZES);
        if !missing.is_empty() {
            return Err(missing);
        }
        let lambda = LambdaLimits {
            storage_item: format!(
                "Lambda ephemeral storage above {} MB",
                crate::output::format::number(lambda.free_storage_mb)
            ),
            ..lambda
        };
        Ok(Self {
            lambda,
            fargate: FargateLimits {
                max_vcpu: fargate.0,
                max_memory_gb: fargate.1,
                included_storage_gb: fargate.2,
                max_storage_gb: fargate_billing.0,
                min_billed_min: fargate_billing.1,
                eks_pod_overhead_gb: fargate_billing.2,
                storage_item: format!(
                    "Fargate ephemeral storage above {} GB",
                    crate::cost::trim(fargate.2)
                ),
                sizes: fargate_sizes,
            },
            app_runner: AppRunnerLimits {
                max_vcpu: app_runner.0,
                max_memory_gb: app_runner.1,
                max_instances: app_runner.2,
                sizes: app_runner_sizes,
            },
            node_reserved_gib,
            lb,
            spot_warning_min,
            root_volume,
            network,
            alb_max_rules,
            alb_max_target_groups,
            nlb_max_listeners,
            alb_free_rules,
            alb_rule_evaluations_per_lcu,
            spot_refusals: Vec::new(),
        })
    }

    /// The memory setting, MB, that gives Lambda `vcpu` and `memory_gb`, before the cap:
    /// `max(memory_gb × 1024, vcpu × mb_per_vcpu)` rounded up to a whole MB, at least the minimum.
    pub fn lambda_memory_mb(&self, vcpu: f64, memory_gb: f64) -> f64 {
        (memory_gb * 1_024.0)
            .max(vcpu * self.lambda.mb_per_vcpu)
            .ceil()
            .max(self.lambda.min_memory_mb)
    }

    /// The smallest valid Fargate size (vCPU, GB) that holds `vcpu` and `memory_gb`, if any.
    pub fn fargate_size(&self, vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
        let f = &self.fargate;
        f.sizes.fit(vcpu, memory_gb, f.max_vcpu, f.max_memory_gb)
    }

    /// The smallest valid App Runner size (vCPU, GB) that holds `vcpu` and `memory_gb`, if any.
    pub fn app_runner_size(&self, vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
        let a = &self.app_runner;
        a.sizes.fit(vcpu, memory_gb, a.max_vcpu, a.max_memory_gb)
    }
}

#[cfg(test)]
mod tests {
    use crate::cost::testing::limits;

    #[test]
    fn fargate_rounds_up_to_valid_sizes() {
        let fargate_size = |c, m| limits().fargate_size(c, m);
        assert_eq!(fargate_size(0.25, 0.5), Some((0.25, 0.5)));
        assert_eq!(fargate_size(0.1, 0.1), Some((0.25, 0.5)));
        // 0.25 vCPU allows at most 2 GB, so 3 GB needs the 0.5 vCPU size.
        assert_eq!(fargate_size(0.25, 3.0), Some((0.5, 3.0)));
        assert_eq!(fargate_size(1.0, 2.5), Some((1.0, 3.0)));
        assert_eq!(fargate_size(1.5, 2.0), Some((2.0, 4.0)));
        assert_eq!(fargate_size(4.0, 30.0), Some((4.0, 30.0)));
        // 8 vCPU memory goes in 4 GB steps from 16: 17 GB rounds to 20.
        assert_eq!(fargate_size(8.0, 17.0), Some((8.0, 20.0)));
        // 16 vCPU memory goes in 8 GB steps from 32: 33 GB rounds to 40.
        assert_eq!(fargate_size(16.0, 33.0), Some((16.0, 40.0)));
        assert_eq!(fargate_size(16.0, 120.0), Some((16.0, 120.0)));
        assert_eq!(fargate_size(16.0, 121.0), None);
        assert_eq!(fargate_size(16.5, 1.0), None);
    }

    #[test]
    fn app_runner_rounds_up_to_valid_sizes() {
        let app_runner_size = |c, m| limits().app_runner_size(c, m);
        assert_eq!(app_runner_size(0.25, 0.5), Some((0.25, 0.5)));
        assert_eq!(app_runner_size(0.25, 2.0), Some((1.0, 2.0)));
        assert_eq!(app_runner_size(1.0, 2.5), Some((1.0, 3.0)));
        assert_eq!(app_runner_size(2.0, 5.0), Some((2.0, 6.0)));
        assert_eq!(app_runner_size(2.0, 7.0), Some((4.0, 8.0)));
        assert_eq!(app_runner_size(4.0, 12.0), Some((4.0, 12.0)));
        assert_eq!(app_runner_size(4.0, 12.5), None);
        assert_eq!(app_runner_size(4.5, 1.0), None);
    }

    #[test]
    fn the_limit_facts_cap_the_grid() {
        // With Fargate capped at 8 vCPU / 60 GB, 16 vCPU and 64 GB no longer fit.
        let mut l = limits().clone();
        l.fargate.max_vcpu = 8.0;
        l.fargate.max_memory_gb = 60.0;
        assert_eq!(l.fargate_size(8.0, 60.0), Some((8.0, 60.0)));
        assert_eq!(l.fargate_size(9.0, 1.0), None);
        assert_eq!(l.fargate_size(8.0, 61.0), None);
    }
}
